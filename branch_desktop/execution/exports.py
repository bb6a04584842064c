"""Execution files out: the ageing report per employer and the day's seizure requests as Excel
(through printing.xlsx: typed cells, frozen header, formulas for the totals, right-to-left sheets
for Persian)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal

from branch_desktop.core.i18n import current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.money import Currency
from branch_desktop.execution.types import AGE_LABELS, Debtor, SeizureView


def ageing_xlsx(rows: Sequence[tuple[Debtor, Sequence[Decimal]]], digits: int) -> bytes:
    """One row per employer: file number, name, each age bucket, the total overdue."""
    from branch_desktop.printing.xlsx import save, table_xlsx

    kinds = ("text", "text", *("money",) * (len(AGE_LABELS) + 1))
    wb, _sheet = table_xlsx(
        _("Debtors"), current_language(), Currency("", digits), heading=[],
        headings=[_("Employer file"), _("Employer"), *(_(label) for label in AGE_LABELS), _("Total")],
        widths=[24, 36, *(16,) * (len(AGE_LABELS) + 1)], kinds=kinds,
        rows=[[debtor.file_no, debtor.name, *buckets, sum(buckets, Decimal(0))] for debtor, buckets in rows],
        total=_("Total"))
    return save(wb)


def seizures_xlsx(rows: Sequence[SeizureView], digits: int, date_text: Callable[[dt.date], str] = str) -> bytes:
    """The day's seizure requests: number, date (``date_text``: the pack's calendar), bank, order,
    employer, amount; a total formula."""
    from branch_desktop.printing.xlsx import save, table_xlsx

    wb, _sheet = table_xlsx(
        _("Seizure requests"), current_language(), Currency("", digits), heading=[],
        headings=[_("Number"), _("Date"), _("Bank"), _("Enforcement order"), _("Employer file"), _("Employer"),
                  _("Amount")],
        widths=[14, 12, 30, 14, 16, 36, 18], kinds=("text",) * 6 + ("money",),
        rows=[[r.number, date_text(r.requested_on), r.bank, r.order_number, r.file_no, r.name, r.amount]
              for r in rows],
        total=_("Total"))
    return save(wb)
