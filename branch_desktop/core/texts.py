"""Texts kept as a message id and its parameters, rendered in the reader's language.

A description a service writes (an entry's "Receipt ... file ...", a cheque's "cleared") is
stored as the msgid and its parameters (``record_texts``, see ``core/record_texts.py``) next to
the plain text the record itself keeps (a posted entry's description is part of its hash and
never changes). Screens and documents render the msgid in their language with
``render_text``; the parameters are typed so that they are written the language's way too:

* a plain ``str`` is data (a file number, a cheque number, a reason someone typed): shown as
  it is, digits in the language's digits unless it holds Latin letters (a code such as
  ``TRF123``, an IBAN or a path is shown exactly as stored);
* ``Msg(msgid)``: a translatable word (a payment method, a cheque state), translated;
* ``Num(n)``: a count or quantity, formatted for the locale;
* ``Day(date)``, ``Month(ym)``: in the pack's calendar and the language's digits;
* ``Amount(minor)``: an amount in the branch's currency;
* ``DocumentNumber(kind, year, number, series)``: a document number, written one way
  everywhere (``format_document_number``).

The same parameter types may be given to domain errors (``core/errors.py``), which render them
the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from branch_desktop.core import i18n
from branch_desktop.core.calendar import Calendar, YearMonth
from branch_desktop.core.i18n import current_language, localise_digits
from branch_desktop.core.money import DIGITS_TO_ASCII, Currency

_LATIN = re.compile("[A-Za-z]")
RLM = "\u200f"
LRM = "\u200e"

# -- typed parameters ------------------------------------------------------------------------


@dataclass(frozen=True)
class Msg:
    """A parameter that is itself a message id (a method, a state): translated when shown."""

    msgid: str

    def __str__(self) -> str:
        return self.msgid


@dataclass(frozen=True)
class Num:
    """A count or a quantity: grouped and in the language's digits."""

    value: int | Decimal

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class Day:
    value: dt.date

    def __str__(self) -> str:
        return self.value.isoformat()


@dataclass(frozen=True)
class Month:
    """A month of the pack's calendar (the year is already in that calendar)."""

    value: YearMonth

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class Amount:
    """An amount in minor units of the branch's currency."""

    minor: int

    def __str__(self) -> str:
        return str(self.minor)


@dataclass(frozen=True)
class DocumentNumber:
    """A numbered document: a receipt ``1405-001350``, an entry ``REV-1405-000012``.

    ``canonical`` is the form kept in references, exports and audit details (ASCII, "-"
    between the parts); ``format_document_number`` is the one way it is shown.
    """

    kind: str
    year: int
    number: int
    series: str = ""

    @property
    def canonical(self) -> str:
        core = f"{self.year}-{self.number:06d}"
        return f"{self.series}-{core}" if self.series else core

    def __str__(self) -> str:
        return self.canonical


Param = str | int | Msg | Num | Day | Month | Amount | DocumentNumber


def format_document_number(doc: DocumentNumber | str, lang: str | None = None) -> str:
    """The one way a document number is written: ``1405-001350`` (``REV-1405-000012``); in
    Persian ``۱۴۰۵/۰۰۱۳۵۰``: Persian digits, year first, and "/" between year and number,
    because with Persian digits a "-" lets the bidi algorithm swap them in a right-to-left line
    (a "/" keeps them in order)."""
    lang = lang or current_language()
    if isinstance(doc, str):
        parsed = parse_document_number(doc, "")
        if parsed is None:
            return localise_digits(doc, lang)
        doc = parsed
    if lang != "fa":
        return doc.canonical
    core = localise_digits(f"{doc.year}/{doc.number:06d}", "fa")
    # The series (a journal code) is a Latin code: kept apart so it stays at the start.
    return f"{doc.series} {core}" if doc.series else core


def receipt_number(year: int, number: int) -> DocumentNumber:
    return DocumentNumber("receipt", year, number)


def entry_number(journal_code: str, year: int, number: int) -> DocumentNumber:
    return DocumentNumber("entry", year, number, journal_code)


_DOC_RE = re.compile(r"^\s*(?:([A-Za-z][A-Za-z0-9_]*)[\s-])?\s*(\d{3,4})\s*[-/]\s*(\d{1,9})\s*$")


def parse_document_number(text: str, kind: str = "receipt") -> DocumentNumber | None:
    """A document number typed in any of the forms shown (either digit set, "-" or "/");
    None if the text is not one."""
    m = _DOC_RE.match(text.translate(DIGITS_TO_ASCII).replace(RLM, "").replace(LRM, ""))
    if m is None:
        return None
    return DocumentNumber(kind, int(m.group(2)), int(m.group(3)), m.group(1) or "")


def currency_name(code: str, lang: str | None = None) -> str:
    """The currency as the language writes it after an amount: "ریال" in Persian (not "IRR"),
    "Türk lirası" in Turkish; the ISO code where the locale has no name for it (Babel's data)."""
    from babel.numbers import get_currency_name, get_currency_symbol

    lang = lang or current_language()
    locale = i18n.babel_locale(lang)
    try:
        if lang == "fa":
            return get_currency_symbol(code, locale=locale)
        return get_currency_name(code, locale=locale)
    except Exception:  # an unknown locale or code: the code itself
        return code


def list_separator(lang: str | None = None) -> str:
    """Between the items of a list: the Persian comma "، " in Persian (the Latin comma would
    read as the thousands separator of the figures around it), ", " otherwise."""
    return "، " if (lang or current_language()) == "fa" else ", "


