"""Amounts in words (num2words), as printed under totals on vouchers, receipts and cheques.

``amount_in_words(1200000, Currency("IRR", 0), "fa")`` -> "یک میلیون و دویست هزار ریال"
(num2words' Persian followed by the currency word);
``amount_in_words(123456, Currency("TRY", 2), "tr")`` ->
"bin iki yüz otuz dört Türk lirası elli altı kuruş".

num2words writes Turkish numbers as one word ("binikiyüzotuzdört"), the cheque habit; printed
documents use the separate words of ordinary Turkish spelling, so the Turkish output is split
back into its number words. English loses num2words' commas ("one million two hundred
thousand").
"""

from __future__ import annotations

import re

from num2words import num2words

from branch_desktop.core.money import Currency

# (unit singular, unit plural, minor unit singular, minor unit plural) per currency and language.
CURRENCY_WORDS: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "IRR": {
        "fa": ("ریال", "ریال", "دینار", "دینار"),
        "tr": ("İran riyali", "İran riyali", "dinar", "dinar"),
        "en": ("rial", "rials", "dinar", "dinars"),
    },
    "TRY": {
        "fa": ("لیر ترکیه", "لیر ترکیه", "کوروش", "کوروش"),
        "tr": ("Türk lirası", "Türk lirası", "kuruş", "kuruş"),
        "en": ("Turkish lira", "Turkish lira", "kuruş", "kuruş"),
    },
    "EUR": {
        "fa": ("یورو", "یورو", "سنت", "سنت"),
        "tr": ("avro", "avro", "sent", "sent"),
        "en": ("euro", "euros", "cent", "cents"),
    },
    "USD": {
        "fa": ("دلار", "دلار", "سنت", "سنت"),
        "tr": ("ABD doları", "ABD doları", "sent", "sent"),
        "en": ("US dollar", "US dollars", "cent", "cents"),
    },
}

_MINUS = {"fa": "منفی", "tr": "eksi", "en": "minus"}
_AND = {"fa": " و ", "tr": " ", "en": " and "}

_TR_WORDS = [
    "sıfır",
    "bir",
    "iki",
    "üç",
    "dört",
    "beş",
    "altı",
    "yedi",
    "sekiz",
    "dokuz",
    "on",
    "yirmi",
    "otuz",
    "kırk",
    "elli",
    "altmış",
    "yetmiş",
    "seksen",
    "doksan",
    "yüz",
    "bin",
    "milyon",
    "milyar",
    "trilyon",
    "katrilyon",
    "kentilyon",
]
_TR_TOKEN = re.compile("|".join(sorted(_TR_WORDS, key=len, reverse=True)))


def _turkish_spaced(joined: str) -> str:
    """'binikiyüzotuzdört' -> 'bin iki yüz otuz dört' (unchanged if it is not all number words)."""
    tokens = _TR_TOKEN.findall(joined)
    return " ".join(tokens) if "".join(tokens) == joined else joined


def number_in_words(value: int, lang: str) -> str:
    """A non-negative whole number in words in ``lang`` ("fa", "tr" or "en")."""
    if lang not in ("fa", "tr", "en"):
        lang = "en"
    text = str(num2words(value, lang=lang))
    if lang == "tr":
        return _turkish_spaced(text)
    if lang == "en":
        return text.replace(",", "")
    return text


def amount_in_words(minor: int, currency: Currency, lang: str) -> str:
    """An amount in minor units, in words with the currency's name, in ``lang``.

    IRR in Persian: "یک میلیون و دویست هزار ریال"; TRY in Turkish: "bin iki yüz otuz dört Türk
    lirası elli altı kuruş"; a zero fraction is left out, a zero whole part too when there is a
    fraction ("elli kuruş"). Currencies without names here print their ISO code.
    """
    if lang not in ("fa", "tr", "en"):
        lang = "en"
    names = CURRENCY_WORDS.get(currency.code, {}).get(lang)
    if names is None:
        names = (currency.code, currency.code, "", "")
    unit_one, unit_many, sub_one, sub_many = names
    sign = minor < 0
    minor = abs(int(minor))
    scale = 10**currency.minor_digits
    whole, fraction = divmod(minor, scale)

    parts: list[str] = []
    if whole or not fraction:
        parts.append(f"{number_in_words(whole, lang)} {unit_one if whole == 1 else unit_many}")
    if fraction:
        if sub_one:
            parts.append(f"{number_in_words(fraction, lang)} {sub_one if fraction == 1 else sub_many}")
        else:
            parts.append(f"{number_in_words(fraction, lang)}/{scale}")
    text = _AND[lang].join(parts)
    return f"{_MINUS[lang]} {text}" if sign else text
