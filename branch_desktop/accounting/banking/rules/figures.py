"""The reconciliation report's figures and the 10-day balance's spans (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class ReconciliationFigures:
    """As at the month's last day, in minor units.

    ``outstanding_cheques`` are book payments not yet through the bank (shown positive),
    ``deposits_in_transit`` book receipts not yet on the statement, ``other_items`` the net of
    statement lines not in the books (bank charges, interest, unknown credits).
    The difference is (statement - outstanding cheques + deposits in transit) -
    (book + other items): zero when the two records agree.
    """

    book_balance: int
    statement_balance: int
    outstanding_cheques: int
    deposits_in_transit: int
    other_items: int

    @property
    def adjusted_statement(self) -> int:
        return self.statement_balance - self.outstanding_cheques + self.deposits_in_transit

    @property
    def adjusted_book(self) -> int:
        return self.book_balance + self.other_items

    @property
    def difference(self) -> int:
        return self.adjusted_statement - self.adjusted_book


def figures(
    book_balance: int,
    statement_balance: int,
    unmatched_book: Iterable[int],
    unmatched_statement: Iterable[int],
) -> ReconciliationFigures:
    outstanding = 0
    transit = 0
    for amount in unmatched_book:
        if amount < 0:
            outstanding -= amount
        else:
            transit += amount
    return ReconciliationFigures(
        book_balance=book_balance,
        statement_balance=statement_balance,
        outstanding_cheques=outstanding,
        deposits_in_transit=transit,
        other_items=sum(unmatched_statement),
    )


def ten_day_spans(first: dt.date, last: dt.date, month_length: int) -> list[tuple[int, dt.date, dt.date]]:
    """Days 1-10, 11-20 and 21-end of a month whose first and last (Gregorian) days are given."""
    del last
    spans = []
    for n, (a, b) in enumerate(((1, 10), (11, 20), (21, month_length)), start=1):
        spans.append((n, first + dt.timedelta(days=a - 1), first + dt.timedelta(days=b - 1)))
    return spans
