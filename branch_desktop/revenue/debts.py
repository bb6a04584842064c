"""Revenue's public read API for debts (the execution unit reads revenue only through this).

Every function takes the caller's session, so a reader sees one consistent snapshot inside its own
transaction; nothing here writes. Accruals and allocations are append-only, so the changes since
a watermark (the highest id read before) are exactly the rows with a higher id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from branch_desktop.revenue.models import Accrual, Allocation, Employer


@dataclass(frozen=True)
class MonthDelta:
    """What changed for one employer's month since a watermark (minor units)."""

    employer_id: int
    year: int
    month: int
    accrued: int
    allocated: int
    due_date: dt.date | None  # the earliest due date among the new accruals


@dataclass(frozen=True)
class EmployerRef:
    id: int
    file_no: str
    name: str


def watermarks(s: Session) -> tuple[int, int]:
    """The highest accrual and allocation ids."""
    return (int(s.scalar(select(func.coalesce(func.max(Accrual.id), 0))) or 0),
            int(s.scalar(select(func.coalesce(func.max(Allocation.id), 0))) or 0))


def month_deltas(s: Session, accrual_after: int, allocation_after: int, accrual_to: int,
                 allocation_to: int) -> list[MonthDelta]:
    """Accrued and allocated per employer and month for ids in (after, to]."""
    accrued: dict[tuple[int, int, int], tuple[int, dt.date | None]] = {}
    allocated: dict[tuple[int, int, int], int] = {}
    acc = (select(Accrual.employer_id, Accrual.year, Accrual.month, func.sum(Accrual.amount), func.min(Accrual.due_date))
           .where(Accrual.id > accrual_after, Accrual.id <= accrual_to)
           .group_by(Accrual.employer_id, Accrual.year, Accrual.month))
    for emp, year, month, amount, due in s.execute(acc):
        accrued[(emp, year, month)] = (int(amount or 0), due)
    alloc = (select(Allocation.employer_id, Allocation.year, Allocation.month, func.sum(Allocation.amount))
             .where(Allocation.id > allocation_after, Allocation.id <= allocation_to)
             .group_by(Allocation.employer_id, Allocation.year, Allocation.month))
    for emp, year, month, amount in s.execute(alloc):
        allocated[(emp, year, month)] = int(amount or 0)
    return [MonthDelta(employer_id=k[0], year=k[1], month=k[2], accrued=accrued.get(k, (0, None))[0],
                       allocated=allocated.get(k, 0), due_date=accrued.get(k, (0, None))[1])
            for k in sorted(accrued.keys() | allocated.keys())]


def payments(s: Session, employer_id: int) -> list[tuple[int, int, dt.date, int]]:
    """Every allocation of an employer: (year, month, date, amount); voids and bounces negative."""
    q = (select(Allocation.year, Allocation.month, Allocation.allocation_date, Allocation.amount)
         .where(Allocation.employer_id == employer_id).order_by(Allocation.allocation_date, Allocation.id))
    return [(y, m, d, int(a)) for y, m, d, a in s.execute(q)]


def accrued_months(s: Session, employer_id: int) -> list[tuple[int, int, dt.date, int]]:
    """An employer's months with what was accrued: (year, month, due date, amount)."""
    q = (select(Accrual.year, Accrual.month, func.min(Accrual.due_date), func.sum(Accrual.amount))
         .where(Accrual.employer_id == employer_id).group_by(Accrual.year, Accrual.month)
         .order_by(Accrual.year, Accrual.month))
    return [(y, m, d, int(a or 0)) for y, m, d, a in s.execute(q)]


def collected_after(s: Session, employer_id: int, months: Iterable[tuple[int, int]], after: dt.date,
                    until: dt.date) -> int:
    """What was allocated to these months of an employer on days in (after, until]."""
    wanted = set(months)
    q = (select(Allocation.year, Allocation.month, func.sum(Allocation.amount))
         .where(Allocation.employer_id == employer_id, Allocation.allocation_date > after,
                Allocation.allocation_date <= until).group_by(Allocation.year, Allocation.month))
    return sum(int(a or 0) for y, m, a in s.execute(q) if (y, m) in wanted)


def employer_by_file(s: Session, file_no: str) -> EmployerRef | None:
    row = s.execute(select(Employer.id, Employer.file_no, Employer.name).where(Employer.file_no == file_no)).first()
    return EmployerRef(id=row[0], file_no=row[1], name=row[2]) if row else None


def employers(s: Session, ids: Iterable[int]) -> dict[int, EmployerRef]:
    wanted = sorted(set(ids))
    out: dict[int, EmployerRef] = {}
    for i in range(0, len(wanted), 900):
        q = select(Employer.id, Employer.file_no, Employer.name).where(Employer.id.in_(wanted[i:i + 900]))
        out.update({r[0]: EmployerRef(id=r[0], file_no=r[1], name=r[2]) for r in s.execute(q)})
    return out


def search_employers(s: Session, text: str, limit: int = 200) -> list[int]:
    """Employer ids whose file number, name, id or business code contains ``text``."""
    q = select(Employer.id).where(Employer.search_text.contains(text.strip().lower(), autoescape=True)).limit(limit)
    return [int(r) for r in s.scalars(q)]


def month_totals(accrual_to: int, allocation_to: int) -> Select[Any]:
    """SQL: every employer's month with (employer_id, year, month, due_date, accrued, allocated) for
    ids up to the watermarks (a register's first build, in one INSERT ... SELECT)."""
    acc = select(Accrual.employer_id.label("employer_id"), Accrual.year.label("year"),
                 Accrual.month.label("month"), Accrual.due_date.label("due_date"),
                 Accrual.amount.label("accrued"), literal(0).label("allocated")).where(Accrual.id <= accrual_to)
    alloc = select(Allocation.employer_id, Allocation.year, Allocation.month, null(), literal(0),
                   Allocation.amount).where(Allocation.id <= allocation_to)
    both = union_all(acc, alloc).subquery()
    return (select(both.c.employer_id, both.c.year, both.c.month, func.min(both.c.due_date),
                   func.sum(both.c.accrued), func.sum(both.c.allocated))
            .group_by(both.c.employer_id, both.c.year, both.c.month))
