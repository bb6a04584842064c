"""The documents' fast figures write exactly what ``core.i18n`` writes."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from branch_desktop.core.i18n import format_money, format_number
from branch_desktop.core.money import Currency
from branch_desktop.printing.figures import money_formatter, number


@settings(max_examples=300, deadline=None)
@given(minor=st.integers(min_value=-(10**18), max_value=10**18), lang=st.sampled_from(["fa", "tr", "en"]),
       digits=st.sampled_from([0, 2, 3]))
def test_money_is_written_as_format_money_writes_it(minor: int, lang: str, digits: int) -> None:
    assert money_formatter(lang, digits)(minor) == format_money(minor, Currency("XXX", digits), lang)


def test_the_fast_path_is_taken_for_the_packs_languages() -> None:
    for lang in ("fa", "tr", "en"):
        for digits in (0, 2):
            assert money_formatter(lang, digits).__name__ == "fast"
    assert money_formatter("fa", 0)(-1234567) == "-۱٬۲۳۴٬۵۶۷"
    assert money_formatter("tr", 2)(123456) == "1.234,56"


@given(value=st.one_of(st.integers(min_value=-(10**12), max_value=10**12),
                       st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False)),
       lang=st.sampled_from(["fa", "tr", "en"]))
def test_numbers_are_written_as_format_number_writes_them(value: int | Decimal, lang: str) -> None:
    assert number(value, lang) == format_number(value, lang)
