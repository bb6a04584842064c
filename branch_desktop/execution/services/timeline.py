"""An employer's debt file as a timeline: notices and their service, orders, their service and
their settlement, objections, seizure requests with the bank's reply or their cancellation,
agreements and their end, and the payments to the premium months, in date order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.security import Actor, require
from branch_desktop.execution.models import (
    Agreement,
    Cancellation,
    Notice,
    Objection,
    Order,
    SeizureReply,
    SeizureRequest,
)
from branch_desktop.execution.services.common import document_number, employer, money
from branch_desktop.execution.services.register import refresh
from branch_desktop.execution.services.settlement import settled_days
from branch_desktop.execution.states import OrderState, TimelineEvent
from branch_desktop.execution.types import DebtFile, TimelineRow
from branch_desktop.revenue import queries as debts

_ORDER = {e.value: i for i, e in enumerate(TimelineEvent)}


def debt_file(ctx: BranchContext, actor: Actor, file_no: str) -> DebtFile:
    """The employer's debt file timeline (a day's steps in the order a file runs: notice, service,
    order, ..., payment)."""
    require(actor, "execution.view")
    rows: list[TimelineRow] = []
    with ctx.db.write() as s:  # the register first: orders whose months were paid show as settled
        refresh(s)
    with ctx.db.read() as s:
        ref = employer(s, file_no)
        E = TimelineEvent  # noqa: N806 - a short alias for the rows below
        for n in s.scalars(select(Notice).where(Notice.employer_id == ref.id)):
            number = document_number(n.fiscal_year, n.number)
            rows.append(_row(n.prepared_on, E.NOTICE, number, money(ctx, n.principal + n.charges), n.state))
            if n.served_on:
                rows.append(_row(n.served_on, E.NOTICE_SERVED, number, None, n.service_method or ""))
        orders = list(s.scalars(select(Order).where(Order.employer_id == ref.id)))
        numbers = {o.id: document_number(o.fiscal_year, o.number) for o in orders}
        for o in orders:
            rows.append(_row(o.issued_on, E.ORDER, numbers[o.id], money(ctx, o.amount), o.state))
            if o.served_on:
                rows.append(_row(o.served_on, E.ORDER_SERVED, numbers[o.id], None, o.service_method or ""))
        if numbers:
            for ob in s.scalars(select(Objection).where(Objection.order_id.in_(list(numbers)))):
                rows.append(TimelineRow(day=ob.received_on, event=E.OBJECTION.value, reference=numbers[ob.order_id],
                                        month=None, amount=None, detail=ob.reason, until=ob.suspended_until))
            for order_id, day in settled_days(s, ref.id, list(numbers)).items():
                rows.append(_row(day, E.ORDER_SETTLED, numbers[order_id], None, OrderState.SETTLED.value))
        seizures = {r.id: r for r in s.scalars(select(SeizureRequest).where(SeizureRequest.employer_id == ref.id))}
        for r in seizures.values():
            rows.append(_row(r.requested_on, E.SEIZURE, document_number(r.fiscal_year, r.number),
                             money(ctx, r.amount), r.bank))
        if seizures:
            for reply in s.scalars(select(SeizureReply).where(SeizureReply.seizure_id.in_(list(seizures)))):
                r = seizures[reply.seizure_id]
                rows.append(_row(reply.replied_on, E.SEIZURE_REPLY, document_number(r.fiscal_year, r.number),
                                 money(ctx, reply.seized), reply.reference))
            for c in s.scalars(select(Cancellation).where(Cancellation.document == "seizure",
                                                          Cancellation.document_id.in_(list(seizures)))):
                r = seizures[c.document_id]
                rows.append(_row(c.cancelled_at.date(), E.SEIZURE_CANCELLED, document_number(r.fiscal_year, r.number),
                                 None, c.reason))
        for a in s.scalars(select(Agreement).where(Agreement.employer_id == ref.id)):
            number = document_number(a.fiscal_year, a.number)
            rows.append(_row(a.agreed_on, E.AGREEMENT, number, money(ctx, a.principal + a.charges), a.state))
            if a.ended_on:
                rows.append(_row(a.ended_on, E.AGREEMENT_ENDED, number, None, a.state))
        for year, month, day, amount in debts.payments(s, ref.id):
            rows.append(TimelineRow(day=day, event=E.PAYMENT.value, reference="", month=YearMonth(year, month),
                                    amount=money(ctx, amount), detail=""))
    rows.sort(key=lambda r: (r.day, _ORDER[r.event], r.reference))
    return DebtFile(file_no=ref.file_no, name=ref.name, rows=tuple(rows))


def _row(day: dt.date, event: TimelineEvent, reference: str, amount: Decimal | None, detail: str) -> TimelineRow:
    return TimelineRow(day=day, event=event.value, reference=reference, month=None, amount=amount, detail=detail)
