"""Execution files out: the ageing report per employer and the day's seizure requests as Excel
(typed cells, frozen header, formulas for the totals, right-to-left sheets for Persian)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from decimal import Decimal

from branch_desktop.core.i18n import current_language, is_rtl
from branch_desktop.core.i18n import gettext as _
from branch_desktop.execution.types import AGE_LABELS, Debtor, SeizureView


def ageing_xlsx(rows: Sequence[tuple[Debtor, Sequence[Decimal]]], digits: int) -> bytes:
    """One row per employer: file number, name, each age bucket, the total overdue."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Debtors")[:31]
    ws.sheet_view.rightToLeft = is_rtl(current_language())
    ws.append([_("Employer file"), _("Employer"), *(_(label) for label in AGE_LABELS), _("Total")])
    for debtor, buckets in rows:
        ws.append([debtor.file_no, debtor.name, *buckets, sum(buckets, Decimal(0))])
    last = ws.max_row
    ws.append([_("Total"), None, *(f"=SUM({get_column_letter(c)}2:{get_column_letter(c)}{last})"
                                   for c in range(3, 3 + len(AGE_LABELS) + 1))])
    ws.freeze_panes = "A2"
    money = "#,##0" if digits == 0 else "#,##0." + "0" * digits
    for col, width in enumerate((24, 36, *(16,) * (len(AGE_LABELS) + 1)), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    for row in ws.iter_rows(min_row=2, min_col=3):
        for cell in row:
            cell.number_format = money
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def seizures_xlsx(rows: Sequence[SeizureView], digits: int, date_text: Callable[[dt.date], str] = str) -> bytes:
    """The day's seizure requests: number, date (``date_text``: the pack's calendar), bank, order,
    employer, amount; a total formula."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Seizure requests")[:31]
    ws.sheet_view.rightToLeft = is_rtl(current_language())
    ws.append([_("Number"), _("Date"), _("Bank"), _("Enforcement order"), _("Employer file"), _("Employer"),
               _("Amount")])
    for r in rows:
        ws.append([r.number, date_text(r.requested_on), r.bank, r.order_number, r.file_no, r.name, r.amount])
    ws.append([_("Total"), None, None, None, None, None, f"=SUM(G2:G{ws.max_row})"])
    ws.freeze_panes = "A2"
    for col, width in zip("ABCDEFG", (14, 12, 30, 14, 16, 36, 18), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2, min_col=7, max_col=7):
        row[0].number_format = "#,##0" if digits == 0 else "#,##0." + "0" * digits
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
