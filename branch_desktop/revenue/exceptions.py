"""Typed revenue errors a screen or command reacts to (beyond showing the message)."""

from __future__ import annotations

from branch_desktop.core.errors import ValidationError
from branch_desktop.core.i18n import N_, format_money, gettext
from branch_desktop.core.money import Currency
from branch_desktop.core.security import ROLE_LABELS, Role
from branch_desktop.revenue.rules import AmountDoubt

_DOUBTS = {
    "over_debt": N_("The amount {amount} is {excess} more than the employer owes ({debt})."),
    "over_limit": N_("The amount {amount} is over the limit of {limit} per receipt for the role {role}."),
}


class ImplausibleAmount(ValidationError):
    """A payment far from what is expected (``rules.payment_doubt``): refused unless the call
    confirms the amount (``take_payment(..., confirmed=True)``), which the counter asks for by
    having the clerk type it again and the command line by ``--confirm-amount``."""

    code = "implausible_amount"

    def __init__(self, doubt: AmountDoubt, currency: Currency, role: Role) -> None:
        self.doubt = doubt

        def money(minor: int) -> str:
            return format_money(minor, currency)

        super().__init__(_DOUBTS[doubt.kind], amount=money(doubt.amount), excess=money(doubt.excess),
                         debt=money(doubt.debt), limit=money(doubt.limit), role=gettext(ROLE_LABELS[role]))
