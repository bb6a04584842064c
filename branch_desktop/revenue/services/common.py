"""Helpers the revenue subjects share: posting on the department's authority, account roles, the
views of an employer and of a receipt, the closed-day test, undoing a receipt's allocations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ledger.services import post_entry_in
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.models import User
from branch_desktop.core.packs import Pack
from branch_desktop.core.security import Actor
from branch_desktop.core.storage import Prepared
from branch_desktop.core.texts import (
    Msg,
    StoredText,
    receipt_number,
)
from branch_desktop.revenue.models import (
    Allocation,
    ChargeAllocation,
    DayClose,
    Employer,
    Receipt,
)
from branch_desktop.revenue.states import (
    AllocationKind,
    ChequeStatus,
    EmployerStatus,
    ReceiptKind,
    ReceiptStatus,
)
from branch_desktop.revenue.types import (
    CHEQUE_STATUS_LABELS,
    PARTY,
    AllocationView,
    EmployerView,
    Method,
    ReceiptView,
)

# -- posting on the department's authority ----------------------------------------------------


def post_revenue(s: Session, ctx: BranchContext, actor: Actor, authority: str, day: dt.date, text: StoredText,
                 lines: list[LineInput], reference: str = "") -> int:
    """Post to the revenue journal on the authority of a revenue permission (a clerk holds
    ``revenue.receipt``, not ``ledger.post``); the entry is posted by, and audited as, the user.
    ``text``: the description as a message, rendered in each reader's language."""
    entry = EntryInput(ctx.pack.journal_code("revenue"), day, text.english()[:500], tuple(lines), reference[:120],
                       text=text)
    return post_entry_in(s, ctx, actor, entry, authorised_by=authority)


def credit_lines(ctx: BranchContext, amount: int, to_charges: int, employer_id: int, *, debit: bool = False
                 ) -> list[LineInput]:
    """A receipt's lines on the employer's receivables: the premium part on premiums receivable and
    the charges part on late charges receivable (credits; debits when a bounce puts them back)."""
    parts = [("premiums_receivable", amount - to_charges), ("late_charges_receivable", to_charges)]
    return [LineInput(account(ctx, role), **{"debit" if debit else "credit": value},  # type: ignore[arg-type]
                      party_type=PARTY, party_id=employer_id)
            for role, value in parts if value]


def cheque_status_label(status: str | None) -> Msg:
    """A cheque's status for a message, translated (never gettext(""), which is the catalogue header)."""
    return Msg(CHEQUE_STATUS_LABELS[ChequeStatus(status)]) if status else Msg("")


def account(ctx: BranchContext, role: str) -> str:
    """The account code the pack gives an account role."""
    return ctx.pack.account_code(role)



def employer_view(s: Session, e: Employer) -> EmployerView:
    user = s.scalar(select(User.username).where(User.id == e.updated_by)) if e.updated_by else ""
    return EmployerView(id=e.id, file_no=e.file_no, name=e.name, national_id=e.national_id, address=e.address,
                        phone=e.phone, iban=e.iban, business_code=e.business_code, risk_class=e.risk_class,
                        rate_class=e.rate_class, status=EmployerStatus(e.status), opened_on=e.opened_on,
                        closed_on=e.closed_on, version=e.version, updated_by=user or "", updated_at=e.updated_at)



# Read on every payment at the counter: compiled once (storage.Prepared; the day as the ISO text
# both databases take for a date).
_DAY_CLOSED = Prepared(select(DayClose.id).where(DayClose.clerk_id == bindparam("clerk_id"),
                                                 DayClose.day == bindparam("day")).limit(1))


def day_closed(s: Session, clerk_id: int, day: dt.date) -> bool:
    """Whether the clerk's counter day is closed."""
    return bool(_DAY_CLOSED.rows(s, clerk_id=clerk_id, day=day.isoformat()))



def receipt_view(s: Session, r: Receipt) -> ReceiptView:
    return receipt_views(s, [r])[0]


