"""Legal records: one hash chain per record kind, sealed inside the writing transaction.

A department declares its record kinds (:class:`RecordKind`: the table, the columns that form the
canonical content, the state columns that may still change through :func:`set_state`, when a row
becomes final, its parent kind, its numbered series) with ``reg.add_record_kinds(...)``. Then:

- every row of a kind that becomes final is appended to the kind's chain when its transaction
  commits: ``record_links`` holds ``(kind, position, record_id, prev_hash, hash)`` with
  ``hash = sha256(prev_hash + "\\n" + canonical content)`` and ``record_heads`` the chain's
  length and last hash (locked ``FOR UPDATE`` while appending);
- a state column of a final row changes only through :func:`set_state`, which appends a
  ``record_events`` row (itself a chained record) before the column is updated; the database
  refuses any other UPDATE and every DELETE of a final row (``core.record_guards``);
- ``verify`` recomputes every chain (``core.record_verify``).

Rows are found for sealing without scanning: the ORM rows a transaction added or changed
(``after_flush``), the children (by their parent's foreign key) of those rows and of the rows
sealed in the same pass (statement lines under their statement, payroll lines under their slip),
and rows named with :func:`track`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Table, and_, exists, insert, inspect, select, text, update
from sqlalchemy.orm import Session

from branch_desktop.core.ledger.chain import GENESIS, encode, link
from branch_desktop.core.models import Base, RecordEvent, RecordHead, RecordLink, table_of, utcnow
from branch_desktop.core.record_kinds import (  # the kinds and their registry (core/record_kinds.py), re-exported
    _BY_TABLE,
    _KINDS,
    KERNEL_KINDS,
    STATE_EVENT,
    Numbering,
    RecordKind,
    declare,
    kind,
    kind_of_table,
    kinds,
)
from branch_desktop.core.storage import DriverCursor

__all__ = ["KERNEL_KINDS", "STATE_EVENT", "Numbering", "RecordKind", "declare", "kind", "kind_of_table", "kinds"]

PENDING = "records.pending"
_CHUNK = 500


def table(k: RecordKind) -> Table:
    if k.table not in Base.metadata.tables:
        from branch_desktop import app_registry

        app_registry.import_models()  # the departments' table modules, as they declared them
    return Base.metadata.tables[k.table]


# -- canonical content --------------------------------------------------------------------------


def plain(value: object) -> object:
    """A column value as the same JSON scalar on SQLite and PostgreSQL."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def as_text(value: object) -> str | None:
    """A state value as stored in ``record_events`` (and as the guards render the column)."""
    p = plain(value)
    return None if p is None else str(p)


def canonical(k: RecordKind, record_id: int, values: Sequence[object]) -> str:
    return encode([k.name, record_id, [plain(v) for v in values]])


def content_columns(k: RecordKind) -> tuple[str, ...]:
    """What is hashed: the content columns, then the state columns' values at sealing."""
    return k.columns + k.state


# -- tracking and sealing ----------------------------------------------------------------------


def track(session: Session, k: RecordKind | str, ids: Iterable[int]) -> None:
    """Name rows written without the ORM (Core inserts, updates) for sealing at commit."""
    name = k if isinstance(k, str) else k.name
    session.info.setdefault(PENDING, {}).setdefault(name, set()).update(ids)


def after_flush(session: Session, _ctx: Any) -> None:
    if not _BY_TABLE:
        return
    pending = session.info.setdefault(PENDING, {})
    for obj in (*session.new, *session.dirty):
        k = _BY_TABLE.get(getattr(obj, "__tablename__", ""))
        if k is not None and getattr(obj, "id", None) is not None:
            pending.setdefault(k.name, set()).add(obj.id)


def before_commit(session: Session) -> None:
    if not _KINDS or session.in_nested_transaction():  # a savepoint's rows: sealed with its transaction's
        return
    session.flush()
    pending = session.info.pop(PENDING, None)
    if pending:
        seal(session.connection(), pending)


def install_hooks(sessions: Any) -> None:
    """Seal the records of every transaction of this sessionmaker before it commits."""
    from sqlalchemy import event

    event.listen(sessions, "after_flush", after_flush)
    event.listen(sessions, "before_commit", before_commit)


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    items = sorted(ids)
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _links() -> Table:
    return table_of(RecordLink)


def unlinked(k: RecordKind, t: Table) -> Any:
    """SQL: the row is final and not in its chain yet."""
    links = _links()
    cond = ~exists().where(links.c.kind == k.name, links.c.record_id == t.c.id)
    if k.final_when:
        cond = and_(cond, text(f"({k.final_when})"))
    if k.parent:
        cond = and_(cond, exists().where(links.c.kind == k.parent[1], links.c.record_id == t.c[k.parent[0]]))
    return cond


