"""The fast canonical text of an entry is byte for byte the JSON document it stands for."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from branch_desktop.core.ledger import chain

_REFERENCE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))

texts = st.text(max_size=40)
ints = st.integers(min_value=0, max_value=10**15)
line = st.tuples(st.integers(1, 99), st.text(min_size=1, max_size=8), ints, ints,
                 st.none() | texts, st.none() | st.integers(0, 2**31), texts)


def _reference(**kw: object) -> str:
    doc = {
        "v": 1, "journal": kw["journal"], "year": kw["fiscal_year"], "number": kw["number"],
        "chain": kw["chain_index"], "date": kw["entry_date"].isoformat(),  # type: ignore[attr-defined]
        "description": kw["description"], "reference": kw["reference"], "reverses": kw["reverses_hash"] or "",
        "posted_by": kw["posted_by"],
        "posted_at": kw["posted_at"].isoformat(timespec="microseconds"),  # type: ignore[attr-defined]
        "lines": [list(x) for x in kw["lines"]],  # type: ignore[attr-defined]
    }
    return _REFERENCE.encode(doc)


@settings(max_examples=300, deadline=None)
@given(journal=st.text(min_size=1, max_size=6), year=st.integers(1300, 2100), number=st.integers(1, 10**7),
       index=st.integers(1, 10**7), day=st.dates(), description=texts, reference=texts,
       reverses=st.none() | st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
       user=texts, at=st.datetimes(), lines=st.lists(line, max_size=5))
def test_fast_text_equals_the_json_document(journal: str, year: int, number: int, index: int, day: dt.date,
                                            description: str, reference: str, reverses: str | None, user: str,
                                            at: dt.datetime, lines: list) -> None:
    kw = dict(journal=journal, fiscal_year=year, number=number, chain_index=index, entry_date=day,
              description=description, reference=reference, reverses_hash=reverses, posted_by=user,
              posted_at=at, lines=[chain.ChainLine(*x) for x in lines])
    assert chain.canonical(**kw) == _reference(**kw)  # type: ignore[arg-type]


def test_escapes_quotes_controls_and_keeps_persian() -> None:
    kw = dict(journal="REV", fiscal_year=1405, number=7, chain_index=7, entry_date=dt.date(2026, 3, 21),
              description='رسید "۱۲" \\ \n\t\x01', reference="", reverses_hash=None, posted_by="کاربر",
              posted_at=dt.datetime(2026, 3, 21, 8, 0), lines=[chain.ChainLine(1, "1310", 5, 0, None, None, "")])
    text = chain.canonical(**kw)  # type: ignore[arg-type]
    assert text == _reference(**kw)
    assert "رسید" in text and '\\"' in text and "\\u0001" in text
