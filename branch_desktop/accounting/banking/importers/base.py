"""What every statement importer produces: plain statements with Decimal amounts, and one error
type that names where in the file the problem is."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from branch_desktop.core.errors import ValidationError

# No statement amount, balance or line, may exceed this many units (a wrong file, not money).
MAX_UNITS = Decimal(10) ** 15
# Files larger than this are refused before parsing.
MAX_FILE_BYTES = 200 * 1024 * 1024


class StatementFileError(ValidationError):
    """A malformed statement file: the message names the line or the element."""

    field = "file"

    def __init__(self, where: str, reason: str, **params: object) -> None:
        from branch_desktop.core.i18n import gettext

        super().__init__("{where}: {reason}", where=where, reason=gettext(reason).format(**params))


@dataclass(frozen=True)
class ParsedLine:
    booking_date: dt.date
    amount: Decimal  # signed: credit (money in) positive, debit negative
    value_date: dt.date | None = None
    reference: str = ""
    bank_reference: str = ""
    counterparty: str = ""
    counterparty_account: str = ""
    description: str = ""
    where: str = ""  # "line 12", "Ntry at line 80": for messages about this line
    currency: str = ""  # when the file gives a currency per line (CSV)


@dataclass
class ParsedStatement:
    statement_ref: str
    account: str  # IBAN or the bank's account identification ("" when the file has none)
    currency: str  # ISO code ("" when the file has none)
    opening: Decimal | None  # None: not in the file (CSV), taken from the previous statement
    closing: Decimal | None
    lines: list[ParsedLine] = field(default_factory=list)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    where: str = ""

    @property
    def lines_sum(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    def dates(self) -> tuple[dt.date, dt.date]:
        days = [line.booking_date for line in self.lines]
        start = self.start_date or (min(days) if days else self.end_date)
        end = self.end_date or (max(days) if days else start)
        if start is None or end is None:
            raise StatementFileError(self.where or self.statement_ref, "the statement has no date.")
        if days:
            start, end = min(start, min(days)), max(end, max(days))
        return min(start, end), max(start, end)


def parse_decimal(text: str, where: str, *, decimal_mark: str = ".", group_mark: str = "") -> Decimal:
    """A plain amount ("1234.50", "1.234,50" with marks given), parsed strictly by
    ``core.money.parse_plain_amount``; refuses junk and huge values naming ``where``."""
    from branch_desktop.core.money import parse_plain_amount

    try:
        value = parse_plain_amount(text, decimal_mark=decimal_mark, group_mark=group_mark)
    except ValidationError as exc:
        raise StatementFileError(where, exc.template, **exc.params) from None
    check_magnitude(value, where)
    return value


def check_magnitude(value: Decimal, where: str) -> None:
    if not value.is_finite() or abs(value) >= MAX_UNITS:
        raise StatementFileError(where, "the amount {text} is too large.", text=str(value)[:40])


def fingerprint(account_id: int, line: ParsedLine, occurrence: int) -> str:
    """Identifies a line across imports: same account, date, amount and texts, and the how-many-th
    such line it is in its file (two equal bank fees on one day are two lines)."""
    parts = [
        str(account_id),
        line.booking_date.isoformat(),
        format(line.amount.normalize(), "f"),
        line.reference.strip(),
        line.bank_reference.strip(),
        line.counterparty.strip(),
        line.description.strip(),
        str(occurrence),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
