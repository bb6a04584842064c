"""Log out, switch user and the idle lock.

* **Log out / switch user** (``Ctrl+L``): the log-in dialog comes back without quitting; the
  window is closed (its state saved under the user's name) and built again for whoever logs in,
  with that user's pages and home page.
* **Idle lock**: after the idle time of the settings (``security/idle_lock_minutes``, default
  :data:`DEFAULT_IDLE_MINUTES`, 0 = never) with no key or mouse input, every window of the
  application is hidden and the lock screen asks the same user's password, or lets another user
  log in. The hidden windows are kept as they were, so a half-typed form is still there after
  unlocking.

Log-outs, locks and unlocks are audited by ``core.security`` (the services run on the task runner).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor, lock_session, logout, unlock_session
from branch_desktop.gui.widgets import message_label, ok_cancel, set_message

if TYPE_CHECKING:
    from branch_desktop.gui.app import Shell
    from branch_desktop.gui.startup import LoginDialog

IDLE_SETTING = "security/idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 10
MAX_IDLE_MINUTES = 240

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.InputMethod,
})


def idle_minutes(settings: QSettings | None = None) -> int:
    """The idle time before the lock, from the settings (0: never lock)."""
    value = (settings or QSettings()).value(IDLE_SETTING, DEFAULT_IDLE_MINUTES)
    try:
        return max(0, min(MAX_IDLE_MINUTES, int(str(value))))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


def _keep_running(hold: bool) -> None:
    """While no window shows (between a log-out and the next log-in, under the lock) closing a
    dialog must not quit the application."""
    QApplication.setQuitOnLastWindowClosed(not hold)


class IdleWatcher(QObject):
    """Emits ``idle`` once when no key or mouse input reached the application for ``timeout_ms``.

    Input only stamps the time (cheap for every event); a single-shot timer checks the stamp when
    the time could be up and waits again for the rest otherwise."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_ms = 0
        self._last = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check)
        self._filtering = False

    def start(self, timeout_ms: int) -> None:
        """Watch (again) from now; ``timeout_ms`` 0 stops watching."""
        self.timeout_ms = max(0, timeout_ms)
        self._last = time.monotonic()
        if not self.timeout_ms:
            self.stop()
            return
        app = QApplication.instance()
        if app is not None and not self._filtering:
            app.installEventFilter(self)
            self._filtering = True
        self._timer.start(self.timeout_ms)

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._filtering:
            app.removeEventFilter(self)
        self._filtering = False

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _INPUT_EVENTS:
            self._last = time.monotonic()
        return False

    def _check(self) -> None:
        remaining = self.timeout_ms - int((time.monotonic() - self._last) * 1000)
        if remaining > 0:
            self._timer.start(remaining)
            return
        self.stop()
        self.idle.emit()


