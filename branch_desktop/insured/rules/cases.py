"""Benefit cases from JSON and decisions to JSON: the ``benefit compute`` contract (issue 14).

Input: ``{"kind": ..., "start": "YYYY-MM-DD", "earnings": [{"month": "YYYY-MM", "days": 30,
"amount": "30000.00"}], "rest": [{"from": ..., "to": ..., "inpatient": false}], "exit_date": null}``
plus the kind's own fields. Output: ``{"eligible", "amount", "days_paid", "daily", "refusal",
"trace"}`` (the income test: ``"bracket"`` and ``"premium"`` instead of ``"amount"``). Amounts are
decimal strings. Pure: the same functions serve the GUI and the decision letter.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from branch_desktop.core.packs import Pack
from branch_desktop.core.trace import plain
from branch_desktop.insured.exceptions import BenefitInputError
from branch_desktop.insured.rules.common import EarningsMonth, Period
from branch_desktop.insured.rules.incapacity import INCAPACITY_KINDS, IncapacityCase, Rest, compute_incapacity
from branch_desktop.insured.rules.income_test import IncomeTestCase, Member, compute_income_test

KINDS = (*INCAPACITY_KINDS, "gss_income_test")
MAX_AMOUNT_DIGITS = 15


def compute_case(pack: Pack, data: Any) -> dict[str, Any]:
    """One case in, one JSON-ready decision out; :class:`BenefitInputError` for malformed input."""
    if not isinstance(data, dict):
        raise BenefitInputError("The input must be one JSON object.")
    kind = data.get("kind")
    if kind not in KINDS:
        raise BenefitInputError("Unknown benefit kind '{kind}'; known: {kinds}.", field="kind", kind=str(kind),
                                kinds=", ".join(KINDS))
    if pack.code != "tr_sgk":
        raise BenefitInputError("The pack {pack} has no rules for '{kind}' yet.", field="kind", pack=pack.code,
                                kind=kind)
    if kind == "gss_income_test":
        result = compute_income_test(pack, _income_case(data))
        return plain({"kind": kind, "eligible": True, "bracket": result.bracket, "premium": result.premium,
                      "per_capita_income": result.per_capita, "refusal": None, "trace": result.trace.as_list()})
    decision = compute_incapacity(pack, _incapacity_case(kind, data))
    out: dict[str, Any] = {
        "kind": kind, "eligible": decision.eligible, "amount": decision.amount, "days_paid": decision.days_paid,
        "daily": decision.daily, "refusal": decision.refusal, **decision.extra,
        "trace": decision.trace.as_list(),
    }
    return plain(out)


def _incapacity_case(kind: str, data: dict[str, Any]) -> IncapacityCase:
    start = _date(data, "birth" if kind == "maternity" and "birth" in data else "start")
    rest = tuple(Rest(Period(_date(r, "from"), _date(r, "to")), bool(r.get("inpatient", False)),
                      str(r.get("issuer", "doctor"))) for r in _list(data, "rest", kind != "maternity"))
    for r in rest:
        if r.period.end < r.period.start:
            raise BenefitInputError("A rest period ends before it begins ({start} .. {end}).", field="rest",
                                    start=r.period.start.isoformat(), end=r.period.end.isoformat())
        if r.issuer not in ("doctor", "board"):
            raise BenefitInputError("A rest report's issuer is 'doctor' or 'board'.", field="rest")
    return IncapacityCase(
        kind=kind,
        start=start,
        earnings=tuple(_earnings(e) for e in _list(data, "earnings", True)),
        rest=rest,
        exit_date=_optional_date(data, "exit_date"),
        excluded=tuple(Period(_date(p, "from"), _date(p, "to")) for p in _list(data, "excluded", False)),
        multiple=bool(data.get("multiple", False)),
        pre_birth_rest_from=_optional_date(data, "pre_birth_rest_from"),
        ignored_advice=bool(data.get("ignored_advice", False)),
        fault_degree=_amount(data.get("fault_degree", "0"), "fault_degree"),
        intentional=bool(data.get("intentional", False)),
        fit_certificate=bool(data.get("fit_certificate", True)),
        slices=bool(data.get("slices", False)),
        notice_date=_optional_date(data, "notice_date"),
    )


def _income_case(data: dict[str, Any]) -> IncomeTestCase:
    members = []
    for m in _list(data, "household", True):
        members.append(Member(
            relation=str(m.get("relation", "")),
            monthly_income=_amount(m.get("monthly_income", "0"), "household"),
            married=bool(m.get("married", False)),
            in_household=bool(m.get("in_household", True)),
            student_under_25_away=bool(m.get("student_under_25_away", False)),
        ))
    return IncomeTestCase(date=_date(data, "date"), household=tuple(members),
                          applied_late=bool(data.get("applied_late", False)))


def _list(data: dict[str, Any], key: str, required: bool) -> list[dict[str, Any]]:
    value = data.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value) or (required and not value):
        raise BenefitInputError("'{field}' must be a non-empty list of objects.", field=key)
    return value


def _optional_date(data: dict[str, Any], key: str) -> dt.date | None:
    return None if data.get(key) is None else _date(data, key)


def _date(data: dict[str, Any], key: str) -> dt.date:
    value = data.get(key)
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise BenefitInputError("'{field}' must be a date written YYYY-MM-DD, not '{value}'.", field=key,
                                value=str(value)) from None


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


def _earnings(e: dict[str, Any]) -> EarningsMonth:
    month = str(e.get("month", ""))
    try:
        year, mon = (int(p) for p in month.split("-"))
        dt.date(year, mon, 1)
    except ValueError:
        raise BenefitInputError("An earnings month is written YYYY-MM, not '{value}'.", field="earnings",
                                value=month) from None
    days = e.get("days")
    if not isinstance(days, int) or not 0 <= days <= 31:
        raise BenefitInputError("The days of {month} must be a whole number from 0 to 31.", field="earnings",
                                month=month)
    return EarningsMonth(year, mon, days, _amount(e.get("amount"), "earnings"))
