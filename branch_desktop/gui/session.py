"""What every page gets: the branch, the logged-in user, the task runner, and formatting helpers.

The helpers format with the current language (``core.i18n``): money with the pack's currency
decimals and digit set, dates in the pack's calendar (Jalali for ``ir_sso``) with Persian digits
in Persian. Parsing accepts either digit set; numbers and amounts are read in the user's
locale and refused, with an example, when they could be meant two ways.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import (
    current_language,
    format_date,
    format_money,
    localise_digits,
    parse_amount,
    parse_number,
)
from branch_desktop.core.security import Actor
from branch_desktop.gui.operations import Notices

if TYPE_CHECKING:
    from branch_desktop.gui.tasks import TaskRunner


@dataclass
class Session:
    ctx: BranchContext
    actor: Actor
    runner: TaskRunner
    # set by the shell: open a page by key, change the language, show a status message
    open_page: Callable[[str], Any] = field(default=lambda key: None)
    status_message: Callable[[str], None] = field(default=lambda text: None)
    # what the session's writes changed (``gui/operations.py``): pages watch it and refresh
    notices: Notices = field(default_factory=Notices)

    # -- formatting ---------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return current_language()

    def money(self, minor: int) -> str:
        return format_money(minor, self.ctx.pack.currency, self.lang)

    def money_or_blank(self, minor: int) -> str:
        return self.money(minor) if minor else ""

    def parse_money(self, text: str) -> int:
        """Every money field reads through this: the user's locale, strictly (``core.i18n.parse_amount``)."""
        return parse_amount(text, self.ctx.pack.currency, self.lang)

    def parse_number(self, text: str) -> Decimal:
        """A percentage or score typed in the user's locale, read as strictly as money."""
        return parse_number(text, self.lang)

    def date(self, day: dt.date | None) -> str:
        return format_date(day, self.ctx.pack.calendar, self.lang) if day else ""

    def parse_date(self, text: str) -> dt.date:
        return self.ctx.pack.calendar.parse(text)

    def period(self, ym: YearMonth) -> str:
        """``1403-05``; in Persian ``۱۴۰۳/۰۵``: with Persian digits a "-" would let the bidi
        algorithm swap year and month in a right-to-left line ("/" keeps them together)."""
        if self.lang == "fa":
            return self.digits(f"{ym.year:04d}/{ym.month:02d}")
        return str(ym)

    def parse_period(self, text: str) -> YearMonth:
        return self.ctx.pack.calendar.parse_year_month(text)

    def today_period(self) -> YearMonth:
        return self.ctx.pack.calendar.year_month(self.ctx.today())

    def digits(self, text: str) -> str:
        return localise_digits(text, self.lang)

    def docno(self, number: str) -> str:
        """A document number (receipt, entry) written the one way of the language."""
        from branch_desktop.core.texts import format_document_number

        return format_document_number(number, self.lang)

    def month_name(self, month: int) -> str:
        from branch_desktop.core.i18n import babel_locale

        return self.ctx.pack.calendar.month_name(month, babel_locale(self.lang))
