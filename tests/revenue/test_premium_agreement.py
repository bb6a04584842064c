"""Revenue and payroll compute a worker's premium with one function (``core.premiums``): the same
figure on the declaration, on the accrual and on the payslip, for any earnings and any month."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from branch_desktop.accounting.payroll import rules as payroll
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.packs import Pack, load_pack, load_pack_from
from branch_desktop.core.premiums import month_premium
from branch_desktop.paths import packs_dir
from branch_desktop.revenue import rules as revenue

TR = load_pack("tr_sgk")
IR = load_pack("ir_sso")


def _terms(allowance: Decimal) -> payroll.PayTerms:
    return payroll.PayTerms(post="expert", employment="permanent", job_group=5, married=True,
                            hire_date=dt.date(2000, 1, 1), other_allowance=allowance)


def _agree(pack: Pack, ym: YearMonth, allowance: Decimal) -> None:
    cur = pack.currency
    pay = payroll.compute_pay(pack, _terms(allowance), ym)
    wage = cur.to_minor(pay.insurable)
    days = revenue.max_days(pack, ym)
    # the declaration line (its checks and its premium)
    good, errors = revenue.check_lines(pack, ym, [revenue.RawLine(2, _id(pack), "Worker", str(days), cur.plain(wage))])
    assert errors == [], [str(e) for e in errors]
    declared = good[0].premium
    # the accrual (services._declaration_split): the month's reference day and its rates
    on = revenue.month_reference_day(pack, ym)
    accrued = revenue.premium_for_wage(pack, wage, on, revenue.component_rates(pack, on))
    # the payslip
    employee = pay.amount("insurance") + pay.amount("unemployment")
    employer = pay.amount("employer_insurance") + pay.amount("employer_unemployment")
    assert declared == accrued
    assert (cur.from_minor(declared.employee), cur.from_minor(declared.employer)) == (employee, employer)


def _id(pack: Pack) -> str:
    return "17291716060" if pack.code == "tr_sgk" else "0013542419"


@settings(max_examples=60, deadline=None)
@given(month=st.integers(0, 35), extra=st.decimals(0, 400_000, places=2))
def test_tr_sgk_revenue_and_payroll_agree_to_the_kurus(month: int, extra: Decimal) -> None:
    ym = YearMonth(2024 + month // 12, month % 12 + 1)  # the pay scale starts in 2024
    _agree(TR, ym, extra)


@settings(max_examples=60, deadline=None)
@given(year=st.integers(1390, 1404), month=st.integers(1, 12), share=st.integers(150, 500))
def test_ir_sso_revenue_and_payroll_agree_to_the_rial(year: int, month: int, share: int) -> None:
    ym = YearMonth(year, month)
    minimum = IR.param("minimum_wage.gross_monthly", IR.calendar.month_bounds(ym)[1])
    _agree(IR, ym, (minimum * share / 100).quantize(Decimal(1)))


def test_a_mid_month_rate_change_applies_to_the_whole_month_in_both(tmp_path: Path) -> None:
    """A short-term rate changed on 2025-07-15: the pack's rule (the rate in force on the month's
    last day) gives July the new rate in revenue and payroll alike (they used to compute 6,355.00
    and 6,432.50 employer premium on 31,000 of earnings)."""
    target = tmp_path / "tr_sgk"
    shutil.copytree(packs_dir() / "tr_sgk", target)
    with (target / "parameters.csv").open("a", encoding="utf-8") as fh:
        fh.write("premium.short_term.employer_rate,2025-07-15,0.025,ratio,Test change,mid-month\n")
    pack = load_pack_from(target)
    ym = YearMonth(2025, 7)
    on = revenue.month_reference_day(pack, ym)
    assert on == dt.date(2025, 7, 31)
    split = revenue.premium_for_wage(pack, 3_100_000, on)
    assert split.employer == 3_100_000 * (11_000 + 2_500 + 7_500 + 2_000) // 100_000  # 7,130.00
    _agree(pack, ym, Decimal(0))


def test_july_2025_minimum_wage_worker_with_and_without_the_incentive() -> None:
    """26,005.50 gross in July 2025: worker 14 % (3,640.77) + 1 % (260.06) = 3,900.83; employer
    SGK branches 11 + 2.25 + 7.5 = 20.75 % (5,396.14) + unemployment 2 % (520.11) = 5,916.25.
    The Treasury pays 4 points (2025/02 on, Law amending 5510 art. 81/ı) outside manufacturing:
    16.75 % = 4,355.92, so the employer pays 4,876.03 (cost 30,881.53); manufacturing keeps 5
    points: 15.75 % = 4,095.87, pays 4,615.98 (cost 30,621.48, the published January 2025 cost)."""
    ym = YearMonth(2025, 7)
    wage = 2_600_550
    plain = month_premium(TR, wage, ym)
    assert (plain.employee, plain.employer, plain.treasury) == (390_083, 591_625, 0)
    general = month_premium(TR, wage, ym, incentive="general")
    assert (general.treasury, general.employer_net, wage + general.employer_net) == (104_022, 487_603, 3_088_153)
    manufacturing = month_premium(TR, wage, ym, incentive="manufacturing")
    assert (manufacturing.employer_net, wage + manufacturing.employer_net) == (461_598, 3_062_148)
    # January 2025: 5 points for everyone
    assert month_premium(TR, wage, YearMonth(2025, 1), incentive="general").employer_net == 461_598
    # the worker's share and the revenue's components do not change with the incentive
    assert general.employee == plain.employee and general.by_role() == plain.by_role()


def test_ir_sso_payroll_insures_up_to_the_declaration_ceiling() -> None:
    """A Farvardin (31 days) pay above 7 x the minimum wage is insured up to the ceiling revenue
    accepts for 31 days: 103,909,680 / 30 x 7 = 24,245,592 a day x 31 = 751,613,352."""
    ym = YearMonth(1404, 1)
    pay = payroll.compute_pay(IR, _terms(Decimal(900_000_000)), ym)
    assert pay.insurable == Decimal(751_613_352) < pay.gross
    _agree(IR, ym, Decimal(900_000_000))
