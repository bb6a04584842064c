"""One-off allowances and reimbursements, every figure from the pack's dated tables with its
article, every step in the trace. Pure: no database, no Qt.

- ``tr_sgk`` (table ``benefit_allowances``): the nursing allowance (emzirme ödeneği) for a birth,
  the marriage allowance (evlenme ödeneği) of a daughter whose survivor income stops when she
  marries, the funeral allowance (cenaze ödeneği).
- ``ir_sso`` (``benefit_reimbursements``, ``benefit_lump_sums``): travel costs to treatment in
  another town, prostheses and orthoses (the SSO's tariff per item, renewed after so many years),
  and the lump sum for a partial loss of capacity from a work accident (amputation).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from branch_desktop.core.packs import Pack
from branch_desktop.core.trace import Trace
from branch_desktop.insured.exceptions import BenefitInputError
from branch_desktop.insured.rules.common import (
    EarningsMonth,
    Period,
    money,
    premium_days_in_window,
    read_row_figure,
    recent_months,
    table_effective,
    table_row,
)
from branch_desktop.insured.rules.incapacity import Decision

TR_TABLE = "benefit_allowances"
TR_KINDS = ("nursing", "marriage", "funeral")
IR_REIMBURSE = "benefit_reimbursements"
IR_LUMP = "benefit_lump_sums"
IR_KINDS = ("travel", "prosthesis", "amputation")
WORK_CAUSES = ("work_accident", "occupational_disease")
LIMITS = "benefit_rest_limits"


@dataclass(frozen=True, kw_only=True)
class AllowanceCase:
    kind: str
    start: dt.date  # the birth, the marriage, the death, the journey, the purchase, the accident
    earnings: tuple[EarningsMonth, ...] = ()
    exit_date: dt.date | None = None
    monthly_income: Decimal = Decimal(0)  # marriage: the survivor income being paid
    relation: str = ""  # marriage: "daughter"
    cause: str = ""  # funeral: work_accident | occupational_disease | other
    receiving_income: bool = False  # funeral: the deceased received an income or pension
    long_term_premium_days: int = 0  # funeral: invalidity-old-age-death premium days
    cost: Decimal = Decimal(0)  # travel, prosthesis: the documented cost
    referred: bool = False  # travel: treatment not available locally, transfer approved
    item: str = ""  # prosthesis: glasses, hearing_aid...
    last_same_item: dt.date | None = None  # prosthesis: the last time the same item was paid
    degree: Decimal = Decimal(0)  # amputation: the percentage of capacity lost


def _refuse(t: Trace, condition: str, **figures: object) -> Decision:
    return Decision(False, Decimal(0), 0, None, {"condition": condition, "figures": figures}, t)


def _fixed(t: Trace, pack: Pack, table: str, on: dt.date, kind: str, label: str) -> Decimal:
    row = table_row(pack, table, on, "kind", kind)
    if not row.get("amount"):
        raise BenefitInputError("The pack has no {column} for {value} on {date}.", column="amount", value=kind,
                                date=pack.calendar.format(on))
    return Decimal(t.param(label, Decimal(row["amount"]), effective_from=table_effective(pack, table, on),
                           source=row["source"], note=row.get("note", "")))


def compute_allowance(pack: Pack, case: AllowanceCase) -> Decision:
    t = Trace()
    t.input("kind", case.kind)
    t.input("start", case.start)
    if case.kind == "nursing":
        return _nursing(t, pack, case)
    if case.kind == "marriage":
        return _marriage(t, pack, case)
    if case.kind == "funeral":
        return _funeral(t, pack, case)
    if case.kind == "travel":
        return _travel(t, pack, case)
    if case.kind == "prosthesis":
        return _prosthesis(t, pack, case)
    return _amputation(t, pack, case)


def _nursing(t: Trace, pack: Pack, case: AllowanceCase) -> Decision:
    on = case.start
    if case.exit_date is not None:
        t.input("exit_date", case.exit_date)
        after = (on - case.exit_date).days
        # seed 002: a birth within 300 days of the exit still gets the nursing allowance
        limit = int(read_row_figure(t, pack, LIMITS, on, "limit", "nursing_birth_after_exit_days", "value",
                                    "nursing_birth_after_exit_days"))
        if not t.condition("birth_within_300_days_of_exit", after <= limit, days=after, limit=limit):
            return _refuse(t, "birth_within_300_days_of_exit", days=after, limit=limit)
    need = int(read_row_figure(t, pack, TR_TABLE, on, "kind", "nursing", "min_premium_days", "min_premium_days"))
    window_days = int(read_row_figure(t, pack, TR_TABLE, on, "kind", "nursing", "window_days", "window_days"))
    window = Period(on - dt.timedelta(days=window_days), on - dt.timedelta(days=1))
    days = premium_days_in_window(t, pack, list(case.earnings), window)
    if not t.condition("minimum_premium_days", days >= need, days=days, required=need):
        return _refuse(t, "minimum_premium_days", days=days, required=need)
    amount = _fixed(t, pack, TR_TABLE, on, "nursing", "nursing_allowance")
    return Decision(True, t.figure("amount", money(amount, pack)), 0, None, None, t)


def _marriage(t: Trace, pack: Pack, case: AllowanceCase) -> Decision:
    t.input("relation", case.relation)
    t.input("monthly_income", case.monthly_income)
    if not t.condition("daughter_receiving_survivor_income", case.relation == "daughter" and case.monthly_income > 0,
                       monthly_income=case.monthly_income):
        return _refuse(t, "daughter_receiving_survivor_income", monthly_income=case.monthly_income)
    multiple = read_row_figure(t, pack, TR_TABLE, case.start, "kind", "marriage", "multiple", "months_paid_at_once")
    return Decision(True, t.figure("amount", money(case.monthly_income * multiple, pack)), 0, None, None, t)


def _funeral(t: Trace, pack: Pack, case: AllowanceCase) -> Decision:
    t.input("cause", case.cause)
    t.input("long_term_premium_days", case.long_term_premium_days)
    need = int(read_row_figure(t, pack, TR_TABLE, case.start, "kind", "funeral", "min_premium_days",
                               "min_premium_days"))
    entitled = (t.condition("death_from_work_accident_or_occupational_disease", case.cause in WORK_CAUSES)
                or t.condition("receiving_income_or_pension", case.receiving_income)
                or t.condition("minimum_premium_days", case.long_term_premium_days >= need,
                               days=case.long_term_premium_days, required=need))
    if not entitled:
        return _refuse(t, "minimum_premium_days", days=case.long_term_premium_days, required=need)
    amount = _fixed(t, pack, TR_TABLE, case.start, "funeral", "funeral_allowance")
    return Decision(True, t.figure("amount", money(amount, pack)), 0, None, None, t)


def _reimburse(t: Trace, pack: Pack, case: AllowanceCase, row: dict[str, str]) -> Decision:
    t.input("cost", case.cost)
    if not t.condition("documented_cost", case.cost > 0, cost=case.cost):
        return _refuse(t, "documented_cost", cost=case.cost)
    effective = table_effective(pack, IR_REIMBURSE, case.start)
    if row["pays"] == "cost":
        t.param("pays", "cost", effective_from=effective, source=row["source"], note=row.get("note", ""))
        return Decision(True, t.figure("amount", money(case.cost, pack)), 0, None, None, t)
    if not row.get("ceiling"):
        raise BenefitInputError("The pack has no {column} for {value} on {date}.", column="ceiling",
                                value=row.get("item", case.kind), date=pack.calendar.format(case.start))
    ceiling = Decimal(t.param("tariff", Decimal(row["ceiling"]), effective_from=effective, source=row["source"],
                              note=row.get("note", "")))
    return Decision(True, t.figure("amount", money(min(case.cost, ceiling), pack), note="the cost up to the tariff"),
                    0, None, None, t)


def _travel(t: Trace, pack: Pack, case: AllowanceCase) -> Decision:
    if not t.condition("referred_to_another_town", case.referred):
        return _refuse(t, "referred_to_another_town")
    return _reimburse(t, pack, case, table_row(pack, IR_REIMBURSE, case.start, "item", "journey"))


def _prosthesis(t: Trace, pack: Pack, case: AllowanceCase) -> Decision:
    t.input("item", case.item)
    try:
        row = table_row(pack, IR_REIMBURSE, case.start, "item", case.item)
    except BenefitInputError:
        raise BenefitInputError("Unknown medical aid '{value}'.", field="item", value=case.item) from None
    years = int(read_row_figure(t, pack, IR_REIMBURSE, case.start, "item", case.item, "renewal_years",
                                "renewal_years"))
    if case.last_same_item is not None:
        t.input("last_same_item", case.last_same_item)
        due = _add_years(case.last_same_item, years)
        if not t.condition("renewal_period_over", case.start >= due, since=case.last_same_item, years=years):
            return _refuse(t, "renewal_period_over", since=case.last_same_item, years=years)
    return _reimburse(t, pack, case, row)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _amputation(t: Trace, pack: Pack, case: AllowanceCase) -> Decision:
    on = case.start

    def figure(column: str) -> Decimal:
        return read_row_figure(t, pack, IR_LUMP, on, "kind", "amputation", column, column)

    t.input("degree", case.degree)
    low, high = figure("min_degree"), figure("max_degree")
    if not t.condition("degree_in_lump_sum_range", low <= case.degree <= high, degree=case.degree, low=low,
                       high=high):
        return _refuse(t, "degree_in_lump_sum_range", degree=case.degree, low=low, high=high)
    basis_days = int(figure("basis_days"))
    chosen, counted = recent_months(case.earnings, on, basis_days)
    if not t.condition("declared_wages_before_the_event", bool(chosen), months=len(chosen)):
        return _refuse(t, "declared_wages_before_the_event", months=0)
    average = t.figure("average_monthly_wage",
                       money(sum((m.amount for m in chosen), Decimal(0)) / Decimal(counted) * 30, pack))
    years = t.figure("years_of_premium", (Decimal(sum(m.days for m in case.earnings if m.last < on)) / 365)
                     .quantize(Decimal("0.01")))
    divisor, floor, cap = figure("pension_years_divisor"), figure("pension_floor"), figure("pension_cap")
    pension = t.figure("total_disability_pension",
                       money(min(max(average * years / divisor, average * floor), average * cap), pack))
    multiple = figure("pension_multiple")
    amount = t.figure("amount", money(pension * multiple * case.degree / 100, pack))
    return Decision(True, amount, 0, None, None, t)