def join_list(items: Sequence[str], lang: str | None = None) -> str:
    return list_separator(lang).join(items)


def format_count(value: int, lang: str | None = None) -> str:
    """A count inside a sentence ("2 pages"): the locale's grouping and digits."""
    return i18n.format_number(value, lang)


def format_param(value: Any, lang: str | None = None, *, calendar: Calendar | None = None,
                 currency: Currency | None = None) -> str:
    """One parameter of a message, written the language's way (see the module's docstring)."""
    lang = lang or current_language()
    if isinstance(value, Msg):
        return i18n.translate_to(lang, value.msgid) if value.msgid else ""
    if isinstance(value, DocumentNumber):
        return format_document_number(value, lang)
    if isinstance(value, Num):
        return i18n.format_number(value.value, lang)
    if isinstance(value, Day):
        return i18n.format_date(value.value, calendar or Calendar("gregorian"), lang)
    if isinstance(value, Month):
        ym = value.value
        if lang == "fa":
            return localise_digits(f"{ym.year:04d}/{ym.month:02d}", lang)
        return str(ym)
    if isinstance(value, Amount):
        if currency is None:
            return i18n.format_number(value.minor, lang)
        return i18n.format_money(value.minor, currency, lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return localise_digits(str(value), lang)
    if isinstance(value, Decimal):
        return i18n.format_number(value, lang)
    text = str(value)
    # Data with Latin letters (a path, a reference like "TRF123", an IBAN) is a code: as it is.
    return text if _LATIN.search(text) else localise_digits(text, lang)


def format_message(template: str, params: Mapping[str, Any], lang: str | None = None, *,
                   calendar: Calendar | None = None, currency: Currency | None = None) -> str:
    """Translate ``template`` into ``lang`` and fill in its parameters the language's way."""
    lang = lang or current_language()
    text = i18n.translate_to(lang, template)
    values = {k: format_param(v, lang, calendar=calendar, currency=currency) for k, v in params.items()}
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return text


def render_error(template: str, params: Mapping[str, Any], lang: str | None = None,
                 translate: Callable[[str], str] | None = None) -> str:
    """A domain error's message (``core.errors.DomainError.render``): ``template`` translated
    into ``lang`` (default: the current language) or by ``translate``, its parameters written the
    language's way."""
    if translate is not None:
        text = translate(template)
    else:
        text = i18n.translate_to(lang, template) if lang else i18n.gettext(template)
    values = {k: format_param(v, lang) for k, v in params.items()}
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


def directed(text: str, lang: str | None = None) -> str:
    """A message laid out by the language's direction whatever its first word: in a
    right-to-left language a text starting with a Latin word (or a figure) gets a leading
    right-to-left mark, so Qt and the PDF renderer start it at the right."""
    if text and i18n.is_rtl(lang) and not text.startswith(RLM):
        return RLM + text
    return text


# -- stored texts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredText:
    """A message id and its parameters, as stored in ``record_texts``."""

    msgid: str
    params: Mapping[str, Any]

    def render(self, lang: str | None = None, *, calendar: Calendar | None = None,
               currency: Currency | None = None) -> str:
        return format_message(self.msgid, self.params, lang, calendar=calendar, currency=currency)

    def english(self) -> str:
        """The text in the source language (what a record's own text column keeps)."""
        return self.render("en")

    def encode_params(self) -> str:
        return encode_params(self.params)


def stored_text(msgid: str, **params: Any) -> StoredText:
    """A text to store with a record (``msgid`` is extracted into the catalogues)."""
    return StoredText(msgid, params)


def _encode(value: Any) -> Any:
    if isinstance(value, Msg):
        return {"msg": value.msgid}
    if isinstance(value, Num):
        return {"num": str(value.value)}
    if isinstance(value, Day):
        return {"date": value.value.isoformat()}
    if isinstance(value, Month):
        return {"month": [value.value.year, value.value.month]}
    if isinstance(value, Amount):
        return {"amount": value.minor}
    if isinstance(value, DocumentNumber):
        return {"doc": value.kind, "year": value.year, "number": value.number, "series": value.series}
    if isinstance(value, int | str):
        return value
    return str(value)


def _decode(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "msg" in value:
        return Msg(str(value["msg"]))
    if "num" in value:
        n = Decimal(str(value["num"]))
        return Num(int(n) if n == n.to_integral_value() else n)
    if "date" in value:
        return Day(dt.date.fromisoformat(value["date"]))
    if "month" in value:
        return Month(YearMonth(int(value["month"][0]), int(value["month"][1])))
    if "amount" in value:
        return Amount(int(value["amount"]))
    if "doc" in value:
        return DocumentNumber(str(value["doc"]), int(value["year"]), int(value["number"]), str(value.get("series", "")))
    return json.dumps(value)


def encode_params(params: Mapping[str, Any]) -> str:
    return json.dumps({k: _encode(v) for k, v in params.items()}, ensure_ascii=False, sort_keys=True)


def decode_params(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    raw = json.loads(text)
    return {str(k): _decode(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def render_text(msgid: str | None, params: str | Mapping[str, Any] | None, lang: str | None = None, *,
                fallback: str = "", calendar: Calendar | None = None, currency: Currency | None = None) -> str:
    """A stored text in the reader's language: the one function every screen and document uses
    for a stored description. ``params`` as stored (JSON) or decoded; with no msgid (a text
    someone typed, or an old row no template recognised) the stored ``fallback`` is shown."""
    if not msgid:
        return fallback
    values = decode_params(params) if isinstance(params, str) or params is None else params
    return format_message(msgid, values, lang, calendar=calendar, currency=currency)
