"""Pay rules with the seed's worked examples (ir_sso) and the Turkish deductions (tr_sgk)."""

import datetime as dt
from decimal import Decimal

import pytest

from branch_desktop.accounting.payroll import rules
from branch_desktop.accounting.payroll.exceptions import LoanLimitExceeded, NoContributionBalance
from branch_desktop.accounting.payroll.rules import (
    KaranehIndicators,
    LineKind,
    LoanDeduction,
    PayTerms,
    ProductivityScore,
)
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.packs import load_pack

IR = load_pack("ir_sso")
TR = load_pack("tr_sgk")
M1383 = YearMonth(1383, 7)
DAY_1383 = rules.pay_day(IR, M1383)
M1405 = YearMonth(1405, 8)


def terms(**kw: object) -> PayTerms:
    base: dict[str, object] = {
        "post": "expert", "employment": "permanent", "job_group": 10, "married": True,
        "hire_date": dt.date(1995, 1, 1),
    }
    base.update(kw)
    return PayTerms(**base)  # type: ignore[arg-type]


def test_seed_loan_fund_contribution_4_plus_4_percent() -> None:
    # seed 001: pay 1,060,000 gives 42,400 employee and 42,400 organisation
    assert rules.loan_fund_contributions(IR, Decimal(1_060_000), DAY_1383) == (Decimal(42_400), Decimal(42_400))


def test_seed_loan_is_twice_the_balance_less_insurance_and_fee() -> None:
    balance = Decimal(42_400 * 2 * 12)  # a year of 8 % contributions
    loan = rules.loan_terms(IR, balance, 20, DAY_1383)
    assert loan.amount == 2 * balance == Decimal(2_035_200)
    assert loan.insurance == Decimal(30_528)  # 1.5 %
    assert loan.fee == Decimal(10_176)  # 0.5 %
    assert loan.net == loan.amount - loan.insurance - loan.fee
    assert sum(loan.instalments) == loan.amount and len(loan.instalments) == 20
    with pytest.raises(NoContributionBalance):
        rules.loan_terms(IR, Decimal(0), 12, DAY_1383)
    for months in (0, 37):
        with pytest.raises(LoanLimitExceeded) as limit:
            rules.loan_terms(IR, balance, months, DAY_1383)
        assert isinstance(limit.value, ValidationError)
        assert limit.value.field == "instalments" and limit.value.params == {"max": 36}


def test_allowance_rates_by_post_and_group_from_the_seed() -> None:
    r = rules.allowance_rate
    assert r(IR, "attraction", "deputy", 12, DAY_1383) == Decimal("0.63")
    assert r(IR, "attraction", "unit_head", 12, DAY_1383) == Decimal("0.53")
    assert r(IR, "attraction", "second_person", 9, DAY_1383) == Decimal("0.48")
    assert r(IR, "attraction", "expert", 10, DAY_1383) == Decimal("0.43")
    assert r(IR, "attraction", "expert", 9, DAY_1383) == Decimal("0.38")
    assert r(IR, "attraction", "expert", 8, DAY_1383) == Decimal("0.33")
    assert r(IR, "attraction", "driver", 5, DAY_1383) == Decimal("0.28")  # non-expert up to group 7
    assert r(IR, "attraction", "typist", 8, DAY_1383) == Decimal("0.33")  # non-expert groups 8-9
    assert r(IR, "supervision", "second_person", 9, DAY_1383) == Decimal("0.12")
    assert r(IR, "supervision", "expert", 9, DAY_1383) == 0
    assert r(IR, "specialty", "unit_head", 9, DAY_1383) == Decimal("0.20")
    assert r(IR, "hardship", "inspector", 6, DAY_1383) == Decimal("0.25")
    assert r(IR, "hardship", "typist", 6, DAY_1383) == Decimal("0.20")


def test_housing_married_60_single_40_and_exclusions() -> None:
    g1 = rules.base_pay(IR, 1, DAY_1383)
    factor = IR.param("payroll.housing_factor", DAY_1383)
    assert factor == Decimal("1.25")
    assert rules.housing_allowance(IR, terms(married=True), DAY_1383) == IR.currency.round(g1 * Decimal("0.6") * factor)
    assert rules.housing_allowance(IR, terms(married=False), DAY_1383) == IR.currency.round(g1 * Decimal("0.4") * factor)
    assert rules.housing_allowance(IR, terms(housing="organisation_housing"), DAY_1383) == 0
    assert rules.housing_allowance(IR, terms(housing="deprived_area"), DAY_1383) == 0
    new_contract = terms(employment="contract", job_group=None, hire_date=DAY_1383 - dt.timedelta(days=200))
    assert rules.housing_allowance(IR, new_contract, DAY_1383) == 0
    old_contract = terms(employment="contract", job_group=None, hire_date=DAY_1383 - dt.timedelta(days=400))
    assert rules.housing_allowance(IR, old_contract, DAY_1383) > 0
    assert rules.housing_allowance(TR, terms(), dt.date(2025, 5, 31)) == 0  # no such allowance in tr_sgk


