"""Seizure requests to banks: under an enforcement order that an objection does not suspend, a
numbered request (gapless per fiscal year, a chained legal record) naming the bank, the order and
the amount still owed under it (the order's months still owed with their charges)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.execution.exceptions import ExecutionInputError, TooEarly, WrongState
from branch_desktop.execution.models import DebtMonth, Order, OrderLine, SeizureRequest
from branch_desktop.execution.services.common import document_number, money, next_number
from branch_desktop.execution.services.orders import order_row
from branch_desktop.execution.services.register import refresh
from branch_desktop.execution.states import OrderState
from branch_desktop.execution.types import SeizureView
from branch_desktop.revenue import queries as debts


def request_seizure(ctx: BranchContext, actor: Actor, order_number: str, bank: str, on: dt.date) -> SeizureView:
    """A seizure request to ``bank`` under the order: refused for a cancelled or settled order, while
    an objection suspends it, and when its months are paid."""
    require(actor, "execution.prepare")
    bank = " ".join(bank.split())
    if not bank:
        raise ExecutionInputError("A seizure request names the bank.", field="bank")
    if len(bank) > 120:
        raise ExecutionInputError("The bank's name is at most {count} characters.", field="bank", count=120)
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
            out += [SeizureView(id=r.id, number=document_number(r.fiscal_year, r.number),
                                order_number=document_number(o.fiscal_year, o.number), employer_id=r.employer_id,
                                file_no=refs[r.employer_id].file_no, name=refs[r.employer_id].name, bank=r.bank,
                                amount=money(ctx, r.amount), requested_on=r.requested_on) for r, o in rows]
    return sorted(out, key=lambda v: v.number)
