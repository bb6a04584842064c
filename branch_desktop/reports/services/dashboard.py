"""The manager's dashboard of a month: tiles (value, target, period, the page behind) and the chart
series the screen (QtCharts) and the monthly branch report (ReportLab graphics) both draw, so the
screen and the paper always show the same figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from branch_desktop.accounting.banking import queries as bank_q
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_
from branch_desktop.core.security import Actor, require
from branch_desktop.insured import queries as insured_q
from branch_desktop.insured import services as insured_services
from branch_desktop.reports import rules, sources
from branch_desktop.reports.rules import Half, Indicator
from branch_desktop.reports.types import NO_PROVIDER, NOTHING_IN_PERIOD, Dashboard, Series, Tile
from branch_desktop.revenue import queries as revenue_q

PERMISSION = "reports.branch"
CHART_MONTHS = 12
AGE_LABELS = (N_("0-30 days"), N_("31-90 days"), N_("91-180 days"), N_("181-365 days"), N_("Over a year"))


def dashboard(ctx: BranchContext, actor: Actor, ym: YearMonth | None = None) -> Dashboard:
    """The tiles and charts of ``ym`` (default: this month); "today" is the month's last day when
    the month is over."""
    require(actor, PERMISSION)
    cal = ctx.pack.calendar
    ym = ym or cal.year_month(ctx.today())
    start, end = cal.month_bounds(ym)
    today = min(ctx.today(), end)
    if today < start:
        today = start
    days = revenue_q.receipts_by_day(ctx, actor, start, end)
    half = Half.of(ym)
    recent = rules.last_months(ym, CHART_MONTHS)
    by_month = revenue_q.collection_by_month(ctx, actor, recent[0], recent[-1])  # the half's months are in it
    half_months = [m for m in half.months if (m.year, m.month) <= (ym.year, ym.month)]
    accrued = sum(by_month.get(m, (0, 0))[0] for m in half_months)
    collected = sum(by_month.get(m, (0, 0))[1] for m in half_months)
    rate = rules.percent(collected, accrued)
    targets = rules.targets(ctx.pack, end)
    rate_target = targets.get(Indicator.COLLECTION_RATE)
    debt = sources.debt_by_age(ctx, actor, today)
    unreconciled = bank_q.unreconciled_months(ctx, actor, [m for m in recent if m != ym])
    month_text = str(ym)
    overdue = insured_q.overdue_count(ctx, actor, today)
    tiles = (
        Tile(key="receipts_today", title=N_("Receipts today"), kind="money",
             value=sum(a for d, _n, a in days if d == today), period=today.isoformat(), page="revenue.counter"),
        Tile(key="receipts_month", title=N_("Receipts this month"), kind="money", value=sum(a for _d, _n, a in days),
             period=month_text, page="revenue.day_close"),
        Tile(key="collection_rate", title=N_("Collection rate"), kind="percent", value=rate,
             target=rate_target.value if rate_target else None, period=str(half), page="reports.performance",
             ok=rules.met(rate, rate_target), note="" if rate is not None else NOTHING_IN_PERIOD),
        Tile(key="debt", title=N_("Employers' debt"), kind="money", value=debt.total if debt else None,
             period=today.isoformat(), page="execution.debtors", note="" if debt else NO_PROVIDER),
        Tile(key="claims_waiting", title=N_("Claims waiting for a decision"), kind="count",
             value=insured_services.waiting_count(ctx, actor), period=today.isoformat(), page="insured.claims"),
        Tile(key="overdue_applications", title=N_("Overdue applications"), kind="count",
             value=overdue, target=Decimal(0), period=today.isoformat(), page="insured.applications",
             ok=overdue == 0),
        Tile(key="unreconciled", title=N_("Unreconciled bank months"), kind="count", value=len(unreconciled),
             target=Decimal(0), period=f"{recent[0]}..{recent[-2] if len(recent) > 1 else recent[0]}",
             page="accounting.bank_reconciliation", ok=not unreconciled),
    )
    return Dashboard(month=ym, today=today, tiles=tiles, charts=charts(ctx, actor, ym, days, debt, by_month))


def charts(ctx: BranchContext, actor: Actor, ym: YearMonth, days: list[tuple[dt.date, int, int]],
           debt: object, by_month: dict[YearMonth, tuple[int, int]]) -> tuple[Series, ...]:
    """The four chart series of the month (categories are raw keys: months YYYY-MM, ISO days,
    age-bucket and benefit-kind msgids; ``reports.labels`` writes them for a reader)."""
    cal = ctx.pack.calendar
    recent = rules.last_months(ym, CHART_MONTHS)
    start, end = cal.month_bounds(ym)
    per_day = {d: a for d, _n, a in days}
    all_days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    benefits = insured_q.benefits_paid_by_kind(ctx, actor, start, end)
    buckets = getattr(debt, "buckets", None)
    return (
        Series(key="collection_by_month", title=N_("Collection against accrual by month"), kind="bar",
               categories=tuple(str(m) for m in recent),
               values=((N_("Accrued"), tuple(by_month.get(m, (0, 0))[0] for m in recent)),
                       (N_("Collected"), tuple(by_month.get(m, (0, 0))[1] for m in recent)))),
        Series(key="receipts_per_day", title=N_("Receipts per day"), kind="line",
               categories=tuple(d.isoformat() for d in all_days),
               values=((N_("Receipts"), tuple(per_day.get(d, 0) for d in all_days)),)),
        Series(key="debt_by_age", title=N_("Debt by age"), kind="bar", categories=AGE_LABELS,
               values=((N_("Debt"), tuple(buckets)),) if buckets else ()),
        Series(key="benefits_by_kind", title=N_("Benefits paid by kind"), kind="pie",
               categories=tuple(insured_q.benefit_kind_label(k) for k, _n, _a in benefits),
               values=((N_("Paid"), tuple(a for _k, _n, a in benefits)),)),
    )
