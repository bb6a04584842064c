"""Bank transfer lists: approved benefits paid to the insured's IBANs from one of the branch's
bank accounts, instead of a cheque each. One person prepares the list (the bank's file and the
printed list come from it), another posts it: one ledger entry (Dr each benefit's expense account /
Cr the bank), accounting's payment documents settled, every claim on it marked paid."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.ledger import services as ledger
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.models import utcnow
from branch_desktop.core.records import set_state
from branch_desktop.core.security import Actor, audit, require, user_names
from branch_desktop.core.texts import Msg, stored_text
from branch_desktop.insured.exceptions import SamePreparer, TransferRefused
from branch_desktop.insured.models import Claim, Decision, InsuredPerson, Payment, TransferLine, TransferList
from branch_desktop.insured.services.common import document_number, fiscal_year, next_number, split_number
from branch_desktop.insured.types import (
    TRANSFER_STATE_LABELS,
    PayableView,
    PaymentState,
    TransferLineView,
    TransferListView,
    TransferState,
)

LIVE = (TransferState.PREPARED.value, TransferState.POSTED.value)


def _listed(s: Session) -> set[int]:
    return set(s.scalars(select(TransferLine.payment_id).join(TransferList, TransferList.id == TransferLine.list_id)
                         .where(TransferList.status.in_(LIVE))))


def payable_claims(ctx: BranchContext, actor: Actor) -> list[PayableView]:
    """Approved benefits still due and on no live transfer list, oldest first."""
    require(actor, "insured.view")
    cur = ctx.pack.currency
    with ctx.db.read() as s:
        listed = _listed(s)
        rows = s.execute(select(Payment, Claim, InsuredPerson, Decision.decision_date)
                         .join(Claim, Claim.id == Payment.claim_id)
                         .join(InsuredPerson, InsuredPerson.id == Claim.person_id)
                         .join(Decision, Decision.id == Payment.decision_id)
                         .where(Payment.status == PaymentState.DUE.value).order_by(Payment.id)).all()
        return [PayableView(payment_id=p.id, claim_id=c.id, claim_number=document_number(c.fiscal_year, c.number),
                            reference=p.reference, person_name=f"{who.first_name} {who.last_name}",
                            national_id=who.national_id, iban=who.iban, kind=c.kind, amount=cur.from_minor(p.amount),
                            decided_on=day)
                for p, c, who, day in rows if p.id not in listed]


def prepare_transfer_list(ctx: BranchContext, actor: Actor, bank_account_code: str, payment_ids: Sequence[int],
                          list_date: dt.date | None = None) -> TransferListView:
    """A list of the chosen due payments; every payee needs an IBAN on their record."""
    require(actor, "insured.transfer")
    from branch_desktop.accounting.banking import services as banking

    if not ctx.pack.settings.get("benefit_transfer_lists", False):
        raise TransferRefused("This branch pays benefits by cheque only: its pack allows no bank transfer list.",
                              field="payments")
    if not payment_ids:
        raise TransferRefused("Choose at least one approved benefit for the list.", field="payments")
    account = banking.get_bank_account(ctx, actor, bank_account_code)
    if not account.allows_outgoing:
        raise TransferRefused("The bank account {code} refuses outgoing payments.", field="bank_account",
                              code=account.code)
    day = list_date or ctx.today()
    with ctx.db.write() as s:
        listed = _listed(s)
        rows = s.execute(select(Payment, InsuredPerson).join(Claim, Claim.id == Payment.claim_id)
                         .join(InsuredPerson, InsuredPerson.id == Claim.person_id)
                         .where(Payment.id.in_(sorted(set(payment_ids)))).order_by(Payment.id)
                         .with_for_update()).all()
        if len(rows) != len(set(payment_ids)):
            raise TransferRefused("A chosen benefit does not exist.", field="payments")
        busy = [p.reference for p, _who in rows if p.status != PaymentState.DUE.value or p.id in listed]
        if busy:
            raise TransferRefused("Paid already or on another transfer list: {references}.", field="payments",
                                  references=", ".join(busy))
        no_iban = [f"{who.first_name} {who.last_name}" for _p, who in rows if not who.iban]
        if no_iban:
            raise TransferRefused("No IBAN on the record of: {names}. Add it in the person's record.", field="iban",
                                  names=", ".join(no_iban))
        year = fiscal_year(ctx, day)
        total = sum(p.amount for p, _who in rows)
        head = TransferList(fiscal_year=year, number=next_number(s, "transfer", year), bank_account_code=account.code,
                            list_date=day, total=total, count=len(rows), prepared_by=actor.id, prepared_at=utcnow(),
                            status=TransferState.PREPARED.value)
        s.add(head)
        s.flush()
        s.add_all(TransferLine(list_id=head.id, line_no=n, payment_id=p.id, payee=f"{who.first_name} {who.last_name}",
                               national_id=who.national_id, iban=who.iban, amount=p.amount)
                  for n, (p, who) in enumerate(rows, start=1))
        s.flush()
        audit(s, actor, "insured.transfer.prepare", "transfer_list", document_number(year, head.number), total=total,
              count=len(rows))
        return _view(ctx, s, head, account.name, account.iban)


def prepare_due_transfer_list(ctx: BranchContext, actor: Actor, bank_account_code: str,
                              until: dt.date | None = None) -> tuple[TransferListView, list[PayableView]]:
    """A list of every approved benefit due (decided on or before ``until``) whose payee has an
    IBAN; also returns the ones left off for want of an IBAN."""
    require(actor, "insured.transfer")
    due = [p for p in payable_claims(ctx, actor)
           if until is None or (p.decided_on is not None and p.decided_on <= until)]
    chosen = [p.payment_id for p in due if p.iban]
    if not chosen:
        raise TransferRefused("No approved benefit is due for a transfer list (decided by then, with an IBAN).",
                              field="payments")
    return prepare_transfer_list(ctx, actor, bank_account_code, chosen), [p for p in due if not p.iban]


def post_transfer_list(ctx: BranchContext, actor: Actor, list_id: int) -> TransferListView:
    """Post the list (four eyes: not by who prepared it): one entry, the documents settled, the
    claims paid on the list's date."""
    require(actor, "insured.transfer")
    from branch_desktop.accounting.banking import listeners
    from branch_desktop.accounting.banking import services as banking

    with ctx.db.read() as s:
        code = _list(s, list_id).bank_account_code
    account = banking.get_bank_account(ctx, actor, code)
    with ctx.db.write() as s:
        head = _list(s, list_id, lock=True)
        if head.status != TransferState.PREPARED.value:
            raise TransferRefused("The transfer list {number} is {status}; only a prepared list is posted.",
                                  field="status", number=_number(head),
                                  status=Msg(TRANSFER_STATE_LABELS[TransferState(head.status)]))
        if head.prepared_by == actor.id:
            raise SamePreparer("The person who prepared a transfer list may not post it (four eyes).")
        lines = _lines(s, head.id)
        by_role: dict[str, int] = defaultdict(int)
        for _line, payment in lines:
            by_role[payment.account_role] += payment.amount
        number = _number(head)
        entry_id = ledger.post_entry_in(s, ctx, actor, EntryInput(
            journal_code=ctx.pack.journal_code("legal_obligations"), entry_date=head.list_date, description="",
            text=stored_text("Transfer list {number}: {count} benefits", number=number, count=head.count),
            lines=(*(LineInput(ctx.pack.account_code(role), debit=amount, memo=number)
                     for role, amount in sorted(by_role.items())),
                   LineInput(account.ledger_code, credit=head.total, memo=account.iban[:300])),
            reference=number), authorised_by="insured.transfer")
        listeners.settle_transferred(s, ctx, actor, [p.reference for _line, p in lines], paid_on=head.list_date,
                                     entry_id=entry_id, instrument=number)
        set_state(s, head, actor.id, status=TransferState.POSTED.value, entry_id=entry_id, posted_by=actor.id,
                  posted_at=utcnow())
        audit(s, actor, "insured.transfer.post", "transfer_list", number, entry=entry_id)
        return _view(ctx, s, head, account.name, account.iban)


