"""Amounts typed by people (the user's locale, strictly) and given on the command line (a plain
decimal with a point): what is read, and what is refused rather than guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from branch_desktop.core.errors import ValidationError
from branch_desktop.core.i18n import parse_amount, parse_number, set_language
from branch_desktop.core.money import Currency, parse_cli_amount, parse_cli_decimal

IRR = Currency("IRR", 0)
TRY = Currency("TRY", 2)


@pytest.mark.parametrize(("lang", "currency", "text", "minor"), [
    ("tr", TRY, "12,50", 1250),
    ("tr", TRY, "1.250,00", 125000),
    ("tr", TRY, "1.250", 125000),  # a thousands group in Turkish
    ("tr", TRY, "1250", 125000),
    ("tr", TRY, " 0,5 ", 50),
    ("tr", TRY, "-3,25", -325),
    ("en", TRY, "12.50", 1250),
    ("en", TRY, "1,250.00", 125000),
    ("en", IRR, "1,250,000", 1250000),
    ("fa", IRR, "۱٬۲۵۰٬۰۰۰", 1250000),  # Persian digits and the Persian thousands separator
    ("fa", IRR, "1,250,000", 1250000),
    ("fa", IRR, "۱۲۵۰۰۰۰", 1250000),
    ("fa", IRR, "\u200e۵۰۰\u200f", 500),  # bidi marks pasted along
    ("fa", TRY, "۱۲٫۵", 1250),  # the Persian decimal separator
    ("fa", TRY, "۱٬۲۳۴٫۵۶", 123456),
])
def test_amounts_are_read_in_the_users_locale(lang: str, currency: Currency, text: str, minor: int) -> None:
    assert parse_amount(text, currency, lang) == minor


@pytest.mark.parametrize(("lang", "currency", "text", "example"), [
    ("tr", TRY, "1.5", "1.234.567,89"),  # a group separator in the wrong place: not 15, not 1.5
    ("tr", TRY, "12.50", "1.234.567,89"),  # the English way in Turkish: not 1250
    ("tr", TRY, "1,250", "1.234.567,89"),  # three decimals for the lira: 1.25 or 1250?
    ("tr", TRY, "1,255", "1.234.567,89"),
    ("en", TRY, "12,50", "1,234,567.89"),  # the Turkish way in English: not 1250
    ("en", TRY, "1.5.0", "1,234,567.89"),
    ("en", TRY, "1.250", "1,234,567.89"),
    ("en", IRR, "12.00", "1,234,567"),  # no decimals at all for the rial
    ("fa", IRR, "۱۲٫۵", "۱٬۲۳۴٬۵۶۷"),
    ("fa", IRR, "۱٬۲۵", "۱٬۲۳۴٬۵۶۷"),
    ("tr", TRY, "1E5", "1.234.567,89"),
    ("tr", TRY, "NaN", "1.234.567,89"),
    ("tr", TRY, "12,", "1.234.567,89"),
    ("tr", TRY, "+5", "1.234.567,89"),
    ("tr", TRY, "1 250", "1.234.567,89"),
    ("en", TRY, "", "1,234,567.89"),
])
def test_ambiguous_amounts_are_refused_with_an_example(lang: str, currency: Currency, text: str,
                                                       example: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_amount(text, currency, lang)
    assert example in str(err.value)


def test_the_refusal_is_in_the_users_language() -> None:
    set_language("tr")
    with pytest.raises(ValidationError) as err:
        parse_amount("1.5", TRY)
    assert str(err.value) == "'1.5' tutar olarak okunamıyor; şöyle yazın: 1.234.567,89."
    set_language("fa")
    with pytest.raises(ValidationError) as err:
        parse_amount("۱۲٫۵", IRR)
    assert "۱٬۲۳۴٬۵۶۷" in str(err.value) and "اعشار" in str(err.value)
    set_language("en")


def test_numbers_are_read_like_amounts() -> None:
    assert parse_number("12,5", "tr") == Decimal("12.5")
    assert parse_number("12.5", "en") == Decimal("12.5")
    assert parse_number("۹۵", "fa") == Decimal(95)
    with pytest.raises(ValidationError, match="1.234,5"):
        parse_number("1.5", "tr")


def test_the_command_line_takes_a_plain_decimal_with_a_point() -> None:
    assert parse_cli_amount("12.50", TRY) == 1250
    assert parse_cli_amount("1250", TRY) == 125000
    assert parse_cli_amount("1250000", IRR) == 1250000
    assert parse_cli_amount("۱۲۵۰", IRR) == 1250
    assert parse_cli_decimal("-0.5") == Decimal("-0.5")
    for text in ("12,50", "1,250", "1,250.00", "۱٬۲۵۰"):
        with pytest.raises(ValidationError, match="has a comma"):
            parse_cli_amount(text, TRY)
    for text in ("1 250", "1e3", "12.", ".5", "abc", "", "1.250.000"):
        with pytest.raises(ValidationError, match="not a plain number"):
            parse_cli_amount(text, TRY)
    with pytest.raises(ValidationError, match="more decimals than TRY allows"):
        parse_cli_amount("12.505", TRY)
    with pytest.raises(ValidationError, match="more decimals than IRR allows"):
        parse_cli_amount("1250.00", IRR)  # even zeros: a rial amount has no decimals
    with pytest.raises(ValidationError, match="e.g. 1234.50"):
        parse_cli_amount("12,50", TRY)
    with pytest.raises(ValidationError, match=r"e\.g\. 1234\."):
        parse_cli_amount("1,250", IRR)
