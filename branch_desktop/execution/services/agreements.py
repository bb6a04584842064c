"""Instalment agreements: over an employer's months still owed, with the charges to the agreement
date, a down payment and N monthly instalments within the pack's limits; an agreement defaults
once the pack's number of instalments is missed, and the charges are then recomputed from the
original due dates (with what changed, month by month)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_
from branch_desktop.core.records import set_state
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.execution.exceptions import ExecutionInputError, WrongState
from branch_desktop.execution.models import Agreement, AgreementMonth, DebtMonth, InstalmentRow
from branch_desktop.execution.rules.agreements import Instalment, check_terms, missed, schedule
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
from branch_desktop.execution.states import AgreementState
from branch_desktop.execution.types import AgreementView, DocumentLine, InstalmentView
from branch_desktop.revenue import queries as debts


def new_agreement(ctx: BranchContext, actor: Actor, file_no: str, on: dt.date, *, instalments: int,
                  down_payment: Decimal) -> AgreementView:
    """An agreement over every month the employer still owes on ``on`` (principal and charges)."""
    require(actor, "execution.prepare")
    cur = ctx.pack.currency
    with ctx.db.write() as s:
        refresh(s)
        ref = employer(s, file_no)
        if s.scalar(select(Agreement.id).where(Agreement.employer_id == ref.id,
                                               Agreement.state == AgreementState.ACTIVE.value)):
            raise WrongState("Employer {file_no} has an active agreement already.", file_no=file_no,
                             state=AgreementState.ACTIVE.value)
        owed = {(r.year, r.month): r.owed for r in s.scalars(select(DebtMonth).where(
            DebtMonth.employer_id == ref.id, DebtMonth.owed > 0, DebtMonth.due_date < on))}
        if not owed:
            raise ExecutionInputError("Employer {file_no} owes nothing overdue.", field="employer", file_no=file_no)
        charges = {(d.month.year, d.month.month): cur.to_minor(compute(ctx.pack, d, on).charges_owed)
                   for d in debts_of(ctx, s, ref.id) if (d.month.year, d.month.month) in owed}
        principal, charge_total = sum(owed.values()), sum(charges.values())
        down = cur.to_minor(cur.round(down_payment))
        check_terms(ctx.pack, on, principal + charge_total, down, instalments)
        fy = ctx.pack.calendar.fiscal_year(on)
        a = Agreement(fiscal_year=fy, number=next_number(s, "agreement", fy), employer_id=ref.id, agreed_on=on,
                      principal=principal, charges=charge_total, down_payment=down, instalments=instalments,
                      default_after=int(ctx.pack.param("execution.agreement.default_missed", on)),
                      created_by=actor.id, state=AgreementState.ACTIVE.value)
        s.add(a)
        s.flush()
        s.add_all(AgreementMonth(agreement_id=a.id, year=y, month=m, principal=v, charges=charges.get((y, m), 0))
                  for (y, m), v in sorted(owed.items()))
        s.add_all(InstalmentRow(agreement_id=a.id, seq=i.seq, due_date=i.due, amount=i.amount)
                  for i in schedule(ctx.pack, on, principal + charge_total, down, instalments))
        audit(s, actor, "execution.agreement", "agreement", document_number(fy, a.number), employer=file_no)
        aid = a.id
    return _views(ctx, [aid], on)[0]


def _paid(s: Session, a: Agreement, months: list[tuple[int, int]], on: dt.date) -> int:
    """What was paid on the agreement's months from the agreement day (the down payment that day) to ``on``."""
    return max(debts.collected_after(s, a.employer_id, months, a.agreed_on - dt.timedelta(days=1), on), 0)


