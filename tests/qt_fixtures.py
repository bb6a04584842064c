"""Fixtures of the GUI tests (every department's pages): real widgets offscreen (pytest-qt), a small
demo branch per test. Registered for the whole suite by ``tests/conftest.py``.

The demo database is built once per session (``build_demo`` through the services) and copied
for every test, so each test starts from the same fresh books. QSettings go to a temporary
folder, never to the user's real configuration.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SETTINGS_DIR = tempfile.mkdtemp(prefix="branch-desktop-gui-settings-")
os.environ["XDG_CONFIG_HOME"] = _SETTINGS_DIR

import pytest  # noqa: E402
from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from branch_desktop.core.branch import BranchContext, open_branch  # noqa: E402
from branch_desktop.core.i18n import set_language  # noqa: E402
from branch_desktop.core.security import Actor, login  # noqa: E402
from branch_desktop.core.storage import Database  # noqa: E402
from branch_desktop.demo import DemoSize, build_demo, demo_modules, demo_password  # noqa: E402

QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, _SETTINGS_DIR)
QSettings.setDefaultFormat(QSettings.Format.IniFormat)

DEMO_SIZE = DemoSize(10, 50, 2, 1)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gui-template") / "demo.db"
    db = Database(f"sqlite:///{path}")
    db.upgrade(backup=False)
    # Without the bank statements: the shell's period tests close the current month, which an
    # unreconciled bank account would (rightly) block; the banking pages have their own tests.
    build_demo(db, "ir_sso", DEMO_SIZE, modules=[m for m in demo_modules() if ".banking." not in m])
    db.dispose()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "branch.db"
    shutil.copyfile(demo_template, path)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


@pytest.fixture
def ctx(demo_db: Database) -> BranchContext:
    return open_branch(demo_db)


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[object]:
    from branch_desktop.gui.tasks import TaskRunner

    r = TaskRunner()
    yield r
    r.wait_idle(10)
    r.shutdown()


@dataclass
class ShellHandle:
    shell: object
    ctx: BranchContext
    actor: Actor

    @property
    def window(self):  # type: ignore[no-untyped-def]
        return self.shell.window  # type: ignore[attr-defined]

    @property
    def runner(self):  # type: ignore[no-untyped-def]
        return self.shell.runner  # type: ignore[attr-defined]

    def wait(self, timeout: float = 20.0) -> None:
        assert self.runner.wait_idle(timeout), "tasks did not finish"


def activate(window: object) -> None:
    from PySide6.QtTest import QTest

    window.activateWindow()  # type: ignore[attr-defined]
    if QApplication.activeWindow() is not window:  # the offscreen platform needs a push
        with warnings.catch_warnings():  # deprecated in Qt 6, still the way to do it offscreen
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(window)  # type: ignore[arg-type]
    assert QTest.qWaitForWindowActive(window, 5000), "the window did not become active"  # type: ignore[call-overload]
    assert QApplication.activeWindow() is window


def _start_shell(ctx: BranchContext, runner: object, username: str, lang: str = "en") -> ShellHandle:
    from branch_desktop.gui.app import Shell, apply_language, make_app

    make_app()
    QSettings().clear()
    apply_language(lang)
    actor = login(ctx.db, username, demo_password())
    shell = Shell(ctx, actor, runner)  # type: ignore[arg-type]
    window = shell.show()
    handle = ShellHandle(shell, ctx, actor)
    handle.wait()  # first: on a busy machine a slow start-up task shows (and activates) its progress dialog
    activate(window)
    return handle


@pytest.fixture
def start_shell_on(runner: object, qtbot: object) -> Iterator[object]:
    """``start_shell_on(ctx, "clerk", "tr")`` logs that user in on a branch the test made itself
    (users with the demo password) and shows the main window."""
    handles: list[ShellHandle] = []

    def start(ctx: BranchContext, username: str = "admin", lang: str = "en") -> ShellHandle:
        handle = _start_shell(ctx, runner, username, lang)
        handles.append(handle)
        return handle

    yield start
    from branch_desktop.gui.app import apply_language
    from branch_desktop.gui.tasks import open_message_boxes

    for handle in handles:
        handle.runner.wait_idle(10)
        handle.shell.guard.stop()  # the idle watch, a lock screen or a log-in dialog left open
        for box in open_message_boxes():
            box.close()
        if handle.window is not None:
            handle.window.close()
            handle.window.deleteLater()
    apply_language("en")
    set_language("en")
    QApplication.instance().setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # type: ignore[union-attr]


@pytest.fixture
def start_shell(ctx: BranchContext, start_shell_on: object) -> object:
    """``start_shell("accountant")`` logs that demo user in on the demo branch and shows the main window."""

    def start(username: str = "admin", lang: str = "en") -> ShellHandle:
        return start_shell_on(ctx, username, lang)  # type: ignore[operator, no-any-return]

    return start
