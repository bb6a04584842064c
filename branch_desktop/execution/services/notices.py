"""Warning notices: prepared in a batch for the debts chosen by age, amount and employer (one per
employer, with its overdue months and their charges), numbered gapless per fiscal year, then served
on a date by a method. Nothing is escalated before the pack's notice period has run from service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_
from branch_desktop.core.records import set_state
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.execution.exceptions import ExecutionInputError, WrongState
from branch_desktop.execution.models import Agreement, DebtMonth, Notice, NoticeLine, Order
from branch_desktop.execution.rules.charges import compute
from branch_desktop.execution.services.charges import debts_of
from branch_desktop.execution.services.common import (
    by_number,
    document_number,
    employer,
    money,
    next_number,
)
from branch_desktop.execution.services.register import refresh
from branch_desktop.execution.states import AgreementState, NoticeState, OrderState, ServiceMethod
from branch_desktop.execution.types import DocumentLine, NoticeView
from branch_desktop.revenue import queries as debts

OPEN_NOTICE = (NoticeState.PREPARED.value, NoticeState.SERVED.value)
OPEN_ORDER = (OrderState.ISSUED.value, OrderState.SERVED.value, OrderState.SUSPENDED.value)


def _busy_employers(s: Session) -> set[int]:
    """Employers with an open notice or order, or an active agreement (no second notice over the same
    debt)."""
    busy = set(s.scalars(select(Notice.employer_id).where(Notice.state.in_(OPEN_NOTICE))))
    busy |= set(s.scalars(select(Order.employer_id).where(Order.state.in_(OPEN_ORDER))))
    busy |= set(s.scalars(select(Agreement.employer_id).where(Agreement.state == AgreementState.ACTIVE.value)))
    return busy


def _candidates(ctx: BranchContext, s: Session, on: dt.date, min_age: int, min_amount: Decimal,
                employers: Sequence[str], limit: int) -> list[int]:
    latest = on - dt.timedelta(days=max(min_age, 1))
    q = (select(DebtMonth.employer_id).where(DebtMonth.owed > 0, DebtMonth.due_date <= latest)
         .group_by(DebtMonth.employer_id)
         .having(func.sum(DebtMonth.owed) >= ctx.pack.currency.to_minor(ctx.pack.currency.round(min_amount)))
         .order_by(func.sum(DebtMonth.owed).desc(), DebtMonth.employer_id))
    if employers:
        q = q.where(DebtMonth.employer_id.in_([employer(s, f).id for f in employers]))
    busy = _busy_employers(s)
    return [e for e in s.scalars(q) if e not in busy][:limit]


def prepare_notices(ctx: BranchContext, actor: Actor, on: dt.date, *, min_age: int = 1,
                    min_amount: Decimal = Decimal(0), employers: Sequence[str] = (), limit: int = 10_000
                    ) -> list[NoticeView]:
    """A batch of notices, one per employer whose months overdue by at least ``min_age`` days come
    to ``min_amount`` or more (optionally only the named employers), skipping employers with an open
    notice or order. Each lists every overdue month with its charges to ``on``."""
    require(actor, "execution.prepare")
    if min_age < 1 or min_amount < 0:
        raise ExecutionInputError("The age is at least one day and the amount not negative.", field="min_age")
    cur, cal = ctx.pack.currency, ctx.pack.calendar
    period = int(ctx.pack.param("execution.notice.period_days", on))
    ids: list[int] = []
    with ctx.db.write() as s:
        refresh(s)
        for emp in _candidates(ctx, s, on, min_age, min_amount, employers, limit):
            owed = {(r.year, r.month): r for r in s.scalars(select(DebtMonth).where(
                DebtMonth.employer_id == emp, DebtMonth.owed > 0, DebtMonth.due_date < on))}
            charges = {(d.month.year, d.month.month): cur.to_minor(compute(ctx.pack, d, on).charges_owed)
                       for d in debts_of(ctx, s, emp) if (d.month.year, d.month.month) in owed}
            fy = cal.fiscal_year(on)
            notice = Notice(fiscal_year=fy, number=next_number(s, "notice", fy), employer_id=emp, prepared_on=on,
                            principal=sum(r.owed for r in owed.values()), charges=sum(charges.values()),
                            period_days=period, prepared_by=actor.id, state=NoticeState.PREPARED.value)
            s.add(notice)
            s.flush()
            s.add_all(NoticeLine(notice_id=notice.id, year=y, month=m, due_date=r.due_date, principal=r.owed,
                                 charges=charges.get((y, m), 0)) for (y, m), r in sorted(owed.items()))
            ids.append(notice.id)
        if ids:
            audit(s, actor, "execution.notices", "notice_batch", f"{len(ids)}", on=on.isoformat())
    return notices_by_id(ctx, ids)


def _lines(ctx: BranchContext, s: Session, notice_id: int) -> tuple[DocumentLine, ...]:
    rows = s.scalars(select(NoticeLine).where(NoticeLine.notice_id == notice_id)
                     .order_by(NoticeLine.year, NoticeLine.month))
    return tuple(DocumentLine(month=YearMonth(r.year, r.month), due=r.due_date, principal=money(ctx, r.principal),
                              charges=money(ctx, r.charges)) for r in rows)


def _view(ctx: BranchContext, s: Session, n: Notice, refs: dict[int, debts.EmployerRef]) -> NoticeView:
    ref = refs[n.employer_id]
    return NoticeView(id=n.id, number=document_number(n.fiscal_year, n.number), employer_id=n.employer_id,
                      file_no=ref.file_no, name=ref.name, prepared_on=n.prepared_on, principal=money(ctx, n.principal),
                      charges=money(ctx, n.charges), period_days=n.period_days, state=n.state, served_on=n.served_on,
                      service_method=n.service_method, lines=_lines(ctx, s, n.id))


def notices_by_id(ctx: BranchContext, ids: Sequence[int]) -> list[NoticeView]:
    out: list[NoticeView] = []
    with ctx.db.read() as s:
        for i in range(0, len(ids), 900):
            rows = list(s.scalars(select(Notice).where(Notice.id.in_(ids[i:i + 900])).order_by(Notice.id)))
            refs = debts.employers(s, (n.employer_id for n in rows))
            out += [_view(ctx, s, n, refs) for n in rows]
    return out


def list_notices(ctx: BranchContext, actor: Actor, *, state: str | None = None, employer_file: str | None = None,
                 limit: int = 500) -> list[NoticeView]:
    """Notices, newest first (optionally in one state, or of one employer)."""
    require(actor, "execution.view")
    with ctx.db.write() as s:  # the register first: notices whose months were paid show as settled
        refresh(s)
    with ctx.db.read() as s:
        q = select(Notice.id).order_by(Notice.id.desc()).limit(limit)
        if state:
            q = q.where(Notice.state == state)
        if employer_file:
            q = q.where(Notice.employer_id == employer(s, employer_file).id)
        ids = list(s.scalars(q))
    return sorted(notices_by_id(ctx, ids), key=lambda n: -n.id)


def notice_row(s: Session, number: str) -> Notice:
    row: Notice = by_number(s, Notice, number, N_("No notice numbered {number}."))
    return row


def get_notice(ctx: BranchContext, actor: Actor, number: str) -> NoticeView:
    require(actor, "execution.view")
    with ctx.db.read() as s:
        nid = notice_row(s, number).id
    return notices_by_id(ctx, [nid])[0]


def serve_notice(ctx: BranchContext, actor: Actor, number: str, served_on: dt.date,
                 method: ServiceMethod | str) -> NoticeView:
    """Mark a prepared notice served (the notice period runs from ``served_on``)."""
    require(actor, "execution.prepare")
    method = ServiceMethod(method)
    with ctx.db.write() as s:
        n = notice_row(s, number)
        if n.state != NoticeState.PREPARED:
            raise WrongState("Notice {number} is {state}; only a prepared notice can be served.", number=number,
                             state=n.state)
        if served_on < n.prepared_on:
            raise ExecutionInputError("A notice is served on or after the day it was prepared.", field="served_on")
        set_state(s, n, actor.id, state=NoticeState.SERVED.value, served_on=served_on, service_method=method.value)
        audit(s, actor, "execution.notice.serve", "notice", number, method=method.value)
        nid = n.id
    return notices_by_id(ctx, [nid])[0]
