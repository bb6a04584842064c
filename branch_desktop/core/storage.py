"""Engines and sessions: an SQLite file by default, PostgreSQL for a shared branch database.

``Database(url)`` is the one handle the services get. Reads use ``db.read()``, writes use
``db.write()``: one transaction each, committed on success and rolled back on any error, so a
use case never leaves anything half-saved. On SQLite a write transaction starts with
``BEGIN IMMEDIATE`` (the writer lock is taken before the first read, so two writers queue on the
busy timeout instead of failing on a lock upgrade); on PostgreSQL rows that must be serialised
(number counters, chain heads) are read ``FOR UPDATE``.
"""

from __future__ import annotations

import functools
import os
import random
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from branch_desktop.core.driver import BUSY_TIMEOUT_MS as BUSY_TIMEOUT_MS
from branch_desktop.core.driver import ENV_DB as ENV_DB
from branch_desktop.core.driver import DriverStatements
from branch_desktop.core.driver import default_db_path as default_db_path
from branch_desktop.core.driver import resolve_url as resolve_url

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql, sqlite

    from branch_desktop.core.migrations import MigrationStep

# A use case whose transaction lost a deadlock or a serialization check (PostgreSQL 40P01,
# 40001) is run again, whole, at most this many times in all (``retry_transient``).
WRITE_ATTEMPTS = 5
TRANSIENT_SQLSTATES = frozenset({"40001", "40P01"})

P = ParamSpec("P")
R = TypeVar("R")


def is_transient(exc: BaseException) -> bool:
    """A database error that running the same transaction again may not meet (deadlock victim,
    serialization failure). SQLite's "database is locked" is not: it has already waited the busy
    timeout."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in TRANSIENT_SQLSTATES


def retry_transient(fn: Callable[P, R]) -> Callable[P, R]:
    """Run a use case (one ``db.write()`` transaction, no effect outside it) again when its
    transaction is rolled back by a deadlock or a serialization failure: at most
    ``WRITE_ATTEMPTS`` attempts, with a short random pause; the last failure is raised."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        attempt = 1
        while True:
            try:
                return fn(*args, **kwargs)
            except DBAPIError as exc:
                if attempt >= WRITE_ATTEMPTS or not is_transient(exc):
                    raise
            time.sleep(random.uniform(0, 0.02 * 2**attempt))
            attempt += 1

    return wrapper


