"""Banking's states, stored as their string values (CHECK constraints in the models and in the
revision ``banking_r2``; on SQLite, triggers, since the tables carry record guards).

Received cheques (a receipt paid by cheque: in hand, deposited, cleared, bounced) are revenue's;
the cheques here are the ones the branch writes on its own accounts.
"""

from __future__ import annotations

from enum import StrEnum

from branch_desktop.core.i18n import N_


class ChequeStatus(StrEnum):
    """An issued cheque: written, both signatures on it, handed over and posted, or voided."""

    ISSUED = "issued"
    SIGNED = "signed"
    POSTED = "posted"
    SPOILED = "spoiled"


class PaymentDocumentStatus(StrEnum):
    """A legal-obligation payment document: entered, checked by accounting, paid by a cheque."""

    ENTERED = "entered"
    CHECKED = "checked"
    PAID = "paid"


class LockStatus(StrEnum):
    """A bank account's month: reconciled and locked, or reopened by a manager."""

    LOCKED = "locked"
    REOPENED = "reopened"


#: The state columns and the values each may hold (the CHECK constraints and triggers).
STATE_COLUMNS: dict[tuple[str, str], type[StrEnum]] = {
    ("bank_issued_cheques", "status"): ChequeStatus,
    ("bank_payment_documents", "status"): PaymentDocumentStatus,
    ("bank_reconciliation_locks", "status"): LockStatus,
}


# How states are shown (translated where shown; in messages as Msg).
STATUS_LABELS: dict[str, str] = {
    PaymentDocumentStatus.ENTERED: N_("entered"), PaymentDocumentStatus.CHECKED: N_("checked"),
    PaymentDocumentStatus.PAID: N_("paid"), ChequeStatus.ISSUED: N_("issued"), ChequeStatus.SIGNED: N_("signed"),
    ChequeStatus.POSTED: N_("posted"), ChequeStatus.SPOILED: N_("spoiled"),
}