def receipt_views(s: Session, receipts: Sequence[Receipt]) -> list[ReceiptView]:
    """The views of receipts, read together: their employers, clerks, shares and void links in a
    few queries per chunk of receipts, not five per receipt (a day's summary, a period's list)."""
    out: list[ReceiptView] = []
    for i in range(0, len(receipts), _CHUNK):
        out += _views(s, receipts[i:i + _CHUNK])
    return out


_CHUNK = 400  # receipts per round of look-ups (each an IN list under every database's limit)


def _views(s: Session, rs: Sequence[Receipt]) -> list[ReceiptView]:
    if not rs:
        return []
    ids = [r.id for r in rs]
    employers = {e.id: e for e in s.scalars(select(Employer).where(Employer.id.in_({r.employer_id for r in rs})))}
    clerks = {row[0]: (row[1], row[2]) for row in s.execute(
        select(User.id, User.username, User.full_name).where(User.id.in_({r.clerk_id for r in rs})))}
    shares = {model: _shares_of(s, model, ids) for model in (Allocation, ChargeAllocation)}
    voided_ids = [r.voids_id for r in rs if r.voids_id]
    numbers = {row[0]: receipt_number(row[1], row[2]).canonical for row in s.execute(
        select(Receipt.id, Receipt.fiscal_year, Receipt.number).where(Receipt.id.in_(voided_ids)))} if voided_ids else {}
    voided_by: dict[int, str] = {}
    unvoiding = [r.id for r in rs if not r.voids_id]
    if unvoiding:
        for voids_id, year, number in s.execute(
                select(Receipt.voids_id, Receipt.fiscal_year, Receipt.number)
                .where(Receipt.voids_id.in_(unvoiding)).order_by(Receipt.id)):
            if voids_id is not None:
                voided_by.setdefault(voids_id, receipt_number(year, number).canonical)
    views = []
    for r in rs:
        e = employers[r.employer_id]
        clerk = clerks[r.clerk_id]
        views.append(ReceiptView(
            id=r.id, fiscal_year=r.fiscal_year, number=r.number, kind=ReceiptKind(r.kind), employer_id=e.id,
            file_no=e.file_no, employer_name=e.name, employer_national_id=e.national_id, receipt_date=r.receipt_date,
            amount=r.amount, method=Method(r.method), bank=r.bank, bank_branch=r.bank_branch, reference=r.reference,
            ref_date=r.ref_date, due_date=r.due_date, drawer=r.drawer, status=ReceiptStatus(r.status), reason=r.reason,
            voids_number=numbers[r.voids_id] if r.voids_id else "",
            voided_by_number="" if r.voids_id else voided_by.get(r.id, ""),
            cheque_status=ChequeStatus(r.cheque_status) if r.cheque_status else None, clerk=clerk[0],
            clerk_name=clerk[1] or clerk[0], created_at=r.created_at, entry_id=r.entry_id,
            allocations=tuple(AllocationView(YearMonth(y, m), a) for y, m, a in shares[Allocation].get(r.id, ())
                              if a != 0),
            charge_allocations=tuple(AllocationView(YearMonth(y, m), a)
                                     for y, m, a in shares[ChargeAllocation].get(r.id, ()) if a != 0),
        ))
    return views


def _shares_of(s: Session, model: type[Allocation] | type[ChargeAllocation], receipt_ids: list[int]
               ) -> dict[int, list[tuple[int, int, int]]]:
    """Receipts' shares of a kind, per month: receipt id -> [(year, month, amount)], oldest month first."""
    out: dict[int, list[tuple[int, int, int]]] = {}
    for rid, y, m, a in s.execute(
            select(model.receipt_id, model.year, model.month, func.sum(model.amount))
            .where(model.receipt_id.in_(receipt_ids))
            .group_by(model.receipt_id, model.year, model.month).order_by(model.receipt_id, model.year, model.month)):
        out.setdefault(rid, []).append((y, m, int(a)))
    return out


