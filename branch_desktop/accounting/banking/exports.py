"""Banking reports as Excel (through printing.xlsx: money as amounts in the currency's format, dates
as dates, totals and the reconciliation's adjusted balances as formulas, frozen headers, right to
left in Persian): the bank reconciliation, the 10-day revenue balance and the monthly payment report
of legal-obligation cheques."""

from __future__ import annotations

from branch_desktop.accounting.banking.types import BookItemView, PaymentReport, Reconciliation, TenDayReport
from branch_desktop.core.calendar import Calendar
from branch_desktop.core.i18n import translate_to
from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.core.money import Currency
from branch_desktop.printing.xlsx import Sheet, save, table_xlsx

ITEM_KINDS = ("date", "text", "text", "text", "money")


def _currency(info: BranchInfo) -> Currency:
    return Currency(info.currency_code, info.currency_digits)


def reconciliation_xlsx(rec: Reconciliation, info: BranchInfo, lang: str) -> bytes:
    """The summary (the adjusted balances and the difference as formulas of the figures above
    them), then one sheet per kind of open item, each with its total as a formula."""
    def _(message: str) -> str:
        return translate_to(lang, message)

    f, acc = rec.figures, rec.account
    wb, sheet = table_xlsx(
        _("Bank reconciliation"), lang, _currency(info),
        calendar=Calendar(info.calendar),
        heading=[[_("Bank reconciliation"), str(rec.period), rec.start, rec.end], [info.organisation, info.name],
                 [_("Bank account"), acc.code, acc.name, acc.bank], [_("IBAN"), acc.iban, _("Ledger account"),
                                                                      acc.ledger_code]],
        headings=[_("Item"), _("Amount")], widths=[60, 20], kinds=("text", "money"),
        rows=[[_("Balance per bank statement"), f.statement_balance],
              [_("Less: outstanding cheques ({count})").format(count=len(rec.outstanding_cheques)),
               -f.outstanding_cheques],
              [_("Add: deposits in transit ({count})").format(count=len(rec.deposits_in_transit)),
               f.deposits_in_transit]])
    first = sheet.first_data
    sheet.row([_("Adjusted bank balance"), f"=SUM(B{first}:B{first + 2})"], ("text", "money"), bold=True)
    sheet.row([_("Balance per books"), f.book_balance], ("text", "money"))
    sheet.row([_("Add: other items on the statement, not in the books ({count})").format(
        count=len(rec.unmatched_statement)), f.other_items], ("text", "money"))
    sheet.row([_("Adjusted book balance"), f"=B{first + 4}+B{first + 5}"], ("text", "money"), bold=True)
    sheet.row([_("Difference"), f"=B{first + 3}-B{first + 6}"], ("text", "money"), bold=True)
    sheet.ws.append([])
    sheet.ws.append([_("Reconciled and locked by {user} on {date}.").format(
        user=rec.locked_by, date=rec.locked_at.isoformat(sep=" ", timespec="minutes") if rec.locked_at else "")
        if rec.locked else _("Not locked: the reconciliation of this month is still open.")])

    def book_sheet(title: str, items: tuple[BookItemView, ...]) -> None:
        s = Sheet(wb, title, lang, sheet.cur)
        s.header([_("Date"), _("Reference"), _("Entry"), _("Description"), _("Amount")], [12, 18, 16, 48, 18])
        for b in items:
            s.row([b.day, b.reference, b.number, b.description, abs(b.amount)], ITEM_KINDS)
        s.totals(_("Total"), ITEM_KINDS)

    book_sheet(_("Outstanding cheques and payments"), rec.outstanding_cheques)
    book_sheet(_("Deposits in transit"), rec.deposits_in_transit)
    other = Sheet(wb, _("Other items: statement lines not in the books"), lang, sheet.cur)
    other.header([_("Date"), _("Reference"), _("Counterparty"), _("Description"), _("Amount")], [12, 18, 28, 48, 18])
    for x in rec.unmatched_statement:
        other.row([x.day, x.reference, x.counterparty, x.description, x.amount], ITEM_KINDS)
    other.totals(_("Total"), ITEM_KINDS)
    return save(wb)


TEN_DAY_KINDS = ("text", "date", "date", "money", "money", "money", "money")