class LockDialog(QDialog):
    """The lock screen: the same user's password, or another user logs in. Esc does not unlock."""

    unlocked = Signal(object)  # Actor
    switch_requested = Signal()

    def __init__(self, actor: Actor, branch: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LockDialog")
        self.setWindowTitle(_("Locked"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{branch}</b>"))
        text = QLabel(_("This workstation is locked. {user}, type your password to continue.").format(
            user=actor.full_name or actor.username))
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("&Password"), self.password)
        label = form.labelForField(self.password)
        if isinstance(label, QLabel):
            label.setBuddy(self.password)
        layout.addLayout(form)
        self.message = message_label()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.unlock_button = QPushButton(_("Unlock"))
        self.unlock_button.setDefault(True)
        self.switch_button = QPushButton(_("Switch user…"))
        self.buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.switch_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.unlock_button.clicked.connect(self._unlock_clicked)
        self.switch_button.clicked.connect(self.switch_requested.emit)
        layout.addWidget(self.buttons)
        self.password.setFocus()
        self.resize(420, self.sizeHint().height())
        self.try_unlock: Callable[[str], None] = lambda password: None

    def _unlock_clicked(self) -> None:
        self.unlock_button.setEnabled(False)
        set_message(self.message, "")
        self.try_unlock(self.password.text())

    def refused(self, text: str) -> None:
        self.unlock_button.setEnabled(True)
        self.password.clear()
        self.activateWindow()
        self.password.setFocus()
        set_message(self.message, text)

    def reject(self) -> None:  # Esc leaves the screen locked
        return

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        event.ignore()  # only an unlock or a switch of user ends the lock


class IdleLockDialog(QDialog):
    """Settings → Lock after…: the idle minutes (0: never)."""

    def __init__(self, minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Idle lock"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.minutes = QSpinBox()
        self.minutes.setRange(0, MAX_IDLE_MINUTES)
        self.minutes.setSpecialValueText(_("Never"))
        self.minutes.setSuffix(" " + _("min"))
        self.minutes.setValue(minutes)
        form.addRow(_("Lock the workstation after this idle time"), self.minutes)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self.accept, self.reject))


class SessionGuard(QObject):
    """The shell's log-out, switch of user and idle lock."""

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(lambda: self.lock("idle"))
        self.lock_dialog: LockDialog | None = None
        self.login_dialog: LoginDialog | None = None
        self._hidden: list[QWidget] = []
        self._leaving = False
        # what "Quit" on the log-in dialog does (the tests keep the application running)
        self.quit: Callable[[], None] = QApplication.quit

    @property
    def locked(self) -> bool:
        return self.lock_dialog is not None

    def watch(self) -> None:
        """(Re)start the idle watch with the idle time of the settings."""
        self.idle.start(idle_minutes() * 60_000)

    def set_idle_minutes(self, minutes: int) -> None:
        QSettings().setValue(IDLE_SETTING, int(minutes))
        self.watch()

    # -- log out / switch user ------------------------------------------------------------------
    def log_out(self) -> LoginDialog | None:
        """Close the window (its state is saved under the user's name) and ask for a log-in."""
        from branch_desktop.gui.startup import LoginDialog

        if self.login_dialog is not None or self._leaving:
            return self.login_dialog
        shell = self.shell
        actor, db = shell.session.actor, shell.session.ctx.db
        self._leaving = True
        try:
            # what the user's pages still wait for reaches them before they close (a late answer
            # would otherwise land on a closed page, or in front of the next user)
            shell.runner.wait_idle(30)
        finally:
            self._leaving = False
        self.idle.stop()
        _keep_running(True)
        self._end_lock()
        shell.runner.submit(lambda: logout(db, actor), quiet=True)
        dialog = LoginDialog(db, shell.runner, shell.session.ctx.name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._logged_in(dialog.actor))
        dialog.rejected.connect(self._quit)
        self.login_dialog = dialog
        dialog.show()  # shown before the window closes, so the application does not quit
        dialog.username.setFocus()
        for widget in self._hidden:
            widget.close()
        self._hidden = []
        shell.close_window()
        return dialog

    def _quit(self) -> None:
        self.login_dialog = None
        _keep_running(False)
        self.quit()

    def _logged_in(self, actor: Actor | None) -> None:
        self.login_dialog = None
        if actor is not None:
            self.shell.start_session(actor)
        _keep_running(False)

    # -- lock -----------------------------------------------------------------------------------
    def lock(self, reason: str = "request") -> LockDialog | None:
        shell = self.shell
        if self.locked or shell.window is None:
            return self.lock_dialog
        self.idle.stop()
        actor, ctx = shell.session.actor, shell.session.ctx
        shell.runner.submit(lambda: lock_session(ctx.db, actor, reason), quiet=True)
        dialog = LockDialog(actor, ctx.name)
        dialog.try_unlock = self._try_unlock
        dialog.switch_requested.connect(self.log_out)
        self.lock_dialog = dialog
        dialog.show()
        _keep_running(True)
        visible = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not dialog]
        # windows first, then their dialogs: shown again in this order, the dialogs stay on top
        self._hidden = sorted(visible, key=lambda w: isinstance(w, QDialog))
        for widget in self._hidden:
            widget.hide()
        dialog.activateWindow()
        dialog.password.setFocus()
        return dialog

    def _try_unlock(self, password: str) -> None:
        shell = self.shell
        actor, db = shell.session.actor, shell.session.ctx.db

        def refused(exc: BaseException) -> None:
            if self.lock_dialog is None:
                return
            if isinstance(exc, DomainError):
                self.lock_dialog.refused(str(exc))
            else:
                self.lock_dialog.refused("")
                shell.runner.report_unexpected(exc)

        shell.runner.submit(lambda: unlock_session(db, actor, password), lambda _a: self.unlock(), refused,
                            quiet=True)

    def unlock(self) -> None:
        """The password was right: the hidden windows come back as they were."""
        hidden, self._hidden = self._hidden, []
        self._end_lock()
        for widget in hidden:
            widget.show()
        window = self.shell.window
        if window is not None:
            window.activateWindow()
        _keep_running(False)
        self.watch()

    def _end_lock(self) -> None:
        dialog, self.lock_dialog = self.lock_dialog, None
        if dialog is not None:
            dialog.hide()
            dialog.deleteLater()

    def stop(self) -> None:
        self.idle.stop()
        self._end_lock()
        self._hidden = []
        _keep_running(False)
        if self.login_dialog is not None:
            self.login_dialog.close()
            self.login_dialog = None
