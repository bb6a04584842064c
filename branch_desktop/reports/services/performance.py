"""The performance-target table of a half-year (seed 000): each indicator the branch's data can
compute, against the pack's dated target, with the previous half and the rows behind it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.i18n import N_
from branch_desktop.core.security import Actor, require
from branch_desktop.insured import queries as insured_q
from branch_desktop.insured.types import ApplicationKind
from branch_desktop.reports import rules, sources
from branch_desktop.reports.rules import Half, Indicator
from branch_desktop.reports.types import (
    NO_PROVIDER,
    NOT_KEPT,
    NOTHING_IN_PERIOD,
    Drill,
    Measure,
    PerformanceRow,
    PerformanceTable,
)
from branch_desktop.revenue import queries as revenue_q

PERMISSION = "reports.branch"


def performance_table(ctx: BranchContext, actor: Actor, half: Half) -> PerformanceTable:
    """Every indicator of seed 000 the branch computes, for ``half`` and the half before it."""
    require(actor, PERMISSION)
    start, end = half.bounds(ctx.pack.calendar)
    targets = rules.targets(ctx.pack, end)
    rows = []
    counts = _insured_counts(ctx, actor, half)
    split = rules.split_rows(targets)
    for indicator in Indicator:
        if indicator in rules.SPLITS and not split:  # the pack keeps rows 9 and 11 whole
            continue
        if indicator is Indicator.INSURED_GROWTH:  # four halves counted in one pass
            current = _insured_growth(ctx, actor, half, counts[0], counts[1], detail=True)
            previous = _insured_growth(ctx, actor, half.previous, counts[2], counts[3], detail=False)
        elif indicator is Indicator.COLLECTION_RATE:  # the previous half's figure without its rows
            current = _collection_rate(ctx, actor, half)
            previous = _collection_rate(ctx, actor, half.previous, detail=False)
        else:
            current = MEASURES[indicator](ctx, actor, half)
            previous = MEASURES[indicator](ctx, actor, half.previous)
        target = targets.get(indicator)
        rows.append(PerformanceRow(
            indicator=indicator, row_no=rules.row_number(indicator, split), target=target, current=current,
            previous=previous, met=rules.met(current.value, target), change=rules.change(current.value, previous.value)))
    return PerformanceTable(half=half, start=start, end=end, rows=tuple(rows))


def _insured_counts(ctx: BranchContext, actor: Actor, half: Half) -> list[int]:
    """Insured of the half, the same half a year before, the previous half and its year before."""
    halves = (half, half.year_before, half.previous, half.previous.year_before)
    return revenue_q.insured_counts(ctx, actor, [(h.months[0], h.months[-1]) for h in halves])


def _insured_growth(ctx: BranchContext, actor: Actor, half: Half, now: int, before: int, *, detail: bool) -> Measure:
    value = rules.growth(now, before)
    drill = Drill((N_("Employer file"), N_("Employer"), N_("Insured")), ("text", "text", "int"),
                  partial(revenue_q.insured_by_employer, ctx, actor, half.months[0], half.months[-1]) if detail else ())
    return Measure(value=value, numerator=now, denominator=before, drill=drill,
                   reason="" if value is not None else NOTHING_IN_PERIOD)


def _not_kept(ctx: BranchContext, actor: Actor, half: Half) -> Measure:
    """Rows 2.1 and 2.2: the branch registers no insured ex officio (inspection reports and the
    unregistered-work service are not in its data), so there is nothing to count."""
    return Measure(value=None, reason=NOT_KEPT)


def _collection_rate(ctx: BranchContext, actor: Actor, half: Half, *, detail: bool = True) -> Measure:
    """Row 4: two sums by the database; the employers behind them (``detail``) read when looked at."""
    _start, end = half.bounds(ctx.pack.calendar)
    first, last = half.months[0], half.months[-1]
    accrued, collected = revenue_q.collection_totals(ctx, actor, first, last, end)
    value = rules.percent(collected, accrued)

    def rows() -> list[tuple[object, ...]]:
        return [(r.file_no, r.name, r.accrued, r.collected, rules.percent(r.collected, r.accrued))
                for r in revenue_q.collection_by_employer(ctx, actor, first, last, end)]

    drill = Drill((N_("Employer file"), N_("Employer"), N_("Accrued"), N_("Collected"), N_("Rate (%)")),
                  ("text", "text", "money", "money", "percent"), rows) if detail else Drill()
    return Measure(value=value, numerator=collected, denominator=accrued, drill=drill,
                   reason="" if value is not None else NOTHING_IN_PERIOD)


def _enforcement_rate(ctx: BranchContext, actor: Actor, half: Half) -> Measure:
    start, end = half.bounds(ctx.pack.calendar)
    figures = sources.enforcement(ctx, actor, start, end)
    if figures is None:
        return Measure(value=None, reason=NO_PROVIDER)
    value = rules.percent(figures.collected, figures.transferred)
    drill = Drill((N_("Employer file"), N_("Employer"), N_("Transferred"), N_("Collected")),
                  ("text", "text", "money", "money"), figures.rows)
    return Measure(value=value, numerator=figures.collected, denominator=figures.transferred, drill=drill,
                   reason="" if value is not None else NOTHING_IN_PERIOD)


def _applications(kind: ApplicationKind, ctx: BranchContext, actor: Actor, half: Half, self_employed: bool = False
                  ) -> list[insured_q.DecidedApplication]:
    """The half's decided applications of ``kind`` a row counts: where the pack splits rows 9 and
    11 by status, the 4/b ones (``self_employed``) or the others."""
    start, end = half.bounds(ctx.pack.calendar)
    apps = insured_q.decided_applications(ctx, actor, kind, start, end)
    split = rules.split_rows(rules.targets(ctx.pack, end))
    return [apps[i] for i in rules.of_status([a.coverage for a in apps], split, self_employed)]


def _app_drill(apps: list[insured_q.DecidedApplication], office: bool = False) -> Drill:
    headings: tuple[str, ...] = (N_("National id"), N_("Insured person"), N_("Received"), N_("Decided"), N_("Days elapsed"))
    kinds: tuple[str, ...] = ("text", "text", "date", "date", "int")
    if office:
        headings, kinds = headings + (N_("Office"),), kinds + ("text",)
    return Drill(headings, kinds, tuple(
        (a.national_id, a.name, a.received_on, a.decided_on, a.days) + ((a.other_office,) if office else ())
        for a in apps))


def _pension_late_share(self_employed: bool) -> Callable[[BranchContext, Actor, Half], Measure]:
    def measure(ctx: BranchContext, actor: Actor, half: Half) -> Measure:
        apps = _applications(ApplicationKind.PENSION, ctx, actor, half, self_employed)
        late = sum(1 for a in apps if rules.is_late_pension(a.days))
        value = rules.percent(late, len(apps))
        return Measure(value=value, numerator=late, denominator=len(apps), drill=_app_drill(apps),
                       reason="" if value is not None else NOTHING_IN_PERIOD)

    return measure


def _mean_days(kind: ApplicationKind, office: bool, self_employed: bool = False
               ) -> Callable[[BranchContext, Actor, Half], Measure]:
    def measure(ctx: BranchContext, actor: Actor, half: Half) -> Measure:
        apps = _applications(kind, ctx, actor, half, self_employed)
        value = rules.mean_days([a.days for a in apps])
        return Measure(value=value, numerator=sum(a.days for a in apps), denominator=len(apps),
                       drill=_app_drill(apps, office), reason="" if value is not None else NOTHING_IN_PERIOD)

    return measure


MEASURES: dict[Indicator, Callable[[BranchContext, Actor, Half], Measure]] = {  # row 1: _insured_growth
    Indicator.EX_OFFICIO_GROWTH: _not_kept,
    Indicator.EX_OFFICIO_SHARE: _not_kept,
    Indicator.COLLECTION_RATE: _collection_rate,
    Indicator.ENFORCEMENT_RATE: _enforcement_rate,
    Indicator.PENSION_LATE_SHARE: _pension_late_share(False),
    Indicator.PENSION_LATE_SHARE_4B: _pension_late_share(True),
    Indicator.SERVICE_RECORD_DAYS: _mean_days(ApplicationKind.SERVICE_RECORD_REQUEST, True),
    Indicator.DISABILITY_DAYS: _mean_days(ApplicationKind.DISABILITY, False),
    Indicator.DISABILITY_DAYS_4B: _mean_days(ApplicationKind.DISABILITY, False, True),
}


def half_of(ctx: BranchContext, day: dt.date | None = None) -> Half:
    """The half-year of a day (default: today) in the pack's calendar."""
    return Half.of(ctx.pack.calendar.year_month(day or ctx.today()))


def last_closed_half(ctx: BranchContext) -> Half:
    """The latest half-year that has ended."""
    return half_of(ctx).previous

