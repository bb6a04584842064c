"""How a legal-obligation payment document becomes paid, and who hears of it.

A preparing department (insured affairs) writes its payment documents with its own reference
(``BEN-...``) and subscribes to that reference's prefix from its ``register(reg)`` with a
``"module:function"`` name. When a cheque for such a document is posted, or a bank transfer list
settles it (:func:`settle_transferred`), banking calls ``function(session, ctx, actor, event)``
inside the same transaction: the department marks its own record paid, or the whole posting is
undone. Banking imports no department: the function is imported by name when it is called.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the departments subscribe at start-up (app_registry.load): nothing heavy imported then
    from sqlalchemy.orm import Session

    from branch_desktop.core.branch import BranchContext
    from branch_desktop.core.security import Actor

CHEQUE = "cheque"
TRANSFER = "transfer"


@dataclass(frozen=True, kw_only=True)
class PaymentPaid:
    """A payment document was paid: by which instrument (cheque number, transfer list number), on
    which day, through which ledger entry."""

    reference: str
    amount: int  # minor units
    paid_on: dt.date
    entry_id: int
    method: str  # CHEQUE | TRANSFER
    instrument: str


class Listener(Protocol):
    def __call__(self, s: Session, ctx: BranchContext, actor: Actor, event: PaymentPaid) -> None: ...


_LISTENERS: dict[str, str] = {}  # reference prefix -> "module:function"


def subscribe(prefix: str, target: str) -> None:
    """Call ``target`` ("module:function") for every paid document whose reference starts with
    ``prefix`` (subscribing again is a no-op)."""
    if ":" not in target or not prefix:
        raise ValueError(f"subscribe({prefix!r}, {target!r}): a prefix and a 'module:function' are needed")
    _LISTENERS[prefix] = target


def payment_paid(s: Session, ctx: BranchContext, actor: Actor, event: PaymentPaid) -> None:
    """Tell the subscribers of the document's reference (in the paying transaction)."""
    for prefix, target in list(_LISTENERS.items()):
        if event.reference.startswith(prefix):
            module, function = target.split(":")
            listener: Listener = getattr(importlib.import_module(module), function)
            listener(s, ctx, actor, event)


def settle_transferred(s: Session, ctx: BranchContext, actor: Actor, references: Sequence[str], *,
                       paid_on: dt.date, entry_id: int, instrument: str) -> None:
    """Mark payment documents paid by a bank transfer list whose ledger entry the caller posted in
    this transaction (the caller checked its permission). A document that is paid already or has
    a cheque that is not spoiled is refused: it is never paid twice."""
    from sqlalchemy import select

    from branch_desktop.accounting.banking.models import IssuedCheque, PaymentDocument
    from branch_desktop.accounting.banking.states import ChequeStatus, PaymentDocumentStatus
    from branch_desktop.core.errors import ConflictError, NotFound
    from branch_desktop.core.security import audit

    for reference in references:
        d = s.scalar(select(PaymentDocument).where(PaymentDocument.reference == reference).with_for_update())
        if d is None:
            raise NotFound("There is no payment document {reference}.", reference=reference)
        if d.status == PaymentDocumentStatus.PAID:
            raise ConflictError("The payment document {reference} is paid already.", reference=reference)
        if s.scalar(select(IssuedCheque.number).where(IssuedCheque.payment_document_id == d.id,
                                                      IssuedCheque.status != ChequeStatus.SPOILED)):
            raise ConflictError("A cheque was issued for {reference} already.", reference=reference)
        d.status = PaymentDocumentStatus.PAID
        audit(s, actor, "banking.payment.transfer", "payment_document", d.reference, list=instrument,
              entry=entry_id)
        payment_paid(s, ctx, actor, PaymentPaid(reference=d.reference, amount=d.amount, paid_on=paid_on,
                                                entry_id=entry_id, method=TRANSFER, instrument=instrument))
