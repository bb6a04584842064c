"""How the reports' figures read in a language: shared by the PDFs, the Excel and CSV files, the
command line and the screens (no Qt, no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from branch_desktop.core.calendar import Calendar, YearMonth
from branch_desktop.core.i18n import (
    N_,
    babel_locale,
    format_date,
    format_number,
    localise_digits,
    translate_to,
)
from branch_desktop.core.texts import Month, format_param
from branch_desktop.reports.rules import Direction, Half, Target, Unit
from branch_desktop.reports.types import NO_DATA, Measure, Series

AT_LEAST = N_("at least {value}")
AT_MOST = N_("at most {value}")
FIRST_HALF = N_("first half of {year}")
SECOND_HALF = N_("second half of {year}")
MET = N_("met")
NOT_MET = N_("not met")
DAYS = N_("days")


class Writer:
    """Numbers, dates, months and msgids of one language, as the reports print them."""

    def __init__(self, lang: str, calendar: Calendar) -> None:
        self.lang = lang
        self.calendar = calendar

    def _(self, msgid: str) -> str:
        return translate_to(self.lang, msgid)

    def number(self, value: int | Decimal) -> str:
        return format_number(value, self.lang)

    def date(self, day: dt.date) -> str:
        return format_date(day, self.calendar, self.lang)

    def month(self, ym: YearMonth) -> str:
        return format_param(Month(ym), self.lang)

    def digits(self, text: str) -> str:
        return localise_digits(text, self.lang)

    def value(self, value: Decimal | None, unit: Unit | None) -> str:
        if value is None:
            return self._(NO_DATA)
        if unit is Unit.PERCENT:
            return self.percent(format_number(value, self.lang, decimals=2))
        return format_number(value, self.lang, decimals=1)

    def percent(self, number: str) -> str:
        """A figure with the percent sign the language's way (Persian: ٪ after the figure)."""
        return f"{number}٪" if self.lang == "fa" else f"{number} %"

    def measure(self, m: Measure, unit: Unit | None) -> str:
        return self.value(m.value, unit)

    def target(self, t: Target | None) -> str:
        if t is None:
            return "-"
        figure = self.percent(self.number(t.value)) if t.unit is Unit.PERCENT else f"{self.number(t.value)} {self._(DAYS)}"
        return self._(AT_LEAST if t.direction is Direction.AT_LEAST else AT_MOST).format(value=figure)

    def met(self, met: bool | None) -> str:
        return "-" if met is None else self._(MET if met else NOT_MET)

    def change(self, value: Decimal | None) -> str:
        if value is None:
            return "-"
        return ("+" if value > 0 else "") + format_number(value, self.lang, decimals=2)

    def half(self, half: Half) -> str:
        return self._(FIRST_HALF if half.half == 1 else SECOND_HALF).format(year=self.digits(str(half.year)))

    def period(self, text: str) -> str:
        """A tile's period (an ISO day, a month YYYY-MM, a half YYYY-Hn, a span a..b) for a reader;
        kept left to right inside right-to-left text."""
        try:
            return self.date(dt.date.fromisoformat(text))
        except ValueError:
            pass
        if len(text) == 7 and text[4] == "-" and text[5:].isdigit():
            return self.month(YearMonth(int(text[:4]), int(text[5:])))
        if len(text) == 7 and text[4:6] == "-H":
            return self.half(Half(int(text[:4]), int(text[6])))
        first, sep, last = text.partition("..")
        if sep and first and last:  # a span of months or days, each written as above
            return self.period(first) + " – " + self.period(last)
        return "\u2066" + self.digits(text) + "\u2069" if self.lang == "fa" else self.digits(text)

    def month_on_axis(self, key: str) -> str:
        """A month category (``YYYY-MM``) as a narrow chart axis has room for, twelve in a row (which
        leave no doubt about the year): the calendar's short month name ("Kas", "Nov"); in Persian
        the month's number, as Persian dates write it ("۰۸"): the Persian names have no short form
        and the long ones (اردیبهشت, شهریور) were cut at a 1200-pixel window."""
        month = int(key[5:7])
        if self.lang == "fa":
            return self.digits(f"{month:02d}")
        return self.calendar.month_name(month, babel_locale(self.lang), short=True)

    def category(self, series: Series, key: str, *, short: bool = False) -> str:
        """A chart category for a reader: a month (``short``: MM/YY), a day of the month, or a msgid."""
        if series.key == "collection_by_month":
            y, m = key.split("-")
            if short:
                return self.digits(f"{int(m):02d}/{int(y) % 100:02d}")
            return self.month(YearMonth(int(y), int(m)))
        if series.key == "receipts_per_day":
            return self.digits(str(self.calendar.parts(dt.date.fromisoformat(key))[2]))
        return self._(key)
