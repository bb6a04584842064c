"""The accounting pages, driven through real widgets; outcomes checked through the services."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from branch_desktop.accounting.ledger.views.entry_detail import printing_available
from branch_desktop.accounting.ledger.views.entry_form import EntryFormPage
from branch_desktop.core.ledger import queries, services
from branch_desktop.core.ledger.queries import JournalFilter
from branch_desktop.core.ledger.types import EntryInput, LineInput, PeriodStatus
from tests.gui.helpers import focused, press, tab, type_text
from tests.qt_fixtures import activate

CTRL = Qt.KeyboardModifier.ControlModifier


def _open_form(h) -> EntryFormPage:  # type: ignore[no-untyped-def]
    form = h.window.open_page("accounting.entry")
    h.wait()
    assert isinstance(form, EntryFormPage)
    activate(h.window)
    form.journal.setFocus()
    assert focused() is form.journal
    return form


def _type_entry(description: str, reference: str, lines: list[tuple[str, str, str, str]],
                date: str | None = None) -> None:
    """From the journal field: date, description, reference, then account/debit/credit/memo per line."""
    tab()  # -> date (its text is selected on focus)
    if date is not None:
        type_text(date)
    tab()
    type_text(description)
    tab()
    type_text(reference)
    for account, debit, credit, memo in lines:
        tab()
        type_text(account)
        tab()
        type_text(debit)
        tab()
        type_text(credit)
        tab()
        type_text(memo)


def _line_ids(h, reference: str) -> list[int]:  # type: ignore[no-untyped-def]
    return queries.journal_line_ids(h.ctx, h.actor, JournalFilter(text=reference))


def test_post_with_the_keyboard_then_reverse(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("accountant")
    form = _open_form(h)
    _type_entry("Bank charges refund", "GUI-KB-1", [
        ("1500", "1,250,000", "", "refund"),
        ("2210", "", "1250000", ""),
    ])
    assert "Difference 0" in form.totals.text()
    press(Qt.Key.Key_Return, CTRL)
    h.wait()
    assert "posted" in form.message.text(), form.message.text()

    ids = _line_ids(h, "GUI-KB-1")
    assert len(ids) == 2
    rows = queries.journal_rows(h.ctx, h.actor, ids)
    entry = services.get_entry(h.ctx, h.actor, rows[0].entry_id)
    assert entry.description == "Bank charges refund"
    assert entry.entry_date == h.ctx.today()
    assert [(ln.account_code, ln.debit, ln.credit, ln.memo) for ln in entry.lines] == [
        ("1500", 1_250_000, 0, "refund"), ("2210", 0, 1_250_000, "")]
    assert form.description.text() == ""  # the form is ready for the next entry

    # reverse it from the journal list: filter by its reference, select, Ctrl+R, reason, Enter
    journal = h.window.open_page("accounting.journal")
    h.wait()
    journal.period.clear()
    journal.text.setText("GUI-KB-1")
    journal.text.setFocus()
    press(Qt.Key.Key_Return)
    h.wait()
    assert journal.model.rowCount() == 2
    journal.view.setFocus()
    journal.view.setCurrentIndex(journal.model.index(0, 0))
    h.wait()
    assert journal.selected_row() is not None
    press(Qt.Key.Key_R, CTRL)
    dialog = journal.reason_dialog
    assert dialog is not None and dialog.isVisible()
    activate(dialog)  # the window manager's job on a desktop
    dialog.reason.setFocus()
    type_text("Posted to the wrong bank")
    press(Qt.Key.Key_Return)
    h.wait()
    original = services.get_entry(h.ctx, h.actor, entry.id)
    assert original.reversed_by_id is not None
    reversal = services.get_entry(h.ctx, h.actor, original.reversed_by_id)
    assert reversal.reverses_id == entry.id
    assert reversal.reversal_reason == "Posted to the wrong bank"
    assert [(ln.account_code, ln.debit, ln.credit) for ln in reversal.lines] == [
        ("1500", 0, 1_250_000), ("2210", 1_250_000, 0)]
    assert "reversed" in journal.message.text()


def test_unbalanced_entry_is_refused_next_to_the_grid(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("accountant")
    form = _open_form(h)
    _type_entry("Unbalanced", "GUI-UNB", [("1500", "1000", "", ""), ("2210", "", "900", "")])
    assert "Difference 100" in form.totals.text()
    press(Qt.Key.Key_Return, CTRL)
    h.wait()
    assert "does not balance" in form.message.text()
    assert _line_ids(h, "GUI-UNB") == []


def test_close_period_then_posting_into_it_is_refused(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("accountant")
    today = h.ctx.pack.calendar.year_month(h.ctx.today())
    periods = h.window.open_page("accounting.periods")
    h.wait()
    assert periods.selected() is not None and periods.selected().ym == today
    periods.close_button.click()
    box = periods.dialog
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    h.wait()
    status = {p.ym: p.status for p in services.list_periods(h.ctx, h.actor, today.year)}
    assert status[today] == PeriodStatus.CLOSED
    assert "closed" in periods.message.text()
    assert not periods.reopen_button.isVisible()  # reopening is a manager's act

    form = _open_form(h)
    _type_entry("Into a closed month", "GUI-CLOSED", [("1500", "500", "", ""), ("2210", "", "500", "")])
    press(Qt.Key.Key_Return, CTRL)
    h.wait()
    assert "closed" in form.message.text() and str(today) in form.message.text()
    assert form.date.property("invalid") is True  # PeriodIsClosed names the date field
    assert _line_ids(h, "GUI-CLOSED") == []


def test_manager_reopens_with_a_reason(start_shell, ctx) -> None:  # type: ignore[no-untyped-def]
    from branch_desktop.core.security import login
    from branch_desktop.demo import demo_password

    today = ctx.pack.calendar.year_month(ctx.today())
    services.close_period(ctx, login(ctx.db, "accountant", demo_password()), today)
    h = start_shell("manager")
    periods = h.window.open_page("accounting.periods")
    h.wait()
    assert periods.reopen_button.isEnabled()
    periods.reopen_button.click()
    dialog = periods.dialog
    activate(dialog)
    dialog.reason.setFocus()
    type_text("Late bank statement")
    press(Qt.Key.Key_Return)
    h.wait()
    status = {p.ym: p.status for p in services.list_periods(ctx, h.actor, today.year)}
    assert status[today] == PeriodStatus.OPEN


def test_journal_list_is_paged_and_filters_in_sql(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    journal = h.window.open_page("accounting.journal")
    h.wait()
    journal.model.page_size = 10  # the small demo has ~80 lines: pages of 10 show the paging
    journal.period.clear()
    journal.apply_filter()
    h.wait()
    everything = queries.journal_line_ids(h.ctx, h.actor, JournalFilter())
    assert len(everything) > 40
    # only the pages that fill the view are read (the view asks for more until it is full); the count comes apart
    loaded = journal.model.ids()
    assert loaded == everything[:len(loaded)] and len(loaded) % 10 == 0 and 10 <= len(loaded) < len(everything)
    assert journal.count.text() == f"{len(everything)} lines"
    for _ in range(200):  # scrolled to the end, the view asks for the next page until there is none
        journal.view.scrollToBottom()
        h.wait()
        if journal.model.complete:
            break
    assert journal.model.ids() == everything
    last = journal.model.row_object(len(everything) - 1)
    assert last is not None and last.line_id == everything[-1]
    # filter by journal and account
    journal.model.page_size = 500
    journal.account.setText("1500")
    journal.apply_filter()
    h.wait()
    expected = queries.journal_line_ids(h.ctx, h.actor, JournalFilter(account_code="1500"))
    assert journal.model.ids() == expected and len(expected) > 0
    journal.period.setText("bad")
    journal.apply_filter()
    assert "not a month" in journal.message.text()


def test_trial_balance_drills_down_and_previews_pdf(start_shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("accountant")
    page = h.window.open_page("accounting.trial_balance")
    h.wait()
    assert page.tb is not None and page.tree.topLevelItemCount() > 1
    tb = page.tb
    assert tb.total_debit == tb.total_credit
    # level-1 accounts sit under their parents
    top = page.tree.topLevelItem(0)
    assert top.childCount() > 0
    bank = page.tree.findItems("1500", Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 0)
    assert bank
    page.tree.itemActivated.emit(bank[0], 0)
    h.wait()
    ledger = h.window.open_page("accounting.account_ledger")
    assert ledger.account.text() == "1500"
    assert len(ledger.lines) > 0
    row = next(r for r in tb.rows if r.code == "1500")
    assert ledger.lines[-1].running == row.balance

    if not printing_available():
        pytest.skip("branch_desktop.accounting.ledger.documents is not importable yet")
    page.pdf_button.click()
    h.wait(60)
    preview = page.last_preview
    assert preview.document.pageCount() >= 1
    out = tmp_path / "tb.pdf"
    preview.save_to(out)
    assert out.read_bytes().startswith(b"%PDF")
    preview.close()


def test_entry_detail_and_voucher(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("accountant")
    view = services.post_entry(h.ctx, h.actor, EntryInput(
        "GEN", h.ctx.today(), "Detail test", (LineInput("1500", debit=700), LineInput("2210", credit=700)),
        reference="GUI-DETAIL"))
    journal = h.window.open_page("accounting.journal")
    h.wait()
    journal.open_entry(view.id)
    h.wait()
    detail = journal.detail
    assert detail.model.rowCount() == 2
    assert detail.model.index(0, 1).data() == "1500"
    if printing_available():
        detail.voucher_button.click()
        h.wait(60)
        assert detail.last_preview.document.pageCount() >= 1
        detail.last_preview.close()
    detail.close()
