"""Insured affairs' pages driven as a user would (offscreen): search the registry, compute a claim
as it is typed and register it, the manager approves it from the queue, an application shows
its deadline. Screenshots in Persian go to docs/screenshots when asked (make_screenshots)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import text

from branch_desktop.insured import services
from branch_desktop.insured.types import ClaimState, PersonInput, Sex


def _demo_worker(h) -> str:  # type: ignore[no-untyped-def]
    with h.ctx.db.read() as s:
        nid = s.execute(text("SELECT national_id FROM revenue_service_records ORDER BY national_id LIMIT 1")).scalar()
    return str(nid)


def _register(h, nid: str) -> int:  # type: ignore[no-untyped-def]
    from branch_desktop.core.security import login
    from branch_desktop.demo import demo_password

    clerk = login(h.ctx.db, "clerk", demo_password())
    person = services.find_person(h.ctx, clerk, nid)  # the demo registered the people its declarations name
    return services.update_person(h.ctx, clerk, person.id, PersonInput(
        national_id=nid, first_name="Maryam", last_name="Karimi", sex=Sex.FEMALE, birth_date=dt.date(1988, 3, 1)),
        person.version).id


def test_registry_search_shows_the_person_and_their_service(start_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    nid = _demo_worker(h)
    _register(h, nid)
    page = h.window.open_page("insured.registry")
    h.wait()
    qtbot.keyClicks(page.search, "kari")
    qtbot.waitUntil(lambda: page.results.rowCount() == 1, timeout=5000)
    h.wait()
    qtbot.waitUntil(lambda: page.person is not None, timeout=5000)
    assert page.fields["name"].text() == "Maryam Karimi"
    assert page.history.rowCount() >= 1  # from the demo's declarations
    assert page.print_button.isEnabled()


def test_claim_computed_as_typed_registered_and_approved(start_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    nid = _demo_worker(h)
    _register(h, nid)
    page = h.window.open_page("insured.claims")
    h.wait()
    waiting = page.queue.rowCount()  # the demo's claims waiting for a decision
    page.kind.setCurrentIndex(page.kind.findData("marriage"))
    qtbot.keyClicks(page.national_id, nid)
    qtbot.keyClicks(page.start, h.ctx.pack.calendar.format(h.ctx.today()))
    qtbot.waitUntil(lambda: page.save_button.isEnabled(), timeout=5000)
    assert "Not eligible" in page.result.text() and page.trace.rowCount() > 3
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    h.wait()
    qtbot.waitUntil(lambda: page.queue.rowCount() == waiting + 1, timeout=5000)
    assert not page.approve_button.isVisibleTo(page)  # a clerk does not decide
    with h.ctx.db.read() as s:
        clerk_name = s.execute(text("SELECT full_name FROM users WHERE username = 'clerk'")).scalar()
    column = [page.queue.columns[i].title for i in range(page.queue.columnCount())].index("Prepared by")
    assert clerk_name and page.queue.index(waiting, column).data() == clerk_name  # the person, not the user name

    m = start_shell("manager")
    queue = m.window.open_page("insured.claims")
    m.wait()
    qtbot.waitUntil(lambda: queue.queue.rowCount() == waiting + 1, timeout=5000)
    queue.queue_view.selectRow(waiting)  # the newest, last in the queue
    queue.decide(False, "Not 720 days in five years")
    m.wait()
    qtbot.waitUntil(lambda: queue.queue.rowCount() == waiting, timeout=5000)
    assert queue.last_decided.state is ClaimState.REFUSED
    assert "recorded" in queue.message.text()


def test_application_deadline_and_overdue(start_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    nid = _demo_worker(h)
    _register(h, nid)
    page = h.window.open_page("insured.applications")
    h.wait()
    h.wait()
    before = page.model.rowCount()
    qtbot.keyClicks(page.national_id, nid)
    page.kind.setCurrentIndex(page.kind.findData("disability"))
    earlier = h.ctx.today() - dt.timedelta(days=20)
    qtbot.keyClicks(page.received, h.ctx.pack.calendar.format(earlier))
    qtbot.mouseClick(page.register_button, Qt.MouseButton.LeftButton)
    h.wait()
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1, timeout=5000)
    rows = [page.model.row_object(i) for i in range(page.model.rowCount())]
    mine = [r for r in rows if r is not None and r.received_on == earlier and r.kind.value == "disability"
            and r.person_name == "Maryam Karimi"]
    assert len(mine) == 1 and mine[0].overdue and mine[0].deadline == earlier + dt.timedelta(days=15)
    assert "overdue" in page.summary.text()


def test_income_test_computed_as_typed_and_printed(sqlite_db, runner, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from branch_desktop.core.branch import init_branch
    from branch_desktop.gui.app import apply_language, make_app
    from branch_desktop.gui.session import Session
    from branch_desktop.insured.views.income_test import IncomeTestPage

    make_app()
    apply_language("tr")
    try:
        ctx, admin = init_branch(sqlite_db, "tr_sgk", "Test", "admin", "correct-horse-1")
        page = IncomeTestPage(Session(ctx, admin, runner))  # type: ignore[arg-type]
        qtbot.addWidget(page)
        page.date.setText("01.03.2012")
        page.household_model.setData(page.household_model.index(0, 1), "600,00")
        page.add_member("spouse", "0")
        assert page.result is not None
        assert (page.result["bracket"], page.result["premium"]) == ("G1", "35.46")  # seed 004
        assert "G1" in page.outcome.text() and "35,46" in page.outcome.text()
        page.late.setChecked(True)
        assert page.result["bracket"] == "G3"
        page.print_result()
        assert runner.wait_idle(20)
        qtbot.waitUntil(lambda: hasattr(page, "last_preview"), timeout=5000)
        target = tmp_path / "income-test.xlsx"
        page.save_xlsx(str(target))  # the "Excel…" button, the file already chosen
        assert runner.wait_idle(20)
        qtbot.waitUntil(lambda: target.exists(), timeout=5000)
        from openpyxl import load_workbook

        sheet = load_workbook(target).worksheets[0]
        assert sheet.cell(5, 2).value == float(page.result["premium"]) and sheet.freeze_panes == "A8"
    finally:
        apply_language("en")


def test_the_iranian_pack_has_no_income_test(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    page = h.window.open_page("insured.income_test")
    assert page is not None and not page.available
