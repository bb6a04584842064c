"""Seizure requests to banks: under an enforcement order that an objection does not suspend, a
numbered request (gapless per fiscal year, a chained legal record) naming the bank, the order and
the amount still owed under it (the order's months still owed with their charges). The bank's
reply (the day, the amount seized or none, its reference) and a cancellation (a reason, asked by an
officer and approved by a manager) are new records of their own; a request takes one or the other."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.i18n import N_
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.execution.exceptions import ExecutionInputError, TooEarly, WrongState
from branch_desktop.execution.models import (
    Cancellation,
    DebtMonth,
    Order,
    OrderLine,
    SeizureReply,
    SeizureRequest,
)
from branch_desktop.execution.services.common import by_number, document_number, money, next_number
from branch_desktop.execution.services.orders import check_cancellation, order_row
from branch_desktop.execution.services.register import refresh
from branch_desktop.execution.states import OrderState, SeizureState
from branch_desktop.execution.types import SeizureView
from branch_desktop.revenue import queries as debts


def request_seizure(ctx: BranchContext, actor: Actor, order_number: str, bank: str, on: dt.date) -> SeizureView:
    """A seizure request to ``bank`` under the order: refused for a cancelled or settled order, while
    an objection suspends it, and when its months are paid."""
    require(actor, "execution.prepare")
    bank = _one_line(bank, "bank", 120, N_("A seizure request names the bank."),
                     N_("The bank's name is at most {count} characters."))
    with ctx.db.write() as s:
        refresh(s)
        o = order_row(s, order_number)
        if o.state in (OrderState.CANCELLED, OrderState.SETTLED):
            raise WrongState("Order {number} is {state}; no seizure under it.", number=order_number, state=o.state)
        if on < o.issued_on:
            raise ExecutionInputError("A seizure request is made on or after the order's date.", field="date")
        if o.suspended_until is not None and on <= o.suspended_until:
            raise TooEarly("An objection suspends order {number} until {date}; no seizure before then.",
                           number=order_number, date=o.suspended_until)
        lines = {(r.year, r.month): r.charges for r in s.scalars(select(OrderLine).where(OrderLine.order_id == o.id))}
        owed = [(r.owed, lines[(r.year, r.month)]) for r in s.scalars(select(DebtMonth).where(
            DebtMonth.employer_id == o.employer_id, DebtMonth.owed > 0)) if (r.year, r.month) in lines]
        amount = sum(p + c for p, c in owed)
        if amount <= 0:
            raise WrongState("The months of order {number} are paid; no seizure is needed.", number=order_number,
                             state=o.state)
        fy = ctx.pack.calendar.fiscal_year(on)
        row = SeizureRequest(fiscal_year=fy, number=next_number(s, "seizure", fy), order_id=o.id,
                             employer_id=o.employer_id, bank=bank, amount=amount, requested_on=on,
                             requested_by=actor.id)
        s.add(row)
        s.flush()
        audit(s, actor, "execution.seizure.request", "seizure", document_number(fy, row.number), order=order_number,
              bank=bank)
        rid = row.id
    return _views(ctx, [rid])[0]


def reply_to_seizure(ctx: BranchContext, actor: Actor, number: str, replied_on: dt.date, seized: Decimal,
                     reference: str) -> SeizureView:
    """Record the bank's reply to a request: the day, the amount it seized (0: nothing, at most the
    amount asked) and its reference. Once, and not for a cancelled request."""
    require(actor, "execution.prepare")
    reference = _one_line(reference, "reference", 60, N_("The bank's reply has its reference."),
                          N_("The bank's reference is at most {count} characters."))
    if seized < 0:
        raise ExecutionInputError("The amount seized is zero or more.", field="seized")
    seized_minor = ctx.pack.currency.to_minor(seized)
    with ctx.db.write() as s:
        r = _open_request(s, number)
        if replied_on < r.requested_on:
            raise ExecutionInputError("The bank replies on or after the day of the request.", field="date")
        if seized_minor > r.amount:
            raise ExecutionInputError("The bank cannot seize more than the {amount} asked.", field="seized",
                                      amount=money(ctx, r.amount))
        s.add(SeizureReply(seizure_id=r.id, replied_on=replied_on, seized=seized_minor, reference=reference,
                           recorded_by=actor.id))
        audit(s, actor, "execution.seizure.reply", "seizure", number, seized=seized_minor, reference=reference)
        rid = r.id
    return _views(ctx, [rid])[0]


def cancel_seizure(ctx: BranchContext, manager: Actor, number: str, reason: str, requested_by: Actor) -> SeizureView:
    """Cancel a request the bank has not answered: a new record with the reason, asked by an officer
    and approved by a manager (never the same person), as a notice's or an order's cancellation."""
    check_cancellation(manager, requested_by, reason)
    with ctx.db.write() as s:
        r = _open_request(s, number)
        s.add(Cancellation(document="seizure", document_id=r.id, reason=reason.strip()[:500],
                           requested_by=requested_by.id, approved_by=manager.id))
        audit(s, manager, "execution.cancel", "seizure", number, requested_by=requested_by.username)
        rid = r.id
    return _views(ctx, [rid])[0]


def _one_line(text: str, field: str, limit: int, empty: str, long: str) -> str:
    """A typed name or reference on one line, neither empty nor longer than ``limit``."""
    text = " ".join(text.split())
    if not text:
        raise ExecutionInputError(empty, field=field)
    if len(text) > limit:
        raise ExecutionInputError(long, field=field, count=limit)
    return text


def _open_request(s: Session, number: str) -> SeizureRequest:
    """The request numbered ``number``, locked; refused once answered or cancelled."""
    found: SeizureRequest = by_number(s, SeizureRequest, number, N_("No seizure request numbered {number}."))
    r = s.get(SeizureRequest, found.id, with_for_update=True)
    assert r is not None
    state = _states(s, [r.id])[r.id][0]
    if state != SeizureState.REQUESTED:
        raise WrongState("Seizure request {number} is {state}; it was answered or cancelled already.",
                         number=number, state=state)
    return r


def _states(s: Session, ids: Sequence[int]) -> dict[int, tuple[SeizureState, SeizureReply | None, str]]:
    """Each request's state, the bank's reply and the cancellation's reason."""
    replies = {r.seizure_id: r for r in s.scalars(select(SeizureReply).where(SeizureReply.seizure_id.in_(ids)))}
    cancelled = {i: reason for i, reason in s.execute(select(Cancellation.document_id, Cancellation.reason).where(
        Cancellation.document == "seizure", Cancellation.document_id.in_(ids)))}
    return {i: (SeizureState.CANCELLED if i in cancelled else SeizureState.ANSWERED if i in replies
                else SeizureState.REQUESTED, replies.get(i), cancelled.get(i, "")) for i in ids}


