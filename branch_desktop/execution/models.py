"""Execution tables: the debt register kept incrementally from revenue's accruals and allocations
(one row per employer and month, one per employer), the charges accrued to the ledger, and the
gapless numbering of the unit's documents. Amounts are integer minor units (``Minor``)."""

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
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from branch_desktop.core.models import Base, BigId, Minor, utcnow


class DebtMonth(Base):
    """One employer's month: accrued and allocated so far (``owed`` = accrued - allocated)."""

    __tablename__ = "execution_debt_months"
    __table_args__ = (
        UniqueConstraint("employer_id", "year", "month", name="uq_execution_debt_months_month"),
        # the register and the ageing read only the months still owed, by due date
        Index("ix_execution_debt_months_owed", "due_date", "employer_id", "owed",
              sqlite_where=text("owed > 0"), postgresql_where=text("owed > 0")),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("revenue_employers.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    accrued: Mapped[int] = mapped_column(Minor, default=0)
    allocated: Mapped[int] = mapped_column(Minor, default=0)
    owed: Mapped[int] = mapped_column(Minor, default=0)


class DebtEmployer(Base):
    """One employer's total still owed and its oldest unpaid due date (the debtors list)."""

    __tablename__ = "execution_debt_employers"
    __table_args__ = (Index("ix_execution_debt_employers_owed", "owed"),)

    employer_id: Mapped[int] = mapped_column(ForeignKey("revenue_employers.id"), primary_key=True)
    owed: Mapped[int] = mapped_column(Minor, default=0)
    oldest_due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    months: Mapped[int] = mapped_column(Integer, default=0)


class RegisterState(Base):
    """How far the register has read revenue's append-only accruals and allocations."""

    __tablename__ = "execution_register_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    accrual_id: Mapped[int] = mapped_column(BigId, default=0)
    allocation_id: Mapped[int] = mapped_column(BigId, default=0)
    refreshed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ChargeAccrual(Base):
    """Late charges accrued to an employer's month as their own receivable (a legal record): the
    difference between the charges computed to ``until`` and those accrued before; never mixed
    into the premium."""

    __tablename__ = "execution_charge_accruals"
    __table_args__ = (
        CheckConstraint("amount <> 0", name="nonzero"),
        Index("ix_execution_charge_accruals_employer", "employer_id", "year", "month"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("revenue_employers.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Minor)
    until: Mapped[dt.date] = mapped_column(Date)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entries.id"))
    accrued_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    accrued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Sequence(Base):
    """Gapless numbers of a series (notices, orders, agreements) per fiscal year."""

    __tablename__ = "execution_sequences"
    __table_args__ = (UniqueConstraint("series", "fiscal_year", name="uq_execution_sequences_series"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    series: Mapped[str] = mapped_column(String(20))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer, default=0)
