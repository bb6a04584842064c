"""Late-payment charges by the packs' rules: worked examples by hand (a rate change in the middle
of a debt's life, the month of payment counted in days, the SSO waiver) and properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.packs import Pack, load_pack
from branch_desktop.execution.exceptions import ChargeInputError
from branch_desktop.execution.rules.cases import compute_case
from branch_desktop.execution.rules.charges import Debt, Payment, compute, due_date

TR, IR = load_pack("tr_sgk"), load_pack("ir_sso")


def test_sgk_first_month_penalty_and_ten_days_of_interest() -> None:
    # SGK's own example (2017/02 premium 3,000.00 paid on 10.04.2017): 2 % penalty = 60.00, then
    # interest on 3,060.00 for 10 of 30 days; the pack's 6183 art. 51 rate of 1.40 % stands for DİBS
    c = compute(TR, Debt(YearMonth(2017, 2), Decimal("3000.00"), (Payment(dt.date(2017, 4, 10), Decimal(3000)),)),
                dt.date(2017, 6, 30))
    assert c.due == dt.date(2017, 3, 31)
    assert (c.penalty, c.interest, c.unpaid, c.outstanding) == (Decimal("60.00"), Decimal("14.28"), 0,
                                                                  Decimal("74.28"))
    sources = {s.name: s.source for s in c.trace.steps if s.kind == "param"}
    assert "BKK 2010/965" in sources["execution.interest.rate"] and "5510 art. 89" in sources["execution.penalty.rate"]


def test_sgk_rate_change_inside_a_month_and_the_payment_month_in_days() -> None:
    # 2024/03 premium 10,000.00 due 30.04.2024, paid 15.06.2024.
    # month 1 (01.05-31.05): penalty 3 % (CBK 8256) = 300; interest on 10,300: 20 days at 3.5 % and
    #   11 days at 4.5 % (CBK 8484 from 21.05) of a 31-day month = 232.5806 + 164.4677
    # month 2 (01.06-15.06): penalty 3 % = 300; interest on 10,000 + 600 + 397.0484 at 4.5 % x 15/30
    #   = 247.4336 -> interest 644.48
    c = compute(TR, Debt(YearMonth(2024, 3), Decimal(10000), (Payment(dt.date(2024, 6, 15), Decimal(10000)),)),
                dt.date(2024, 7, 31))
    assert (c.penalty, c.interest, c.outstanding) == (Decimal("600.00"), Decimal("644.48"), Decimal("1244.48"))
    rates = [s for s in c.trace.steps if s.kind == "param" and s.name == "execution.interest.rate"]
    assert [r.effective_from for r in rates] == [dt.date(2023, 11, 14), dt.date(2024, 5, 21)]
    parts = [s.value for s in c.trace.steps if s.name == "interest"]
    assert [(p["days"], p["of"]) for p in parts] == [(20, 31), (11, 31), (15, Decimal(30))]


def test_sgk_penalty_only_for_the_first_three_months_and_partial_payment() -> None:
    # 2023/01 premium 1,000 due 28.02.2023; 400 paid 10.03.2023 (inside month 1), rest unpaid.
    c = compute(TR, Debt(YearMonth(2023, 1), Decimal(1000), (Payment(dt.date(2023, 3, 10), Decimal(400)),)),
                dt.date(2023, 8, 31))
    pens = [s.value for s in c.trace.steps if s.name == "penalty"]
    assert [p["base"] for p in pens] == [Decimal(1000), Decimal(600), Decimal(600)]
    assert c.penalty == Decimal("44.00") and c.unpaid == Decimal(600)
    assert c.interest > 0


def test_sso_daily_charge_across_the_repeal_of_art_98() -> None:
    # 1402/12 premium 1,000,000 rials due 1403/01/31; unpaid on 1403/08/30: 186 days at 0.5 per
    # thousand (art. 98) to 1403/08/01, then 29 days at 2 % / 30 (uncertain successor rate)
    c = compute(IR, Debt(YearMonth(1402, 12), Decimal(1000000)), IR.calendar.parse("1403/08/30"))
    assert c.due == IR.calendar.parse("1403/01/31")
    assert c.interest == Decimal(93000 + 19333) and c.penalty == 0


def test_sso_waiver_when_the_principal_is_paid_before_the_order() -> None:
    paid = (Payment(IR.calendar.parse("1403/03/10"), Decimal(1000000)),)
    c = compute(IR, Debt(YearMonth(1402, 12), Decimal(1000000), paid), IR.calendar.parse("1403/08/30"))
    assert (c.interest, c.waived, c.outstanding) == (Decimal(20500), Decimal(20500), 0)  # 41 days x 500
    late = compute(IR, Debt(YearMonth(1402, 12), Decimal(1000000), paid, order_date=IR.calendar.parse("1403/03/01")),
                   IR.calendar.parse("1403/08/30"))
    assert (late.waived, late.outstanding) == (0, Decimal(20500))


def test_json_contract_and_malformed_input() -> None:
    out = compute_case(IR, {"until": "1403-08-30", "debts": [{"month": "1402-12", "principal": "1000000"}]})
    assert out["total"] == "1112333" and out["debts"][0]["due"] == "1403-01-31"
    assert {"month", "due", "principal", "penalty", "interest", "outstanding", "trace"} <= set(out["debts"][0])
    for bad, field in [({"until": "x", "debts": []}, "until"), ({"until": "2024-01-01", "debts": []}, "debts"),
                       ({"until": "2024-01-01", "debts": [{"month": "2024-13", "principal": "1"}]}, "month"),
                       ({"until": "2024-01-01", "debts": [{"month": "2024-01", "principal": "-1"}]}, "principal"),
                       ({"until": "2024-01-01", "debts": [{"month": "2024-01", "principal": "1",
                                                           "paid": [{"date": "2024-02-01", "amount": "0"}]}]}, "paid")]:
        with pytest.raises(ChargeInputError) as err:
            compute_case(TR, bad)
        assert err.value.field == field


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)
days = st.integers(min_value=0, max_value=3000)
months = st.builds(YearMonth, st.integers(min_value=2009, max_value=2025), st.integers(min_value=1, max_value=12))


def _both(ym: YearMonth) -> list[tuple[Pack, YearMonth]]:
    """The same month number in each pack's calendar (a Jalali year for the SSO)."""
    return [(TR, ym), (IR, YearMonth(ym.year - 621, ym.month))]


