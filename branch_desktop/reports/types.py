"""What the manager's screens, documents and exports read: the performance table with its drill-downs,
the three-way check, the dashboard's tiles and series, and the figures other departments provide."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
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


class Drill:
    """The rows behind a figure: column headings (msgids), column kinds ("text", "int", "money",
    "date", "percent", "days") and the rows, or a function that reads them: then they are read the
    first time ``rows`` is asked for (a figure's 100,000 employers wait until someone looks; a
    screen asks from a worker, ``loaded`` says whether that is still needed)."""

    __slots__ = ("_load", "_lock", "_rows", "headings", "kinds")

    def __init__(self, headings: tuple[str, ...] = (), kinds: tuple[str, ...] = (),
                 rows: tuple[tuple[object, ...], ...] | Callable[[], Iterable[tuple[object, ...]]] = ()) -> None:
        self.headings = headings
        self.kinds = kinds
        self._load = rows if callable(rows) else None
        self._rows: tuple[tuple[object, ...], ...] = () if callable(rows) else tuple(rows)
        self._lock = threading.Lock()

    @property
    def rows(self) -> tuple[tuple[object, ...], ...]:
        if self._load is not None:
            with self._lock:  # a worker and the caller may ask at once: read once
                if self._load is not None:
                    self._rows = tuple(self._load())
                    self._load = None
        return self._rows

    @property
    def loaded(self) -> bool:
        return self._load is None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Drill):
            return NotImplemented
        return (self.headings, self.kinds, self.rows) == (other.headings, other.kinds, other.rows)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        rows = f"{len(self._rows)} rows" if self.loaded else "rows not read yet"
        return f"Drill({self.headings!r}, {rows})"


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


@dataclass(kw_only=True, slots=True)  # not frozen: a frozen class's __init__ costs three times as much
class ThreeWayRow:  # (100,000 a month); nothing changes a row once the service has built it
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
    shares: tuple[tuple[int, int, int], ...] = ()  # receipt id, amount for the month, of which in the bank
    bank_lines: tuple[tuple[dt.date, str, int, str], ...] = ()  # date, account, amount, reference
    # receipt ids -> (number, date, method): read when the row's receipts are asked for, not before
    details: Callable[[Sequence[int]], Mapping[int, tuple[str, dt.date, str]]] | None = field(
        default=None, compare=False, repr=False)

    @property
    def receipts(self) -> tuple[tuple[str, dt.date, str, int, int], ...]:
        """The receipts behind the row: (number, date, method, amount, in the bank). Read from the
        database on each call (a drill-down's one row; run it off the screen's thread)."""
        if not self.shares or self.details is None:
            return ()
        known = self.details([rid for rid, _a, _b in self.shares])
        return tuple((*known[rid], amount, banked) for rid, amount, banked in self.shares)


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