def _views(ctx: BranchContext, ids: list[int], on: dt.date) -> list[AgreementView]:
    out = []
    with ctx.db.read() as s:
        for a in s.scalars(select(Agreement).where(Agreement.id.in_(ids)).order_by(Agreement.id.desc())):
            ref = debts.employers(s, [a.employer_id])[a.employer_id]
            rows = list(s.scalars(select(AgreementMonth).where(AgreementMonth.agreement_id == a.id)
                                  .order_by(AgreementMonth.year, AgreementMonth.month)))
            plan = [Instalment(r.seq, r.due_date, r.amount) for r in s.scalars(
                select(InstalmentRow).where(InstalmentRow.agreement_id == a.id).order_by(InstalmentRow.seq))]
            paid = _paid(s, a, [(r.year, r.month) for r in rows], on)
            left, views = paid, []
            for inst in plan:
                views.append(InstalmentView(seq=inst.seq, due=inst.due, amount=money(ctx, inst.amount),
                                            paid=left >= inst.amount))
                left = max(left - inst.amount, 0)
            out.append(AgreementView(
                id=a.id, number=document_number(a.fiscal_year, a.number), employer_id=a.employer_id,
                file_no=ref.file_no, name=ref.name, agreed_on=a.agreed_on, principal=money(ctx, a.principal),
                charges=money(ctx, a.charges), down_payment=money(ctx, a.down_payment), state=a.state,
                ended_on=a.ended_on, paid=money(ctx, paid), missed=missed(plan, paid, on),
                default_after=a.default_after, instalments=tuple(views),
                months=tuple(DocumentLine(month=YearMonth(r.year, r.month), due=None, principal=money(ctx, r.principal),
                                          charges=money(ctx, r.charges)) for r in rows),
                recomputed_charges=None if a.recomputed_charges is None else money(ctx, a.recomputed_charges)))
    return out


def _row(s: Session, number: str) -> Agreement:
    row: Agreement = by_number(s, Agreement, number, N_("No agreement numbered {number}."))
    return row


def agreement_status(ctx: BranchContext, actor: Actor, number: str, on: dt.date) -> AgreementView:
    require(actor, "execution.view")
    with ctx.db.read() as s:
        aid = _row(s, number).id
    return _views(ctx, [aid], on)[0]


def list_agreements(ctx: BranchContext, actor: Actor, on: dt.date, *, state: str | None = None,
                    limit: int = 500) -> list[AgreementView]:
    require(actor, "execution.view")
    with ctx.db.read() as s:
        q = select(Agreement.id).order_by(Agreement.id.desc()).limit(limit)
        if state:
            q = q.where(Agreement.state == state)
        ids = list(s.scalars(q))
    return _views(ctx, ids, on)


def check_agreements(ctx: BranchContext, actor: Actor, on: dt.date) -> list[AgreementView]:
    """Default every active agreement with the pack's number of instalments missed on ``on`` (the
    debt returns to enforcement; the charges are recomputed from the original due dates, as if
    there had been no agreement), complete those paid in full. Returns the agreements that changed,
    a defaulted one with each month's charges before and after."""
    require(actor, "execution.prepare")
    cur = ctx.pack.currency
    changed: dict[int, tuple[dict[str, object], ...]] = {}
    with ctx.db.write() as s:
        for a in list(s.scalars(select(Agreement).where(Agreement.state == AgreementState.ACTIVE.value))):
            rows = list(s.scalars(select(AgreementMonth).where(AgreementMonth.agreement_id == a.id)))
            plan = [Instalment(r.seq, r.due_date, r.amount) for r in s.scalars(
                select(InstalmentRow).where(InstalmentRow.agreement_id == a.id))]
            plan.sort(key=lambda i: i.seq)
            paid = _paid(s, a, [(r.year, r.month) for r in rows], on)
            if paid >= sum(i.amount for i in plan):
                set_state(s, a, actor.id, state=AgreementState.COMPLETED.value, ended_on=on)
                changed[a.id] = ()
            elif missed(plan, paid, on) >= a.default_after:
                wanted = {(r.year, r.month): r for r in rows}
                after = {(d.month.year, d.month.month): compute(ctx.pack, d, on)
                         for d in debts_of(ctx, s, a.employer_id) if (d.month.year, d.month.month) in wanted}
                diff = tuple({"month": f"{y:04d}-{m:02d}", "before": money(ctx, wanted[(y, m)].charges),
                              "after": c.charges_owed, "trace": c.trace} for (y, m), c in sorted(after.items()))
                set_state(s, a, actor.id, state=AgreementState.DEFAULTED.value, ended_on=on,
                          recomputed_charges=sum(cur.to_minor(c.charges_owed) for c in after.values()))
                audit(s, actor, "execution.agreement.default", "agreement", document_number(a.fiscal_year, a.number),
                      missed=missed(plan, paid, on))
                changed[a.id] = diff
    views = _views(ctx, list(changed), on)
    return [AgreementView(**{**v.__dict__, "changes": changed[v.id]}) for v in views]
