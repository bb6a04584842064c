"""Ledger tables: chart of accounts, journals, periods, entries and lines, running balances."""

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

from branch_desktop.core.models import Base, BigId, Minor, utcnow


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(12))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), nullable=True, index=True)
    is_postable: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Journal(Base):
    __tablename__ = "journals"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    # Head of the hash chain: number of posted entries and the last entry's hash.
    chain_length: Mapped[int] = mapped_column(Integer, default=0)
    chain_head: Mapped[str] = mapped_column(String(64), default="0" * 64)


class JournalSequence(Base):
    """Gapless entry numbers per journal and fiscal year (a counter row locked while posting)."""

    __tablename__ = "journal_sequences"

    journal_id: Mapped[int] = mapped_column(ForeignKey("journals.id"), primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class FiscalPeriod(Base):
    __tablename__ = "fiscal_periods"
    __table_args__ = (UniqueConstraint("year", "month", name="uq_fiscal_periods_year_month"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[dt.date] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class Entry(Base):
    __tablename__ = "entries"
    __table_args__ = (
        UniqueConstraint("journal_id", "fiscal_year", "number", name="uq_entries_number"),
        UniqueConstraint("journal_id", "chain_index", name="uq_entries_chain"),
        CheckConstraint("status IN ('draft', 'posted')", name="status"),
        CheckConstraint(
            "status = 'draft' OR (number IS NOT NULL AND hash IS NOT NULL AND chain_index IS NOT NULL)",
            name="posted_complete",
        ),
        Index("ix_entries_journal_date", "journal_id", "entry_date"),
        Index("ix_entries_period", "period_id", "status"),
        # the journal page's keyset paging (migration pages_0001)
        Index("ix_entries_journal_id", "journal_id", "id"),
        Index("ix_entries_period_id", "period_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    journal_id: Mapped[int] = mapped_column(ForeignKey("journals.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("fiscal_periods.id"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    entry_date: Mapped[dt.date] = mapped_column(Date, index=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    reference: Mapped[str] = mapped_column(String(120), default="", index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    reverses_id: Mapped[int | None] = mapped_column(
        ForeignKey("entries.id"), nullable=True, unique=True
    )
    reversal_reason: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    posted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    posted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    chain_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    hash: Mapped[str | None] = mapped_column(String(64), nullable=True)


class EntryLine(Base):
    __tablename__ = "entry_lines"
    __table_args__ = (
        UniqueConstraint("entry_id", "line_no", name="uq_entry_lines_line"),
        CheckConstraint("debit >= 0 AND credit >= 0", name="non_negative"),
        CheckConstraint("(debit = 0) <> (credit = 0)", name="one_sided"),
        Index("ix_entry_lines_account", "account_id", "entry_id"),
        # On PostgreSQL the lines with a party only (WHERE party_type IS NOT NULL, made by posting_0002; the
        # migrations make the schema). Not declared here: a ``postgresql_where`` makes SQLAlchemy load the
        # PostgreSQL dialect in every command on a SQLite branch, and the ledger's models load in all of them.
        Index("ix_entry_lines_party", "party_type", "party_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # looked up by entry through the unique (entry_id, line_no) index: no index of its own
    # deferrable (PostgreSQL, posting_0002): a posting writes the lines before their entries
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id", deferrable=True, initially="IMMEDIATE"))
    line_no: Mapped[int] = mapped_column(Integer)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    debit: Mapped[int] = mapped_column(Minor, default=0)
    credit: Mapped[int] = mapped_column(Minor, default=0)
    party_type: Mapped[str | None] = mapped_column(String(20), nullable=True)
    party_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    memo: Mapped[str] = mapped_column(String(300), default="")


class AccountBalance(Base):
    """Posted debits and credits per account and period, kept in the posting transaction.

    Lets the trial balance read a few thousand rows instead of a million lines; ``verify``
    recomputes it from the lines and names any difference.
    """

    __tablename__ = "account_balances"

    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("fiscal_periods.id"), primary_key=True)
    debit: Mapped[int] = mapped_column(Minor, default=0)
    credit: Mapped[int] = mapped_column(Minor, default=0)


