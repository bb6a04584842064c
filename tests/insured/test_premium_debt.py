"""A self-employed (4/1-b) insured's temporary incapacity allowance needs the premium and related
debts paid (5510 art. 18/4): refused with the condition and the debt named while any is owed, paid
in full once it is paid, and never touching a 4/1-a insured. Also the SSO's 1404 prosthesis tariff."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branch_desktop.core.packs import load_pack
from branch_desktop.insured.exceptions import BenefitInputError
from branch_desktop.insured.rules.cases import compute_case

TR = load_pack("tr_sgk")
IR = load_pack("ir_sso")


def work_accident(**extra: Any) -> dict[str, Any]:
    return {"kind": "work_accident", "start": "2025-06-10",
            "earnings": [{"month": m, "days": 30, "amount": "30000.00"} for m in ("2025-03", "2025-04", "2025-05")],
            "rest": [{"from": "2025-06-10", "to": "2025-06-19", "inpatient": True}], **extra}


def test_a_self_employed_insured_with_a_premium_debt_is_refused_until_it_is_paid() -> None:
    owed = compute_case(TR, work_accident(coverage="4/1-b", premium_debt="1234.00"))
    assert not owed["eligible"] and Decimal(owed["amount"]) == 0
    assert owed["refusal"] == {"condition": "premium_debts_paid", "figures": {"coverage": "4/1-b", "debt": "1234.00"}}
    step = next(s for s in owed["trace"] if s["name"] == "debt_free_coverages")
    assert "5510 art. 18/4" in step["source"] and "5754" in step["source"] and "UNCERTAIN" in step["note"]
    assert [s["name"] for s in owed["trace"]][-1] == "premium_debts_paid"

    # the same case once the debt is paid: 10 inpatient days at 1/2 of 1,000.00 a day
    paid = compute_case(TR, work_accident(coverage="4/1-b", premium_debt="0", premium_debt_paid_on="2025-07-01"))
    assert (paid["eligible"], paid["amount"], paid["days_paid"]) == (True, "5000.00", 10)
    condition = next(s for s in paid["trace"] if s["name"] == "premium_debts_paid")
    assert condition["passed"] is True
    assert any(s["name"] == "premium_debt_paid_on" and s["value"] == "2025-07-01" for s in paid["trace"])


def test_maternity_of_a_self_employed_woman_names_the_debt() -> None:
    case = {"kind": "maternity", "birth": "2025-06-10", "sex": "F", "coverage": "4/1-b", "premium_debt": "87.50",
            "earnings": [{"month": f"2025-0{m}", "days": 30, "amount": "30000.00"} for m in range(1, 6)]}
    assert compute_case(TR, case)["refusal"]["figures"]["debt"] == "87.50"
    assert compute_case(TR, {**case, "premium_debt": "0.00"})["eligible"]


def test_a_malformed_debt_is_an_input_error() -> None:
    with pytest.raises(BenefitInputError) as bad:
        compute_case(TR, work_accident(coverage="4/1-b", premium_debt="-5"))
    assert bad.value.field == "premium_debt"


@settings(max_examples=40, deadline=None)
@given(debt=st.decimals(min_value=0, max_value=10**9, places=2), kind=st.sampled_from(
    ["work_accident", "occupational_disease", "sickness"]))
def test_an_employee_4_1_a_is_never_affected_by_a_premium_debt(debt: Decimal, kind: str) -> None:
    base = work_accident(kind=kind, coverage="4/1-a")
    with_debt = compute_case(TR, {**base, "premium_debt": str(debt)})
    without = compute_case(TR, base)
    assert with_debt == without
    assert all(s["name"] != "premium_debts_paid" for s in with_debt["trace"])


def test_the_sso_prosthesis_tariff_of_1404() -> None:
    glasses = {"kind": "prosthesis", "start": "1404-10-01", "item": "glasses", "cost": "12000000"}
    out = compute_case(IR, glasses)
    assert (out["eligible"], out["amount"]) == (True, "10500000")  # 1,050,000 toman
    tariff = next(s for s in out["trace"] if s["name"] == "tariff")
    assert "ILNA" in tariff["source"] and "UNCERTAIN" in tariff["note"]
    assert compute_case(IR, {**glasses, "item": "hearing_aid", "cost": "25000000"})["amount"] == "25000000"
    with pytest.raises(BenefitInputError, match="ceiling"):  # no tariff for limbs was found
        compute_case(IR, {**glasses, "item": "artificial_limb"})
    with pytest.raises(BenefitInputError, match="ceiling"):  # before the report's date: none recorded
        compute_case(IR, {**glasses, "start": "1404-05-10"})