def test_iranian_month_of_a_deputy() -> None:
    t = terms(post="deputy", job_group=12)
    pay = rules.compute_pay(IR, t, M1383)
    base = rules.base_pay(IR, 12, DAY_1383)
    assert pay.amount("base") == base
    assert pay.amount("attraction") == IR.currency.round(base * Decimal("0.63"))
    assert pay.amount("supervision") == IR.currency.round(base * Decimal("0.15"))
    assert pay.amount("specialty") == IR.currency.round(base * Decimal("0.20"))
    assert pay.amount("hardship") == 0
    gross = pay.gross
    assert pay.amount("insurance") == IR.currency.round(gross * Decimal("0.07"))
    assert pay.amount("loanfund") == IR.currency.round(gross * Decimal("0.04"))
    assert pay.amount("loanfund_org") == pay.amount("loanfund")
    assert pay.amount("employer_insurance") == IR.currency.round(gross * Decimal("0.20"))
    taxable = gross - pay.amount("insurance")
    assert pay.taxable == taxable
    expected_tax = rules.tax_on(rules.tax_brackets(IR, DAY_1383), taxable)
    assert pay.amount("income_tax") == IR.currency.round(expected_tax)
    assert pay.net == gross - pay.deductions
    assert pay.employer_cost == gross + pay.total(LineKind.EMPLOYER)
    assert all(line.amount == line.amount.to_integral_value() for line in pay.lines)  # IRR: no decimals


def test_monthly_tax_brackets() -> None:
    b = [(Decimal(0), Decimal(0)), (Decimal(100), Decimal("0.1")), (Decimal(200), Decimal("0.2"))]
    assert rules.tax_on(b, Decimal(50)) == 0
    assert rules.tax_on(b, Decimal(150)) == Decimal(5)
    assert rules.tax_on(b, Decimal(300)) == Decimal(10) + Decimal(20)
    # 1404: 240 M exempt, 10 % up to 300 M
    b1404 = rules.tax_brackets(IR, rules.pay_day(IR, M1405))
    assert rules.tax_on(b1404, Decimal(300_000_000)) == Decimal(6_000_000)


def test_loans_and_other_deductions_reduce_net() -> None:
    t = terms(other_deduction=Decimal(5_000))
    pay = rules.compute_pay(IR, t, M1383, loans=[LoanDeduction(1, Decimal(84_800), Decimal(1_696))])
    assert pay.amount("loan_instalment") == Decimal(84_800)
    assert pay.amount("loan_penalty") == Decimal(1_696)
    assert pay.amount("other_deduction") == Decimal(5_000)
    assert pay.net == pay.gross - pay.deductions
    assert rules.late_penalty(IR, Decimal(84_800), 1, DAY_1383) == Decimal(1_696)  # 2 % a month
    assert rules.late_penalty(IR, Decimal(84_800), 0, DAY_1383) == 0


def test_turkish_deductions_2025() -> None:
    month = YearMonth(2025, 3)
    day = rules.pay_day(TR, month)
    t = terms(post="expert", job_group=10)
    pay = rules.compute_pay(TR, t, month, ytd_taxable_before=Decimal("100000"))
    gross = pay.gross
    cur = TR.currency
    assert pay.amount("insurance") == cur.round(gross * Decimal("0.14"))  # SGK 9 % + GSS 5 %
    assert pay.amount("unemployment") == cur.round(gross * Decimal("0.01"))
    # SGK branches rounded together (pack rule "group"): 11 % + 2.25 % short-term (Law 7524, from
    # 2024-09) + 7.5 %; the old 20.5 % used the pre-2024-09 short-term rate
    assert pay.amount("employer_insurance") == cur.round(gross * Decimal("0.2075"))
    assert pay.amount("employer_unemployment") == cur.round(gross * Decimal("0.02"))
    taxable = gross - pay.amount("insurance") - pay.amount("unemployment")
    b = rules.tax_brackets(TR, day)
    tax = rules.tax_on(b, Decimal("100000") + taxable) - rules.tax_on(b, Decimal("100000"))
    exemption = rules.minimum_wage_tax_exemption(TR, month, day)
    assert pay.amount("income_tax") == cur.round(tax - exemption)
    stamp = gross * Decimal("0.00759") - Decimal("26005.50") * Decimal("0.00759")
    assert pay.amount("stamp_duty") == cur.round(stamp)
    assert pay.net == gross - pay.deductions


