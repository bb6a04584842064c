"""Localisation: gettext catalogues (Babel ``.po`` files), locale-aware numbers, money and dates.

The catalogues live in ``resources/translations/<lang>/LC_MESSAGES/branch_desktop.po`` and are
compiled in memory when first used (no manual ``compile_catalog`` step, no generated files in
the repository). The current language is process-wide: the GUI sets it from the user's settings,
the CLI from ``--lang`` or the pack's default.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
import threading
from decimal import Decimal

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberFormatError, format_decimal, parse_decimal

from branch_desktop.core.calendar import PERSIAN_DIGITS, Calendar
from branch_desktop.core.money import DIGITS_TO_ASCII, Currency
from branch_desktop.paths import translations_dir

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
            with po_path.open("rb") as fh:
                cat = read_po(fh, locale=lang)
            buf = io.BytesIO()
            write_mo(buf, cat)
            buf.seek(0)
            trans = _gettext.GNUTranslations(buf)
        else:
            trans = _gettext.NullTranslations()
        _catalogues[lang] = trans
        return trans


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
    text = format_decimal(value, format=fmt, locale=babel_locale(lang), numbering_system="default")
    return localise_digits(text, lang)


def format_money(minor: int, currency: Currency, lang: str | None = None) -> str:
    """An amount in minor units, formatted for the language with the currency's decimals."""
    return format_number(currency.from_minor(minor), lang, decimals=currency.minor_digits)


def parse_amount(text: str, currency: Currency, lang: str | None = None) -> int:
    """Parse an amount typed in the user's locale (either digit set) into minor units."""
    from branch_desktop.core.errors import ValidationError

    lang = lang or _current
    clean = text.strip().replace("\u200e", "").replace("\u200f", "")
    clean = clean.replace("\u066c", ",").replace("\u066b", ".").translate(DIGITS_TO_ASCII)
    locale = "en_US" if lang == "fa" else babel_locale(lang)
    try:
        value = parse_decimal(clean, locale=locale, strict=False)
    except NumberFormatError:
        raise ValidationError("'{text}' is not an amount.", text=text) from None
    return currency.to_minor(Decimal(value))


def format_date(day: dt.date, calendar: Calendar, lang: str | None = None) -> str:
    """A date for display: the pack's calendar, the language's habits.

    Persian: ``۱۴۰۵/۰۹/۰۳``; Turkish (Gregorian): ``24.11.2026``; otherwise ``2026/11/24``. Every
    form is accepted back by ``calendar.parse``.
    """
    lang = lang or _current
    if lang == "tr" and calendar.kind.value == "gregorian":
        return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    return calendar.format(day, persian_digits=lang == "fa")
