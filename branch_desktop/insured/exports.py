"""Insured-affairs files out: the service record as CSV and Excel (typed cells, frozen header,
right-to-left sheets for Persian)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from branch_desktop.core.calendar import Calendar
from branch_desktop.core.i18n import current_language, translate_to
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.core.money import Currency
from branch_desktop.insured.types import PersonView, ServiceMonth, TransferListView


def _header() -> list[str]:
    return [_("Year"), _("Month"), _("Employer file"), _("Employer"), _("Days"), _("Earnings")]


def service_record_csv(months: Sequence[ServiceMonth]) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(_header())
    for m in months:
        w.writerow([m.year, m.month, m.employer_file_no, m.employer_name, m.days, format(m.wage, "f")])
    return out.getvalue()


def service_record_xlsx(person: PersonView, months: Sequence[ServiceMonth], cur: Currency | None = None,
                        calendar: Calendar | None = None) -> bytes:
    """The declared months (year and month as numbers, days and earnings summed by formulas) under
    the person's name; earnings in the currency's format (two decimals when none is given)."""
    from branch_desktop.printing.xlsx import save, table_xlsx

    kinds = ("number", "number", "text", "text", "days", "money")
    wb, sheet = table_xlsx(
        _("Service record"), current_language(), cur or Currency("", 2),
        calendar=calendar,
        heading=[[_("Service record"), f"{person.first_name} {person.last_name}", person.national_id]],
        headings=_header(), widths=[8, 7, 22, 36, 8, 16], kinds=kinds,
        rows=[[m.year, m.month, m.employer_file_no, m.employer_name, m.days, m.wage] for m in months])
    sheet.totals(_("Total"), kinds, ("days", "money"))
    return save(wb)


def _transfer_header() -> list[str]:
    return [_("Line"), _("Payee"), _("National id"), _("IBAN"), _("Amount"), _("Reference")]


def transfer_list_csv(view: TransferListView) -> str:
    """The bank's file of a transfer list: one payee a row, amounts as plain decimals."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(_transfer_header())
    for line in view.lines:
        w.writerow([line.line_no, line.payee, line.national_id, line.iban, format(line.amount, "f"), line.reference])
    return out.getvalue()


def transfer_list_xlsx(view: TransferListView, cur: Currency | None = None, calendar: Calendar | None = None) -> bytes:
    """The transfer list as a workbook (printing.xlsx): its number, account and date above, one payee
    a row, amounts as numbers in the currency's format and their total a formula."""
    from branch_desktop.printing.xlsx import save, table_xlsx

    wb, _sheet = table_xlsx(
        _("Transfer list"), current_language(), cur or Currency("", 2),
        calendar=calendar,
        heading=[[_("Transfer list"), view.number], [view.bank_name, view.bank_account_code, view.bank_iban],
                 [_("Date"), view.list_date]],
        headings=_transfer_header(), widths=[6, 30, 14, 32, 16, 22],
        kinds=("number", "text", "text", "text", "money", "text"),
        rows=[[line.line_no, line.payee, line.national_id, line.iban, line.amount, line.reference]
              for line in view.lines], total=_("Total"))
    return save(wb)


def income_test_xlsx(result: dict[str, Any], household: Sequence[dict[str, Any]], info: BranchInfo,
                     lang: str) -> bytes:
    """The health-insurance income test: the household's incomes (their sum a formula), the
    per-capita income, the bracket and the premium as typed cells, then the calculation trace."""
    from branch_desktop.insured.documents import trace_reader
    from branch_desktop.printing.base import PrintContext
    from branch_desktop.printing.xlsx import Sheet, save, table_xlsx

    def _(message: str) -> str:
        return translate_to(lang, message)

    reader = trace_reader(PrintContext.create(info, lang))
    cur = Currency(info.currency_code, info.currency_digits)
    wb, sheet = table_xlsx(
        _("Health-insurance income test"), lang, cur,
        calendar=Calendar(info.calendar),
        heading=[[_("Health-insurance income test")], [info.organisation, info.name],
                 [_("Per-capita income"), Decimal(str(result["per_capita_income"]))],
                 [_("Bracket"), result["bracket"]],
                 [_("Monthly premium"), Decimal(str(result["premium"]))]],
        headings=[_("Relation"), _("Monthly income")], widths=[36, 20], kinds=("text", "money"),
        rows=[[reader.label(str(m.get("relation", ""))), Decimal(str(m.get("monthly_income", "0")))]
              for m in household], total=_("Total"))
    trace = Sheet(wb, _("How it was computed"), lang, cur)
    trace.header([_("Step"), _("Value"), _("Legal source")], [40, 24, 60])
    for step in result["trace"]:
        trace.row(list(reader.step(step)), ("text", "text", "text"))
    return save(wb)
