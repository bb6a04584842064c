"""Worked examples of the one-off allowances and reimbursements through the ``benefit compute``
contract (``compute_case``): tr_sgk's nursing, marriage and funeral allowances; ir_sso's travel
costs, prostheses and the amputation lump sum. One case through the installed entry point."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from branch_desktop.core.packs import load_pack
from branch_desktop.insured.exceptions import BenefitInputError
from branch_desktop.insured.rules.cases import compute_case
from tests.insured.test_benefit_cli import _run

TR = load_pack("tr_sgk")
IR = load_pack("ir_sso")


def months(*labels: str, days: int = 30, amount: str = "30000.00") -> list[dict[str, object]]:
    return [{"month": m, "days": days, "amount": amount} for m in labels]


def test_nursing_allowance_needs_120_days_in_the_year_before_the_birth() -> None:
    case = {"kind": "nursing", "birth": "2025-03-10", "earnings": months("2024-11", "2024-12", "2025-01", "2025-02")}
    out = compute_case(TR, case)
    assert (out["eligible"], out["amount"]) == (True, "1238.00")
    assert any(s["name"] == "nursing_allowance" and "5510 art. 16" in s["source"] for s in out["trace"])
    short = compute_case(TR, {**case, "earnings": months("2024-12", "2025-01", "2025-02")})
    assert short["refusal"] == {"condition": "minimum_premium_days", "figures": {"days": 90, "required": 120}}
    in_2024 = compute_case(TR, {**case, "birth": "2024-03-10",
                                "earnings": months("2023-11", "2023-12", "2024-01", "2024-02")})
    assert in_2024["amount"] == "857.00"
    late = compute_case(TR, {**case, "exit_date": "2024-05-01"})  # 313 days after the exit
    assert late["refusal"]["condition"] == "birth_within_300_days_of_exit"
    assert compute_case(TR, {**case, "exit_date": "2024-06-01"})["eligible"]  # 282 days: still paid
    with pytest.raises(BenefitInputError, match="amount for nursing"):  # 2026: no confirmed figure
        compute_case(TR, {**case, "birth": "2026-03-10",
                          "earnings": months("2025-11", "2025-12", "2026-01", "2026-02")})


def test_marriage_allowance_is_two_years_of_the_daughters_income() -> None:
    out = compute_case(TR, {"kind": "marriage", "start": "2025-09-01", "relation": "daughter",
                            "monthly_income": "12000.50"})
    assert (out["eligible"], out["amount"]) == (True, "288012.00")
    son = compute_case(TR, {"kind": "marriage", "start": "2025-09-01", "relation": "son", "monthly_income": "9000"})
    assert son["refusal"]["condition"] == "daughter_receiving_survivor_income"


def test_funeral_allowance_by_cause_and_premium_days() -> None:
    work = compute_case(TR, {"kind": "funeral", "start": "2025-06-01", "cause": "work_accident"})
    assert (work["eligible"], work["amount"]) == (True, "4888.00")
    few = compute_case(TR, {"kind": "funeral", "start": "2025-06-01", "cause": "other",
                            "long_term_premium_days": 200})
    assert few["refusal"] == {"condition": "minimum_premium_days", "figures": {"days": 200, "required": 360}}
    enough = compute_case(TR, {"kind": "funeral", "start": "2026-02-01", "cause": "other",
                               "long_term_premium_days": 400})
    assert enough["amount"] == "6398.00"
    with pytest.raises(BenefitInputError) as bad:
        compute_case(TR, {"kind": "funeral", "start": "2026-02-01", "cause": "flood"})
    assert bad.value.field == "cause"


def test_travel_costs_when_referred_to_another_town() -> None:
    out = compute_case(IR, {"kind": "travel", "start": "1404-05-10", "referred": True, "cost": "1250000"})
    assert (out["eligible"], out["amount"]) == (True, "1250000")
    assert any("art. 57" in (s.get("source") or "") for s in out["trace"])
    local = compute_case(IR, {"kind": "travel", "start": "1404-05-10", "referred": False, "cost": "1250000"})
    assert local["refusal"]["condition"] == "referred_to_another_town"


def test_prosthesis_up_to_the_tariff_and_not_before_its_renewal() -> None:
    case = {"kind": "prosthesis", "start": "1404-05-10", "item": "glasses", "cost": "45000000"}
    with pytest.raises(BenefitInputError, match="ceiling"):  # the SSO tariff is not in the pack yet
        compute_case(IR, case)
    early = compute_case(IR, {**case, "last_same_item": "1403-05-10"})  # glasses: every 2 years
    assert early["refusal"]["condition"] == "renewal_period_over"
    with_tariff = _with_tariff(IR, "glasses", "30000000")
    assert compute_case(with_tariff, case)["amount"] == "30000000"
    assert compute_case(with_tariff, {**case, "cost": "20000000", "last_same_item": "1402-05-10"})["amount"] == \
        "20000000"
    with pytest.raises(BenefitInputError) as unknown:
        compute_case(IR, {**case, "item": "jetpack"})
    assert unknown.value.field == "item"


def _with_tariff(pack: object, item: str, ceiling: str) -> object:
    other = copy.copy(pack)
    tables = dict(other._tables)  # type: ignore[attr-defined]
    tables["benefit_reimbursements"] = [(day, [{**r, "ceiling": ceiling} if r["item"] == item else r for r in rows])
                                        for day, rows in tables["benefit_reimbursements"]]
    object.__setattr__(other, "_tables", tables)
    return other


def test_amputation_lump_sum_is_36_pensions_times_the_degree() -> None:
    wage = "300000000"  # a month: average monthly wage 300,000,000 rials
    history = months(*(f"{y}-{m:02d}" for y in (1402, 1403) for m in range(1, 13)), amount=wage)
    case = {"kind": "amputation", "start": "1404-01-20", "degree": "20", "earnings": history}
    out = compute_case(IR, case)
    figures = {s["name"]: s["value"] for s in out["trace"] if s["kind"] == "figure"}
    assert figures["average_monthly_wage"] == "300000000" and figures["years_of_premium"] == "1.97"
    # 1/35 x 300M x 1.97 = 16.9M is below half the wage: the pension is 150M
    assert figures["total_disability_pension"] == "150000000"
    assert (out["eligible"], out["amount"]) == (True, "1080000000")  # 150M x 36 x 20 %
    assert Decimal(out["amount"]) == Decimal(150_000_000) * 36 * Decimal("0.20")
    heavy = compute_case(IR, {**case, "degree": "40"})
    assert heavy["refusal"]["condition"] == "degree_in_lump_sum_range"


def test_funeral_allowance_through_the_entry_point(tmp_path: Path) -> None:
    done = _run(tmp_path, json.dumps({"kind": "funeral", "start": "2025-06-01", "cause": "occupational_disease"}))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["eligible"], out["amount"], out["days_paid"], out["refusal"]) == (True, "4888.00", 0, None)
