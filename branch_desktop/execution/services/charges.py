"""Late-payment charges on an employer's months, computed by the pack's rules from revenue's
accruals and allocations, and accrued to the ledger as their own receivable (Dr late charges
receivable / Cr penalty revenue), never mixed into the premium."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session

from branch_desktop.core import records
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_
from branch_desktop.core.ledger.models import Account
from branch_desktop.core.ledger.services import post_entries_in
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.packs import Pack
from branch_desktop.core.security import Actor, require
from branch_desktop.core.storage import Prepared
from branch_desktop.core.texts import StoredText
from branch_desktop.execution.models import ChargeAccrual, Order, OrderLine
from branch_desktop.execution.rules.cases import charges_json
from branch_desktop.execution.rules.charges import Charge, Debt, Payment, compute
from branch_desktop.execution.services.common import PARTY, employer
from branch_desktop.execution.states import OrderState
from branch_desktop.revenue import queries as debts
from branch_desktop.revenue.queries import EmployerRef

RECEIVABLE, REVENUE = "late_charges_receivable", "penalty_revenue"
_TEXT = N_("Late-payment charges {month}, {file_no}")


def debts_of(ctx: BranchContext, s: Session, employer_id: int) -> list[Debt]:
    """An employer's months as the charge rules take them: accrued principal and its payments, the
    charges paid of them, and the day of the first enforcement order over the month (the SSO waiver
    is for a premium paid in full before it)."""
    return _debts(ctx.pack, s, employer_id)


def order_dates(s: Session, employer_id: int) -> dict[tuple[int, int], dt.date]:
    """Each month of the employer's enforcement orders (not cancelled): the first order's day."""
    return {(y, m): day for y, m, day in _ORDER_DATES.rows(s, employer_id=employer_id)}


# Read on every payment at the counter (its charges accrued to the day): compiled once (storage.Prepared).
_ORDER_DATES = Prepared(select(OrderLine.year, OrderLine.month, func.min(Order.issued_on))
                        .join(Order, Order.id == OrderLine.order_id)
                        .where(Order.employer_id == bindparam("employer_id"),
                               Order.state != OrderState.CANCELLED.value)
                        .group_by(OrderLine.year, OrderLine.month))
_ACCOUNT = Prepared(select(Account.id).where(Account.code == bindparam("code")))
_ACCRUED = Prepared(select(ChargeAccrual.year, ChargeAccrual.month, func.sum(ChargeAccrual.amount))
                    .where(ChargeAccrual.employer_id == bindparam("employer_id"))
                    .group_by(ChargeAccrual.year, ChargeAccrual.month))


def _debts(pack: Pack, s: Session, employer_id: int) -> list[Debt]:
    cur = pack.currency
    orders = order_dates(s, employer_id)
    paid: dict[tuple[int, int], list[Payment]] = defaultdict(list)
    for y, m, day, amount in debts.payments(s, employer_id):
        paid[(y, m)].append(Payment(day, cur.from_minor(amount)))
    charge_paid: dict[tuple[int, int], list[Payment]] = defaultdict(list)
    for y, m, day, amount in debts.charge_payment_days(s, employer_id):
        charge_paid[(y, m)].append(Payment(day, cur.from_minor(amount)))
    return [Debt(YearMonth(y, m), cur.from_minor(amount), tuple(paid[(y, m)]), orders.get((y, m)),
                 sum((p.amount for p in charge_paid[(y, m)]), Decimal(0)), tuple(charge_paid[(y, m)]))
            for y, m, _due, amount in debts.accrued_months(s, employer_id) if amount > 0]


def _compute(ctx: BranchContext, s: Session, ref: EmployerRef, until: dt.date) -> list[Charge]:
    return [compute(ctx.pack, d, until) for d in debts_of(ctx, s, ref.id)]


def employer_charges(ctx: BranchContext, actor: Actor, file_no: str, until: dt.date
                     ) -> tuple[EmployerRef, list[Charge]]:
    """Each month of an employer with its charges to ``until`` (months paid on time: zero)."""
    require(actor, "execution.view")
    with ctx.db.read() as s:
        ref = employer(s, file_no)
        return ref, _compute(ctx, s, ref, until)


def employer_charges_json(ctx: BranchContext, actor: Actor, file_no: str, until: dt.date) -> dict[str, Any]:
    """``charge compute --employer``: the same JSON as without a database, plus the employer."""
    ref, charges = employer_charges(ctx, actor, file_no, until)
    owed = [c for c in charges if c.outstanding > 0]
    return {"employer": ref.file_no, "name": ref.name, **charges_json(ctx.pack, owed)}


def charges_to_date(s: Session, pack: Pack, employer_id: int, day: dt.date) -> dict[tuple[int, int], int]:
    """The charges still owed on ``day`` per month if the premiums are paid in full that day
    (computed to that day by the pack's rules, less what receipts paid of them, less a waiver that
    paying would earn; minor units): the counter's prefilled amount (the charge source registered
    with ``to_date``)."""
    out = {}
    for debt in _debts(pack, s, employer_id):
        c = compute(pack, debt, day)
        if c.unpaid > 0:  # settled in full today: a waiver (the SSO's, before an order) applies as it would
            c = compute(pack, replace(debt, paid=(*debt.paid, Payment(day, c.unpaid))), day)
        owed = pack.currency.to_minor(c.charges_owed)
        if owed > 0:
            out[(debt.month.year, debt.month.month)] = owed
    return out


def accrued_charges(s: Session, employer_id: int) -> dict[tuple[int, int], int]:
    return {(y, m): int(a or 0) for y, m, a in _ACCRUED.rows(s, employer_id=employer_id)}


def _ensure_account(s: Session, ctx: BranchContext, role: str) -> str:
    """The role's account, added from the pack's chart to a branch created before it existed."""
    code = ctx.pack.account_code(role)
    if not _ACCOUNT.rows(s, code=code):
        acc = next(a for a in ctx.pack.accounts if a.code == code)
        parent = s.scalar(select(Account.id).where(Account.code == acc.parent)) if acc.parent else None
        s.add(Account(code=acc.code, name=acc.name, name_en=acc.name_en, kind=acc.kind.value, parent_id=parent,
                      is_postable=acc.postable))
        s.flush()
    return code


def accrue_charges(ctx: BranchContext, actor: Actor, file_no: str, until: dt.date) -> Decimal:
    """Accrue to the ledger the change in each month's charges since the last accrual (one entry per
    month whose charges changed; a fall, e.g. a waiver, is posted the other way). Returns the net
    amount accrued now."""
    require(actor, "execution.prepare")
    with ctx.db.write() as s:
        ref = employer(s, file_no)
        debts.lock_employer(s, ref.id)  # as the counter: never two accruals from the same sums
        return ctx.pack.currency.from_minor(_accrue(s, ctx, actor, ref, until, "execution.prepare"))


def accrue_to(s: Session, ctx: BranchContext, actor: Actor, employer_id: int, day: dt.date, authority: str) -> None:
    """The counter's accrual (revenue's ``take_payment``, in its transaction, the employer locked):
    the charges due to the payment day, on the authority of the counter's permission."""
    ref = debts.employer_ref(s, employer_id)
    assert ref is not None
    _accrue(s, ctx, actor, ref, day, authority)


