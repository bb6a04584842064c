"""The insured counts revenue keeps for the manager's reports (``revenue_insured_counts``): distinct
insured with at least one declared day, for the branch per month and per half-year, and per
employer per half-year. A declaration replaces its employer's service records of the month; the
people it adds or drops change a count only when they have no other day in that span (with another
employer, or in another month of the half), so each declaration costs a look-up of its own people
and never a recount."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, bindparam, not_, select, update
from sqlalchemy.orm import Session

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.storage import Prepared, dialect_insert
from branch_desktop.revenue.models import COUNT_BRANCH as BRANCH
from branch_desktop.revenue.models import COUNT_HALF as HALF
from branch_desktop.revenue.models import InsuredCount, ServiceRecord

CHUNK = 900


def half_start(month: int) -> int:
    """The first month of the pack calendar's half-year that holds ``month`` (1 or 7)."""
    return 1 if month <= HALF else HALF + 1


def declared_people(s: Session, employer_id: int, ym: YearMonth) -> set[str]:
    """Who the employer's current service records of the month give at least one day."""
    return {r[0] for r in _DECLARED.rows(s, employer_id=employer_id, year=ym.year, month=ym.month)}


# Read on every declaration: compiled once (storage.Prepared).
_DECLARED = Prepared(select(ServiceRecord.national_id).where(
    ServiceRecord.employer_id == bindparam("employer_id"), ServiceRecord.year == bindparam("year"),
    ServiceRecord.month == bindparam("month"), ServiceRecord.days > 0))
_MAKE_ROWS: dict[str, Any] = {}  # per SQL dialect: the INSERT ... ON CONFLICT DO NOTHING of the count rows


def _lock(s: Session, keys: Iterable[tuple[int, int, int, int]]) -> None:
    """Make the rows exist and lock them, in key order: a second declaration of the same span
    waits here, then sees the first one's service records (PostgreSQL, read committed)."""
    rows = [{"employer_id": e, "year": y, "month": m, "months": n, "insured": 0} for e, y, m, n in sorted(keys)]
    # executemany of one statement (compiled once and cached; a multi-row VALUES is compiled anew each time)
    dialect = s.get_bind().dialect.name
    make = _MAKE_ROWS.get(dialect)
    if make is None:
        make = _MAKE_ROWS[dialect] = dialect_insert(s, InsuredCount).on_conflict_do_nothing()
    s.connection().execute(make, rows)
    if dialect == "postgresql":
        for e, y, m, n in sorted(keys):
            s.execute(select(InsuredCount.insured).where(
                InsuredCount.employer_id == e, InsuredCount.year == y, InsuredCount.month == m,
                InsuredCount.months == n).with_for_update())


def keep_counts(s: Session, employer_id: int, ym: YearMonth, before: set[str], after: set[str]) -> None:
    """Adjust the counts for the employer's month whose people with days went from ``before`` to
    ``after``. Call it with the month's new service records written or not: it reads only the
    people's *other* records."""
    added, dropped = after - before, before - after
    changed = sorted(added | dropped)
    if not changed:
        return
    first = half_start(ym.month)
    month_key = (BRANCH, ym.year, ym.month, 1)
    half_key = (BRANCH, ym.year, first, HALF)
    employer_key = (employer_id, ym.year, first, HALF)
    _lock(s, (month_key, half_key, employer_key))
    others: dict[str, set[tuple[int, int]]] = defaultdict(set)  # person -> (employer, month) of other days
    conn = s.connection()
    for i in range(0, len(changed), CHUNK):
        for person, employer, month in conn.execute(_OTHER_DAYS, {
                "people": changed[i:i + CHUNK], "year": ym.year, "first": first, "last": first + HALF - 1,
                "employer_id": employer_id, "month": ym.month}):
            others[person].add((employer, month))
    delta: Counter[tuple[int, int, int, int]] = Counter()
    for person in changed:
        sign = 1 if person in added else -1
        elsewhere = others.get(person, set())
        if not any(m == ym.month for _e, m in elsewhere):
            delta[month_key] += sign
        if not elsewhere:
            delta[half_key] += sign
        if not any(e == employer_id for e, _m in elsewhere):
            delta[employer_key] += sign
    changes = [{"e": e, "y": y, "m": m, "n": n, "d": d} for (e, y, m, n), d in sorted(delta.items()) if d]
    if changes:
        s.connection().execute(_ADD, changes)


_SR = ServiceRecord
# the people's other days in the half-year (compiled once: the list of people is an expanding parameter)
_OTHER_DAYS = select(_SR.national_id, _SR.employer_id, _SR.month).where(
    _SR.national_id.in_(bindparam("people", expanding=True)), _SR.year == bindparam("year"),
    _SR.month.between(bindparam("first"), bindparam("last")), _SR.days > 0,
    not_(and_(_SR.employer_id == bindparam("employer_id"), _SR.month == bindparam("month"))))
_ADD = (update(InsuredCount)
        .where(InsuredCount.employer_id == bindparam("e"), InsuredCount.year == bindparam("y"),
               InsuredCount.month == bindparam("m"), InsuredCount.months == bindparam("n"))
        .values(insured=InsuredCount.insured + bindparam("d")))
