"""Banking's plain data handed to views, documents and the CLI (no database, no Qt): frozen
dataclasses, keyword-only when they have more than three fields."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from branch_desktop.accounting.banking.rules.figures import ReconciliationFigures
from branch_desktop.accounting.banking.states import ChequeStatus, PaymentDocumentStatus
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.money import Currency


@dataclass(frozen=True, kw_only=True)
class BankAccountView:
    id: int
    code: str
    name: str
    bank: str
    iban: str
    currency: str
    ledger_code: str
    role: str
    allows_outgoing: bool
    version: int = 1


@dataclass(frozen=True, kw_only=True)
class StatementSummary:
    account: str
    currency: str
    statement_id: str
    opening: int
    closing: int
    lines: int
    lines_sum: int
    start: dt.date
    end: dt.date

    def as_json(self, currency: Currency) -> dict[str, object]:
        return {
            "account": self.account,
            "currency": self.currency,
            "statement_id": self.statement_id,
            "opening_balance": currency.plain(self.opening),
            "closing_balance": currency.plain(self.closing),
            "lines": self.lines,
            "sum_of_lines": currency.plain(self.lines_sum),
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
        }


@dataclass(frozen=True, kw_only=True)
class StatementLineView:
    id: int
    day: dt.date
    amount: int
    reference: str
    counterparty: str
    description: str
    value_date: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class BookItemView:
    id: int  # the ledger line's id
    entry_id: int
    day: dt.date
    amount: int  # debit - credit
    reference: str
    description: str
    number: str


@dataclass(frozen=True, kw_only=True)
class MatchView:
    id: int
    rule: str
    confidence: int
    manual: bool
    statement: tuple[StatementLineView, ...]
    book: tuple[BookItemView, ...]
    last_date: dt.date | None = None  # the latest date of its items (the month it is listed in)

    @property
    def amount(self) -> int:
        """What the match reconciles: the sum of its statement lines (equal to its book items')."""
        return sum(x.amount for x in self.statement)


@dataclass(frozen=True, kw_only=True)
class Reconciliation:
    account: BankAccountView
    period: YearMonth
    start: dt.date
    end: dt.date
    figures: ReconciliationFigures
    unmatched_statement: tuple[StatementLineView, ...]
    unmatched_book: tuple[BookItemView, ...]  # empty when read without its items (the page reads pages)
    unmatched_book_count: int  # the book items not matched, read with them or not
    matched_groups: int
    statements: int
    locked: bool
    locked_by: str = ""
    locked_at: dt.datetime | None = None

    @property
    def difference(self) -> int:
        return self.figures.difference

    @property
    def outstanding_cheques(self) -> tuple[BookItemView, ...]:
        return tuple(b for b in self.unmatched_book if b.amount < 0)

    @property
    def deposits_in_transit(self) -> tuple[BookItemView, ...]:
        return tuple(b for b in self.unmatched_book if b.amount > 0)


@dataclass(frozen=True, kw_only=True)
class AutoMatchResult:
    matched_groups: int
    matched_statement_lines: int
    matched_book_items: int
    unmatched_statement_lines: int
    unmatched_book_items: int
    difference: int
    by_rule: dict[str, int] = field(default_factory=dict)
    by_month: dict[YearMonth, int] = field(default_factory=dict)  # where the matches are listed


@dataclass(frozen=True, kw_only=True)
class PaymentDocumentInput:
    reference: str
    insured_id: str
    insured_name: str
    benefit_type: str  # a pack account role: "benefit_sickness", ...
    amount: int
    period: str  # YYYY-MM in the pack calendar
    document_date: dt.date
    prepared_by: str = ""
    checked_by: str = ""
    approved_by: str = ""


@dataclass(frozen=True, kw_only=True)
class PaymentDocumentView:
    id: int
    reference: str
    insured_id: str
    insured_name: str
    benefit_type: str
    amount: int
    period: str
    document_date: dt.date
    prepared_by: str
    checked_by: str
    approved_by: str
    status: PaymentDocumentStatus


@dataclass(frozen=True, kw_only=True)
class ChequeView:
    id: int
    account_code: str
    account_name: str
    bank: str
    iban: str
    number: int
    series: str
    payee: str
    amount: int
    issue_date: dt.date
    status: ChequeStatus
    signed_accounting_by: str
    signed_head_by: str
    spoiled_reason: str
    entry_id: int | None
    document: PaymentDocumentView | None
    expense_code: str = ""
    expense_name: str = ""  # in the pack's language
    bank_ledger_code: str = ""
    expense_name_en: str = ""

    def benefit_name(self, lang: str) -> str:
        """The benefit (its expense account's name) in a document's language."""
        name = self.expense_name if lang in ("fa", "tr") else self.expense_name_en
        return name or self.expense_name or (self.document.benefit_type if self.document else "")


@dataclass(frozen=True, kw_only=True)
class ChequeBookView:
    id: int
    account_code: str
    series: str
    first_number: int
    last_number: int
    used: int


@dataclass(frozen=True, kw_only=True)
class TenDayRow:
    span: int  # 1, 2, 3
    start: dt.date
    end: dt.date
    opening: int
    debit: int
    credit: int

    @property
    def closing(self) -> int:
        return self.opening + self.debit - self.credit


@dataclass(frozen=True, kw_only=True)
class TenDayReport:
    account: BankAccountView
    period: YearMonth
    rows: tuple[TenDayRow, ...]
    checkpoint: str = ""  # digest of the chain heads when the report was issued


@dataclass(frozen=True, kw_only=True)
class PaymentReport:
    period: YearMonth
    start: dt.date
    end: dt.date
    cheques: tuple[ChequeView, ...]
    spoiled: tuple[ChequeView, ...]

    @property
    def total(self) -> int:
        return sum(c.amount for c in self.cheques)

    def totals_by_benefit(self) -> list[tuple[str, int, int]]:
        sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for c in self.cheques:
            key = c.document.benefit_type if c.document else ""
            sums[key][0] += 1
            sums[key][1] += c.amount
        return [(k, v[0], v[1]) for k, v in sorted(sums.items())]