def seal(conn: Connection, pending: dict[str, set[int]] | None = None) -> int:
    """Append the final, unchained rows to their chains: the rows named in ``pending`` and their
    children, or (``pending=None``, for a migration) every such row, read page by page.
    Returns how many."""
    if pending is not None:
        return _seal_named(conn, pending)
    count = 0
    for k in present_kinds(conn):  # a kind whose table or columns a later revision adds: sealed then
        t = table(k)
        base = select(t.c.id, *(t.c[c] for c in content_columns(k))).where(unlinked(k, t))
        head_row: tuple[int, str] | None = None
        for rows in _pages(conn, base, t):
            if head_row is None:
                head_row = lock_head(conn, k.name)
            head_row = _append(conn, k, rows, *head_row)
            count += len(rows)
        if head_row is not None:
            conn.execute(update(table_of(RecordHead)).where(RecordHead.kind == k.name)
                         .values(length=head_row[0], head=head_row[1]))
    return count


def _seal_named(conn: Connection, pending: dict[str, set[int]]) -> int:
    """The rows a transaction touched (and the children of those and of the rows sealed with
    them), appended to their chains at commit. Every transaction runs this: its statements go to
    the driver's cursor, written once per kind (:class:`_KindSql`), and the values read pass
    through SQLAlchemy's own result processors, so the content hashed is what ``verify`` reads."""
    sealed: dict[str, set[int]] = {}
    count = 0
    cur = DriverCursor(conn)
    for k in _KINDS.values():
        ids = pending.get(k.name, set())
        parents: set[int] = set()
        if k.parent:
            parents = pending.get(k.parent[1], set()) | sealed.get(k.parent[1], set())
        if not ids and not parents:
            continue
        rows = _KindSql.of(conn, k).named(cur, ids, parents)
        sealed[k.name] = {r[0] for r in rows}
        if not rows:
            continue
        length, head = _lock_head_fast(cur, k.name)
        length, head = _append(conn, k, rows, length, head, cur)
        cur.run("UPDATE record_heads SET length = ?, head = ? WHERE kind = ?", (length, head, k.name))
        count += len(rows)
    return count


class _KindSql:
    """The SELECT of a kind's unchained final rows by id or by parent, for one SQL dialect."""

    _known: dict[tuple[str, str], _KindSql] = {}

    def __init__(self, conn: Connection, k: RecordKind) -> None:
        def q(name: str) -> str:
            return f'"{name}"'

        self.table = table(k)
        self.columns = content_columns(k)
        where = "NOT EXISTS (SELECT 1 FROM record_links l WHERE l.kind = ? AND l.record_id = t.id)"
        self.params: tuple[str, ...] = (k.name,)
        if k.final_when:
            where += f" AND ({k.final_when})"
        if k.parent:
            where += f" AND EXISTS (SELECT 1 FROM record_links p WHERE p.kind = ? AND p.record_id = t.{q(k.parent[0])})"
            self.params += (k.parent[1],)
        self.head = (f"SELECT t.id{''.join(', t.' + q(c) for c in self.columns)} FROM {q(k.table)} t "
                     f"WHERE {where} AND ")
        self.parent_column = q(k.parent[0]) if k.parent else ""
        self.dialect = conn.dialect
        self._processors: dict[tuple[Any, ...], list[Any]] = {}

    @classmethod
    def of(cls, conn: Connection, k: RecordKind) -> _KindSql:
        key = (k.name, conn.dialect.name)
        found = cls._known.get(key)
        if found is None:
            found = cls._known[key] = cls(conn, k)
        return found

    def named(self, cur: DriverCursor, ids: set[int], parents: set[int]) -> list[tuple[Any, ...]]:
        """The rows, in id order, as SQLAlchemy would return them."""
        found: dict[int, tuple[Any, ...]] = {}
        for column, values in (("t.id", ids), (f"t.{self.parent_column}", parents)):
            for chunk in _chunks(values):
                c = cur.run(f"{self.head}{column} IN ({cur.marks(len(chunk))})", (*self.params, *chunk))
                raw = c.fetchall()
                if raw:
                    procs = self._result_processors(c.description)
                    for r in raw:
                        found[int(r[0])] = (int(r[0]), *(p(v) if p else v for p, v in zip(procs, r[1:], strict=True)))
        return [found[i] for i in sorted(found)]

    def _result_processors(self, description: Any) -> list[Any]:
        key = tuple(d[1] for d in description[1:])
        procs = self._processors.get(key)
        if procs is None:
            procs = self._processors[key] = [
                self.table.c[name].type.dialect_impl(self.dialect).result_processor(self.dialect, coltype)
                for name, coltype in zip(self.columns, key, strict=True)
            ]
        return procs


