"""``verify``: walk every journal's hash chain and check the books from the raw rows.

Checks, and names the first bad entry for each: the chain (each posted entry's hash recomputed
from its canonical content and its predecessor's hash; the journal's head), gapless numbering per
journal and fiscal year, every posted entry balanced with at least two one-sided lines, the
running account balances equal to the sums of the lines, and the trial balance at zero.

Speed: the chains are cut into slices of :data:`SLICE_ENTRIES` entries, walked by
:mod:`verify_walk` (in worker processes when the books are large and the database is a file or a
server; in this process otherwise). Every worker reads the same state: the books are append-only
below the chain heads read here, and on PostgreSQL the workers import this transaction's snapshot
(``pg_export_snapshot``). Slices are put back together in chain order, so the problems found and
the first bad entry are the same whichever way the walk ran.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import func, select, text
from sqlalchemy.engine import Connection, make_url

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.ledger import chain
from branch_desktop.core.ledger.models import Account, AccountBalance, Entry, Journal
from branch_desktop.core.ledger.types import EntryStatus
from branch_desktop.core.ledger.verify_walk import SliceResult, SliceTask, run_slice, walk_slice
from branch_desktop.core.models import User
from branch_desktop.core.workers import process_context

SLICE_ENTRIES = 40_000  # entries per slice of a chain
PARALLEL_FROM = 120_000  # posted entries from which worker processes pay for their start-up
MAX_WORKERS = 4


@dataclass
class VerifyReport:
    journals: int = 0
    entries: int = 0
    lines: int = 0
    problems: list[str] = field(default_factory=list)
    first_bad_entry: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def bad(self, where: object, what: str) -> None:
        if self.first_bad_entry is None:
            self.first_bad_entry = str(where)
        self.problems.append(f"{where}: {what}")


def verify_books(ctx: BranchContext, workers: int | None = None, slice_entries: int = SLICE_ENTRIES) -> VerifyReport:
    """The ledger's checks. ``workers``: processes for the chain walk (None: as many as the machine
    has cores, up to :data:`MAX_WORKERS`, for large books on a file or server database; 1: here)."""
    report = VerifyReport()
    with ctx.db.read() as s:
        conn = s.connection()
        dialect = conn.dialect.name
        snapshot = None
        if dialect == "postgresql":
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar()
        codes = dict(conn.execute(select(Account.id, Account.code)).all())
        usernames = dict(conn.execute(select(User.id, User.username)).all())
        journals = [(int(r[0]), str(r[1]), int(r[2]), str(r[3])) for r in conn.execute(
            select(Journal.id, Journal.code, Journal.chain_length, Journal.chain_head).order_by(Journal.id))]
        spans = {r[0]: (int(r[1] or 0), int(r[2] or 0), int(r[3])) for r in conn.execute(
            select(Entry.journal_id, func.min(Entry.chain_index), func.max(Entry.chain_index), func.count())
            .where(Entry.status == EntryStatus.POSTED).group_by(Entry.journal_id))}
        target = _worker_target(ctx, dialect)
        tasks: list[SliceTask] = []
        for jid, jcode, _, _ in journals:
            if jid not in spans:
                continue
            low, high, _ = spans[jid]
            start = min(low, 1)
            for lo in range(start, high + 1, slice_entries):
                tasks.append(SliceTask(dialect=dialect, target=target, snapshot=snapshot, journal_id=jid,
                                       journal_code=jcode, lo=lo, hi=min(high, lo + slice_entries - 1),
                                       codes=codes, usernames=usernames))
        total = sum(span[2] for span in spans.values())
        n = workers if workers is not None else (min(os.cpu_count() or 1, MAX_WORKERS) if total >= PARALLEL_FROM else 1)
        if n > 1 and target and len(tasks) > 1:
            with ProcessPoolExecutor(max_workers=min(n, len(tasks)), mp_context=process_context()) as pool:
                results = list(pool.map(run_slice, tasks))
        else:
            raw = conn.connection.driver_connection
            results = [walk_slice(raw, t) for t in tasks]
        line_sums = _join(report, journals, tasks, results)
        _check_numbering(conn, report)
        _check_balances(conn, report, codes, line_sums)
    return report


def _worker_target(ctx: BranchContext, dialect: str) -> str:
    """How a worker process reaches the database: an SQLite file's path or a PostgreSQL conninfo;
    "" when it cannot (an in-memory database, another driver): the walk then runs here."""
    url = ctx.db.engine.url
    if dialect == "sqlite":
        path = ctx.db.sqlite_path
        return str(path) if path is not None and path.exists() else ""
    if dialect == "postgresql":
        return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return ""


def _join(report: VerifyReport, journals: list[tuple[int, str, int, str]], tasks: list[SliceTask], results: list[SliceResult]
          ) -> dict[tuple[int, int], list[int]]:
    """The slices back in chain order: their problems, where they meet, each journal's head."""
    line_sums: dict[tuple[int, int], list[int]] = {}
    by_journal: dict[int, list[tuple[SliceTask, SliceResult]]] = {}
    for task, result in zip(tasks, results, strict=True):
        by_journal.setdefault(task.journal_id, []).append((task, result))
        for key, (d, c) in result.line_sums.items():
            acc = line_sums.setdefault(key, [0, 0])
            acc[0] += d
            acc[1] += c
    for jid, jcode, jlength, jhead in journals:
        report.journals += 1
        last_index, head = 0, chain.GENESIS
        for task, result in by_journal.get(jid, []):
            report.entries += result.entries
            report.lines += result.lines
            problems = list(result.problems)
            if result.entries and task.lo > 1:  # the slice's first entry against the last one before it
                edge = []
                if result.first_index != last_index + 1:
                    edge.append((result.first_where, f"chain position {result.first_index}, expected "
                                                     f"{last_index + 1} (an entry is missing or moved)"))
                if result.first_prev != head:
                    edge.append((result.first_where, "its link to the previous entry is broken"))
                problems[:0] = edge
            for where, what in problems:
                report.bad(where, what)
            if result.entries:
                last_index, head = result.last_index, result.last_hash or head
        if last_index != jlength or head != jhead:
            report.bad(jcode, f"the journal's chain head ({jlength} entries) does not match its entries "
                              f"({last_index}); posted entries were removed or added outside the program")
    return line_sums


