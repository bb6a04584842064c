"""The debt register: each employer's months still owed, kept incrementally from revenue's
append-only accruals and allocations (read through ``revenue.queries``), and its ageing.

``refresh`` reads only the accruals and allocations written since the last refresh (their ids are
above the stored watermarks) and adjusts the touched months and employers (settling the open
notices whose months are now paid); the register, the
ageing and the debtors list then read the indexed months still owed, never the revenue tables.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import CompoundSelect, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.models import table_of, utcnow
from branch_desktop.core.security import Actor, require
from branch_desktop.core.storage import DriverCursor
from branch_desktop.execution import driver_reads as reads
from branch_desktop.execution.driver_reads import AGE_KEYS as AGE_KEYS
from branch_desktop.execution.driver_reads import bucket_of as bucket_of
from branch_desktop.execution.models import DebtDue, DebtEmployer, DebtMonth, RegisterState
from branch_desktop.execution.services.common import money
from branch_desktop.execution.services.settlement import settle_paid
from branch_desktop.execution.types import AGE_BUCKETS, Ageing, Debtor, RegisterRow
from branch_desktop.revenue import queries as debts

_CHUNK = 900


def refresh(s: Session) -> int:
    """Bring the register up to date with revenue; returns how many months changed."""
    state = s.get(RegisterState, 1, with_for_update=True)
    if state is None:
        state = RegisterState(id=1, accrual_id=0, allocation_id=0)
        s.add(state)
        s.flush()
    acc_to, alloc_to = debts.watermarks(s)
    if (acc_to, alloc_to) == (state.accrual_id, state.allocation_id):
        return 0
    if (state.accrual_id, state.allocation_id) == (0, 0) and s.scalar(select(DebtMonth.id).limit(1)) is None:
        count = _first_build(s, acc_to, alloc_to)
        settle_paid(s, None)
    else:
        marks = (state.accrual_id, state.allocation_id, acc_to, alloc_to)
        deltas = debts.month_deltas(s, *marks)
        count, cleared = _apply(s, deltas)
        _recount(s, debts.touched_employers(*marks))
        if cleared:  # a document settles only when one of its months is paid off
            settle_paid(s, cleared)
    state.accrual_id, state.allocation_id, state.refreshed_at = acc_to, alloc_to, utcnow()
    return count


def _first_build(s: Session, acc_to: int, alloc_to: int) -> int:
    """The whole register in three INSERT ... SELECT statements (a branch's first refresh)."""
    months, dues = table_of(DebtMonth), table_of(DebtDue)
    src = debts.month_totals(acc_to, alloc_to).subquery()
    emp, year, month, due, acc, alloc = list(src.c)
    s.execute(insert(months).from_select(
        ["employer_id", "year", "month", "due_date", "accrued", "allocated", "owed"],
        select(emp, year, month, due, acc, alloc, acc - alloc)))
    owing = months.c.owed > 0
    s.execute(insert(dues).from_select(["due_date", "owed"], select(months.c.due_date, func.sum(months.c.owed))
                                       .where(owing, months.c.due_date.is_not(None)).group_by(months.c.due_date)))
    s.execute(_summaries())
    return int(s.scalar(select(func.count()).select_from(months)) or 0)


def _apply(s: Session, deltas: list[debts.MonthDelta]) -> tuple[int, list[int]]:
    """Adjust the touched months and the owed per due date; returns how many months changed and
    the employers of which a month was paid off (owed before, nothing owed now)."""
    months = table_of(DebtMonth)
    by_month: dict[tuple[int, int], list[int]] = defaultdict(list)
    for d in deltas:
        by_month[(d.year, d.month)].append(d.employer_id)
    known: dict[tuple[int, int, int], tuple[int, int, int, dt.date | None]] = {}
    for (y, m), emps in by_month.items():  # one month, many employers: the unique index's prefix
        for i in range(0, len(emps), _CHUNK):
            q = select(months.c.employer_id, months.c.id, months.c.accrued, months.c.allocated,
                       months.c.due_date).where(months.c.year == y, months.c.month == m,
                                                months.c.employer_id.in_(emps[i:i + _CHUNK]))
            for emp, rid, acc, alloc, due in s.execute(q):
                known[(emp, y, m)] = (rid, acc, alloc, due)
    new_rows, changed = [], []
    cleared: set[int] = set()
    by_due: dict[dt.date, int] = defaultdict(int)
    for d in deltas:
        rid, acc, alloc, old_due = known.get((d.employer_id, d.year, d.month), (0, 0, 0, None))
        due = min((x for x in (old_due, d.due_date) if x is not None), default=None)
        old, new = acc - alloc, acc + d.accrued - alloc - d.allocated
        if old > 0 >= new:
            cleared.add(d.employer_id)
        if old > 0 and old_due is not None:
            by_due[old_due] -= old
        if new > 0 and due is not None:
            by_due[due] += new
        values = {"accrued": acc + d.accrued, "allocated": alloc + d.allocated, "owed": new, "due_date": due}
        if rid:
            changed.append({"rid": rid, **{f"v_{k}": v for k, v in values.items()}})
        else:
            new_rows.append({"employer_id": d.employer_id, "year": d.year, "month": d.month, **values})
    if new_rows:
        s.execute(insert(months), new_rows)
    if changed:
        s.execute(update(months).where(months.c.id == bindparam("rid")).values(
            accrued=bindparam("v_accrued"), allocated=bindparam("v_allocated"), owed=bindparam("v_owed"),
            due_date=bindparam("v_due_date")), changed, execution_options={"synchronize_session": False})
    _add_dues(s, {k: v for k, v in by_due.items() if v})
    return len(deltas), sorted(cleared)


def _add_dues(s: Session, by_due: dict[dt.date, int]) -> None:
    dues = table_of(DebtDue)
    have = {d: o for d, o in s.execute(select(dues.c.due_date, dues.c.owed).where(dues.c.due_date.in_(list(by_due))))}
    for day, delta in by_due.items():
        if day in have:
            s.execute(update(dues).where(dues.c.due_date == day).values(owed=have[day] + delta))
        else:
            s.execute(insert(dues).values(due_date=day, owed=delta))


def _recount(s: Session, employers: CompoundSelect[Any]) -> None:
    """The summaries of the ``employers`` (a subquery) from their months still owed (a partial
    index): two statements, no list of employers kept in Python."""
    summary = table_of(DebtEmployer)
    touched = select(employers.subquery().c[0])
    s.execute(delete(summary).where(summary.c.employer_id.in_(touched)))
    s.execute(_summaries(table_of(DebtMonth).c.employer_id.in_(touched)))


def _summaries(*where: Any) -> Any:
    """INSERT ... SELECT of the employers' summaries (of those ``where`` says) from their months
    still owed: an employer with none has no row."""
    months = table_of(DebtMonth)
    return insert(table_of(DebtEmployer)).from_select(
        ["employer_id", "owed", "oldest_due", "months"],
        select(months.c.employer_id, func.sum(months.c.owed), func.min(months.c.due_date), func.count())
        .where(months.c.owed > 0, *where).group_by(months.c.employer_id))


def _refreshed(ctx: BranchContext) -> None:
    with ctx.db.write() as s:
        refresh(s)


def debt_register(ctx: BranchContext, actor: Actor, today: dt.date, *, employer: str | None = None,
                  min_age: int = 0, limit: int = 1000, offset: int = 0) -> list[RegisterRow]:
    """The months still owed after their due date (oldest first), with their age in days."""
    require(actor, "execution.view")
    _refreshed(ctx)
    with ctx.db.read() as s:
        return reads.register_rows(DriverCursor(s), ctx.pack.currency, today, employer=employer, min_age=min_age,
                                   limit=limit, offset=offset)


def ageing(ctx: BranchContext, actor: Actor, today: dt.date, *, employer: str | None = None) -> Ageing:
    """The overdue debt in the buckets 0-30, 31-90, 91-180, 181-365 and over 365 days: the branch's
    from the owed per due date, one employer's from its months."""
    require(actor, "execution.view")
    _refreshed(ctx)
    with ctx.db.read() as s:
        return reads.ageing_figures(DriverCursor(s), ctx.pack.currency, today, employer=employer)


def ageing_by_employer(ctx: BranchContext, actor: Actor, today: dt.date, employer_ids: Iterable[int]
                       ) -> dict[int, tuple[object, ...]]:
    """Each named employer's overdue debt by bucket (a page of the debtors list)."""
    require(actor, "execution.view")
    with ctx.db.read() as s:
        return dict(reads.ageing_of_employers(DriverCursor(s), ctx.pack.currency, today, employer_ids))


def debtors(ctx: BranchContext, actor: Actor, today: dt.date, *, search: str = "", min_owed: int = 0,
            min_age: int = 0, limit: int = 200, offset: int = 0) -> list[Debtor]:
    """Employers who owe, largest debt first; filtered by a search text (file number, name...), the
    least amount owed (minor units) and the least age of the oldest unpaid month."""
    require(actor, "execution.view")
    _refreshed(ctx)
    summary = table_of(DebtEmployer)
    with ctx.db.read() as s:
        q = select(summary.c.employer_id, summary.c.owed, summary.c.oldest_due, summary.c.months).where(
            summary.c.owed > max(min_owed, 0))
        if min_age > 0:
            q = q.where(summary.c.oldest_due <= today - dt.timedelta(days=min_age))
        if search.strip():
            q = q.where(summary.c.employer_id.in_(debts.search_employers(s, search, limit=5000)))
        rows = list(s.execute(q.order_by(summary.c.owed.desc(), summary.c.employer_id).limit(limit).offset(offset)))
        refs = debts.employers(s, (r[0] for r in rows))
    return [Debtor(employer_id=e, file_no=refs[e].file_no, name=refs[e].name, owed=money(ctx, o), oldest_due=d,
                   months=n, age=max((today - d).days, 0) if d else 0) for e, o, d, n in rows]


def ageing_report(ctx: BranchContext, actor: Actor, today: dt.date, *, limit: int = 10_000
                  ) -> list[tuple[Debtor, tuple[Any, ...]]]:
    """The ageing per employer (largest debt first), for the printed and Excel reports."""
    rows = debtors(ctx, actor, today, limit=limit)
    buckets = ageing_by_employer(ctx, actor, today, (d.employer_id for d in rows))
    empty = tuple(money(ctx, 0) for _ in AGE_BUCKETS)
    return [(d, buckets.get(d.employer_id, empty)) for d in rows if d.age > 0]
