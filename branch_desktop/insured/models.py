"""Insured-affairs tables: the insured registry and households (dated changes), benefit claims and
their decisions (append-only, hash-chained), and applications with their deadlines. Amounts are
integer minor units; states are the enums of ``insured.types`` with CHECK constraints."""

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
from branch_desktop.insured.types import (
    ApplicationKind,
    DecisionOutcome,
    InsuredStatus,
    PaymentMethod,
    PaymentState,
    Relation,
    Sex,
    TransferState,
)


def _in(column: str, values: type) -> str:
    return f"{column} IN ({', '.join(repr(str(v.value)) for v in values)})"  # type: ignore[attr-defined]


class InsuredPerson(Base):
    """One record per insured person; editable (a version column refuses stale saves)."""

    __tablename__ = "insured_persons"
    __table_args__ = (
        CheckConstraint(_in("sex", Sex), name="sex"),
        CheckConstraint(_in("status", InsuredStatus), name="status"),
        Index("ix_insured_persons_search", "search_key"),
        Index("ix_insured_persons_last_name", "last_name", "first_name"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    national_id: Mapped[str] = mapped_column(String(20), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    sex: Mapped[str] = mapped_column(String(1))
    status: Mapped[str] = mapped_column(String(12), default=InsuredStatus.ACTIVE.value)
    # "lastname firstname" lower-cased: prefix searches walk its index on both databases
    search_key: Mapped[str] = mapped_column(String(220))
    iban: Mapped[str] = mapped_column(String(34), default="")  # where a bank transfer pays the person
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class HouseholdMember(Base):
    """A dependant of an insured person over a dated span: a change closes the old row
    (``valid_to``) and adds a new one, so the household of any past date can be read."""

    __tablename__ = "insured_household"
    __table_args__ = (
        CheckConstraint(_in("relation", Relation), name="relation"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="span"),
        Index("ix_insured_household_person", "person_id", "valid_from"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("insured_persons.id"))
    relation: Mapped[str] = mapped_column(String(10))
    national_id: Mapped[str] = mapped_column(String(20), default="")
    full_name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    student: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CoverageChange(Base):
    """The insurance status (the pack's ``insurance_statuses``: tr_sgk 4/1-a, 4/1-b, 4/1-c) from a
    day on: a legal record (``core.records``, kind ``insured.coverage``), so append-only; a change
    is a new row; the latest row whose day has come is in force (a later row for the same day
    corrects an earlier one)."""

    __tablename__ = "insured_coverage_history"
    __table_args__ = (Index("ix_insured_coverage_history_person", "person_id", "effective_from", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("insured_persons.id"))
    coverage: Mapped[str] = mapped_column(String(12))
    effective_from: Mapped[dt.date] = mapped_column(Date)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Claim(Base):
    """A benefit claim as the clerk registered it: the case (JSON, as ``benefit compute`` takes it)
    and what the rules computed then (JSON with the trace). Never changed after it is written."""

    __tablename__ = "insured_claims"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "number", name="uq_insured_claims_number"),
        Index("ix_insured_claims_person", "person_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int] = mapped_column(ForeignKey("insured_persons.id"))
    kind: Mapped[str] = mapped_column(String(40))
    case_json: Mapped[str] = mapped_column(Text)
    result_json: Mapped[str] = mapped_column(Text)
    eligible: Mapped[bool] = mapped_column(Boolean)
    amount: Mapped[int] = mapped_column(Minor, default=0)
    prepared_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    prepared_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Decision(Base):
    """The unit head's decision on a claim: append-only, numbered without gaps per fiscal year and
    hash-chained as a legal record (``core.records``, kind ``insured.decision.v2``); a correction
    is a new decision that names the one it supersedes."""

    __tablename__ = "insured_decisions"
    __table_args__ = (
        CheckConstraint(_in("outcome", DecisionOutcome), name="outcome"),
        CheckConstraint("amount >= 0", name="amount"),
        UniqueConstraint("fiscal_year", "number", name="uq_insured_decisions_number"),
        UniqueConstraint("supersedes_id", name="uq_insured_decisions_supersedes"),
        Index("ix_insured_decisions_claim", "claim_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    claim_id: Mapped[int] = mapped_column(ForeignKey("insured_claims.id"))
    outcome: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int] = mapped_column(Minor, default=0)
    reason: Mapped[str] = mapped_column(String(500), default="")
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("insured_decisions.id"), nullable=True)
    decided_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    decision_date: Mapped[dt.date] = mapped_column(Date)
    payment_reference: Mapped[str] = mapped_column(String(60), default="")  # accounting's payment document


class Payment(Base):
    """What an approved decision owes (accounting's payment document ``reference``): due until the
    cheque or the transfer list that pays it is posted, then paid (a chained state change)."""

    __tablename__ = "insured_payments"
    __table_args__ = (
        CheckConstraint(_in("status", PaymentState), name="status"),
        CheckConstraint(f"method IS NULL OR {_in('method', PaymentMethod)}", name="method"),
        CheckConstraint("amount > 0", name="amount"),
        Index("ix_insured_payments_claim", "claim_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("insured_decisions.id"), unique=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("insured_claims.id"))
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    account_role: Mapped[str] = mapped_column(String(40))  # the benefit's expense account role
    amount: Mapped[int] = mapped_column(Minor)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(8), default=PaymentState.DUE.value)
    paid_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    method: Mapped[str | None] = mapped_column(String(10), nullable=True)
    instrument: Mapped[str] = mapped_column(String(40), default="")
    entry_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class TransferList(Base):
    """A bank transfer list: approved benefits paid to the insured's IBANs from one bank account,
    posted as one ledger entry (Dr the benefits' expense accounts / Cr the bank)."""

    __tablename__ = "insured_transfer_lists"
    __table_args__ = (
        CheckConstraint(_in("status", TransferState), name="status"),
        UniqueConstraint("fiscal_year", "number", name="uq_insured_transfer_lists_number"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    bank_account_code: Mapped[str] = mapped_column(String(20))
    list_date: Mapped[dt.date] = mapped_column(Date)
    total: Mapped[int] = mapped_column(Minor)
    count: Mapped[int] = mapped_column(Integer)
    prepared_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    prepared_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default=TransferState.PREPARED.value)
    entry_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    posted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    posted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class TransferLine(Base):
    """One payee of a transfer list (the IBAN as it was when the list was made)."""

    __tablename__ = "insured_transfer_lines"
    __table_args__ = (
        UniqueConstraint("list_id", "line_no", name="uq_insured_transfer_lines_no"),
        CheckConstraint("amount > 0", name="amount"),
        Index("ix_insured_transfer_lines_payment", "payment_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("insured_transfer_lists.id"))
    line_no: Mapped[int] = mapped_column(Integer)
    payment_id: Mapped[int] = mapped_column(ForeignKey("insured_payments.id"))
    payee: Mapped[str] = mapped_column(String(200))
    national_id: Mapped[str] = mapped_column(String(20))
    iban: Mapped[str] = mapped_column(String(34))
    amount: Mapped[int] = mapped_column(Minor)


class Application(Base):
    """A pension or disability application, or another office's service-record request, tracked
    from its receipt to its decision against the pack's deadline."""

    __tablename__ = "insured_applications"
    __table_args__ = (
        CheckConstraint(_in("kind", ApplicationKind), name="kind"),
        CheckConstraint("decided_on IS NULL OR decided_on >= received_on", name="dates"),
        Index("ix_insured_applications_open", "decided_on", "deadline"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("insured_persons.id"))
    kind: Mapped[str] = mapped_column(String(24))
    received_on: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date)
    other_office: Mapped[str] = mapped_column(String(200), default="")
    decided_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    outcome: Mapped[str] = mapped_column(String(200), default="")
    coverage: Mapped[str] = mapped_column(String(12), default="")  # the insurance status at receipt ("": unknown)
    registered_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Sequence(Base):
    """Gapless numbers per series and fiscal year (claims, decisions), read FOR UPDATE."""

    __tablename__ = "insured_sequences"
    __table_args__ = (UniqueConstraint("series", "fiscal_year", name="uq_insured_sequences_series"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    series: Mapped[str] = mapped_column(String(20))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer, default=0)
