"""Screen-facing figures of the execution unit (no database types)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_

AGE_BUCKETS = ((0, 30), (31, 90), (91, 180), (181, 365), (366, None))  # days overdue, inclusive
AGE_LABELS = (N_("0-30 days"), N_("31-90 days"), N_("91-180 days"), N_("181-365 days"), N_("over a year"))


@dataclass(frozen=True, kw_only=True)
class RegisterRow:
    """A month's premium still owed after its due date."""

    employer_id: int
    file_no: str
    name: str
    month: YearMonth
    due: dt.date
    owed: Decimal
    age: int  # days since the due date


@dataclass(frozen=True, kw_only=True)
class Ageing:
    """Overdue debt by age (the branch's or one employer's)."""

    labels: tuple[str, ...]  # the buckets' keys ("0-30"...)
    amounts: tuple[Decimal, ...]
    total: Decimal
    employers: int


@dataclass(frozen=True, kw_only=True)
class Debtor:
    """A line of the debtors list."""

    employer_id: int
    file_no: str
    name: str
    owed: Decimal
    oldest_due: dt.date | None
    months: int
    age: int  # days since the oldest unpaid due date (0 if none is overdue)
