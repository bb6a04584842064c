"""The counter and the declaration grid of a Turkish branch, in Turkish (pytest-qt, offscreen):
amounts are read the Turkish way ("12,50" is 12.50 TL; "1.5" and "12.50" are refused with an
example), and an implausible amount is asked for again before anything is posted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from branch_desktop.core.branch import init_branch
from branch_desktop.core.i18n import format_money
from branch_desktop.core.storage import Database
from branch_desktop.demo import DEMO_PASSWORD_ENV
from branch_desktop.revenue import services
from branch_desktop.revenue.types import EmployerView
from tests.conftest import PASSWORD, TODAY, Branch
from tests.gui.helpers import focused, press, select_all_and_type, type_text
from tests.qt_fixtures import activate
from tests.revenue.helpers import lines, make_employer, month_of


@pytest.fixture
def tr_branch(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Branch, EmployerView]]:
    """A Turkish branch with one employer owing a declared month; the shell logs in with PASSWORD."""
    monkeypatch.setenv(DEMO_PASSWORD_ENV, PASSWORD)
    ctx, admin = init_branch(sqlite_db, "tr_sgk", "Çankaya SGM", "admin", PASSWORD)
    ctx.today_override = TODAY
    b = Branch(ctx, admin)
    e = make_employer(b)
    ym = month_of(b)
    services.submit_declaration(ctx, b.clerk, e.id, ym, lines(b, ym, 3))
    yield b, e


def _counter(start_shell_on, b: Branch, e: EmployerView):  # type: ignore[no-untyped-def]
    h = start_shell_on(b.ctx, "clerk", "tr")
    page = h.window.open_page("revenue.counter")
    h.wait()
    activate(h.window)
    page.choose(services.search_employers(b.ctx, b.clerk, e.name)[0])
    h.wait()  # the debt is shown and offered as the amount
    assert focused() is page.amount
    return h, page


def _transfer(reference: str) -> None:
    """From the method field: a transfer with its reference and bank, then post (Enter on the month)."""
    type_text("2")
    press(Qt.Key.Key_Return)
    type_text(reference)
    press(Qt.Key.Key_Return)
    type_text("Ziraat")
    press(Qt.Key.Key_Return)
    press(Qt.Key.Key_Return)


def _count(b: Branch) -> int:
    return len(services.day_summary(b.ctx, b.clerk).receipts)


def test_turkish_counter_reads_amounts_the_turkish_way(start_shell_on, tr_branch) -> None:  # type: ignore[no-untyped-def]
    b, e = tr_branch
    h, page = _counter(start_shell_on, b, e)
    for wrong in ("1.5", "12.50"):  # a misplaced group separator; the English way
        select_all_and_type(wrong)
        press(Qt.Key.Key_Return)
        assert focused() is page.amount  # refused: the cursor stays on the amount
        text = page.message.text()
        assert f"'{wrong}' tutar olarak okunamıyor" in text and "1.234.567,89" in text  # how to write it
    select_all_and_type("12,50")
    press(Qt.Key.Key_Return)
    assert focused() is page.method and page.amount.text() == "12,50"
    _transfer("EFT-1")
    h.wait()
    receipt = page.last_receipt
    assert receipt is not None and receipt.amount == 1250  # 12,50 TL in kuruş, not 1.250,00
    assert "12,50" in page.message.text()
    page.last_preview.close()


def test_an_implausible_amount_is_typed_again_before_posting(start_shell_on, tr_branch) -> None:  # type: ignore[no-untyped-def]
    b, e = tr_branch
    h, page = _counter(start_shell_on, b, e)
    select_all_and_type("99.999.999")
    press(Qt.Key.Key_Return)
    assert page.amount.text() == "99.999.999,00"
    _transfer("EFT-9")
    h.wait()
    dialog = page.confirm_dialog
    assert dialog is not None and dialog.isVisible()
    assert "işverenin borcundan" in page.message.text()  # why, in Turkish
    # typed wrong: the dialog says so and stays; nothing is posted
    QTest.keyClicks(dialog.amount, "99.999.998")
    QTest.keyClick(dialog.amount, Qt.Key.Key_Return)
    h.wait()
    assert dialog.isVisible() and "aynı tutar değil" in dialog.message.text()
    assert _count(b) == 0 and page.last_receipt is None
    # cancelled: the form is as it was, nothing posted
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    h.wait()
    assert page.confirm_dialog is None  # closed
    assert page.employer is not None and page.employer.id == e.id
    assert (page.amount.text(), page.reference.text(), page.bank.text()) == ("99.999.999,00", "EFT-9", "Ziraat")
    assert "Hiçbir şey kaydedilmedi" in page.message.text()
    assert _count(b) == 0
    # posted again, and this time typed right: posted once
    page.post()
    h.wait()
    dialog = page.confirm_dialog
    assert dialog.isVisible()
    QTest.keyClicks(dialog.amount, "99.999.999,00")
    QTest.keyClick(dialog.amount, Qt.Key.Key_Return)
    h.wait()
    assert page.confirm_dialog is None
    receipt = page.last_receipt
    assert receipt is not None and receipt.amount == 9_999_999_900 and receipt.reference == "EFT-9"
    assert _count(b) == 1
    page.last_preview.close()


def test_turkish_declaration_grid_reads_typed_wages_the_turkish_way(start_shell_on, tr_branch) -> None:  # type: ignore[no-untyped-def]
    b, e = tr_branch
    h = start_shell_on(b.ctx, "clerk", "tr")
    page = h.window.open_page("revenue.declarations")
    h.wait()
    page._chosen(services.search_employers(b.ctx, b.clerk, e.name)[0])
    ym = month_of(b).previous()
    page.month.setText(str(ym))
    rows = lines(b, ym, 2)
    page.set_lines(rows)  # as read from a file: plain amounts ("39008.25"), read by the file's rules
    cur = b.ctx.pack.currency
    wage = cur.to_minor(rows[0].wage) + 100  # the clerk changes the first wage, the Turkish way
    wage_cell = page.model.index(0, page.COLUMNS.index("wage"))
    page.model.setData(wage_cell, format_money(wage, cur, "tr"))  # e.g. "39.009,25"
    assert "," in wage_cell.data()
    page.check()
    h.wait()
    assert page.message.text() == "Bildirgede sorun yok: 2 sigortalı."
    page.model.setData(wage_cell, "1.5")  # cannot be read without a guess: the row says how to write it
    page.check()
    h.wait()
    problem = page.model.index(0, 5).data()
    assert "1.234.567,89" in problem
    assert page.model.index(1, 5).data() == ""  # the loaded row is fine
    page.model.setData(wage_cell, format_money(wage, cur, "tr"))
    page.submit()
    h.wait()
    accepted = [d for d in services.list_declarations(b.ctx, b.clerk, e.id) if d.month == ym]
    assert len(accepted) == 1
    stored = services.declaration_lines(b.ctx, b.clerk, accepted[0].id)
    assert [r.wage for r in stored] == [cur.plain(wage), rows[1].wage]
