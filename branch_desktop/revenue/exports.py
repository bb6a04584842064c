"""The employer's statement written out: CSV (plain figures, the pack's calendar) and an Excel
workbook (typed money cells, bold frozen headers, column widths, right-to-left sheets in Persian)."""

from __future__ import annotations

import csv
import io

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import Calendar
from branch_desktop.core.i18n import translate_to
from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.core.money import Currency
from branch_desktop.revenue.states import ReceiptKind
from branch_desktop.revenue.types import METHOD_LABELS, DaySummary, Statement


def statement_csv(ctx: BranchContext, st: Statement) -> str:
    cur, cal = ctx.pack.currency, ctx.pack.calendar
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["date", "kind", "description", "reference", "month", "debit", "credit", "balance"])
    for x in st.lines:
        w.writerow([cal.format(x.day), x.kind, x.text, x.reference, str(x.month or ""), cur.plain(x.debit),
                    cur.plain(x.credit), cur.plain(x.balance)])
    return buf.getvalue()


STATEMENT_KINDS = ("date", "text", "text", "text", "money", "money", "money")
MONTH_KINDS = ("text", "money", "money", "money")


def statement_xlsx(ctx: BranchContext, st: Statement, lang: str) -> bytes:
    """The statement's lines (dates as dates, amounts as money, debits and credits summed by
    formulas), then its months (accrued, paid and owed summed) and the unallocated payments."""
    from branch_desktop.printing.xlsx import Sheet, save, table_xlsx

    def _(m: str) -> str:
        return translate_to(lang, m)

    cur = ctx.pack.currency
    wb, sheet = table_xlsx(
        _("Statement"), lang, cur,
        heading=[[_("Employer account statement")], [_("File no."), st.employer.file_no, _("Employer"),
                                                     st.employer.name],
                 [_("Balance owed"), cur.from_minor(st.balance)]],
        headings=[_("Date"), _("Description"), _("Reference"), _("Month"), _("Debit"), _("Credit"), _("Balance")],
        widths=[12, 48, 16, 10, 16, 16, 16], kinds=STATEMENT_KINDS,
        rows=[[x.day, x.text, x.reference, str(x.month or ""), x.debit, x.credit, x.balance] for x in st.lines],
        calendar=ctx.pack.calendar)
    sheet.totals(_("Total"), STATEMENT_KINDS[:-1] + ("text",))
    ms = Sheet(wb, _("By month"), lang, cur)
    ms.header([_("Month"), _("Accrued"), _("Paid"), _("Owed")], [22, 16, 16, 16])
    for m in st.months:
        ms.row([str(m.month), m.accrued, m.paid, m.balance], MONTH_KINDS)
    ms.totals(_("Total"), MONTH_KINDS)
    ms.row([_("Unallocated payments"), None, st.unallocated, None], MONTH_KINDS)
    return save(wb)


DAY_CLOSE_KINDS = ("text", "text", "text", "text", "text", "text", "money")


def day_close_xlsx(summary: DaySummary, info: BranchInfo, lang: str) -> bytes:
    """A clerk's counter day: one receipt a row (a void as a negative amount), the net total as a
    formula, then the totals by method (each a SUMIF over the receipts' methods)."""
    from branch_desktop.printing.xlsx import Sheet, save, table_xlsx

    def _(message: str) -> str:
        return translate_to(lang, message)

    status = _("Closed") if summary.closed else _("Open (not closed yet)")
    rows = [[r.display_number, r.file_no, r.employer_name,
             _(METHOD_LABELS[r.method]), _("void") if r.kind == ReceiptKind.VOID else "", r.reference,
             r.amount if r.kind == ReceiptKind.PAYMENT else -r.amount]
            for r in summary.receipts]
    wb, sheet = table_xlsx(
        _("Counter day close"), lang, Currency(info.currency_code, info.currency_digits),
        heading=[[_("Counter day close"), summary.day], [info.organisation, info.name],
                 [_("Clerk"), summary.clerk_name, _("Status"), status],
                 [_("Receipts"), len(summary.payments), _("Voids"), len(summary.voids)]],
        headings=[_("Receipt no."), _("File no."), _("Employer"), _("Method"), _("Void"), _("Reference"),
                  _("Amount")],
        widths=[16, 16, 36, 14, 8, 18, 18], kinds=DAY_CLOSE_KINDS, rows=rows, total=_("Total"),
        calendar=Calendar(info.calendar))
    methods = Sheet(wb, _("Totals by method"), lang, sheet.cur)
    methods.header([_("Method"), _("Amount")], [24, 18])
    ref = "'" + sheet.ws.title.replace("'", "''") + "'"
    first, last = sheet.first_data, sheet.first_data + len(rows) - 1
    for m in summary.total_by_method():
        label = _(METHOD_LABELS[m])
        n = methods.ws.max_row + 1
        methods.row([label, f"=SUMIF({ref}!D{first}:D{last},A{n},{ref}!G{first}:G{last})"
                     if rows else 0], ("text", "money"))
    methods.totals(_("Total"), ("text", "money"))
    return save(wb)
