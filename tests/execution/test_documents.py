"""Warning notices, enforcement orders, objections, cancellations and the enforcement rate, on both
databases: gapless numbers, the notice period, four eyes, append-only records."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from branch_desktop.core.errors import PermissionDenied
from branch_desktop.core.models import check_in
from branch_desktop.core.record_verify import verify_everything
from branch_desktop.execution import services
from branch_desktop.execution.exceptions import SameOfficer, TooEarly, WrongState
from branch_desktop.execution.states import NoticeState, OrderState
from branch_desktop.revenue import services as revenue
from tests.conftest import Branch
from tests.execution.helpers import declared, pay


@pytest.fixture
def tr(make_branch) -> Branch:  # type: ignore[no-untyped-def]
    return make_branch("tr_sgk")


def test_notice_then_order_then_collection(tr: Branch) -> None:
    b, today = tr, tr.ctx.today()  # 2026-11-24
    emp, file_no, ms = declared(b, months=5)  # 2026-06 .. 2026-10
    other, other_file, _ = declared(b, 2, months=2)  # only 2026-09 overdue (24 days)
    with pytest.raises(PermissionDenied):
        services.prepare_notices(b.ctx, b.accountant, today)
    batch = services.prepare_notices(b.ctx, b.clerk, today, min_age=30)
    assert [n.file_no for n in batch] == [file_no]  # the other employer's debt is younger than 30 days
    notice = batch[0]
    assert notice.number == "2026/000001" and notice.state == NoticeState.PREPARED
    assert [str(line.month) for line in notice.lines] == ["2026-06", "2026-07", "2026-08", "2026-09"]
    assert notice.charges > 0 and notice.principal == sum(line.principal for line in notice.lines)
    assert services.prepare_notices(b.ctx, b.clerk, today, min_age=30) == []  # an open notice already
    second = services.prepare_notices(b.ctx, b.clerk, today, employers=[other_file])
    assert [n.number for n in second] == ["2026/000002"]  # gapless
    served = services.serve_notice(b.ctx, b.clerk, notice.number, today, "hand")
    assert served.escalation_from == today + dt.timedelta(days=15)  # tr_sgk: 15 days (6183 art. 55)
    with pytest.raises(WrongState):
        services.serve_notice(b.ctx, b.clerk, notice.number, today, "post")
    with pytest.raises(TooEarly) as early:
        services.issue_order(b.ctx, b.clerk, notice.number, today + dt.timedelta(days=14))
    assert early.value.params["date"] == today + dt.timedelta(days=15)
    order_day = today + dt.timedelta(days=15)
    order = services.issue_order(b.ctx, b.clerk, notice.number, order_day)
    assert order.number == "2026/000001" and order.notice_number == notice.number
    assert order.principal == notice.principal and order.amount > notice.total  # charges grew in 15 days
    assert services.get_notice(b.ctx, b.clerk, notice.number).state == NoticeState.ESCALATED
    # a payment after the transfer counts as collected through enforcement
    b.ctx.today_override = order_day + dt.timedelta(days=3)
    owed = dict(revenue.open_months(b.ctx, b.clerk, emp))
    pay(b, emp, ms[0], owed[ms[0]], "E-1")
    rate = services.enforcement_rate(b.ctx, b.clerk, 2026, 2)
    assert (rate.orders, rate.transferred) == (1, order.amount)
    assert rate.collected == b.ctx.pack.currency.from_minor(owed[ms[0]]) and 0 < rate.rate < 1
    assert services.enforcement_rate(b.ctx, b.clerk, 2026, 1).orders == 0
    # an objection suspends the escalation until a date; the debt stays
    suspended = services.object_to_order(b.ctx, b.clerk, order.number, order_day + dt.timedelta(days=4),
                                         "Paid at another branch", order_day + dt.timedelta(days=30))
    assert suspended.state == OrderState.SUSPENDED
    assert not services.may_escalate(suspended, order_day + dt.timedelta(days=30))
    assert services.may_escalate(suspended, order_day + dt.timedelta(days=31))
    assert verify_everything(b.ctx).ok
    with b.ctx.db.write() as s, pytest.raises(DBAPIError):  # notices are append-only once written
        s.execute(text("UPDATE execution_notices SET principal = 1"))


def test_cancellation_needs_a_reason_and_another_manager(tr: Branch) -> None:
    b, today = tr, tr.ctx.today()
    declared(b, months=4)
    notice = services.prepare_notices(b.ctx, b.clerk, today)[0]
    with pytest.raises(PermissionDenied):
        services.cancel_document(b.ctx, b.clerk, "notice", notice.number, "wrong employer", b.clerk)
    with pytest.raises(SameOfficer):
        services.cancel_document(b.ctx, b.manager, "notice", notice.number, "wrong employer", b.manager)
    services.cancel_document(b.ctx, b.manager, "notice", notice.number, "wrong employer", b.clerk)
    assert services.get_notice(b.ctx, b.clerk, notice.number).state == NoticeState.CANCELLED
    with pytest.raises(WrongState):
        services.serve_notice(b.ctx, b.clerk, notice.number, today, "hand")
    again = services.prepare_notices(b.ctx, b.clerk, today)  # the debt can be noticed anew
    assert again[0].number == "2026/000002"
    assert verify_everything(b.ctx).ok


def test_state_checks_match_the_enums() -> None:
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "db" / "versions" / "execution_0001.py"
    spec = importlib.util.spec_from_file_location("execution_0001", path)
    assert spec and spec.loader
    rev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rev)
    assert check_in("state", NoticeState) == rev.NOTICE_STATES
    assert check_in("state", OrderState) == rev.ORDER_STATES
