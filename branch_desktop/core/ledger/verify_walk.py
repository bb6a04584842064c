"""The chain walk of ``verify`` over one slice of one journal's chain.

Light on purpose (the standard library and :mod:`chain` only): ``verify`` splits long chains into
slices and walks them in worker processes, which must start quickly. Every link can be checked on
its own (an entry stores its predecessor's hash), so slices are independent; the caller checks
where they meet (:func:`branch_desktop.core.ledger.verify.verify_books`).

A slice reads its rows through the driver's own cursor (a server-side cursor on PostgreSQL) with
the dates written as text by the database, and writes each entry's canonical content field by field
(:func:`chain.canonical_text`): a million lines in a few seconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from branch_desktop.core.ledger import chain

# Dates as the canonical content writes them, formatted by the database.
_TEXT_DATES = {
    "postgresql": ("to_char(e.entry_date, 'YYYY-MM-DD')", "to_char(e.posted_at, 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"),
    "sqlite": ("e.entry_date", "replace(e.posted_at, ' ', 'T')"),
}

_ENTRIES_SQL = """
SELECT e.id, e.fiscal_year, e.number, e.chain_index, {date}, e.description, e.reference, r.hash,
       e.posted_by, {posted_at}, e.prev_hash, e.hash, e.period_id
FROM entries e LEFT JOIN entries r ON r.id = e.reverses_id
WHERE e.journal_id = {journal} AND e.status = 'posted' AND e.chain_index BETWEEN {lo} AND {hi}
ORDER BY e.chain_index
"""

# Lines come in chain order only: within an entry they follow the (entry_id, line_no) index, and an
# entry whose lines come otherwise is sorted here (ordering by line_no too costs a sort per entry).
_LINES_SQL = """
SELECT l.entry_id, l.line_no, l.account_id, l.debit, l.credit, l.party_type, l.party_id, l.memo
FROM entries e JOIN entry_lines l ON l.entry_id = e.id
WHERE e.journal_id = {journal} AND e.status = 'posted' AND e.chain_index BETWEEN {lo} AND {hi}
ORDER BY e.chain_index
"""

BATCH = 20_000


@dataclass(frozen=True, kw_only=True)
class SliceTask:
    """Entries ``lo``..``hi`` (chain positions) of one journal, and how to reach the database."""

    dialect: str
    target: str  # an SQLite file path or a PostgreSQL conninfo; "" for the caller's own connection
    snapshot: str | None  # a PostgreSQL exported snapshot, so every worker reads the same state
    journal_id: int
    journal_code: str
    lo: int
    hi: int
    codes: dict[int, str]
    usernames: dict[int, str]


@dataclass(kw_only=True)
class SliceResult:
    entries: int = 0
    lines: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)
    first_index: int = 0  # the first entry's chain position, its stored link to its predecessor, its name
    first_prev: str | None = None
    first_where: str = ""
    last_index: int = 0
    last_hash: str | None = None
    line_sums: dict[tuple[int, int], list[int]] = field(default_factory=dict)


def run_slice(task: SliceTask) -> SliceResult:
    """A worker's entry point: its own read-only connection, then :func:`walk_slice`."""
    if task.dialect == "sqlite":
        import sqlite3  # noqa: PLC0415 - a worker imports only what its database needs

        conn: Any = sqlite3.connect(Path(task.target).resolve().as_uri() + "?mode=ro", uri=True)
    else:
        import psycopg
        from psycopg import sql

        conn = psycopg.connect(task.target)
        with conn.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            if task.snapshot:
                cur.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(task.snapshot)))
    try:
        return walk_slice(conn, task)
    finally:
        conn.close()


def _stream(conn: Any, dialect: str, query: str, name: str) -> tuple[Any, Iterator[tuple[Any, ...]]]:
    """A cursor over ``query`` and its rows, fetched :data:`BATCH` at a time (iterated in C: no
    Python frame per row)."""
    cur = conn.cursor(name=name) if dialect == "postgresql" else conn.cursor()
    cur.execute(query)
    return cur, itertools.chain.from_iterable(iter(functools.partial(cur.fetchmany, BATCH), []))


def _iso_datetime(value: object) -> str:
    if isinstance(value, dt.datetime):
        return chain.posted_at_text(value)
    return chain.posted_at_text(dt.datetime.fromisoformat(str(value)))


def where(journal_code: str, e: tuple[Any, ...]) -> str:
    """An entry's name in a problem report: ``REV-1405-000002 (id 17)``."""
    return f"{journal_code}-{e[1]}-{(e[2] or 0):06d} (id {e[0]})"


