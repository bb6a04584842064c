"""Screen-facing figures of the execution unit (no database types)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_

AGE_BUCKETS = ((0, 30), (31, 90), (91, 180), (181, 365), (366, None))  # days overdue, inclusive
AGE_LABELS = (N_("0-30 days"), N_("31-90 days"), N_("91-180 days"), N_("181-365 days"), N_("over a year"))


@dataclass(frozen=True, kw_only=True)
class RegisterRow:
    """A month's premium still owed after its due date."""

    employer_id: int
    file_no: str
    name: str
    month: YearMonth
    due: dt.date
    owed: Decimal
    age: int  # days since the due date


@dataclass(frozen=True, kw_only=True)
class Ageing:
    """Overdue debt by age (the branch's or one employer's)."""

    labels: tuple[str, ...]  # the buckets' keys ("0-30"...)
    amounts: tuple[Decimal, ...]
    total: Decimal
    employers: int


@dataclass(frozen=True, kw_only=True)
class Debtor:
    """A line of the debtors list."""

    employer_id: int
    file_no: str
    name: str
    owed: Decimal
    oldest_due: dt.date | None
    months: int
    age: int  # days since the oldest unpaid due date (0 if none is overdue)


@dataclass(frozen=True, kw_only=True)
class DocumentLine:
    month: YearMonth
    due: dt.date | None
    principal: Decimal
    charges: Decimal


@dataclass(frozen=True, kw_only=True)
class NoticeView:
    """A warning notice as screens and the printed notice show it."""

    id: int
    number: str  # YEAR/NNNNNN
    employer_id: int
    file_no: str
    name: str
    prepared_on: dt.date
    principal: Decimal
    charges: Decimal
    period_days: int
    state: str
    served_on: dt.date | None
    service_method: str | None
    lines: tuple[DocumentLine, ...]

    @property
    def total(self) -> Decimal:
        return self.principal + self.charges

    @property
    def escalation_from(self) -> dt.date | None:
        """The first day an enforcement order may be issued (the notice period after service)."""
        return self.served_on + dt.timedelta(days=self.period_days) if self.served_on else None


@dataclass(frozen=True, kw_only=True)
class OrderView:
    id: int
    number: str
    notice_number: str
    employer_id: int
    file_no: str
    name: str
    issued_on: dt.date
    principal: Decimal
    amount: Decimal
    state: str
    served_on: dt.date | None
    service_method: str | None
    suspended_until: dt.date | None
    lines: tuple[DocumentLine, ...]
    settled_on: dt.date | None = None  # settled: the receipt date of the payment that cleared it


@dataclass(frozen=True, kw_only=True)
class EnforcementRate:
    """Collected through enforcement / transferred to enforcement, for a half-year."""

    start: dt.date
    end: dt.date
    transferred: Decimal
    collected: Decimal
    orders: int

    @property
    def rate(self) -> Decimal | None:
        return (self.collected / self.transferred).quantize(Decimal("0.0001")) if self.transferred else None


@dataclass(frozen=True, kw_only=True)
class InstalmentView:
    seq: int  # 0: the down payment
    due: dt.date
    amount: Decimal
    paid: bool


@dataclass(frozen=True, kw_only=True)
class AgreementView:
    id: int
    number: str
    employer_id: int
    file_no: str
    name: str
    agreed_on: dt.date
    principal: Decimal
    charges: Decimal
    down_payment: Decimal
    state: str
    ended_on: dt.date | None
    paid: Decimal
    missed: int
    default_after: int
    instalments: tuple[InstalmentView, ...]
    months: tuple[DocumentLine, ...]
    recomputed_charges: Decimal | None = None
    changes: tuple[dict[str, object], ...] = ()  # on default: each month's charges before and after


@dataclass(frozen=True, kw_only=True)
class SeizureView:
    """A request to a bank to seize an employer's accounts under an enforcement order."""

    id: int
    number: str
    order_number: str
    employer_id: int
    file_no: str
    name: str
    bank: str
    amount: Decimal
    requested_on: dt.date
    state: str = "requested"  # a SeizureState value
    replied_on: dt.date | None = None  # the bank's reply: the day,
    seized: Decimal | None = None  # what it seized (0: nothing)
    bank_reference: str = ""  # and its reference
    cancel_reason: str = ""


TIMELINE_LABELS = {
    "notice": N_("Warning notice"), "notice_served": N_("Notice served"), "order": N_("Enforcement order"),
    "order_served": N_("Order served"), "order_settled": N_("Order settled"), "objection": N_("Objection"),
    "seizure": N_("Seizure request"), "seizure_reply": N_("Bank's reply"), "seizure_cancelled": N_("Seizure cancelled"),
    "agreement": N_("Instalment agreement"), "agreement_ended": N_("Agreement ended"), "payment": N_("Payment"),
}


@dataclass(frozen=True, kw_only=True)
class TimelineRow:
    """A dated step of an employer's debt file: a document, its service, an objection, a payment."""

    day: dt.date
    event: str  # a TimelineEvent value
    reference: str  # the document's number ("" for a payment)
    month: YearMonth | None  # a payment's premium month
    amount: Decimal | None  # a document's amount, a payment (negative: a void or a bounced cheque)
    detail: str  # the bank, the service method, the objection's reason, the agreement's end state
    until: dt.date | None = None  # an objection's suspension


@dataclass(frozen=True, kw_only=True)
class DebtFile:
    """An employer's debt file timeline, in date order."""

    file_no: str
    name: str
    rows: tuple[TimelineRow, ...]

DETAIL_LABELS = {  # a timeline row's detail when it is a state or a service method
    "prepared": N_("Prepared"), "served": N_("Served"), "escalated": N_("Escalated"), "settled": N_("Settled"),
    "cancelled": N_("Cancelled"), "issued": N_("Issued"), "suspended": N_("Suspended"), "active": N_("Active"),
    "completed": N_("Completed"), "defaulted": N_("Defaulted"), "requested": N_("Requested"),
    "answered": N_("Answered"), "hand": N_("By hand"), "post": N_("By post"),
    "electronic": N_("Electronically"),
}
