"""Start-up dialogs: the first-start choice (new branch or demo) and the login."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.branch import BranchContext, init_branch
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.packs import available_packs, load_pack
from branch_desktop.core.security import Actor, login
from branch_desktop.core.storage import Database
from branch_desktop.gui.forms import child, load_form
from branch_desktop.gui.tasks import TaskRunner, report_progress
from branch_desktop.gui.widgets import message_label, set_message

DEFAULT_DEMO = (100, 1000, 6, 1)  # employers, insured, months, seed


def pack_label(code: str) -> str:
    try:
        pack = load_pack(code)
    except DomainError:
        return code
    return f"{pack.organisation} ({code})"


class FirstStartDialog(QDialog):
    """A fresh database: create a branch (pack, name, administrator) or open the demo branch."""

    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.ctx: BranchContext | None = None
        self.username = ""
        self.setWindowTitle(_("Welcome to Branch Desktop"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("This database has no branch yet. What would you like to do?")))
        self.create_choice = QRadioButton(_("&Create a new branch"))
        self.demo_choice = QRadioButton(_("Open the &demo branch (sample data, to try things out)"))
        self.create_choice.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.create_choice)
        group.addButton(self.demo_choice)
        layout.addWidget(self.create_choice)

        self.create_box = QGroupBox()
        form = QFormLayout(self.create_box)
        self.pack = QComboBox()
        self.demo_pack = QComboBox()
        for code in available_packs():
            self.pack.addItem(pack_label(code), code)
            self.demo_pack.addItem(pack_label(code), code)
        self.branch_name = QLineEdit()
        self.admin = QLineEdit("admin")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Jurisdiction pack"), self.pack)
        form.addRow(_("Branch name"), self.branch_name)
        form.addRow(_("Administrator user name"), self.admin)
        form.addRow(_("Password"), self.password)
        form.addRow(_("Password again"), self.password2)
        layout.addWidget(self.create_box)

        layout.addWidget(self.demo_choice)
        self.demo_box = QGroupBox()
        demo_form = QFormLayout(self.demo_box)
        demo_form.addRow(_("Jurisdiction pack"), self.demo_pack)
        layout.addWidget(self.demo_box)

        self.message = message_label()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.go_button = QPushButton(_("Continue"))
        self.go_button.setDefault(True)
        self.quit_button = QPushButton(_("Quit"))
        self.buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.go_button.clicked.connect(self.go)
        self.quit_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.create_choice.toggled.connect(self._update)
        self._update()
        self.resize(560, self.sizeHint().height())

    def _update(self) -> None:
        creating = self.create_choice.isChecked()
        self.create_box.setEnabled(creating)
        self.demo_box.setEnabled(not creating)

    def go(self) -> None:
        if self.ctx is not None:  # the demo is ready and its password was shown
            self.accept()
            return
        set_message(self.message, "")
        if self.create_choice.isChecked():
            self._create()
        else:
            self._demo()

    def _create(self) -> None:
        if self.password.text() != self.password2.text():
            set_message(self.message, _("The two passwords differ."))
            self.password2.setFocus()
            return
        db, pack, name = self.db, self.pack.currentData(), self.branch_name.text()
        admin, password = self.admin.text().strip(), self.password.text()

        def done(result: tuple[BranchContext, Actor]) -> None:
            self.ctx = result[0]
            self.username = admin
            self.accept()

        self.go_button.setEnabled(False)
        self.runner.submit(lambda: init_branch(db, pack, name, admin, password), done, self._refused,
                           label=_("Creating the branch…"))

    def _demo(self) -> None:
        from branch_desktop.demo import DemoSize, build_demo, demo_password

        db, pack = self.db, self.demo_pack.currentData()

        def work() -> BranchContext:
            ctx, _admin, _count = build_demo(db, pack, DemoSize(*DEFAULT_DEMO), progress=report_progress)
            return ctx

        def done(ctx: BranchContext) -> None:
            self.ctx = ctx
            self.username = "admin"
            self.go_button.setEnabled(True)
            set_message(self.message, _(
                "The demo branch is ready. Users: admin, clerk, accountant, manager; password: {password}"
            ).format(password=demo_password()), ok=True)
            self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.go_button.setEnabled(False)
        self.runner.submit(work, done, self._refused, label=_("Building the demo branch…"))

    def _refused(self, exc: BaseException) -> None:
        self.go_button.setEnabled(True)
        if isinstance(exc, DomainError):
            set_message(self.message, str(exc))
        else:
            self.runner.report_unexpected(exc)


PREPARE_AFTER_MS = 150  # the login dialog is on screen before the window's modules are imported


class LoginDialog(QDialog):
    """User name and password. A refusal never says which of the two was wrong (the service's words)."""

    def __init__(self, db: Database, runner: TaskRunner, branch: str, username: str = "",
                 parent: QWidget | None = None, *, prepare: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.actor: Actor | None = None
        # what the main window will need (its pages' modules), done on this thread while the
        # password is checked on the runner's (argon2 leaves the interpreter free meanwhile)
        self.prepare = prepare
        self.setWindowTitle(_("Log in"))
        layout = QVBoxLayout(self)
        self.form = load_form("shell/login", self)  # ui/shell/login.ui: the branch, user name, password
        child(self.form, QLabel, "branch").setText(f"<b>{branch}</b>")
        self.username = child(self.form, QLineEdit, "username")
        self.username.setText(username)
        self.password = child(self.form, QLineEdit, "password")
        layout.addWidget(self.form)
        self.message = message_label()
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Log in"))
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Quit"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.username.returnPressed.connect(self.password.setFocus)
        if username:
            self.password.setFocus()
        self.resize(380, self.sizeHint().height())

    def try_login(self) -> None:
        user, password = self.username.text(), self.password.text()
        if not user.strip():
            set_message(self.message, _("Type your user name."))
            self.username.setFocus()
            return
        if not password:  # Enter after the user name moves on; it never tries an empty password
            if not self.password.hasFocus():
                self.password.setFocus()
                return
            set_message(self.message, _("Type your password."))
            return
        self.ok_button.setEnabled(False)
        set_message(self.message, "")
        db = self.db
        self.runner.submit(lambda: login(db, user, password), self._done, self._refused, label=_("Logging in…"))
        self._prepare_now()  # the answer is queued to this thread: it is handled once this is done

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.prepare is not None:  # once the dialog is painted, while the password is typed
            QTimer.singleShot(PREPARE_AFTER_MS, self, self._prepare_now)

    def _prepare_now(self) -> None:
        if self.prepare is not None:
            prepare, self.prepare = self.prepare, None
            prepare()

    def _done(self, actor: Actor) -> None:
        self.ok_button.setEnabled(True)
        self.actor = actor
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        if isinstance(exc, DomainError):
            set_message(self.message, str(exc))
        else:
            self.runner.report_unexpected(exc)
