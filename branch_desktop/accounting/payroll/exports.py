"""Payroll reports as Excel (through printing.xlsx): the loan-fund member's statement, its running
balances as formulas of the rows above them. The bank list's workbook is written by
``services.payslips`` (the bank's own file)."""

from __future__ import annotations

from branch_desktop.accounting.payroll.types import MemberStatement
from branch_desktop.core.calendar import Calendar
from branch_desktop.core.i18n import translate_to
from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.core.money import Currency

STATEMENT_KINDS = ("date", "text", "money", "money", "money", "money")


def member_statement_xlsx(st: MemberStatement, info: BranchInfo, lang: str) -> bytes:
    """Contributions and loans a row each, the contribution balance running from the opening
    balance and the loan balance from zero (formulas), then the sums of both columns."""
    from branch_desktop.printing.xlsx import save, table_xlsx

    def _(message: str) -> str:
        return translate_to(lang, message)

    cur = Currency(info.currency_code, info.currency_digits)
    wb, sheet = table_xlsx(
        _("Loan fund member statement"), lang, cur,
        calendar=Calendar(info.calendar),
        heading=[[_("Loan fund member statement"), st.name], [info.organisation, info.name],
                 [_("Personnel no."), st.personnel_no, _("National id"), st.national_id],
                 [_("Opening balance"), cur.from_minor(st.opening)]],
        headings=[_("Date"), _("Description"), _("Contribution"), _("Contribution balance"), _("Loan"),
                  _("Loan balance")],
        widths=[12, 48, 16, 20, 16, 20], kinds=STATEMENT_KINDS, rows=[])
    for line in st.lines:
        n = sheet.ws.max_row + 1
        before = "B4" if n == sheet.first_data else f"D{n - 1}"
        loan_before = "0" if n == sheet.first_data else f"F{n - 1}"
        sheet.row([line.day, _(line.text).format(value=line.value), line.contribution or None, f"={before}+C{n}",
                   line.loan or None, f"={loan_before}+E{n}"], STATEMENT_KINDS)
    sheet.totals(_("Total"), ("text", "text", "money", "text", "money", "text"))
    return save(wb)
