"""What an approved decision owes, and when it is paid: the payment is due from the decision on,
and paid when accounting posts the cheque for its payment document or a bank transfer list pays
it (banking calls :func:`on_payment_paid` in the paying transaction; the change is a chained
state change of the payment, ``core.records.set_state``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from branch_desktop.accounting.banking.listeners import PaymentPaid
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.records import set_state
from branch_desktop.core.security import Actor, audit
from branch_desktop.insured.models import Payment
from branch_desktop.insured.types import PaymentMethod, PaymentState

REFERENCE_PREFIX = "BEN-"


def add_payment(s: Session, decision_id: int, claim_id: int, reference: str, account_role: str, amount: int) -> Payment:
    row = Payment(decision_id=decision_id, claim_id=claim_id, reference=reference, account_role=account_role,
                  amount=amount, status=PaymentState.DUE.value, instrument="")
    s.add(row)
    s.flush()
    return row


def on_payment_paid(s: Session, ctx: BranchContext, actor: Actor, event: PaymentPaid) -> None:
    """Banking posted what pays one of our payment documents: the payment (and so the claim) is paid."""
    row = s.scalar(select(Payment).where(Payment.reference == event.reference).with_for_update())
    if row is None or row.status == PaymentState.PAID.value:
        return
    set_state(s, row, actor.id, status=PaymentState.PAID.value, paid_on=event.paid_on,
              method=PaymentMethod(event.method).value, instrument=event.instrument[:40], entry_id=event.entry_id)
    audit(s, actor, "insured.claim.paid", "payment", row.reference, method=event.method, instrument=event.instrument)


def payment_of_decision(s: Session, decision_id: int) -> Payment | None:
    return s.scalar(select(Payment).where(Payment.decision_id == decision_id))