def ten_day_xlsx(report: TenDayReport, info: BranchInfo, lang: str) -> bytes:
    """The three ten-day spans (each closing balance a formula of its row), then the month: its
    receipts and payments as sums, its opening the first span's and its closing the last's."""
    def _(message: str) -> str:
        return translate_to(lang, message)

    acc = report.account
    labels = {1: _("Days 1-10"), 2: _("Days 11-20"), 3: _("Days 21-end")}
    wb, sheet = table_xlsx(
        _("Revenue account balance by ten days"), lang, _currency(info),
        calendar=Calendar(info.calendar),
        heading=[[_("Revenue account balance by ten days"), str(report.period)], [info.organisation, info.name],
                 [_("Bank account"), acc.code, acc.name, acc.bank], [_("IBAN"), acc.iban, _("Ledger account"),
                                                                      acc.ledger_code]],
        headings=[_("Ten days"), _("From"), _("To"), _("Opening balance"), _("Receipts"), _("Payments"),
                  _("Closing balance")],
        widths=[16, 12, 12, 20, 20, 20, 20], kinds=TEN_DAY_KINDS, rows=[])
    for r in report.rows:
        n = sheet.ws.max_row + 1
        sheet.row([labels[r.span], r.start, r.end, r.opening, r.debit, r.credit, f"=D{n}+E{n}-F{n}"], TEN_DAY_KINDS)
    if report.rows:
        first, last = sheet.first_data, sheet.ws.max_row
        n = last + 1
        sheet.row([_("Month"), report.rows[0].start, report.rows[-1].end, f"=D{first}", f"=SUM(E{first}:E{last})",
                   f"=SUM(F{first}:F{last})", f"=D{n}+E{n}-F{n}"], TEN_DAY_KINDS, bold=True)
    return save(wb)


PAYMENT_KINDS = ("number", "date", "text", "text", "text", "text", "text", "money")


def payment_report_xlsx(report: PaymentReport, info: BranchInfo, lang: str) -> bytes:
    """One cheque a row (its number a number, its date a date, its amount money), the total as a
    formula; then the totals by benefit (SUMIF/COUNTIF over the cheques) and the spoiled cheques."""
    def _(message: str) -> str:
        return translate_to(lang, message)

    wb, sheet = table_xlsx(
        _("Payment report"), lang, _currency(info),
        calendar=Calendar(info.calendar),
        heading=[[info.organisation, info.name], [_("Legal-obligation cheques: monthly payment report"),
                                                  str(report.period)]],
        headings=[_("Cheque no."), _("Date"), _("Payee"), _("Insured person no."), _("Benefit"), _("Period"),
                  _("Payment document"), _("Amount")],
        widths=[12, 12, 28, 16, 30, 10, 18, 18], kinds=PAYMENT_KINDS,
        rows=[[c.number, c.issue_date, c.payee, c.document.insured_id if c.document else "", c.benefit_name(lang),
               c.document.period if c.document else "", c.document.reference if c.document else "", c.amount]
              for c in report.cheques], total=_("Total"))
    first, last = sheet.first_data, sheet.first_data + len(report.cheques) - 1
    ref = "'" + sheet.ws.title.replace("'", "''") + "'"
    by = Sheet(wb, _("Totals by benefit"), lang, sheet.cur)
    by.header([_("Benefit"), _("Cheques"), _("Amount")], [36, 10, 18])
    names = sorted({c.benefit_name(lang) for c in report.cheques})
    for name in names:
        n = by.ws.max_row + 1
        by.row([name, f"=COUNTIF({ref}!E{first}:E{last},A{n})", f"=SUMIF({ref}!E{first}:E{last},A{n},{ref}!H{first}:H{last})"],
               ("text", "number", "money"))
    by.totals(_("Total"), ("text", "number", "money"), ("number", "money"))
    if report.spoiled:
        spoiled = Sheet(wb, _("Spoiled cheques"), lang, sheet.cur)
        spoiled.header([_("Cheque no."), _("Date"), _("Reason")], [12, 12, 60])
        for c in report.spoiled:
            spoiled.row([c.number, c.issue_date, c.spoiled_reason], ("number", "date", "text"))
    return save(wb)
