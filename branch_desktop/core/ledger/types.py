"""Plain, Qt-free and SQL-free data the ledger services hand to views, documents and the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_
from branch_desktop.core.texts import DocumentNumber, StoredText


class AccountKind(StrEnum):
    ASSET = "asset"
    LIABILITY = "liability"
    EQUITY = "equity"
    REVENUE = "revenue"
    EXPENSE = "expense"


class EntryStatus(StrEnum):
    DRAFT = "draft"
    POSTED = "posted"


class PeriodStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class LineInput:
    """One line of an entry to be created: exactly one of debit/credit is positive (minor units)."""

    account_code: str
    debit: int = 0
    credit: int = 0
    party_type: str | None = None
    party_id: int | None = None
    memo: str = ""


class DraftLine(NamedTuple):
    """One line of an entry being posted, its account resolved to its id (the row of
    ``entry_lines``). Read by name, never unpacked by position."""

    line_no: int
    account_id: int
    debit: int
    credit: int
    party_type: str | None
    party_id: int | None
    memo: str


@dataclass(frozen=True)
class EntryInput:
    """An entry to post. ``text``: the description as a message id and its parameters
    (``core/texts.py``), rendered in the reader's language; the entry's own ``description``
    (hashed, never changed) is then its English rendering unless given."""

    journal_code: str
    entry_date: dt.date
    description: str
    lines: tuple[LineInput, ...]
    reference: str = ""
    text: StoredText | None = None

    @property
    def plain_description(self) -> str:
        if self.description.strip() or self.text is None:
            return self.description.strip()
        return self.text.english()


@dataclass(frozen=True)
class LineView:
    line_no: int
    account_code: str
    account_name: str
    debit: int
    credit: int
    party_type: str | None
    party_id: int | None
    memo: str


@dataclass(frozen=True)
class EntryView:
    id: int
    journal_code: str
    journal_name: str
    fiscal_year: int
    number: int | None
    entry_date: dt.date
    description: str
    reference: str
    status: EntryStatus
    reverses_id: int | None
    reversed_by_id: int | None
    reversal_reason: str
    created_by: str
    posted_by: str | None
    posted_at: dt.datetime | None
    hash: str | None
    lines: tuple[LineView, ...] = field(default_factory=tuple)
    message: StoredText | None = None  # the description as a message (a document in another language)

    @property
    def total(self) -> int:
        return sum(line.debit for line in self.lines)

    @property
    def display_number(self) -> str:
        if self.number is None:
            return ""
        return self.document_number.canonical

    @property
    def document_number(self) -> DocumentNumber:
        return DocumentNumber("entry", self.fiscal_year, self.number or 0, self.journal_code)


@dataclass(frozen=True)
class TrialBalanceRow:
    code: str
    name: str
    level: int  # depth in the chart (0 = top); parents carry the sum of their children
    is_postable: bool
    opening: int  # balance (debit - credit) before the period, minor units
    debit: int  # cumulative debits up to the period's end
    credit: int  # cumulative credits up to the period's end
    period_debit: int
    period_credit: int

    @property
    def balance(self) -> int:
        return self.debit - self.credit

    @property
    def opening_debit(self) -> int:
        """The opening balance when it is a debit balance, else 0."""
        return max(self.opening, 0)

    @property
    def opening_credit(self) -> int:
        """The opening balance when it is a credit balance (as a positive amount), else 0."""
        return max(-self.opening, 0)

    @property
    def debit_balance(self) -> int:
        """The closing balance when it is a debit balance, else 0."""
        return max(self.balance, 0)

    @property
    def credit_balance(self) -> int:
        """The closing balance when it is a credit balance (as a positive amount), else 0."""
        return max(-self.balance, 0)

    def columns(self) -> tuple[int, int, int, int, int, int]:
        """The six amount columns of a trial balance, in printed order: opening debit and credit,
        the period's debits and credits, debit and credit balance at the period's end."""
        return (self.opening_debit, self.opening_credit, self.period_debit, self.period_credit,
                self.debit_balance, self.credit_balance)


# The headings of :meth:`TrialBalanceRow.columns` (msgids; translated by the screen and documents).
TRIAL_BALANCE_HEADINGS = (
    N_("Opening debit"), N_("Opening credit"), N_("Period debit"), N_("Period credit"),
    N_("Debit balance"), N_("Credit balance"),
)


@dataclass(frozen=True)
class TrialBalance:
    period: YearMonth
    start: dt.date
    end: dt.date
    currency_code: str
    rows: tuple[TrialBalanceRow, ...]  # every account with activity, parents before children
    checkpoint: str = ""  # digest of the chain heads taken when the month was closed (if it is)

    @property
    def postable_rows(self) -> tuple[TrialBalanceRow, ...]:
        return tuple(r for r in self.rows if r.is_postable)

    @property
    def total_debit(self) -> int:
        return sum(r.debit for r in self.postable_rows)

    @property
    def total_credit(self) -> int:
        return sum(r.credit for r in self.postable_rows)

    def totals(self) -> tuple[int, int, int, int, int, int]:
        """The totals row: each of :meth:`TrialBalanceRow.columns` summed over the postable accounts
        (debit and credit balances are summed apart, so in sound books each pair is equal)."""
        sums = [0] * 6
        for r in self.postable_rows:
            for i, v in enumerate(r.columns()):
                sums[i] += v
        return (sums[0], sums[1], sums[2], sums[3], sums[4], sums[5])


@dataclass(frozen=True)
class BranchInfo:
    """What a printed document's header needs to know about the branch."""

    name: str
    pack_code: str
    organisation: str
    currency_code: str
    currency_digits: int
    calendar: str  # "jalali" | "gregorian"
    address: str = ""
