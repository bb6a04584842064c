"""Revenue's states and kinds as enums, stored as their string value.

Each column holding one of these carries a CHECK constraint listing the values (``check_in``
writes its text for the table definitions; revision ``revenue_r2`` adds the same rule to an
existing database)."""

from __future__ import annotations

from enum import StrEnum


class EmployerStatus(StrEnum):
    """An employer file: open for declarations and payments, or closed."""

    ACTIVE = "active"
    CLOSED = "closed"


class ReceiptKind(StrEnum):
    """A numbered counter document: a payment received, or the void of one."""

    PAYMENT = "payment"
    VOID = "void"


class ReceiptStatus(StrEnum):
    """A receipt stays ``valid`` until a void marks it ``voided`` (a void itself stays valid)."""

    VALID = "valid"
    VOIDED = "voided"


class ChequeStatus(StrEnum):
    """A cheque received: in the cashier's hands, deposited, then cleared or bounced."""

    IN_HAND = "in_hand"
    DEPOSITED = "deposited"
    CLEARED = "cleared"
    BOUNCED = "bounced"


class AccrualKind(StrEnum):
    """An item of the employer's debt: a declaration's premium, a correction's difference, a
    bounced-cheque charge."""

    PREMIUM = "premium"
    CORRECTION = "correction"
    CHARGE = "charge"


class AllocationKind(StrEnum):
    """Part of a receipt set against a month; a void or a bounce adds the negative."""

    PAYMENT = "payment"
    VOID = "void"
    BOUNCE = "bounce"


class PaymentOrder(StrEnum):
    """How a counter payment is shared between premiums and accrued late-payment charges (the
    pack's dated ``revenue.payment.order``: 1 principal first, 2 charges first, 3 proportional)."""

    PRINCIPAL_FIRST = "principal_first"
    CHARGES_FIRST = "charges_first"
    PROPORTIONAL = "proportional"


class StatementKind(StrEnum):
    """A line of the employer's statement."""

    ACCRUAL = "accrual"
    CORRECTION = "correction"
    CHARGE = "charge"
    RECEIPT = "receipt"
    VOID = "void"
    BOUNCE = "bounce"


class ChequeList(StrEnum):
    """The lists of cheques received (``services.list_cheques``)."""

    DUE_WEEK = "due_week"  # in hand, due within 7 days or overdue
    DEPOSITED = "deposited"  # deposited, not cleared
    BOUNCED = "bounced"
    OPEN = "open"  # in hand or deposited
    ALL = "all"


class DoubtKind(StrEnum):
    """Why a payment's amount must be typed again (``rules.payment_doubt``)."""

    OVER_DEBT = "over_debt"  # far more than the employer owes
    OVER_LIMIT = "over_limit"  # over the role's limit per receipt


class Method(StrEnum):
    """How a payment was made (``revenue.types`` re-exports it; the command line's choices read it here)."""

    SLIP = "slip"
    TRANSFER = "transfer"
    CHEQUE = "cheque"


OPEN_CHEQUE = (ChequeStatus.IN_HAND, ChequeStatus.DEPOSITED)  # a cheque that can still clear or bounce

# the state columns and their enums (the CHECK constraints of the tables and of revision revenue_r2)
STATE_COLUMNS: dict[tuple[str, str], tuple[type[StrEnum], bool]] = {
    ("revenue_employers", "status"): (EmployerStatus, False),
    ("revenue_receipts", "kind"): (ReceiptKind, False),
    ("revenue_receipts", "status"): (ReceiptStatus, False),
    ("revenue_receipts", "cheque_status"): (ChequeStatus, True),
    ("revenue_accruals", "kind"): (AccrualKind, False),
    ("revenue_allocations", "kind"): (AllocationKind, False),
}


