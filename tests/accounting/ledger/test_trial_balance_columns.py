"""The trial balance with debit-balance and credit-balance columns and a totals row: the same
figures on screen, in the PDF (read back with pypdf) and in the Excel workbook (openpyxl)."""

from __future__ import annotations

import io
import re
import unicodedata

import pypdf
from openpyxl import load_workbook

from branch_desktop.accounting.ledger.documents import trial_balance_pdf
from branch_desktop.accounting.ledger.exports import trial_balance_xlsx
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger.types import TRIAL_BALANCE_HEADINGS
from tests.xlsx_eval import sumif


def _pdf_words(pdf: bytes) -> set[str]:
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return set(re.split(r"\s+", unicodedata.normalize("NFKC", text)))


def test_debit_and_credit_balances_and_totals_on_screen_pdf_and_excel(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("accountant", "fa")
    s = h.window.session
    page = h.window.open_page("accounting.trial_balance")
    h.wait()
    tb = page.tb
    assert tb is not None and page.total_item is not None
    header = page.tree.headerItem()
    assert [header.text(c) for c in range(page.tree.columnCount())] == [
        _("Code"), _("Account"), *(_(x) for x in TRIAL_BALANCE_HEADINGS)]
    assert _("Debit balance") != "Debit balance"  # translated into Persian

    totals = tb.totals()
    assert totals[4] > 0 and totals[0] == totals[1] and totals[2] == totals[3] and totals[4] == totals[5]
    # the totals row on screen, after the accounts
    last = page.tree.topLevelItem(page.tree.topLevelItemCount() - 1)
    assert last is page.total_item and last.text(1) == _("Total")
    assert [last.text(c) for c in range(2, 8)] == [s.money(v) for v in totals]
    # every account's balance is in one column or the other, never signed
    bank = next(r for r in tb.rows if r.code == s.ctx.pack.account_code("revenue_bank"))
    assert bank.debit_balance == bank.balance > 0 and bank.credit_balance == 0
    credit_row = next(r for r in tb.rows if r.is_postable and r.balance < 0)
    assert credit_row.credit_balance == -credit_row.balance and credit_row.debit_balance == 0
    item = page.tree.findItems(s.digits(credit_row.code), _match_flags(), 0)[0]
    assert item.text(7) == s.money(credit_row.credit_balance) and item.text(6) == ""
    texts = [it.text(c) for it in _all_items(page.tree) for c in range(2, 8)]
    assert not [t for t in texts if "-" in t or "\u2212" in t]

    # the same totals in the PDF
    words = _pdf_words(trial_balance_pdf(tb, s.ctx.info, "fa"))
    for value in totals:
        text = s.money(value)
        assert text in words or text[::-1] in words, text
    # and in the workbook's totals row
    ws = load_workbook(io.BytesIO(trial_balance_xlsx(tb, s.ctx.info, "fa"))).active
    assert ws is not None
    assert [ws.cell(4, c).value for c in range(3, 9)] == [_(x) for x in TRIAL_BALANCE_HEADINGS]
    assert ws.cell(ws.max_row, 2).value == _("Total")
    assert ws.freeze_panes == "C5" and ws.sheet_view.rightToLeft
    currency = s.ctx.pack.currency
    assert [sumif(ws, ws.cell(ws.max_row, c).value) for c in range(3, 9)] == [currency.from_minor(v) for v in totals]
    assert ws.column_dimensions["I"].hidden



def _match_flags():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive


def _all_items(tree):  # type: ignore[no-untyped-def]
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        yield item
        stack.extend(item.child(i) for i in range(item.childCount()))
