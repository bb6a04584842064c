"""Command-line sessions (``branch-desktop login``): the password once, then a token; both databases."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from branch_desktop.cli import run
from branch_desktop.core import security
from branch_desktop.core.cli_sessions import (
    HARD_LIMIT,
    close_session,
    open_session,
    resume_session,
    session_settings,
    set_session_settings,
    token_hash,
)
from branch_desktop.core.errors import PermissionDenied, ValidationError
from branch_desktop.core.models import AuditLog, CliSession, User, utcnow
from branch_desktop.core.roles import Role
from branch_desktop.session_cli import token_path
from tests.conftest import PASSWORD, Branch


def _open(branch: Branch, now: dt.datetime | None = None) -> str:
    token, _expires = open_session(branch.ctx.db, branch.clerk, "ws-1", "someone", now=now)
    return token


def _actions(branch: Branch) -> list[str]:
    with branch.ctx.db.read() as s:
        return list(s.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def test_a_token_resumes_its_user_and_the_database_keeps_only_its_hash(branch: Branch) -> None:
    token = _open(branch)
    with branch.ctx.db.read() as s:
        row = s.scalars(select(CliSession)).one()
        assert row.token_hash == token_hash(token) and token not in row.token_hash
        assert (row.workstation, row.os_user, row.user_id) == ("ws-1", "someone", branch.clerk.id)
        assert row.expires_at - row.created_at == HARD_LIMIT
    actor = resume_session(branch.ctx.db, token)
    assert actor is not None and actor.username == "clerk" and actor.role is Role.CLERK
    assert resume_session(branch.ctx.db, token + "x") is None
    assert "cli_session.open" in _actions(branch)


def test_the_role_is_read_afresh_at_every_command(branch: Branch) -> None:
    token = _open(branch)
    with branch.ctx.db.write() as s:
        s.execute(update(User).where(User.id == branch.clerk.id).values(role=Role.MANAGER.value))
    actor = resume_session(branch.ctx.db, token)
    assert actor is not None and actor.role is Role.MANAGER


def test_the_idle_timeout_and_the_hard_limit_end_a_session(branch: Branch) -> None:
    start = utcnow()
    token = _open(branch, now=start)
    assert resume_session(branch.ctx.db, token, now=start + dt.timedelta(minutes=14)) is not None
    # the idle clock restarted at the last command: 16 minutes after the login is 2 after it
    assert resume_session(branch.ctx.db, token, now=start + dt.timedelta(minutes=16)) is not None
    assert resume_session(branch.ctx.db, token, now=start + dt.timedelta(minutes=32)) is None
    with branch.ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(CliSession)) == 0  # the ended session is gone

    token = _open(branch, now=start)
    at = start
    while at + dt.timedelta(minutes=10) < start + HARD_LIMIT:  # a command every 10 minutes
        at += dt.timedelta(minutes=10)
        assert resume_session(branch.ctx.db, token, now=at) is not None
    assert resume_session(branch.ctx.db, token, now=start + HARD_LIMIT) is None


def test_a_shorter_idle_timeout_from_the_branch_settings(branch: Branch) -> None:
    assert session_settings(branch.ctx.db) == (True, 15)
    with pytest.raises(PermissionDenied):
        set_session_settings(branch.ctx.db, branch.clerk, idle_minutes=5)
    with pytest.raises(ValidationError):
        set_session_settings(branch.ctx.db, branch.admin, idle_minutes=0)
    assert set_session_settings(branch.ctx.db, branch.admin, idle_minutes=5) == (True, 5)
    start = utcnow()
    token = _open(branch, now=start)
    assert resume_session(branch.ctx.db, token, now=start + dt.timedelta(minutes=6)) is None


def test_a_disabled_user_a_changed_password_or_sessions_turned_off_end_it(branch: Branch) -> None:
    db = branch.ctx.db
    token = _open(branch)
    with db.write() as s:
        s.execute(update(User).where(User.id == branch.clerk.id).values(active=False))
    assert resume_session(db, token) is None
    with db.write() as s:
        s.execute(update(User).where(User.id == branch.clerk.id).values(active=True))
    assert resume_session(db, token) is None  # ended for good, not only while disabled

    token = _open(branch)
    with db.write() as s:
        s.execute(update(User).where(User.id == branch.clerk.id)
                  .values(password_hash=security.hash_password("another-pass-2")))
    assert resume_session(db, token) is None

    token = _open(branch)
    set_session_settings(db, branch.admin, enabled=False)
    assert resume_session(db, token) is None
    with pytest.raises(PermissionDenied):
        _open(branch)
    assert _actions(branch).count("cli_session.end") == 2  # the third was ended by the setting, audited there


def test_logout_ends_the_session_and_is_audited(branch: Branch) -> None:
    token = _open(branch)
    actor = close_session(branch.ctx.db, token)
    assert actor is not None and actor.username == "clerk"
    assert resume_session(branch.ctx.db, token) is None
    assert close_session(branch.ctx.db, token) is None
    assert _actions(branch)[-1] == "logout"


# -- the command line, in process --------------------------------------------------------------------------


def _url(branch: Branch) -> str:
    return branch.ctx.db.engine.url.render_as_string(hide_password=False)


def test_login_then_commands_without_the_password_then_logout(branch: Branch, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    url = _url(branch)
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)
    assert run(["--db", url, "--lang", "en", "--user", "clerk", "login"]) == 0
    assert "Logged in as clerk" in capsys.readouterr().out
    monkeypatch.delenv("BRANCH_DESKTOP_PASSWORD")
    monkeypatch.delenv("BRANCH_DESKTOP_USER", raising=False)

    def no_argon2() -> None:
        raise AssertionError("the password was checked")

    monkeypatch.setattr(security, "_hasher", no_argon2)
    assert run(["--db", url, "--lang", "en", "db", "current"]) == 0  # no --user: the session's
    assert run(["--db", url, "--lang", "en", "--user", "clerk", "verify"]) == 0
    # another user named: the session is not theirs, so the password is asked (none here: refused)
    assert run(["--db", url, "--lang", "en", "--user", "admin", "verify"]) == 2
    capsys.readouterr()
    assert run(["--db", url, "--lang", "en", "logout"]) == 0
    assert "Logged out: clerk." in capsys.readouterr().out
    assert not token_path(branch.ctx.db).exists()
    assert run(["--db", url, "--lang", "en", "--user", "clerk", "verify"]) == 2  # no session, no password
    assert "No password for clerk" in capsys.readouterr().err


def test_the_token_file_is_its_owners_alone(branch: Branch, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    url = _url(branch)
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)
    assert run(["--db", url, "--user", "clerk", "login"]) == 0
    path = token_path(branch.ctx.db)
    token = path.read_text(encoding="ascii").strip()
    assert len(token) >= 40
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        path.chmod(0o644)  # readable by others: not used, the password is checked instead
        monkeypatch.delenv("BRANCH_DESKTOP_PASSWORD")
        capsys.readouterr()
        assert run(["--db", url, "--lang", "en", "--user", "clerk", "verify"]) == 2
        assert "may be read by other users" in capsys.readouterr().err


def test_a_disabled_users_token_is_refused_on_the_command_line(branch: Branch, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    url = _url(branch)
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)
    assert run(["--db", url, "--user", "clerk", "login"]) == 0
    monkeypatch.delenv("BRANCH_DESKTOP_PASSWORD")
    with branch.ctx.db.write() as s:
        s.execute(update(User).where(User.username == "clerk").values(active=False))
    assert run(["--db", url, "--user", "clerk", "verify"]) == 2
    assert not token_path(branch.ctx.db).exists()  # the ended session's file is removed


def test_sessions_turned_off_refuse_login(branch: Branch, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    url = _url(branch)
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)
    assert run(["--db", url, "--lang", "en", "--user", "admin", "cli-sessions", "--off"]) == 0
    assert "turned off" in capsys.readouterr().out
    assert run(["--db", url, "--lang", "en", "--user", "clerk", "login"]) == 2
    assert "turned off" in capsys.readouterr().err
    assert not token_path(branch.ctx.db).exists()
    assert run(["--db", url, "--lang", "en", "--user", "clerk", "verify"]) == 0  # the password still works


# -- the installed entry point, fresh processes -------------------------------------------------------------


def _entry_point() -> str:
    script = Path(sys.executable).with_name("branch-desktop")
    assert script.exists(), "the branch-desktop entry point is not installed (pip install -e .)"
    return str(script)


def test_the_installed_command_logs_in_once(sqlite_db: object, tmp_path: Path) -> None:
    from branch_desktop.core.branch import init_branch

    init_branch(sqlite_db, "ir_sso", "Fresh", "admin", PASSWORD)  # type: ignore[arg-type]
    url = str(sqlite_db.engine.url)  # type: ignore[attr-defined]
    sqlite_db.dispose()  # type: ignore[attr-defined]
    env = dict(os.environ, BRANCH_DESKTOP_STATE=str(tmp_path / "state"), HOME=str(tmp_path))
    for name in ("BRANCH_DESKTOP_DB", "BRANCH_DESKTOP_USER", "BRANCH_DESKTOP_PASSWORD"):
        env.pop(name, None)

    def cli(*args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
        extra = {"BRANCH_DESKTOP_PASSWORD": password} if password else {}
        return subprocess.run([_entry_point(), "--db", url, "--lang", "en", *args], env={**env, **extra},
                              cwd=tmp_path, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)

    assert cli("verify", "--user", "admin").returncode == 2  # no session, no password
    done = cli("login", "--user", "admin", password=PASSWORD)
    assert done.returncode == 0, done.stderr
    done = cli("verify")
    assert done.returncode == 0, done.stderr
    assert "The books are sound" in done.stdout
    done = cli("logout")
    assert done.returncode == 0 and "Logged out: admin." in done.stdout
    assert cli("verify", "--user", "admin").returncode == 2


def test_a_branch_from_before_sessions_upgrades_and_then_logs_in(sqlite_db: object, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A branch at the revisions before ``sessions_0001`` (a token file left by a newer one, as after
    restoring an older backup): ``db current`` and ``db upgrade`` log in with the password, then
    ``login`` works."""
    import json

    from alembic import command

    from branch_desktop.core.branch import init_branch
    from branch_desktop.core.migrations import alembic_config, current_revisions, pending_steps

    db = sqlite_db
    init_branch(db, "ir_sso", "Old", "admin", PASSWORD)  # type: ignore[arg-type]
    url = str(db.engine.url)  # type: ignore[attr-defined]
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)
    assert run(["--db", url, "--user", "admin", "login"]) == 0
    command.downgrade(alembic_config(db.engine), "sessions_0001-1")  # type: ignore[attr-defined]
    assert "sessions_0001" not in current_revisions(db.engine)  # type: ignore[attr-defined]
    capsys.readouterr()
    assert run(["--db", url, "--lang", "en", "--user", "admin", "db", "current"]) == 0
    assert "sessions_0001" not in json.loads(capsys.readouterr().out)["current"]
    pending = [r for r, _t in pending_steps(db.engine)]  # type: ignore[attr-defined]
    assert "sessions_0001" in pending, pending
    assert run(["--db", url, "--lang", "en", "--user", "admin", "db", "upgrade"]) == 0
    assert "sessions_0001" in current_revisions(db.engine)  # type: ignore[attr-defined]
    err = capsys.readouterr().err  # each applied revision is told as it is done
    n = len(pending)
    assert re.search(rf"\[\d/{n}\] applied sessions_0001 \(kernel: command-line sessions", err), err
    at = [err.index(f"[{i}/{n}] applied {r} (") for i, r in enumerate(pending, 1)]  # as announced, in order
    assert at == sorted(at), err
    assert pending_steps(db.engine) == []  # type: ignore[attr-defined]
    assert run(["--db", url, "--lang", "en", "--user", "admin", "login"]) == 0
    monkeypatch.delenv("BRANCH_DESKTOP_PASSWORD")
    assert run(["--db", url, "--lang", "en", "verify"]) == 0
