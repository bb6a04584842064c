"""Localisation: gettext catalogues (Babel ``.po`` files), locale-aware numbers, money and dates.

The catalogues live in ``resources/translations/<lang>/LC_MESSAGES/branch_desktop.po`` and are
compiled when first used (no manual ``compile_catalog`` step, no generated files in the
repository); the compiled catalogue is kept in the user's cache folder under the hash of its
``.po`` file, so a later start reads it with the standard library alone (Babel is imported only to
compile a changed catalogue and to format or read numbers). The current language is process-wide:
the GUI sets it from the user's settings, the CLI from ``--lang`` or the pack's default.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import hashlib
import io
import threading
from decimal import Decimal
from pathlib import Path

from branch_desktop.core.calendar import PERSIAN_DIGITS, Calendar
from branch_desktop.core.money import DIGITS_ONLY_TO_ASCII, Currency
from branch_desktop.paths import CACHE_ENV as CACHE_ENV  # where compiled catalogues are kept
from branch_desktop.paths import cache_dir, keep_in_cache, translations_dir

DOMAIN = "branch_desktop"
LANGUAGES = ("fa", "tr", "en")
BABEL_LOCALES = {"fa": "fa_IR", "tr": "tr_TR", "en": "en_US"}
RTL_LANGUAGES = {"fa", "ar", "he", "ur"}

_lock = threading.Lock()
_catalogues: dict[str, _gettext.NullTranslations] = {}
_current = "en"


def catalogue(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of a language (``NullTranslations`` for English or a missing file)."""
    with _lock:
        if lang in _catalogues:
            return _catalogues[lang]
        po_path = translations_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        trans: _gettext.NullTranslations
        if po_path.exists():
            po = po_path.read_bytes()
            try:
                trans = _gettext.GNUTranslations(io.BytesIO(_compiled(po, lang)))
            except Exception:  # noqa: BLE001 - a damaged cache file: compile again, write it anew
                trans = _gettext.GNUTranslations(io.BytesIO(_compiled(po, lang, cached=False)))
        else:
            trans = _gettext.NullTranslations()
        _catalogues[lang] = trans
        return trans


def _compiled(po: bytes, lang: str, *, cached: bool = True) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file: from the cache when this very text was compiled before."""
    path = _cache_dir() / f"{DOMAIN}-{lang}-{hashlib.sha256(po).hexdigest()[:24]}.mo"
    if cached:
        try:
            return path.read_bytes()
        except OSError:
            pass
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    buf = io.BytesIO()
    write_mo(buf, read_po(io.BytesIO(po), locale=lang))
    data = buf.getvalue()
    keep_in_cache(path, data, f"{DOMAIN}-{lang}-*.mo")  # and the earlier texts of this catalogue are gone
    return data


def _cache_dir() -> Path:
    return cache_dir() / "catalogues"


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        lang = "en"
    _current = lang


def current_language() -> str:
    return _current


def babel_locale(lang: str | None = None) -> str:
    return BABEL_LOCALES.get(lang or _current, "en_US")


def is_rtl(lang: str | None = None) -> bool:
    return (lang or _current) in RTL_LANGUAGES


def gettext(message: str) -> str:
    return catalogue(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(_current).ngettext(singular, plural, n)


def translate_to(lang: str, message: str) -> str:
    return catalogue(lang).gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translated where shown)."""
    return message


_ = gettext


# -- numbers -------------------------------------------------------------------------------


def localise_digits(text: str, lang: str | None = None) -> str:
    return text.translate(PERSIAN_DIGITS) if (lang or _current) == "fa" else text


def format_number(value: Decimal | int, lang: str | None = None, *, decimals: int | None = None) -> str:
    lang = lang or _current
    fmt = None
    if decimals is not None:
        fmt = "#,##0" + ("." + "0" * decimals if decimals else "")
    # Persian: its own separators (٬ thousands, ٫ decimals: Babel's "arabext" symbols), its digits
    system = "arabext" if lang == "fa" else "default"
    from babel.numbers import format_decimal  # here: a command that prints no number never loads Babel

    text = format_decimal(value, format=fmt, locale=babel_locale(lang), numbering_system=system)
    return localise_digits(text, lang)