def cancel_transfer_list(ctx: BranchContext, actor: Actor, list_id: int) -> TransferListView:
    """A prepared list not sent to the bank is cancelled; its benefits may go on another list."""
    require(actor, "insured.transfer")
    with ctx.db.write() as s:
        head = _list(s, list_id, lock=True)
        if head.status != TransferState.PREPARED.value:
            raise TransferRefused("The transfer list {number} is {status}; only a prepared list is cancelled.",
                                  field="status", number=_number(head),
                                  status=Msg(TRANSFER_STATE_LABELS[TransferState(head.status)]))
        set_state(s, head, actor.id, status=TransferState.CANCELLED.value)
        audit(s, actor, "insured.transfer.cancel", "transfer_list", _number(head))
        return _view(ctx, s, head)


def transfer_list_id_by_number(ctx: BranchContext, actor: Actor, number: str) -> int:
    """The transfer list written ``YEAR/NUMBER`` (as printed, in any digits)."""
    require(actor, "insured.view")
    parts = split_number(number)
    if parts is None:
        raise TransferRefused("A transfer list number is written YEAR/NUMBER, not '{text}'.", field="list",
                              text=number)
    year, seq = parts
    with ctx.db.read() as s:
        found = s.scalar(select(TransferList.id).where(TransferList.fiscal_year == year, TransferList.number == seq))
    if found is None:
        raise TransferRefused("No transfer list {number}.", field="list", number=number)
    return int(found)


