"""Operations (gui/operations.py): a write announces its topics on success only; pages watching a
topic refresh themselves. The last test takes a receipt at the counter and watches it appear in
an open journal and an employer's statement, side by side, without anyone refreshing them."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.security import Actor, Role, login
from branch_desktop.demo import demo_password
from branch_desktop.gui.operations import (
    LEDGER,
    PAYROLL,
    RECEIPTS,
    Notices,
    read,
    watch,
    write,
)
from branch_desktop.gui.session import Session
from branch_desktop.gui.tasks import TaskRunner


class _FakeCtx:
    """Enough of a branch for services that only echo their arguments."""


def _session(runner: TaskRunner) -> Session:
    return Session(_FakeCtx(), Actor(1, "admin", Role.ADMIN), runner)  # type: ignore[arg-type]


def _echo(ctx: Any, actor: Any, value: int, *, times: int = 1) -> tuple[Any, str, int]:
    return ctx, actor.username, value * times


def _refuse(ctx: Any, actor: Any, text: str) -> None:
    raise ValidationError(text)


@pytest.fixture
def session(runner: TaskRunner) -> Session:
    return _session(runner)


def _heard(notices: Notices) -> list[frozenset[str]]:
    heard: list[frozenset[str]] = []
    notices.changed.connect(heard.append)
    return heard


def test_a_write_passes_the_sessions_branch_and_user_and_announces_its_topics(session: Session,
                                                                               runner: TaskRunner) -> None:
    heard = _heard(session.notices)
    order: list[str] = []
    session.notices.changed.connect(lambda _t: order.append("notice"))
    results: list[object] = []
    write(session, {RECEIPTS, LEDGER}, _echo, 21, times=2).on_done(
        lambda r: (order.append("done"), results.append(r))).run(quiet=True)
    assert runner.wait_idle(5)
    assert results == [(session.ctx, "admin", 42)]
    assert heard == [frozenset({RECEIPTS, LEDGER})]
    assert order == ["notice", "done"]  # pages learn of the change before the caller's callback


def test_a_failed_write_announces_nothing_and_calls_the_error_handler(session: Session, runner: TaskRunner) -> None:
    heard = _heard(session.notices)
    errors: list[BaseException] = []
    done: list[object] = []
    write(session, {PAYROLL}, _refuse, "Not today.").on_done(done.append).on_error(errors.append).run(quiet=True)
    assert runner.wait_idle(5)
    assert heard == [] and done == []
    assert len(errors) == 1 and isinstance(errors[0], ValidationError) and str(errors[0]) == "Not today."
    assert runner.errors == []


def test_a_failed_write_without_handler_shows_the_runners_message(session: Session, runner: TaskRunner) -> None:
    from branch_desktop.gui.tasks import open_message_boxes

    heard = _heard(session.notices)
    write(session, {PAYROLL}, _refuse, "Closed month.").run(quiet=True)
    assert runner.wait_idle(5)
    assert heard == [] and runner.last_message == "Closed month."
    for box in open_message_boxes():
        box.close()


def test_a_read_announces_nothing(session: Session, runner: TaskRunner) -> None:
    heard = _heard(session.notices)
    results: list[object] = []
    read(session, _echo, 5).on_done(results.append).run(quiet=True)
    assert runner.wait_idle(5)
    assert results == [(session.ctx, "admin", 5)] and heard == []


def test_a_write_must_name_known_topics(session: Session) -> None:
    with pytest.raises(ValueError):
        write(session, set(), _echo, 1)
    with pytest.raises(ValueError):
        write(session, {"receipt"}, _echo, 1)  # a typo is caught at once, not a page that never refreshes


def test_a_visible_page_refreshes_once_per_turn_and_a_hidden_one_when_shown(qtbot: Any, session: Session) -> None:
    visible, hidden = QWidget(), QWidget()
    qtbot.addWidget(visible)
    qtbot.addWidget(hidden)
    calls = {"visible": 0, "hidden": 0}
    w1 = watch(visible, session, {RECEIPTS}, lambda: calls.__setitem__("visible", calls["visible"] + 1))
    w2 = watch(hidden, session, {RECEIPTS}, lambda: calls.__setitem__("hidden", calls["hidden"] + 1))
    visible.show()
    qtbot.waitExposed(visible)
    session.notices.announce({RECEIPTS, LEDGER})
    session.notices.announce({RECEIPTS})  # two notices in one turn: one refresh
    session.notices.announce({PAYROLL})  # not watched
    qtbot.waitUntil(lambda: calls["visible"] == 1)
    qtbot.wait(20)
    assert calls == {"visible": 1, "hidden": 0} and w1.refreshes == 1
    assert w2.stale  # remembered for when it is shown
    hidden.show()
    qtbot.waitUntil(lambda: calls["hidden"] == 1)
    assert not w2.stale
    session.notices.announce({PAYROLL})
    qtbot.wait(20)
    assert calls == {"visible": 1, "hidden": 1}


def test_callbacks_run_in_the_order_added(session: Session, runner: TaskRunner) -> None:
    order: list[str] = []
    read(session, _echo, 1).on_done(lambda _r: order.append("page")).on_done(
        lambda _r: order.append("dialog")).run(quiet=True)
    assert runner.wait_idle(5)
    assert order == ["page", "dialog"]


def test_a_form_dialog_saving_through_an_operation_closes_only_when_saved(qtbot: Any, session: Session,
                                                                          runner: TaskRunner) -> None:
    from branch_desktop.accounting.banking.views.common import FormDialog

    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = FormDialog(parent, "Form", [("series", "Series", "")],
                        lambda v: write(session, {PAYROLL}, _refuse, "Refused: " + v["series"]))
    dialog.open()
    dialog.edits["series"].setText("A")  # type: ignore[union-attr]
    dialog._accept()
    assert runner.wait_idle(5)
    assert dialog.isVisible() and dialog.message.text() == "Refused: A"  # the refusal, next to the fields
    saved: list[object] = []
    accepted: list[bool] = []
    dialog.accepted.connect(lambda: accepted.append(True))
    dialog.then = lambda v: write(session, {PAYROLL}, _echo, 2).on_done(saved.append)
    dialog._accept()
    assert runner.wait_idle(5)
    assert saved and accepted == [True]  # the page's callback ran, then the dialog closed


# -- the counter, the journal and the statement side by side --------------------------------------
def test_a_receipt_at_the_counter_appears_in_the_open_journal_and_statement(qtbot: Any, ctx: BranchContext,
                                                                            runner: TaskRunner) -> None:
    from branch_desktop import app_registry
    from branch_desktop.accounting.ledger.views.journal import JournalPage
    from branch_desktop.core.ledger import queries
    from branch_desktop.core.ledger.queries import JournalFilter
    from branch_desktop.revenue import services
    from branch_desktop.revenue.views.counter import CounterPage
    from branch_desktop.revenue.views.statement import StatementPage

    app_registry.load()
    actor = login(ctx.db, "admin", demo_password())
    session = Session(ctx, actor, runner)
    window = QWidget()
    qtbot.addWidget(window)
    row = QHBoxLayout(window)
    counter, journal, statement = CounterPage(session), JournalPage(session), StatementPage(session)
    for page in (counter, journal, statement):
        row.addWidget(page)
    window.resize(1800, 700)
    window.show()
    qtbot.waitExposed(window)
    assert runner.wait_idle(20)

    employer = services.search_employers(ctx, actor, "3100002", 1)[0]
    statement.load(employer)
    qtbot.waitUntil(lambda: statement.statement is not None, timeout=20_000)
    lines_before = statement.lines_model.rowCount()
    qtbot.waitUntil(lambda: journal.model.rowCount() > 0, timeout=20_000)
    journal_before = set(journal.model.ids())

    # at the counter, by its own keys: find the employer, amount, bank slip, post
    qtbot.keyClicks(counter.search, "3100002")
    qtbot.keyClick(counter.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.employer is not None, timeout=20_000)
    assert runner.wait_idle(20)  # the months owed come back (and may fill the amount)
    counter.amount.setText("")
    qtbot.keyClicks(counter.amount, "1250000")
    qtbot.keyClick(counter.amount, Qt.Key.Key_Return)
    counter.method.setCurrentIndex(0)  # bank slip
    qtbot.keyClick(counter.method, Qt.Key.Key_Return)
    qtbot.keyClicks(counter.bank, "Bank Refah")
    qtbot.keyClick(counter.bank, Qt.Key.Key_Return)
    qtbot.keyClicks(counter.reference, "SLIP-OPS-1")
    qtbot.keyClick(counter.reference, Qt.Key.Key_Return)
    qtbot.keyClick(counter.ref_date, Qt.Key.Key_Return)
    qtbot.keyClick(counter.month, Qt.Key.Key_Return)  # the last field posts
    qtbot.waitUntil(lambda: counter.last_receipt is not None, timeout=20_000)
    receipt = counter.last_receipt
    assert receipt is not None and receipt.amount == 1_250_000

    # neither page was refreshed by hand
    amount = session.money(1_250_000)
    qtbot.waitUntil(lambda: statement.lines_model.rowCount() == lines_before + 1, timeout=20_000)
    credits = [statement.lines_model.index(r, 4).data() for r in range(statement.lines_model.rowCount())]
    assert amount in credits
    qtbot.waitUntil(lambda: len(journal.model.ids()) > len(journal_before), timeout=20_000)
    new_lines = set(journal.model.ids()) - journal_before
    receipt_lines = queries.journal_line_ids(ctx, actor, JournalFilter(text="SLIP-OPS-1"))
    assert new_lines == set(receipt_lines) and len(receipt_lines) == 2  # the receipt's entry, both lines
    preview = getattr(counter, "last_preview", None)
    if preview is not None:
        preview.close()
