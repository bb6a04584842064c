"""The counter: payments taken (allocated, numbered gaplessly, posted in one transaction), voids,
and receipt look-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError as SAIntegrityError
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_
from branch_desktop.core.ids import compact
from branch_desktop.core.ledger.models import FiscalPeriod
from branch_desktop.core.ledger.services import reverse_in
from branch_desktop.core.ledger.types import LineInput
from branch_desktop.core.models import utcnow
from branch_desktop.core.money import DIGITS_TO_ASCII
from branch_desktop.core.records import set_state, track
from branch_desktop.core.security import Actor, audit, audit_now, audit_values, require
from branch_desktop.core.storage import DriverCursor, Prepared, retry_transient
from branch_desktop.core.texts import (
    Msg,
    parse_document_number,
    receipt_number,
    stored_text,
)
from branch_desktop.revenue import rules
from branch_desktop.revenue.exceptions import (
    DayClosed,
    DuplicatePayment,
    ImplausibleAmount,
    NotOwnReceipt,
    ReceiptNotVoidable,
    RevenueInputError,
    UnknownEmployer,
    UnknownReceipt,
    VoidNeedsAccountant,
)
from branch_desktop.revenue.models import (
    Accrual,
    Allocation,
    ChargeAllocation,
    Employer,
    Receipt,
    ReceiptSequence,
)
from branch_desktop.revenue.services.common import (
    PARTY,
    account,
    accrue_charges_to,
    charges_to_date,
    cheque_status_label,
    credit_lines,
    day_closed,
    open_charges,
    post_revenue,
    receipt_view,
    receipt_views,
    undo_allocations,
)
from branch_desktop.revenue.states import AllocationKind, ChequeStatus, ReceiptKind, ReceiptStatus
from branch_desktop.revenue.types import (
    METHOD_LABELS,
    AllocationView,
    Method,
    PaymentInput,
    ReceiptView,
)


def _next_receipt_number(s: Session, fiscal_year: int) -> int:
    """The year's next receipt number: its counter row advanced (and locked) by one upsert."""
    return DriverCursor(s).advance(ReceiptSequence.__tablename__, {"fiscal_year": fiscal_year})



def _refuse_closed_day(ctx: BranchContext, s: Session, actor: Actor, day: dt.date) -> None:
    if day_closed(s, actor.id, day):
        raise DayClosed("The counter day {day} of {user} is closed; no more receipts can be dated in it.",
                            day=ctx.pack.calendar.format(day), user=actor.username)


# Read on every payment at the counter: compiled once (storage.Prepared).
_ACCRUED = Prepared(select(Accrual.year, Accrual.month, func.sum(Accrual.amount))
                    .where(Accrual.employer_id == bindparam("employer_id")).group_by(Accrual.year, Accrual.month))
_PAID = Prepared(select(Allocation.year, Allocation.month, func.sum(Allocation.amount))
                 .where(Allocation.employer_id == bindparam("employer_id")).group_by(Allocation.year, Allocation.month))


def _open_months(s: Session, employer_id: int) -> list[tuple[YearMonth, int]]:
    accrued = {(y, m): int(v) for y, m, v in _ACCRUED.rows(s, employer_id=employer_id)}
    paid = {(y, m): int(v) for y, m, v in _PAID.rows(s, employer_id=employer_id)}
    return [(YearMonth(y, m), a - paid.get((y, m), 0)) for (y, m), a in sorted(accrued.items())
            if a - paid.get((y, m), 0) > 0]


