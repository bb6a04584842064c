"""The insurance status on the screens (tr_sgk, offscreen): the registry page shows the history
and records a change from the keyboard (Ctrl+Shift+I, Ctrl+S); the new-claim form takes the
registry's status (named on its first entry), refuses a different one on the field, and takes the
premium debts owed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from branch_desktop.insured import services
from tests.insured.test_claim_form_rest import _page, _settled
from tests.qt_fixtures import activate


def test_registry_records_a_status_change(sqlite_db, runner, qtbot) -> None:  # type: ignore[no-untyped-def]
    from branch_desktop.gui.session import Session
    from branch_desktop.insured.views.registry import RegistryPage

    b, nid, claims = _page(sqlite_db, runner, qtbot)
    claims.close()
    page = RegistryPage(Session(b.ctx, b.clerk, runner))  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.show()
    activate(page)
    qtbot.keyClicks(page.search, nid)
    page.run_search()
    qtbot.waitUntil(lambda: page.person is not None, timeout=5000)
    assert page.fields["coverage"].text() == "Not recorded"
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = page.last_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Change the insurance status"
    dialog.coverage.setCurrentIndex(dialog.coverage.findData("4/1-b"))
    dialog.effective_from.clear()
    qtbot.keyClicks(dialog.effective_from, "1300/01/01")  # before the birth date
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.errors["effective_from"].isHidden(), timeout=5000)
    dialog.effective_from.clear()
    qtbot.keyClicks(dialog.effective_from, "2026/11/01")
    activate(dialog)
    qtbot.keyClick(dialog.effective_from, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Self-employed (4/1-b) from 2026/11/01" in page.fields["coverage"].text(), timeout=5000)
    assert page.coverage_now == "4/1-b"
    [change] = services.coverage_history(b.ctx, b.clerk, page.person.id)
    assert (change.coverage, change.effective_from, change.recorded_by) == ("4/1-b", dt.date(2026, 11, 1), "clerk")


def test_claim_form_takes_the_registry_status_and_the_debt(sqlite_db, runner, qtbot) -> None:  # type: ignore[no-untyped-def]
    b, nid, page = _page(sqlite_db, runner, qtbot)
    pid = services.find_person(b.ctx, b.clerk, nid).id
    services.record_coverage(b.ctx, b.clerk, pid, "4/1-b", dt.date(2020, 1, 1))
    page.kind.setCurrentIndex(page.kind.findData("sickness"))
    inputs = page.inputs
    assert inputs.form.isRowVisible(inputs.coverage) and inputs.form.isRowVisible(inputs.premium_debt)
    qtbot.keyClicks(page.national_id, nid)
    qtbot.keyClicks(page.start, "2026/11/02")
    qtbot.keyClicks(inputs.rest.rows[0].end, "2026/11/08")
    sick = _settled(page, runner, qtbot)
    assert sick["refusal"]["condition"] == "coverage" and "Not eligible" in page.result.text()
    assert inputs.coverage.itemText(0) == "As in the registry: Self-employed (4/1-b)"

    inputs.coverage.setCurrentIndex(inputs.coverage.findData("4/1-a"))  # not what the registry says
    page.timer.stop()
    page.compute()
    assert runner.wait_idle(20)
    qtbot.waitUntil(lambda: "registry has 4/1-b" in page.result.text(), timeout=5000)
    assert not page.save_button.isEnabled()

    inputs.coverage.setCurrentIndex(0)
    page.kind.setCurrentIndex(page.kind.findData("work_accident"))
    qtbot.keyClicks(inputs.premium_debt, "1500")
    owed = _settled(page, runner, qtbot)
    assert owed["refusal"] == {"condition": "premium_debts_paid", "figures": {"coverage": "4/1-b", "debt": "1500"}}
    inputs.premium_debt.clear()
    paid = _settled(page, runner, qtbot)
    assert paid["eligible"] and "Eligible" in page.result.text()
