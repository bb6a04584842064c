"""Work locks: a day close or a month close is run by one person at a time, and whoever else tries
is told who holds it, on which workstation and since when.

- PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) on a connection of its own,
  held while the work runs. It goes away with that connection, so a workstation that crashes or
  loses the network never leaves the lock behind. The ``work_locks`` row only names the holder.
- SQLite (one file, shared by the processes of one PC or of a small office share): the
  ``work_locks`` row is the lock, written in a write transaction. A row left by a process that no
  longer runs (same workstation), or older than ``STALE_AFTER``, is taken over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import delete, select, text

from branch_desktop.core.errors import ConflictError
from branch_desktop.core.models import WorkLock, utcnow
from branch_desktop.core.storage import Database
from branch_desktop.core.texts import Msg

STALE_AFTER = dt.timedelta(minutes=30)  # SQLite only: a lock row this old is from a lost process


@dataclass(frozen=True)
class Holder:
    name: str
    username: str
    workstation: str
    pid: int
    since: dt.datetime


def _holder(row: WorkLock) -> Holder:
    return Holder(row.name, row.username, row.workstation, row.pid, row.since)


class WorkInProgress(ConflictError):
    """Someone else is running this work now; names who, where and since when."""


def workstation() -> str:
    return socket.gethostname() or "?"


def advisory_key(name: str) -> int:
    """A signed 64-bit key for PostgreSQL's advisory locks, the same on every workstation."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


def holder(db: Database, name: str) -> Holder | None:
    with db.read() as s:
        row = s.get(WorkLock, name)
        return _holder(row) if row is not None else None


def _refuse(found: Holder | None, work: Msg) -> WorkInProgress:
    if found is None:  # the holder has the lock but has not written its row yet
        return WorkInProgress("{work} is being run on another workstation; try again in a moment.", work=work)
    local = found.since.replace(tzinfo=dt.UTC).astimezone()
    return WorkInProgress("{user} has been running {work} on {workstation} since {time}; try again when it is done.",
                          user=found.username, work=work, workstation=found.workstation,
                          time=local.strftime("%H:%M"))


def _alive(row: Holder) -> bool:
    """Whether the process that wrote a SQLite lock row still runs (known only on its workstation)."""
    if utcnow() - row.since > STALE_AFTER:
        return False
    if row.workstation != workstation():
        return True
    try:
        os.kill(row.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it runs, under another user
    return True


def _forget(db: Database, me: WorkLock) -> None:
    """Delete this process's lock row (never another holder's)."""
    with db.write() as s:
        s.execute(delete(WorkLock).where(WorkLock.name == me.name, WorkLock.pid == me.pid,
                                         WorkLock.workstation == me.workstation))


@contextmanager
def work_lock(db: Database, username: str, name: str, work: Msg) -> Iterator[None]:
    """Hold the lock ``name`` while the block runs, or raise :class:`WorkInProgress` naming its holder.

    ``work`` says in the user's language what is locked (e.g. "the month close").
    """
    me = WorkLock(name=name, username=username, workstation=workstation(), pid=os.getpid(), since=utcnow())
    if db.is_sqlite:
        with db.write() as s:
            row = s.get(WorkLock, name)
            found = _holder(row) if row is not None else None
            if found is not None and _alive(found):
                raise _refuse(found, work)
            s.merge(me)
        try:
            yield
        finally:
            _forget(db, me)
        return
    key = advisory_key(name)
    conn = db.engine.connect()
    locked = False
    try:
        locked = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())
        conn.commit()
        if not locked:
            raise _refuse(holder(db, name), work)
        try:
            with db.write() as s:
                s.merge(me)
            yield
        finally:
            try:
                _forget(db, me)
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
                locked = False
    finally:
        if locked:
            conn.invalidate()  # the unlock failed: never hand a connection holding the lock back to the pool
        conn.close()


def current(db: Database) -> list[Holder]:
    """Every lock held now (the rows; on PostgreSQL a row whose holder is gone is not a lock)."""
    with db.read() as s:
        return [_holder(r) for r in s.scalars(select(WorkLock).order_by(WorkLock.since))]
