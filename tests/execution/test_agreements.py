"""Instalment agreements: the schedule always sums to the debt (property), the pack's limits, the
down payment counted, the default after the pack's number of missed instalments with the charges
recomputed from the original due dates (both databases)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from branch_desktop.core.packs import load_pack
from branch_desktop.core.record_verify import verify_everything
from branch_desktop.execution import services
from branch_desktop.execution.documents import agreement_pdf
from branch_desktop.execution.exceptions import ExecutionInputError, WrongState
from branch_desktop.execution.rules.agreements import missed, schedule
from branch_desktop.execution.states import AgreementState
from branch_desktop.revenue import services as revenue
from tests.conftest import Branch
from tests.execution.helpers import declared, pay

TR, IR = load_pack("tr_sgk"), load_pack("ir_sso")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2, max_value=10**13), st.integers(min_value=0, max_value=99), st.integers(1, 36),
       st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_a_schedule_always_sums_to_its_debt(total: int, down_share: int, count: int, on: dt.date) -> None:
    down = total * down_share // 100
    for pack in (TR, IR):
        plan = schedule(pack, on, total, down, count)
        assert sum(i.amount for i in plan) == total
        assert all(i.amount >= 0 for i in plan) and [i.due for i in plan] == sorted(i.due for i in plan)
        assert missed(plan, total, on + dt.timedelta(days=3000)) == 0


@pytest.fixture
def tr(make_branch) -> Branch:  # type: ignore[no-untyped-def]
    return make_branch("tr_sgk")


def test_agreement_limits_payment_and_default(tr: Branch) -> None:
    b, today = tr, tr.ctx.today()
    emp, file_no, ms = declared(b, months=5)
    with pytest.raises(ExecutionInputError) as err:
        services.new_agreement(b.ctx, b.clerk, file_no, today, instalments=37, down_payment=Decimal(1000))
    assert err.value.field == "instalments"
    a = services.new_agreement(b.ctx, b.clerk, file_no, today, instalments=3, down_payment=Decimal(1000))
    assert a.number == "2026/000001" and a.state == AgreementState.ACTIVE and a.charges > 0
    assert sum(i.amount for i in a.instalments) == a.principal + a.charges
    assert [i.seq for i in a.instalments] == [0, 1, 2, 3] and a.missed == 0
    with pytest.raises(WrongState):
        services.new_agreement(b.ctx, b.clerk, file_no, today, instalments=3, down_payment=Decimal(1000))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(agreement_pdf(a, b.ctx.info, "en"))).pages)
    assert "Instalment agreement" in text and "Down payment" in text and "3 instalments" in text
    assert len(PdfReader(io.BytesIO(agreement_pdf(a, b.ctx.info, "fa"))).pages) == 1  # right to left, Jalali
    assert services.prepare_notices(b.ctx, b.clerk, today, employers=[file_no]) == []  # under an agreement
    pay(b, emp, ms[0], 100_000, "DOWN-1")  # the down payment, 1,000.00
    status = services.agreement_status(b.ctx, b.clerk, a.number, today)
    assert status.paid == Decimal(1000) and status.instalments[0].paid and not status.instalments[1].paid
    later = b.ctx.pack.calendar.add_months(today, 2) + dt.timedelta(days=1)
    assert services.agreement_status(b.ctx, b.clerk, a.number, later).missed == 2
    assert services.check_agreements(b.ctx, b.clerk, later) == []  # tr_sgk defaults after 3 missed
    final = b.ctx.pack.calendar.add_months(today, 3) + dt.timedelta(days=1)
    [defaulted] = services.check_agreements(b.ctx, b.clerk, final)
    assert defaulted.state == AgreementState.DEFAULTED and defaulted.ended_on == final
    assert defaulted.recomputed_charges is not None and defaulted.recomputed_charges > a.charges
    changed = {c["month"]: c for c in defaulted.changes}
    oldest = changed[str(ms[0])]
    assert oldest["after"] > oldest["before"] and oldest["trace"].steps  # type: ignore[attr-defined,operator]
    assert services.prepare_notices(b.ctx, b.clerk, final, employers=[file_no])  # back to enforcement
    assert revenue.open_months(b.ctx, b.clerk, emp)
    assert verify_everything(b.ctx).ok
