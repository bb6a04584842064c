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
from branch_desktop.insured.types import ApplicationKind, DecisionOutcome, InsuredStatus, Relation, Sex


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
    hash-chained; a correction is a new decision that names the one it supersedes."""

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
    chain_index: Mapped[int] = mapped_column(Integer, unique=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


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
