"""Plain, Qt-free and SQL-free data the ledger services hand to views, documents and the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from branch_desktop.core.calendar import YearMonth


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


@dataclass(frozen=True)
class EntryInput:
    journal_code: str
    entry_date: dt.date
    description: str
    lines: tuple[LineInput, ...]
    reference: str = ""


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

    @property
    def total(self) -> int:
        return sum(line.debit for line in self.lines)

    @property
    def display_number(self) -> str:
        if self.number is None:
            return ""
        return f"{self.journal_code}-{self.fiscal_year}-{self.number:06d}"


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
