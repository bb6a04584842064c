"""Pure rules of the cheques the branch writes: which step each state allows and whose
signature goes where (two signatures, two different people)."""

from __future__ import annotations

from branch_desktop.accounting.banking.exceptions import (
    AlreadySignedForRole,
    ChequeNotSignable,
    ChequeNotSigned,
    ChequeStateError,
    NotASigner,
    SameSigner,
)
from branch_desktop.accounting.banking.states import STATUS_LABELS, ChequeStatus
from branch_desktop.core.texts import Msg

SIGN_ACCOUNTING = "accounting"
SIGN_HEAD = "head"


def status_text(status: str) -> Msg:
    """A state as a message parameter (translated where the message is shown)."""
    return Msg(STATUS_LABELS.get(status, status))


def check_spoilable(number: int, status: ChequeStatus) -> None:
    """Only a cheque not yet posted (nor spoiled already) may be spoiled."""
    if status in (ChequeStatus.POSTED, ChequeStatus.SPOILED):
        raise ChequeStateError(number=number, status=status_text(status))


def check_postable(number: int, status: ChequeStatus) -> None:
    """A cheque is handed over (posted) once both signatures are on it."""
    if status is not ChequeStatus.SIGNED:
        raise ChequeNotSigned(number=number)


def check_signature(number: int, status: ChequeStatus, slot: str | None, user_id: int, username: str,
                    signed_accounting_by: int | None, signed_head_by: int | None) -> str:
    """The slot the signature goes in (``SIGN_ACCOUNTING``: the head of accounting's;
    ``SIGN_HEAD``: the branch head's or deputy's), refused when the cheque is past signing, when
    the signer has no slot, when the slot is signed or when the other signature is the same
    person's."""
    if status is not ChequeStatus.ISSUED:
        raise ChequeNotSignable(number=number, status=status_text(status))
    if slot == SIGN_ACCOUNTING:
        mine, other = signed_accounting_by, signed_head_by
    elif slot == SIGN_HEAD:
        mine, other = signed_head_by, signed_accounting_by
    else:
        raise NotASigner()
    if other == user_id:
        raise SameSigner(number=number, user=username)
    if mine is not None:
        raise AlreadySignedForRole(number=number)
    return slot
