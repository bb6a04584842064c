"""The first start on an empty database: create a branch, or open the demo branch."""

from __future__ import annotations

from pathlib import Path

from branch_desktop.core.branch import is_initialised, open_branch
from branch_desktop.core.security import login
from branch_desktop.core.storage import Database
from branch_desktop.demo import demo_password
from branch_desktop.gui import startup
from branch_desktop.gui.startup import FirstStartDialog
from branch_desktop.gui.tasks import TaskRunner


def _empty(tmp_path: Path) -> Database:
    db = Database(f"sqlite:///{tmp_path / 'new.db'}")
    db.upgrade()
    return db


def test_create_a_branch(qtbot, tmp_path: Path, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    db = _empty(tmp_path)
    dialog = FirstStartDialog(db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pack.setCurrentIndex(dialog.pack.findData("tr_sgk"))
    dialog.branch_name.setText("Kadıköy SGM")  # QTest types ASCII only
    dialog.admin.setText("mudur")
    qtbot.keyClicks(dialog.password, "s3cret-pass")
    qtbot.keyClicks(dialog.password2, "s3cret-pasS")
    dialog.go_button.click()
    assert "differ" in dialog.message.text()
    assert not is_initialised(db)

    dialog.password2.clear()
    qtbot.keyClicks(dialog.password2, "s3cret-pass")
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        dialog.go_button.click()
    ctx = open_branch(db)
    assert (ctx.pack.code, ctx.name) == ("tr_sgk", "Kadıköy SGM")
    assert dialog.username == "mudur"
    assert login(db, "mudur", "s3cret-pass").role.value == "admin"
    db.dispose()


def test_short_password_is_refused_by_the_service(qtbot, tmp_path: Path, runner: TaskRunner) -> None:  # type: ignore[no-untyped-def]
    db = _empty(tmp_path)
    dialog = FirstStartDialog(db, runner)
    qtbot.addWidget(dialog)
    dialog.branch_name.setText("Branch")
    dialog.password.setText("short")
    dialog.password2.setText("short")
    dialog.go_button.click()
    assert runner.wait_idle(20)
    assert "at least 8 characters" in dialog.message.text()
    assert not is_initialised(db)
    db.dispose()


def test_open_the_demo_branch_shows_the_password(qtbot, tmp_path: Path, runner: TaskRunner,  # type: ignore[no-untyped-def]
                                                 monkeypatch) -> None:
    monkeypatch.setattr(startup, "DEFAULT_DEMO", (5, 20, 1, 1))
    db = _empty(tmp_path)
    dialog = FirstStartDialog(db, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.demo_choice.setChecked(True)
    dialog.go_button.click()
    assert runner.wait_idle(60)
    assert demo_password() in dialog.message.text()
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        dialog.go_button.click()
    assert is_initialised(db)
    assert login(db, "clerk", demo_password()).username == "clerk"
    db.dispose()
