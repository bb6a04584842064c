"""Legal-obligation payments: the preparing unit's payment documents, accounting's check, cheque
books, cheques written, signed by two people, handed over (posted) or spoiled, and the month's
payment report for the provincial office."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branch_desktop.accounting.banking import listeners, rules
from branch_desktop.accounting.banking.exceptions import (
    ChequeAlreadyIssued,
    ChequeBookOverlap,
    ChequeBookRange,
    ChequeBookTooLarge,
    ChequeWithoutDocument,
    DocumentNotChecked,
    DuplicatePaymentDocument,
    MissingApprovals,
    NoChequeLeft,
    NonPositiveAmount,
    OutgoingRefused,
    PaymentDocumentIncomplete,
    PaymentDocumentNoInsured,
    PaymentDocumentStateError,
    SpoilReasonMissing,
    UnknownBenefit,
    UnknownCheque,
    UnknownPaymentDocument,
)
from branch_desktop.accounting.banking.models import BankAccount, ChequeBook, IssuedCheque, PaymentDocument
from branch_desktop.accounting.banking.services.common import account_row, ledger_code_of, month_bounds
from branch_desktop.accounting.banking.states import ChequeStatus, PaymentDocumentStatus
from branch_desktop.accounting.banking.types import (
    ChequeBookView,
    ChequeView,
    PaymentDocumentInput,
    PaymentDocumentView,
    PaymentReport,
)
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger import services as ledger
from branch_desktop.core.ledger.models import Account
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.models import utcnow
from branch_desktop.core.records import set_state
from branch_desktop.core.security import Actor, Role, audit, require, user_names
from branch_desktop.core.texts import join_list, stored_text

# -- payment documents ---------------------------------------------------------------------------


def _doc_view(d: PaymentDocument) -> PaymentDocumentView:
    return PaymentDocumentView(
        id=d.id, reference=d.reference, insured_id=d.insured_id, insured_name=d.insured_name,
        benefit_type=d.benefit_type, amount=d.amount, period=d.period, document_date=d.document_date,
        prepared_by=d.prepared_by, checked_by=d.checked_by, approved_by=d.approved_by,
        status=PaymentDocumentStatus(d.status))


def create_payment_document(ctx: BranchContext, actor: Actor, doc: PaymentDocumentInput) -> PaymentDocumentView:
    """Enter a payment document of the preparing unit (by hand until insured affairs sends it)."""
    require(actor, "banking.payments")
    with ctx.db.write() as s:
        return add_payment_document(s, ctx, actor, doc)


def add_payment_document(s: Session, ctx: BranchContext, actor: Actor, doc: PaymentDocumentInput) -> PaymentDocumentView:
    """The same inside the preparing department's own transaction (an approved benefit decision
    and its payment document commit together); the caller checked its own permission."""
    if not doc.reference.strip():
        raise PaymentDocumentIncomplete()
    if not doc.insured_name.strip() or not doc.insured_id.strip():
        raise PaymentDocumentNoInsured()
    if doc.amount <= 0:
        raise NonPositiveAmount()
    if not doc.benefit_type.startswith("benefit_") or doc.benefit_type not in ctx.pack.account_roles:
        raise UnknownBenefit(benefit=doc.benefit_type)
    ym = ctx.pack.calendar.parse_year_month(doc.period)
    if s.scalar(select(PaymentDocument.id).where(PaymentDocument.reference == doc.reference.strip())):
        raise DuplicatePaymentDocument(reference=doc.reference)
    row = PaymentDocument(reference=doc.reference.strip(), insured_id=doc.insured_id.strip(),
                          insured_name=doc.insured_name.strip(), benefit_type=doc.benefit_type, amount=doc.amount,
                          period=str(ym), document_date=doc.document_date, prepared_by=doc.prepared_by.strip(),
                          checked_by=doc.checked_by.strip(), approved_by=doc.approved_by.strip(),
                          status=PaymentDocumentStatus.ENTERED, created_by=actor.id, created_at=utcnow())
    s.add(row)
    s.flush()
    audit(s, actor, "banking.payment.create", "payment_document", row.reference, amount=doc.amount)
    return _doc_view(row)


def check_payment_document(ctx: BranchContext, actor: Actor, document_id: int) -> PaymentDocumentView:
    """Accounting's check: the document carries its three approvals (prepared, checked, approved)."""
    require(actor, "banking.cheques")
    with ctx.db.write() as s:
        d = s.get(PaymentDocument, document_id)
        if d is None:
            raise UnknownPaymentDocument(id=document_id)
        if d.status != PaymentDocumentStatus.ENTERED:
            raise PaymentDocumentStateError(reference=d.reference, status=rules.status_text(d.status))
        missing = [label for label, value in ((_("prepared by"), d.prepared_by), (_("checked by"), d.checked_by),
                                              (_("approved by"), d.approved_by)) if not value.strip()]
        if missing:
            raise MissingApprovals(reference=d.reference, missing=join_list(missing))
        d.status, d.checked_by_user = PaymentDocumentStatus.CHECKED, actor.id
        audit(s, actor, "banking.payment.check", "payment_document", d.reference)
        return _doc_view(d)


