"""Execution tables: the debt register kept incrementally from revenue's accruals and allocations
(one row per employer and month, one per employer), the charges accrued to the ledger, the
gapless numbering of the unit's documents, warning notices, enforcement orders, objections and
cancellations. Amounts are integer minor units (``Minor``)."""

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

from branch_desktop.core.models import Base, BigId, Minor, check_in, utcnow
from branch_desktop.execution.states import AgreementState, NoticeState, OrderState


class DebtMonth(Base):
    """One employer's month: accrued and allocated so far (``owed`` = accrued - allocated)."""

    __tablename__ = "execution_debt_months"
    __table_args__ = (
        UniqueConstraint("employer_id", "year", "month", name="uq_execution_debt_months_month"),
        # the register and the ageing read only the months still owed, by due date
        Index("ix_execution_debt_months_owed", "due_date", "employer_id", "owed",
              sqlite_where=text("owed > 0"), postgresql_where=text("owed > 0")),
        Index("ix_execution_debt_months_employer_owed", "employer_id", "due_date", "owed",
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
    __table_args__ = (Index("ix_execution_debt_employers_owed", "owed"),
                      Index("ix_execution_debt_employers_oldest", "oldest_due"))

    employer_id: Mapped[int] = mapped_column(ForeignKey("revenue_employers.id"), primary_key=True)
    owed: Mapped[int] = mapped_column(Minor, default=0)
    oldest_due: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    months: Mapped[int] = mapped_column(Integer, default=0)


class DebtDue(Base):
    """What is still owed per due date over all employers (a few rows a year: the branch's ageing
    sums them instead of every month still owed)."""

    __tablename__ = "execution_debt_dues"

    due_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    owed: Mapped[int] = mapped_column(Minor, default=0)


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


_SERVICE = "service_method IS NULL OR service_method IN ('hand', 'post', 'electronic')"


class Notice(Base):
    """A warning notice to an employer (a legal record, numbered per fiscal year): the months owed
    and their charges on the day it was prepared; served on a date by a method."""

    __tablename__ = "execution_notices"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "number", name="uq_execution_notices_number"),
        CheckConstraint(check_in("state", NoticeState), name="state"),
        CheckConstraint(_SERVICE, name="service_method"),
        CheckConstraint("principal > 0 AND charges >= 0", name="amounts"),
        Index("ix_execution_notices_employer", "employer_id", "state"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    employer_id: Mapped[int] = mapped_column(ForeignKey("revenue_employers.id"))
    prepared_on: Mapped[dt.date] = mapped_column(Date)
    principal: Mapped[int] = mapped_column(Minor)
    charges: Mapped[int] = mapped_column(Minor)
    period_days: Mapped[int] = mapped_column(Integer)  # the pack's notice period when prepared
    prepared_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    prepared_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(12), default=NoticeState.PREPARED.value)
    served_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    service_method: Mapped[str | None] = mapped_column(String(12), nullable=True)


class NoticeLine(Base):
    """A month of a notice: its principal still owed and its charges when prepared."""

    __tablename__ = "execution_notice_lines"
    __table_args__ = (UniqueConstraint("notice_id", "year", "month", name="uq_execution_notice_lines_month"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("execution_notices.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[dt.date] = mapped_column(Date)
    principal: Mapped[int] = mapped_column(Minor)
    charges: Mapped[int] = mapped_column(Minor)


class Order(Base):
    """An enforcement order (a legal record, numbered per fiscal year): the debt is transferred to
    enforcement on ``issued_on`` (the KPI's denominator is ``amount``)."""

    __tablename__ = "execution_orders"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "number", name="uq_execution_orders_number"),
        UniqueConstraint("notice_id", name="uq_execution_orders_notice"),
        CheckConstraint(check_in("state", OrderState), name="state"),
        CheckConstraint(_SERVICE, name="service_method"),
        CheckConstraint("amount > 0 AND principal > 0", name="amounts"),
        Index("ix_execution_orders_issued", "issued_on"),
        Index("ix_execution_orders_employer", "employer_id", "state"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    employer_id: Mapped[int] = mapped_column(ForeignKey("revenue_employers.id"))
    notice_id: Mapped[int] = mapped_column(ForeignKey("execution_notices.id"))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    principal: Mapped[int] = mapped_column(Minor)
    amount: Mapped[int] = mapped_column(Minor)  # principal + charges transferred
    issued_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(12), default=OrderState.ISSUED.value)
    served_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    service_method: Mapped[str | None] = mapped_column(String(12), nullable=True)
    suspended_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class OrderLine(Base):
    __tablename__ = "execution_order_lines"
    __table_args__ = (UniqueConstraint("order_id", "year", "month", name="uq_execution_order_lines_month"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("execution_orders.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    principal: Mapped[int] = mapped_column(Minor)
    charges: Mapped[int] = mapped_column(Minor)


class Objection(Base):
    """An employer's objection to an order: the debt stays, the escalation waits until a date."""

    __tablename__ = "execution_objections"
    __table_args__ = (CheckConstraint("suspended_until >= received_on", name="dates"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("execution_orders.id"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500))
    suspended_until: Mapped[dt.date] = mapped_column(Date)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Cancellation(Base):
    """The cancellation of a notice, an order or a seizure request: a new record with its reason, asked by one user
    and approved by a manager (never the same person)."""

    __tablename__ = "execution_cancellations"
    __table_args__ = (
        CheckConstraint("document IN ('notice', 'order', 'agreement', 'seizure')", name="document"),
        CheckConstraint("approved_by <> requested_by", name="four_eyes"),
        UniqueConstraint("document", "document_id", name="uq_execution_cancellations_document"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    document: Mapped[str] = mapped_column(String(10))
    document_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(500))
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approved_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    cancelled_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Agreement(Base):
    """An instalment agreement over an employer's months (a legal record, numbered per fiscal
    year): the principal and the charges to the agreement date, a down payment and instalments."""

    __tablename__ = "execution_agreements"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "number", name="uq_execution_agreements_number"),
        CheckConstraint(check_in("state", AgreementState), name="state"),
        CheckConstraint("principal > 0 AND charges >= 0 AND down_payment >= 0 AND instalments > 0", name="amounts"),
        Index("ix_execution_agreements_employer", "employer_id", "state"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    employer_id: Mapped[int] = mapped_column(ForeignKey("revenue_employers.id"))
    agreed_on: Mapped[dt.date] = mapped_column(Date)
    principal: Mapped[int] = mapped_column(Minor)
    charges: Mapped[int] = mapped_column(Minor)
    down_payment: Mapped[int] = mapped_column(Minor)
    instalments: Mapped[int] = mapped_column(Integer)
    default_after: Mapped[int] = mapped_column(Integer)  # the pack's number of missed instalments
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(12), default=AgreementState.ACTIVE.value)
    ended_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    recomputed_charges: Mapped[int | None] = mapped_column(Minor, nullable=True)  # on default


class AgreementMonth(Base):
    __tablename__ = "execution_agreement_months"
    __table_args__ = (UniqueConstraint("agreement_id", "year", "month", name="uq_execution_agreement_months_month"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("execution_agreements.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    principal: Mapped[int] = mapped_column(Minor)
    charges: Mapped[int] = mapped_column(Minor)


class InstalmentRow(Base):
    __tablename__ = "execution_instalments"
    __table_args__ = (UniqueConstraint("agreement_id", "seq", name="uq_execution_instalments_seq"),
                      CheckConstraint("amount > 0", name="positive"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("execution_agreements.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Minor)


class SeizureRequest(Base):
    """A request to a bank to seize an employer's accounts under an enforcement order (a legal
    record, numbered per fiscal year): the bank, the order and the amount still owed under it; then
    the bank's reply (:class:`SeizureReply`) or a cancellation (:class:`Cancellation`)."""

    __tablename__ = "execution_seizure_requests"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "number", name="uq_execution_seizure_requests_number"),
        CheckConstraint("amount > 0", name="positive"),
        Index("ix_execution_seizure_requests_day", "requested_on"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    order_id: Mapped[int] = mapped_column(ForeignKey("execution_orders.id"), index=True)
    employer_id: Mapped[int] = mapped_column(ForeignKey("revenue_employers.id"))
    bank: Mapped[str] = mapped_column(String(120))
    amount: Mapped[int] = mapped_column(Minor)
    requested_on: Mapped[dt.date] = mapped_column(Date)
    requested_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SeizureReply(Base):
    """The bank's reply to a seizure request (a legal record, one per request): the day, the amount
    it seized (0: nothing) and its reference."""

    __tablename__ = "execution_seizure_replies"
    __table_args__ = (
        UniqueConstraint("seizure_id", name="uq_execution_seizure_replies_seizure"),
        CheckConstraint("seized >= 0", name="seized"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    seizure_id: Mapped[int] = mapped_column(ForeignKey("execution_seizure_requests.id",
                                                       name="fk_execution_seizure_replies_seizure"))
    replied_on: Mapped[dt.date] = mapped_column(Date)
    seized: Mapped[int] = mapped_column(Minor)
    reference: Mapped[str] = mapped_column(String(60))
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
