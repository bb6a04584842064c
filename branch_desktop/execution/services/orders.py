"""Enforcement orders: issued on a served notice once the notice period has run (the debt is
transferred to enforcement on that day), served, objected to (the escalation waits until a date);
cancellations with a manager's approval; the half-year enforcement rate for the reports."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_
from branch_desktop.core.records import set_state
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.execution.exceptions import (
    ExecutionInputError,
    SameOfficer,
    TooEarly,
    WrongState,
)
from branch_desktop.execution.models import (
    Cancellation,
    DebtMonth,
    Notice,
    NoticeLine,
    Objection,
    Order,
    OrderLine,
)
from branch_desktop.execution.rules.charges import compute
from branch_desktop.execution.services.charges import debts_of
from branch_desktop.execution.services.common import by_number, document_number, money, next_number
from branch_desktop.execution.services.notices import notice_row
from branch_desktop.execution.services.register import refresh
from branch_desktop.execution.services.settlement import settled_days
from branch_desktop.execution.states import NoticeState, OrderState, ServiceMethod
from branch_desktop.execution.types import DocumentLine, EnforcementRate, OrderView
from branch_desktop.revenue import queries as debts


def issue_order(ctx: BranchContext, actor: Actor, notice_number: str, on: dt.date) -> OrderView:
    """An enforcement order on a served notice whose period has run: the notice's months still owed,
    with their charges to ``on``; the notice is escalated."""
    require(actor, "execution.prepare")
    cur = ctx.pack.currency
    with ctx.db.write() as s:
        refresh(s)
        n = notice_row(s, notice_number)
        if n.state != NoticeState.SERVED or n.served_on is None:
            raise WrongState("Notice {number} is {state}; an order follows a served notice.", number=notice_number,
                             state=n.state)
        earliest = n.served_on + dt.timedelta(days=n.period_days)
        if on < earliest:
            raise TooEarly("The notice period runs until {date}; no order before then.", date=earliest)
        months = {(r.year, r.month) for r in s.scalars(select(NoticeLine).where(NoticeLine.notice_id == n.id))}
        owed = {(r.year, r.month): r.owed for r in s.scalars(select(DebtMonth).where(
            DebtMonth.employer_id == n.employer_id, DebtMonth.owed > 0)) if (r.year, r.month) in months}
        if not owed:
            raise WrongState("The months of notice {number} are paid; no order is needed.", number=notice_number,
                             state=n.state)
        charges = {(d.month.year, d.month.month): cur.to_minor(compute(ctx.pack, d, on).charges_owed)
                   for d in debts_of(ctx, s, n.employer_id) if (d.month.year, d.month.month) in owed}
        fy = ctx.pack.calendar.fiscal_year(on)
        principal = sum(owed.values())
        order = Order(fiscal_year=fy, number=next_number(s, "order", fy), employer_id=n.employer_id, notice_id=n.id,
                      issued_on=on, principal=principal, amount=principal + sum(charges.values()),
                      issued_by=actor.id, state=OrderState.ISSUED.value)
        s.add(order)
        s.flush()
        s.add_all(OrderLine(order_id=order.id, year=y, month=m, principal=v, charges=charges.get((y, m), 0))
                  for (y, m), v in sorted(owed.items()))
        set_state(s, n, actor.id, state=NoticeState.ESCALATED.value)
        audit(s, actor, "execution.order.issue", "order", document_number(fy, order.number), notice=notice_number)
        oid = order.id
    return orders_by_id(ctx, [oid])[0]


def order_row(s: Session, number: str) -> Order:
    row: Order = by_number(s, Order, number, N_("No enforcement order numbered {number}."))
    return row


def orders_by_id(ctx: BranchContext, ids: list[int]) -> list[OrderView]:
    out = []
    with ctx.db.read() as s:
        rows = list(s.scalars(select(Order).where(Order.id.in_(ids)).order_by(Order.id.desc()))) if ids else []
        refs = debts.employers(s, (o.employer_id for o in rows))
        settled: dict[int, dt.date] = {}
        for emp in {o.employer_id for o in rows if o.state == OrderState.SETTLED}:
            settled.update(settled_days(s, emp, [o.id for o in rows if o.employer_id == emp]))
        for o in rows:
            notice = s.get(Notice, o.notice_id)
            assert notice is not None
            lines = tuple(DocumentLine(month=YearMonth(r.year, r.month), due=None, principal=money(ctx, r.principal),
                                       charges=money(ctx, r.charges)) for r in s.scalars(
                select(OrderLine).where(OrderLine.order_id == o.id).order_by(OrderLine.year, OrderLine.month)))
            out.append(OrderView(
                id=o.id, number=document_number(o.fiscal_year, o.number),
                notice_number=document_number(notice.fiscal_year, notice.number), employer_id=o.employer_id,
                file_no=refs[o.employer_id].file_no, name=refs[o.employer_id].name, issued_on=o.issued_on,
                principal=money(ctx, o.principal), amount=money(ctx, o.amount), state=o.state, served_on=o.served_on,
                service_method=o.service_method, suspended_until=o.suspended_until, lines=lines,
                settled_on=settled.get(o.id)))
    return out


def list_orders(ctx: BranchContext, actor: Actor, *, state: str | None = None, limit: int = 500) -> list[OrderView]:
    """Orders, newest first (optionally in one state)."""
    require(actor, "execution.view")
    with ctx.db.write() as s:  # the register first: orders whose months were paid show as settled
        refresh(s)
    with ctx.db.read() as s:
        q = select(Order.id).order_by(Order.id.desc()).limit(limit)
        if state:
            q = q.where(Order.state == state)
        ids = list(s.scalars(q))
    return orders_by_id(ctx, ids)


def serve_order(ctx: BranchContext, actor: Actor, number: str, served_on: dt.date,
                method: ServiceMethod | str) -> OrderView:
    require(actor, "execution.prepare")
    method = ServiceMethod(method)
    with ctx.db.write() as s:
        o = order_row(s, number)
        if o.state != OrderState.ISSUED:
            raise WrongState("Order {number} is {state}; only an issued order can be served.", number=number,
                             state=o.state)
        if served_on < o.issued_on:
            raise ExecutionInputError("An order is served on or after the day it was issued.", field="served_on")
        set_state(s, o, actor.id, state=OrderState.SERVED.value, served_on=served_on, service_method=method.value)
        audit(s, actor, "execution.order.serve", "order", number, method=method.value)
        oid = o.id
    return orders_by_id(ctx, [oid])[0]


def object_to_order(ctx: BranchContext, actor: Actor, number: str, received_on: dt.date, reason: str,
                    suspended_until: dt.date) -> OrderView:
    """Record an objection: the debt stays, the escalation waits until ``suspended_until``."""
    require(actor, "execution.prepare")
    if not reason.strip():
        raise ExecutionInputError("An objection needs its reason.", field="reason")
    if suspended_until < received_on:
        raise ExecutionInputError("The suspension ends on or after the day the objection was received.",
                                  field="suspended_until")
    with ctx.db.write() as s:
        o = order_row(s, number)
        if o.state not in (OrderState.ISSUED, OrderState.SERVED):
            raise WrongState("Order {number} is {state}; an objection is to an issued or served order.",
                             number=number, state=o.state)
        s.add(Objection(order_id=o.id, received_on=received_on, reason=reason.strip()[:500],
                        suspended_until=suspended_until, recorded_by=actor.id))
        set_state(s, o, actor.id, state=OrderState.SUSPENDED.value, suspended_until=suspended_until)
        audit(s, actor, "execution.order.objection", "order", number)
        oid = o.id
    return orders_by_id(ctx, [oid])[0]


def may_escalate(order: OrderView, on: dt.date) -> bool:
    """Seizure and further steps wait while an objection suspends the order."""
    if order.state in (OrderState.SETTLED, OrderState.CANCELLED):
        return False
    return order.suspended_until is None or on > order.suspended_until


def check_cancellation(manager: Actor, requested_by: Actor, reason: str) -> None:
    """Four eyes: asked by an officer, approved by a manager who is someone else, with a reason."""
    require(manager, "execution.approve")
    require(requested_by, "execution.prepare")
    if manager.id == requested_by.id:
        raise SameOfficer("The manager who approves a cancellation is not the one who asks for it.")
    if not reason.strip():
        raise ExecutionInputError("A cancellation needs its reason.", field="reason")


def cancel_document(ctx: BranchContext, manager: Actor, document: str, number: str, reason: str,
                    requested_by: Actor) -> None:
    """Cancel a notice or an order: a new record with the reason, asked by an officer and approved by
    a manager (never the same person); the document's state becomes ``cancelled``."""
    check_cancellation(manager, requested_by, reason)
    with ctx.db.write() as s:
        row: Notice | Order = notice_row(s, number) if document == "notice" else order_row(s, number)
        final = (NoticeState.CANCELLED, NoticeState.SETTLED, NoticeState.ESCALATED, OrderState.SETTLED)
        if row.state in final:
            raise WrongState("{number} is {state} and cannot be cancelled.", number=number, state=row.state)
        s.add(Cancellation(document=document, document_id=row.id, reason=reason.strip()[:500],
                           requested_by=requested_by.id, approved_by=manager.id))
        set_state(s, row, manager.id, state="cancelled")
        audit(s, manager, "execution.cancel", document, number, requested_by=requested_by.username)


