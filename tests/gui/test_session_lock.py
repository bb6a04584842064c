"""Log out / switch user (Ctrl+L), the home page of each role and the idle lock, through real widgets."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from branch_desktop.core.models import AuditLog
from branch_desktop.demo import demo_password
from branch_desktop.gui.lock import DEFAULT_IDLE_MINUTES, IDLE_SETTING, idle_minutes
from tests.gui.helpers import press, type_text
from tests.qt_fixtures import activate


def _audit(ctx, username: str) -> list[str]:  # type: ignore[no-untyped-def]
    with ctx.db.read() as s:
        return list(s.scalars(select(AuditLog.action).where(AuditLog.username == username).order_by(AuditLog.id)))


def _log_in(qtbot, h, username: str) -> None:  # type: ignore[no-untyped-def]
    """Type a user name and password into the log-in dialog the guard shows, and wait for the window."""
    dialog = h.shell.guard.login_dialog
    assert dialog is not None and dialog.isVisible()
    activate(dialog)
    assert dialog.username.text() == ""  # nobody's name is offered to the next user
    type_text(username)
    press(Qt.Key.Key_Return)  # on to the password
    type_text(demo_password())
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: h.shell.window is not None, timeout=10_000)
    h.wait()


def test_each_role_opens_on_its_home_page(start_shell) -> None:  # type: ignore[no-untyped-def]
    assert start_shell("clerk").window.current_page_key() == "revenue.counter"
    assert start_shell("accountant").window.current_page_key() == "accounting.journal"
    assert start_shell("manager").window.current_page_key() == "reports.dashboard"


def test_ctrl_l_logs_out_and_a_clerk_after_an_accountant_lands_on_the_counter(start_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("accountant")
    first = h.window
    first.open_page("accounting.trial_balance")
    h.wait()
    quits: list[bool] = []
    h.shell.guard.quit = lambda: quits.append(True)
    QTest.keyClick(first, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: h.shell.guard.login_dialog is not None and h.shell.window is None, timeout=5000)
    qtbot.waitUntil(lambda: not shiboken6.isValid(first), timeout=5000)  # the accountant's window and pages
    _log_in(qtbot, h, "clerk")
    window = h.shell.window
    assert window is not first and window.session.actor.username == "clerk"
    assert window.current_page_key() == "revenue.counter"  # not the accountant's trial balance
    counter = window.open_page("revenue.counter")
    assert QApplication.focusWidget() is counter.search  # the clerk types the employer at once
    assert "accounting.entry" not in window.page_keys()  # the clerk's pages, not the accountant's
    assert "Clerk" in window.status_text()
    assert not quits
    # the last page is kept per user
    assert QSettings().value("users/accountant/window/page") == "accounting.trial_balance"
    h.wait()
    assert _audit(h.ctx, "accountant")[-1] == "logout"
    assert _audit(h.ctx, "clerk")[-1] == "login"
    # and the accountant comes back to their own page
    window.logout_requested.emit()
    qtbot.waitUntil(lambda: h.shell.guard.login_dialog is not None, timeout=5000)
    _log_in(qtbot, h, "accountant")
    assert h.shell.window.current_page_key() == "accounting.trial_balance"


def test_idle_lock_keeps_the_form_and_wants_the_same_users_password(start_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert idle_minutes() == DEFAULT_IDLE_MINUTES  # nothing configured: the default
    h = start_shell("accountant")
    guard = h.shell.guard
    assert guard.idle.timeout_ms == DEFAULT_IDLE_MINUTES * 60_000
    form = h.window.open_page("accounting.entry")
    h.wait()
    form.description.setText("Half-typed entry")
    guard.idle.start(150)  # a tiny idle time for the test
    qtbot.waitUntil(lambda: guard.locked, timeout=5000)
    assert not h.window.isVisible()
    lock = guard.lock_dialog
    activate(lock)
    press(Qt.Key.Key_Escape)  # Esc does not unlock
    assert guard.locked and lock.isVisible()

    type_text("not-the-password")
    press(Qt.Key.Key_Return)
    h.wait()
    assert guard.locked and not h.window.isVisible()
    assert lock.message.text() == "The password is wrong."
    assert lock.password.text() == ""

    type_text(demo_password())
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not guard.locked, timeout=10_000)
    assert h.window.isVisible()
    assert form.description.text() == "Half-typed entry"  # kept under the lock
    assert guard.idle.active  # watching again
    h.wait()
    assert _audit(h.ctx, "accountant")[-3:] == ["session.lock", "unlock.failed", "session.unlock"]


def test_the_lock_screen_lets_another_user_log_in(start_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("accountant")
    first = h.window
    lock = h.shell.guard.lock("request")
    assert lock is not None and not first.isVisible()
    lock.switch_button.click()
    qtbot.waitUntil(lambda: h.shell.guard.login_dialog is not None and h.shell.window is None, timeout=5000)
    qtbot.waitUntil(lambda: not shiboken6.isValid(first), timeout=5000)  # the window is gone
    _log_in(qtbot, h, "clerk")
    assert h.shell.window.session.actor.username == "clerk"
    assert not h.shell.guard.locked


def test_idle_time_is_a_setting(start_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    h.window.choose_idle_lock()
    dialog = h.window.idle_lock_dialog
    assert dialog.minutes.value() == DEFAULT_IDLE_MINUTES
    dialog.minutes.setValue(3)
    dialog.accept()
    assert QSettings().value(IDLE_SETTING) in (3, "3")
    assert h.shell.guard.idle.timeout_ms == 3 * 60_000
    h.shell.guard.set_idle_minutes(0)  # never
    assert not h.shell.guard.idle.active
