"""The debt register's reads on the driver's statements (``core.driver``): one piece of code for the
services (``services.register``, on a session's connection) and the command line's fast path (on a
connection of its own, without SQLAlchemy). The callers check the role first; the services bring the
register up to date first (``register.refresh``), the fast path reads only a register that is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.money import Currency
from branch_desktop.execution.exceptions import UnknownEmployer
from branch_desktop.execution.types import AGE_BUCKETS, Ageing, RegisterRow
from branch_desktop.revenue.driver_reads import EmployerRef, employer_by_file, employers, watermarks

AGE_KEYS = ("0-30", "31-90", "91-180", "181-365", ">365")

_STATE = "SELECT accrual_id, allocation_id FROM execution_register_state WHERE id = 1"
_DUES = "SELECT due_date, owed FROM execution_debt_dues WHERE owed != 0 AND due_date < ?"
_DEBTORS = "SELECT COUNT(*) FROM execution_debt_employers WHERE oldest_due < ?"


def register_is_current(cursor: Any) -> bool:
    """Whether the register has read every accrual and allocation revenue holds (nothing to refresh)."""
    state = cursor.rows(_STATE)
    return bool(state) and (int(state[0][0]), int(state[0][1])) == watermarks(cursor)


def employer_of_file(cursor: Any, file_no: str) -> EmployerRef:
    ref = employer_by_file(cursor, file_no.strip())
    if ref is None:
        raise UnknownEmployer("No employer with the file number {file_no}.", file_no=file_no)
    return ref


def register_rows(cursor: Any, currency: Currency, today: dt.date, *, employer: str | None = None,
                  min_age: int = 0, limit: int = 1000, offset: int = 0) -> list[RegisterRow]:
    """The months still owed after their due date (oldest first), with their age in days."""
    latest = today - dt.timedelta(days=max(min_age, 1))
    where, params = "owed > 0 AND due_date <= ?", [cursor.day(latest)]
    if employer:
        where += " AND employer_id = ?"
        params.append(employer_of_file(cursor, employer).id)
    rows = [(int(e), int(y), int(m), cursor.date(d), int(o)) for e, y, m, d, o in cursor.rows(
        f"SELECT employer_id, year, month, due_date, owed FROM execution_debt_months WHERE {where} "
        "ORDER BY due_date, employer_id LIMIT ? OFFSET ?", (*params, limit, offset))]
    refs = employers(cursor, (r[0] for r in rows))
    return [RegisterRow(employer_id=e, file_no=refs[e].file_no, name=refs[e].name, month=YearMonth(y, m), due=d,
                        owed=currency.from_minor(o), age=(today - d).days) for e, y, m, d, o in rows]


def _bucket_sums(cursor: Any, today: dt.date) -> tuple[str, list[Any]]:
    """The overdue owed of each age bucket, as SELECT columns over ``execution_debt_months``."""
    columns, params = [], []
    for lo, hi in AGE_BUCKETS:
        cond = "due_date <= ?"
        params.append(cursor.day(today - dt.timedelta(days=max(lo, 1))))
        if hi is not None:
            cond += " AND due_date >= ?"
            params.append(cursor.day(today - dt.timedelta(days=hi)))
        columns.append(f"COALESCE(SUM(CASE WHEN {cond} THEN owed ELSE 0 END), 0)")
    return ", ".join(columns), params


def bucket_of(age: int) -> int:
    """The index of the age bucket of a debt ``age`` days overdue."""
    return next(i for i, (_lo, hi) in enumerate(AGE_BUCKETS) if hi is None or age <= hi)


def ageing_figures(cursor: Any, currency: Currency, today: dt.date, *, employer: str | None = None) -> Ageing:
    """The overdue debt in the buckets 0-30, 31-90, 91-180, 181-365 and over 365 days: the branch's
    from the owed per due date, one employer's from its months."""
    if employer:
        employer_id = employer_of_file(cursor, employer).id
        sums, params = _bucket_sums(cursor, today)
        row = cursor.rows(f"SELECT {sums}, COUNT(DISTINCT employer_id) FROM execution_debt_months "
                          "WHERE owed > 0 AND due_date < ? AND employer_id = ?",
                          (*params, cursor.day(today), employer_id))[0]
        minor, count = [int(v or 0) for v in row[:-1]], int(row[-1] or 0)
    else:
        minor = [0] * len(AGE_BUCKETS)
        for day, owed in cursor.rows(_DUES, (cursor.day(today),)):
            minor[bucket_of((today - cursor.date(day)).days)] += int(owed)
        # every summary row owes (only an employer with a month still owed has one): the count reads
        # the oldest-due index alone
        count = int(cursor.rows(_DEBTORS, (cursor.day(today),))[0][0] or 0)
    amounts = tuple(currency.from_minor(v) for v in minor)
    return Ageing(labels=AGE_KEYS, amounts=amounts, total=sum(amounts, currency.from_minor(0)), employers=count)


def ageing_of_employers(cursor: Any, currency: Currency, today: dt.date, employer_ids: Iterable[int]
                        ) -> dict[int, tuple[Decimal, ...]]:
    """Each named employer's overdue debt by bucket."""
    ids = sorted(set(employer_ids))
    if not ids:
        return {}
    sums, params = _bucket_sums(cursor, today)
    rows = cursor.rows(f"SELECT employer_id, {sums} FROM execution_debt_months WHERE owed > 0 AND due_date < ? "
                       f"AND employer_id IN ({cursor.marks(len(ids))}) GROUP BY employer_id",
                       (*params, cursor.day(today), *ids))
    return {int(r[0]): tuple(currency.from_minor(int(v or 0)) for v in r[1:]) for r in rows}
