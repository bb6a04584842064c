import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, text

from branch_desktop.core.errors import AuthenticationError, ConflictError, PermissionDenied, ValidationError
from branch_desktop.core.models import AuditLog, User
from branch_desktop.core.security import LOCKOUT_FAILURES, create_user, login
from branch_desktop.core.storage import Database, resolve_url
from tests.conftest import PASSWORD, Branch


def test_passwords_are_argon2_and_login_works(branch: Branch) -> None:
    db = branch.ctx.db
    with db.read() as s:
        stored = s.scalar(select(User.password_hash).where(User.username == "clerk"))
    assert stored and stored.startswith("$argon2id$") and PASSWORD not in stored
    actor = login(db, "clerk", PASSWORD)
    assert actor.role.value == "clerk"


def test_wrong_user_and_wrong_password_say_the_same(branch: Branch) -> None:
    db = branch.ctx.db
    with pytest.raises(AuthenticationError) as a:
        login(db, "clerk", "nope-nope")
    with pytest.raises(AuthenticationError) as b:
        login(db, "nobody", "nope-nope")
    assert str(a.value) == str(b.value) == "The user name or the password is wrong."


def test_five_failures_lock_the_account_and_are_logged(branch: Branch) -> None:
    db = branch.ctx.db
    for _ in range(LOCKOUT_FAILURES):
        with pytest.raises(AuthenticationError):
            login(db, "clerk", "wrong-password")
    with pytest.raises(AuthenticationError, match="locked"):
        login(db, "clerk", PASSWORD)  # even the right password, while locked
    with db.read() as s:
        actions = list(s.scalars(select(AuditLog.action).where(AuditLog.username == "clerk")))
    assert actions.count("login.failed") == LOCKOUT_FAILURES and "user.locked" in actions
    with db.write() as s:  # time passes
        user = s.scalar(select(User).where(User.username == "clerk"))
        assert user is not None and user.locked_until is not None
        user.locked_until = dt.datetime(2000, 1, 1)
    assert login(db, "clerk", PASSWORD).username == "clerk"


def test_only_admins_create_users(branch: Branch) -> None:
    with branch.ctx.db.write() as s, pytest.raises(PermissionDenied):
        create_user(s, branch.manager, "x", PASSWORD, "clerk")
    with branch.ctx.db.write() as s, pytest.raises(ConflictError):
        create_user(s, branch.admin, "clerk", PASSWORD, "clerk")
    with branch.ctx.db.write() as s, pytest.raises(ValidationError):
        create_user(s, branch.admin, "shorty", "short", "clerk")


def test_sqlite_pragmas(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_url_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRANCH_DESKTOP_DB", raising=False)
    assert resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("BRANCH_DESKTOP_DB", "postgresql://env@h/db")
    assert resolve_url(None) == "postgresql+psycopg://env@h/db"


def test_upgrade_backs_up_an_existing_sqlite_file(tmp_path: Path, sqlite_template: Path) -> None:
    import shutil

    path = tmp_path / "old.db"
    shutil.copyfile(sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    with db.engine.begin() as conn:  # pretend the file is one revision behind
        conn.execute(text("DELETE FROM alembic_version"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES ('base-test')"))
    from branch_desktop.core.migrations import pending_revisions

    assert pending_revisions(db.engine)
    with pytest.raises(Exception):  # noqa: B017 - an unknown revision cannot be upgraded, but the backup exists
        db.upgrade()
    assert path.with_suffix(".db.pre-upgrade.bak").exists()
    db.dispose()


def test_logout_lock_and_unlock_are_audited(branch: Branch) -> None:
    from branch_desktop.core.security import lock_session, logout, unlock_session

    db = branch.ctx.db
    clerk = login(db, "clerk", PASSWORD)
    lock_session(db, clerk)
    with pytest.raises(AuthenticationError, match="The password is wrong"):
        unlock_session(db, clerk, "not-my-password")
    assert unlock_session(db, clerk, PASSWORD).username == "clerk"
    logout(db, clerk)
    with db.read() as s:
        rows = s.execute(select(AuditLog.action, AuditLog.user_id).where(AuditLog.username == "clerk")
                         .order_by(AuditLog.id)).all()
    assert [r[0] for r in rows] == ["login", "session.lock", "unlock.failed", "session.unlock", "logout"]
    assert all(r[1] == clerk.id for r in rows if r[0] != "unlock.failed")


def test_failed_unlocks_count_towards_the_lockout(branch: Branch) -> None:
    from branch_desktop.core.security import unlock_session

    db = branch.ctx.db
    clerk = login(db, "clerk", PASSWORD)
    for _ in range(LOCKOUT_FAILURES):
        with pytest.raises(AuthenticationError):
            unlock_session(db, clerk, "wrong-password")
    with pytest.raises(AuthenticationError, match="locked"):
        unlock_session(db, clerk, PASSWORD)  # locked out: the right password no longer unlocks
    with pytest.raises(AuthenticationError, match="locked"):
        login(db, "clerk", PASSWORD)
