"""The debt register: each employer's months still owed, kept incrementally from revenue's
append-only accruals and allocations (read through ``revenue.debts``), and its ageing.

``refresh`` reads only the accruals and allocations written since the last refresh (their ids are
above the stored watermarks) and adjusts the touched months and employers; the register, the
ageing and the debtors list then read the indexed months still owed, never the revenue tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, bindparam, case, delete, func, insert, select, update
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.models import table_of, utcnow
from branch_desktop.core.security import Actor, require
from branch_desktop.execution.models import DebtEmployer, DebtMonth, RegisterState
from branch_desktop.execution.services.common import employer, money
from branch_desktop.execution.types import AGE_BUCKETS, Ageing, Debtor, RegisterRow
from branch_desktop.revenue import debts

AGE_KEYS = ("0-30", "31-90", "91-180", "181-365", ">365")
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
    deltas = debts.month_deltas(s, state.accrual_id, state.allocation_id, acc_to, alloc_to)
    months = table_of(DebtMonth)
    employers = sorted({d.employer_id for d in deltas})
    known: dict[tuple[int, int, int], tuple[int, int, int, dt.date | None]] = {}
    for i in range(0, len(employers), _CHUNK):
        q = select(months.c.employer_id, months.c.year, months.c.month, months.c.id, months.c.accrued,
                   months.c.allocated, months.c.due_date).where(months.c.employer_id.in_(employers[i:i + _CHUNK]))
        for emp, y, m, rid, acc, alloc, due in s.execute(q):
            known[(emp, y, m)] = (rid, acc, alloc, due)
    new_rows, changed = [], []
    for d in deltas:
        old = known.get((d.employer_id, d.year, d.month))
        if old is None:
            new_rows.append({"employer_id": d.employer_id, "year": d.year, "month": d.month, "due_date": d.due_date,
                             "accrued": d.accrued, "allocated": d.allocated, "owed": d.accrued - d.allocated})
            continue
        rid, acc, alloc, due = old
        due = min(x for x in (due, d.due_date, dt.date.max) if x is not None)
        acc, alloc = acc + d.accrued, alloc + d.allocated
        changed.append({"rid": rid, "a": acc, "l": alloc, "o": acc - alloc,
                        "d": None if due == dt.date.max else due})
    if new_rows:
        s.execute(insert(months), new_rows)
    if changed:
        s.execute(update(months).where(months.c.id == bindparam("rid")).values(
            accrued=bindparam("a"), allocated=bindparam("l"), owed=bindparam("o"), due_date=bindparam("d")),
            changed, execution_options={"synchronize_session": False})
    _recount(s, employers)
    state.accrual_id, state.allocation_id, state.refreshed_at = acc_to, alloc_to, utcnow()
    return len(deltas)


def _recount(s: Session, employers: list[int]) -> None:
    months, summary = table_of(DebtMonth), table_of(DebtEmployer)
    for i in range(0, len(employers), _CHUNK):
        chunk = employers[i:i + _CHUNK]
        owing = months.c.owed > 0
        q = (select(months.c.employer_id, func.sum(case((owing, months.c.owed), else_=0)),
                    func.min(case((owing, months.c.due_date), else_=None)), func.sum(case((owing, 1), else_=0)))
             .where(months.c.employer_id.in_(chunk)).group_by(months.c.employer_id))
        rows = [{"employer_id": e, "owed": int(o or 0), "oldest_due": d, "months": int(n or 0)}
                for e, o, d, n in s.execute(q)]
        s.execute(delete(summary).where(summary.c.employer_id.in_(chunk)))
        if rows:
            s.execute(insert(summary), rows)


def _refreshed(ctx: BranchContext) -> None:
    with ctx.db.write() as s:
        refresh(s)


def debt_register(ctx: BranchContext, actor: Actor, today: dt.date, *, employer: str | None = None,
                  min_age: int = 0, limit: int = 1000, offset: int = 0) -> list[RegisterRow]:
    """The months still owed after their due date (oldest first), with their age in days."""
    require(actor, "execution.view")
    _refreshed(ctx)
    months = table_of(DebtMonth)
    latest = today - dt.timedelta(days=max(min_age, 1))
    with ctx.db.read() as s:
        q = (select(months.c.employer_id, months.c.year, months.c.month, months.c.due_date, months.c.owed)
             .where(months.c.owed > 0, months.c.due_date <= latest))
        if employer:
            q = q.where(months.c.employer_id == _employer_id(s, employer))
        rows = list(s.execute(q.order_by(months.c.due_date, months.c.employer_id).limit(limit).offset(offset)))
        refs = debts.employers(s, (r[0] for r in rows))
    return [RegisterRow(employer_id=e, file_no=refs[e].file_no, name=refs[e].name, month=YearMonth(y, m), due=d,
                        owed=money(ctx, o), age=(today - d).days) for e, y, m, d, o in rows]


def _employer_id(s: Session, file_no: str) -> int:
    return employer(s, file_no).id


def _bucket_columns(today: dt.date) -> list[Any]:
    months = table_of(DebtMonth)
    cols = []
    for lo, hi in AGE_BUCKETS:
        newest = today - dt.timedelta(days=max(lo, 1))
        cond = months.c.due_date <= newest
        if hi is not None:
            cond = and_(cond, months.c.due_date >= today - dt.timedelta(days=hi))
        cols.append(func.coalesce(func.sum(case((cond, months.c.owed), else_=0)), 0))
    return cols


def ageing(ctx: BranchContext, actor: Actor, today: dt.date, *, employer: str | None = None) -> Ageing:
    """The overdue debt in the buckets 0-30, 31-90, 91-180, 181-365 and over 365 days."""
    require(actor, "execution.view")
    _refreshed(ctx)
    months = table_of(DebtMonth)
    with ctx.db.read() as s:
        q = select(*_bucket_columns(today), func.count(func.distinct(months.c.employer_id))).where(
            months.c.owed > 0, months.c.due_date < today)
        if employer:
            q = q.where(months.c.employer_id == _employer_id(s, employer))
        row = s.execute(q).one()
    amounts = tuple(money(ctx, int(v or 0)) for v in row[:-1])
    return Ageing(labels=AGE_KEYS, amounts=amounts, total=sum(amounts, money(ctx, 0)), employers=int(row[-1] or 0))


def ageing_by_employer(ctx: BranchContext, actor: Actor, today: dt.date, employer_ids: Iterable[int]
                       ) -> dict[int, tuple[object, ...]]:
    """Each named employer's overdue debt by bucket (a page of the debtors list)."""
    require(actor, "execution.view")
    months = table_of(DebtMonth)
    ids = sorted(set(employer_ids))
    with ctx.db.read() as s:
        q = (select(months.c.employer_id, *_bucket_columns(today))
             .where(months.c.owed > 0, months.c.due_date < today, months.c.employer_id.in_(ids))
             .group_by(months.c.employer_id))
        return {r[0]: tuple(money(ctx, int(v or 0)) for v in r[1:]) for r in s.execute(q)}


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
