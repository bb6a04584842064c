"""Benefit cases from JSON and decisions to JSON: the ``benefit compute`` contract (issue 14).

Input: ``{"kind": ..., "start": "YYYY-MM-DD", "earnings": [{"month": "YYYY-MM", "days": 30,
"amount": "30000.00"}], "rest": [{"from": ..., "to": ..., "inpatient": false}], "exit_date": null}``
plus the kind's own fields (tr_sgk's incapacity kinds also take ``"coverage"``, the insurance status,
and for a 4/1-b insured ``"premium_debt"``, the premium debts still owed, and ``"premium_debt_paid_on"``).
Output: ``{"eligible", "amount", "days_paid", "daily", "refusal",
"trace"}`` (the income test: ``"bracket"`` and ``"premium"`` instead of ``"amount"``). Amounts are
decimal strings. Pure: the same functions serve the GUI and the decision letter.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from branch_desktop.core.calendar import Calendar
from branch_desktop.core.errors import DomainError
from branch_desktop.core.packs import Pack
from branch_desktop.core.trace import DateText, plain
from branch_desktop.insured.exceptions import BenefitInputError
from branch_desktop.insured.rules.allowances import IR_KINDS as IR_ALLOWANCES
from branch_desktop.insured.rules.allowances import TR_KINDS as TR_ALLOWANCES
from branch_desktop.insured.rules.allowances import AllowanceCase, compute_allowance
from branch_desktop.insured.rules.common import EarningsMonth, Period
from branch_desktop.insured.rules.incapacity import INCAPACITY_KINDS, IncapacityCase, Rest, compute_incapacity
from branch_desktop.insured.rules.income_test import IncomeTestCase, Member, compute_income_test
from branch_desktop.insured.rules.wage_compensation import IR_KINDS, compute_wage_compensation

KINDS = tuple(dict.fromkeys((*INCAPACITY_KINDS, "gss_income_test", *TR_ALLOWANCES, *IR_KINDS, *IR_ALLOWANCES)))
# which rule family a pack uses, by the tables it carries (no branching on the pack's code)
FAMILIES = (("benefit_incapacity", INCAPACITY_KINDS + ("gss_income_test",) + TR_ALLOWANCES),
            ("benefit_wage_compensation", IR_KINDS + IR_ALLOWANCES))
ALLOWANCES = {"benefit_incapacity": TR_ALLOWANCES, "benefit_wage_compensation": IR_ALLOWANCES}
CAUSES = ("work_accident", "occupational_disease", "other", "")
MAX_AMOUNT_DIGITS = 15
REST_KINDS = ("sickness", "work_accident", "occupational_disease")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def compute_case(pack: Pack, data: Any) -> dict[str, Any]:
    """One case in, one JSON-ready decision out; :class:`BenefitInputError` for malformed input."""
    if not isinstance(data, dict):
        raise BenefitInputError("The input must be one JSON object.")
    kind = data.get("kind")
    if kind not in KINDS:
        raise BenefitInputError("Unknown benefit kind '{kind}'; known: {kinds}.", field="kind", kind=str(kind),
                                kinds=", ".join(KINDS))
    family = next((table for table, kinds in FAMILIES if table in pack.table_names() and kind in kinds), None)
    if family is None:
        raise BenefitInputError("The pack {pack} has no rules for '{kind}' yet.", field="kind", pack=pack.code,
                                kind=kind)
    dates = date_text(pack.calendar)
    if kind == "gss_income_test":
        result = compute_income_test(pack, _income_case(pack, data))
        head = plain({"kind": kind, "eligible": result.refusal is None, "bracket": result.bracket or None,
                      "premium": result.premium, "per_capita_income": result.per_capita,
                      "refusal": result.refusal, **result.dates}, dates)
        return {**head, "trace": result.trace.as_list(dates)}
    if kind in ALLOWANCES[family]:
        decision = compute_allowance(pack, _allowance_case(pack, kind, data))
        one_off = plain({"kind": kind, "eligible": decision.eligible, "amount": decision.amount, "days_paid": 0,
                         "daily": None, "refusal": decision.refusal}, dates)
        return {**one_off, "trace": decision.trace.as_list(dates)}
    case = _incapacity_case(pack, kind, data)
    if family == "benefit_incapacity":
        decision = compute_incapacity(pack, case)
    else:
        decision = compute_wage_compensation(pack, case, dependents=_count(data, "dependents"),
                                             first_marriage=bool(data.get("first_marriage", True)))
    out: dict[str, Any] = plain({
        "kind": kind, "eligible": decision.eligible, "amount": decision.amount, "days_paid": decision.days_paid,
        "daily": decision.daily, "refusal": decision.refusal, **decision.extra,
    }, dates)
    return {**out, "trace": decision.trace.as_list(dates)}


def case_day(pack: Pack, data: dict[str, Any]) -> dt.date | None:
    """The day whose insurance status a case takes: the birth (maternity, nursing) or the first
    day (the rest's start, the event); None when the case does not give it readably."""
    key = "birth" if data.get("kind") in ("maternity", "nursing") and "birth" in data else "start"
    try:
        return _date(pack.calendar, data, key)
    except BenefitInputError:
        return None


def _sex(data: dict[str, Any]) -> str:
    sex = str(data.get("sex") or "").upper()
    if sex not in ("", "F", "M"):
        raise BenefitInputError("'{field}' is F or M.", field="sex")
    return sex


def _count(data: dict[str, Any], key: str, top: int = 50) -> int:
    value = data.get(key, 0)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= top:
        raise BenefitInputError("'{field}' must be a whole number from 0 to {top}.", field=key, top=top)
    return value


def _incapacity_case(pack: Pack, kind: str, data: dict[str, Any]) -> IncapacityCase:
    cal = pack.calendar
    start = _date(cal, data, "birth" if kind == "maternity" and "birth" in data else "start")
    rest = tuple(Rest(Period(_date(cal, r, "from"), _date(cal, r, "to")), bool(r.get("inpatient", False)),
                      str(r.get("issuer", "doctor"))) for r in _list(data, "rest", kind in REST_KINDS))
    for r in rest:
        if r.period.end < r.period.start:
            raise BenefitInputError("A rest period ends before it begins ({start} .. {end}).", field="rest",
                                    start=r.period.start.isoformat(), end=r.period.end.isoformat())
        if r.issuer not in ("doctor", "board"):
            raise BenefitInputError("A rest report's issuer is 'doctor' or 'board'.", field="rest")
    return IncapacityCase(
        kind=kind,
        start=start,
        earnings=tuple(_earnings(pack, e) for e in _list(data, "earnings", True, may_be_empty=True)),
        rest=rest,
        exit_date=_optional_date(cal, data, "exit_date"),
        excluded=tuple(Period(_date(cal, p, "from"), _date(cal, p, "to")) for p in _list(data, "excluded", False)),
        multiple=bool(data.get("multiple", False)),
        pre_birth_rest_from=_optional_date(cal, data, "pre_birth_rest_from"),
        ignored_advice=bool(data.get("ignored_advice", False)),
        fault_degree=_percent(data, "fault_degree"),
        intentional=bool(data.get("intentional", False)),
        fit_certificate=bool(data.get("fit_certificate", True)),
        slices=bool(data.get("slices", False)),
        notice_date=_optional_date(cal, data, "notice_date"),
        public_workplace=bool(data.get("public_workplace", False)),
        sex=_sex(data),
        coverage=str(data.get("coverage") or "").strip(),
        premium_debt=_amount(data.get("premium_debt") or "0", "premium_debt"),
        premium_debt_paid_on=_optional_date(cal, data, "premium_debt_paid_on"),
    )


def _allowance_case(pack: Pack, kind: str, data: dict[str, Any]) -> AllowanceCase:
    cal = pack.calendar
    cause = str(data.get("cause") or "")
    if cause not in CAUSES:
        raise BenefitInputError("'{field}' is one of: {values}.", field="cause", values=", ".join(CAUSES[:-1]))
    return AllowanceCase(
        kind=kind,
        start=_date(cal, data, "birth" if kind == "nursing" and "birth" in data else "start"),
        earnings=tuple(_earnings(pack, e) for e in _list(data, "earnings", False)),
        exit_date=_optional_date(cal, data, "exit_date"),
        monthly_income=_amount(data.get("monthly_income", "0"), "monthly_income"),
        relation=str(data.get("relation") or ""),
        cause=cause,
        receiving_income=bool(data.get("receiving_income", False)),
        long_term_premium_days=_count(data, "long_term_premium_days", 20_000),
        cost=_amount(data.get("cost", "0"), "cost"),
        referred=bool(data.get("referred", False)),
        item=str(data.get("item") or ""),
        last_same_item=_optional_date(cal, data, "last_same_item"),
        degree=_amount(data.get("degree", "0"), "degree"),
    )


def _income_case(pack: Pack, data: dict[str, Any]) -> IncomeTestCase:
    cal = pack.calendar
    members = []
    for m in _list(data, "household", True):
        members.append(Member(
            relation=str(m.get("relation", "")),
            monthly_income=_amount(m.get("monthly_income", "0"), "household"),
            married=bool(m.get("married", False)),
            in_household=bool(m.get("in_household", True)),
            student_under_25_away=bool(m.get("student_under_25_away", False)),
        ))
    return IncomeTestCase(date=_date(cal, data, "date"), household=tuple(members),
                          applied_late=bool(data.get("applied_late", False)),
                          notice_date=_optional_date(cal, data, "notice_date"),
                          objection_date=_optional_date(cal, data, "objection_date"),
                          previous_test_date=_optional_date(cal, data, "previous_test_date"),
                          income_changed=bool(data.get("income_changed", False)))


def _list(data: dict[str, Any], key: str, required: bool, *, may_be_empty: bool = False) -> list[dict[str, Any]]:
    value = data.get(key)
    if value is None and not required:
        return []
    if (not isinstance(value, list) or not all(isinstance(v, dict) for v in value)
            or (required and not value and not may_be_empty)):
        raise BenefitInputError("'{field}' must be a non-empty list of objects.", field=key)
    return value


def _optional_date(cal: Calendar, data: dict[str, Any], key: str) -> dt.date | None:
    return None if data.get(key) is None else _date(cal, data, key)


def _date(cal: Calendar, data: dict[str, Any], key: str) -> dt.date:
    """``YYYY-MM-DD`` in the pack's calendar (Jalali for ir_sso)."""
    value = str(data.get(key))
    m = ISO_DATE.fullmatch(value)
    try:
        if m is None:
            raise ValueError(value)
        return cal.to_gregorian(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except (ValueError, DomainError):
        raise BenefitInputError("'{field}' must be a date written YYYY-MM-DD, not '{value}'.", field=key,
                                value=value) from None


def date_text(cal: Calendar) -> DateText:
    """Dates of the output in the pack's calendar, written YYYY-MM-DD."""
    return lambda day: cal.format(day).replace("/", "-")


def _amount(value: Any, key: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise BenefitInputError("'{field}' must be a decimal number such as 1234.50, not '{value}'.", field=key,
                                value=str(value)) from None
    if not amount.is_finite() or amount < 0 or amount.adjusted() >= MAX_AMOUNT_DIGITS:
        raise BenefitInputError("'{field}' must be a decimal number such as 1234.50, not '{value}'.", field=key,
                                value=str(value))
    return amount


def _percent(data: dict[str, Any], key: str) -> Decimal:
    value = _amount(data.get(key, "0"), key)
    if value > 100:
        raise BenefitInputError("'{field}' is a percentage from 0 to 100, not '{value}'.", field=key, value=str(value))
    return value


def _earnings(pack: Pack, e: dict[str, Any]) -> EarningsMonth:
    month = str(e.get("month", ""))
    try:
        ym = pack.calendar.parse_year_month(month)
    except DomainError:
        raise BenefitInputError("An earnings month is written YYYY-MM, not '{value}'.", field="earnings",
                                value=month) from None
    first, last = pack.calendar.month_bounds(ym)
    days = e.get("days")
    if not isinstance(days, int) or not 0 <= days <= 31:
        raise BenefitInputError("The days of {month} must be a whole number from 0 to 31.", field="earnings",
                                month=month)
    return EarningsMonth(str(ym), first, last, days, _amount(e.get("amount"), "earnings"))
