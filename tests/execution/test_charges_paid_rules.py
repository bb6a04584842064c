"""Charges paid at the counter in the charge rules: they leave the compounding base of later SGK
interest (gecikme zammı) from the day after they are paid, and the SSO waiver takes at most the
charges still owed (nothing paid is refunded). Worked examples by hand and properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.packs import load_pack
from branch_desktop.execution.rules.cases import compute_case
from branch_desktop.execution.rules.charges import Debt, Payment, compute

TR, IR = load_pack("tr_sgk"), load_pack("ir_sso")


def test_sgk_a_partial_payment_shared_with_the_charges_lowers_the_interest_base() -> None:
    # 2024/03 premium 10,000.00 due 30.04.2024; on 31.05.2024 a payment shared in proportion
    # (6183 art. 47): 4,000.00 of principal and 400.00 of charges; charges run to 30.06.2024.
    # month 1 (01.05-31.05): penalty 3 % x 10,000 = 300; interest on 10,300 for 20 days at 3.5 %
    #   and 11 days at 4.5 % of a 31-day May = 232.5806 + 164.4677 = 397.0484
    # month 2 (01.06-30.06): penalty 3 % x 6,000 (unpaid at the month's start) = 180;
    #   interest at 4.5 % on 6,000 + (300 + 180 + 397.0484 - 400 paid) = 6,477.0484 -> 291.4672
    # interest 688.5156 -> 688.52 (706.52 if the 400.00 stayed in the base: 18.00 = 400 x 4.5 %)
    day = dt.date(2024, 5, 31)
    debt = Debt(YearMonth(2024, 3), Decimal(10000), (Payment(day, Decimal(4000)),),
                charges_paid=Decimal(400), charge_payments=(Payment(day, Decimal(400)),))
    c = compute(TR, debt, dt.date(2024, 6, 30))
    assert (c.unpaid, c.penalty, c.interest) == (Decimal(6000), Decimal("480.00"), Decimal("688.52"))
    assert (c.charges_owed, c.outstanding) == (Decimal("768.52"), Decimal("6768.52"))
    june = [s.value for s in c.trace.steps if s.name == "interest" and s.value["month"] == 2]
    assert june == [{"month": 2, "from": dt.date(2024, 6, 1), "to": dt.date(2024, 6, 30), "days": 30, "of": 30,
                     "base": Decimal("6477.05"), "rate": Decimal("0.045"), "amount": Decimal("291.47"),
                     "less_charges_paid": Decimal("400.00")}]
    unshared = compute(TR, Debt(YearMonth(2024, 3), Decimal(10000), (Payment(day, Decimal(4000)),)),
                       dt.date(2024, 6, 30))
    assert unshared.interest - c.interest == Decimal("18.00")


def test_sgk_charges_paid_inside_a_month_leave_the_base_from_the_next_day() -> None:
    # the same debt, 300.00 of charges paid on 10.06.2024 and nothing of the principal:
    # June: penalty 300; base 10,000 + 600 + 397.0484 = 10,997.0484 for 10 days, then 10,697.0484
    # for 20 days, at 4.5 % of a 30-day month: 164.9557 + 320.9115 = 485.8672
    debt = Debt(YearMonth(2024, 3), Decimal(10000), charges_paid=Decimal(300),
                charge_payments=(Payment(dt.date(2024, 6, 10), Decimal(300)),))
    c = compute(TR, debt, dt.date(2024, 6, 30))
    assert (c.penalty, c.interest) == (Decimal("600.00"), Decimal("882.92"))  # 397.0484 + 485.8672


def test_the_json_contract_takes_dated_charges_paid() -> None:
    out = compute_case(TR, {"until": "2024-06-30", "debts": [{
        "month": "2024-03", "principal": "10000.00", "paid": [{"date": "2024-05-31", "amount": "4000.00"}],
        "charges_paid": [{"date": "2024-05-31", "amount": "400.00"}]}]})
    [debt] = out["debts"]
    assert (debt["interest"], debt["charges_paid"], debt["outstanding"]) == ("688.52", "400.00", "6768.52")


def test_sso_waiver_leaves_what_was_paid_of_the_charges() -> None:
    # 1402/12 premium 1,000,000 rials, paid in full on 1403/03/10 (41 days late: 20,500 of charges),
    # 5,000 of the charges paid with it: the waiver takes the 15,500 still owed, nothing is refunded
    day = IR.calendar.parse("1403/03/10")
    debt = Debt(YearMonth(1402, 12), Decimal(1000000), (Payment(day, Decimal(1000000)),),
                charges_paid=Decimal(5000), charge_payments=(Payment(day, Decimal(5000)),))
    c = compute(IR, debt, IR.calendar.parse("1403/08/30"))
    assert (c.interest, c.waived, c.charges, c.charges_owed, c.outstanding) == (
        Decimal(20500), Decimal(15500), Decimal(5000), 0, 0)
    assert any(s.name == "waiver_limited" for s in c.trace.steps)


amounts = st.integers(min_value=1, max_value=10**7).map(lambda v: Decimal(v) / 100)
days = st.integers(min_value=0, max_value=400)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=2009, max_value=2025), st.integers(min_value=1, max_value=12), amounts,
       st.lists(st.tuples(days, amounts), max_size=3), st.lists(st.tuples(days, amounts), max_size=3), days)
def test_paying_charges_never_raises_them_nor_makes_them_negative(year: int, month: int, principal: Decimal,
                                                                   pays: list[tuple[int, Decimal]],
                                                                   charge_pays: list[tuple[int, Decimal]],
                                                                   horizon: int) -> None:
    for pack, ym in ((TR, YearMonth(year, month)), (IR, YearMonth(year - 621, month))):
        start = pack.calendar.month_bounds(ym)[0]
        paid = tuple(Payment(start + dt.timedelta(days=d), pack.currency.round(a)) for d, a in pays)
        charges = tuple(Payment(start + dt.timedelta(days=d), pack.currency.round(a)) for d, a in charge_pays)
        until = start + dt.timedelta(days=horizon)
        without = compute(pack, Debt(ym, pack.currency.round(principal), paid), until)
        c = compute(pack, Debt(ym, pack.currency.round(principal), paid, None,
                               sum((p.amount for p in charges), Decimal(0)), charges), until)
        assert c.penalty >= 0 and c.interest >= 0 and 0 <= c.waived <= c.penalty + c.interest
        assert c.penalty + c.interest <= without.penalty + without.interest
        assert c.charges_owed <= without.charges  # a waiver never refunds what was paid of the charges
        assert c.waived <= max(c.penalty + c.interest - c.charges_paid, Decimal(0))
