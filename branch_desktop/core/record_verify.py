"""``verify`` beyond the ledger: every record kind's chain, its numbered series, every guard, and
the departments' cross-checks (a document against its posting, a sub-ledger against its control
account). Rows are streamed (Core selects, ``yield_per``), never loaded as ORM objects.

Problems go into the ledger's :class:`VerifyReport`; each kind names its first bad record.
"""

from __future__ import annotations

import importlib
from collections import defaultdict

from sqlalchemy import Connection, func, select

from branch_desktop.core import records
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.ledger.chain import GENESIS, link
from branch_desktop.core.ledger.verify import VerifyReport, verify_books
from branch_desktop.core.models import RecordEvent, RecordHead, RecordLink, table_of
from branch_desktop.core.record_guards import check_guards
from branch_desktop.core.records import RecordKind


def verify_records(conn: Connection, report: VerifyReport, batch: int = 20_000) -> None:
    from branch_desktop import app_registry

    reg = app_registry.load()
    app_registry.import_models()
    for problem in check_guards(conn):
        report.bad("guards", problem)
    heads = {r[0]: (r[1], r[2]) for r in conn.execute(select(RecordHead.kind, RecordHead.length, RecordHead.head))}
    for k in records.kinds():
        _verify_kind(conn, k, heads.get(k.name, (0, GENESIS)), report, batch)
        if k.numbering is not None:
            _verify_numbering(conn, k, report)
    for spec in reg.integrity_checks:
        module, function = spec.split(":")
        getattr(importlib.import_module(module), function)(conn, report)


def _events(conn: Connection, k: RecordKind) -> dict[tuple[int, str], list[tuple[str | None, str | None]]]:
    ev = table_of(RecordEvent)
    out: dict[tuple[int, str], list[tuple[str | None, str | None]]] = defaultdict(list)
    if k.state:
        for rid, field, old, new in conn.execute(
            select(ev.c.record_id, ev.c.field, ev.c.old_value, ev.c.new_value).where(ev.c.kind == k.name)
            .order_by(ev.c.id)
        ):
            out[(rid, field)].append((old, new))
    return out


def _verify_kind(conn: Connection, k: RecordKind, head: tuple[int, str], report: VerifyReport, batch: int) -> None:
    t = records.table(k)
    links = table_of(RecordLink)
    events = _events(conn, k)
    cols = [t.c[c] for c in records.content_columns(k)]
    stmt = (select(links.c.position, links.c.record_id, links.c.prev_hash, links.c.hash, t.c.id, *cols)
            .select_from(links.outerjoin(t, t.c.id == links.c.record_id))
            .where(links.c.kind == k.name).order_by(links.c.position)
            .execution_options(yield_per=batch))
    n_cols = len(k.columns)
    running, expected = GENESIS, 0
    first_bad: str | None = None

    def bad(rid: object, what: str) -> None:
        nonlocal first_bad
        if first_bad is None:
            first_bad = f"{k.name} {k.table} id {rid}"
            report.bad(first_bad, what)

    for row in conn.execute(stmt):
        expected += 1
        position, rid, prev, stored = row[0], row[1], row[2], row[3]
        if position != expected:
            bad(rid, f"chain position {position}, expected {expected} (a record was removed from the chain)")
            expected = position
        if prev != running:
            bad(rid, "its link to the previous record is broken")
        running = stored
        if row[4] is None:
            bad(rid, "the record was deleted")
            continue
        values = list(row[5:])
        for j, field in enumerate(k.state):
            history = events.get((rid, field))
            current = records.as_text(values[n_cols + j])
            if history:
                if history[-1][1] != current:
                    bad(rid, f"its {field} is {current!r} but its last recorded change made it {history[-1][1]!r}")
                if any(history[i][0] != history[i - 1][1] for i in range(1, len(history))):
                    bad(rid, f"the recorded changes of its {field} do not follow each other")
                values[n_cols + j] = history[0][0]
        if link(prev, records.canonical(k, rid, values)) != stored:
            bad(rid, "its content does not match its hash (changed after it became final)")
    if (expected, running) != head:
        bad("(head)", f"the chain head ({head[0]} records) does not match the chain ({expected})")
    # final rows that never entered the chain (written with the guards and the program bypassed)
    missing = conn.execute(select(t.c.id).where(records.unlinked(k, t)).order_by(t.c.id).limit(1)).scalar()
    if missing is not None:
        bad(missing, "a final record is not in the chain (written outside the program)")


def _verify_numbering(conn: Connection, k: RecordKind, report: VerifyReport) -> None:
    assert k.numbering is not None
    t = records.table(k)
    num = t.c[k.numbering.number]
    series = [t.c[c] for c in k.numbering.series]
    stmt = select(*series, func.count(), func.count(func.distinct(num)), func.min(num), func.max(num))
    if series:
        stmt = stmt.group_by(*series)
    for row in conn.execute(stmt.order_by(*series)):
        count, distinct, low, high = row[-4:]
        if not count:
            continue
        start = low if k.numbering.start is None else k.numbering.start
        if distinct != count or low != start or high - start + 1 != count:
            where = ", ".join(f"{c}={v}" for c, v in zip(k.numbering.series, row, strict=False))
            report.bad(f"{k.name} numbering ({where})" if where else f"{k.name} numbering",
                       f"{k.numbering.number} is not gapless: {count} records numbered {low}..{high}")
            return


def verify_everything(ctx: BranchContext) -> VerifyReport:
    """The ledger's chains and balances, then every legal record, guard and cross-check."""
    report = verify_books(ctx)
    with ctx.db.read() as s:
        verify_records(s.connection(), report)
    return report
