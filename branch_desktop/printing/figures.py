"""Figures for documents, written exactly as ``core.i18n`` writes them, at a fraction of the cost.

A batch of notices or letters formats tens of thousands of amounts, and Babel parses its locale
and pattern on every call. Amounts in minor units have a fixed shape per language and currency
(sign, grouped integer part, the currency's decimals), so :func:`money_formatter` learns the
language's symbols from ``format_money`` once and writes the rest itself; it checks itself
against ``format_money`` on sample amounts and falls back to it if the two ever disagree.
Other numbers (:func:`number`) go through ``format_number`` with a cache: documents repeat them
(days, rates, counts).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from branch_desktop.core.i18n import format_money, format_number, localise_digits
from branch_desktop.core.money import Currency

# amounts the fast path is checked against, in minor units
_SAMPLES = (0, 1, -1, 7, 99, 100, -100, 1_000, 12_345, -12_345, 999_999, 1_000_000, 123_456_789,
            -987_654_321_000, 10**15 + 1)


@lru_cache(maxsize=64)
def money_formatter(lang: str, minor_digits: int) -> Callable[[int], str]:
    """``f(minor) -> str`` equal to ``format_money(minor, currency, lang)`` for a currency with
    ``minor_digits`` decimals."""
    currency = Currency("XXX", minor_digits)

    def babel(minor: int) -> str:
        return format_money(minor, currency, lang)

    # the symbols, read off Babel's own output in ASCII digits before localisation
    scale = 10**minor_digits
    one = babel(scale * 1000)  # "1,000.00", "۱٬۰۰۰٫۰۰"
    ascii_one = one.translate(_TO_ASCII)
    group = ascii_one[1:-3 - (minor_digits + 1 if minor_digits else 0)]
    point = ascii_one[-(minor_digits + 1)] if minor_digits else ""
    minus = babel(-scale)[: -len(babel(scale))]

    def fast(minor: int) -> str:
        if type(minor) is not int:  # noqa: E721 - a Decimal or a bool goes Babel's way
            return babel(minor)
        whole, part = divmod(-minor if minor < 0 else minor, scale)
        text = f"{whole:,}".replace(",", group)
        if minor_digits:
            text += f"{point}{part:0{minor_digits}d}"
        return localise_digits(minus + text if minor < 0 else text, lang)

    if all(fast(m) == babel(m) for m in _SAMPLES):
        return fast
    return babel  # a locale whose amounts take another shape: Babel's way, slower


_TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


@lru_cache(maxsize=65536)
def _number(text: str, lang: str) -> str:
    return format_number(Decimal(text), lang)


def number(value: int | Decimal, lang: str) -> str:
    """``format_number(value, lang)``, cached (by the value as written: ``-0`` is not ``0``)."""
    return _number(str(value), lang)