def list_payment_documents(ctx: BranchContext, actor: Actor,
                           status: PaymentDocumentStatus | None = None) -> list[PaymentDocumentView]:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        q = select(PaymentDocument).order_by(PaymentDocument.id)
        if status:
            q = q.where(PaymentDocument.status == PaymentDocumentStatus(status))
        return [_doc_view(d) for d in s.scalars(q)]


# -- cheque books ------------------------------------------------------------------------------


def register_cheque_book(ctx: BranchContext, actor: Actor, account_code: str, first: int, last: int,
                         series: str = "") -> ChequeBookView:
    require(actor, "banking.cheques")
    if first <= 0 or last < first:
        raise ChequeBookRange()
    if last - first > 100_000:
        raise ChequeBookTooLarge()
    with ctx.db.write() as s:
        acc, _code = account_row(s, account_code, lock=True)
        if not acc.allows_outgoing:
            raise OutgoingRefused(code=acc.code)
        overlap = s.scalar(select(ChequeBook.id).where(ChequeBook.bank_account_id == acc.id,
                                                       ChequeBook.first_number <= last, ChequeBook.last_number >= first))
        if overlap:
            raise ChequeBookOverlap(first=first, last=last)
        book = ChequeBook(bank_account_id=acc.id, series=series.strip(), first_number=first, last_number=last,
                          registered_by=actor.id, registered_at=utcnow())
        s.add(book)
        s.flush()
        audit(s, actor, "banking.chequebook", "bank_account", acc.code, first=first, last=last)
        return ChequeBookView(id=book.id, account_code=acc.code, series=book.series, first_number=first,
                              last_number=last, used=0)


def list_cheque_books(ctx: BranchContext, actor: Actor, account_code: str | None = None) -> list[ChequeBookView]:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        q = (select(ChequeBook, BankAccount.code).join(BankAccount, BankAccount.id == ChequeBook.bank_account_id)
             .order_by(ChequeBook.id))
        if account_code:
            q = q.where(BankAccount.code == account_code)
        out = []
        for book, code in s.execute(q).all():
            used = s.scalar(select(func.count()).select_from(IssuedCheque).where(IssuedCheque.cheque_book_id == book.id))
            out.append(ChequeBookView(id=book.id, account_code=code, series=book.series,
                                      first_number=book.first_number, last_number=book.last_number,
                                      used=int(used or 0)))
        return out


def _next_number(s: Session, acc: BankAccount, book_id: int | None) -> tuple[int, int]:
    q = select(ChequeBook).where(ChequeBook.bank_account_id == acc.id).order_by(ChequeBook.first_number)
    if book_id is not None:
        q = q.where(ChequeBook.id == book_id)
    for book in s.scalars(q):
        top = s.scalar(select(func.max(IssuedCheque.number)).where(IssuedCheque.cheque_book_id == book.id))
        number = book.first_number if top is None else top + 1
        if number <= book.last_number:
            return book.id, number
    raise NoChequeLeft(code=acc.code)


# -- cheques -----------------------------------------------------------------------------------