def walk_slice(conn: Any, task: SliceTask) -> SliceResult:
    """Checks every entry of the slice: its chain position and its link to the entry before it
    (except for a slice's first entry after position 1: the caller knows the entry before), its hash, its balance and line shape; sums its lines per account and period. The
    loop is flat (no call per line) because it runs a million times."""
    dialect = task.dialect if task.dialect in _TEXT_DATES else "postgresql"
    date_sql, at_sql = _TEXT_DATES[dialect]
    params = {"journal": int(task.journal_id), "lo": int(task.lo), "hi": int(task.hi)}
    cur_e, entries = _stream(conn, dialect, _ENTRIES_SQL.format(date=date_sql, posted_at=at_sql, **params), "verify_e")
    cur_l, lines = _stream(conn, dialect, _LINES_SQL.format(**params), "verify_l")
    try:
        return _walk(task, entries, lines)
    finally:
        cur_e.close()
        cur_l.close()


def _walk(task: SliceTask, entries: Iterator[tuple[Any, ...]], lines: Iterator[tuple[Any, ...]]  # noqa: C901
          ) -> SliceResult:
    enc = encode_basestring
    unknown = enc("?")
    code_json = {k: enc(v) for k, v in task.codes.items()}
    user_json = {k: enc(v) for k, v in task.usernames.items()}
    journal_json = enc(task.journal_code)
    text_of = chain.canonical_text
    sha = hashlib.sha256
    out = SliceResult()
    problems = out.problems
    sums = out.line_sums
    head: str | None = chain.GENESIS if task.lo <= 1 else None
    expected = task.lo
    n_lines = 0
    pending = next(lines, None)
    for e in entries:
        eid = e[0]
        parts: list[str] = []
        debit = credit = 0
        one_sided = True
        period = e[12]
        last_no = 0
        shuffled = False
        while pending is not None and pending[0] == eid:
            if pending[1] <= last_no:
                shuffled = True
            last_no = pending[1]
            d, c = pending[3], pending[4]
            debit += d
            credit += c
            if (d == 0) == (c == 0) or d < 0 or c < 0:
                one_sided = False
            key = (pending[2], period)
            acc = sums.get(key)
            if acc is None:
                sums[key] = [d, c]
            else:
                acc[0] += d
                acc[1] += c
            pt, pid = pending[5], pending[6]
            parts.append(f"[{pending[1]},{code_json.get(pending[2], unknown)},{d},{c},"
                         f"{'null' if pt is None else enc(pt)},{'null' if pid is None else pid},{enc(pending[7])}]")
            pending = next(lines, None)
        if shuffled:
            parts.sort(key=lambda part: int(part[1:part.index(",")]))
        n_lines += len(parts)
        out.entries += 1
        if out.entries == 1:  # where the slice meets the one before it: checked by the caller
            out.first_index, out.first_prev, out.first_where = e[3], e[10], where(task.journal_code, e)
            if task.lo > 1:
                expected = e[3]
        if e[3] != expected:
            problems.append((where(task.journal_code, e),
                             f"chain position {e[3]}, expected {expected} (an entry is missing or moved)"))
            expected = e[3] or expected
        expected += 1
        if len(parts) < 2:
            problems.append((where(task.journal_code, e), "fewer than two lines"))
        if debit != credit:
            problems.append((where(task.journal_code, e), f"unbalanced: debits {debit}, credits {credit}"))
        if not one_sided:
            problems.append((where(task.journal_code, e), "a line is not one-sided and positive"))
        at = e[9]
        if not isinstance(at, str) or len(at) != 26:
            at = _iso_datetime(at)
        content = text_of(
            journal_json=journal_json, fiscal_year=e[1], number=e[2], chain_index=e[3], date_iso=str(e[4])[:10],
            description=e[5], reference=e[6], reverses_hash=e[7], posted_by_json=user_json.get(e[8], '""'),
            posted_at_iso=at, lines_text=",".join(parts))
        if head is not None and e[10] != head:
            problems.append((where(task.journal_code, e), "its link to the previous entry is broken"))
        if sha(((e[10] or "") + "\n" + content).encode("utf-8")).hexdigest() != e[11]:
            problems.append((where(task.journal_code, e), "its content does not match its hash (changed after posting)"))
        head = e[11]
        out.last_index = e[3] or out.last_index
    out.lines = n_lines
    out.last_hash = head
    return out
