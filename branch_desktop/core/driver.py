"""The database driver's own connection, without SQLAlchemy: SQL written once with ``?`` marks.

Two users of the same statements:

* :class:`storage.DriverCursor` runs them on a session's connection, inside its transaction (the
  posting kernel's hot paths, and the reads the services share with the command line's fast path);
* :class:`DriverConnection` runs them on a connection of its own, opened from the branch's URL with
  ``sqlite3`` or ``psycopg`` directly: the read-only commands (``report trial-balance``, ``db current``
  ...) on a live command-line session, which then start without importing SQLAlchemy at all (its
  import alone takes most of the 0.3 s a command may take to start).

Values are passed and read as the database stores them (dates as ISO text and timestamps as
SQLAlchemy's text on SQLite; native on PostgreSQL): :meth:`day`, :meth:`stamp`, :meth:`timestamp`.
Nothing here imports SQLAlchemy (``core.storage`` imports this module, not the other way round).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ENV_DB = "BRANCH_DESKTOP_DB"
BUSY_TIMEOUT_MS = 10_000
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's own text for a DateTime on SQLite


def utcnow() -> dt.datetime:
    """Naive UTC timestamp, microsecond precision (same text on SQLite and PostgreSQL)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("branch-desktop", "BranchDesktop")) / "branch.db"


def resolve_url(url: str | None = None) -> str:
    """``--db`` wins, then ``BRANCH_DESKTOP_DB``, then the SQLite file in the user data dir.

    A bare file path is taken as an SQLite file.
    """
    url = url or os.environ.get(ENV_DB) or ""
    if not url:
        path = default_db_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    elif url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    return url


# The URLs whose text SQLAlchemy renders back unchanged (``render_as_string``): nothing quoted, no
# query. Another URL is not opened here (the command takes SQLAlchemy's path).
_PLAIN_SQLITE = re.compile(r"^sqlite:///(/[A-Za-z0-9._/+~-]+)$")
_PLAIN_PG = re.compile(r"^postgresql\+psycopg://(?:([A-Za-z0-9._~-]+)(?::([^@/?#%]*))?@)?"
                       r"([A-Za-z0-9._-]+)(?::([0-9]+))?/([A-Za-z0-9._-]+)$")


def display_url(resolved: str) -> str | None:
    """The URL as ``Database``'s engine renders it with the password hidden (what names the token
    file of a command-line session); None for a URL this module does not open."""
    if _PLAIN_SQLITE.match(resolved):
        return resolved
    m = _PLAIN_PG.match(resolved)
    if m is None:
        return None
    user, password, host, port, name = m.groups()
    who = f"{user}{':***' if password is not None else ''}@" if user else ""
    return f"postgresql+psycopg://{who}{host}{f':{port}' if port else ''}/{name}"


@functools.lru_cache(maxsize=256)
def pg_sql(statement: str) -> str:
    """A statement written with ``?`` marks, for psycopg (``%s``; a literal ``%`` doubled)."""
    return statement.replace("%", "%%").replace("?", "%s")


class DriverStatements:
    """Statements on a driver cursor (``self._cursor``): the same SQL text on SQLite and PostgreSQL."""

    postgres: bool
    _cursor: Any

    def sql(self, statement: str) -> str:
        return pg_sql(statement) if self.postgres else statement

    def run(self, statement: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement; returns the cursor (read its rows before the next statement)."""
        self._cursor.execute(self.sql(statement), params)
        return self._cursor

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(self.run(statement, params).fetchall())

    def marks(self, count: int) -> str:
        """Placeholders of an ``IN (...)`` list of ``count`` values."""
        return ", ".join("?" * count)

    def for_update(self, *, share: bool = False) -> str:
        """The row lock clause (PostgreSQL; SQLite's write transaction is exclusive already)."""
        if not self.postgres:
            return ""
        return " FOR SHARE" if share else " FOR UPDATE"

    def day(self, value: dt.date) -> Any:
        return value if self.postgres else value.isoformat()

    def stamp(self, value: dt.datetime) -> Any:
        return value if self.postgres else value.strftime(SQLITE_DATETIME)

    def timestamp(self, value: Any) -> dt.datetime | None:
        """A DateTime column's value as read (SQLite keeps SQLAlchemy's text)."""
        if value is None or isinstance(value, dt.datetime):
            return value
        return dt.datetime.fromisoformat(str(value))

    def date(self, value: Any) -> dt.date | None:
        """A Date column's value as read."""
        if value is None or isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value))


class DriverConnection(DriverStatements):
    """A connection of its own to the branch's database, opened by the driver (no SQLAlchemy).

    SQLite: the file must exist (opened read-write, never created), with the pragmas the
    application's engine sets. PostgreSQL: psycopg on the same URL. A transaction starts with the
    first statement (SQLite: :meth:`begin_write` takes the writer's lock first) and ends with
    :meth:`commit` or :meth:`close` (which rolls back what was not committed).
    """

    def __init__(self, resolved: str) -> None:
        self.url = resolved
        self.postgres = resolved.startswith("postgresql")
        if self.postgres:
            import psycopg

            self._conn: Any = psycopg.connect("postgresql://" + resolved.split("://", 1)[1])
        else:
            path = Path(resolved[len("sqlite:///") :])
            self._conn = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, isolation_level=None)
            for pragma in ("foreign_keys=ON", f"busy_timeout={BUSY_TIMEOUT_MS}", "synchronous=NORMAL"):
                self._conn.execute(f"PRAGMA {pragma}")
        self._cursor = self._conn.cursor()
        self._open = False

    @classmethod
    def open(cls, url: str | None) -> DriverConnection | None:
        """The connection, or None when this URL is not one opened here or cannot be opened (the
        caller takes SQLAlchemy's path, which reports the problem as usual)."""
        resolved = resolve_url(url)
        if display_url(resolved) is None:
            return None
        try:
            return cls(resolved)
        except Exception:  # noqa: BLE001 - a missing file, a refused connection: SQLAlchemy's path says why
            return None

    def begin(self) -> None:
        if not self.postgres and not self._open:
            self._cursor.execute("BEGIN")
        self._open = True

    def begin_write(self) -> None:
        """Start a write transaction (SQLite: ``BEGIN IMMEDIATE``, as ``Database.write``)."""
        if not self.postgres and not self._open:
            self._cursor.execute("BEGIN IMMEDIATE")
        self._open = True

    def run(self, statement: str, params: Sequence[Any] = ()) -> Any:
        self.begin()
        return super().run(statement, params)

    def commit(self) -> None:
        self._end("COMMIT")

    def rollback(self) -> None:
        self._end("ROLLBACK")

    def _end(self, how: str) -> None:
        if self.postgres:
            self._conn.commit() if how == "COMMIT" else self._conn.rollback()
        elif self._open:
            self._cursor.execute(how)
        self._open = False

    def close(self) -> None:
        """Roll back what was not committed and close (again: nothing)."""
        if self._conn is None:
            return
        try:
            self.rollback()
        finally:
            self._conn.close()
            self._conn = None

    dispose = close  # as ``Database`` (the command line closes what it opened)


def driver_errors() -> tuple[type[Exception], ...]:
    """The drivers' own database errors (what a statement run by :class:`DriverStatements` raises):
    SQLite's, and psycopg's when it is loaded."""
    import sys

    psycopg = sys.modules.get("psycopg")
    return (sqlite3.DatabaseError, psycopg.DatabaseError) if psycopg is not None else (sqlite3.DatabaseError,)
