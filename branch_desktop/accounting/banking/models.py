"""Banking tables: bank accounts, statements and their lines, cheque books, issued cheques,
payment documents, reconciliation matches, month locks and learned counterparty links.

The state columns hold the values of ``states`` (CHECK constraints here and in the revision
``banking_r2``, which on SQLite adds triggers instead: those tables carry record guards).

Amounts are integer minor units of the account's currency (``Minor``); a statement line's
``amount`` is signed from the bank's view of the branch's account (a credit, money in, is
positive; a debit, money out, is negative), the same sign as a debit in the books.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from branch_desktop.accounting.banking.states import (
    ChequeStatus,
    LockStatus,
    PaymentDocumentStatus,
)
from branch_desktop.core.models import Base, BigId, Minor, check_in, utcnow


class BankAccount(Base):
    __tablename__ = "bank_accounts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # The branch's short code for the account (the ledger code by default: "1500").
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    bank: Mapped[str] = mapped_column(String(120), default="")
    iban: Mapped[str] = mapped_column(String(34), unique=True)
    currency: Mapped[str] = mapped_column(String(3))
    ledger_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), unique=True)
    # The pack role of the ledger account ("revenue_bank", "legal_obligation_bank", ...) or "".
    role: Mapped[str] = mapped_column(String(40), default="")
    allows_outgoing: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # an edit is saved only over the version it was made on (a second workstation's newer save wins and says so)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class CsvMapping(Base):
    """A bank's CSV layout, saved by name (JSON: columns, formats, delimiter, encoding)."""

    __tablename__ = "bank_csv_mappings"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    bank: Mapped[str] = mapped_column(String(120), default="")
    config: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Statement(Base):
    __tablename__ = "bank_statements"
    __table_args__ = (
        UniqueConstraint("bank_account_id", "statement_ref", name="uq_bank_statements_ref"),
        CheckConstraint("start_date <= end_date", name="dates"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    bank_account_id: Mapped[int] = mapped_column(ForeignKey("bank_accounts.id"), index=True)
    statement_ref: Mapped[str] = mapped_column(String(120))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date, index=True)
    opening: Mapped[int] = mapped_column(Minor)
    closing: Mapped[int] = mapped_column(Minor)
    line_count: Mapped[int] = mapped_column(Integer)
    source_format: Mapped[str] = mapped_column(String(10))
    file_name: Mapped[str] = mapped_column(String(260), default="")
    file_sha256: Mapped[str] = mapped_column(String(64), default="")
    imported_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class StatementLine(Base):
    __tablename__ = "bank_statement_lines"
    __table_args__ = (
        UniqueConstraint("bank_account_id", "fingerprint", name="uq_bank_statement_lines_fingerprint"),
        CheckConstraint("amount <> 0", name="nonzero"),
        Index("ix_bank_statement_lines_account_date", "bank_account_id", "booking_date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("bank_statements.id"), index=True)
    bank_account_id: Mapped[int] = mapped_column(ForeignKey("bank_accounts.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    booking_date: Mapped[dt.date] = mapped_column(Date)
    value_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    amount: Mapped[int] = mapped_column(Minor)
    reference: Mapped[str] = mapped_column(String(120), default="")
    bank_reference: Mapped[str] = mapped_column(String(120), default="")
    counterparty: Mapped[str] = mapped_column(String(200), default="")
    counterparty_account: Mapped[str] = mapped_column(String(60), default="")
    description: Mapped[str] = mapped_column(String(500), default="")
    fingerprint: Mapped[str] = mapped_column(String(64))


class ChequeBook(Base):
    __tablename__ = "bank_cheque_books"
    __table_args__ = (CheckConstraint("first_number <= last_number", name="range"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    bank_account_id: Mapped[int] = mapped_column(ForeignKey("bank_accounts.id"), index=True)
    series: Mapped[str] = mapped_column(String(40), default="")
    first_number: Mapped[int] = mapped_column(BigId)
    last_number: Mapped[int] = mapped_column(BigId)
    registered_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PaymentDocument(Base):
    """A legal-obligation payment order from the preparing unit (insured affairs)."""

    __tablename__ = "bank_payment_documents"
    __table_args__ = (
        CheckConstraint("amount > 0", name="positive"),
        CheckConstraint(check_in("status", PaymentDocumentStatus), name="status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    insured_id: Mapped[str] = mapped_column(String(20))
    insured_name: Mapped[str] = mapped_column(String(200))
    benefit_type: Mapped[str] = mapped_column(String(40))  # pack account role, "benefit_sickness"
    amount: Mapped[int] = mapped_column(Minor)
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM in the pack calendar
    document_date: Mapped[dt.date] = mapped_column(Date)
    # The approvals the preparing unit's document carries (names of who signed it).
    prepared_by: Mapped[str] = mapped_column(String(200), default="")
    checked_by: Mapped[str] = mapped_column(String(200), default="")
    approved_by: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(12), default=PaymentDocumentStatus.ENTERED)
    checked_by_user: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class IssuedCheque(Base):
    __tablename__ = "bank_issued_cheques"
    __table_args__ = (
        UniqueConstraint("bank_account_id", "number", name="uq_bank_issued_cheques_number"),
        CheckConstraint("amount >= 0", name="amount"),
        CheckConstraint(
            "signed_accounting_by IS NULL OR signed_head_by IS NULL "
            "OR signed_accounting_by <> signed_head_by",
            name="two_signers",
        ),
        CheckConstraint(check_in("status", ChequeStatus), name="status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    bank_account_id: Mapped[int] = mapped_column(ForeignKey("bank_accounts.id"))
    cheque_book_id: Mapped[int] = mapped_column(ForeignKey("bank_cheque_books.id"), index=True)
    number: Mapped[int] = mapped_column(BigId)
    payment_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("bank_payment_documents.id"), nullable=True, unique=True
    )
    payee: Mapped[str] = mapped_column(String(200), default="")
    amount: Mapped[int] = mapped_column(Minor, default=0)
    issue_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=ChequeStatus.ISSUED)
    signed_accounting_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    signed_accounting_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    signed_head_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    signed_head_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    spoiled_reason: Mapped[str] = mapped_column(Text, default="")
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id"), nullable=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class MatchGroup(Base):
    """Statement lines and book items (ledger lines) reconciled together."""

    __tablename__ = "bank_match_groups"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    bank_account_id: Mapped[int] = mapped_column(ForeignKey("bank_accounts.id"), index=True)
    rule: Mapped[str] = mapped_column(String(30))
    confidence: Mapped[int] = mapped_column(Integer)  # percent
    manual: Mapped[bool] = mapped_column(Boolean, default=False)
    last_date: Mapped[dt.date] = mapped_column(Date)  # the latest date of its items
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class MatchItem(Base):
    """One side of a match; a statement line or a ledger line is in at most one group."""

    __tablename__ = "bank_match_items"
    __table_args__ = (
        CheckConstraint(
            "(statement_line_id IS NULL) <> (entry_line_id IS NULL)", name="one_side"
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("bank_match_groups.id", ondelete="CASCADE"), index=True)
    statement_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("bank_statement_lines.id"), nullable=True, unique=True
    )
    entry_line_id: Mapped[int | None] = mapped_column(ForeignKey("entry_lines.id"), nullable=True, unique=True)


class OpenItem(Base):
    """A posted ledger line on a bank account's ledger account that no match holds (the reconciliation's
    open book items), kept by the database's triggers (migration ``banking_r4``); the page reads a
    screen of them by (account, day, line) from the index alone."""

    __tablename__ = "bank_open_items"
    __table_args__ = (Index("ix_bank_open_items_page", "account_id", "entry_date", "entry_line_id", "amount"),)

    entry_line_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    account_id: Mapped[int] = mapped_column(BigId)  # the ledger account
    period_id: Mapped[int] = mapped_column(BigId)
    entry_date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Minor)  # debit - credit


class OpenTotal(Base):
    """The open items' count and sums per ledger account and fiscal period (kept with them)."""

    __tablename__ = "bank_open_totals"

    account_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    period_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    lines: Mapped[int] = mapped_column(Minor)
    transit: Mapped[int] = mapped_column(Minor)  # debits: deposits in transit
    outstanding: Mapped[int] = mapped_column(Minor)  # credits: outstanding cheques


class ReconciliationLock(Base):
    """A bank account's month, reconciled to a zero difference and locked."""

    __tablename__ = "bank_reconciliation_locks"
    __table_args__ = (
        UniqueConstraint("bank_account_id", "year", "month", name="uq_bank_recon_locks_month"),
        CheckConstraint(check_in("status", LockStatus), name="status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    bank_account_id: Mapped[int] = mapped_column(ForeignKey("bank_accounts.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default=LockStatus.LOCKED)
    book_balance: Mapped[int] = mapped_column(Minor)
    statement_balance: Mapped[int] = mapped_column(Minor)
    locked_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    locked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    reopened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    reopened_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    reopen_reason: Mapped[str] = mapped_column(Text, default="")


class CounterpartyLink(Base):
    """Learned from confirmed matches: this bank counterparty pays for this party (employer)."""

    __tablename__ = "bank_counterparty_links"
    __table_args__ = (
        UniqueConstraint("counterparty_key", "party_type", "party_id", name="uq_bank_counterparty_links_key"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    counterparty_key: Mapped[str] = mapped_column(String(200), index=True)
    party_type: Mapped[str] = mapped_column(String(20))
    party_id: Mapped[int] = mapped_column(Integer)
    confirmations: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
