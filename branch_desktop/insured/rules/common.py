"""What the benefit rules share: reading pack figures into the trace, fractions, rounding,
the earnings history and the premium-day window. Pure: no database, no Qt."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from branch_desktop.core.packs import Pack
from branch_desktop.core.premiums import DAYS_IN_PREMIUM_MONTH, daily_limits
from branch_desktop.core.trace import Trace
from branch_desktop.insured.exceptions import BenefitInputError

CENT = Decimal("0.01")


@dataclass(frozen=True)
class EarningsMonth:
    """A declared month (in the pack's calendar): its days and earnings subject to premium."""

    label: str  # "2025-03", "1404-02"
    first: dt.date  # its first and last Gregorian day
    last: dt.date
    days: int
    amount: Decimal


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlap(self, other: Period) -> int:
        lo, hi = max(self.start, other.start), min(self.end, other.end)
        return max(0, (hi - lo).days + 1)


def share(text: str) -> Decimal:
    """'1/3', '0.12' or '2' as an exact Decimal (28 digits for thirds)."""
    text = text.strip()
    try:
        if "/" in text:
            f = Fraction(text)
            return Decimal(f.numerator) / Decimal(f.denominator)
        return Decimal(text)
    except (ValueError, ArithmeticError) as exc:
        raise BenefitInputError("The pack figure '{text}' is not a number.", text=text) from exc


def money(value: Decimal, pack: Pack) -> Decimal:
    """Round half-up to the currency's minor unit."""
    return value.quantize(pack.currency.quantum, rounding=ROUND_HALF_UP)


def _version(pack: Pack, table: str, on: dt.date) -> tuple[dt.date, list[dict[str, str]]]:
    """The version of a dated pack table in force on a date (read-only: rows are not copied)."""
    versions = pack._tables.get(table)  # noqa: SLF001 - read without copying, many lookups a claim
    if not versions:
        raise BenefitInputError("The pack has no {table} row for {value} on {date}.", table=table, value="-",
                                date=pack.calendar.format(on))
    idx = bisect_right([d for d, _ in versions], on) - 1
    if idx < 0:
        raise BenefitInputError("The pack has no {table} row for {value} on {date}.", table=table, value="-",
                                date=pack.calendar.format(on))
    return versions[idx]


def table_row(pack: Pack, table: str, on: dt.date, key: str, value: str) -> dict[str, str]:
    for row in _version(pack, table, on)[1]:
        if row.get(key) == value:
            return row
    raise BenefitInputError("The pack has no {table} row for {value} on {date}.", table=table, value=value,
                            date=pack.calendar.format(on))


def table_rows(pack: Pack, table: str, on: dt.date) -> list[dict[str, str]]:
    return _version(pack, table, on)[1]


def table_effective(pack: Pack, table: str, on: dt.date) -> dt.date:
    return _version(pack, table, on)[0]


def read_row_figure(trace: Trace, pack: Pack, table: str, on: dt.date, key: str, value: str,
                    column: str, label: str) -> Decimal:
    """A figure from a dated pack table, recorded in the trace with its date and source."""
    row = table_row(pack, table, on, key, value)
    raw = row.get(column, "")
    if raw == "":
        raise BenefitInputError("The pack has no {column} for {value} on {date}.", column=column, value=value,
                                date=on.isoformat())
    figure = share(raw)
    trace.param(label, raw, effective_from=table_effective(pack, table, on), source=row.get("source", ""),
                note=row.get("note", ""))
    return figure


def read_param(trace: Trace, pack: Pack, name: str, on: dt.date, source: str = "") -> Decimal:
    """A dated pack parameter, recorded with the date it took effect."""
    value = pack.param(name, on)
    row = pack.param_row(name, on)
    trace.param(name, value, effective_from=row.since if row else None,
                source=source or (row.source if row else ""), note=row.note if row else "")
    return value


def monthly_ceiling(trace: Trace, pack: Pack, on: dt.date) -> Decimal:
    """The premium ceiling of a month: the daily ceiling in force (gross minimum wage / 30 x the
    ceiling multiple, rounded to the minor unit as SGK publishes it; ``core.premiums``, the same
    limit revenue checks declarations against) x 30."""
    read_param(trace, pack, "minimum_wage.gross_monthly", on)
    read_param(trace, pack, "premium.ceiling_multiple", on)
    return daily_limits(pack, on)[1] * DAYS_IN_PREMIUM_MONTH


def premium_days_in_window(trace: Trace, pack: Pack, earnings: list[EarningsMonth], window: Period) -> int:
    """Short-term premium days declared inside ``window``: a month wholly inside counts all its
    days, a month cut by the window its days in proportion (rounded down)."""
    total = 0
    for m in earnings:
        month = Period(m.first, m.last)
        inside = month.overlap(window)
        if inside == 0:
            continue
        counted = m.days if inside == month.days else m.days * inside // month.days
        total += counted
    cal = pack.calendar
    trace.figure("premium_days_in_window", total, note=f"{cal.format(window.start)} .. {cal.format(window.end)}")
    return total


def recent_months(earnings: tuple[EarningsMonth, ...] | list[EarningsMonth], before: dt.date,
                  basis_days: int) -> tuple[list[EarningsMonth], int]:
    """The declared months (newest first) before a day, back until ``basis_days`` days are
    covered, and the days they hold: the wage basis of the Iranian benefits."""
    months = sorted((m for m in earnings if m.last < before and m.days > 0), key=lambda m: m.first)
    chosen: list[EarningsMonth] = []
    counted = 0
    for m in reversed(months):
        if counted >= basis_days:
            break
        chosen.append(m)
        counted += m.days
    return chosen, counted
