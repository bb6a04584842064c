"""Pure checks of the ledger (no database, no Qt): the shape and balance of an entry's lines, an
account's and a period's fitness for posting, a reversal's lines.

Each raises a typed error of ``core.ledger.exceptions`` naming what is wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_
from branch_desktop.core.ledger.exceptions import (
    AccountNotPostable,
    LedgerInputError,
    LineError,
    PeriodIsClosed,
    TooFewLines,
    Unbalanced,
    UnknownAccount,
)
from branch_desktop.core.ledger.types import LineInput, PeriodStatus
from branch_desktop.core.texts import Month

MAX_AMOUNT = 10**17  # minor units; keeps sums far inside 64 bits


class AccountRef(NamedTuple):
    """An account as posting sees it."""

    id: int
    code: str
    postable: bool
    active: bool


def check_lines(lines: Sequence[LineInput]) -> None:
    """At least two lines, each one-sided, whole, positive and below :data:`MAX_AMOUNT`, a party
    given whole or not at all; debits equal credits."""
    if len(lines) < 2:
        raise TooFewLines()
    debit = credit = 0
    for i, line in enumerate(lines, start=1):
        check_line(i, line)
        debit += line.debit
        credit += line.credit
    check_balance(debit, credit)


def check_line(number: int, line: LineInput) -> None:
    if not isinstance(line.debit, int) or not isinstance(line.credit, int):
        raise LineError(N_("Line {line}: amounts are whole minor units."), line=number)
    if line.debit < 0 or line.credit < 0:
        raise LineError(N_("Line {line}: an amount cannot be negative."), line=number)
    if (line.debit == 0) == (line.credit == 0):
        raise LineError(N_("Line {line}: give either a debit or a credit."), line=number)
    if line.debit >= MAX_AMOUNT or line.credit >= MAX_AMOUNT:
        raise LineError(N_("Line {line}: the amount is too large."), line=number)
    if (line.party_type is None) != (line.party_id is None):
        raise LineError(N_("Line {line}: a party needs both its type and its id."), line=number)


def check_balance(debit: int, credit: int) -> None:
    if debit != credit:
        raise Unbalanced(debit=debit, credit=credit)


def check_account(code: str, account: AccountRef | None) -> AccountRef:
    """The account to post to: it exists, is postable (not a heading) and is not closed."""
    if account is None:
        raise UnknownAccount(code=code)
    if not account.postable:
        raise AccountNotPostable(N_("Account {code} is a heading; post to one of its sub-accounts."), code=code)
    if not account.active:
        raise AccountNotPostable(N_("Account {code} is closed."), code=code)
    return account


def check_open(status: str, ym: YearMonth) -> None:
    """Nothing is posted into a closed month."""
    if status != PeriodStatus.OPEN:
        raise PeriodIsClosed(period=Month(ym))


def check_description(description: str) -> str:
    if not description:
        raise LedgerInputError(N_("An entry needs a description."), field="description")
    return description


def check_reason(reason: str, template: str = N_("A reversal needs a reason.")) -> str:
    """A reversal's or a reopening's reason, stripped; refused when empty."""
    reason = reason.strip()
    if not reason:
        raise LedgerInputError(template, field="reason")
    return reason


def reversal_lines(lines: Sequence[LineInput]) -> tuple[LineInput, ...]:
    """The lines of a reversal: each line with its debit and credit swapped."""
    return tuple(
        LineInput(line.account_code, debit=line.credit, credit=line.debit, party_type=line.party_type,
                  party_id=line.party_id, memo=line.memo)
        for line in lines
    )
