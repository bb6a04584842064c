"""Notices and enforcement orders settled by payment: when the register sees every month of an open
notice (prepared or served) or of an open order (issued, served or suspended by an objection) paid
in full, it becomes ``settled`` through ``set_state`` (a chained event with no user: the register
did it). The principal settles a document, as it transfers the debt; charges still owed on its
months stay in the employer's charges (``charge compute``). An order's settled day is the receipt
date of the payment that cleared it (:func:`settled_days`), not the day the register saw it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from branch_desktop.core.models import RecordEvent
from branch_desktop.core.records import set_state
from branch_desktop.execution.models import DebtMonth, Notice, NoticeLine, Order, OrderLine
from branch_desktop.execution.states import NoticeState, OrderState
from branch_desktop.revenue import queries as debts

OPEN = (NoticeState.PREPARED.value, NoticeState.SERVED.value)
OPEN_ORDERS = (OrderState.ISSUED.value, OrderState.SERVED.value, OrderState.SUSPENDED.value)
_CHUNK = 900


def settle_paid(s: Session, employers: Sequence[int] | None) -> int:
    """Settle the open notices and orders (of ``employers``; None: of everyone) whose months are all
    paid; returns how many were settled."""
    return (_settle(s, Notice, NoticeLine, NoticeLine.notice_id, OPEN, NoticeState.SETTLED, employers)
            + _settle(s, Order, OrderLine, OrderLine.order_id, OPEN_ORDERS, OrderState.SETTLED, employers))


def _settle(s: Session, model: type[Notice] | type[Order], line: type[NoticeLine] | type[OrderLine], parent: Any,
            open_states: tuple[str, ...], settled: NoticeState | OrderState, employers: Sequence[int] | None) -> int:
    q = select(model).where(model.state.in_(open_states)).order_by(model.id)
    chunks = [q] if employers is None else [q.where(model.employer_id.in_(employers[i:i + _CHUNK]))
                                             for i in range(0, len(employers), _CHUNK)]
    count = 0
    for chunk in chunks:
        documents: list[Notice | Order] = list(s.scalars(chunk))
        if not documents:
            continue
        months: dict[int, set[tuple[int, int]]] = {}
        for doc_id, year, month in s.execute(select(parent, line.year, line.month).where(
                parent.in_([d.id for d in documents]))):
            months.setdefault(doc_id, set()).add((year, month))
        emps = list({d.employer_id for d in documents})
        owing = {(r.employer_id, r.year, r.month) for r in s.execute(
            select(DebtMonth.employer_id, DebtMonth.year, DebtMonth.month).where(
                DebtMonth.employer_id.in_(emps), DebtMonth.owed > 0))}
        for d in documents:
            if not any((d.employer_id, y, m) in owing for y, m in months.get(d.id, ())):
                set_state(s, d, None, state=settled.value)
                count += 1
    return count


def settled_days(s: Session, employer_id: int, order_ids: list[int]) -> dict[int, dt.date]:
    """The day each of these orders was settled: the receipt date of the payment that cleared its
    months (the last one entered before the register saw them paid), not the day the register saw
    it; that day only if no such receipt is found."""
    events = {order_id: at for order_id, at in s.execute(select(RecordEvent.record_id, RecordEvent.at).where(
        RecordEvent.kind == "execution.order", RecordEvent.field == "state",
        RecordEvent.new_value == OrderState.SETTLED.value, RecordEvent.record_id.in_(order_ids)))}
    months: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for order_id, year, month in s.execute(select(OrderLine.order_id, OrderLine.year, OrderLine.month).where(
            OrderLine.order_id.in_(list(events)))):
        months[order_id].add((year, month))
    return {order_id: debts.last_payment_day(s, employer_id, months[order_id], at) or at.date()
            for order_id, at in events.items()}
