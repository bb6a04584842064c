"""Revenue tables: employer files, declarations and their lines, service records, the employer's
open items (accruals by month), counter receipts with their allocations, receipt numbering, and
the clerks' day closes. Amounts are integer minor units (``Minor``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from branch_desktop.core.models import Base, BigId, Minor, check_in, utcnow
from branch_desktop.revenue.states import (
    AccrualKind,
    AllocationKind,
    ChequeStatus,
    EmployerStatus,
    ReceiptKind,
    ReceiptStatus,
)
from branch_desktop.revenue.types import Method


class Employer(Base):
    """One file per workshop / workplace (Turkey: one per workplace even for the same employer)."""

    __tablename__ = "revenue_employers"
    __table_args__ = (
        CheckConstraint(check_in("status", EmployerStatus), name="status"),
        Index("ix_revenue_employers_name", "name"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    file_no: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    national_id: Mapped[str] = mapped_column(String(20), index=True)
    address: Mapped[str] = mapped_column(String(400), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    iban: Mapped[str] = mapped_column(String(34), default="")
    business_code: Mapped[str] = mapped_column(String(10), default="")
    risk_class: Mapped[str] = mapped_column(String(10), default="")
    rate_class: Mapped[str] = mapped_column(String(20), default="standard")
    status: Mapped[str] = mapped_column(String(10), default="active")
    opened_on: Mapped[dt.date] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # lower-case "file no | name | id | business code" for search as you type
    search_text: Mapped[str] = mapped_column(String(400), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Declaration(Base):
    """An accepted monthly declaration (a refused one is never stored)."""

    __tablename__ = "revenue_declarations"
    __table_args__ = (
        UniqueConstraint("employer_id", "year", "month", "seq", name="uq_revenue_declarations_month_seq"),
        CheckConstraint("(seq = 1) = (corrects_id IS NULL)", name="correction_link"),
        # a month's declarations with their totals from the index alone (the three-way check; reports_0003)
        Index("ix_revenue_declarations_month", "year", "month", "employer_id", "seq", "total_wage", "insured_count"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("revenue_employers.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer, default=1)  # 1 = original, 2.. = corrections
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("revenue_declarations.id"), nullable=True)
    insured_count: Mapped[int] = mapped_column(Integer, default=0)
    total_days: Mapped[int] = mapped_column(Integer, default=0)
    total_wage: Mapped[int] = mapped_column(Minor, default=0)
    employee_share: Mapped[int] = mapped_column(Minor, default=0)
    employer_share: Mapped[int] = mapped_column(Minor, default=0)
    premium: Mapped[int] = mapped_column(Minor, default=0)
    accrued: Mapped[int] = mapped_column(Minor, default=0)  # posted by this declaration (a difference for corrections)
    due_date: Mapped[dt.date] = mapped_column(Date)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id"), nullable=True)
    source: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class DeclarationLine(Base):
    __tablename__ = "revenue_declaration_lines"
    __table_args__ = (
        UniqueConstraint("declaration_id", "national_id", name="uq_revenue_declaration_lines_person"),
        CheckConstraint("days >= 0 AND wage >= 0", name="non_negative"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("revenue_declarations.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    national_id: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), default="")
    days: Mapped[int] = mapped_column(Integer)
    wage: Mapped[int] = mapped_column(Minor)
    missing_code: Mapped[str] = mapped_column(String(4), default="")
    employee_share: Mapped[int] = mapped_column(Minor, default=0)
    employer_share: Mapped[int] = mapped_column(Minor, default=0)


class ServiceRecord(Base):
    """An insured person's days and wage with one employer in one month (the latest accepted
    declaration for that month wins); used for benefit eligibility."""

    __tablename__ = "revenue_service_records"
    __table_args__ = (
        UniqueConstraint("national_id", "employer_id", "year", "month", name="uq_revenue_service_records_month"),
        Index("ix_revenue_service_records_person", "national_id", "year", "month"),
        # the manager's reports count a span's distinct insured from the index alone (reports_0001)
        Index("ix_revenue_service_records_month", "year", "month", "national_id", "days", "employer_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    national_id: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), default="")
    employer_id: Mapped[int] = mapped_column(ForeignKey("revenue_employers.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    days: Mapped[int] = mapped_column(Integer)
    wage: Mapped[int] = mapped_column(Minor)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("revenue_declarations.id"))


COUNT_BRANCH = 0  # InsuredCount.employer_id of the branch's own rows
COUNT_HALF = 6  # InsuredCount.months of a half-year's rows


class InsuredCount(Base):
    """Distinct insured declared with at least one day (service records with ``days > 0``) in a
    span of months: the branch's (``employer_id`` 0) per month (``months`` 1) and per half-year
    (``months`` 6, ``month`` 1 or 7 of the pack's calendar), and each employer's per half-year.
    Kept by ``submit_declaration`` in the transaction that replaces the month's service records
    (``services/insured_counts.py``); filled from the service records by migration reports_0002."""

    __tablename__ = "revenue_insured_counts"

    employer_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)  # 0: the branch
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    month: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # the span's first month
    months: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # 1 or 6
    insured: Mapped[int] = mapped_column(Integer, default=0)


class Accrual(Base):
    """An item of the employer's debt for a month: a declaration's premium, a correction's
    difference (may be negative), a bounced-cheque charge."""

    __tablename__ = "revenue_accruals"
    __table_args__ = (
        CheckConstraint(check_in("kind", AccrualKind), name="kind"),
        Index("ix_revenue_accruals_employer_month", "employer_id", "year", "month"),
        # a span's accruals by employer from the index alone (the performance table; reports_0003)
        Index("ix_revenue_accruals_month", "year", "month", "employer_id", "amount"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("revenue_employers.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))
    amount: Mapped[int] = mapped_column(Minor)
    accrual_date: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date)
    declaration_id: Mapped[int | None] = mapped_column(ForeignKey("revenue_declarations.id"), nullable=True)
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("revenue_receipts.id"), nullable=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id"))


class MonthTotal(Base):
    """What was accrued for a month and allocated to it, all employers, all kinds (voids and bounces
    negative). Kept by the database: triggers on inserting accruals and allocations (both
    append-only), so every writer keeps it without knowing (migration reports_0003)."""

    __tablename__ = "revenue_month_totals"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    month: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    accrued: Mapped[int] = mapped_column(Minor, default=0)
    allocated: Mapped[int] = mapped_column(Minor, default=0)


class ReceiptSequence(Base):
    """Gapless receipt numbers per fiscal year: a counter row locked while numbering."""

    __tablename__ = "revenue_receipt_sequences"

    fiscal_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Receipt(Base):
    """A numbered counter document: a payment received, or the void of one (``kind='void'``,
    printed on its own number). Never deleted; a payment's ``status`` becomes ``voided``."""

    __tablename__ = "revenue_receipts"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "number", name="uq_revenue_receipts_number"),
        CheckConstraint(check_in("kind", ReceiptKind), name="kind"),
        CheckConstraint(check_in("method", Method), name="method"),
        CheckConstraint(check_in("status", ReceiptStatus), name="status"),
        CheckConstraint("amount > 0", name="positive"),
        CheckConstraint(check_in("cheque_status", ChequeStatus, nullable=True), name="cheque_status"),
        # the same slip, transfer or cheque cannot be taken twice (a voided one can be retaken)
        Index(
            "uq_revenue_receipts_payment_ref",
            "method",
            "ref_key",
            unique=True,
            sqlite_where=text("kind = 'payment' AND status = 'valid'"),
            postgresql_where=text("kind = 'payment' AND status = 'valid'"),
        ),
        Index("ix_revenue_receipts_clerk_day", "clerk_id", "receipt_date"),
        Index("ix_revenue_receipts_employer", "employer_id", "receipt_date"),
        Index("ix_revenue_receipts_cheque", "cheque_status", "due_date"),
        Index("ix_revenue_receipts_reference", "reference"),  # the command palette's look-up
        Index("ix_revenue_receipts_date", "receipt_date"),  # receipts per day (reports_0001)
        Index("ix_revenue_receipts_target", "target_year", "target_month"),  # receipts naming a month (reports_0003)
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10), default="payment")
    employer_id: Mapped[int] = mapped_column(ForeignKey("revenue_employers.id"))
    receipt_date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Minor)
    method: Mapped[str] = mapped_column(String(10))
    bank: Mapped[str] = mapped_column(String(80), default="")
    bank_branch: Mapped[str] = mapped_column(String(80), default="")
    reference: Mapped[str] = mapped_column(String(60), default="")  # slip / transfer / cheque number
    ref_key: Mapped[str] = mapped_column(String(200), default="")
    ref_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # slip date
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # cheque due date
    drawer: Mapped[str] = mapped_column(String(200), default="")
    target_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="valid")
    voids_id: Mapped[int | None] = mapped_column(ForeignKey("revenue_receipts.id"), nullable=True, unique=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    cheque_status: Mapped[str | None] = mapped_column(String(10), nullable=True)
    deposited_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    cleared_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    bounced_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id"))
    clear_entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id"), nullable=True)
    bounce_entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id"), nullable=True)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class _ReceiptShare:
    """The columns of a part of a receipt set against an employer's month (premium or charges)."""

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("revenue_receipts.id"), index=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("revenue_employers.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10), default="payment")
    amount: Mapped[int] = mapped_column(Minor)
    allocation_date: Mapped[dt.date] = mapped_column(Date)


class Allocation(_ReceiptShare, Base):
    """Part of a receipt set against an employer's month; a void or a bounce adds the negative."""

    __tablename__ = "revenue_allocations"
    __table_args__ = (
        CheckConstraint(check_in("kind", AllocationKind), name="kind"),
        Index("ix_revenue_allocations_employer_month", "employer_id", "year", "month"),
        # a span's collections by employer up to a date from the index alone (reports_0003)
        Index("ix_revenue_allocations_month", "year", "month", "employer_id", "allocation_date", "amount",
              "receipt_id"),
    )


class ChargeAllocation(_ReceiptShare, Base):
    """Part of a receipt set against an employer's accrued late-payment charges of a month (the
    charges are accrued by the execution unit; revenue keeps what each receipt paid of them); a void
    or a bounce adds the negative. Kept apart from :class:`Allocation`, which pays premium."""

    __tablename__ = "revenue_charge_allocations"
    __table_args__ = (
        CheckConstraint(check_in("kind", AllocationKind), name="kind"),
        Index("ix_revenue_charge_allocations_employer_month", "employer_id", "year", "month"),
    )


class DayClose(Base):
    """A clerk's counter day, closed: no receipt or void dated that day by that clerk after it."""

    __tablename__ = "revenue_day_closes"
    __table_args__ = (UniqueConstraint("clerk_id", "day", name="uq_revenue_day_closes_clerk_day"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    receipts: Mapped[int] = mapped_column(Integer, default=0)
    voids: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Minor, default=0)
    summary: Mapped[str] = mapped_column(Text, default="")
    closed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