def _units(pack: Pack, amount: Decimal) -> Decimal:
    return max(pack.currency.round(amount), pack.currency.quantum)


@settings(max_examples=150, deadline=None)
@given(months, amounts, st.lists(st.tuples(days, amounts), max_size=4), days)
def test_charges_are_never_negative(ym: YearMonth, principal: Decimal, pays: list[tuple[int, Decimal]],
                                    horizon: int) -> None:
    for pack, m in _both(ym):
        start = pack.calendar.month_bounds(m)[0]
        principal = _units(pack, principal)
        debt = Debt(m, principal, tuple(Payment(start + dt.timedelta(days=d), _units(pack, a)) for d, a in pays))
        c = compute(pack, debt, start + dt.timedelta(days=horizon))
        assert c.penalty >= 0 and c.interest >= 0 and 0 <= c.waived <= c.penalty + c.interest
        assert 0 <= c.unpaid <= principal


@settings(max_examples=100, deadline=None)
@given(months, amounts, st.integers(min_value=0, max_value=60), days)
def test_no_charge_for_a_month_paid_in_full_by_its_due_date(ym: YearMonth, principal: Decimal, early: int,
                                                            later: int) -> None:
    for pack, m in _both(ym):
        due = due_date(pack, m)
        principal = _units(pack, principal)
        debt = Debt(m, principal, (Payment(due - dt.timedelta(days=early), principal),))
        c = compute(pack, debt, due + dt.timedelta(days=later))
        assert (c.penalty, c.interest, c.outstanding) == (0, 0, 0)


def test_a_bounced_payment_after_the_due_date_reopens_the_debt() -> None:
    # paid before the due date, the cheque bounced 10 days after it: charges from the bounce
    debt = Debt(YearMonth(2023, 1), Decimal(1000), (Payment(dt.date(2023, 2, 20), Decimal(1000)),
                                                    Payment(dt.date(2023, 3, 10), Decimal(-1000))))
    c = compute(TR, debt, dt.date(2023, 3, 31))
    # month 1 (01.03-31.03): no penalty (paid at its start); interest on 1,000 for 21 of 31 days at 2.5 %
    assert (c.unpaid, c.penalty, c.interest) == (Decimal(1000), 0, Decimal("16.94"))
