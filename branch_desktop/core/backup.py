"""Backups that are checked when written, kept in rotation, and restores that cannot lose a branch.

- ``backup_file``: a copy to a file the operator names (managers, administrators; audited).
- ``rotate_backup``: the branch's own copies in its backup folder, made at each counter day close
  and when the GUI exits: the day's copy in ``daily/`` (14 kept) and the month's first copy in
  ``monthly/`` (12 kept).
- ``check_backup``: what ``branch-desktop backup verify FILE`` prints. An SQLite copy is opened
  read-only: ``PRAGMA integrity_check``, a Branch Desktop schema, then the books' ``verify``
  (a copy at an older schema is upgraded in a scratch file first). A PostgreSQL dump (``pg_dump``
  custom format) is restored into a scratch database and verified there.
- ``restore_backup``: administrators only; the backup must pass ``check_backup``; the live
  database is first copied to a timestamped safety copy (never overwritten), then replaced in one
  step (SQLite: ``os.replace`` of a checked staging file; PostgreSQL: ``pg_restore`` in a single
  transaction), and the restore is written to the audit log of the restored database as well.

Every failure is a :class:`ValidationError` with a clear message; the live database is untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from branch_desktop.core.errors import DomainError, ValidationError
from branch_desktop.core.models import User
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.storage import Database, default_db_path

ENV_BACKUP_DIR = "BRANCH_DESKTOP_BACKUP_DIR"
KEEP_DAILY = 14
KEEP_MONTHLY = 12


@dataclass
class BackupCheck:
    """The outcome of checking one backup file."""

    path: Path
    problems: list[str] = field(default_factory=list)
    entries: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


# -- where the branch keeps its copies ------------------------------------------------------------


def backup_folder(db: Database) -> Path:
    """``BRANCH_DESKTOP_BACKUP_DIR``, else ``backups/`` beside the SQLite file, else (PostgreSQL) the
    user data folder's ``backups/<database>``."""
    configured = os.environ.get(ENV_BACKUP_DIR)
    if configured:
        return Path(configured).expanduser()
    path = db.sqlite_path
    if path is not None:
        return path.parent / "backups"
    return default_db_path().parent / "backups" / str(db.engine.url.database or "branch")


def _suffix(db: Database) -> str:
    return ".db" if db.is_sqlite else ".dump"


# -- writing -------------------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise ValidationError("{tool} is not installed (PostgreSQL client tools); it is needed to back up "
                              "or restore a PostgreSQL branch.", tool=name)
    return tool


def _libpq_url(db: Database) -> str:
    return db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(args: list[str]) -> None:
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise ValidationError("{tool} failed: {message}", tool=Path(args[0]).name,
                              message=message[-1] if message else str(result.returncode))