def open_months(ctx: BranchContext, actor: Actor, employer_id: int) -> list[tuple[YearMonth, int]]:
    """The employer's months with premium still owed, oldest first: (month, amount owed)."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        return _open_months(s, employer_id)


@retry_transient
def take_payment(ctx: BranchContext, actor: Actor, p: PaymentInput, *, confirmed: bool = False) -> ReceiptView:
    """Register a payment at the counter: check, have the late-payment charges due to the payment
    day accrued (the providers registered with ``accrue``; the counter's prefill counted them),
    share the payment between the premium months (the chosen month first, then the oldest) and
    the accrued late-payment charges in the pack's order
    (``rules.split_payment``), number the receipt (gapless), post Dr revenue bank or cheques in
    collection / Cr premiums receivable and Cr late charges receivable with the employer as party;
    all in one transaction.

    An amount far from what is expected (``rules.payment_doubt``: far over the employer's debt,
    or over the role's limit per receipt) raises :class:`ImplausibleAmount` and writes nothing
    unless ``confirmed`` says the user typed the amount a second time. Many payments in one
    transaction: ``services.take_payments``."""
    require(actor, "revenue.receipt")
    with ctx.db.write() as s:
        return take_payment_in(s, ctx, actor, p, confirmed=confirmed)


def take_payment_in(s: Session, ctx: BranchContext, actor: Actor, p: PaymentInput, *, confirmed: bool = False
                    ) -> ReceiptView:
    """:func:`take_payment` inside the caller's transaction (a batch: ``services.batch``); the same
    checks, statements and records. On a refusal the caller rolls back what it wrote (its
    transaction or savepoint)."""
    require(actor, "revenue.receipt")
    rules.check_payment(p, ctx.today())
    day = p.on or ctx.today()
    key = rules.payment_ref_key(p)
    cal = ctx.pack.calendar
    _refuse_closed_day(ctx, s, actor, day)
    # Locks, always in this order: the employer (so two counters cannot both allocate the same
    # open month, nor accrue the same charges), the receipt counter, then the journal (inside
    # the postings: the charges accrued, the receipt).
    found = _EMPLOYER.rows(s, employer_id=p.employer_id)
    if not found:
        raise UnknownEmployer("There is no employer file #{id}.", id=p.employer_id)
    employer = _Payer(*found[0])
    dups = _DUPLICATE_OF.rows(s, method=p.method.value, ref_key=key)
    if dups:
        dup = dups[0]
        raise DuplicatePayment(_DUPLICATE[p.method], reference=dup[3],
                            number=receipt_number(dup[0], dup[1]), date=cal.format(dup[2]))
    year = cal.fiscal_year(day)
    number = _next_receipt_number(s, year)
    # the late charges due to the payment day accrued first (the prefill counted them), so the
    # split below covers them; idempotent, never twice for the same days
    accrue_charges_to(s, ctx, actor, employer.id, day)
    open_months, charges_open = _open_months(s, employer.id), open_charges(s, employer.id)
    doubt = rules.payment_doubt(ctx.pack, day, actor.role.value, p.amount,
                                sum(v for _m, v in open_months) + sum(v for _m, v in charges_open))
    if doubt is not None and not confirmed:
        raise ImplausibleAmount(doubt, ctx.pack.currency, actor.role)
    shares, charge_shares = rules.split_payment(p.amount, open_months, charges_open,
                                                rules.payment_order(ctx.pack, day), p.month)
    to_charges = sum(v for _m, v in charge_shares)
    doc = receipt_number(year, number)
    display = doc.canonical
    debit_role = "cheques_in_collection" if p.method is Method.CHEQUE else "revenue_bank"
    party = {"party_type": PARTY, "party_id": employer.id}
    debit_line = (LineInput(account(ctx, debit_role), debit=p.amount, **party)  # type: ignore[arg-type]
                  if p.method is Method.CHEQUE else LineInput(account(ctx, debit_role), debit=p.amount))
    text = stored_text("Receipt {number}: {method} {reference}, file {file_no}", number=doc,
                       method=Msg(METHOD_LABELS[p.method]), reference=p.reference.strip(),
                       file_no=employer.file_no)
    entry_id = post_revenue(s, ctx, actor, "revenue.receipt", day, text,
                            [debit_line, *credit_lines(ctx, p.amount, to_charges, employer.id)], f"RCPT-{display}")
    r: dict[str, Any] = dict(
        fiscal_year=year, number=number, kind=ReceiptKind.PAYMENT.value, employer_id=employer.id, receipt_date=day,
        amount=p.amount, method=p.method.value, bank=p.bank.strip(), bank_branch=p.bank_branch.strip(),
        reference=p.reference.strip(), ref_key=key,
        ref_date=p.ref_date or (day if p.method is Method.SLIP else None), due_date=p.due_date,
        drawer=p.drawer.strip(), target_year=p.month.year if p.month else None,
        target_month=p.month.month if p.month else None, status=ReceiptStatus.VALID.value,
        cheque_status=ChequeStatus.IN_HAND.value if p.method is Method.CHEQUE else None, entry_id=entry_id,
        clerk_id=actor.id, created_at=utcnow(),
    )
    try:  # a Core INSERT (compiled once), named for sealing at commit as the ORM's flush would
        receipt_id = int(s.connection().execute(_INSERT_RECEIPT, r).scalar_one())
    except SAIntegrityError:
        raise DuplicatePayment(_DUPLICATE[p.method], reference=p.reference.strip(), number="?", date="?") from None
    track(s, RECEIPT_KIND, [receipt_id])
    if shares:
        s.execute(Allocation.__table__.insert(), [  # type: ignore[attr-defined]
            {"receipt_id": receipt_id, "employer_id": employer.id, "year": ym.year, "month": ym.month,
             "kind": AllocationKind.PAYMENT.value, "amount": amount, "allocation_date": day} for ym, amount in shares
        ])
    if charge_shares:
        s.execute(ChargeAllocation.__table__.insert(), [  # type: ignore[attr-defined]
            {"receipt_id": receipt_id, "employer_id": employer.id, "year": ym.year, "month": ym.month,
             "kind": AllocationKind.PAYMENT.value, "amount": amount, "allocation_date": day}
            for ym, amount in charge_shares
        ])
    # what the payment changed: charges computed to the payment day do not move with a payment
    # made that day (it counts from the day after), except a waiver earned by a month's premium
    # paid in full (the SSO's, before an order); so again only when a month was cleared
    owed = dict(open_months)
    if any(amount >= owed.get(ym, 0) for ym, amount in shares):
        accrue_charges_to(s, ctx, actor, employer.id, day)
    audit_now(s, audit_values(actor, "revenue.receipt", "receipt", display, employer=employer.file_no,
                              amount=p.amount, charges=to_charges, method=p.method.value,
                              **({"confirmed_doubt": doubt.kind.value} if doubt else {})))
    # the view from what is known already (no more round trips inside the counter's transaction)
    return ReceiptView(
        id=receipt_id, fiscal_year=year, number=number, kind=ReceiptKind.PAYMENT, employer_id=employer.id,
        file_no=employer.file_no, employer_name=employer.name, employer_national_id=employer.national_id,
        receipt_date=day, amount=p.amount, method=p.method, bank=r["bank"], bank_branch=r["bank_branch"],
        reference=r["reference"], ref_date=r["ref_date"], due_date=r["due_date"], drawer=r["drawer"],
        status=ReceiptStatus.VALID, reason="", voids_number="", voided_by_number="",
        cheque_status=ChequeStatus.IN_HAND if p.method is Method.CHEQUE else None, clerk=actor.username,
        clerk_name=actor.full_name or actor.username, created_at=r["created_at"], entry_id=entry_id,
        allocations=tuple(AllocationView(ym, amount) for ym, amount in sorted(shares)),
        charge_allocations=tuple(AllocationView(ym, amount) for ym, amount in sorted(charge_shares)),
    )


class _Payer(NamedTuple):
    id: int
    file_no: str
    name: str
    national_id: str


# Read and written on every payment at the counter: compiled once. The employer's row is locked
# (FOR UPDATE on PostgreSQL; SQLite's writer holds the database).
_EMPLOYER = Prepared(select(Employer.id, Employer.file_no, Employer.name, Employer.national_id)
                     .where(Employer.id == bindparam("employer_id")).with_for_update())
_DUPLICATE_OF = Prepared(select(Receipt.fiscal_year, Receipt.number, Receipt.receipt_date, Receipt.reference).where(
    Receipt.method == bindparam("method"), Receipt.ref_key == bindparam("ref_key"),
    Receipt.kind == ReceiptKind.PAYMENT.value, Receipt.status == ReceiptStatus.VALID.value).limit(1))
_INSERT_RECEIPT = insert(Receipt.__table__).returning(Receipt.__table__.c.id)  # type: ignore[arg-type]
RECEIPT_KIND = "revenue.receipt"  # the receipts' record kind (revenue.records)


_DUPLICATE = {
    Method.SLIP: N_("The slip {reference} was already taken on receipt {number} ({date})."),
    Method.TRANSFER: N_("The transfer {reference} was already taken on receipt {number} ({date})."),
    Method.CHEQUE: N_("The cheque {reference} was already taken on receipt {number} ({date})."),
}



def get_receipt(ctx: BranchContext, actor: Actor, receipt_id: int) -> ReceiptView:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        r = s.get(Receipt, receipt_id)
        if r is None:
            raise UnknownReceipt("There is no receipt #{id}.", id=receipt_id)
        return receipt_view(s, r)


def find_receipt(ctx: BranchContext, actor: Actor, number: str) -> ReceiptView:
    """A receipt by its printed number ``YEAR-NNNNNN`` (or ``NNNNNN`` of this fiscal year)."""
    require(actor, "revenue.view")
    text = compact(number).translate(DIGITS_TO_ASCII)
    year = ctx.pack.calendar.fiscal_year(ctx.today())
    doc = parse_document_number(number)  # any way it is written: 1405-001350, ۱۴۰۵/۰۰۱۳۵۰
    if doc is not None:
        text, year = str(doc.number), doc.year
    if not text.isdigit():
        raise RevenueInputError("'{text}' is not a receipt number.", field="number", text=number)
    with ctx.db.read() as s:
        r = s.scalar(select(Receipt).where(Receipt.fiscal_year == year, Receipt.number == int(text)))
        if r is None:
            raise UnknownReceipt("There is no receipt {number}.", number=number)
        return receipt_view(s, r)


def void_receipt(ctx: BranchContext, actor: Actor, receipt_id: int, reason: str, on: dt.date | None = None
                 ) -> ReceiptView:
    """Void a mistaken receipt: a reversal entry, negative allocations, and a void printed on a
    new receipt number. The receipt itself stays, marked voided. A cheque already deposited,
    cleared or bounced cannot be voided."""
    require(actor, "revenue.void")
    with ctx.db.write() as s:
        return void_receipt_in(s, ctx, actor, receipt_id, reason, on)


def void_receipt_in(s: Session, ctx: BranchContext, actor: Actor, receipt_id: int, reason: str,
                    on: dt.date | None = None) -> ReceiptView:
    """:func:`void_receipt` inside the caller's transaction (a batch)."""
    require(actor, "revenue.void")
    reason = " ".join(reason.split())
    if not reason:
        raise RevenueInputError("A void needs a reason.", field="reason")
    day = on or ctx.today()
    cal = ctx.pack.calendar
    r = s.get(Receipt, receipt_id, with_for_update=True)
    if r is None:
        raise UnknownReceipt("There is no receipt #{id}.", id=receipt_id)
    doc = receipt_number(r.fiscal_year, r.number)
    display = doc.canonical
    if r.kind != ReceiptKind.PAYMENT:
        raise ReceiptNotVoidable("Receipt {number} is itself a void.", number=doc)
    if r.status == ReceiptStatus.VOIDED:
        raise ReceiptNotVoidable("Receipt {number} is already voided.", number=doc)
    if r.cheque_status not in (None, ChequeStatus.IN_HAND):
        raise ReceiptNotVoidable("The cheque of receipt {number} is {status}; it cannot be voided.", number=doc,
                                 status=cheque_status_label(r.cheque_status))
    if not actor.can("revenue.void_any"):
        if r.clerk_id != actor.id:
            raise NotOwnReceipt("A clerk can void only their own receipts.")
        if day_closed(s, actor.id, r.receipt_date):
            raise VoidNeedsAccountant("The day of receipt {number} is closed; an accountant can void it.",
                                      number=doc)
    _refuse_closed_day(ctx, s, actor, day)
    # lock order as in take_payment: the employer, the receipt counter, then the journal
    s.get(Employer, r.employer_id, with_for_update=True)
    year = cal.fiscal_year(day)
    number = _next_receipt_number(s, year)
    void_text = stored_text("Void of receipt {number}: {reason}", number=doc, reason=reason)
    rev_id = reverse_in(s, ctx, actor, r.entry_id, void_text.english(), day, authorised_by="revenue.void",
                        text=void_text)
    v = Receipt(
        fiscal_year=year, number=number, kind=ReceiptKind.VOID, employer_id=r.employer_id, receipt_date=day, amount=r.amount,
        method=r.method, bank=r.bank, bank_branch=r.bank_branch, reference=r.reference, ref_key="",
        ref_date=r.ref_date, due_date=r.due_date, drawer=r.drawer, status=ReceiptStatus.VALID, voids_id=r.id, reason=reason,
        entry_id=rev_id, clerk_id=actor.id, created_at=utcnow(),
    )
    s.add(v)
    s.flush()
    set_state(s, r, actor.id, status=ReceiptStatus.VOIDED.value, reason=reason)
    undo_allocations(s, r, v.id, AllocationKind.VOID, day)
    s.flush()
    audit(s, actor, "revenue.receipt.void", "receipt", display, void=f"{year}-{number:06d}", reason=reason)
    return receipt_view(s, v)



def employer_receipts(ctx: BranchContext, actor: Actor, employer_id: int, limit: int = 200) -> list[ReceiptView]:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        rs = s.scalars(select(Receipt).where(Receipt.employer_id == employer_id)
                       .order_by(Receipt.receipt_date.desc(), Receipt.id.desc()).limit(limit)).all()
        return receipt_views(s, rs)


def open_total(ctx: BranchContext, actor: Actor, employer_id: int) -> int:
    return sum(v for _m, v in open_months(ctx, actor, employer_id))


def owed_to_date(ctx: BranchContext, actor: Actor, employer_id: int) -> tuple[list[tuple[YearMonth, int]], int]:
    """The counter's prefill: the premium months still owed (oldest first) and the late-payment
    charges still owed today, computed to today by the department that charges them."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        return _open_months(s, employer_id), charges_to_date(s, ctx.pack, employer_id, ctx.today())


def open_charges_total(ctx: BranchContext, actor: Actor, employer_id: int) -> int:
    """The employer's accrued late-payment charges still unpaid (minor units)."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        return sum(v for _m, v in open_charges(s, employer_id))


def receipts_between(ctx: BranchContext, actor: Actor, start: dt.date, end: dt.date) -> Iterable[ReceiptView]:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        chunk: list[Receipt] = []
        for r in s.scalars(select(Receipt).where(and_(Receipt.receipt_date >= start, Receipt.receipt_date <= end))
                           .order_by(Receipt.id)):
            chunk.append(r)
            if len(chunk) == _VIEWS_AT_ONCE:
                yield from receipt_views(s, chunk)
                chunk = []
        yield from receipt_views(s, chunk)


_VIEWS_AT_ONCE = 400  # receipts read before their views are made together (common.receipt_views)


def search_receipts(ctx: BranchContext, actor: Actor, text: str, limit: int = 10) -> list[ReceiptView]:
    """Receipts whose printed number is ``text`` (``YEAR-NNNNNN``, ``YEAR/NNNNNN``, or the number of
    any year, newest first) or, when no number matches, those whose slip, transfer or cheque number
    is ``text``. Index look-ups only."""
    require(actor, "revenue.view")
    plain = text.strip().translate(DIGITS_TO_ASCII)
    parts = [p for p in plain.replace("/", "-").split("-") if p.strip()]
    if not parts:
        return []
    found: list[Receipt] = []
    with ctx.db.read() as s:
        number = parts[-1].strip()
        if number.isdigit() and len(parts) <= 2 and (len(parts) == 1 or parts[0].strip().isdigit()):
            stmt = select(Receipt).where(Receipt.number == int(number))
            if len(parts) == 2:
                stmt = stmt.where(Receipt.fiscal_year == int(parts[0]))
            else:  # each fiscal year is probed on the (year, number) index: no scan of the receipts
                stmt = stmt.where(Receipt.fiscal_year.in_(select(FiscalPeriod.year).distinct()))
            found += s.scalars(stmt.order_by(Receipt.fiscal_year.desc()).limit(limit))
        if not found:
            by_reference = select(Receipt).where(Receipt.reference == plain.strip()).order_by(Receipt.id.desc())
            found += s.scalars(by_reference.limit(limit))
        return receipt_views(s, found[:limit])
