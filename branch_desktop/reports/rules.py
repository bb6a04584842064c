"""The manager's reports, pure: half-years, the performance indicators' arithmetic against their
dated targets (seed 000), the three-way premium check's classification and the chart series.

No database, no Qt, no I/O: the services read the figures and these functions decide.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from branch_desktop.core.calendar import Calendar, YearMonth
from branch_desktop.core.packs import Pack
from branch_desktop.reports.exceptions import BadHalf, NoTarget

TARGETS_TABLE = "performance_targets"
HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")
ONE_PLACE = Decimal("0.1")


class Indicator(StrEnum):
    """The rows of seed 000's table the branch's own data can compute, in the table's order."""

    INSURED_GROWTH = "insured_growth"  # row 1
    EX_OFFICIO_GROWTH = "ex_officio_growth"  # row 2.1
    EX_OFFICIO_SHARE = "ex_officio_share"  # row 2.2
    COLLECTION_RATE = "collection_rate"  # row 4
    ENFORCEMENT_RATE = "enforcement_rate"  # row 5
    PENSION_LATE_SHARE = "pension_late_share"  # row 9 (4/a where the pack splits it)
    PENSION_LATE_SHARE_4B = "pension_late_share_4b"  # row 9, 4/b insured (only where the pack has its target)
    SERVICE_RECORD_DAYS = "service_record_days"  # row 10
    DISABILITY_DAYS = "disability_days"  # row 11 (4/a where the pack splits it)
    DISABILITY_DAYS_4B = "disability_days_4b"  # row 11, 4/b insured (only where the pack has its target)


ROW_NUMBERS = {Indicator.INSURED_GROWTH: "1", Indicator.EX_OFFICIO_GROWTH: "2.1", Indicator.EX_OFFICIO_SHARE: "2.2",
               Indicator.COLLECTION_RATE: "4", Indicator.ENFORCEMENT_RATE: "5", Indicator.PENSION_LATE_SHARE: "9",
               Indicator.SERVICE_RECORD_DAYS: "10", Indicator.DISABILITY_DAYS: "11",
               Indicator.PENSION_LATE_SHARE_4B: "9 (4/b)", Indicator.DISABILITY_DAYS_4B: "11 (4/b)"}
# rows 9 and 11 are split by the insured's status where the pack's targets name the 4/b row:
# the 4/b indicator -> the row it splits (which then counts the others: 4/a, 4/c and status unknown)
SPLITS = {Indicator.PENSION_LATE_SHARE_4B: Indicator.PENSION_LATE_SHARE,
          Indicator.DISABILITY_DAYS_4B: Indicator.DISABILITY_DAYS}
SELF_EMPLOYED = "4/1-b"


def row_number(indicator: Indicator, split: bool) -> str:
    """The row's number in seed 000's table; a split row's 4/a part reads "9 (4/a)"."""
    if split and indicator in SPLITS.values():
        return f"{ROW_NUMBERS[indicator]} (4/a)"
    return ROW_NUMBERS[indicator]


def split_rows(targets: dict[Indicator, Target]) -> bool:
    """Whether rows 9 and 11 are split by status (the pack's targets have the 4/b rows)."""
    return any(kind in targets for kind in SPLITS)


def of_status(coverages: Sequence[str], split: bool, self_employed: bool) -> list[int]:
    """The positions of the applications a (split) row counts: 4/b ones, or the others; all
    when the row is not split."""
    if not split:
        return list(range(len(coverages)))
    return [i for i, c in enumerate(coverages) if (c == SELF_EMPLOYED) is self_employed]