def get_transfer_list(ctx: BranchContext, actor: Actor, list_id: int) -> TransferListView:
    require(actor, "insured.view")
    return _with_bank(ctx, actor, list_id)


def transfer_lists(ctx: BranchContext, actor: Actor) -> list[TransferListView]:
    """Every transfer list, the newest first (without their lines)."""
    require(actor, "insured.view")
    with ctx.db.read() as s:
        heads = s.scalars(select(TransferList).order_by(TransferList.id.desc()).limit(500)).all()
        names = user_names(s, [x for h in heads for x in (h.prepared_by, h.posted_by)])
        return [_view(ctx, s, head, lines=False, names=names) for head in heads]


def _with_bank(ctx: BranchContext, actor: Actor, list_id: int) -> TransferListView:
    from branch_desktop.accounting.banking import services as banking

    with ctx.db.read() as s:
        code = _list(s, list_id).bank_account_code
    name, iban = "", ""
    if actor.can("banking.view"):
        account = banking.get_bank_account(ctx, actor, code)
        name, iban = account.name, account.iban
    with ctx.db.read() as s:
        return _view(ctx, s, _list(s, list_id), name, iban)


def _list(s: Session, list_id: int, *, lock: bool = False) -> TransferList:
    head = s.get(TransferList, list_id, with_for_update=lock)
    if head is None:
        raise TransferRefused("No transfer list number {id}.", field="list", id=list_id)
    return head


def _lines(s: Session, list_id: int) -> list[tuple[TransferLine, Payment]]:
    return [(line, p) for line, p in s.execute(
        select(TransferLine, Payment).join(Payment, Payment.id == TransferLine.payment_id)
        .where(TransferLine.list_id == list_id).order_by(TransferLine.line_no)).all()]


def _number(head: TransferList) -> str:
    return document_number(head.fiscal_year, head.number)


def _view(ctx: BranchContext, s: Session, head: TransferList, bank_name: str = "", bank_iban: str = "", *,
          lines: bool = True, names: dict[int, str] | None = None) -> TransferListView:
    """``names``: who prepared and posted the lists (read once for a list of them)."""
    cur = ctx.pack.currency
    if names is None:
        names = user_names(s, (head.prepared_by, head.posted_by))
    return TransferListView(
        id=head.id, number=_number(head), bank_account_code=head.bank_account_code, bank_name=bank_name,
        bank_iban=bank_iban, list_date=head.list_date, total=cur.from_minor(head.total), count=head.count,
        status=TransferState(head.status), prepared_by=names.get(head.prepared_by, ""),
        posted_by=names.get(head.posted_by, "") if head.posted_by else "", entry_id=head.entry_id,
        lines=[TransferLineView(line_no=line.line_no, payee=line.payee, national_id=line.national_id, iban=line.iban,
                                amount=cur.from_minor(line.amount), reference=p.reference)
               for line, p in _lines(s, head.id)] if lines else [])
