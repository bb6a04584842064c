"""Bonuses: the quarterly productivity bonus (days of continuous pay for a score) and the
performance bonus (karaneh: the branch's points x the point value). No database, no Qt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from branch_desktop.accounting.payroll.rules.lines import MANAGEMENT_POSTS, ONE, ZERO, PayTerms
from branch_desktop.accounting.payroll.rules.pay import continuous_pay, pay_day
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.packs import Pack

# -- bonuses --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductivityScore:
    """An employee's quarterly assessment."""

    score: Decimal  # share of the points earned, 0..1
    worked_share: Decimal = ONE  # share of the period worked
    principles: Decimal = ZERO  # share (0..1) of the 10 days for the productivity principles
    unpaid_leave_days: int = 0
    sick_leave_days: int = 0  # outpatient sick leave; the first week is free


def productivity_days(pack: Pack, post: str, part_time: bool, s: ProductivityScore, day: dt.date) -> Decimal:
    """Days of continuous pay earned by a productivity score (0 when not eligible).

    95 % of the points = one month; each 1 % above adds 3 days (at most 15); plus up to 10 days for
    the productivity principles; 1 % off per day of unpaid leave or sick leave beyond a week;
    needs half the period worked and 75 % (management, supervision, experts) or 65 % (others);
    part-time staff get 50 %; at most 60 days.
    """
    p = pack.param
    threshold = p("productivity.threshold_management" if post in MANAGEMENT_POSTS else "productivity.threshold_other",
                  day)
    if s.worked_share < p("productivity.min_worked_share", day) or s.score < threshold:
        return ZERO
    month_days = p("productivity.month_days", day)
    full = p("productivity.full_score", day)
    if s.score >= full:
        extra_pct = ((s.score - full) * 100).to_integral_value(rounding=ROUND_FLOOR)
        days = month_days + min(p("productivity.max_extra_days", day), extra_pct * p("productivity.days_per_point", day))
    else:
        days = month_days * s.score / full
    days += p("productivity.principles_days", day) * min(ONE, max(ZERO, s.principles))
    counted_leave = s.unpaid_leave_days + max(0, s.sick_leave_days - int(p("productivity.leave_free_days", day)))
    days *= max(ZERO, ONE - p("productivity.leave_penalty", day) * counted_leave)
    if part_time:
        days *= p("productivity.part_time_share", day)
    return min(days, p("productivity.max_days", day))


def productivity_bonus(pack: Pack, terms: PayTerms, month: YearMonth, s: ProductivityScore) -> Decimal:
    day = pay_day(pack, month)
    days = productivity_days(pack, terms.post, terms.part_time, s, day)
    return pack.currency.round(continuous_pay(pack, terms, month) * days / pack.param("productivity.month_days", day))


@dataclass(frozen=True)
class KaranehIndicators:
    """The branch's results for a performance-bonus (karaneh) period."""

    collection_over_budget_pct: Decimal = ZERO  # collections above the budget, in % of it
    arrears_share_pct: Decimal = ZERO  # arrears collected, in % of all collections
    amount_over_budget: Decimal = ZERO  # collections above the budget, money
    balance_progress: Decimal = ZERO  # revenue balance progress, 0..1+
    statements_on_time: int = 0  # monthly statements sent by the 15th


def karaneh_points(pack: Pack, k: KaranehIndicators, day: dt.date) -> Decimal:
    p = pack.param
    points = min(p("karaneh.collection_max", day), max(ZERO, k.collection_over_budget_pct)
                 * p("karaneh.collection_points_per_pct", day))
    points += min(p("karaneh.arrears_max", day), max(ZERO, k.arrears_share_pct) * p("karaneh.arrears_points_per_pct", day))
    steps = (max(ZERO, k.amount_over_budget) / p("karaneh.amount_step", day)).to_integral_value(rounding=ROUND_FLOOR)
    points += min(p("karaneh.amount_max", day), steps)
    balance = ZERO
    for row in sorted(pack.table("payroll_karaneh_balance", day), key=lambda r: Decimal(r["progress_from"])):
        if k.balance_progress >= Decimal(row["progress_from"]):
            balance = Decimal(row["points"])
    points += balance
    points += min(p("karaneh.statement_max", day), Decimal(k.statements_on_time) * p("karaneh.statement_points", day))
    return points


def karaneh_bonus(pack: Pack, terms: PayTerms, month: YearMonth, points: Decimal) -> Decimal:
    day = pay_day(pack, month)
    amount = points * pack.param("karaneh.point_value", day)
    if terms.part_time:
        amount *= pack.param("productivity.part_time_share", day)
    return pack.currency.round(amount)

