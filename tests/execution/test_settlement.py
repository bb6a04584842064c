"""Notices settled by payment on both databases: once the register sees every month of an open
notice paid in full, the notice is settled through a chained state event (shown in the list)."""

from __future__ import annotations

from sqlalchemy import text

from branch_desktop.core.record_verify import verify_everything
from branch_desktop.execution import services
from branch_desktop.execution.states import NoticeState
from branch_desktop.revenue import services as revenue
from tests.conftest import Branch
from tests.execution.helpers import declared, ordered, pay


def test_a_notice_paid_in_full_is_settled(make_branch) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch("tr_sgk")
    emp, file_no, _ms = declared(b, months=3)
    other, other_file, _ = declared(b, 2, months=3)
    today = b.ctx.today()
    notices = {n.file_no: n for n in services.prepare_notices(b.ctx, b.clerk, today)}
    mine, theirs = notices[file_no], notices[other_file]
    services.serve_notice(b.ctx, b.clerk, mine.number, today, "hand")
    months = [line.month for line in mine.lines]
    owed = dict(revenue.open_months(b.ctx, b.clerk, emp))
    pay(b, emp, months[0], owed[months[0]], "S-1")  # part of the notice's months: still open
    states = {n.number: n.state for n in services.list_notices(b.ctx, b.accountant)}
    assert states[mine.number] == NoticeState.SERVED and states[theirs.number] == NoticeState.PREPARED
    for i, month in enumerate(months[1:], start=2):
        pay(b, emp, month, owed[month], f"S-{i}")
    states = {n.number: n.state for n in services.list_notices(b.ctx, b.accountant)}
    assert states[mine.number] == NoticeState.SETTLED  # every month paid
    assert states[theirs.number] == NoticeState.PREPARED  # the other employer paid nothing
    with b.ctx.db.read() as s:
        events = s.execute(text("SELECT field, old_value, new_value, user_id FROM record_events "
                                "WHERE kind = 'execution.notice' AND record_id = :i ORDER BY id"),
                           {"i": mine.id}).all()
    assert [tuple(e[:3]) for e in events][-1] == ("state", "served", "settled") and events[-1][3] is None
    assert verify_everything(b.ctx).ok
    # a settled notice is not settled again, and a new debt gets a new notice
    assert services.prepare_notices(b.ctx, b.clerk, today, employers=[file_no]) == []  # nothing overdue now
    other_owed = dict(revenue.open_months(b.ctx, b.clerk, other))
    for i, (month, amount) in enumerate(sorted(other_owed.items())):
        pay(b, other, month, amount, f"T-{i}")
    assert {n.number: n.state for n in services.list_notices(b.ctx, b.clerk)}[theirs.number] == NoticeState.SETTLED


def test_an_order_paid_in_full_is_settled(make_branch) -> None:  # type: ignore[no-untyped-def]
    """Issued, served or suspended by an objection: an order whose months are all paid is settled
    through a chained state event with no user; shown in the list and the debt file; no seizure then."""
    import datetime as dt

    import pytest

    from branch_desktop.execution.exceptions import WrongState
    from branch_desktop.execution.states import OrderState, TimelineEvent

    b: Branch = make_branch("ir_sso")
    emp, file_no, _ms = declared(b, months=3)
    _notice, order, day = ordered(b, file_no)
    services.object_to_order(b.ctx, b.clerk, order.number, day, "wages disputed", day + dt.timedelta(days=5))
    owed = dict(revenue.open_months(b.ctx, b.clerk, emp))
    months = [line.month for line in order.lines]
    assert len(months) >= 2
    for i, month in enumerate(months[:-1]):
        pay(b, emp, month, owed[month], f"O-{i}")
    states = {o.number: o.state for o in services.list_orders(b.ctx, b.accountant)}
    assert states[order.number] == OrderState.SUSPENDED  # a month still owed
    pay(b, emp, months[-1], owed[months[-1]], "O-last")
    states = {o.number: o.state for o in services.list_orders(b.ctx, b.accountant)}
    assert states[order.number] == OrderState.SETTLED
    with b.ctx.db.read() as s:
        events = s.execute(text("SELECT field, old_value, new_value, user_id FROM record_events "
                                "WHERE kind = 'execution.order' AND record_id = :i ORDER BY id"),
                           {"i": order.id}).all()
    assert tuple(events[-1]) == ("state", "suspended", "settled", None)
    steps = [(r.event, r.reference) for r in services.debt_file(b.ctx, b.accountant, file_no).rows]
    assert (TimelineEvent.ORDER_SETTLED, order.number) in steps
    with pytest.raises(WrongState):
        services.request_seizure(b.ctx, b.clerk, order.number, "Bank", day + dt.timedelta(days=6))
    assert verify_everything(b.ctx).ok


def test_an_order_is_settled_on_the_day_of_the_payment_that_cleared_it(make_branch) -> None:  # type: ignore[no-untyped-def]
    """The settled day is the receipt date of the payment that cleared the order's months (the
    latest of them, whichever was entered last), not the day the register noticed it."""
    import datetime as dt

    from branch_desktop.execution.states import OrderState, TimelineEvent

    b: Branch = make_branch("tr_sgk")
    emp, file_no, _ms = declared(b, months=3)
    _notice, order, day = ordered(b, file_no)
    b.ctx.today_override = day + dt.timedelta(days=30)  # the register looks a month later
    owed = dict(revenue.open_months(b.ctx, b.clerk, emp))
    months = [line.month for line in order.lines]
    assert len(months) >= 2
    paid_on = [day + dt.timedelta(days=9)] + [day + dt.timedelta(days=2)] * (len(months) - 1)
    for i, (month, on) in enumerate(zip(months, paid_on, strict=True)):  # the later-dated receipt entered first
        pay(b, emp, month, owed[month], f"D-{i}", on=on)
    [view] = [o for o in services.list_orders(b.ctx, b.accountant) if o.number == order.number]
    assert view.state == OrderState.SETTLED and view.settled_on == day + dt.timedelta(days=9)
    settled = [r.day for r in services.debt_file(b.ctx, b.accountant, file_no).rows
               if (r.event, r.reference) == (TimelineEvent.ORDER_SETTLED, order.number)]
    assert settled == [day + dt.timedelta(days=9)]
    assert [o.settled_on for o in services.list_orders(b.ctx, b.accountant) if o.number != order.number] == []
