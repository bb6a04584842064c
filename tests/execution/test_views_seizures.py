"""The seizure and debt file pages driven as a user would (offscreen, Turkish branch): an order is
chosen, a bank named, the request appears in today's list (and a second one under a suspended
order is refused with the day); the debt file shows the employer's steps in date order."""

from __future__ import annotations

import datetime as dt

from branch_desktop.execution import services
from tests.conftest import TODAY
from tests.execution.test_views import late  # noqa: F401 - the fixture


def test_seizure_and_debt_file_pages(start_shell_on, late, qtbot) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    b, first, second = late
    start = TODAY - dt.timedelta(days=20)
    notices = {n.file_no: n for n in services.prepare_notices(b.ctx, b.clerk, start)}
    for n in notices.values():
        services.serve_notice(b.ctx, b.clerk, n.number, start, "hand")
    order = services.issue_order(b.ctx, b.clerk, notices[first].number, TODAY - dt.timedelta(days=5))
    suspended = services.issue_order(b.ctx, b.clerk, notices[second].number, TODAY - dt.timedelta(days=5))
    services.object_to_order(b.ctx, b.clerk, suspended.number, TODAY - dt.timedelta(days=4), "wages disputed",
                             TODAY + dt.timedelta(days=3))
    h = start_shell_on(b.ctx, "clerk")
    page = h.window.open_page("execution.seizures")
    qtbot.waitUntil(lambda: page.orders.rowCount() == 2, timeout=8000)
    row = next(r for r in range(2) if page.orders.row_object(r).number == order.number)
    page.orders_view.selectRow(row)
    page.bank.setText("Ziraat Bankası")  # typed: keyClicks takes ASCII only
    page.request_button.click()
    qtbot.waitUntil(lambda: page.requests.rowCount() == 1, timeout=8000)  # the write's topic refreshed the page
    assert page.requests.row_object(0).bank == "Ziraat Bankası" and page.bank.text() == ""
    page.orders_view.selectRow(1 - row)
    qtbot.keyClicks(page.bank, "Halkbank")
    page.request_button.click()
    qtbot.waitUntil(lambda: "objection" in page.message.text(), timeout=8000)
    assert page.requests.rowCount() == 1

    file_page = h.window.open_page("execution.debt_file")
    qtbot.keyClicks(file_page.file_no, first)
    file_page.show_button.click()
    qtbot.waitUntil(lambda: file_page.rows.rowCount() == 4, timeout=8000)
    steps = [file_page.rows.data(file_page.rows.index(r, 1)) for r in range(4)]
    assert steps == ["Warning notice", "Notice served", "Enforcement order", "Seizure request"]
