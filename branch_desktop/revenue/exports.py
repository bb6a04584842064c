"""The employer's statement written out: CSV (plain figures, the pack's calendar) and an Excel
workbook (typed money cells, bold frozen headers, column widths, right-to-left sheets in Persian)."""

from __future__ import annotations

import csv
import io

from branch_desktop.core.branch import BranchContext
from branch_desktop.revenue.types import Statement


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

    from branch_desktop.core.i18n import translate_to

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


