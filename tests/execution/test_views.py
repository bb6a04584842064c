"""The execution pages driven as a user would (offscreen, Turkish branch): the debtors list
filters as you type and opens the employer's debt file; a notice batch is prepared, served and
printed from the notices page (one notice, and the notices still waiting to be served); the agreements page shows a schedule. An open debtors page
follows the unit's writes made elsewhere (gui/operations.py's notices) without a Refresh."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtWidgets import QHBoxLayout, QWidget

from branch_desktop.core.branch import init_branch
from branch_desktop.core.storage import Database
from branch_desktop.demo import DEMO_PASSWORD_ENV
from branch_desktop.execution import services
from branch_desktop.gui.operations import EXECUTION, Watch
from branch_desktop.gui.session import Session
from branch_desktop.gui.tasks import TaskRunner
from tests.conftest import PASSWORD, TODAY, Branch
from tests.execution.helpers import declared


@pytest.fixture
def late(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Branch, str, str]]:
    monkeypatch.setenv(DEMO_PASSWORD_ENV, PASSWORD)
    ctx, admin = init_branch(sqlite_db, "tr_sgk", "Çankaya SGM", "admin", PASSWORD)
    ctx.today_override = TODAY
    b = Branch(ctx, admin)
    _e1, first, _ = declared(b, 1, months=5)
    _e2, second, _ = declared(b, 2, months=3)
    yield b, first, second


def test_debtors_notices_and_agreements_pages(start_shell_on, late, qtbot) -> None:  # type: ignore[no-untyped-def]
    b, first, second = late
    h = start_shell_on(b.ctx, "clerk")
    page = h.window.open_page("execution.debtors")
    qtbot.waitUntil(lambda: page.debtors.rowCount() == 2, timeout=8000)
    assert "2 employers" in page.ageing.text()
    qtbot.keyClicks(page.search, first[-10:])
    qtbot.waitUntil(lambda: page.debtors.rowCount() == 1, timeout=8000)
    qtbot.waitUntil(lambda: page.months.rowCount() > 0, timeout=8000)  # the employer's debt file
    assert page.file_title.text().endswith("1 A.Ş.")

    docs = h.window.open_page("execution.documents")
    qtbot.waitUntil(lambda: "Enforcement rate" in docs.rate.text(), timeout=8000)
    docs.min_age.setValue(1)
    docs.prepare_button.click()
    qtbot.waitUntil(lambda: docs.notices.rowCount() == 2, timeout=15000)
    docs.notices_view.selectRow(0)
    docs.serve_button.click()
    qtbot.waitUntil(lambda: "Served" in [docs.notices.data(docs.notices.index(r, 4)) for r in range(2)], timeout=8000)
    served = next(r for r in range(2) if docs.notices.data(docs.notices.index(r, 4)) == "Served")
    docs.notices_view.selectRow(served)
    docs.order_button.click()  # too early: the notice period has not run
    qtbot.waitUntil(lambda: "notice period" in docs.message.text(), timeout=8000)
    docs.print_all_button.click()  # the batch still waiting to be served: the other notice, on the task runner
    qtbot.waitUntil(lambda: getattr(docs, "last_preview", None) is not None, timeout=15000)
    assert docs.last_preview.document.pageCount() == 1

    services.new_agreement(b.ctx, b.clerk, second, TODAY, instalments=4, down_payment=Decimal(100))
    agreements = h.window.open_page("execution.agreements")
    qtbot.waitUntil(lambda: agreements.schedule.rowCount() == 5, timeout=8000)


def test_an_open_debtors_page_follows_notices_prepared_and_served_elsewhere(late, runner: TaskRunner,
                                                                            qtbot) -> None:  # type: ignore[no-untyped-def]
    from branch_desktop.execution.views.debtors import DebtorsPage
    from branch_desktop.execution.views.notices import DocumentsPage

    b, first, _second = late
    session = Session(b.ctx, b.clerk, runner)
    window = QWidget()
    qtbot.addWidget(window)
    row = QHBoxLayout(window)
    debtors, docs = DebtorsPage(session), DocumentsPage(session)
    row.addWidget(debtors)
    row.addWidget(docs)
    window.resize(1600, 700)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: debtors.months.rowCount() > 0, timeout=8000)  # the largest debtor's file is open
    assert debtors.file_title.text().startswith(first) and debtors.notices.rowCount() == 0
    watcher = debtors.findChild(Watch)
    assert watcher is not None and watcher.refreshes == 0

    # a write on the notices page: the debtors page shows the employer's new notice by itself
    docs.min_age.setValue(1)
    docs.prepare_button.click()
    qtbot.waitUntil(lambda: debtors.notices.rowCount() == 1, timeout=15000)
    assert watcher.refreshes >= 1
    assert debtors.file_title.text().startswith(first)  # the same employer stays chosen
    assert debtors.notices.data(debtors.notices.index(0, 2)) == "Prepared"

    # a write through the services, announced as a page's write would be
    number = debtors.notices.row_object(0).number
    services.serve_notice(b.ctx, b.clerk, number, TODAY, "hand")
    refreshes = watcher.refreshes
    session.notices.announce({EXECUTION})
    qtbot.waitUntil(lambda: debtors.notices.data(debtors.notices.index(0, 2)) == "Served", timeout=8000)
    assert watcher.refreshes == refreshes + 1
    assert runner.wait_idle(10)
