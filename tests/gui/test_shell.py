"""Start-up, navigation, roles and language of the shell, driven through real widgets."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from branch_desktop.core.storage import Database
from branch_desktop.demo import demo_password
from branch_desktop.gui.main_window import PlaceholderPage
from branch_desktop.gui.startup import LoginDialog
from branch_desktop.gui.tasks import TaskRunner

REFUSED = "The user name or the password is wrong."


def _attempt(qtbot, dialog: LoginDialog, runner: TaskRunner, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.password.setFocus()
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert runner.wait_idle(10)


def test_login_refused_with_wrong_password_then_accepted(qtbot, demo_db: Database, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(demo_db, runner, "Branch", "accountant")
    qtbot.addWidget(dialog)
    dialog.show()
    _attempt(qtbot, dialog, runner, "not-the-password")
    assert dialog.message.text() == REFUSED
    assert dialog.actor is None and not dialog.isHidden()
    assert dialog.password.text() == ""  # cleared for the next try

    # an unknown user gets the very same words: nothing says which part was wrong
    dialog.username.setText("nobody")
    _attempt(qtbot, dialog, runner, demo_password())
    assert dialog.message.text() == REFUSED

    dialog.username.setText("accountant")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _attempt(qtbot, dialog, runner, demo_password())
    assert dialog.actor is not None and dialog.actor.username == "accountant"


def test_the_window_is_prepared_once_while_the_login_dialog_waits(qtbot, demo_db: Database,  # type: ignore[no-untyped-def]
                                                                  runner: TaskRunner) -> None:
    """The start imports the main window's modules while the password is typed or checked (issue 17)."""
    calls: list[str] = []
    dialog = LoginDialog(demo_db, runner, "Branch", "accountant", prepare=lambda: calls.append("prepared"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: calls == ["prepared"], timeout=5_000)  # once shown, before any key
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _attempt(qtbot, dialog, runner, demo_password())
    assert calls == ["prepared"]

    calls.clear()
    typed_fast = LoginDialog(demo_db, runner, "Branch", "accountant", prepare=lambda: calls.append("prepared"))
    qtbot.addWidget(typed_fast)
    typed_fast.password.setText(demo_password())
    typed_fast.try_login()  # before the dialog was ever shown: prepared while argon2 runs
    assert calls == ["prepared"]
    assert runner.wait_idle(10) and typed_fast.actor is not None


def test_five_failures_lock_the_user(qtbot, demo_db: Database, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    dialog = LoginDialog(demo_db, runner, "Branch", "clerk")
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(5):
        _attempt(qtbot, dialog, runner, "wrong-password")
    _attempt(qtbot, dialog, runner, demo_password())
    assert dialog.actor is None
    assert "locked" in dialog.message.text()


def test_navigate_every_department_with_shortcuts(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("admin")
    window = h.window
    titles = [window.rail.item(i).text() for i in range(window.rail.count())]
    assert titles == ["Revenue", "Insured affairs", "Execution", "Accounting", "Reports"]
    for row in range(window.rail.count()):
        QTest.keyClick(window, Qt.Key(Qt.Key.Key_1 + row), Qt.KeyboardModifier.ControlModifier)
        h.wait()
        assert window.rail.currentRow() == row
        assert window.stack.currentWidget() is window.departments[row]
    # every department is built: none shows the placeholder of a department still to come
    for key in ("revenue", "insured", "execution", "accounting", "reports"):
        view = window.open_department(key)
        assert not view.findChildren(PlaceholderPage), key
    # every page of the built departments opens and loads without error
    for key in window.page_keys():
        page = window.open_page(key)
        h.wait()
        assert page is not None and page.isVisible(), key
    assert h.runner.errors == []
    # menus show their shortcuts
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    shortcuts = [a.shortcut().toString() for a in view_menu.actions() if not a.isSeparator()]
    assert shortcuts == [f"Ctrl+{i}" for i in range(1, 6)] + ["Ctrl+K"]  # the departments, then Go to…


def test_window_remembers_its_page(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("admin")
    h.window.open_page("accounting.periods")
    h.wait()
    h.window.close()
    assert QSettings().value("users/admin/window/page") == "accounting.periods"
    window = h.shell.show()
    h.wait()
    assert window.current_page_key() == "accounting.periods"


def test_clerk_is_not_offered_the_entry_form(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    keys = h.window.page_keys()
    assert "accounting.journal" in keys
    assert "accounting.entry" not in keys
    assert h.window.open_page("accounting.entry") is None
    journal = h.window.open_page("accounting.journal")
    h.wait()
    assert journal.reverse_button.isHidden()
    periods = h.window.open_page("accounting.periods")
    h.wait()
    assert periods.close_button.isHidden() and periods.reopen_button.isHidden()
    assert "Clerk" in h.window.status_text()
    file_menu = next(a.menu() for a in h.window.menuBar().actions() if a.text() == "&File")
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts == ["&Log out / switch user", "Loc&k", "&Quit"]  # no backup for a clerk


def test_persian_turns_the_window_right_to_left_with_jalali_dates(start_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("admin", "en")
    app = QApplication.instance()
    assert app.layoutDirection() == Qt.LayoutDirection.LeftToRight
    old = h.window
    old.choose_language()
    dialog = old.language_dialog
    dialog.combo.setCurrentIndex(dialog.combo.findData("fa"))
    dialog.accept()
    qtbot.waitUntil(lambda: h.shell.window is not None and h.shell.window is not old, timeout=5000)
    h.wait()
    window = h.shell.window
    assert app.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.isRightToLeft()
    today = h.ctx.pack.calendar.format(h.ctx.today(), persian_digits=True)
    assert today in window.status_text()
    assert "Vazirmatn" in app.font().family()
    assert QSettings().value("language") == "fa"
    # dates typed in Persian digits are understood
    form = window.open_page("accounting.entry")
    h.wait()
    assert form.date.text() == today
    form.date.setText("1403/01/15")
    assert form._check_date() is not None  # noqa: SLF001
    # and back to English
    h.shell.change_language("en")
    h.wait()
    assert app.layoutDirection() == Qt.LayoutDirection.LeftToRight