def _install_sqlite_hooks(engine: Engine, *, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (the pysqlite recipe), so we can
        # choose BEGIN IMMEDIATE for writers.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if not read_only:  # a read-only file (a backup being checked) keeps its journal mode
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA cache_size=-65536")
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get("sqlite_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    resolved = resolve_url(url)
    if resolved.startswith("sqlite"):
        engine = create_engine(resolved, **kwargs)
        _install_sqlite_hooks(engine)
    else:
        kwargs.setdefault("pool_pre_ping", True)
        engine = create_engine(resolved, **kwargs)
    return engine


class Database:
    """The services' handle on storage."""

    def __init__(self, url: str | None = None, *, engine: Engine | None = None) -> None:
        self.engine = engine or make_engine(url)
        self.url = self.engine.url.render_as_string(hide_password=False)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        from branch_desktop.core import records

        records.install_hooks(self._sessions)  # legal records are chained in their own transaction
        from branch_desktop.core import changes

        changes.install(self.engine)  # other workstations hear of committed changes

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        database = self.engine.url.database
        if not database or database == ":memory:":
            return None
        return Path(database)

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    @contextmanager
    def write(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            if self.is_sqlite:
                session.connection(execution_options={"sqlite_write": True})
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @classmethod
    def read_only(cls, path: Path) -> Database:
        """An SQLite file opened read-only (``mode=ro``): nothing, not even the journal mode, is written."""
        engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(
            f"file:{path.resolve()}?mode=ro", uri=True, check_same_thread=False))
        _install_sqlite_hooks(engine, read_only=True)
        return cls(engine=engine)

    def dispose(self) -> None:
        self.engine.dispose()

    # -- schema -----------------------------------------------------------------------------
    def has_schema(self) -> bool:
        return inspect(self.engine).has_table("alembic_version")

    def upgrade(self, *, backup: bool = True, progress: Callable[[MigrationStep], None] | None = None) -> Path | None:
        """Apply pending migrations; an existing SQLite file is backed up first. ``progress`` hears of
        each revision as it is applied (``migrations.upgrade_to_head``).

        Returns the backup's path when one was made.
        """
        from branch_desktop.core.migrations import pending_revisions

        if not pending_revisions(self.engine):
            return None
        return self.apply_upgrade(backup=backup, progress=progress)

    def apply_upgrade(self, *, backup: bool = True,
                      progress: Callable[[MigrationStep], None] | None = None) -> Path | None:
        """:meth:`upgrade` for a caller that has just found revisions pending (it does not ask again)."""
        from branch_desktop.core.migrations import upgrade_to_head

        backup_path = None
        path = self.sqlite_path
        if backup and path is not None and path.exists() and self.has_schema():
            backup_path = self.backup_to(path.with_suffix(path.suffix + ".pre-upgrade.bak"))
        upgrade_to_head(self.engine, progress)
        return backup_path

    def backup_to(self, target: Path) -> Path:
        """Online backup of the SQLite file (consistent even while others write)."""
        path = self.sqlite_path
        if path is None:
            from branch_desktop.core.errors import ValidationError

            raise ValidationError(
                "An online file copy works on the SQLite file; a PostgreSQL branch is backed up with pg_dump."
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".part")
        src = sqlite3.connect(str(path))
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
            # one self-contained file (no -wal beside it), so it can be opened read-only and copied
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()
        os.replace(tmp, target)
        return target


def is_postgres_url(url: str) -> bool:
    return make_url(resolve_url(url)).get_backend_name() == "postgresql"


def dialect_insert(session: Session, model: type) -> sqlite.Insert | postgresql.Insert:
    """An INSERT of ``model`` in the session's SQL dialect, so that ``on_conflict_do_nothing`` /
    ``on_conflict_do_update`` (SQLite and PostgreSQL spell them alike) are available."""
    if session.get_bind().dialect.name == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(model)
    from sqlalchemy.dialects import postgresql  # here: a SQLite workstation never loads PostgreSQL's dialect

    return postgresql.insert(model)


class DriverCursor(DriverStatements):
    """The database driver's own cursor on a session's connection, inside its transaction.

    For the few statements a posting runs thousands of times (entries, lines, counters, chain
    heads): SQLAlchemy's per-statement work (building, cache keys, type processing) costs tens
    of times more than SQLite takes to run them. SQL is written once with ``?`` placeholders
    (``%s`` for psycopg); values are passed as the database stores them (:meth:`day`,
    :meth:`stamp`: the same text SQLAlchemy writes on SQLite). SQLAlchemy's hooks do not see these
    statements: the caller announces its changes (``core.changes.announce``).
    """

    def __init__(self, session: Session | Connection) -> None:
        self.connection = session.connection() if isinstance(session, Session) else session
        self.postgres = self.connection.dialect.name == "postgresql"
        dbapi = self.connection.connection.driver_connection
        assert dbapi is not None
        self._cursor: Any = dbapi.cursor()

    def many(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._cursor.executemany(self.sql(statement), rows)

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Many rows into ``table``: PostgreSQL's binary COPY for a batch, an executemany otherwise."""
        if not rows:
            return
        names = ", ".join(columns)
        if self.postgres and len(rows) > 20:
            types = self._column_types(table, columns)
            with self._cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(types)
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" * len(columns))
        self.many(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def _column_types(self, table: str, columns: Sequence[str]) -> list[int]:
        """PostgreSQL: the type oids of ``table``'s ``columns`` (a binary COPY sends each value in
        its column's own binary form, nothing parsed by the server), read once per connection."""
        key = ("copy_types", table, tuple(columns))
        info = self.connection.info
        found = info.get(key)
        if found is None:
            oids = dict(self.rows("SELECT attname, atttypid::int FROM pg_attribute WHERE attrelid = ?::regclass "
                                  "AND attnum > 0 AND NOT attisdropped", (table,)))
            found = info[key] = [int(oids[c]) for c in columns]
        return list(found)

    def advance(self, table: str, key: dict[str, Any], by: int = 1, column: str = "last_number") -> int:
        """Advance a gapless counter row (``table`` keyed by ``key``) by ``by`` and return its new
        value: one upsert, which creates the row when missing and holds its lock (PostgreSQL) until
        the transaction ends, so two writers number one after the other."""
        names = ", ".join(key)
        row = self.run(
            f"INSERT INTO {table} ({names}, {column}) VALUES ({self.marks(len(key) + 1)}) "
            f"ON CONFLICT ({names}) DO UPDATE SET {column} = {table}.{column} + excluded.{column} RETURNING {column}",
            (*key.values(), by),
        ).fetchone()
        return int(row[0])


def flushed_cursor(session: Session | Connection) -> DriverCursor:
    """A :class:`DriverCursor` for a read in a session that may hold pending objects: they are flushed
    first, as by the ORM's autoflush (so the read sees them)."""
    if isinstance(session, Session) and session.autoflush:
        session.flush()
    return DriverCursor(session)


class Prepared:
    """A Core SELECT written with SQLAlchemy, compiled once per SQL dialect and run on the driver's
    cursor (:class:`DriverCursor`): for the reads a use case makes on every call (an employer's
    open months at the counter), where building and caching the statement costs more than running
    it. Parameters are integers and strings (``bindparam`` by name; no expanding lists, no values
    needing conversion); rows come back through the columns' own result processors, as SQLAlchemy
    would return them. A session's pending objects are flushed first (as by the ORM's autoflush)."""

    def __init__(self, statement: Any) -> None:
        self.statement = statement
        self._compiled: dict[str, tuple[str, tuple[str, ...], dict[str, Any]]] = {}
        self._processors: dict[tuple[str, tuple[Any, ...]], list[Any]] = {}

    def rows(self, session: Session | Connection, **params: Any) -> list[tuple[Any, ...]]:
        c = flushed_cursor(session)  # as the ORM's own reads: what the session holds pending is read too
        dialect = c.connection.dialect
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            sql = compiled.string
            if c.postgres:  # pyformat: %(name)s becomes a positional mark, in the order the names appear
                names = tuple(re.findall(r"%\(([^)]+)\)s", sql))
                sql = re.sub(r"%\(([^)]+)\)s", "?", sql).replace("%%", "%")
            else:
                names = tuple(compiled.positiontup or ())
            found = self._compiled[dialect.name] = (sql, names, dict(compiled.params))
        sql, names, defaults = found
        values = {**defaults, **params}
        cursor = c.run(sql, [values[n] for n in names])
        raw = cursor.fetchall()
        if not raw:
            return []
        key = (dialect.name, tuple(d[1] for d in cursor.description))
        procs = self._processors.get(key)
        if procs is None:
            procs = self._processors[key] = [
                col.type.dialect_impl(dialect).result_processor(dialect, coltype)
                for col, coltype in zip(self.statement.selected_columns, key[1], strict=True)
            ]
        if not any(procs):  # integers and strings as the driver gave them: no copy of each row
            return list(raw)
        return [tuple(p(v) if p else v for p, v in zip(procs, r, strict=True)) for r in raw]
