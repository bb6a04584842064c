"""Turkey's short-term benefit rules (seed 002) and the income test (seed 004): worked examples and
properties. Every expected figure is worked out by hand from the seed's rules."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branch_desktop.core.packs import load_pack
from branch_desktop.insured.exceptions import BenefitInputError
from branch_desktop.insured.rules.cases import compute_case

TR = load_pack("tr_sgk")


def earnings(months: list[str], amount: str = "30000.00", days: int = 30) -> list[dict[str, Any]]:
    return [{"month": m, "days": days, "amount": amount} for m in months]


def case(kind: str = "sickness", start: str = "2025-06-10", rest: list[dict[str, Any]] | None = None,
         **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "start": start, "earnings": extra.pop("earnings", earnings(["2025-03", "2025-04", "2025-05"])),
            "rest": rest if rest is not None else [{"from": start, "to": "2025-06-19", "inpatient": False}],
            "exit_date": None, **extra}


def test_the_contract_example_sickness_from_the_third_day() -> None:
    out = compute_case(TR, case())
    assert (out["eligible"], out["amount"], out["days_paid"], out["daily"]) == (True, "5333.36", 8, "666.67")
    names = [s["name"] for s in out["trace"]]
    assert names.index("daily_earnings_basis") < names.index("days_paid") < names.index("amount")
    share = next(s for s in out["trace"] if s["name"] == "outpatient_share")
    assert share["value"] == "2/3" and "5510 art. 18" in share["source"]


def test_work_accident_pays_every_day_with_no_premium_days_and_inpatient_days_at_half() -> None:
    # seed 002: one doctor may give 15 days when 5 of them are inpatient
    rest = [{"from": "2025-06-10", "to": "2025-06-14", "inpatient": True},
            {"from": "2025-06-15", "to": "2025-06-24", "inpatient": False}]
    out = compute_case(TR, case("work_accident", rest=rest, earnings=earnings(["2025-05"], days=10, amount="10000")))
    assert out["eligible"] and out["days_paid"] == 15
    assert out["amount"] == str(5 * Decimal("500.00") + 10 * Decimal("666.67"))


def test_sickness_needs_90_premium_days_in_the_year_before() -> None:
    out = compute_case(TR, case(earnings=earnings(["2025-03", "2025-04", "2025-05"], days=29)))
    assert not out["eligible"]
    assert out["refusal"] == {"condition": "minimum_premium_days", "figures": {"days": 87, "required": 90}}


def test_periods_left_out_extend_the_year_before() -> None:
    # 30 days in May 2024 and 60 in April-May 2025: a rest starting 2025-06-10 sees 60 days in its year ...
    rows = earnings(["2024-05", "2025-04", "2025-05"])
    refused = compute_case(TR, case(earnings=rows))
    assert refused["refusal"] == {"condition": "minimum_premium_days", "figures": {"days": 60, "required": 90}}
    # ... and 90 when 40 days of military service are left out of the year
    out = compute_case(TR, case(earnings=rows, excluded=[{"from": "2024-09-01", "to": "2024-10-10"}]))
    assert out["eligible"]


@pytest.mark.parametrize(("kind", "start", "eligible"), [
    ("work_accident", "2017-01-03", True),   # seed 002: exit 03/01; reports after 03/01 not paid
    ("work_accident", "2017-01-04", False),
    ("sickness", "2017-01-12", True),        # sickness and maternity: from 13/01 (inclusive) not paid
    ("sickness", "2017-01-13", False),
])
def test_the_exit_date_table(kind: str, start: str, eligible: bool) -> None:
    d = dt.date.fromisoformat(start)
    out = compute_case(TR, case(kind, start, rest=[{"from": start, "to": (d + dt.timedelta(days=5)).isoformat()}],
                                earnings=earnings(["2016-09", "2016-10", "2016-11", "2016-12"], amount="2000"),
                                exit_date="2017-01-03"))
    assert out["eligible"] is eligible
    if not eligible:
        assert out["refusal"]["condition"] in {"rest_not_after_exit", "rest_within_grace_after_exit"}


def test_one_doctor_at_most_ten_days_at_a_time_and_twenty_in_all() -> None:
    rest = [{"from": "2025-06-10", "to": "2025-06-24"}]  # 15 outpatient days from one doctor
    out = compute_case(TR, case("work_accident", rest=rest))
    assert out["days_paid"] == 10
    limit = next(s for s in out["trace"] if s["name"] == "doctor_report_within_limits")
    assert limit["passed"] is False
    rest = [{"from": "2025-06-10", "to": "2025-06-19"}, {"from": "2025-06-20", "to": "2025-06-29"},
            {"from": "2025-06-30", "to": "2025-07-04"}]  # 25 days in three reports: 20 paid
    assert compute_case(TR, case("work_accident", rest=rest))["days_paid"] == 20
    board = [{"from": "2025-06-10", "to": "2025-07-09", "issuer": "board"}]
    assert compute_case(TR, case("work_accident", rest=board))["days_paid"] == 30


@pytest.mark.parametrize(("multiple", "pre_days", "total"), [(False, 56, 112), (False, 20, 112), (True, 70, 126),
                                                             (True, 10, 126)])
def test_maternity_112_or_126_days_with_unused_pre_birth_days_moved(multiple: bool, pre_days: int, total: int) -> None:
    birth = dt.date(2025, 6, 10)
    data = {"kind": "maternity", "birth": birth.isoformat(), "multiple": multiple,
            "pre_birth_rest_from": (birth - dt.timedelta(days=pre_days)).isoformat(),
            "earnings": earnings(["2025-03", "2025-04", "2025-05"])}
    out = compute_case(TR, data)
    assert out["eligible"] and out["days_paid"] == total
    moved = next(s for s in out["trace"] if s["name"] == "pre_birth_days_moved_after_birth")
    assert moved["value"] == (70 if multiple else 56) - pre_days
    assert out["amount"] == str(total * Decimal("666.67"))


@pytest.mark.parametrize(("extra", "factor"), [
    ({"ignored_advice": True}, Decimal("0.75")),
    ({"fault_degree": "60"}, Decimal("0.8")),
    ({"intentional": True}, Decimal("0.5")),
])
def test_reductions(extra: dict[str, Any], factor: Decimal) -> None:
    out = compute_case(TR, case("work_accident", **extra))
    assert out["amount"] == str((10 * Decimal("666.67") * factor).quantize(Decimal("0.01"), ROUND_HALF_UP))


def test_no_fit_to_work_certificate_is_not_paid() -> None:
    out = compute_case(TR, case("work_accident", fit_certificate=False))
    assert not out["eligible"] and out["refusal"]["condition"] == "fit_to_work_certificate"


def test_each_month_is_capped_at_the_ceiling_of_its_date() -> None:
    # the daily ceiling rounded as SGK publishes it (core.premiums, shared with revenue):
    # 2024: 666.75 x 7.5 = 5,000.63 a day = 150,018.90; 2025: 6,501.38 a day = 195,041.40
    rows = [{"month": "2024-11", "days": 30, "amount": "400000"}, {"month": "2024-12", "days": 30, "amount": "400000"},
            {"month": "2025-01", "days": 30, "amount": "400000"}]
    out = compute_case(TR, case("work_accident", start="2025-02-10", earnings=rows,
                                rest=[{"from": "2025-02-10", "to": "2025-02-19"}]))
    basis = (2 * Decimal("150018.90") + Decimal("195041.40")) / 90
    basis_row = next(s for s in out["trace"] if s["name"] == "daily_earnings_basis")
    assert basis_row["value"] == str(basis.quantize(Decimal("0.01")))


def test_notice_deadline_and_fines() -> None:
    out = compute_case(TR, case(notice_date="2025-07-25"))
    assert out["notice"]["deadline"] == "2025-07-23"
    assert out["notice"]["fine_if_missing"] == "13002.75"  # 26,005.50 / 2
    assert out["notice"]["fine"] == "2600.55"  # late: a tenth


def test_ten_day_slices_sum_to_the_days() -> None:
    rest = [{"from": "2025-06-10", "to": "2025-07-09", "issuer": "board"}]
    out = compute_case(TR, case("work_accident", rest=rest, slices=True))
    assert [s["days"] for s in out["slices"]] == [10, 10, 10]


@pytest.mark.parametrize(("incomes", "bracket", "premium"), [
    (["200", "200"], "G0", "0.00"),
    (["600", "0"], "G1", "35.46"),
    (["2000", "0"], "G2", "106.38"),
    (["4000", "0"], "G3", "212.76"),
])
def test_income_test_seed_004_figures_with_the_2012_minimum_wage(incomes: list[str], bracket: str, premium: str) -> None:
    household = [{"relation": "self", "monthly_income": incomes[0]}, {"relation": "spouse", "monthly_income": incomes[1]}]
    out = compute_case(TR, {"kind": "gss_income_test", "date": "2012-03-01", "household": household})
    assert (out["bracket"], out["premium"]) == (bracket, premium)


def test_income_test_household_and_late_application() -> None:
    household = [{"relation": "self", "monthly_income": "600"},
                 {"relation": "child", "monthly_income": "0", "married": True},  # a married child does not count
                 {"relation": "child", "monthly_income": "0", "in_household": False, "student_under_25_away": True}]
    out = compute_case(TR, {"kind": "gss_income_test", "date": "2012-03-01", "household": household})
    assert out["per_capita_income"] == "300.00" and out["bracket"] == "G1"
    late = compute_case(TR, {"kind": "gss_income_test", "date": "2012-03-01", "household": household,
                             "applied_late": True})
    assert late["bracket"] == "G3"


@pytest.mark.parametrize("bad", [
    {"kind": "nothing"},
    {"kind": "sickness", "start": "10/06/2025", "earnings": [], "rest": []},
    case(earnings=[{"month": "2025-13", "days": 30, "amount": "1"}]),
    case(earnings=[{"month": "2025-03", "days": 30, "amount": "1" * 30}]),
    case(rest=[{"from": "2025-06-10", "to": "2025-06-01"}]),
    [],
])
def test_malformed_input_is_refused_with_a_message(bad: Any) -> None:
    with pytest.raises(BenefitInputError):
        compute_case(TR, bad)


amounts = st.decimals(min_value=Decimal("100"), max_value=Decimal("900000"), places=2)


@settings(max_examples=60, deadline=None)
@given(a=amounts, b=amounts, c=amounts, length=st.integers(1, 40), fault=st.integers(0, 100),
       kind=st.sampled_from(["work_accident", "sickness"]))
def test_allowance_never_exceeds_the_ceiling_based_daily_and_a_reduction_never_raises_it(
        a: Decimal, b: Decimal, c: Decimal, length: int, fault: int, kind: str) -> None:
    rows = [{"month": m, "days": 30, "amount": str(x)} for m, x in zip(["2025-03", "2025-04", "2025-05"], (a, b, c),
                                                                        strict=True)]
    end = (dt.date(2025, 6, 10) + dt.timedelta(days=length - 1)).isoformat()
    rest = [{"from": "2025-06-10", "to": end, "issuer": "board"}]
    plain = compute_case(TR, case(kind, rest=rest, earnings=rows))
    ceiling_daily = Decimal("26005.50") * Decimal("7.5") / 30 * Decimal(2) / 3
    if plain["eligible"]:
        assert Decimal(plain["amount"]) <= (ceiling_daily + Decimal("0.01")) * plain["days_paid"]
        reduced = compute_case(TR, case(kind, rest=rest, earnings=rows, fault_degree=str(fault)))
        assert Decimal(reduced["amount"]) <= Decimal(plain["amount"])
    else:
        assert kind == "sickness" and length <= 2 and plain["refusal"]["condition"] == "days_to_pay"


@settings(max_examples=40, deadline=None)
@given(days_after=st.integers(10, 400))
def test_a_sickness_claim_outside_the_window_after_exit_is_always_refused_naming_the_condition(days_after: int) -> None:
    start = dt.date(2025, 1, 3) + dt.timedelta(days=days_after)
    out = compute_case(TR, case("sickness", start.isoformat(), rest=[{"from": start.isoformat(),
                                                                       "to": (start + dt.timedelta(days=5)).isoformat()}],
                                exit_date="2025-01-03"))
    assert not out["eligible"]
    assert out["refusal"]["condition"] == "rest_within_grace_after_exit"


def test_maternity_is_the_insured_womans() -> None:
    data = {"kind": "maternity", "birth": "2025-06-10", "earnings": earnings(["2025-03", "2025-04", "2025-05"])}
    assert compute_case(TR, {**data, "sex": "F"})["eligible"]
    assert compute_case(TR, {**data, "sex": "M"})["refusal"] == {"condition": "insured_woman", "figures": {}}
    with pytest.raises(BenefitInputError):
        compute_case(TR, {**data, "sex": "X"})