def test_turkish_minimum_wage_exemption_and_ceiling() -> None:
    month = YearMonth(2025, 1)
    day = rules.pay_day(TR, month)
    # the minimum wage in January 2025: 26,005.50 gross, 3,900.83 SGK+unemployment, tax base 22,104.68
    exemption = rules.minimum_wage_tax_exemption(TR, month, day)
    assert exemption == Decimal("22104.67") * Decimal("0.15")  # 3,315.70: the known 2025 figure
    assert TR.currency.round(exemption) == Decimal("3315.70")
    # A pay above the ceiling (7.5 x minimum wage) is insured up to the ceiling only
    huge = rules.compute_pay(TR, terms(other_allowance=Decimal("400000")), month)
    # SGK's published 2025 ceiling: 866.85 a day x 7.5 = 6,501.38 (rounded daily) x 30
    ceiling = Decimal("195041.40")
    assert huge.insurable == ceiling
    assert huge.amount("insurance") == TR.currency.round(ceiling * Decimal("0.14"))
    # cumulative brackets: the 20 % band starts at 158,000 of the year's base
    b = rules.tax_brackets(TR, day)
    assert rules.tax_on(b, Decimal(158_000)) == Decimal(23_700)
    assert rules.tax_on(b, Decimal(200_000)) == Decimal(23_700) + Decimal(8_400)


def test_group_progression() -> None:
    month = YearMonth(1405, 8)
    day = rules.pay_day(IR, month)
    contract = terms(employment="contract", job_group=None, hire_date=day - dt.timedelta(days=2 * 365 + 5))
    due = rules.group_progression(IR, contract, contract.hire_date, month)
    assert due is not None and due.new_group is None
    young = terms(employment="contract", job_group=None, hire_date=day - dt.timedelta(days=300))
    assert rules.group_progression(IR, young, young.hire_date, month) is None
    t = terms(job_group=7)
    due = rules.group_progression(IR, t, IR.calendar.add_years(day, -4), month)
    assert due is not None and due.new_group == 8
    assert rules.group_progression(IR, t, IR.calendar.add_years(day, -3), month) is None
    assert rules.group_progression(IR, terms(job_group=20), dt.date(1990, 1, 1), month) is None


@pytest.mark.parametrize(
    ("score", "kwargs", "days"),
    [
        (Decimal("0.95"), {}, Decimal(30)),  # 95 % = one month
        (Decimal("0.97"), {}, Decimal(36)),  # +3 days per 1 %
        (Decimal("1.00"), {}, Decimal(45)),  # at most 15 extra
        (Decimal("1.00"), {"principles": Decimal(1)}, Decimal(55)),  # +10 days
        (Decimal("0.95"), {"unpaid_leave_days": 2}, Decimal("29.4")),  # 1 % off per day
        (Decimal("0.95"), {"sick_leave_days": 7}, Decimal(30)),  # a week of sick leave is free
        (Decimal("0.95"), {"sick_leave_days": 9}, Decimal("29.4")),
        (Decimal("0.70"), {}, Decimal(0)),  # experts need 75 %
        (Decimal("0.95"), {"worked_share": Decimal("0.4")}, Decimal(0)),  # half the period
    ],
)
def test_productivity_days(score: Decimal, kwargs: dict[str, object], days: Decimal) -> None:
    s = ProductivityScore(score=score, **kwargs)  # type: ignore[arg-type]
    assert rules.productivity_days(IR, "expert", False, s, DAY_1383) == days


def test_productivity_thresholds_part_time_and_cap() -> None:
    s = ProductivityScore(score=Decimal("0.70"))
    assert rules.productivity_days(IR, "driver", False, s, DAY_1383) > 0  # others need 65 %
    assert rules.productivity_days(IR, "driver", True, ProductivityScore(Decimal("0.95")), DAY_1383) == 15
    with_cap = ProductivityScore(Decimal("1.00"), principles=Decimal(1))
    assert rules.productivity_days(IR, "expert", False, with_cap, DAY_1383) <= 60
    t = terms()
    bonus = rules.productivity_bonus(IR, t, M1383, ProductivityScore(Decimal("0.95")))
    assert bonus == rules.continuous_pay(IR, t, M1383)  # one month's continuous pay


def test_karaneh_points_from_the_seed_table() -> None:
    k = KaranehIndicators(
        collection_over_budget_pct=Decimal(40),  # 30 points, capped at 25
        arrears_share_pct=Decimal(10),  # 7 points
        amount_over_budget=Decimal(1_600_000_000),  # 3 points
        balance_progress=Decimal("0.95"),  # 12 points
        statements_on_time=6,  # capped at 4
    )
    assert rules.karaneh_points(IR, k, DAY_1383) == Decimal(25 + 7 + 3 + 12 + 4)
    assert rules.karaneh_points(IR, KaranehIndicators(balance_progress=Decimal("0.5")), DAY_1383) == 5
    assert rules.karaneh_points(IR, KaranehIndicators(balance_progress=Decimal("1.2")), DAY_1383) == 14
