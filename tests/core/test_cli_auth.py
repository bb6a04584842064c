"""The command line logs its user in as the GUI does, and every refusal is in the audit log."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from branch_desktop.cli import DemoProgress, _parser, _subparsers, run
from branch_desktop.core.models import AuditLog
from branch_desktop.core.security import LOCKOUT_FAILURES, login
from branch_desktop.core.storage import Database
from tests.conftest import PASSWORD, Branch


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _audit(db: Database, action: str) -> list[tuple[str, int | None, str]]:
    """(user name, user id, object) of the audit rows of ``action``, oldest first."""
    with db.read() as s:
        return [tuple(r) for r in s.execute(select(AuditLog.username, AuditLog.user_id, AuditLog.object_id)
                                            .where(AuditLog.action == action).order_by(AuditLog.id))]


class _NoTerminal(io.StringIO):
    def isatty(self) -> bool:
        return False


def test_a_command_needs_a_user_and_the_right_password(branch: Branch, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    url = branch.ctx.db.url
    monkeypatch.delenv("BRANCH_DESKTOP_USER", raising=False)
    monkeypatch.delenv("BRANCH_DESKTOP_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", _NoTerminal())
    code, _out, err = _cli(capsys, "--db", url, "verify")
    assert code == 2 and "--user" in err and "Traceback" not in err
    code, _out, err = _cli(capsys, "--db", url, "verify", "--user", "accountant")
    assert code == 2 and "BRANCH_DESKTOP_PASSWORD" in err
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", "not-the-password")
    code, _out, err = _cli(capsys, "--db", url, "verify", "--user", "accountant")
    assert code == 2 and "password is wrong" in err
    failed = _audit(branch.ctx.db, "login.failed")
    assert [r[0] for r in failed] == ["accountant"]
    code, _out, err = _cli(capsys, "--db", url, "verify", "--user", "nobody")
    assert code == 2 and "password is wrong" in err
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)
    monkeypatch.setenv("BRANCH_DESKTOP_USER", "accountant")  # the user may come from the environment
    code, out, err = _cli(capsys, "--db", url, "verify")
    assert code == 0 and "sound" in out, err
    assert [r[0] for r in _audit(branch.ctx.db, "login")][-1] == "accountant"


def test_the_password_is_asked_in_a_terminal(branch: Branch, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    class _Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    asked: list[str] = []
    monkeypatch.delenv("BRANCH_DESKTOP_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", _Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or PASSWORD)
    code, out, _err = _cli(capsys, "--db", branch.ctx.db.url, "--user", "manager", "verify")
    assert code == 0 and "sound" in out
    assert asked == ["Password for manager: "]


def test_lockout_applies_to_the_command_line(branch: Branch, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    url = branch.ctx.db.url
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", "wrong-password")
    for _ in range(LOCKOUT_FAILURES):
        assert _cli(capsys, "--db", url, "--user", "clerk", "verify")[0] == 2
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)
    code, _out, err = _cli(capsys, "--db", url, "--user", "clerk", "verify")
    assert code == 2 and "locked" in err
    assert [r[0] for r in _audit(branch.ctx.db, "user.locked")] == ["clerk"]
    assert [r[0] for r in _audit(branch.ctx.db, "login.locked")] == ["clerk"]


def test_a_refused_command_is_audited_with_the_real_actor(branch: Branch, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)
    code, _out, err = _cli(capsys, "--db", branch.ctx.db.url, "backup", "--out", str(tmp_path / "x.db"),
                           "--user", "clerk")
    assert code == 2 and "may not" in err
    assert not (tmp_path / "x.db").exists()
    refused = _audit(branch.ctx.db, "permission.denied")
    assert refused == [("clerk", branch.clerk.id, "system.backup")]


def test_global_options_work_before_and_after_the_command(branch: Branch, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)
    url = branch.ctx.db.url
    code, out, err = run(["verify", "--db", url, "--lang", "en", "--user", "admin"]), *capsys.readouterr()
    assert code == 0 and "sound" in out, err
    code, out, err = run(["--db", url, "--lang", "en", "report", "trial-balance", "--period",
                          str(branch.ctx.pack.calendar.year_month(branch.ctx.today())), "--user", "clerk"]), \
        *capsys.readouterr()
    assert code == 0 and out.startswith("code,name"), err
    monkeypatch.setenv("BRANCH_DESKTOP_ADMIN_PASSWORD", "admin-pass-1")
    new = tmp_path / "new.db"
    code, out, err = run(["init", "--db", str(new), "--lang", "en", "--pack", "tr_sgk", "--branch", "B",
                          "--admin", "root"]), *capsys.readouterr()
    assert code == 0 and new.exists(), err


def test_every_option_of_every_command_has_help() -> None:
    parser = _parser()
    missing = []
    for p in [parser, *_subparsers(parser)]:
        for action in p._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{p.prog} {'/'.join(action.option_strings) or action.dest}")
            if isinstance(action, argparse._SubParsersAction):
                missing += [f"{p.prog} {c.dest}" for c in action._choices_actions if not c.help]
    assert missing == []
    commands = {p.prog.removeprefix("branch-desktop ") for p in _subparsers(parser)}
    assert {"demo", "init", "backup verify", "receipt", "payroll run", "import statement"} <= commands
    for p in _subparsers(parser):  # --db, --lang and --user are taken after every command
        assert {"--db", "--lang", "--user"} <= set(p._option_string_actions), p.prog


def test_demo_on_an_init_branch_creates_the_demo_users(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'b.db'}"
    monkeypatch.setenv("BRANCH_DESKTOP_ADMIN_PASSWORD", "admin-pass-1")
    assert _cli(capsys, "--db", url, "init", "--pack", "ir_sso", "--branch", "B", "--admin", "root")[0] == 0
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", "admin-pass-1")
    monkeypatch.setenv("BRANCH_DESKTOP_USER", "root")
    args = ("--db", url, "demo", "--employers", "3", "--insured", "9", "--months", "1")
    code, out, err = _cli(capsys, *args)
    assert code == 0, err
    assert "Users created: clerk, accountant, manager" in out and "admin," not in out
    assert "step 1 of" in err and "step 2 of" in err  # not a terminal: one line per step
    db = Database(url)
    assert login(db, "clerk", "admin-pass-1").role.value == "clerk"
    code, out, _err = _cli(capsys, *args, "--extend", "--user", "clerk")  # adding to a branch: its administrator
    assert code == 2 and "may not" in _err
    code, out, _err = _cli(capsys, *args, "--user", "clerk")  # nothing to add: no login, nothing read or written
    assert code == 0 and "nothing added" in out
    db.dispose()


def test_demo_progress_draws_a_bar_on_a_terminal() -> None:
    class _Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = _Terminal()
    bar = DemoProgress(stream)
    bar.on_step("ledger", 2, 4)
    bar.on_count(5000)
    bar.finish()
    text = stream.getvalue()
    assert text.count("\r[") == 3 and "5000 entries posted" in text and text.endswith("\n")
    lines = _NoTerminal()
    plain = DemoProgress(lines)
    plain.on_step("revenue", 3, 4)
    assert lines.getvalue() == "step 3 of 4: revenue\n"


def test_the_gui_runner_audits_a_refused_task(branch: Branch, qapp: object) -> None:
    from branch_desktop.core.security import record_refusal, require
    from branch_desktop.gui.tasks import TaskRunner

    runner = TaskRunner()
    runner.record_refusals(lambda exc: record_refusal(branch.ctx.db, branch.clerk, exc))
    errors: list[BaseException] = []
    runner.submit(lambda: require(branch.clerk, "users.manage"), on_error=errors.append, quiet=True)
    assert runner.wait_idle(10)
    runner.shutdown()
    assert errors and errors[0].__class__.__name__ == "PermissionDenied"
    refused = _audit(branch.ctx.db, "permission.denied")
    assert [(r[0], r[2]) for r in refused] == [("clerk", "users.manage")]
