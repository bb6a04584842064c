"""Iran's short-term benefits (seed 001's list; Social Security Law 1354): worked examples in the
Jalali calendar, figures worked out by hand from the law's fractions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from branch_desktop.core.packs import load_pack
from branch_desktop.insured.exceptions import BenefitInputError
from branch_desktop.insured.rules.cases import compute_case

IR = load_pack("ir_sso")
# three months before Khordad 1404: 92 days, 350,000,000 rials -> 3,804,348 a day (rounded)
WAGES = [{"month": "1403-12", "days": 30, "amount": "110000000"},
         {"month": "1404-01", "days": 31, "amount": "120000000"},
         {"month": "1404-02", "days": 31, "amount": "120000000"}]


def ir(kind: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "start": "1404-03-10", "earnings": extra.pop("earnings", WAGES),
            "rest": extra.pop("rest", [{"from": "1404-03-10", "to": "1404-03-19"}]), **extra}


@pytest.mark.parametrize(("dependents", "inpatient", "daily", "days"), [
    (0, False, 2536232, 7),   # 2/3, from the 4th day
    (1, False, 2853261, 7),   # 3/4 with a dependent
    (0, True, 2536232, 10),   # hospitalised: from the first day
])
def test_sickness_wage_compensation(dependents: int, inpatient: bool, daily: int, days: int) -> None:
    out = compute_case(IR, ir("sickness", dependents=dependents,
                              rest=[{"from": "1404-03-10", "to": "1404-03-19", "inpatient": inpatient}]))
    assert (out["daily"], out["days_paid"], out["amount"]) == (str(daily), days, str(daily * days))
    window = next(s for s in out["trace"] if s["name"] == "premium_days_in_window")
    assert window["value"] == 92 and window["note"] == "1403/03/11 .. 1404/03/09"  # 365 days, Jalali (1403 had 366)


def test_work_accident_is_paid_from_the_first_day() -> None:
    out = compute_case(IR, ir("work_accident"))
    assert out["days_paid"] == 10 and out["amount"] == str(2536232 * 10)


def test_maternity_needs_60_days_and_pays_the_leave_of_the_date() -> None:
    out = compute_case(IR, ir("maternity", rest=[]))
    assert out["eligible"] and out["days_paid"] == 270
    twins = compute_case(IR, ir("maternity", rest=[], multiple=True))
    assert twins["days_paid"] == 365
    short = compute_case(IR, ir("maternity", rest=[], earnings=[{"month": "1404-02", "days": 31, "amount": "1"}]))
    assert short["refusal"] == {"condition": "minimum_premium_days", "figures": {"days": 31, "required": 60}}


def test_marriage_aid_needs_720_days_in_five_years_and_a_first_marriage() -> None:
    long = [{"month": f"{1400 + i // 12}-{i % 12 + 1:02d}", "days": 30, "amount": "90000000"} for i in range(50)]
    out = compute_case(IR, ir("marriage", earnings=long, rest=[]))
    assert out["eligible"] and out["amount"] == str(Decimal(3000000) * 30)
    assert compute_case(IR, ir("marriage", earnings=long, rest=[], first_marriage=False))["refusal"] == {
        "condition": "first_marriage", "figures": {}}
    assert not compute_case(IR, ir("marriage", rest=[]))["eligible"]  # 92 days only


def test_unemployment_benefit_share_floor_and_duration() -> None:
    long = [{"month": f"{1400 + i // 12}-{i % 12 + 1:02d}", "days": 30, "amount": "300000000"} for i in range(30)]
    out = compute_case(IR, ir("unemployment", earnings=long, rest=[], dependents=2))
    # 10,000,000 a day x 30 x (55 % + 2 x 10 %) = 225,000,000 a month, 30 months of record -> 18 months (married)
    assert out["monthly"] == "225000000" and out["months"] == 18
    assert out["amount"] == str(225000000 * 18)


def test_funeral_aid_is_refused_while_the_pack_has_no_confirmed_amount() -> None:
    with pytest.raises(BenefitInputError, match="no amount for funeral"):
        compute_case(IR, ir("funeral", rest=[]))


def test_dates_are_jalali_and_checked() -> None:
    with pytest.raises(BenefitInputError):
        compute_case(IR, ir("sickness", start="1404-12-30"))  # 1404 is not a leap year
    assert compute_case(IR, ir("sickness", start="1403-12-30", earnings=[
        {"month": "1403-09", "days": 30, "amount": "90000000"}]))["eligible"]


def test_the_income_test_is_not_a_kind_of_the_iranian_pack() -> None:
    with pytest.raises(BenefitInputError, match="no rules"):
        compute_case(IR, {"kind": "gss_income_test", "date": "1404-01-01", "household": []})
