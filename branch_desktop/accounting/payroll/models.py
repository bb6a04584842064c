"""Payroll tables: staff, dated decrees, runs with their per-employee lines, and the loan fund."""

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
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from branch_desktop.accounting.payroll.states import (
    CommitteeSeat,
    LineKind,
    LoanState,
    RunKind,
    RunStatus,
)
from branch_desktop.core.models import Base, BigId, Minor, check_in, utcnow


class Employee(Base):
    """A member of the branch's staff. What changes with a decree lives in :class:`Decree`."""

    __tablename__ = "payroll_employees"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    personnel_no: Mapped[str] = mapped_column(String(20), unique=True)
    national_id: Mapped[str] = mapped_column(String(20), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    hire_date: Mapped[dt.date] = mapped_column(Date)
    education: Mapped[str] = mapped_column(String(20), default="")
    iban: Mapped[str] = mapped_column(String(40), default="")
    loanfund_opening: Mapped[int] = mapped_column(Minor, default=0)  # contributions before the system
    left_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(80), default="")
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version}


class Decree(Base):
    """A dated decree: the terms of pay from ``effective_from`` until the next decree."""

    __tablename__ = "payroll_decrees"
    __table_args__ = (
        UniqueConstraint("employee_id", "effective_from", name="employee_date"),
        CheckConstraint("job_group IS NULL OR (job_group BETWEEN 1 AND 30)", name="job_group"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("payroll_employees.id"), index=True)
    number: Mapped[str] = mapped_column(String(40), default="")
    effective_from: Mapped[dt.date] = mapped_column(Date)
    post: Mapped[str] = mapped_column(String(30))
    employment: Mapped[str] = mapped_column(String(20))
    job_group: Mapped[int | None] = mapped_column(Integer, nullable=True)
    married: Mapped[bool] = mapped_column(Boolean, default=False)
    housing: Mapped[str] = mapped_column(String(30), default="normal")
    part_time: Mapped[bool] = mapped_column(Boolean, default=False)
    other_allowance: Mapped[int] = mapped_column(Minor, default=0)
    other_deduction: Mapped[int] = mapped_column(Minor, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PayrollRun(Base):
    """A month's run (``monthly``) or an off-cycle one (``productivity``, ``performance``): ``kind`` a
    :class:`RunKind`, ``status`` a :class:`RunStatus`."""

    __tablename__ = "payroll_runs"
    __table_args__ = (
        CheckConstraint(check_in("status", RunStatus), name="status"),
        CheckConstraint(check_in("kind", RunKind), name="kind"),  # SQLite: triggers (payroll_r2)
        Index("ix_payroll_runs_month", "year", "month", "kind"),
        # one live monthly run per month, even with two workstations creating it at once
        Index("uq_payroll_runs_monthly", "year", "month", unique=True,
              sqlite_where=text("kind = 'monthly' AND status <> 'reversed'"),
              postgresql_where=text("kind = 'monthly' AND status <> 'reversed'")),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default=RunKind.MONTHLY.value)
    title: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(10), default=RunStatus.DRAFT.value)
    employees: Mapped[int] = mapped_column(Integer, default=0)
    gross: Mapped[int] = mapped_column(Minor, default=0)
    deductions: Mapped[int] = mapped_column(Minor, default=0)
    net: Mapped[int] = mapped_column(Minor, default=0)
    employer_cost: Mapped[int] = mapped_column(Minor, default=0)
    inputs: Mapped[str] = mapped_column(Text, default="")  # JSON: bonus scores and points
    posted_entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id"), nullable=True)
    paid_entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id"), nullable=True)
    loanfund_entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id"), nullable=True)
    reversal_entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id"), nullable=True)
    reversal_reason: Mapped[str] = mapped_column(Text, default="")
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(80), default="")
    posted_by: Mapped[str] = mapped_column(String(80), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class RunSlip(Base):
    """One employee in a run: totals and the terms the pay was computed from."""

    __tablename__ = "payroll_slips"
    __table_args__ = (UniqueConstraint("run_id", "employee_id", name="run_employee"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("payroll_runs.id", ondelete="CASCADE"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("payroll_employees.id"), index=True)
    decree_id: Mapped[int | None] = mapped_column(ForeignKey("payroll_decrees.id"), nullable=True)
    post: Mapped[str] = mapped_column(String(30), default="")
    job_group: Mapped[int | None] = mapped_column(Integer, nullable=True)
    iban: Mapped[str] = mapped_column(String(40), default="")
    gross: Mapped[int] = mapped_column(Minor, default=0)
    deductions: Mapped[int] = mapped_column(Minor, default=0)
    net: Mapped[int] = mapped_column(Minor, default=0)
    employer_cost: Mapped[int] = mapped_column(Minor, default=0)
    taxable: Mapped[int] = mapped_column(Minor, default=0)
    insurable: Mapped[int] = mapped_column(Minor, default=0)


class RunLine(Base):
    """A pay line of an employee in a run (earning, deduction or employer cost)."""

    __tablename__ = "payroll_lines"
    __table_args__ = (CheckConstraint(check_in("kind", LineKind), name="kind"),)  # SQLite: triggers (payroll_r2)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    slip_id: Mapped[int] = mapped_column(ForeignKey("payroll_slips.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int] = mapped_column(Minor)
    loan_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Loan(Base):
    """A loan-fund loan: applied, approved by the committee, granted, repaid through payroll."""

    __tablename__ = "payroll_loans"
    __table_args__ = (
        CheckConstraint(check_in("status", LoanState), name="status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("payroll_employees.id"), index=True)
    applied_on: Mapped[dt.date] = mapped_column(Date)
    instalments: Mapped[int] = mapped_column(Integer)
    balance_at_application: Mapped[int] = mapped_column(Minor)
    amount: Mapped[int] = mapped_column(Minor)
    insurance: Mapped[int] = mapped_column(Minor)
    fee: Mapped[int] = mapped_column(Minor)
    net: Mapped[int] = mapped_column(Minor)
    instalment: Mapped[int] = mapped_column(Minor)  # the regular instalment (the last absorbs rounding)
    status: Mapped[str] = mapped_column(String(10), default=LoanState.APPLIED.value)
    granted_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    first_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    first_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    granted_entry_id: Mapped[int | None] = mapped_column(ForeignKey("entries.id"), nullable=True)
    created_by: Mapped[str] = mapped_column(String(80), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class LoanApproval(Base):
    """A committee member's approval; three different users on three different seats."""

    __tablename__ = "payroll_loan_approvals"
    __table_args__ = (
        UniqueConstraint("loan_id", "user_id", name="loan_user"),
        UniqueConstraint("loan_id", "seat", name="loan_seat"),
        CheckConstraint(check_in("seat", CommitteeSeat), name="seat"),  # SQLite: triggers (payroll_r2)
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("payroll_loans.id"), index=True)
    seat: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(80))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class LoanRepayment(Base):
    """An instalment (with any late penalty) deducted in a run, or paid directly."""

    __tablename__ = "payroll_loan_repayments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("payroll_loans.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("payroll_runs.id"), nullable=True, index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    instalment: Mapped[int] = mapped_column(Minor)
    penalty: Mapped[int] = mapped_column(Minor, default=0)
