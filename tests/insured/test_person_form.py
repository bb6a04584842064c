"""Registering and editing an insured person and their household in the registry page, as a
clerk types it (offscreen): each problem shows under its own field, a save over a newer version
names who changed the record and offers to reload it, household changes are dated."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from branch_desktop.core.security import login
from branch_desktop.demo import demo_password
from branch_desktop.insured import services
from branch_desktop.insured.types import PersonInput
from tests.insured.test_payments import iban
from tests.qt_fixtures import activate
from tests.revenue.helpers import person_id


def _type(qtbot, widget, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.clear()
    qtbot.keyClicks(widget, text)


def test_new_person_with_field_errors_then_edit_and_stale_save(start_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    page = h.window.open_page("insured.registry")
    h.wait()
    activate(h.window)
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.last_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "New insured person"
    _type(qtbot, dialog.national_id, "1234567890")  # a bad check digit
    _type(qtbot, dialog.first_name, "Leila")
    _type(qtbot, dialog.last_name, "Sadeghi")
    _type(qtbot, dialog.iban, "IR00 1234")
    activate(dialog)
    qtbot.keyClick(dialog.first_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    h.wait()
    assert not dialog.errors["national_id"].isHidden() and dialog.errors["iban"].isHidden()
    nid = person_id("ir_sso", 777001)
    _type(qtbot, dialog.national_id, nid)
    dialog.save()
    h.wait()
    qtbot.waitUntil(lambda: not dialog.errors["iban"].isHidden(), timeout=5000)
    assert dialog.errors["national_id"].isHidden() and "IBAN" in dialog.errors["iban"].text()
    _type(qtbot, dialog.iban, iban("IR", f"{5:022d}"))
    _type(qtbot, dialog.birth_date, "1460/01/01")  # in the future
    dialog.save()
    h.wait()
    qtbot.waitUntil(lambda: not dialog.errors["birth_date"].isHidden(), timeout=5000)
    _type(qtbot, dialog.birth_date, "1370/02/03")
    dialog.save()
    h.wait()
    qtbot.waitUntil(lambda: page.person is not None and page.person.national_id == nid, timeout=5000)
    assert page.person.iban == iban("IR", f"{5:022d}") and page.person.birth_date == dt.date(1991, 4, 23)

    activate(h.window)
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    edit = page.last_dialog
    assert edit.first_name.text() == "Leila"
    manager = login(h.ctx.db, "manager", demo_password())  # someone else saves meanwhile
    services.update_person(h.ctx, manager, page.person.id, PersonInput(
        national_id=nid, first_name="Leyla", last_name="Sadeghi", sex=page.person.sex), page.person.version)
    _type(qtbot, edit.last_name, "Sadeghi-Nia")
    edit.save()
    h.wait()
    qtbot.waitUntil(lambda: f"{manager.full_name} changed this record" in edit.message.text(), timeout=5000)
    assert not edit.reload_button.isHidden()
    edit.reload_button.click()
    h.wait()
    qtbot.waitUntil(lambda: edit.first_name.text() == "Leyla", timeout=5000)
    _type(qtbot, edit.last_name, "Sadeghi-Nia")
    edit.save()
    h.wait()
    qtbot.waitUntil(lambda: page.person.last_name == "Sadeghi-Nia", timeout=5000)


def test_household_member_added_changed_and_leaving(start_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    clerk = login(h.ctx.db, "clerk", demo_password())
    from branch_desktop.insured.types import Sex

    nid = person_id("ir_sso", 777002)
    services.register_person(h.ctx, clerk, PersonInput(national_id=nid, first_name="Reza", last_name="Moradi",
                                                       sex=Sex.MALE))
    page = h.window.open_page("insured.registry")
    h.wait()
    qtbot.keyClicks(page.search, nid)
    qtbot.waitUntil(lambda: page.person is not None, timeout=5000)
    activate(h.window)
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    add = page.last_dialog
    add.relation.setCurrentIndex(add.relation.findData("child"))
    _type(qtbot, add.full_name, "Sara Moradi")
    _type(qtbot, add.birth_date, "1400/05/01")
    _type(qtbot, add.valid_from, "1399/01/01")  # before her birth
    add.save()
    h.wait()
    qtbot.waitUntil(lambda: not add.errors["valid_from"].isHidden(), timeout=5000)
    _type(qtbot, add.valid_from, "1400/05/01")
    add.save()
    h.wait()
    qtbot.waitUntil(lambda: page.household.rowCount() == 1, timeout=5000)

    page.household_view.selectRow(0)
    page.last_dialog = None
    change = _open(page, "Change the member…")
    change.student.setChecked(True)
    _type(qtbot, change.valid_from, "1403/07/01")
    change.save()
    h.wait()
    qtbot.waitUntil(lambda: page.household.rowCount() == 2, timeout=5000)
    rows = sorted(page.household.rows, key=lambda m: m.valid_from)
    assert rows[0].valid_to == rows[1].valid_from - dt.timedelta(days=1) and rows[1].student

    page.household_view.selectRow([m.valid_to for m in page.household.rows].index(None))
    leave = _open(page, "Member leaves…")
    _type(qtbot, leave.valid_to, "1402/01/01")  # before the open row began
    leave.save()
    h.wait()
    qtbot.waitUntil(lambda: not leave.errors["valid_to"].isHidden(), timeout=5000)


def _open(page, text: str):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton

    button = next(b for b in page.findChildren(QPushButton) if b.text() == text)
    button.click()
    return page.last_dialog
