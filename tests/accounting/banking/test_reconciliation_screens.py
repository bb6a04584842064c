"""Issue 10, item 5, on the real pages (pytest-qt, offscreen): the amount is the first column of
both reconciliation grids and stays on screen; the month's matches are listed after the automatic
matching (statement lines <-> book items, rule, amount) and can be undone; the bank statements page
lists the imported statements with their account, period, lines and balances."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from branch_desktop.accounting.banking import services as bank
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.models import AuditLog

from .helpers import setup_accounts
from .test_banking_gui import select_rows, session_for, show, wait
from .test_banking_services import revenue_month

MORDAD = YearMonth(1403, 5)


def _page(cls: type[QWidget], branch, runner, qtbot, width: int = 1200) -> QWidget:  # type: ignore[no-untyped-def]
    page = cls(session_for(branch, branch.accountant, runner))  # type: ignore[call-arg]
    qtbot.addWidget(page)
    page.resize(width, 720)
    show(page, qtbot)
    wait(runner, qtbot)
    return page


def _amount_on_screen(table) -> bool:  # type: ignore[no-untyped-def]
    x = table.columnViewportPosition(0)
    return x >= 0 and x + table.columnWidth(0) <= table.viewport().width()


def test_matches_are_listed_after_auto_match_and_undone(branch, runner, qtbot) -> None:  # type: ignore[no-untyped-def]
    from branch_desktop.accounting.banking.views.reconciliation import ReconciliationPage

    setup_accounts(branch)
    revenue_month(branch)
    rec = _page(ReconciliationPage, branch, runner, qtbot, width=760)
    s = rec.session
    # opens on the month of the latest statement line, not on today's month (no line there)
    assert rec.month.text() == s.period(MORDAD)
    assert rec.lines.model().rowCount() == 6 and not rec.lines_empty.is_empty()
    for grid in (rec.lines, rec.book):
        assert grid.model().headerData(0, Qt.Orientation.Horizontal) == "Amount"
        assert _amount_on_screen(grid), grid.columnWidth(0)
    assert rec.lines.model().index(0, 0).data() == s.money(5_000_000)
    assert rec.match_table.model().rowCount() == 0 and rec.match_empty.is_empty()
    assert "Ctrl+Shift+A" in rec.match_empty.label.text()

    rec.auto_match()
    wait(runner, qtbot)
    matches = bank.list_matches(branch.ctx, branch.accountant, "1500", MORDAD)
    assert len(matches) == 3 and rec.match_table.model().rowCount() == 3 and not rec.match_empty.is_empty()
    for r, m in enumerate(matches):
        assert rec.match_table.model().index(r, 0).data() == s.money(m.amount)
        assert m.amount == sum(b.amount for b in m.book)
        for line in m.statement:
            assert (line.reference or line.description) in rec.match_table.model().index(r, 3).data()
        for item in m.book:
            assert item.number in rec.match_table.model().index(r, 4).data()
    rules = {rec.match_table.model().index(r, 2).data().split(" (")[0] for r in range(3)}
    assert rules == {"reference", "day total"}
    day_total = next(r for r, m in enumerate(matches) if m.rule == "day_total")
    assert "DEP-0723" in rec.match_table.model().index(day_total, 3).data()
    assert rec.match_table.model().index(day_total, 4).data().count(" · ") == 1  # two receipts of the day

    # undo the day-total match with Ctrl+U: its line and items are open again, and it is logged
    select_rows(rec.match_table, [day_total])
    rec.setFocus()
    qtbot.keyClick(rec, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    wait(runner, qtbot)
    assert rec.match_table.model().rowCount() == 2
    assert len(bank.list_matches(branch.ctx, branch.accountant, "1500", MORDAD)) == 2
    assert any(rec.lines.model().index(r, 0).data() == s.money(3_000_000) for r in range(rec.lines.model().rowCount()))
    with branch.ctx.db.read() as session:
        actions = list(session.scalars(select(AuditLog.action)))
    assert "banking.unmatch" in actions
    # the undo needs the reconciler's permission: a clerk's call is refused by the service
    import pytest

    from branch_desktop.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        bank.unmatch(branch.ctx, branch.clerk, matches[0].id)


def test_auto_match_names_the_months_its_matches_are_listed_in(branch, runner, qtbot) -> None:  # type: ignore[no-untyped-def]
    from branch_desktop.accounting.banking.views.reconciliation import ReconciliationPage

    setup_accounts(branch)
    revenue_month(branch)
    rec = _page(ReconciliationPage, branch, runner, qtbot)
    later = YearMonth(1403, 7)
    rec.month.setText(rec.session.period(later))
    rec.month_chosen = True
    rec.reload()
    wait(runner, qtbot)
    rec.auto_match()
    wait(runner, qtbot)
    assert rec.match_table.model().rowCount() == 0  # none of them falls in 1403-07
    assert rec.session.period(MORDAD) in rec.message.text() and "(3)" in rec.message.text()


def test_statements_page_lists_the_statements_with_their_figures(branch, runner, qtbot) -> None:  # type: ignore[no-untyped-def]
    from branch_desktop.accounting.banking.views.statements import StatementImportPage

    setup_accounts(branch)
    page = _page(StatementImportPage, branch, runner, qtbot)
    assert page.statements.rowCount() == 0 and page.statements_empty.is_empty()
    assert "Ctrl+I" in page.statements_empty.label.text()
    revenue_month(branch)
    page.reload_statements()
    wait(runner, qtbot)
    assert not page.statements_empty.is_empty() and page.statements.rowCount() == 1
    (summary,) = bank.list_statements(branch.ctx, branch.accountant)
    assert (summary.account, summary.statement_id, summary.lines) == ("1500", "REFAH-1403-05", 6)
    assert summary.opening == 0 and summary.closing == summary.lines_sum == 12_888_250
    s = page.session
    model = page.statements
    cells = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert cells[0] == "1500" and cells[1] == "REFAH-1403-05"
    assert s.date(summary.start) in cells[2] and s.date(summary.end) in cells[2]
    assert cells[3:] == ["6", s.money(0), s.money(12_888_250)]
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "Account", "Statement", "Period", "Lines", "Opening balance", "Closing balance"]
    # one account's statements only
    assert bank.list_statements(branch.ctx, branch.accountant, "1600") == []