def _check_numbering(conn: Connection, report: VerifyReport) -> None:
    for jcode, year, count, low, high in conn.execute(
        select(Journal.code, Entry.fiscal_year, func.count(), func.min(Entry.number), func.max(Entry.number))
        .join(Journal, Journal.id == Entry.journal_id)
        .where(Entry.status == EntryStatus.POSTED)
        .group_by(Journal.code, Entry.fiscal_year)
    ):
        if low != 1 or high != count:
            report.bad(f"{jcode}-{year}", f"numbering is not gapless: {count} entries numbered {low}..{high}")


def _check_balances(conn: Connection, report: VerifyReport, codes: dict[int, str],
                    line_sums: dict[tuple[int, int], list[int]]) -> None:
    """The running balances against the lines walked, and the trial balance at zero."""
    stored = {(r[0], r[1]): (int(r[2]), int(r[3])) for r in conn.execute(
        select(AccountBalance.account_id, AccountBalance.period_id, AccountBalance.debit, AccountBalance.credit))}
    for key in set(stored) | set(line_sums):
        want = tuple(line_sums.get(key, [0, 0]))
        have = stored.get(key, (0, 0))
        if want != have:
            report.bad(f"balance of account {codes.get(key[0], key[0])}",
                       f"stored {have[0]}/{have[1]} but the lines add up to {want[0]}/{want[1]}")
    total_dr = sum(v[0] for v in stored.values())
    total_cr = sum(v[1] for v in stored.values())
    if total_dr != total_cr:
        report.bad("trial balance", f"debits {total_dr} and credits {total_cr} differ")
