"""What other workstations changed: topics of committed transactions, across processes.

A page watches *topics* (``receipts``, ``ledger``...: ``gui/operations.py``). Within one process a
write announces its topics itself; this module carries them between workstations sharing one
database, so a journal open in the accounting office shows the receipt a clerk has just taken.

- **PostgreSQL**: every INSERT, UPDATE or DELETE that SQLAlchemy runs on a table mapped to a topic
  sends ``pg_notify('branch_desktop_changes', topic)`` in the same transaction, so the notice is
  delivered if, and when, the transaction commits (PostgreSQL folds repeated notices of one
  transaction into one). :class:`ChangeFeed` LISTENs on its own connection and passes the topics
  on, except those of this process's own connections (their pages heard them already).
- **SQLite** (one counter PC; another process such as the command line): :class:`ChangeFeed` polls
  ``PRAGMA data_version``, which moves when another connection commits; it cannot say which tables
  changed, so it reports every topic. Commits of this process are recognised and skipped: a change
  by another process committed in the same half second as one of ours is seen at the next one.

Departments map their tables to topics with ``reg.add_change_topics({table: topic})``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine

CHANNEL = "branch_desktop_changes"
POLL_SECONDS = 0.5
EVERYTHING = frozenset({"*"})  # "something changed; which, the database could not say"

# table name -> topic (the kernel's tables here; departments add theirs through the app registry)
TABLE_TOPICS: dict[str, str] = {
    "entries": "ledger",
    "entry_lines": "ledger",
    "account_balances": "ledger",
    "fiscal_periods": "periods",
}
_own_backends: set[int] = set()  # PostgreSQL backend pids of this process's connections
_local_commits = 0  # commits of this process (SQLite: to tell our own changes from others')
_lock = threading.Lock()


def add_table_topics(mapping: dict[str, str]) -> None:
    TABLE_TOPICS.update(mapping)


def install(engine: Engine) -> None:
    """Notices sent by this engine's writes (PostgreSQL) and its commits counted (SQLite)."""
    from sqlalchemy import event  # here: the departments map their tables at start-up, before any database

    if engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _remember_backend)
        event.listen(engine, "begin", _begin)
        event.listen(engine, "after_cursor_execute", _after_execute)
    event.listen(engine, "commit", _count_commit)


def _remember_backend(dbapi_conn: Any, _record: object) -> None:
    pid = getattr(getattr(dbapi_conn, "info", None), "backend_pid", None)
    if pid:
        _own_backends.add(int(pid))


def _begin(conn: Any) -> None:
    conn.info["changes_sent"] = set()


def _after_execute(conn: Any, cursor: Any, _statement: str, _params: object, context: Any, _many: bool) -> None:
    if context is None or not (context.isinsert or context.isupdate or context.isdelete):
        return
    table = getattr(getattr(context.compiled, "statement", None), "table", None)
    topic = TABLE_TOPICS.get(getattr(table, "name", ""))
    sent = conn.info.setdefault("changes_sent", set())
    if topic is None or topic in sent:
        return
    sent.add(topic)
    # a cursor of its own: the statement's cursor may still hold rows the ORM reads (RETURNING)
    cursor.connection.execute("SELECT pg_notify(%s, %s)", (CHANNEL, topic))


def announce(conn: Any, tables: Iterable[str]) -> None:
    """Notify the topics of ``tables`` changed by statements SQLAlchemy did not run itself (the
    posting kernel's driver statements, ``storage.DriverCursor``), once per transaction as
    :func:`_after_execute` does."""
    if conn.dialect.name != "postgresql":
        return
    sent = conn.info.setdefault("changes_sent", set())
    for topic in sorted({TABLE_TOPICS[t] for t in tables if t in TABLE_TOPICS} - sent):
        sent.add(topic)
        conn.exec_driver_sql("SELECT pg_notify(%s, %s)", (CHANNEL, topic))


def _count_commit(_conn: Any) -> None:
    global _local_commits
    with _lock:
        _local_commits += 1


class ChangeFeed:
    """Calls ``deliver(topics)`` from a background thread when another workstation (or process)
    commits a change; :meth:`stop` ends it. ``target``: a PostgreSQL conninfo or an SQLite path."""

    def __init__(self, dialect: str, target: str, deliver: Callable[[frozenset[str]], None]) -> None:
        self.dialect = dialect
        self.target = target
        self.deliver = deliver
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="change-feed", daemon=True)
        self.ready = threading.Event()  # listening (the tests wait for it)

    def start(self) -> ChangeFeed:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=3)

    def _run(self) -> None:
        try:
            if self.dialect == "postgresql":
                self._listen()
            elif self.dialect == "sqlite":
                self._poll()
        except Exception:  # noqa: BLE001 - a lost feed must not take the window with it
            self.ready.set()

    def _listen(self) -> None:
        import psycopg

        with psycopg.connect(self.target, autocommit=True) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            self.ready.set()
            while not self._stop.is_set():
                topics = {n.payload for n in conn.notifies(timeout=POLL_SECONDS) if n.pid not in _own_backends}
                # notices arriving together are delivered together
                if topics:
                    self.deliver(frozenset(topics))

    def _poll(self) -> None:
        import sqlite3

        conn = sqlite3.connect(self.target, check_same_thread=False)
        try:
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            mine = _local_commits
            self.ready.set()
            while not self._stop.wait(POLL_SECONDS):
                now = conn.execute("PRAGMA data_version").fetchone()[0]
                ours = _local_commits
                if now != version and ours == mine:
                    self.deliver(EVERYTHING)
                version, mine = now, ours
        finally:
            conn.close()


def known(topics: Iterable[str], all_topics: frozenset[str]) -> frozenset[str]:
    """The topics a page can watch: every topic when the database could not say which."""
    topics = frozenset(topics)
    return all_topics if "*" in topics else topics & all_topics
