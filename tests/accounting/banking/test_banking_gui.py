"""The month flow on the real banking pages (pytest-qt, offscreen): receipts and a cheque in the
books, the statement imported on its page, automatic and manual matches, entries for the bank's
own items, the lock, the report; legal-obligation cheques with two signatures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

from branch_desktop.accounting.banking import services as bank  # noqa: E402
from branch_desktop.core.i18n import set_language  # noqa: E402

from .helpers import setup_accounts  # noqa: E402
from .test_banking_services import pay, revenue_month  # noqa: E402

SHOTS = os.environ.get("BANKING_SCREENSHOTS")  # a folder: keep screenshots of the pages


@pytest.fixture
def runner(qapp: object) -> Iterator[object]:
    from branch_desktop.gui.tasks import TaskRunner

    r = TaskRunner()
    yield r
    r.wait_idle(10)
    r.shutdown()


def session_for(b: object, actor: object, runner: object) -> object:
    from branch_desktop.gui.session import Session

    return Session(b.ctx, actor, runner)  # type: ignore[attr-defined, arg-type]


def wait(runner: object, qtbot: object) -> None:
    for _ in range(3):
        assert runner.wait_idle(20)  # type: ignore[attr-defined]
        qtbot.wait(20)  # type: ignore[attr-defined]


def shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"banking-{name}.png"))


def show(widget: QWidget, qtbot: object) -> None:
    widget.show()
    qtbot.waitExposed(widget)  # type: ignore[attr-defined]
    widget.activateWindow()


def key(qtbot: object, page: QWidget, k: Qt.Key, mods: Qt.KeyboardModifier) -> None:
    """A shortcut typed on the page (its window active again after a dialog closed)."""
    from PySide6.QtWidgets import QApplication

    if QApplication.activeWindow() is not page:
        with qtbot.waitActive(page):  # type: ignore[attr-defined]
            page.activateWindow()
    page.setFocus()
    qtbot.keyClick(page, k, mods)  # type: ignore[attr-defined]


def select_rows(table: object, rows: list[int]) -> None:
    from PySide6.QtCore import QItemSelectionModel

    table.clearSelection()  # type: ignore[attr-defined]
    model = table.selectionModel()  # type: ignore[attr-defined]
    for r in rows:
        index = table.model().index(r, 0)  # type: ignore[attr-defined]
        model.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def row_of(table: object, column: int, text: str) -> int:
    model = table.model()  # type: ignore[attr-defined]
    for r in range(model.rowCount()):
        if model.index(r, column).data() == text:
            return r
    raise AssertionError(f"no row with {text!r}")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_month_flow_on_the_pages(branch, runner, qtbot, qapp, tmp_path, lang):
    from branch_desktop.accounting.banking.views.reconciliation import ReconciliationPage
    from branch_desktop.accounting.banking.views.statements import StatementImportPage

    set_language(lang)
    direction = Qt.LayoutDirection.RightToLeft if lang == "fa" else Qt.LayoutDirection.LeftToRight
    qapp.setLayoutDirection(direction)  # as the shell does for Persian
    setup_accounts(branch)
    # the books (what the revenue module posts) and the bank's file for the month
    captured: dict[str, bytes] = {}
    real = bank.import_statement
    bank.import_statement = lambda ctx, actor, code, data, **kw: captured.setdefault("data", data) and []  # type: ignore[assignment]
    try:
        revenue_month(branch)
    finally:
        bank.import_statement = real  # type: ignore[assignment]
    path = tmp_path / "refah-1403-05.xml"
    path.write_bytes(captured["data"])
    session = session_for(branch, branch.accountant, runner)

    page = StatementImportPage(session)
    qtbot.addWidget(page)
    page.resize(900, 500)
    show(page, qtbot)
    wait(runner, qtbot)
    page.file.setText(str(path))
    page.file.setFocus()
    key(qtbot, page, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)  # check: nothing written
    wait(runner, qtbot)
    assert page.result.model().rowCount() == 1 and bank.reconciliation(branch.ctx, branch.accountant, "1500",
                                                               _ym()).statements == 0
    key(qtbot, page, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # (a progress dialog may have been up)
    wait(runner, qtbot)
    assert page.result.model().index(0, 5).data() in ("6", "۶")
    key(qtbot, page, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)  # twice: refused, named
    wait(runner, qtbot)
    assert "REFAH-1403-05" in page.message.text() and page.result.model().rowCount() == 0
    shot(page, f"statements-{lang}")

    rec = ReconciliationPage(session)
    qtbot.addWidget(rec)
    rec.resize(1200, 720)
    show(rec, qtbot)
    wait(runner, qtbot)
    rec.month.setText("1403-05")
    rec.reload()
    wait(runner, qtbot)
    rec.lines.setFocus()
    assert rec.lines.model().rowCount() == 6 and rec.book.model().rowCount() == 7
    firsts: list[int] = []  # the first row of each page read
    rec.book_model.page_loaded.connect(firsts.append)
    rec.book_model.page_size = 3  # the book items come a page at a time, more as the grid has room or scrolls
    rec.reload()
    wait(runner, qtbot)
    for _ in range(5):
        rec.book_model.fetchMore()
        wait(runner, qtbot)
    assert firsts == [0, 3, 6] and rec.book.model().rowCount() == 7 and rec.book_model.complete
    assert session.digits("7") in rec.status.text()  # counted in SQL, not from the rows shown
    rec.book_model.page_size = 200
    qtbot.keyClick(rec, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait(runner, qtbot)
    assert rec.lines.model().rowCount() == 3 and rec.book.model().rowCount() == 3 and rec.match_table.model().rowCount() == 3
    # manual: the 900,000 transfer against the two receipts of 450,000
    money = session.money
    select_rows(rec.lines, [row_of(rec.lines, 0, money(900_000))])
    select_rows(rec.book, [r for r in range(rec.book.model().rowCount()) if rec.book.model().index(r, 0).data() == money(450_000)])
    assert money(0) in rec.selection.text().split()[-1]
    qtbot.keyClick(rec, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    wait(runner, qtbot)
    assert rec.lines.model().rowCount() == 2 and rec.book.model().rowCount() == 1
    # the bank's charges and interest become entries (Ctrl+E, the account proposed)
    for amount in (-12_000, 250):
        select_rows(rec.lines, [row_of(rec.lines, 0, money(amount))])
        rec.dialog = None
        key(qtbot, rec, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        dialog = rec.dialog
        assert dialog is not None
        expected = branch.ctx.pack.account_code("bank_charges" if amount < 0 else "bank_interest")
        assert dialog.edits["account"].text() == expected  # type: ignore[attr-defined]
        dialog._accept()  # type: ignore[attr-defined]
        wait(runner, qtbot)
    assert rec.lines.model().rowCount() == 0 and rec.values["difference"].text() == money(0)
    shot(rec, f"reconciliation-{lang}")
    key(qtbot, rec, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait(runner, qtbot)
    assert bank.reconciliation(branch.ctx, branch.accountant, "1500", _ym()).locked
    assert not rec.match_button.isEnabled()
    key(qtbot, rec, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait(runner, qtbot)
    preview = getattr(rec, "last_preview", None)
    assert preview is not None
    preview.close()
    rec.last_preview = None
    rec.print_ten_day()
    wait(runner, qtbot)
    assert rec.last_preview is not None
    rec.last_preview.close()
    from openpyxl import load_workbook

    target = tmp_path / "reconciliation.xlsx"
    rec.save_xlsx("reconciliation", str(target))  # the "Excel…" button, the file already chosen
    wait(runner, qtbot)
    sheet = load_workbook(target).worksheets[0]
    assert sheet.sheet_view.rightToLeft is (lang == "fa") and sheet.cell(14, 2).value == "=B10-B13"
    # 1500 is locked, the cheque in collection was cleared, no draft: the accounting month closes
    rec.close_month()
    rec.dialog.button(rec.dialog.StandardButton.Yes).click()  # type: ignore[union-attr]
    wait(runner, qtbot)
    assert "1403" in rec.message.text() or "۱۴۰۳" in rec.message.text()
    from branch_desktop.core.ledger import services as ledger

    assert {p.ym: p.status for p in ledger.list_periods(branch.ctx, branch.accountant, 1403)}[_ym()] == "closed"
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def _ym() -> object:
    from branch_desktop.core.calendar import YearMonth

    return YearMonth(1403, 5)


def test_cheques_page_two_signatures(branch, runner, qtbot):
    from branch_desktop.accounting.banking.views.cheques import ChequesPage

    setup_accounts(branch)
    ctx = branch.ctx
    bank.register_cheque_book(ctx, branch.accountant, "1600", 200001, 200100)
    doc = pay(branch, "GH-77", 1_800_000)
    page = ChequesPage(session_for(branch, branch.accountant, runner))
    qtbot.addWidget(page)
    page.resize(1100, 650)
    wait(runner, qtbot)
    page.month.setText("1403-05")
    page.reload()
    wait(runner, qtbot)
    assert page.account.currentData() == "1600" and page.doc_table.model().rowCount() == 1
    select_rows(page.doc_table, [0])
    page.check_document()
    wait(runner, qtbot)
    select_rows(page.doc_table, [0])
    page.issue()
    wait(runner, qtbot)
    # issued today (outside 1403-05): show the cheque's month
    page.month.setText(page.session.period(ctx.pack.calendar.year_month(ctx.today())))
    page.reload()
    wait(runner, qtbot)
    assert page.cheque_table.model().rowCount() == 1
    select_rows(page.cheque_table, [0])
    page.sign()
    wait(runner, qtbot)
    select_rows(page.cheque_table, [0])
    page.sign()  # the same person again: refused, and said so
    wait(runner, qtbot)
    assert "signed for this role" in page.message.text() or "another person" in page.message.text()
    manager_page = ChequesPage(session_for(branch, branch.manager, runner))
    qtbot.addWidget(manager_page)
    wait(runner, qtbot)
    manager_page.month.setText(page.month.text())
    manager_page.reload()
    wait(runner, qtbot)
    select_rows(manager_page.cheque_table, [0])
    manager_page.sign()
    wait(runner, qtbot)
    select_rows(page.cheque_table, [0])
    page.post()
    wait(runner, qtbot)
    (cheque,) = bank.list_cheques(ctx, branch.accountant, "1600")
    assert cheque.status == "posted" and cheque.signed_accounting_by and cheque.signed_head_by
    assert cheque.document is not None and cheque.document.reference == doc.reference
    page.reload()
    wait(runner, qtbot)
    shot(page, "cheques-en")
    select_rows(page.cheque_table, [0])
    page.voucher()
    wait(runner, qtbot)
    assert getattr(page, "last_preview", None) is not None
    import tempfile

    from openpyxl import load_workbook

    target = Path(tempfile.mkdtemp(prefix="cheques-xlsx-")) / "payments.xlsx"
    page.report_xlsx(str(target))  # "Monthly report in Excel…", the file already chosen
    wait(runner, qtbot)
    sheet = load_workbook(target).worksheets[0]
    assert sheet.freeze_panes == "A5" and sheet.cell(5, 8).value == cheque.amount
    assert sheet.cell(6, 8).value == "=SUM(H5:H5)"
    page.last_preview.close()  # type: ignore[attr-defined]


def test_statement_page_csv_mapping_and_refusal(branch, runner, qtbot, tmp_path):
    from branch_desktop.accounting.banking.views.statements import StatementImportPage

    page = StatementImportPage(session_for(branch, branch.accountant, runner))
    qtbot.addWidget(page)
    wait(runner, qtbot)
    # register the revenue account on the page; a bad IBAN keeps the form open with the reason
    page.new_account()
    form = page.dialog
    form.edits["iban"].setText("IR00 1234")  # type: ignore[attr-defined]
    form.edits["bank"].setText("Refah")  # type: ignore[attr-defined]
    form._accept()  # type: ignore[attr-defined]
    wait(runner, qtbot)
    assert "not a valid IBAN" in form.message.text()  # type: ignore[attr-defined]
    assert form.isVisible()  # type: ignore[attr-defined]
    # the error names its field (InvalidIban.field): the IBAN is selected for retyping
    assert form.edits["iban"].selectedText() == "IR00 1234"  # type: ignore[attr-defined]
    assert form.edits["bank"].selectedText() == ""  # type: ignore[attr-defined]
    form.edits["iban"].setText(bank.default_ibans("ir_sso")["revenue_bank"])  # type: ignore[attr-defined]
    form._accept()  # type: ignore[attr-defined]
    wait(runner, qtbot)
    assert page.account.currentData() == "1500"
    page.new_mapping()
    dialog = page.dialog
    values = {"name": "refah-csv", "bank": "Refah", "date": "Date", "amount": "Amount", "reference": "Ref",
              "balance": "Balance"}
    for key, text in values.items():
        dialog.edits[key].setText(text)  # type: ignore[attr-defined]
    dialog._accept()  # type: ignore[attr-defined]  (saved on the task runner)
    wait(runner, qtbot)
    assert page.mapping.currentData() == "refah-csv"
    assert bank.list_csv_mappings(branch.ctx, branch.accountant) == ["refah-csv"]
    path = tmp_path / "refah.csv"
    path.write_text("Date,Amount,Balance,Ref\n1403/05/01,\"5,000\",\"15,000\",F-1\n1403/05/02,-20,\"14,980\",\n",
                    encoding="utf-8")
    page.file.setText(str(path))
    page.format.setCurrentIndex(page.format.findData("csv"))
    page.run(dry_run=False)
    wait(runner, qtbot)
    assert page.result.model().rowCount() == 1 and "imported" in page.message.text()
    page.run(dry_run=False)  # the same file again: refused, the message names it
    wait(runner, qtbot)
    assert page.result.model().rowCount() == 0 and "imported before" in page.message.text()