def issue_cheque(ctx: BranchContext, actor: Actor, account_code: str, document_id: int,
                 issue_date: dt.date | None = None, cheque_book_id: int | None = None) -> ChequeView:
    """Write the next cheque of the account's cheque book for a checked payment document."""
    require(actor, "banking.cheques")
    with ctx.db.write() as s:
        acc, _code = account_row(s, account_code, lock=True)
        if not acc.allows_outgoing:
            raise OutgoingRefused(code=acc.code)
        d = s.get(PaymentDocument, document_id)
        if d is None:
            raise UnknownPaymentDocument(id=document_id)
        if d.status != PaymentDocumentStatus.CHECKED:
            raise DocumentNotChecked(reference=d.reference, status=rules.status_text(d.status))
        if s.scalar(select(IssuedCheque.id).where(IssuedCheque.payment_document_id == d.id)):
            raise ChequeAlreadyIssued(reference=d.reference)
        book_id, number = _next_number(s, acc, cheque_book_id)
        cheque = IssuedCheque(bank_account_id=acc.id, cheque_book_id=book_id, number=number,
                              payment_document_id=d.id, payee=d.insured_name, amount=d.amount,
                              issue_date=issue_date or ctx.today(), status=ChequeStatus.ISSUED, created_by=actor.id,
                              created_at=utcnow())
        s.add(cheque)
        s.flush()
        audit(s, actor, "banking.cheque.issue", "cheque", number, account=acc.code, document=d.reference)
        return _cheque_view(ctx, s, cheque)


def spoil_cheque(ctx: BranchContext, actor: Actor, cheque_id: int, reason: str) -> ChequeView:
    """Void a cheque not yet posted; its number stays used, the payment document is free again."""
    require(actor, "banking.cheques")
    if not reason.strip():
        raise SpoilReasonMissing()
    with ctx.db.write() as s:
        c = _get_cheque(s, cheque_id)
        rules.check_spoilable(c.number, ChequeStatus(c.status))
        set_state(s, c, actor.id, status=ChequeStatus.SPOILED, spoiled_reason=reason.strip(),
                  payment_document_id=None)
        audit(s, actor, "banking.cheque.spoil", "cheque", c.number, reason=reason)
        return _cheque_view(ctx, s, c)


def sign_cheque(ctx: BranchContext, actor: Actor, cheque_id: int) -> ChequeView:
    """Sign as head of accounting (accountant) or as branch head or deputy (manager); the two
    signatures must come from two different people."""
    require(actor, "banking.sign")
    with ctx.db.write() as s:
        c = _get_cheque(s, cheque_id)
        role_slot = {Role.ACCOUNTANT: rules.SIGN_ACCOUNTING, Role.MANAGER: rules.SIGN_HEAD}.get(actor.role)
        slot = rules.check_signature(c.number, ChequeStatus(c.status), role_slot, actor.id, actor.username,
                                     c.signed_accounting_by, c.signed_head_by)
        if slot == rules.SIGN_ACCOUNTING:
            set_state(s, c, actor.id, signed_accounting_by=actor.id, signed_accounting_at=utcnow())
        else:
            set_state(s, c, actor.id, signed_head_by=actor.id, signed_head_at=utcnow())
        if c.signed_accounting_by and c.signed_head_by:
            set_state(s, c, actor.id, status=ChequeStatus.SIGNED)
        audit(s, actor, "banking.cheque.sign", "cheque", c.number, slot=slot)
        s.flush()
        return _cheque_view(ctx, s, c)


def post_cheque(ctx: BranchContext, actor: Actor, cheque_id: int) -> ChequeView:
    """Hand over a signed cheque: Dr the benefit's expense account / Cr the bank account."""
    require(actor, "banking.cheques")
    with ctx.db.write() as s:
        c = _get_cheque(s, cheque_id)
        rules.check_postable(c.number, ChequeStatus(c.status))
        d = s.get(PaymentDocument, c.payment_document_id) if c.payment_document_id else None
        if d is None:
            raise ChequeWithoutDocument(number=c.number)
        acc = s.get(BankAccount, c.bank_account_id)
        assert acc is not None
        ledger_code = ledger_code_of(s, acc)
        expense = ctx.pack.account_code(d.benefit_type)
        entry_id = ledger.post_entry_in(s, ctx, actor, EntryInput(
            journal_code=ctx.pack.journal_code("legal_obligations"), entry_date=c.issue_date,
            description="", text=stored_text("Cheque {number} to {payee} ({reference})",
                                             number=str(c.number), payee=c.payee, reference=d.reference),
            lines=(LineInput(expense, debit=c.amount, memo=d.reference[:300]),
                   LineInput(ledger_code, credit=c.amount, memo=d.insured_id[:300])),
            reference=str(c.number)))
        set_state(s, c, actor.id, status=ChequeStatus.POSTED, entry_id=entry_id)
        d.status = PaymentDocumentStatus.PAID
        listeners.payment_paid(s, ctx, actor, listeners.PaymentPaid(
            reference=d.reference, amount=d.amount, paid_on=c.issue_date, entry_id=entry_id,
            method=listeners.CHEQUE, instrument=str(c.number)))
        audit(s, actor, "banking.cheque.post", "cheque", c.number, entry=entry_id)
        s.flush()
        return _cheque_view(ctx, s, c)