def format_money(minor: int, currency: Currency, lang: str | None = None) -> str:
    """An amount in minor units, formatted for the language with the currency's decimals."""
    return format_number(currency.from_minor(minor), lang, decimals=currency.minor_digits)


# Marks that may ride along with a pasted number (bidi controls, Arabic letter mark, ZWNJ).
_INVISIBLE = dict.fromkeys(map(ord, "\u200c\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def _read_locale_number(text: str, lang: str) -> tuple[Decimal, str] | None:
    """A number typed the way of ``lang`` (Babel's strict parsing): its value and the decimal
    digits as written, or None when it cannot be read without guessing.

    Babel refuses a group separator in the wrong place ("1.5" in Turkish, "12,50" in English);
    either digit set is read, and Persian's own separators (٬ thousands, ٫ decimals) stand for
    the locale's. Exponents, NaN, spaces inside and a leading plus are refused."""
    from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

    locale = babel_locale(lang)
    group, point = get_group_symbol(locale), get_decimal_symbol(locale)
    clean = text.strip().translate(_INVISIBLE).replace("\u066c", group).replace("\u066b", point)
    clean = clean.translate(DIGITS_ONLY_TO_ASCII)
    body = clean[1:] if clean.startswith("-") else clean
    if not body or not body[0].isdigit() or any(c not in "0123456789" + group + point for c in body):
        return None
    if body.endswith((point, group)):
        return None
    try:
        value = parse_decimal(clean, locale=locale, strict=True)
    except NumberFormatError:
        return None
    return value, body.partition(point)[2] if point in body else ""


def parse_amount(text: str, currency: Currency, lang: str | None = None) -> int:
    """An amount typed in the user's locale, in minor units; every money field of the GUI reads
    through this (``Session.parse_money``).

    Turkish: ``12,50`` and ``1.250,00``; English: ``12.50`` and ``1,250.00``; Persian: either digit
    set with ``٬``/``٫`` (or ``,``/``.``). Anything that would need a guess, ``1.5`` in Turkish,
    ``12,50`` in English, or more decimals than the currency has (any for the rial) is refused
    with a message that shows how to write an amount in this language."""
    from branch_desktop.core.errors import ValidationError

    lang = lang or _current
    read = _read_locale_number(text, lang)
    if read is None:
        raise ValidationError("'{text}' cannot be read as an amount: write it like {example}.", text=text,
                              example=_amount_example(currency, lang))
    value, decimals = read
    if len(decimals) > currency.minor_digits:
        currency.check_decimals(decimals, text, _amount_example(currency, lang))
    return currency.to_minor(value)


def _amount_example(currency: Currency, lang: str) -> str:
    """How to write an amount in this language: ``1.234.567,89`` (tr), ``۱٬۲۳۴٬۵۶۷`` (fa, rials)."""
    return format_number(currency.example(Decimal("1234567.89")), lang, decimals=currency.minor_digits)


def parse_number(text: str, lang: str | None = None) -> Decimal:
    """A plain number typed in the user's locale (a percentage, a score), read like amounts."""
    from branch_desktop.core.errors import ValidationError

    lang = lang or _current
    read = _read_locale_number(text, lang)
    if read is None:
        raise ValidationError("'{text}' cannot be read as a number: write it like {example}.", text=text,
                              example=format_number(Decimal("1234.5"), lang, decimals=1))
    return read[0]


def format_date(day: dt.date, calendar: Calendar, lang: str | None = None) -> str:
    """A date for display: the pack's calendar, the language's habits.

    Persian: ``۱۴۰۵/۰۹/۰۳``; Turkish (Gregorian): ``24.11.2026``; otherwise ``2026/11/24``. Every
    form is accepted back by ``calendar.parse``.
    """
    lang = lang or _current
    if lang == "tr" and calendar.kind.value == "gregorian":
        return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    return calendar.format(day, persian_digits=lang == "fa")
