"""The charges computed without a trace (what the counter and the accruals use) equal those
computed with one, for random months, payments (voids and bounced cheques among them), charges
paid at the counter and enforcement orders; a charge's trace, written when first read, is the
trace a recording run writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.trace import NoTrace, Trace
from branch_desktop.execution.rules import charges
from branch_desktop.execution.rules.charges import Debt, Payment, compute
from tests.execution.test_charge_rules import IR, TR, _both, _units

amounts = st.decimals(min_value=Decimal("-500000"), max_value=Decimal("1000000"), places=2).filter(bool)
days = st.integers(min_value=0, max_value=2500)
months = st.builds(YearMonth, st.integers(min_value=2009, max_value=2025), st.integers(min_value=1, max_value=12))
FIELDS = ("month", "due", "principal", "paid", "unpaid", "penalty", "interest", "waived", "charges_paid",
          "charges", "charges_owed", "outstanding")


def _figures(c: charges.Charge) -> tuple[object, ...]:
    return tuple(getattr(c, f) for f in FIELDS)


@settings(max_examples=300, deadline=None)
@given(months, amounts.map(abs), st.lists(st.tuples(days, amounts), max_size=5),
       st.lists(st.tuples(days, amounts.map(abs)), max_size=3), st.one_of(st.none(), days), days)
def test_amounts_are_the_same_with_and_without_a_trace(ym: YearMonth, principal: Decimal,
                                                        pays: list[tuple[int, Decimal]],
                                                        charge_pays: list[tuple[int, Decimal]],
                                                        order: int | None, horizon: int) -> None:
    for pack, m in _both(ym):
        start = pack.calendar.month_bounds(m)[0]
        paid = tuple(Payment(start + dt.timedelta(days=d), pack.currency.round(a)) for d, a in pays)
        dated = tuple(Payment(start + dt.timedelta(days=d), _units(pack, a)) for d, a in charge_pays)
        debt = Debt(m, _units(pack, principal), paid,
                    order_date=None if order is None else start + dt.timedelta(days=order),
                    charges_paid=sum((p.amount for p in dated), Decimal(0)), charge_payments=dated)
        until = start + dt.timedelta(days=horizon)
        plain = compute(pack, debt, until)
        untraced = charges._compute(pack, debt, until, NoTrace())
        traced = charges._compute(pack, debt, until, Trace())
        assert _figures(plain) == _figures(untraced) == _figures(traced)
        assert plain.traced is None and traced.traced is not None
        assert plain.trace.steps == traced.trace.steps and traced.trace.steps
        assert plain.traced is plain.trace  # written once, kept


def test_a_read_trace_names_the_figures_and_a_no_trace_keeps_nothing() -> None:
    debt = Debt(YearMonth(2024, 3), Decimal(10000), (Payment(dt.date(2024, 6, 15), Decimal(10000)),))
    c = compute(TR, debt, dt.date(2024, 6, 30))
    names = [s.name for s in c.trace.steps]
    assert names[:2] == ["due", "month"] and names.count("penalty") == 2 and names[-1] == "outstanding"
    nothing = NoTrace()
    assert nothing.figure("x", 5) == 5 and nothing.condition("y", False) is False and nothing.steps == []
    assert compute(IR, Debt(YearMonth(1403, 1), Decimal(1000)), dt.date(2024, 1, 1)).trace.steps
