"""Backups checked when written and rotated; restores that cannot lose a branch (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select, text

from branch_desktop.cli import run
from branch_desktop.core import backup
from branch_desktop.core.errors import PermissionDenied, ValidationError
from branch_desktop.core.ledger import services as ledger
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.models import AuditLog, User
from branch_desktop.core.security import create_user
from branch_desktop.core.storage import Database
from tests.conftest import PASSWORD, Branch


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)  # every command logs its user in


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _post(b: Branch, amount: int = 1_000) -> None:
    ledger.post_entry(b.ctx, b.accountant, EntryInput("REV", b.ctx.today(), "Premium paid", (
        LineInput("1500", debit=amount), LineInput("1310", credit=amount))))


def _usernames(db: Database) -> set[str]:
    with db.read() as s:
        return set(s.scalars(select(User.username)))


def _actions(db: Database) -> list[str]:
    with db.read() as s:
        return list(s.scalars(select(AuditLog.action).order_by(AuditLog.id)))


def _sqlite_only(b: Branch) -> Path:
    path = b.ctx.db.sqlite_path
    if path is None:
        pytest.skip("an SQLite file case")
    return path


def test_rotation_keeps_14_daily_and_12_monthly_checked_copies(branch: Branch, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    _sqlite_only(branch)
    _post(branch)
    folder = tmp_path / "copies"
    start = dt.date(2025, 1, 1)
    for n in range(0, 400, 20):  # 20 copies over 13 months: a new month's first copy is its monthly one
        backup.rotate_backup(branch.ctx.db, branch.admin, start + dt.timedelta(days=n), folder)
    daily = sorted(p.name for p in (folder / "daily").iterdir())
    monthly = sorted(p.name for p in (folder / "monthly").iterdir())
    assert len(daily) == 14 and daily[-1] == f"branch-{start + dt.timedelta(days=380)}.db"
    assert len(monthly) == 12 and monthly[0] == "branch-2025-02.db" and monthly[-1] == "branch-2026-01.db"
    assert not list(folder.rglob("*.checking"))
    code, out, err = _cli(capsys, "backup", "verify", str(folder / "daily" / daily[-1]))
    assert code == 0 and "the backup is sound (1 entries)" in out, err
    assert _actions(branch.ctx.db).count("system.backup.rotate") == 20


def test_backup_verify_names_a_damaged_or_missing_file(branch: Branch, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    _sqlite_only(branch)
    _post(branch)
    good = backup.backup_file(branch.ctx.db, branch.manager, tmp_path / "good.db")
    damaged = tmp_path / "damaged.db"
    data = bytearray(good.read_bytes())
    data[len(data) // 2:len(data) // 2 + 4096] = b"\xff" * 4096
    damaged.write_bytes(bytes(data))
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(good.read_bytes()[:20_000])
    for path, message in ((damaged, ""), (truncated, ""), (tmp_path / "missing.db", "There is no file")):
        code, _out, err = _cli(capsys, "backup", "verify", str(path))
        assert code == 1 and message in err and "Traceback" not in err, err
    with pytest.raises(PermissionDenied):
        backup.backup_file(branch.ctx.db, branch.clerk, tmp_path / "no.db")


def _tampered_copy(b: Branch, tmp_path: Path) -> Path:
    """A backup whose books fail verify (an entry's text changed behind the guards)."""
    copy = backup.backup_file(b.ctx.db, b.admin, tmp_path / "tampered.db")
    db = Database(f"sqlite:///{copy}")
    with db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER trg_entries_update"))
        conn.execute(text("UPDATE entries SET description = 'edited' WHERE status = 'posted'"))
    db.dispose()
    return copy


def test_restore_refuses_bad_files_and_roles_and_leaves_the_live_database_untouched(
        branch: Branch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    live = _sqlite_only(branch)
    _post(branch)
    good = backup.backup_file(branch.ctx.db, branch.admin, tmp_path / "good.db")
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(good.read_bytes()[:20_000])
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    text_file = tmp_path / "notes.db"
    text_file.write_text("not a database", encoding="utf-8")
    tampered = _tampered_copy(branch, tmp_path)
    with branch.ctx.db.write() as s:
        create_user(s, branch.admin, "later", PASSWORD, "clerk")  # only in the live database
    url = branch.ctx.db.url
    cases = [(tmp_path / "missing.db", "There is no file"), (empty, "is empty"), (truncated, "not a Branch Desktop"),
             (text_file, "not a Branch Desktop"), (tampered, "not sound")]
    for path, message in cases:
        code, _out, err = _cli(capsys, "--db", url, "--user", "admin", "restore", str(path))
        assert code == 2 and message in err and "Traceback" not in err, (path, err)
    for user in ("clerk", "accountant", "manager"):
        code, _out, err = _cli(capsys, "--db", url, "--user", user, "restore", str(good))
        assert code == 2 and "may not" in err
    assert "later" in _usernames(branch.ctx.db)  # still the live database, not a restored one
    assert not list(live.parent.glob("*.before-restore-*"))
    assert _actions(branch.ctx.db).count("permission.denied") == 3


def test_restore_keeps_every_safety_copy_and_is_audited_in_the_restored_books(
        branch: Branch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    live = _sqlite_only(branch)
    _post(branch)
    good = backup.backup_file(branch.ctx.db, branch.admin, tmp_path / "good.db")
    with branch.ctx.db.write() as s:
        create_user(s, branch.admin, "later", PASSWORD, "clerk")
    url = branch.ctx.db.url
    for _ in range(2):
        code, out, err = _cli(capsys, "--db", url, "--user", "admin", "restore", str(good))
        assert code == 0 and "Restored" in out, err
    kept = sorted(live.parent.glob(f"{live.name}.before-restore-*"), key=lambda p: p.stat().st_mtime_ns)
    assert len(kept) == 2  # the second restore did not overwrite the first safety copy
    first = Database(f"sqlite:///{kept[0]}")
    assert "later" in _usernames(first)  # the database as it was before the first restore
    assert _actions(first)[-1] == "system.restore"  # ... which recorded the restore that replaced it
    first.dispose()
    db = Database(url)
    assert "later" not in _usernames(db)
    assert _actions(db)[-1] == "system.restore"
    db.dispose()
    assert _cli(capsys, "--db", url, "--user", "admin", "verify")[0] == 0


def test_restore_over_a_lost_database_logs_in_against_the_backup(branch: Branch, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _sqlite_only(branch)
    good = backup.backup_file(branch.ctx.db, branch.admin, tmp_path / "good.db")
    lost = tmp_path / "lost" / "branch.db"
    lost.parent.mkdir()
    code, _out, err = _cli(capsys, "--db", str(lost), "--user", "clerk", "restore", str(good))
    assert code == 2 and "may not" in err
    code, out, err = _cli(capsys, "--db", str(lost), "--user", "admin", "restore", str(good))
    assert code == 0, err
    db = Database(f"sqlite:///{lost}")
    assert "clerk" in _usernames(db) and _actions(db)[-1] == "system.restore"
    db.dispose()


def test_a_day_close_backs_the_branch_up(branch: Branch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from branch_desktop.revenue import services as revenue

    _sqlite_only(branch)
    monkeypatch.setenv(backup.ENV_BACKUP_DIR, str(tmp_path / "auto"))
    revenue.close_day(branch.ctx, branch.clerk)
    copies = list((tmp_path / "auto" / "daily").glob("branch-*.db"))
    assert len(copies) == 1 and backup.check_backup(copies[0]).ok
    assert "system.backup.rotate" in _actions(branch.ctx.db)


def test_a_failed_automatic_backup_is_audited_not_raised(branch: Branch, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv(backup.ENV_BACKUP_DIR, str(blocker))
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)  # PostgreSQL: pg_dump missing
    assert backup.automatic_backup(branch.ctx.db, branch.clerk, "day_close") is None
    assert _actions(branch.ctx.db)[-1] == "system.backup.failed"


@pytest.mark.postgresql
def test_postgresql_backup_and_restore_with_pg_tools(branch: Branch, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    if branch.ctx.db.is_sqlite:
        pytest.skip("the pg_dump case")
    _post(branch)
    url = branch.ctx.db.url
    dump = tmp_path / "branch.dump"
    code, _out, err = _cli(capsys, "--db", url, "--user", "manager", "backup", "--out", str(dump))
    assert code == 0 and dump.read_bytes().startswith(b"PGDMP"), err
    code, out, err = _cli(capsys, "--db", url, "--user", "admin", "backup", "verify", str(dump))
    assert code == 0 and "(1 entries)" in out, err
    with branch.ctx.db.write() as s:
        create_user(s, branch.admin, "later", PASSWORD, "clerk")
    truncated = tmp_path / "truncated.dump"
    truncated.write_bytes(dump.read_bytes()[:2000])
    code, _out, err = _cli(capsys, "--db", url, "--user", "admin", "restore", str(truncated))
    assert code == 2 and "Restore refused" in err and "Traceback" not in err
    assert "later" in _usernames(branch.ctx.db)
    code, out, err = _cli(capsys, "--db", url, "--user", "admin", "restore", str(dump))
    assert code == 0, err
    db = Database(url)
    assert "later" not in _usernames(db) and _actions(db)[-1] == "system.restore"
    db.dispose()
    kept = Path(out.rsplit(" ", 1)[-1].strip())
    assert kept.exists() and kept.read_bytes().startswith(b"PGDMP")
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    code, _out, err = _cli(capsys, "--db", url, "--user", "admin", "backup", "--out", str(tmp_path / "x.dump"))
    assert code == 2 and "pg_dump is not installed" in err


def test_a_backup_of_the_wrong_kind_is_refused(branch: Branch, tmp_path: Path) -> None:
    other = tmp_path / "other.bin"
    other.write_bytes(b"PGDMP" + b"\0" * 100 if branch.ctx.db.is_sqlite else b"SQLite format 3\0" + b"\0" * 100)
    with pytest.raises(ValidationError, match="not a Branch Desktop backup"):
        backup.restore_backup(branch.ctx.db, branch.admin, other)
