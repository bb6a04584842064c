"""What the manager's screens, documents and exports read: the performance table with its drill-downs,
the three-way check, the dashboard's tiles and series, and the figures other departments provide."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_
from branch_desktop.reports.rules import Half, Indicator, Target, Variance

INDICATOR_LABELS = {
    Indicator.INSURED_GROWTH: N_("Insured count against the same period last year (%)"),
    Indicator.EX_OFFICIO_GROWTH: N_("Ex-officio registered insured against the previous period (%)"),
    Indicator.EX_OFFICIO_SHARE: N_("Share of ex-officio registrations among the period's registrations (%)"),
    Indicator.COLLECTION_RATE: N_("Current premium collection rate, collected / accrued (%)"),
    Indicator.ENFORCEMENT_RATE: N_("Collected through enforcement / debt transferred to enforcement (%)"),
    Indicator.PENSION_LATE_SHARE: N_("Pension files awarded after more than 30 days / all awarded (%)"),
    Indicator.SERVICE_RECORD_DAYS: N_("Days to answer another office's service-record request"),
    Indicator.DISABILITY_DAYS: N_("Days to decide a disability application"),
    Indicator.PENSION_LATE_SHARE_4B: N_("Pension files of self-employed (4/b) insured awarded after more than 30 "
                                        "days / all awarded (%)"),
    Indicator.DISABILITY_DAYS_4B: N_("Days to decide a self-employed (4/b) insured's disability application"),
}

VARIANCE_LABELS = {
    Variance.UNDER_DECLARED: N_("Under-declared: paid more than the declaration accrues"),
    Variance.UNPAID: N_("Unpaid: accrued and not receipted"),
    Variance.NOT_IN_BANK: N_("Paid but not in the bank"),
    Variance.NOT_RECEIPTED: N_("In the bank but not receipted"),
    Variance.ACCRUAL_DIFFERS: N_("Accrual differs from declared earnings x rate"),
}

NO_DATA = N_("no data")
# Why an indicator has no value: the branch keeps no such data, or nothing happened in the period.
NOT_KEPT = N_("The branch does not keep this data.")
NOTHING_IN_PERIOD = N_("Nothing to measure in the period.")
NO_PROVIDER = N_("No department provides this figure yet.")


@dataclass(frozen=True)
class Drill:
    """The rows behind a figure: column headings (msgids), column kinds ("text", "int", "money",
    "date", "percent", "days") and the rows."""

    headings: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    rows: tuple[tuple[object, ...], ...] = ()


@dataclass(frozen=True, kw_only=True)
class Measure:
    """An indicator's value for one period (None: no data, with the reason's msgid)."""

    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    reason: str = ""
    drill: Drill = field(default_factory=Drill)


@dataclass(frozen=True, kw_only=True)
class PerformanceRow:
    indicator: Indicator
    row_no: str  # seed 000's row number
    target: Target | None
    current: Measure
    previous: Measure
    met: bool | None
    change: Decimal | None


@dataclass(frozen=True, kw_only=True)
class PerformanceTable:
    half: Half
    start: dt.date
    end: dt.date
    rows: tuple[PerformanceRow, ...]


@dataclass(frozen=True, kw_only=True)
class ThreeWayRow:
    employer_id: int | None  # None: bank credits no employer could be named for
    file_no: str
    name: str
    earnings: int
    rate: Decimal
    expected: int
    accrued: int
    receipted: int
    banked: int
    bank_only: int
    variances: tuple[tuple[Variance, int], ...]
    receipts: tuple[tuple[str, dt.date, str, int, int], ...] = ()  # number, date, method, amount, in bank
    bank_lines: tuple[tuple[dt.date, str, int, str], ...] = ()  # date, account, amount, reference


@dataclass(frozen=True, kw_only=True)
class ThreeWayReport:
    month: YearMonth
    rows: tuple[ThreeWayRow, ...]  # every employer of the month (with or without variances)
    totals: dict[Variance, tuple[int, int]]  # kind -> (count, amount)
    accrued: int
    receipted: int
    banked: int
    bank_only: int

    @property
    def variance_rows(self) -> tuple[ThreeWayRow, ...]:
        return tuple(r for r in self.rows if r.variances)

    @property
    def clean(self) -> bool:
        return not self.totals


# -- figures other departments provide (reports/sources.py) -------------------------------------


@dataclass(frozen=True)
class EnforcementFigures:
    """Performance row 5, from the execution department: at the period's end, what was collected
    through enforcement and the debt transferred to enforcement (minor units); ``rows``: file no,
    employer, transferred, collected."""

    collected: int
    transferred: int
    rows: tuple[tuple[str, str, int, int], ...] = ()


@dataclass(frozen=True)
class DebtByAge:
    """The employers' debt on a day by age (``rules.AGE_BUCKETS``), minor units per bucket."""

    buckets: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.buckets)


# -- the dashboard -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Tile:
    key: str  # "receipts_today", ...
    title: str  # msgid
    kind: str  # "money", "percent", "count"
    value: Decimal | int | None  # None: no data
    target: Decimal | None = None
    period: str = ""  # already written for the reader (a date, a month)
    page: str = ""  # the page behind it (gui/registry key)
    ok: bool | None = None  # met the target (None: no target)
    note: str = ""  # msgid explaining "no data"


@dataclass(frozen=True, kw_only=True)
class Series:
    """A chart's data: category labels (already written for the reader) and named value lists."""

    key: str
    title: str  # msgid
    kind: str  # "bar", "line", "pie"
    categories: tuple[str, ...]
    values: tuple[tuple[str, tuple[int, ...]], ...]  # (series msgid, values in minor units or counts)
    money: bool = True


@dataclass(frozen=True, kw_only=True)
class Dashboard:
    month: YearMonth
    today: dt.date
    tiles: tuple[Tile, ...]
    charts: tuple[Series, ...]