def _get_cheque(s: Session, cheque_id: int) -> IssuedCheque:
    c = s.get(IssuedCheque, cheque_id, with_for_update=True)
    if c is None:
        raise UnknownCheque(id=cheque_id)
    return c


def _cheque_view(ctx: BranchContext, s: Session, c: IssuedCheque) -> ChequeView:
    acc = s.get(BankAccount, c.bank_account_id)
    assert acc is not None
    book = s.get(ChequeBook, c.cheque_book_id)
    names = user_names(s, (c.signed_accounting_by, c.signed_head_by))

    def who(uid: int | None) -> str:
        return names.get(uid, "") if uid else ""

    doc = s.get(PaymentDocument, c.payment_document_id) if c.payment_document_id else None
    expense_code = expense_name = expense_name_en = ""
    if doc is not None and doc.benefit_type in ctx.pack.account_roles:
        expense_code = ctx.pack.account_code(doc.benefit_type)
        exp = s.scalar(select(Account).where(Account.code == expense_code))
        if exp is not None:
            expense_name, expense_name_en = exp.name, exp.name_en
    ledger_code = s.scalar(select(Account.code).where(Account.id == acc.ledger_account_id)) or ""
    return ChequeView(
        id=c.id, account_code=acc.code, account_name=acc.name, bank=acc.bank, iban=acc.iban, number=c.number,
        series=book.series if book else "", payee=c.payee, amount=c.amount, issue_date=c.issue_date,
        status=ChequeStatus(c.status), signed_accounting_by=who(c.signed_accounting_by),
        signed_head_by=who(c.signed_head_by), spoiled_reason=c.spoiled_reason, entry_id=c.entry_id,
        document=_doc_view(doc) if doc else None, expense_code=expense_code, expense_name=expense_name,
        bank_ledger_code=ledger_code, expense_name_en=expense_name_en)


def get_cheque(ctx: BranchContext, actor: Actor, cheque_id: int) -> ChequeView:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        c = s.get(IssuedCheque, cheque_id)
        if c is None:
            raise UnknownCheque(id=cheque_id)
        return _cheque_view(ctx, s, c)


def list_cheques(ctx: BranchContext, actor: Actor, account_code: str | None = None,
                 ym: YearMonth | None = None) -> list[ChequeView]:
    require(actor, "banking.view")
    with ctx.db.read() as s:
        q = select(IssuedCheque).order_by(IssuedCheque.number)
        if account_code:
            acc, _code = account_row(s, account_code)
            q = q.where(IssuedCheque.bank_account_id == acc.id)
        if ym is not None:
            start, end = month_bounds(ctx, ym)
            q = q.where(IssuedCheque.issue_date >= start, IssuedCheque.issue_date <= end)
        return [_cheque_view(ctx, s, c) for c in s.scalars(q)]


def payment_report(ctx: BranchContext, actor: Actor, ym: YearMonth) -> PaymentReport:
    """The month's legal-obligation cheques for the provincial office (posted, and spoiled)."""
    require(actor, "banking.view")
    start, end = month_bounds(ctx, ym)
    cheques = list_cheques(ctx, actor, None, ym)
    with ctx.db.read() as s:
        codes = set(s.scalars(select(BankAccount.code).where(BankAccount.role == "legal_obligation_bank")))
    cheques = [c for c in cheques if c.account_code in codes]
    return PaymentReport(period=ym, start=start, end=end,
                         cheques=tuple(c for c in cheques if c.status is ChequeStatus.POSTED),
                         spoiled=tuple(c for c in cheques if c.status is ChequeStatus.SPOILED))


def benefit_choices(ctx: BranchContext, actor: Actor) -> list[tuple[str, str, str]]:
    """The pack's benefits a payment document may name: (role, expense account code, name in the
    current language: the pack's own names in Persian and Turkish, the English ones otherwise)."""
    from branch_desktop.core.i18n import current_language

    require(actor, "banking.view")
    roles = {code: role for role, code in ctx.pack.account_roles.items() if role.startswith("benefit_")}
    native = current_language() in ("fa", "tr")
    with ctx.db.read() as s:
        rows = s.execute(select(Account.code, Account.name, Account.name_en).where(Account.code.in_(list(roles)))
                         .order_by(Account.code)).all()
    return [(roles[code], code, (name if native else name_en) or name) for code, name, name_en in rows]
