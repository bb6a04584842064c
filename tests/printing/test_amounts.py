"""Amounts in words: exact strings in the three languages."""

from __future__ import annotations

import pytest

from branch_desktop.core.money import Currency
from branch_desktop.printing.amounts import amount_in_words, number_in_words

IRR = Currency("IRR", 0)
TRY = Currency("TRY", 2)


@pytest.mark.parametrize(
    ("minor", "currency", "lang", "expected"),
    [
        (1_200_000, IRR, "fa", "یک میلیون و دویست هزار ریال"),
        (1_200_000, IRR, "en", "one million two hundred thousand rials"),
        (1_200_000, IRR, "tr", "bir milyon iki yüz bin İran riyali"),
        (1, IRR, "en", "one rial"),
        (0, IRR, "fa", "صفر ریال"),
        (129_000_000, IRR, "fa", "صد و بیست و نه میلیون ریال"),
        (123_456, TRY, "tr", "bin iki yüz otuz dört Türk lirası elli altı kuruş"),
        (123_456, TRY, "en", "one thousand two hundred and thirty-four Turkish lira and fifty-six kuruş"),
        (123_456, TRY, "fa", "هزار و دویست و سی و چهار لیر ترکیه و پنجاه و شش کوروش"),
        (120_000_050, TRY, "tr", "bir milyon iki yüz bin Türk lirası elli kuruş"),
        (100, TRY, "tr", "bir Türk lirası"),
        (50, TRY, "tr", "elli kuruş"),
        (-250_075, TRY, "en", "minus two thousand five hundred Turkish lira and seventy-five kuruş"),
        (-1000, IRR, "fa", "منفی هزار ریال"),
    ],
)
def test_amount_in_words(minor: int, currency: Currency, lang: str, expected: str) -> None:
    assert amount_in_words(minor, currency, lang) == expected


def test_turkish_numbers_are_separate_words() -> None:
    assert number_in_words(1_234_567_891, "tr") == (
        "bir milyar iki yüz otuz dört milyon beş yüz altmış yedi bin sekiz yüz doksan bir"
    )
    assert number_in_words(66, "tr") == "altmış altı"
    assert number_in_words(87, "tr") == "seksen yedi"


def test_unknown_currency_and_language_fall_back() -> None:
    assert amount_in_words(1_000, Currency("XAF", 0), "en") == "one thousand XAF"
    assert amount_in_words(2, IRR, "de") == "two rials"