def _receipt_shares(s: Session, model: type[Allocation] | type[ChargeAllocation], receipt_id: int
                    ) -> list[tuple[int, int, int]]:
    """A receipt's shares of a kind, per month: (year, month, amount), oldest month first."""
    return _shares_of(s, model, [receipt_id]).get(receipt_id, [])


# -- late-payment charges accrued by another department (app_registry.add_charge_source) -------


def accrued_charges(s: Session, employer_id: int) -> dict[tuple[int, int], int]:
    """The employer's late-payment charges accrued by the registered providers, per month."""
    out: dict[tuple[int, int], int] = {}
    for provider in _providers("charge_sources"):
        for key, amount in provider(s, employer_id).items():
            out[key] = out.get(key, 0) + int(amount)
    return out


def _providers(kind: str) -> list[Any]:
    """The functions the departments registered as ``kind`` (``app_registry.add_charge_source``);
    resolved once per registry (the counter asks on every payment)."""
    import importlib

    from branch_desktop import app_registry

    registry = app_registry.load()
    found = _RESOLVED.get(kind)
    if found is not None and found[0] is registry:
        return found[1]
    out = []
    for target in getattr(registry, kind):
        module, function = target.split(":")
        out.append(getattr(importlib.import_module(module), function))
    _RESOLVED[kind] = (registry, out)
    return out


_RESOLVED: dict[str, tuple[Any, list[Any]]] = {}  # kind: (the registry, its functions)


def accrue_charges_to(s: Session, ctx: BranchContext, actor: Actor, employer_id: int, day: dt.date) -> None:
    """Have the providers accrue the employer's late-payment charges due to ``day`` in this
    transaction, on the authority of ``revenue.receipt`` (the counter; idempotent)."""
    for provider in _providers("charge_accruers"):
        provider(s, ctx, actor, employer_id, day, "revenue.receipt")


def charges_to_date(s: Session, pack: Pack, employer_id: int, day: dt.date) -> int:
    """The employer's late-payment charges still owed on ``day`` (minor units), as the providers
    registered with ``to_date`` compute them to that day (the counter's prefilled amount)."""
    return sum(int(v) for provider in _providers("charge_sources_to_date")
               for v in provider(s, pack, employer_id, day).values())


def charges_paid(s: Session, employer_id: int) -> dict[tuple[int, int], int]:
    """What receipts paid of the employer's late-payment charges, per month (voids and bounces net)."""
    return {(y, m): int(a or 0) for y, m, a in _CHARGES_PAID.rows(s, employer_id=employer_id)}


_CHARGES_PAID = Prepared(  # read on every payment at the counter: compiled once
    select(ChargeAllocation.year, ChargeAllocation.month, func.sum(ChargeAllocation.amount))
    .where(ChargeAllocation.employer_id == bindparam("employer_id"))
    .group_by(ChargeAllocation.year, ChargeAllocation.month))


def open_charges(s: Session, employer_id: int) -> list[tuple[YearMonth, int]]:
    """The employer's accrued late-payment charges still unpaid, per month, oldest first."""
    paid = charges_paid(s, employer_id)
    return [(YearMonth(y, m), a - paid.get((y, m), 0)) for (y, m), a in sorted(accrued_charges(s, employer_id).items())
            if a - paid.get((y, m), 0) > 0]



def undo_allocations(s: Session, r: Receipt, receipt_id: int, kind: AllocationKind, day: dt.date) -> None:
    """Set the negative of each of ``r``'s allocations (premiums and late charges) against its month
    (a void or a bounce)."""
    for model in (Allocation, ChargeAllocation):
        values = [{"receipt_id": receipt_id, "employer_id": r.employer_id, "year": y, "month": m,
                   "kind": kind.value, "amount": -a, "allocation_date": day}
                  for y, m, a in _receipt_shares(s, model, r.id) if a]
        if values:
            s.execute(model.__table__.insert(), values)  # type: ignore[attr-defined]

