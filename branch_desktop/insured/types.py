"""Insured affairs' states (enums) and the keyword-only view dataclasses screens and documents read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from branch_desktop.core.i18n import N_


class Sex(StrEnum):
    FEMALE = "F"
    MALE = "M"


class InsuredStatus(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    RETIRED = "retired"
    DECEASED = "deceased"


class Relation(StrEnum):
    SPOUSE = "spouse"
    CHILD = "child"
    MOTHER = "mother"
    FATHER = "father"


class DecisionOutcome(StrEnum):
    APPROVED = "approved"
    REFUSED = "refused"


class ClaimState(StrEnum):
    """Derived from the claim's decisions: waiting for one, its latest outcome, or paid (the
    approved decision's payment was posted)."""

    WAITING = "waiting"
    APPROVED = "approved"
    REFUSED = "refused"
    PAID = "paid"


class PaymentState(StrEnum):
    DUE = "due"
    PAID = "paid"


class PaymentMethod(StrEnum):
    CHEQUE = "cheque"
    TRANSFER = "transfer"


class TransferState(StrEnum):
    PREPARED = "prepared"
    POSTED = "posted"
    CANCELLED = "cancelled"


class ApplicationKind(StrEnum):
    PENSION = "pension"
    DISABILITY = "disability"
    SERVICE_RECORD_REQUEST = "service_record_request"


STATUS_LABELS = {InsuredStatus.ACTIVE: N_("Active"), InsuredStatus.INACTIVE: N_("Not working"),
                 InsuredStatus.RETIRED: N_("Retired"), InsuredStatus.DECEASED: N_("Deceased")}
RELATION_LABELS = {Relation.SPOUSE: N_("Spouse"), Relation.CHILD: N_("Child"), Relation.MOTHER: N_("Mother"),
                   Relation.FATHER: N_("Father")}
CLAIM_STATE_LABELS = {ClaimState.WAITING: N_("Waiting for a decision"), ClaimState.APPROVED: N_("Approved"),
                      ClaimState.REFUSED: N_("Refused"), ClaimState.PAID: N_("Paid")}
METHOD_LABELS = {PaymentMethod.CHEQUE: N_("Cheque"), PaymentMethod.TRANSFER: N_("Bank transfer")}
TRANSFER_STATE_LABELS = {TransferState.PREPARED: N_("Prepared"), TransferState.POSTED: N_("Posted"),
                         TransferState.CANCELLED: N_("Cancelled")}
# the insurance statuses a pack may list in its ``insurance_statuses`` table (tr_sgk: 5510 art. 4/1)
COVERAGE_LABELS = {"4/1-a": N_("Employee (4/1-a)"), "4/1-b": N_("Self-employed (4/1-b)"),
                   "4/1-c": N_("Public servant (4/1-c)")}
APPLICATION_LABELS = {ApplicationKind.PENSION: N_("Pension application"),
                      ApplicationKind.DISABILITY: N_("Disability application"),
                      ApplicationKind.SERVICE_RECORD_REQUEST: N_("Service-record request from another office")}


@dataclass(frozen=True, kw_only=True)
class PersonInput:
    national_id: str
    first_name: str
    last_name: str
    sex: Sex
    birth_date: dt.date | None = None
    status: InsuredStatus = InsuredStatus.ACTIVE
    iban: str = ""


@dataclass(frozen=True, kw_only=True)
class PersonRow:
    id: int
    national_id: str
    first_name: str
    last_name: str
    status: InsuredStatus


@dataclass(frozen=True, kw_only=True)
class PersonView:
    id: int
    national_id: str
    first_name: str
    last_name: str
    sex: Sex
    birth_date: dt.date | None
    status: InsuredStatus
    version: int
    iban: str = ""
    household: list[MemberView] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class MemberInput:
    relation: Relation
    full_name: str
    national_id: str = ""
    birth_date: dt.date | None = None
    student: bool = False
    disabled: bool = False


@dataclass(frozen=True, kw_only=True)
class MemberView:
    id: int
    relation: Relation
    full_name: str
    national_id: str
    birth_date: dt.date | None
    student: bool
    disabled: bool
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass(frozen=True, kw_only=True)
class CoverageView:
    """One row of a person's insurance-status history."""

    id: int
    coverage: str
    effective_from: dt.date
    recorded_by: str
    recorded_at: dt.datetime


@dataclass(frozen=True, kw_only=True)
class ServiceMonth:
    """One month of declared service (from revenue's accepted declarations)."""

    year: int
    month: int
    employer_file_no: str
    employer_name: str
    days: int
    wage: Decimal


@dataclass(frozen=True, kw_only=True)
class ServiceYear:
    year: int
    days: int
    wage: Decimal
    employers: int


@dataclass(frozen=True, kw_only=True)
class ClaimView:
    id: int
    number: str  # one way to write it everywhere
    person_id: int
    person_name: str
    national_id: str
    kind: str
    eligible: bool
    amount: Decimal
    state: ClaimState
    prepared_by: str
    prepared_at: dt.datetime
    result: dict[str, Any]
    decision_number: str = ""
    decided_by: str = ""
    decision_reason: str = ""
    payment_reference: str = ""
    paid_on: dt.date | None = None
    payment_method: PaymentMethod | None = None
    payment_instrument: str = ""  # the cheque number or the transfer list's number


@dataclass(frozen=True, kw_only=True)
class ApplicationView:
    id: int
    person_id: int
    person_name: str
    kind: ApplicationKind
    received_on: dt.date
    deadline: dt.date
    decided_on: dt.date | None
    days_open: int
    overdue: bool
    other_office: str
    coverage: str = ""  # the insurance status at receipt ("": not known)


@dataclass(frozen=True, kw_only=True)
class PayableView:
    """An approved benefit not paid yet, and not on a live transfer list."""

    payment_id: int
    claim_id: int
    claim_number: str
    reference: str
    person_name: str
    national_id: str
    iban: str
    kind: str
    amount: Decimal
    decided_on: dt.date | None = None  # the approving decision's date


@dataclass(frozen=True, kw_only=True)
class TransferLineView:
    line_no: int
    payee: str
    national_id: str
    iban: str
    amount: Decimal
    reference: str


@dataclass(frozen=True, kw_only=True)
class TransferListView:
    id: int
    number: str
    bank_account_code: str
    bank_name: str
    bank_iban: str
    list_date: dt.date
    total: Decimal
    count: int
    status: TransferState
    prepared_by: str
    posted_by: str
    entry_id: int | None
    lines: list[TransferLineView] = field(default_factory=list)
