"""Pure checks of an imported statement: whose account it is, that it continues the previous
statement (opening = previous closing, not ending before it), that its lines add up, and the
lines' fingerprints (what finds a line imported before). No database: the services pass in
what they read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from branch_desktop.accounting.banking.exceptions import StatementGap, StatementOverlap, StatementUnbalanced
from branch_desktop.accounting.banking.importers.base import ParsedLine, fingerprint
from branch_desktop.core.calendar import Calendar
from branch_desktop.core.money import Currency


def account_matches(iban: str, code: str, stated: str) -> bool:
    """Whether a file's account identification (IBAN, BBAN, the branch's code, the bank's
    "bank/account" form, or nothing) names the bank account."""
    if not stated:
        return True
    stated = stated.replace(" ", "").upper()
    iban = iban.upper()
    return stated in (iban, code.upper()) or iban[4:] == stated or iban.endswith(stated.split("/")[-1])


def balances(where: str, stated_opening: int | None, stated_closing: int | None, lines_sum: int,
             previous_closing: int | None, currency: Currency) -> tuple[int, int]:
    """The statement's opening and closing balance (minor units): a balance the file lacks is
    the previous closing balance, or opening + lines. Refused: an opening balance other than the
    previous statement's closing balance (:class:`StatementGap`), lines that do not add up to
    the closing balance (:class:`StatementUnbalanced`)."""
    if stated_opening is None:
        opening = previous_closing or 0
    else:
        opening = stated_opening
        if previous_closing is not None and opening != previous_closing:
            raise StatementGap(where=where, opening=currency.plain(opening), closing=currency.plain(previous_closing))
    closing = opening + lines_sum if stated_closing is None else stated_closing
    if opening + lines_sum != closing:
        raise StatementUnbalanced(where=where, opening=currency.plain(opening), lines=currency.plain(lines_sum),
                                  total=currency.plain(opening + lines_sum), closing=currency.plain(closing))
    return opening, closing


def check_order(where: str, end: dt.date, previous_end: dt.date | None, calendar: Calendar) -> None:
    """A statement may not end before the account's last imported statement (:class:`StatementOverlap`)."""
    if previous_end is not None and end < previous_end:
        raise StatementOverlap(where=where, end=calendar.format(end), last=calendar.format(previous_end))


def fingerprints(account_id: int, lines: Sequence[ParsedLine]) -> list[str]:
    """Each line's fingerprint; equal lines of one file are told apart by their occurrence."""
    occurrences: dict[tuple[object, ...], int] = defaultdict(int)
    out: list[str] = []
    for line in lines:
        key = (line.booking_date, line.amount, line.reference, line.bank_reference, line.counterparty,
               line.description)
        out.append(fingerprint(account_id, line, occurrences[key]))
        occurrences[key] += 1
    return out