def half_year(ctx: BranchContext, year: int, half: int) -> tuple[dt.date, dt.date]:
    """The pack calendar's half-year (1: months 1-6, 2: months 7-12), as the KPI is measured."""
    if half not in (1, 2):
        raise ExecutionInputError("The half-year is 1 or 2.", field="half")
    cal = ctx.pack.calendar
    first = YearMonth(year, 1 if half == 1 else 7)
    return cal.month_bounds(first)[0], cal.month_bounds(YearMonth(year, 6 if half == 1 else 12))[1]


def enforcement_rate(ctx: BranchContext, actor: Actor, year: int, half: int) -> EnforcementRate:
    """Collected through enforcement / transferred to enforcement for the orders issued in a
    half-year: the denominator is each order's amount on its issue day, the numerator what was
    paid on its months after that day, up to the half-year's end (at most the order's amount)."""
    start, end = half_year(ctx, year, half)
    return enforcement_between(ctx, actor, start, end)


def enforcement_between(ctx: BranchContext, actor: Actor, start: dt.date, end: dt.date) -> EnforcementRate:
    """:func:`enforcement_rate` for the orders issued from ``start`` to ``end``."""
    require(actor, "execution.view")
    transferred = collected = count = 0
    with ctx.db.read() as s:
        orders = s.scalars(select(Order).where(Order.issued_on >= start, Order.issued_on <= end,
                                               Order.state != OrderState.CANCELLED.value))
        for o in orders:
            months = [(r.year, r.month) for r in s.scalars(select(OrderLine).where(OrderLine.order_id == o.id))]
            paid = debts.collected_after(s, o.employer_id, months, o.issued_on, end)
            transferred += o.amount
            collected += min(max(paid, 0), o.amount)
            count += 1
    return EnforcementRate(start=start, end=end, transferred=money(ctx, transferred),
                           collected=money(ctx, collected), orders=count)
