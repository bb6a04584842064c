"""Turkey's general health insurance income test (seed 004): the household's per-capita income
against the gross minimum wage of the date gives the bracket and the monthly premium. Pure."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from branch_desktop.core.packs import Pack
from branch_desktop.core.trace import Trace
from branch_desktop.insured.exceptions import BenefitInputError
from branch_desktop.insured.rules.common import money, read_param, share, table_effective, table_rows

# who counts in the household (seed 004): the person, spouse, unmarried children of any age in
# the household (students under 25 living away too), mother, father
HOUSEHOLD_RELATIONS = ("self", "spouse", "child", "mother", "father")
BRACKETS = "gss_income_brackets"
RULES = "gss_income_test_rules"


@dataclass(frozen=True)
class Member:
    relation: str
    monthly_income: Decimal
    married: bool = False
    in_household: bool = True
    student_under_25_away: bool = False


@dataclass(frozen=True)
class IncomeTestCase:
    date: dt.date
    household: tuple[Member, ...]
    applied_late: bool = False  # did not apply within a month of the notice
    notice_date: dt.date | None = None  # the day SGK's decision was notified (objection window)
    objection_date: dt.date | None = None  # the day an objection was made (decision window)
    previous_test_date: dt.date | None = None  # the last decision, for a renewal request
    income_changed: bool = False  # the income changed since (renewal allowed at any time)


@dataclass(frozen=True)
class IncomeTestResult:
    bracket: str
    premium: Decimal
    per_capita: Decimal
    trace: Trace
    refusal: dict[str, object] | None = None
    dates: dict[str, dt.date] = field(default_factory=dict)


def _rule(t: Trace, pack: Pack, on: dt.date, name: str) -> Decimal:
    for row in table_rows(pack, RULES, on):
        if row["rule"] == name:
            t.param(name, row["value"], effective_from=table_effective(pack, RULES, on), source=row["source"],
                    note=row.get("note", ""))
            return share(row["value"])
    raise BenefitInputError("The pack has no {table} row for {value} on {date}.", table=RULES, value=name,
                            date=on.isoformat())


def counts(member: Member) -> bool:
    if member.relation not in HOUSEHOLD_RELATIONS:
        return False
    if member.relation == "child":
        return not member.married and (member.in_household or member.student_under_25_away)
    return member.in_household


def compute_income_test(pack: Pack, case: IncomeTestCase) -> IncomeTestResult:
    t = Trace()
    t.input("date", case.date)
    members = [m for m in case.household if counts(m)]
    for m in case.household:
        t.condition("counts_in_household", counts(m), relation=m.relation, monthly_income=m.monthly_income)
    if not any(m.relation == "self" for m in members):
        raise BenefitInputError("The household must include the person tested (relation 'self').", field="household")
    renewal = _renewal(t, pack, case)
    if renewal is not None:
        return IncomeTestResult("", money(Decimal(0), pack), money(Decimal(0), pack), t, renewal)
    mw = read_param(t, pack, "minimum_wage.gross_monthly", case.date)
    total = sum((m.monthly_income for m in members), Decimal(0))
    t.figure("household_monthly_income", total)
    t.figure("household_size", len(members))
    per_capita = total / len(members)
    if case.applied_late:
        per_capita = mw * _rule(t, pack, case.date, "late_application_income_mw_share")
        t.note("late_application", "not applied within a month of the notice: income taken as 2 x MW")
    per_capita = money(per_capita, pack)
    t.figure("per_capita_income", per_capita)
    rows = sorted(table_rows(pack, BRACKETS, case.date), key=lambda r: share(r["lower_mw_share"]))
    chosen = rows[0]
    for row in rows:
        lower = money(mw * share(row["lower_mw_share"]), pack)
        if per_capita >= lower:
            chosen = row
        t.condition("per_capita_reaches_bracket", per_capita >= lower, bracket=row["bracket"], lower_bound=lower)
    t.param("bracket", chosen["bracket"], effective_from=table_effective(pack, BRACKETS, case.date),
            source=chosen["source"], note=chosen.get("note", ""))
    base = mw * share(chosen["base_mw_share"])
    premium = money(base * share(chosen["rate"]), pack)
    t.figure("premium_base", money(base, pack))
    t.figure("premium", premium, note=f"{chosen['rate']} x base")
    return IncomeTestResult(chosen["bracket"], premium, per_capita, t, None, _windows(t, pack, case))


def _renewal(t: Trace, pack: Pack, case: IncomeTestCase) -> dict[str, object] | None:
    """Seed 004: no new test within six months of the decision unless the income changed."""
    if case.previous_test_date is None:
        return None
    months = int(_rule(t, pack, case.date, "renewal_months"))
    index = case.previous_test_date.year * 12 + case.previous_test_date.month - 1 + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    earliest = dt.date(year, month + 1, min(case.previous_test_date.day, last_day))
    ok = t.condition("renewal_after_six_months", case.income_changed or case.date >= earliest,
                     previous=case.previous_test_date, earliest=earliest, income_changed=case.income_changed)
    return None if ok else {"condition": "renewal_after_six_months",
                            "figures": {"previous": case.previous_test_date, "earliest": earliest}}


def _windows(t: Trace, pack: Pack, case: IncomeTestCase) -> dict[str, dt.date]:
    """Seed 004: an objection within 15 days of the notice, decided within 15 days of it."""
    out: dict[str, dt.date] = {}
    if case.notice_date is not None:
        days = int(_rule(t, pack, case.date, "objection_days"))
        out["objection_deadline"] = t.figure("objection_deadline", case.notice_date + dt.timedelta(days=days))
    if case.objection_date is not None:
        if "objection_deadline" in out:
            t.condition("objection_in_time", case.objection_date <= out["objection_deadline"],
                        objection=case.objection_date, deadline=out["objection_deadline"])
        days = int(_rule(t, pack, case.date, "decision_days"))
        out["objection_decided_by"] = t.figure("objection_decided_by", case.objection_date + dt.timedelta(days=days))
    return out
