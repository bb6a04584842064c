"""The employer's statement written out: CSV (plain figures, the pack's calendar) and an Excel
workbook (typed money cells, bold frozen headers, column widths, right-to-left sheets in Persian)."""

from __future__ import annotations

import csv
import io

from branch_desktop.core.branch import BranchContext
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


def statement_xlsx(ctx: BranchContext, st: Statement, lang: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    def _(m: str) -> str:
        return translate_to(lang, m)

    cur, cal = ctx.pack.currency, ctx.pack.calendar
    fmt = "#,##0" + ("." + "0" * cur.minor_digits if cur.minor_digits else "")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Statement")[:31]
    if lang == "fa":
        ws.sheet_view.rightToLeft = True
    ws.append([_("Employer account statement")])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([_("File no."), st.employer.file_no, _("Employer"), st.employer.name])
    ws.append([_("Balance owed"), cur.from_minor(st.balance)])
    ws.append([])
    ws.append([_("Date"), _("Description"), _("Reference"), _("Month"), _("Debit"), _("Credit"), _("Balance")])
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    ws.freeze_panes = ws.cell(row=ws.max_row + 1, column=1)
    for x in st.lines:
        ws.append([cal.format(x.day), x.text, x.reference, str(x.month or ""), cur.from_minor(x.debit),
                   cur.from_minor(x.credit), cur.from_minor(x.balance)])
        for c in ws[ws.max_row][4:7]:
            c.number_format = fmt
    ms = wb.create_sheet(_("By month")[:31])
    if lang == "fa":
        ms.sheet_view.rightToLeft = True
    ms.append([_("Month"), _("Accrued"), _("Paid"), _("Owed")])
    for c in ms[1]:
        c.font = Font(bold=True)
    ms.freeze_panes = "A2"
    for m in st.months:
        ms.append([str(m.month), cur.from_minor(m.accrued), cur.from_minor(m.paid), cur.from_minor(m.balance)])
        for c in ms[ms.max_row][1:4]:
            c.number_format = fmt
    ms.append([_("Unallocated payments"), None, cur.from_minor(st.unallocated), None])
    for sheet, widths in ((ws, (12, 48, 16, 10, 16, 16, 16)), (ms, (22, 16, 16, 16))):
        for i, w in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + i)].width = w
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()




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
        widths=[16, 16, 36, 14, 8, 18, 18], kinds=DAY_CLOSE_KINDS, rows=rows, total=_("Total"))
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
