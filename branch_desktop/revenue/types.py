"""Plain data the revenue services take and return (no SQLAlchemy, no Qt): views, documents and
the CLI use these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import N_
from branch_desktop.core.texts import StoredText
from branch_desktop.revenue.states import (
    ChequeStatus,
    EmployerStatus,
    Method,
    ReceiptKind,
    ReceiptStatus,
    StatementKind,
)

PARTY = "employer"  # the party type of the employers' lines in the ledger

STANDARD_RATE = "standard"
# an employer's premium rate class as stored -> what the user reads; a code not here is shown as typed
RATE_CLASS_LABELS = {STANDARD_RATE: N_("Standard")}
METHOD_LABELS = {Method.SLIP: N_("Bank slip"), Method.TRANSFER: N_("Transfer"), Method.CHEQUE: N_("Cheque")}

CHEQUE_STATUS_LABELS = {
    ChequeStatus.IN_HAND: N_("In hand"),
    ChequeStatus.DEPOSITED: N_("Deposited"),
    ChequeStatus.CLEARED: N_("Cleared"),
    ChequeStatus.BOUNCED: N_("Bounced"),
}


@dataclass(frozen=True, kw_only=True)
class EmployerInput:
    file_no: str
    name: str
    national_id: str
    address: str = ""
    phone: str = ""
    iban: str = ""
    business_code: str = ""
    risk_class: str = ""
    rate_class: str = STANDARD_RATE
    status: EmployerStatus = EmployerStatus.ACTIVE
    opened_on: dt.date | None = None
    closed_on: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class EmployerView:
    id: int
    file_no: str
    name: str
    national_id: str
    address: str
    phone: str
    iban: str
    business_code: str
    risk_class: str
    rate_class: str
    status: EmployerStatus
    opened_on: dt.date
    closed_on: dt.date | None
    version: int
    updated_by: str
    updated_at: dt.datetime


@dataclass(frozen=True, kw_only=True)
class EmployerRow:
    """A search result."""

    id: int
    file_no: str
    name: str
    national_id: str
    business_code: str
    status: EmployerStatus


@dataclass(frozen=True, kw_only=True)
class DeclarationView:
    id: int
    employer_id: int
    file_no: str
    employer_name: str
    month: YearMonth
    seq: int
    insured_count: int
    total_days: int
    total_wage: int
    employee_share: int
    employer_share: int
    premium: int
    accrued: int  # posted by this declaration (for a correction: the difference)
    due_date: dt.date
    entry_id: int | None
    source: str


@dataclass(frozen=True, kw_only=True)
class PaymentInput:
    employer_id: int
    amount: int  # minor units
    method: Method
    reference: str  # slip number, transfer reference, cheque number
    bank: str = ""
    bank_branch: str = ""
    ref_date: dt.date | None = None  # slip date
    due_date: dt.date | None = None  # cheque due date
    drawer: str = ""
    month: YearMonth | None = None  # allocate to this month first
    on: dt.date | None = None  # receipt date (default: today)


T = TypeVar("T")


@dataclass(frozen=True)
class BatchResult(Generic[T]):
    """What a batch took and refused, each with its position in the batch (0-based): a refused
    item wrote nothing and left the others taken (``services.take_payments``)."""
    taken: tuple[tuple[int, T], ...]
    refused: tuple[tuple[int, DomainError], ...]

    @property
    def views(self) -> list[T]:
        return [view for _i, view in self.taken]


@dataclass(frozen=True)
class AllocationView:
    month: YearMonth
    amount: int


@dataclass(frozen=True, kw_only=True)
class ReceiptView:
    id: int
    fiscal_year: int
    number: int
    kind: ReceiptKind
    employer_id: int
    file_no: str
    employer_name: str
    employer_national_id: str
    receipt_date: dt.date
    amount: int
    method: Method
    bank: str
    bank_branch: str
    reference: str
    ref_date: dt.date | None
    due_date: dt.date | None
    drawer: str
    status: ReceiptStatus
    reason: str
    voids_number: str  # for a void: the voided receipt's number
    voided_by_number: str  # for a voided payment: the void's number
    cheque_status: ChequeStatus | None
    clerk: str
    clerk_name: str
    created_at: dt.datetime
    entry_id: int
    allocations: tuple[AllocationView, ...] = field(default_factory=tuple)  # premium months paid
    charge_allocations: tuple[AllocationView, ...] = field(default_factory=tuple)  # late charges paid

    @property
    def premium_part(self) -> int:
        """What the receipt paid of premiums (minor units)."""
        return sum(a.amount for a in self.allocations)

    @property
    def charges_part(self) -> int:
        """What the receipt paid of accrued late-payment charges (minor units)."""
        return sum(a.amount for a in self.charge_allocations)

    @property
    def display_number(self) -> str:
        return f"{self.fiscal_year}-{self.number:06d}"


@dataclass(frozen=True, kw_only=True)
class ChequeRow:
    receipt_id: int
    receipt_number: str
    employer_id: int
    file_no: str
    employer_name: str
    amount: int
    bank: str
    bank_branch: str
    cheque_no: str
    drawer: str
    received_on: dt.date
    due_date: dt.date | None
    status: ChequeStatus
    deposited_on: dt.date | None
    cleared_on: dt.date | None
    bounced_on: dt.date | None


@dataclass(frozen=True, kw_only=True)
class StatementLine:
    day: dt.date
    kind: StatementKind
    text: str
    reference: str
    month: YearMonth | None
    debit: int
    credit: int
    balance: int
    message: StoredText | None = None  # ``text`` as a message, for a document in another language


@dataclass(frozen=True)
class StatementMonth:
    month: YearMonth
    accrued: int
    paid: int

    @property
    def balance(self) -> int:
        return self.accrued - self.paid


@dataclass(frozen=True, kw_only=True)
class Statement:
    employer: EmployerView
    lines: tuple[StatementLine, ...]
    months: tuple[StatementMonth, ...]
    unallocated: int  # received and not set against any month (a credit)
    total_debit: int
    total_credit: int

    @property
    def balance(self) -> int:
        return self.total_debit - self.total_credit


@dataclass(frozen=True, kw_only=True)
class DaySummary:
    clerk: str
    clerk_name: str
    day: dt.date
    receipts: tuple[ReceiptView, ...]
    closed: bool
    closed_at: dt.datetime | None
    checkpoint: str = ""  # digest of the chain heads taken when the day was closed

    @property
    def payments(self) -> tuple[ReceiptView, ...]:
        return tuple(r for r in self.receipts if r.kind == ReceiptKind.PAYMENT)

    @property
    def voids(self) -> tuple[ReceiptView, ...]:
        return tuple(r for r in self.receipts if r.kind == ReceiptKind.VOID)

    def total_by_method(self) -> dict[Method, int]:
        out = {m: 0 for m in Method}
        for r in self.receipts:
            out[r.method] += r.amount if r.kind == ReceiptKind.PAYMENT else -r.amount
        return out

    @property
    def total(self) -> int:
        return sum(self.total_by_method().values())