class Direction(StrEnum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"


class Unit(StrEnum):
    PERCENT = "percent"
    DAYS = "days"


@dataclass(frozen=True)
class Target:
    indicator: Indicator
    value: Decimal
    direction: Direction
    unit: Unit
    source: str
    note: str


def targets(pack: Pack, on: dt.date) -> dict[Indicator, Target]:
    """The pack's dated targets in force on ``on`` (an indicator the table does not name has none)."""
    try:
        rows = pack.table(TARGETS_TABLE, on)
    except Exception as exc:  # PackError: no version in force on that date
        raise NoTarget(date=pack.calendar.format(on)) from exc
    out: dict[Indicator, Target] = {}
    for row in rows:
        kind = Indicator(row["indicator"])
        out[kind] = Target(kind, Decimal(row["target"]), Direction(row["direction"]), Unit(row["unit"]),
                           row.get("source", ""), row.get("note", ""))
    return out


# -- half-years ------------------------------------------------------------------------------

_HALF = re.compile(r"^\s*(\d{4})\s*-?\s*[Hh]\s*(\d)\s*$")  # any script's digits (Persian: ۱۴۰۵-H۱)


@dataclass(frozen=True, order=True)
class Half:
    """A half of a year of the pack's calendar: H1 = months 1-6, H2 = months 7-12 (January-June and
    July-December in tr_sgk; Farvardin-Shahrivar and Mehr-Esfand in ir_sso)."""

    year: int
    half: int

    @classmethod
    def parse(cls, text: str) -> Half:
        m = _HALF.match(text)
        if not m or int(m.group(2)) not in (1, 2):
            raise BadHalf(text=text)
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, ym: YearMonth) -> Half:
        return cls(ym.year, 1 if ym.month <= 6 else 2)

    def __str__(self) -> str:
        return f"{self.year}-H{self.half}"

    @property
    def months(self) -> tuple[YearMonth, ...]:
        first = 1 if self.half == 1 else 7
        return tuple(YearMonth(self.year, m) for m in range(first, first + 6))

    @property
    def previous(self) -> Half:
        return Half(self.year, 1) if self.half == 2 else Half(self.year - 1, 2)

    @property
    def year_before(self) -> Half:
        return Half(self.year - 1, self.half)

    def bounds(self, calendar: Calendar) -> tuple[dt.date, dt.date]:
        return calendar.month_bounds(self.months[0])[0], calendar.month_bounds(self.months[-1])[1]


# -- arithmetic ------------------------------------------------------------------------------


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator in percent, two places; None (no data) when there is no denominator."""
    if denominator <= 0:
        return None
    if numerator >= 0:  # in whole hundredths, half up, by integer arithmetic (a drill-down has 100,000 rows)
        return Decimal((numerator * 20_000 + denominator) // (2 * denominator)).scaleb(-2)
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def growth(current: int, before: int) -> Decimal | None:
    """Change from ``before`` to ``current`` in percent; None when there is nothing to compare with."""
    if before <= 0:
        return None
    return ((Decimal(current) - Decimal(before)) * HUNDRED / Decimal(before)).quantize(TWO_PLACES,
                                                                                         rounding=ROUND_HALF_UP)


def mean_days(days: Sequence[int]) -> Decimal | None:
    """The average of elapsed days, one place; None when nothing was decided."""
    if not days:
        return None
    return (Decimal(sum(days)) / Decimal(len(days))).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def met(value: Decimal | None, target: Target | None) -> bool | None:
    """Whether the value reaches the target (None: no value or no target)."""
    if value is None or target is None:
        return None
    return value >= target.value if target.direction is Direction.AT_LEAST else value <= target.value


def change(value: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """The change from the previous period, in the indicator's unit (percentage points or days)."""
    if value is None or previous is None:
        return None
    return value - previous


def elapsed(received: dt.date, decided: dt.date) -> int:
    return (decided - received).days


LATE_PENSION_DAYS = 30  # seed 000 row 9: awarded "after more than 30 days"


def is_late_pension(days: int) -> bool:
    return days > LATE_PENSION_DAYS


# -- the three-way premium check ----------------------------------------------------------------


class Variance(StrEnum):
    """Why the three legs of an employer's month disagree."""

    UNDER_DECLARED = "under_declared"  # more was paid for the month than its declaration accrues
    UNPAID = "unpaid"  # the accrual is not (fully) covered by receipts
    NOT_IN_BANK = "not_in_bank"  # receipted, but no bank statement line is matched to it
    NOT_RECEIPTED = "not_receipted"  # a bank credit of the employer that no receipt accounts for
    ACCRUAL_DIFFERS = "accrual_differs"  # the accrual is not declared earnings x the dated rate


