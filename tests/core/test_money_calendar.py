import datetime as dt
from decimal import Decimal

import pytest

from branch_desktop.core.calendar import Calendar, YearMonth
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.i18n import format_money, parse_amount
from branch_desktop.core.money import Currency

IRR = Currency("IRR", 0)
TRY = Currency("TRY", 2)


def test_minor_units_round_trip() -> None:
    assert TRY.to_minor(Decimal("1234.56")) == 123456
    assert TRY.from_minor(123456) == Decimal("1234.56")
    assert IRR.to_minor("1060000") == 1060000
    assert TRY.plain(-1250) == "-12.50"
    assert IRR.plain(42400) == "42400"


def test_finer_than_the_currency_is_refused() -> None:
    with pytest.raises(ValidationError):
        IRR.to_minor(Decimal("10.5"))
    with pytest.raises(ValidationError):
        TRY.to_minor("1.005")
    with pytest.raises(TypeError):
        TRY.to_minor(1.5)  # type: ignore[arg-type]


def test_round_half_up() -> None:
    assert TRY.round(Decimal("0.125")) == Decimal("0.13")
    assert IRR.round(Decimal("74200.5")) == Decimal("74201")


def test_locale_formatting_and_parsing() -> None:
    assert format_money(123456789, IRR, "fa") == "۱۲۳٬۴۵۶٬۷۸۹"
    assert format_money(123456, TRY, "tr") == "1.234,56"
    assert format_money(123456, TRY, "en") == "1,234.56"
    assert parse_amount("۱٬۲۳۴", IRR, "fa") == 1234
    assert parse_amount("1.234,56", TRY, "tr") == 123456
    with pytest.raises(ValidationError):
        parse_amount("abc", TRY, "tr")


def test_jalali_months_and_parsing() -> None:
    cal = Calendar("jalali")
    assert cal.year_month(dt.date(2026, 11, 24)) == YearMonth(1405, 9)
    assert cal.format(dt.date(2026, 11, 24), persian_digits=True) == "۱۴۰۵/۰۹/۰۳"
    assert cal.parse("۱۴۰۵/۰۹/۰۳") == dt.date(2026, 11, 24)
    assert cal.parse("1405-9-3") == dt.date(2026, 11, 24)
    # 1403 is a leap year: Esfand has 30 days; 1404 is not.
    assert cal.month_length(YearMonth(1403, 12)) == 30
    assert cal.month_length(YearMonth(1404, 12)) == 29
    assert cal.month_bounds(YearMonth(1405, 1)) == (dt.date(2026, 3, 21), dt.date(2026, 4, 20))
    with pytest.raises(ValidationError):
        cal.parse("1404/12/30")


def test_gregorian_parsing() -> None:
    cal = Calendar("gregorian")
    assert cal.parse("24.11.2026") == dt.date(2026, 11, 24)
    assert cal.parse_year_month("2026-02") == YearMonth(2026, 2)
    assert cal.month_length(YearMonth(2024, 2)) == 29
    with pytest.raises(ValidationError):
        cal.parse_year_month("2026-13")


def test_dates_shown_in_the_language_habit_and_read_back() -> None:
    from branch_desktop.core.i18n import format_date

    greg, jal = Calendar("gregorian"), Calendar("jalali")
    day = dt.date(2026, 11, 24)
    assert format_date(day, greg, "tr") == "24.11.2026"
    assert format_date(day, greg, "en") == "2026/11/24"
    assert format_date(day, jal, "fa") == "۱۴۰۵/۰۹/۰۳"
    for cal, lang in ((greg, "tr"), (greg, "en"), (jal, "fa"), (jal, "en")):
        assert cal.parse(format_date(day, cal, lang)) == day


def test_short_month_names_for_a_narrow_chart_axis() -> None:
    greg, jal = Calendar("gregorian"), Calendar("jalali")
    assert greg.month_name(11, "tr_TR", short=True) == "Kas" and greg.month_name(11, "tr_TR") == "Kasım"
    assert greg.month_name(11, "en_US", short=True) == "Nov"
    assert jal.month_name(8, "en_US", short=True) == "Aba" and jal.month_name(8, "en_US") == "Aban"
    assert jal.month_name(2, "fa_IR", short=True) == jal.month_name(2, "fa_IR") == "اردیبهشت"  # no short form
