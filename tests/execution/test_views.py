"""The execution pages driven as a user would (offscreen, Turkish branch): the debtors list
filters as you type and opens the employer's debt file; a notice batch is prepared, served and
printed from the notices page; the agreements page shows a schedule."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from branch_desktop.core.branch import init_branch
from branch_desktop.core.storage import Database
from branch_desktop.demo import DEMO_PASSWORD_ENV
from branch_desktop.execution import services
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

    services.new_agreement(b.ctx, b.clerk, second, TODAY, instalments=4, down_payment=Decimal(100))
    agreements = h.window.open_page("execution.agreements")
    qtbot.waitUntil(lambda: agreements.schedule.rowCount() == 5, timeout=8000)