VARIANCE_ORDER = (Variance.UNDER_DECLARED, Variance.UNPAID, Variance.NOT_IN_BANK, Variance.NOT_RECEIPTED,
                  Variance.ACCRUAL_DIFFERS)


@dataclass(frozen=True)
class Legs:
    """One employer's month, in minor units: declared earnings x rate, the accrual, the receipts
    set against the month (with any excess the receipt named the month for), the part of those
    receipts found on a matched bank line, and the employer's bank credits no receipt accounts for."""

    earnings: int
    rate: Decimal  # employee + employer rate in force for the month
    insured: int  # lines of the declaration (each may round by one minor unit per component)
    components: int
    accrued: int
    receipted: int
    banked: int
    bank_only: int

    @property
    def expected(self) -> int:
        return expected_amount(self.earnings, *self.rate.as_integer_ratio())


def expected_amount(earnings: int, numerator: int, denominator: int) -> int:
    """Earnings x the rate ``numerator / denominator`` (``Decimal.as_integer_ratio``), rounded half
    away from zero to a minor unit, in integers: exactly ``Decimal`` rounding ROUND_HALF_UP."""
    twice = 2 * abs(earnings) * numerator
    rounded = (twice + denominator) // (2 * denominator)
    return rounded if earnings >= 0 else -rounded


def classify(legs: Legs, expected: int | None = None) -> list[tuple[Variance, int]]:
    """Every variance of an employer's month, with its amount (minor units, positive);
    ``expected``: ``legs.expected`` when the caller has it already."""
    return classify_values(legs.earnings, legs.insured, legs.components, legs.accrued, legs.receipted, legs.banked,
                           legs.bank_only, legs.expected if expected is None else expected)


def classify_values(earnings: int, insured: int, components: int, accrued: int, receipted: int, banked: int,
                    bank_only: int, expected: int) -> list[tuple[Variance, int]]:
    """:func:`classify` on the legs as plain integers (a month's 100,000 employers, no object each)."""
    out: list[tuple[Variance, int]] = []
    tolerance = max(1, insured) * max(1, components)  # rounding per line and component
    differs = abs(expected - accrued) if earnings else 0
    if differs > tolerance:
        out.append((Variance.ACCRUAL_DIFFERS, differs))
    if receipted > accrued:
        out.append((Variance.UNDER_DECLARED, receipted - accrued))
    elif accrued > receipted:
        out.append((Variance.UNPAID, accrued - receipted))
    if receipted > banked:
        out.append((Variance.NOT_IN_BANK, receipted - banked))
    if bank_only > 0:
        out.append((Variance.NOT_RECEIPTED, bank_only))
    return out


def totals_by_kind(variances: Iterable[tuple[Variance, int]]) -> dict[Variance, tuple[int, int]]:
    """(count, amount) per kind, in the report's order; kinds with none are left out."""
    acc: dict[Variance, list[int]] = {}
    for kind, amount in variances:
        item = acc.setdefault(kind, [0, 0])
        item[0] += 1
        item[1] += amount
    return {k: (acc[k][0], acc[k][1]) for k in VARIANCE_ORDER if k in acc}


# -- dashboard series ------------------------------------------------------------------------

AGE_BUCKETS = ((0, 30), (31, 90), (91, 180), (181, 365), (366, None))


def age_bucket(days: int) -> int:
    """Index of the debt-age bucket (0-30, 31-90, 91-180, 181-365, over a year) of ``days``."""
    for i, (low, high) in enumerate(AGE_BUCKETS):
        if days >= low and (high is None or days <= high):
            return i
    return 0


def last_months(ym: YearMonth, count: int) -> list[YearMonth]:
    """``count`` months ending with ``ym``, oldest first."""
    out = [ym]
    while len(out) < count:
        out.append(out[-1].previous())
    return out[::-1]
