"""Typed revenue errors, in Tryton's manner: each class is one kind of refusal with a stable
message template (the catalogue msgid) and, when it concerns one input, the ``field`` a screen
puts the cursor in. Screens and commands branch on the type or ``field``, never on the text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from branch_desktop.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from branch_desktop.core.i18n import N_, format_money, gettext
from branch_desktop.core.money import Currency
from branch_desktop.core.security import ROLE_LABELS, Role
from branch_desktop.revenue.states import DoubtKind

if TYPE_CHECKING:  # rules raise these errors: no import circle
    from branch_desktop.revenue.rules import AmountDoubt, RowError

_DOUBTS = {
    DoubtKind.OVER_DEBT: N_("The amount {amount} is {excess} more than the employer owes ({debt})."),
    DoubtKind.OVER_LIMIT: N_("The amount {amount} is over the limit of {limit} per receipt for the role {role}."),
}


class RevenueInputError(ValidationError):
    """An input that breaks a rule; ``field`` names it (``file_no``, ``amount``, ``reason``...)."""

    def __init__(self, template: str, *, field: str | None = None, **params: object) -> None:
        super().__init__(template, **params)
        self.field = field


class EmployerInputError(RevenueInputError):
    """An employer file's field that cannot be stored as typed."""


class PaymentInputError(RevenueInputError):
    """A payment's field missing or wrong (amount, slip or cheque number, bank, dates, drawer)."""


class ImplausibleAmount(ValidationError):
    """A payment far from what is expected (``rules.payment_doubt``): refused unless the call
    confirms the amount (``take_payment(..., confirmed=True)``), which the counter asks for by
    having the clerk type it again and the command line by ``--confirm-amount``."""

    code = "implausible_amount"
    field = "amount"

    def __init__(self, doubt: AmountDoubt, currency: Currency, role: Role) -> None:
        self.doubt = doubt

        def money(minor: int) -> str:
            return format_money(minor, currency)

        super().__init__(_DOUBTS[doubt.kind], amount=money(doubt.amount), excess=money(doubt.excess),
                         debt=money(doubt.debt), limit=money(doubt.limit), role=gettext(ROLE_LABELS[role]))


class DeclarationRefused(ValidationError):
    """A declaration with row errors: nothing was stored. ``errors`` lists every row's problems."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        self.errors = list(errors)
        super().__init__(N_("The declaration was refused: {count} problem(s); nothing was saved."), count=len(errors))


DeclarationRowErrors = DeclarationRefused  # the name for it


class UnknownEmployer(NotFound):
    """No employer file with that id or file number."""

    field = "file_no"


class UnknownReceipt(NotFound):
    """No receipt (or no cheque receipt) with that id or printed number."""


class DuplicateEmployerFile(ConflictError):
    """Another employer file has that number."""

    field = "file_no"


class StaleRecord(ConflictError):
    """A save over a newer version of the employer file; names who changed it and when."""


class DuplicatePayment(ConflictError):
    """The same slip, transfer or cheque was already taken on a valid receipt."""

    field = "reference"


class DayClosed(ConflictError):
    """The clerk's counter day is closed: nothing more can be dated in it."""


class DayAlreadyClosed(ConflictError):
    """Closing a counter day a second time."""


class DayChangedWhileClosing(ConflictError):
    """A receipt was registered between the day's summary and its close."""


class ReceiptNotVoidable(ConflictError):
    """A void of a void, of a voided receipt, or of a cheque no longer in hand."""


class ChequeStateError(ConflictError):
    """A cheque moved from a state that does not allow it (deposit of a cheque not in hand,
    clearing or bouncing a cleared or bounced one, any move of a voided receipt)."""


class UnknownClerk(NotFound):
    """No user with that name (a day summary or close asked for another clerk)."""


class NotOwnReceipt(PermissionDenied):
    """A clerk voids only their own receipts (an accountant voids any)."""


class VoidNeedsAccountant(PermissionDenied):
    """The receipt's counter day is closed: only an accountant can void it now."""


class OtherClerksDay(PermissionDenied):
    """Only a manager closes another clerk's counter day."""
