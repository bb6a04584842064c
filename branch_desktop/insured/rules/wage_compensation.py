"""Iran's short-term benefits (seed 001's list; Social Security Law 1354 and the Unemployment
Insurance Law): wage compensation for sickness, work accident, occupational disease and maternity,
marriage aid, funeral aid and the unemployment benefit; every figure from the pack's dated tables
with its article, every step in the trace. Pure: no database, no Qt."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from branch_desktop.core.packs import Pack
from branch_desktop.core.trace import Trace
from branch_desktop.insured.exceptions import BenefitInputError
from branch_desktop.insured.rules.common import (
    Period,
    money,
    premium_days_in_window,
    read_param,
    read_row_figure,
    recent_months,
    share,
    table_effective,
    table_row,
    table_rows,
)
from branch_desktop.insured.rules.incapacity import Decision, IncapacityCase

TABLE = "benefit_wage_compensation"
DURATION = "benefit_unemployment_duration"
FIXED = "benefit_fixed_amounts"
IR_KINDS = ("sickness", "work_accident", "occupational_disease", "maternity", "marriage", "funeral",
            "unemployment")


def compute_wage_compensation(pack: Pack, case: IncapacityCase, *, dependents: int = 0,
                              first_marriage: bool = True) -> Decision:
    t = Trace()
    on = case.start
    t.input("kind", case.kind)
    t.input("start", case.start)
    t.input("dependents", dependents)

    def refuse(condition: str, **figures: object) -> Decision:
        return Decision(False, Decimal(0), 0, None, {"condition": condition, "figures": figures}, t)

    if case.kind == "funeral":
        row = table_row(pack, FIXED, on, "kind", "funeral")
        if not row.get("amount"):
            raise BenefitInputError("The pack has no {column} for {value} on {date}.", column="amount",
                                    value="funeral", date=pack.calendar.format(on))
        amount = t.param("funeral_aid", share(row["amount"]), effective_from=table_effective(pack, FIXED, on),
                         source=row["source"], note=row.get("note", ""))
        return Decision(True, money(amount, pack), 0, None, None, t)

    if case.kind == "maternity" and case.sex and not t.condition("insured_woman", case.sex == "F"):
        return refuse("insured_woman")

    # premium days in the window before the event
    min_days = int(read_row_figure(t, pack, TABLE, on, "kind", case.kind, "min_premium_days", "min_premium_days"))
    window_days = int(read_row_figure(t, pack, TABLE, on, "kind", case.kind, "window_days", "window_days"))
    window = Period(case.start - dt.timedelta(days=window_days), case.start - dt.timedelta(days=1))
    days = premium_days_in_window(t, pack, list(case.earnings), window)
    if min_days and not t.condition("minimum_premium_days", days >= min_days, days=days, required=min_days):
        return refuse("minimum_premium_days", days=days, required=min_days)
    if case.kind == "marriage" and not t.condition("first_marriage", first_marriage):
        return refuse("first_marriage")

    # the average daily wage of the last declared months (about 90 days) before the event
    basis_days = int(read_row_figure(t, pack, TABLE, on, "kind", case.kind, "basis_days", "basis_days"))
    before = sorted((m for m in case.earnings if m.last < case.start and m.days > 0), key=lambda m: m.first)
    chosen, counted = recent_months(before, case.start, basis_days)
    if not t.condition("declared_wages_before_the_event", bool(chosen), months=len(chosen)):
        return refuse("declared_wages_before_the_event", months=0)
    total = sum((m.amount for m in chosen), Decimal(0))
    for m in reversed(chosen):
        t.figure(f"wage {m.label}", m.amount, note=f"{m.days} days")
    average = t.figure("average_daily_wage", money(total / Decimal(counted), pack))

    rate = read_row_figure(t, pack, TABLE, on, "kind", case.kind,
                           "share_with_dependents" if dependents else "share", "share")
    if case.kind == "unemployment":
        return _unemployment(t, pack, case, average, rate, dependents, before)
    if case.kind == "marriage":
        amount = t.figure("amount", money(average * 30 * rate, pack), note="one month of the average wage")
        return Decision(True, amount, 0, None, None, t)

    daily = t.figure("daily", money(average * rate, pack))
    paid = _paid_days(t, pack, case)
    if not paid:
        return refuse("days_to_pay", days=0)
    amount = t.figure("amount", money(daily * paid, pack))
    return Decision(True, amount, paid, daily, None, t)


def _paid_days(t: Trace, pack: Pack, case: IncapacityCase) -> int:
    on = case.start
    if case.kind == "maternity":
        column = "max_days_multiple" if case.multiple else "max_days"
        limit = int(read_row_figure(t, pack, TABLE, on, "kind", "maternity", column, "maternity_leave_days"))
        asked = sum(r.period.days for r in case.rest) if case.rest else limit
        return int(t.figure("days_paid", min(asked, limit)))
    first_paid = int(read_row_figure(t, pack, TABLE, on, "kind", case.kind, "paid_from_day", "paid_from_day"))
    hospitalised = any(r.inpatient for r in case.rest)
    if t.condition("hospitalised", hospitalised, note="paid from the first day when hospitalised") or first_paid <= 1:
        first_paid = 1
    total = sum(r.period.days for r in case.rest)
    return int(t.figure("days_paid", max(0, total - (first_paid - 1))))


def _unemployment(t: Trace, pack: Pack, case: IncapacityCase, average: Decimal, rate: Decimal, dependents: int,
                  months: Sequence[object]) -> Decision:
    on = case.start
    step = read_row_figure(t, pack, TABLE, on, "kind", "unemployment", "dependent_step", "dependent_step")
    cap = read_row_figure(t, pack, TABLE, on, "kind", "unemployment", "max_share", "max_share")
    counted = min(dependents, 4)
    rate = min(rate + step * counted, cap)
    t.figure("share_with_dependents", rate, note=f"{counted} dependents counted")
    monthly = money(average * 30 * rate, pack)
    floor = read_param(t, pack, "minimum_wage.gross_monthly", on)
    monthly = t.figure("monthly_benefit", max(monthly, floor) if floor else monthly,
                       note="not below the minimum wage")
    record = len(months)
    t.figure("contribution_months", record)
    duration = 0
    for row in table_rows(pack, DURATION, on):
        if int(row["months_from"]) <= record <= int(row["months_to"]):
            duration = int(row["married_months" if dependents else "single_months"])
            t.param("duration_months", duration, effective_from=table_effective(pack, DURATION, on),
                    source=row["source"], note=row.get("note", ""))
    if not t.condition("contribution_record_long_enough", duration > 0, months=record):
        return Decision(False, Decimal(0), 0, None, {"condition": "contribution_record_long_enough",
                                                     "figures": {"months": record}}, t)
    amount = t.figure("amount", monthly * duration)
    return Decision(True, amount, 0, None, None, t, extra={"monthly": monthly, "months": duration})
