"""Cheques received: deposit, clearing, bounce (debt reinstated, the pack's charge added), lists."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.ledger.types import LineInput
from branch_desktop.core.records import set_state
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.texts import (
    receipt_number,
    stored_text,
)
from branch_desktop.revenue import rules
from branch_desktop.revenue.exceptions import ChequeStateError, RevenueInputError, UnknownReceipt
from branch_desktop.revenue.models import (
    Accrual,
    ChargeAllocation,
    Employer,
    Receipt,
)
from branch_desktop.revenue.services.common import (
    PARTY,
    account,
    cheque_status_label,
    credit_lines,
    post_revenue,
    undo_allocations,
)
from branch_desktop.revenue.states import (
    OPEN_CHEQUE,
    AccrualKind,
    AllocationKind,
    ChequeList,
    ChequeStatus,
    ReceiptKind,
    ReceiptStatus,
)
from branch_desktop.revenue.types import (
    ChequeRow,
    Method,
)


def _cheque(s: Session, receipt_id: int) -> Receipt:
    r = s.get(Receipt, receipt_id, with_for_update=True)
    if r is None or r.method != Method.CHEQUE or r.kind != ReceiptKind.PAYMENT:
        raise UnknownReceipt("There is no cheque receipt #{id}.", id=receipt_id)
    if r.status == ReceiptStatus.VOIDED:
        raise ChequeStateError("Receipt {number} is voided.", number=receipt_number(r.fiscal_year, r.number))
    return r


def deposit_cheque(ctx: BranchContext, actor: Actor, receipt_id: int, on: dt.date | None = None) -> None:
    require(actor, "revenue.cheques")
    with ctx.db.write() as s:
        deposit_cheque_in(s, ctx, actor, receipt_id, on)


def deposit_cheque_in(s: Session, ctx: BranchContext, actor: Actor, receipt_id: int, on: dt.date | None = None
                     ) -> None:
    """:func:`deposit_cheque` inside the caller's transaction (a batch)."""
    require(actor, "revenue.cheques")
    day = on or ctx.today()
    r = _cheque(s, receipt_id)
    if r.cheque_status != ChequeStatus.IN_HAND:
        raise ChequeStateError("The cheque {cheque} is {status}, not in hand.", cheque=r.reference,
                               status=cheque_status_label(r.cheque_status))
    set_state(s, r, actor.id, cheque_status=ChequeStatus.DEPOSITED.value, deposited_on=day)
    audit(s, actor, "revenue.cheque.deposit", "receipt", r.id, cheque=r.reference)


def clear_cheque(ctx: BranchContext, actor: Actor, receipt_id: int, on: dt.date | None = None) -> int:
    """The bank paid the cheque: Dr revenue bank / Cr cheques in collection. Returns the entry id."""
    require(actor, "revenue.cheques")
    with ctx.db.write() as s:
        return clear_cheque_in(s, ctx, actor, receipt_id, on)


def clear_cheque_in(s: Session, ctx: BranchContext, actor: Actor, receipt_id: int, on: dt.date | None = None
                    ) -> int:
    """:func:`clear_cheque` inside the caller's transaction (a batch)."""
    require(actor, "revenue.cheques")
    day = on or ctx.today()
    r = _cheque(s, receipt_id)
    if r.cheque_status not in OPEN_CHEQUE:
        raise ChequeStateError("The cheque {cheque} is {status}.", cheque=r.reference,
                               status=cheque_status_label(r.cheque_status))
    e = s.get(Employer, r.employer_id)
    assert e is not None
    party = {"party_type": PARTY, "party_id": r.employer_id}
    entry_id = post_revenue(s, ctx, actor, "revenue.cheques", day, stored_text(
        "Cheque {cheque} cleared, file {file_no}", cheque=r.reference, file_no=e.file_no), [
        LineInput(account(ctx, "revenue_bank"), debit=r.amount),
        LineInput(account(ctx, "cheques_in_collection"), credit=r.amount, **party),  # type: ignore[arg-type]
    ], f"RCPT-{r.fiscal_year}-{r.number:06d}")
    set_state(s, r, actor.id, cheque_status=ChequeStatus.CLEARED.value, cleared_on=day, deposited_on=r.deposited_on or day,
              clear_entry_id=entry_id)
    audit(s, actor, "revenue.cheque.clear", "receipt", r.id, cheque=r.reference)
    return entry_id


def bounce_cheque(ctx: BranchContext, actor: Actor, receipt_id: int, reason: str = "", on: dt.date | None = None
                  ) -> int:
    """The bank refused the cheque: the debt is reinstated (Dr premiums receivable / Cr cheques
    in collection, the allocations undone) and the pack's bounced-cheque charge, if any, is added
    to the employer's debt. Returns the charge (minor units)."""
    require(actor, "revenue.cheques")
    with ctx.db.write() as s:
        return bounce_cheque_in(s, ctx, actor, receipt_id, reason, on)