def _write_copy(db: Database, target: Path) -> Path:
    """A consistent copy of the live database at ``target`` (written beside it, then renamed)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if db.is_sqlite:
        return db.backup_to(target)
    part = target.with_name(target.name + ".part")
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={part}", f"--dbname={_libpq_url(db)}"])
    os.replace(part, target)
    return target


def _write_checked(db: Database, target: Path) -> Path:
    """Write a copy to a scratch name, check it, and only then put it at ``target``."""
    part = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.checking")
    try:
        _write_copy(db, part)
        result = check_backup(part, like=db)
        if not result.ok:
            raise ValidationError("The new backup failed its check: {problem}", problem=result.problems[0])
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return target


def backup_file(db: Database, actor: Actor, target: Path) -> Path:
    """A checked copy of the branch at ``target`` (managers and administrators); audited."""
    require(actor, "system.backup")
    path = _write_checked(db, target)
    with db.write() as s:
        audit(s, actor, "system.backup", "file", str(path)[-60:], path=str(path))
    return path


def rotate_backup(db: Database, actor: Actor | None, today: dt.date | None = None,
                  folder: Path | None = None) -> Path:
    """The branch's own copy of the day (and of the month, the first of each month), rotated.

    Called at a counter day close and on GUI exit, whoever works then (no role is needed: the copy
    stays in the branch's backup folder). Keeps :data:`KEEP_DAILY` daily and :data:`KEEP_MONTHLY`
    monthly copies; audited.
    """
    today = today or dt.date.today()
    folder = folder or backup_folder(db)
    suffix = _suffix(db)
    daily = _write_checked(db, folder / "daily" / f"branch-{today.isoformat()}{suffix}")
    monthly = folder / "monthly" / f"branch-{today:%Y-%m}{suffix}"
    if not monthly.exists():
        monthly.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(daily, monthly)
    _prune(folder / "daily", suffix, KEEP_DAILY)
    _prune(folder / "monthly", suffix, KEEP_MONTHLY)
    with db.write() as s:
        audit(s, actor, "system.backup.rotate", "file", daily.name, path=str(daily))
    return daily


_paused = 0


@contextmanager
def automatic_backups_paused() -> Iterator[None]:
    """No automatic copy while a demo branch is generated (its many past day closes)."""
    global _paused
    _paused += 1
    try:
        yield
    finally:
        _paused -= 1


def automatic_backup(db: Database, actor: Actor | None, reason: str) -> Path | None:
    """The rotated copy made at a counter day close (``reason="day_close"``) and on GUI exit
    (``"exit"``). It never fails the action that triggered it: a failure is audited
    (``system.backup.failed``) and None returned."""
    if _paused or (db.is_sqlite and db.sqlite_path is None):
        return None
    try:
        return rotate_backup(db, actor)
    except (DomainError, OSError, sqlite3.Error) as exc:
        with db.write() as s:
            audit(s, actor, "system.backup.failed", "backup", reason, error=str(exc)[:500])
        return None


def _prune(folder: Path, suffix: str, keep: int) -> None:
    copies = sorted(p for p in folder.glob(f"branch-*{suffix}") if p.is_file())
    for old in copies[:-keep] if len(copies) > keep else []:
        old.unlink()


# -- checking ------------------------------------------------------------------------------------


def require_file(path: Path) -> None:
    """Refuse a missing or empty file (before any login or database is opened)."""
    if not path.is_file():
        raise ValidationError("There is no file {path}.", path=str(path))
    if path.stat().st_size == 0:
        raise ValidationError("{path} is empty.", path=str(path))


def check_backup(path: Path, like: Database | None = None) -> BackupCheck:
    """Check a backup file without changing it; ``like`` (the live database) says which kind to
    expect (an SQLite copy or a PostgreSQL dump; by default guessed from the file)."""
    result = BackupCheck(path)
    try:
        require_file(path)
    except ValidationError as exc:
        result.problems.append(str(exc))
        return result
    with path.open("rb") as fh:
        head = fh.read(16)
    is_dump = head.startswith(b"PGDMP")
    if like is not None and like.is_sqlite == is_dump:
        result.problems.append(ValidationError("{path} is not a Branch Desktop backup.", path=str(path)).render())
        return result
    if is_dump:
        _check_dump(path, like, result)
    else:
        _check_sqlite(path, result)
    return result


def _check_sqlite(path: Path, result: BackupCheck) -> None:
    from branch_desktop.core.migrations import head_revisions

    not_ours = ValidationError("{path} is not a Branch Desktop backup.", path=str(path)).render()
    try:
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        try:
            integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            has_version = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'alembic_version'"
                                       ).fetchone()[0]
            revisions = {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")} if has_version else set()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        result.problems.append(not_ours + f" ({exc})")
        return
    if integrity != ["ok"]:
        result.problems.append(ValidationError("{path} is damaged: {detail}", path=str(path),
                                               detail="; ".join(integrity[:3])).render())
        return
    if not revisions:
        result.problems.append(not_ours)
        return
    if revisions == head_revisions():
        _verify_books(Database.read_only(path), result)
        return
    # an older schema: upgrade a scratch copy, never the file itself
    with tempfile.TemporaryDirectory(prefix="branch-desktop-check-") as tmp:
        scratch = Path(tmp) / "check.db"
        shutil.copyfile(path, scratch)
        db = Database(f"sqlite:///{scratch}")
        try:
            db.upgrade(backup=False)
        except Exception as exc:  # noqa: BLE001 - a message, not a traceback
            db.dispose()
            result.problems.append(ValidationError("{path} cannot be brought to this version: {detail}",
                                                   path=str(path), detail=str(exc)[:200]).render())
            return
        _verify_books(db, result)


def _verify_books(db: Database, result: BackupCheck) -> None:
    from branch_desktop.core.branch import open_branch
    from branch_desktop.core.ledger.verify import verify_books

    try:
        report = verify_books(open_branch(db))
    except DomainError as exc:
        result.problems.append(str(exc))
        return
    except Exception as exc:  # noqa: BLE001 - a damaged file gives a message, not a traceback
        result.problems.append(ValidationError("{path} is not a Branch Desktop backup.",
                                               path=str(result.path)).render() + f" ({exc.__class__.__name__})")
        return
    finally:
        db.dispose()
    result.entries = report.entries
    if not report.ok:
        result.problems.append(ValidationError("The books in {path} are not sound: {problem}", path=str(result.path),
                                               problem=report.problems[0]).render())


def _check_dump(path: Path, like: Database | None, result: BackupCheck) -> None:
    """Restore the dump into a scratch database beside the live one, verify it there, drop it."""
    if like is None or like.is_sqlite:
        result.problems.append(ValidationError(
            "A PostgreSQL dump is checked against a PostgreSQL server: name it with --db.").render())
        return
    try:
        _run([_pg_tool("pg_restore"), "--list", str(path)])
    except ValidationError as exc:
        result.problems.append(ValidationError("{path} is damaged: {detail}", path=str(path), detail=str(exc)).render())
        return
    scratch = f"bd_check_{uuid.uuid4().hex[:12]}"
    admin = create_engine(like.engine.url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{scratch}"'))
        url = make_url(like.engine.url).set(database=scratch)
        try:
            _run([_pg_tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction",
                  f"--dbname={url.set(drivername='postgresql').render_as_string(hide_password=False)}", str(path)])
        except ValidationError as exc:
            result.problems.append(ValidationError("{path} is damaged: {detail}", path=str(path),
                                                   detail=str(exc)).render())
            return
        db = Database(url.render_as_string(hide_password=False))
        try:
            db.upgrade(backup=False)
        except Exception as exc:  # noqa: BLE001
            db.dispose()
            result.problems.append(ValidationError("{path} cannot be brought to this version: {detail}",
                                                   path=str(path), detail=str(exc)[:200]).render())
            return
        _verify_books(db, result)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        admin.dispose()


# -- restoring -----------------------------------------------------------------------------------


def _safety_copy_path(db: Database, now: dt.datetime) -> Path:
    stamp = now.strftime("%Y%m%dT%H%M%S")
    path = db.sqlite_path
    folder = path.parent if path is not None else backup_folder(db)
    base = path.name if path is not None else str(db.engine.url.database or "branch")
    candidate = folder / f"{base}.before-restore-{stamp}{_suffix(db)}"
    n = 1
    while candidate.exists():  # two restores in one second keep both safety copies
        n += 1
        candidate = folder / f"{base}.before-restore-{stamp}-{n}{_suffix(db)}"
    return candidate


def restore_backup(db: Database, actor: Actor, source: Path) -> Path:
    """Replace the live branch with a checked backup (administrators only).

    Returns the safety copy of the database as it was. The restore is audited in the restored
    database; a refused backup leaves the live database untouched.
    """
    require(actor, "system.restore")
    check = check_backup(source, like=db)
    if not check.ok:
        raise ValidationError("Restore refused: {problem}", problem=check.problems[0])
    kept = _safety_copy_path(db, dt.datetime.now())
    # the database being replaced records it too (kept in its safety copy); a missing or damaged
    # live database, which is what a restore repairs, cannot
    with contextlib.suppress(Exception):
        _audit_restore(db, actor, source, kept)
    live = db.sqlite_path
    if db.is_sqlite and live is None:
        raise ValidationError("An in-memory database cannot be restored.")
    if live is not None and live.exists():
        db.backup_to(kept)
    elif not db.is_sqlite:
        _write_copy(db, kept)
    if live is not None:
        staging = live.with_name(f".{live.name}.restoring")
        shutil.copyfile(source, staging)
        staged = Database(f"sqlite:///{staging}")
        try:
            staged.upgrade(backup=False)
            _audit_restore(staged, actor, source, kept)
        except Exception as exc:  # the live file is untouched; a message, not a traceback
            staged.dispose()
            staging.unlink(missing_ok=True)
            raise ValidationError("Restore refused: {problem}", problem=str(exc)[:300]) from exc
        staged.dispose()
        db.dispose()
        for suffix in ("-wal", "-shm"):
            Path(str(live) + suffix).unlink(missing_ok=True)
        os.replace(staging, live)
    else:
        db.dispose()
        _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error",
              "--single-transaction", f"--dbname={_libpq_url(db)}", str(source)])
        db.upgrade(backup=False)  # a dump of an older schema (checked above on a scratch copy)
        _audit_restore(db, actor, source, kept)
    return kept


def _audit_restore(db: Database, actor: Actor, source: Path, kept: Path) -> None:
    """The restore's row in the restored books (by the same user name; the id if that user exists there)."""
    with db.write() as s:
        user_id = s.scalar(select(User.id).where(User.username == actor.username))
        who = Actor(id=user_id, username=actor.username, role=actor.role) if user_id else None
        audit(s, who, "system.restore", "file", source.name[-60:], path=str(source.resolve()), safety_copy=str(kept),
              username=actor.username)