def _accrue(s: Session, ctx: BranchContext, actor: Actor, ref: EmployerRef, until: dt.date, authority: str) -> int:
    """Post the change of each month's charges computed to ``until`` since what was accrued;
    idempotent (accruing to the same day twice adds nothing). Returns the net in minor units."""
    cur = ctx.pack.currency
    before = accrued_charges(s, ref.id)
    changes = [(c.month, cur.to_minor(c.charges) - before.get((c.month.year, c.month.month), 0))
               for c in _compute(ctx, s, ref, until)]
    changes = [(month, diff) for month, diff in changes if diff]
    if not changes:
        return 0
    receivable, revenue = _ensure_account(s, ctx, RECEIVABLE), _ensure_account(s, ctx, REVENUE)
    entries = []
    for month, diff in changes:
        text = StoredText(_TEXT, {"month": str(month), "file_no": ref.file_no})
        dr, cr = (receivable, revenue) if diff > 0 else (revenue, receivable)
        lines = (LineInput(dr, debit=abs(diff), party_type=PARTY, party_id=ref.id),
                 LineInput(cr, credit=abs(diff), party_type=PARTY, party_id=ref.id))
        entries.append(EntryInput(ctx.pack.journal_code("revenue"), until, text.english()[:500], lines,
                                  f"{ref.file_no}/{month}"[:120], text=text))
    # one entry per month, posted together (each audited as on its own); the accruals written by a
    # Core insert compiled once and named for sealing at commit (no ORM objects to flush)
    conn = s.connection()
    ids = [int(conn.execute(_INSERT_ACCRUAL, {
        "employer_id": ref.id, "year": month.year, "month": month.month, "amount": diff, "until": until,
        "entry_id": entry_id, "accrued_by": actor.id}).scalar_one())
        for (month, diff), entry_id in zip(changes, post_entries_in(s, ctx, actor, entries, authorised_by=authority),
                                           strict=True)]
    records.track(s, ACCRUAL_KIND, ids)
    return sum(diff for _month, diff in changes)


ACCRUAL_KIND = "execution.charge_accrual"  # the accruals' record kind (execution/records.py)
_INSERT_ACCRUAL = insert(ChargeAccrual.__table__).returning(ChargeAccrual.__table__.c.id)  # type: ignore[arg-type]
