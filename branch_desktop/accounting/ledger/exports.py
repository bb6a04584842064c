"""The trial balance as an Excel workbook and as CSV."""

from __future__ import annotations

import csv
import io

from branch_desktop.core.i18n import translate_to
from branch_desktop.core.ledger.types import TRIAL_BALANCE_HEADINGS, BranchInfo, TrialBalance
from branch_desktop.core.money import Currency


def trial_balance_xlsx(tb: TrialBalance, info: BranchInfo, lang: str) -> bytes:
    from openpyxl import Workbook  # here: the CSV (the command line's default) needs no workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

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
    header = [t(lang, "Code"), t(lang, "Account"), *(t(lang, h) for h in TRIAL_BALANCE_HEADINGS)]
    ws.append(header)
    for header_cell in ws[4]:
        header_cell.font = Font(bold=True)
    ws.freeze_panes = "C5"  # the header and the code and name stay in view
    number_format = "#,##0" + ("." + "0" * cur.minor_digits if cur.minor_digits else "")
    last = len(header)
    flag = get_column_letter(last + 1)  # hidden: 1 on a postable account's row, what the totals add up
    ws.cell(4, last + 1, t(lang, "Postable"))
    first = ws.max_row + 1
    for r in tb.rows:
        ws.append([r.code, r.name, *(cur.from_minor(v) if v else None for v in r.columns()), int(r.is_postable)])
        row = ws.max_row
        ws.cell(row, 2).alignment = Alignment(indent=r.level)
        ws.row_dimensions[row].outlineLevel = min(r.level, 7)  # groups fold in Excel's outline
        for col in range(3, last + 1):
            ws.cell(row, col).number_format = number_format
        if not r.is_postable:
            for col in range(1, last + 1):
                ws.cell(row, col).font = Font(bold=True)
    end = ws.max_row
    # the totals add the postable accounts only (a group row carries its children's sum already)
    ws.append([None, t(lang, "Total"), *(
        f"=SUMIF(${flag}${first}:${flag}${end},1,{get_column_letter(c)}{first}:{get_column_letter(c)}{end})"
        if tb.rows else 0 for c in range(3, last + 1))])
    row = ws.max_row
    for col in range(1, last + 1):
        ws.cell(row, col).font = Font(bold=True)
        if col >= 3:
            ws.cell(row, col).number_format = number_format
    ws.column_dimensions[flag].hidden = True
    ws.column_dimensions["B"].width = 48
    for col in range(3, last + 1):
        ws.column_dimensions[get_column_letter(col)].width = 18
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def trial_balance_csv(tb: TrialBalance, currency: Currency) -> str:
    """The postable accounts with the trial balance's six amount columns, then a totals row
    (code ``total``); also the cumulative debits and credits (``debit``, ``credit``) and the signed
    ``balance`` (debit - credit) for scripts that sum them."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", *TRIAL_BALANCE_CSV_COLUMNS, "debit", "credit", "balance"])
    for r in tb.postable_rows:
        w.writerow([r.code, r.name, *(currency.plain(v) for v in r.columns()), currency.plain(r.debit),
                    currency.plain(r.credit), currency.plain(r.balance)])
    w.writerow(["total", "", *(currency.plain(v) for v in tb.totals()), currency.plain(tb.total_debit),
                currency.plain(tb.total_credit), currency.plain(tb.total_debit - tb.total_credit)])
    return buf.getvalue()


TRIAL_BALANCE_CSV_COLUMNS = ("opening_debit", "opening_credit", "period_debit", "period_credit",
                             "debit_balance", "credit_balance")
