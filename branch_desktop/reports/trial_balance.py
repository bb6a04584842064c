"""The trial balance as an Excel workbook."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from branch_desktop.core.i18n import translate_to
from branch_desktop.core.ledger.types import BranchInfo, TrialBalance
from branch_desktop.core.money import Currency


def trial_balance_xlsx(tb: TrialBalance, info: BranchInfo, lang: str) -> bytes:
    cur = Currency(info.currency_code, info.currency_digits)
    t = translate_to
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = t(lang, "Trial balance")[:31]
    ws.sheet_view.rightToLeft = lang == "fa"
    ws.append([info.organisation, info.name])
    ws.append([t(lang, "Trial balance"), str(tb.period)])
    ws.append([])
    header = [t(lang, "Code"), t(lang, "Account"), t(lang, "Opening"), t(lang, "Period debit"),
              t(lang, "Period credit"), t(lang, "Debit"), t(lang, "Credit"), t(lang, "Balance")]
    ws.append(header)
    for header_cell in ws[4]:
        header_cell.font = Font(bold=True)
    number_format = "#,##0" + ("." + "0" * cur.minor_digits if cur.minor_digits else "")
    for r in tb.rows:
        ws.append([r.code, r.name] + [cur.from_minor(v) for v in
                                      (r.opening, r.period_debit, r.period_credit, r.debit, r.credit, r.balance)])
        row = ws.max_row
        ws.cell(row, 2).alignment = Alignment(indent=r.level)
        for col in range(3, 9):
            ws.cell(row, col).number_format = number_format
        if not r.is_postable:
            for col in range(1, 9):
                ws.cell(row, col).font = Font(bold=True)
    ws.append([t(lang, "Total"), "", None, None, None, cur.from_minor(tb.total_debit), cur.from_minor(tb.total_credit),
               cur.from_minor(tb.total_debit - tb.total_credit)])
    ws.column_dimensions["B"].width = 48
    for letter in "CDEFGH":
        ws.column_dimensions[letter].width = 18
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