def _lock_head_fast(cur: DriverCursor, name: str) -> tuple[int, str]:
    q = "SELECT length, head FROM record_heads WHERE kind = ?" + cur.for_update()
    row = cur.run(q, (name,)).fetchone()
    if row is None:
        cur.run("INSERT INTO record_heads (kind, length, head) VALUES (?, 0, ?) ON CONFLICT DO NOTHING", (name, GENESIS))
        row = cur.run(q, (name,)).fetchone()
    return int(row[0]), str(row[1])


def present_kinds(conn: Connection) -> list[RecordKind]:
    """The kinds whose table and hashed columns this database has. A migration seals and guards
    only those: a kind whose table or column a later revision adds (a v2 kind hashing a new column)
    is sealed and guarded by that revision."""
    have = {name: {c["name"] for c in cols} for (_schema, name), cols in inspect(conn).get_multi_columns().items()}
    return [k for k in _KINDS.values()
            if k.table in have and {"id", *content_columns(k)} <= have[k.table]]


def _pages(conn: Connection, base: Any, t: Table, size: int = 10_000) -> Iterator[list[Any]]:
    """Every final unchained row, in id order, a page at a time (a migration over a big branch)."""
    last = None
    while True:
        q = base if last is None else base.where(t.c.id > last)
        rows = list(conn.execute(q.order_by(t.c.id).limit(size)))
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _append(conn: Connection, k: RecordKind, rows: Sequence[Any], length: int, head: str,
            cur: DriverCursor | None = None) -> tuple[int, str]:
    initial = _initial_states(conn, k, [r[0] for r in rows]) if k.state else {}
    links = []
    n_cols = len(k.columns)
    for row in rows:
        rid = row[0]
        values = list(row[1:])
        for j, field in enumerate(k.state):
            if (rid, field) in initial:
                values[n_cols + j] = initial[(rid, field)]
        h = link(head, canonical(k, rid, values))
        length += 1
        links.append((k.name, length, rid, head, h))
        head = h
    if cur is not None:
        cur.many("INSERT INTO record_links (kind, position, record_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?)", links)
        return length, head
    names = ("kind", "position", "record_id", "prev_hash", "hash")
    for i in range(0, len(links), 5000):
        conn.execute(insert(_links()), [dict(zip(names, x, strict=True)) for x in links[i : i + 5000]])
    return length, head


def _initial_states(conn: Connection, k: RecordKind, ids: list[int]) -> dict[tuple[int, str], str | None]:
    """The value each state column had before its first recorded change (from that event)."""
    out: dict[tuple[int, str], str | None] = {}
    cur = DriverCursor(conn)  # text columns only: the driver's values are SQLAlchemy's
    for chunk in _chunks(ids):
        for rid, field, old in cur.rows(
            f"SELECT record_id, field, old_value FROM record_events WHERE kind = ? AND record_id IN "
            f"({cur.marks(len(chunk))}) ORDER BY id", (k.name, *chunk)
        ):
            out.setdefault((int(rid), field), old)
    return out


def lock_head(conn: Connection, name: str) -> tuple[int, str]:
    heads = table_of(RecordHead)
    q = select(heads.c.length, heads.c.head).where(heads.c.kind == name).with_for_update()
    row = conn.execute(q).first()
    if row is None:
        from sqlalchemy.dialects import postgresql, sqlite

        ins = (sqlite.insert(heads) if conn.dialect.name == "sqlite" else postgresql.insert(heads))
        conn.execute(ins.values(kind=name, length=0, head=GENESIS).on_conflict_do_nothing())
        row = conn.execute(q).one()
    return int(row[0]), str(row[1])


# -- state changes ------------------------------------------------------------------------------


def set_state(session: Session, obj: Any, user_id: int | None, **changes: object) -> None:
    """Change state columns of a legal record: one chained event per changed column, written
    before the row's UPDATE (the guard lets the column take only its latest event's value)."""
    k = _BY_TABLE[obj.__tablename__]
    old = {field: getattr(obj, field) for field in changes}
    record_state(session, k, obj.id, old, changes, user_id)
    for field, value in changes.items():
        setattr(obj, field, value)


def record_state(session: Session, k: RecordKind, record_id: int, old: dict[str, object],
                 new: dict[str, object], user_id: int | None) -> None:
    """The events of a state change whose UPDATE the caller writes itself (a Core update)."""
    ev = table_of(RecordEvent)
    now = utcnow()
    ids = []
    for field, value in new.items():
        if field not in k.state:
            raise ValueError(f"{field} is not a state column of {k.name}")
        if as_text(old[field]) == as_text(value):
            continue
        ids.append(session.execute(insert(ev).returning(ev.c.id), {
            "kind": k.name, "record_id": record_id, "field": field, "old_value": as_text(old[field]),
            "new_value": as_text(value), "at": now, "user_id": user_id}).scalar_one())
    if ids:
        track(session, STATE_EVENT, ids)
