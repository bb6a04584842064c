"""Service history from revenue's accepted declarations (never typed twice): by month, by year,
and the short-term premium days in the year before a date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.security import Actor, require
from branch_desktop.core.trace import Trace
from branch_desktop.insured.rules.common import EarningsMonth, Period, premium_days_in_window
from branch_desktop.insured.types import ServiceMonth, ServiceYear
from branch_desktop.revenue import services as revenue_services


def service_months(ctx: BranchContext, actor: Actor, national_id: str) -> list[ServiceMonth]:
    require(actor, "insured.view")
    cur = ctx.pack.currency
    return [ServiceMonth(year=m.year, month=m.month, employer_file_no=m.employer_file_no,
                         employer_name=m.employer_name, days=m.days, wage=cur.from_minor(m.wage))
            for m in revenue_services.declared_months(ctx, actor, national_id)]


def service_years(ctx: BranchContext, actor: Actor, national_id: str) -> list[ServiceYear]:
    days: dict[int, int] = defaultdict(int)
    wages: dict[int, Decimal] = defaultdict(Decimal)
    employers: dict[int, set[str]] = defaultdict(set)
    for m in service_months(ctx, actor, national_id):
        days[m.year] += m.days
        wages[m.year] += m.wage
        employers[m.year].add(m.employer_file_no)
    return [ServiceYear(year=y, days=days[y], wage=wages[y], employers=len(employers[y])) for y in sorted(days)]


def short_term_days_before(ctx: BranchContext, actor: Actor, national_id: str, day: dt.date) -> int:
    """Days with short-term premium in the 365 days before ``day`` (a month cut by the window
    counts its days in proportion, as the benefit rules do)."""
    window = Period(day - dt.timedelta(days=365), day - dt.timedelta(days=1))
    return premium_days_in_window(Trace(), ctx.pack, earnings_for_rules(ctx, actor, national_id), window)


def earnings_for_rules(ctx: BranchContext, actor: Actor, national_id: str) -> list[EarningsMonth]:
    """The declared months summed over employers, as the benefit rules read them."""
    cal = ctx.pack.calendar
    by_month: dict[tuple[int, int], list[Decimal]] = {}
    for m in service_months(ctx, actor, national_id):
        acc = by_month.setdefault((m.year, m.month), [Decimal(0), Decimal(0)])
        acc[0] += m.days
        acc[1] += m.wage
    out: list[EarningsMonth] = []
    for (y, mo), (d, w) in sorted(by_month.items()):
        first, last = cal.month_bounds(YearMonth(y, mo))
        out.append(EarningsMonth(str(YearMonth(y, mo)), first, last, min(int(d), 31), w))
    return out


def earnings_json(ctx: BranchContext, actor: Actor, national_id: str) -> list[dict[str, object]]:
    """The same months as ``benefit compute`` input takes them."""
    return [{"month": m.label, "days": m.days, "amount": str(m.amount)}
            for m in earnings_for_rules(ctx, actor, national_id)]
