"""The pack's calendar: Jalali (Solar Hijri, via jdatetime) or Gregorian.

Dates are stored as Gregorian ``datetime.date`` everywhere; this module converts them to the
pack's calendar for fiscal periods, display and typing. Fiscal periods are the calendar's months
and the fiscal year is the calendar's year (Farvardin 1 for Jalali, January 1 for Gregorian).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from branch_desktop.core.errors import ValidationError
from branch_desktop.core.money import DIGITS_TO_ASCII

PERSIAN_DIGITS = str.maketrans({str(i): chr(0x06F0 + i) for i in range(10)})


class CalendarKind(StrEnum):
    JALALI = "jalali"
    GREGORIAN = "gregorian"


@dataclass(frozen=True, order=True)
class YearMonth:
    """A month in the pack's calendar (a fiscal period)."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def next(self) -> YearMonth:
        return YearMonth(self.year + (self.month == 12), self.month % 12 + 1)

    def previous(self) -> YearMonth:
        return YearMonth(self.year - (self.month == 1), (self.month - 2) % 12 + 1)


# Conversions are pure and a use case makes thousands of them for a few hundred days (each
# jdatetime date costs a locale look-up): remembered, per process, for the most recent days.
@lru_cache(maxsize=8192)
def _jalali_parts(day: dt.date) -> tuple[int, int, int]:
    import jdatetime  # here (every call: a dictionary look-up): a start that shows no date never loads it

    j = jdatetime.date.fromgregorian(date=day)
    return j.year, j.month, j.day


@lru_cache(maxsize=8192)
def _jalali_to_gregorian(year: int, month: int, day: int) -> dt.date:
    import jdatetime

    return jdatetime.date(year, month, day).togregorian()


@lru_cache(maxsize=256)
def _jalali_leap(year: int) -> bool:
    import jdatetime

    return bool(jdatetime.date(year, 1, 1).isleap())


class Calendar:
    def __init__(self, kind: CalendarKind | str) -> None:
        self.kind = CalendarKind(kind)

    # -- conversion -------------------------------------------------------------------------
    def year_month(self, day: dt.date) -> YearMonth:
        if self.kind is CalendarKind.JALALI:
            y, m, _d = _jalali_parts(day)
            return YearMonth(y, m)
        return YearMonth(day.year, day.month)

    def to_gregorian(self, year: int, month: int, day: int) -> dt.date:
        try:
            if self.kind is CalendarKind.JALALI:
                return _jalali_to_gregorian(year, month, day)
            return dt.date(year, month, day)
        except ValueError:
            raise ValidationError(
                "{year:04d}-{month:02d}-{day:02d} is not a date.", year=year, month=month, day=day
            ) from None

    def month_length(self, ym: YearMonth) -> int:
        if self.kind is CalendarKind.JALALI:
            if ym.month <= 6:
                return 31
            if ym.month <= 11:
                return 30
            return 30 if _jalali_leap(ym.year) else 29
        nxt = ym.next()
        return (dt.date(nxt.year, nxt.month, 1) - dt.timedelta(days=1)).day

    def month_bounds(self, ym: YearMonth) -> tuple[dt.date, dt.date]:
        """First and last Gregorian day of a month of this calendar (both inclusive)."""
        first = self.to_gregorian(ym.year, ym.month, 1)
        last = self.to_gregorian(ym.year, ym.month, self.month_length(ym))
        return first, last

    def year_bounds(self, year: int) -> tuple[dt.date, dt.date]:
        return self.month_bounds(YearMonth(year, 1))[0], self.month_bounds(YearMonth(year, 12))[1]

    # -- arithmetic -------------------------------------------------------------------------
    def add_months(self, day: dt.date, months: int) -> dt.date:
        """The same day ``months`` later (or earlier) in this calendar; a day past the target
        month's end falls on its last day (Esfand 30 -> Esfand 29, 31 Jan -> 28/29 Feb)."""
        y, m, d = self.parts(day)
        index = y * 12 + (m - 1) + months
        target = YearMonth(index // 12, index % 12 + 1)
        return self.to_gregorian(target.year, target.month, min(d, self.month_length(target)))

    def add_years(self, day: dt.date, years: int) -> dt.date:
        """The anniversary ``years`` later in this calendar (Jalali: 1403/01/01 + 2 = 1405/01/01;
        29 Feb or Esfand 30 falls on the month's last day in a common year)."""
        return self.add_months(day, 12 * years)

    def fiscal_year(self, day: dt.date) -> int:
        return self.year_month(day).year

    def parts(self, day: dt.date) -> tuple[int, int, int]:
        if self.kind is CalendarKind.JALALI:
            return _jalali_parts(day)
        return day.year, day.month, day.day

    # -- text -------------------------------------------------------------------------------
    def moment(self, at: dt.datetime) -> str:
        """A stored timestamp (naive UTC) as this workstation's local day in this calendar and its
        time, ``1405/09/12 14:05`` (who changed a record and when, in a refusal)."""
        local = at.replace(tzinfo=dt.UTC).astimezone()
        return f"{self.format(local.date())} {local:%H:%M}"

    def format(self, day: dt.date, *, persian_digits: bool = False) -> str:
        """ISO-like ``YYYY/MM/DD`` in this calendar (Persian digits on request)."""
        y, m, d = self.parts(day)
        text = f"{y:04d}/{m:02d}/{d:02d}"
        return text.translate(PERSIAN_DIGITS) if persian_digits else text

    def parse(self, text: str) -> dt.date:
        """Parse a date typed in this calendar: ``1403/01/15``, ``1403-1-15``, ``۱۴۰۳/۰۱/۱۵``.

        Gregorian also accepts ``DD.MM.YYYY`` (Turkish habit). Returns the Gregorian date.
        """
        clean = text.strip().translate(DIGITS_TO_ASCII)
        m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", clean)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            return self.to_gregorian(y, mo, d)
        m = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", clean)
        if m and self.kind is CalendarKind.GREGORIAN:
            d, mo, y = (int(g) for g in m.groups())
            return self.to_gregorian(y, mo, d)
        raise ValidationError("'{text}' is not a date (expected YYYY/MM/DD).", text=text)

    def parse_year_month(self, text: str) -> YearMonth:
        clean = text.strip().translate(DIGITS_TO_ASCII)
        m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})", clean)
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise ValidationError("'{text}' is not a month (expected YYYY-MM).", text=text)
        return YearMonth(int(m.group(1)), int(m.group(2)))

    def month_name(self, month: int, locale: str, *, short: bool = False) -> str:
        """The month's name in ``locale``; ``short``: as a narrow chart axis writes it (the locale's
        abbreviation, "Kas"; the Persian names whole, as they have none; the Latin-letter Jalali
        names' first three letters, "Aba")."""
        from babel.dates import get_month_names

        if self.kind is CalendarKind.JALALI:
            if locale.startswith("fa"):
                return JALALI_MONTHS_FA[month - 1]
            return JALALI_MONTHS_LATIN[month - 1][:3] if short else JALALI_MONTHS_LATIN[month - 1]
        return str(get_month_names("abbreviated" if short else "wide", locale=locale)[month])


JALALI_MONTHS_FA = [
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
]
JALALI_MONTHS_LATIN = [
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
]