def bounce_cheque_in(s: Session, ctx: BranchContext, actor: Actor, receipt_id: int, reason: str = "",
                     on: dt.date | None = None) -> int:
    """:func:`bounce_cheque` inside the caller's transaction (a batch)."""
    require(actor, "revenue.cheques")
    day = on or ctx.today()
    cal = ctx.pack.calendar
    r = _cheque(s, receipt_id)
    if r.cheque_status not in OPEN_CHEQUE:
        raise ChequeStateError("The cheque {cheque} is {status}.", cheque=r.reference,
                               status=cheque_status_label(r.cheque_status))
    e = s.get(Employer, r.employer_id, with_for_update=True)
    assert e is not None
    doc = receipt_number(r.fiscal_year, r.number)
    display = doc.canonical
    party = {"party_type": PARTY, "party_id": r.employer_id}
    text = stored_text("Cheque {cheque} bounced (receipt {number}), file {file_no}",
                       cheque=r.reference, number=doc, file_no=e.file_no)
    if reason.strip():
        text = stored_text("Cheque {cheque} bounced (receipt {number}), file {file_no}: {reason}",
                           cheque=r.reference, number=doc, file_no=e.file_no, reason=reason.strip())
    paid_charges = s.scalar(select(func.coalesce(func.sum(ChargeAllocation.amount), 0))
                            .where(ChargeAllocation.receipt_id == r.id)) or 0
    entry_id = post_revenue(s, ctx, actor, "revenue.cheques", day, text, [
        *credit_lines(ctx, r.amount, int(paid_charges), r.employer_id, debit=True),
        LineInput(account(ctx, "cheques_in_collection"), credit=r.amount, **party),  # type: ignore[arg-type]
    ], f"RCPT-{display}")
    set_state(s, r, actor.id, cheque_status=ChequeStatus.BOUNCED.value, bounced_on=day, bounce_entry_id=entry_id,
              reason=reason.strip())
    undo_allocations(s, r, r.id, AllocationKind.BOUNCE, day)
    charge = rules.bounced_cheque_charge(ctx.pack, day)
    if charge > 0:
        charge_entry = post_revenue(s, ctx, actor, "revenue.cheques", day, stored_text(
            "Bounced cheque charge, cheque {cheque}, file {file_no}", cheque=r.reference, file_no=e.file_no), [
            LineInput(account(ctx, "premiums_receivable"), debit=charge, **party),  # type: ignore[arg-type]
            LineInput(account(ctx, "bounced_cheque_charges"), credit=charge),
        ], f"RCPT-{display}")
        ym = cal.year_month(day)
        s.add(Accrual(employer_id=r.employer_id, year=ym.year, month=ym.month, kind=AccrualKind.CHARGE, amount=charge,
                      accrual_date=day, due_date=day, receipt_id=r.id, entry_id=charge_entry))
    s.flush()
    audit(s, actor, "revenue.cheque.bounce", "receipt", r.id, cheque=r.reference, charge=charge)
    return charge


def list_cheques(ctx: BranchContext, actor: Actor, which: str = ChequeList.OPEN, on: dt.date | None = None
                 ) -> list[ChequeRow]:
    """Cheques received: ``due_week`` (in hand, due within 7 days or overdue), ``deposited``
    (deposited, not cleared), ``bounced``, ``open`` (in hand or deposited), ``all``."""
    require(actor, "revenue.view")
    day = on or ctx.today()
    stmt = (select(Receipt, Employer.file_no, Employer.name).join(Employer, Employer.id == Receipt.employer_id)
            .where(Receipt.method == Method.CHEQUE, Receipt.kind == ReceiptKind.PAYMENT,
                   Receipt.status == ReceiptStatus.VALID))
    if which not in tuple(ChequeList):
        raise RevenueInputError("'{which}' is not a cheque list.", field="which", which=which)
    if which == ChequeList.DUE_WEEK:
        stmt = stmt.where(Receipt.cheque_status == ChequeStatus.IN_HAND, Receipt.due_date <= day + dt.timedelta(days=7))
    elif which == ChequeList.DEPOSITED:
        stmt = stmt.where(Receipt.cheque_status == ChequeStatus.DEPOSITED)
    elif which == ChequeList.BOUNCED:
        stmt = stmt.where(Receipt.cheque_status == ChequeStatus.BOUNCED)
    elif which == ChequeList.OPEN:
        stmt = stmt.where(Receipt.cheque_status.in_(OPEN_CHEQUE))
    with ctx.db.read() as s:
        out = []
        for r, file_no, name in s.execute(stmt.order_by(Receipt.due_date, Receipt.id)):
            out.append(ChequeRow(
                receipt_id=r.id, receipt_number=f"{r.fiscal_year}-{r.number:06d}", employer_id=r.employer_id,
                file_no=file_no, employer_name=name, amount=r.amount, bank=r.bank, bank_branch=r.bank_branch,
                cheque_no=r.reference, drawer=r.drawer, received_on=r.receipt_date, due_date=r.due_date,
                status=ChequeStatus(str(r.cheque_status)),  # a cheque payment always has one
                deposited_on=r.deposited_on, cleared_on=r.cleared_on, bounced_on=r.bounced_on))
        return out


