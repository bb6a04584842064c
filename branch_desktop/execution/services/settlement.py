"""Notices settled by payment: when the register sees every month of an open (prepared or served)
notice paid in full, the notice becomes ``settled`` through ``set_state`` (a chained event with no
user: the register did it)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from branch_desktop.core.records import set_state
from branch_desktop.execution.models import DebtMonth, Notice, NoticeLine
from branch_desktop.execution.states import NoticeState

OPEN = (NoticeState.PREPARED.value, NoticeState.SERVED.value)
_CHUNK = 900


def settle_paid(s: Session, employers: Sequence[int] | None) -> int:
    """Settle the open notices (of ``employers``; None: of everyone) whose months are all paid;
    returns how many were settled."""
    q = select(Notice).where(Notice.state.in_(OPEN)).order_by(Notice.id)
    chunks = [q] if employers is None else [q.where(Notice.employer_id.in_(employers[i:i + _CHUNK]))
                                             for i in range(0, len(employers), _CHUNK)]
    settled = 0
    for chunk in chunks:
        notices = list(s.scalars(chunk))
        if not notices:
            continue
        ids = [n.id for n in notices]
        months: dict[int, set[tuple[int, int]]] = {}
        for line in s.scalars(select(NoticeLine).where(NoticeLine.notice_id.in_(ids))):
            months.setdefault(line.notice_id, set()).add((line.year, line.month))
        emps = list({n.employer_id for n in notices})
        owing = {(r.employer_id, r.year, r.month) for r in s.execute(
            select(DebtMonth.employer_id, DebtMonth.year, DebtMonth.month).where(
                DebtMonth.employer_id.in_(emps), DebtMonth.owed > 0))}
        for n in notices:
            if not any((n.employer_id, y, m) in owing for y, m in months.get(n.id, ())):
                set_state(s, n, None, state=NoticeState.SETTLED.value)
                settled += 1
    return settled