def recent_seizures(ctx: BranchContext, actor: Actor, limit: int = 200) -> list[SeizureView]:
    """The latest seizure requests, newest first, with their state and the bank's reply."""
    require(actor, "execution.view")
    with ctx.db.read() as s:
        ids = list(s.scalars(select(SeizureRequest.id).order_by(SeizureRequest.id.desc()).limit(limit)))
    return sorted(_views(ctx, ids), key=lambda v: -v.id)


def list_seizures(ctx: BranchContext, actor: Actor, on: dt.date) -> list[SeizureView]:
    """The seizure requests of a day, in number order."""
    require(actor, "execution.view")
    with ctx.db.read() as s:
        ids = list(s.scalars(select(SeizureRequest.id).where(SeizureRequest.requested_on == on)
                             .order_by(SeizureRequest.fiscal_year, SeizureRequest.number)))
    return _views(ctx, ids)


def _views(ctx: BranchContext, ids: Sequence[int]) -> list[SeizureView]:
    out: list[SeizureView] = []
    with ctx.db.read() as s:
        for i in range(0, len(ids), 900):
            rows = s.execute(select(SeizureRequest, Order).join(Order, Order.id == SeizureRequest.order_id)
                             .where(SeizureRequest.id.in_(ids[i:i + 900]))).all()
            refs = debts.employers(s, (r.employer_id for r, _o in rows))
            states = _states(s, [r.id for r, _o in rows])
            out += [SeizureView(id=r.id, number=document_number(r.fiscal_year, r.number),
                                order_number=document_number(o.fiscal_year, o.number), employer_id=r.employer_id,
                                file_no=refs[r.employer_id].file_no, name=refs[r.employer_id].name, bank=r.bank,
                                amount=money(ctx, r.amount), requested_on=r.requested_on, state=state.value,
                                replied_on=reply.replied_on if reply else None,
                                seized=money(ctx, reply.seized) if reply else None,
                                bank_reference=reply.reference if reply else "", cancel_reason=reason)
                    for r, o in rows for state, reply, reason in (states[r.id],)]
    return sorted(out, key=lambda v: v.number)
