"""The per-journal hash chain: canonical content of a posted entry and its SHA-256 link.

The canonical content is the JSON document ``{"v": 1, "journal": ..., "lines": [...]}`` encoded
with sorted keys, no spaces and UTF-8 text. :func:`canonical_text` writes exactly those bytes
directly, field by field, from values already in text form (dates as ISO text), which is several
times faster than building the dictionary and encoding it: ``verify`` recomputes it for every
posted entry. ``tests/core/test_chain_canonical.py`` checks it against the dictionary encoding on
arbitrary texts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from json.encoder import encode_basestring  # the C encoder of json.dumps(..., ensure_ascii=False)
from typing import NamedTuple

GENESIS = "0" * 64
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))



class ChainLine(NamedTuple):
    """One line of a posted entry as its hash covers it (the account by its code)."""

    line_no: int
    account_code: str
    debit: int
    credit: int
    party_type: str | None
    party_id: int | None
    memo: str


def json_str(text: str) -> str:
    """A string as canonical JSON writes it (quoted, escaped, non-ASCII kept)."""
    return encode_basestring(text)


def line_text(line_no: int, code_json: str, debit: int, credit: int, party_type: str | None,
              party_id: int | None, memo: str) -> str:
    """One line of the canonical content; ``code_json`` is the account code already quoted."""
    pt = "null" if party_type is None else encode_basestring(party_type)
    pid = "null" if party_id is None else str(int(party_id))
    return f"[{int(line_no)},{code_json},{int(debit)},{int(credit)},{pt},{pid},{encode_basestring(memo)}]"


def canonical_text(*, journal_json: str, fiscal_year: int, number: int, chain_index: int, date_iso: str,
                   description: str, reference: str, reverses_hash: str | None, posted_by_json: str,
                   posted_at_iso: str, lines_text: str) -> str:
    """The canonical content from parts already in text form (see :func:`canonical`).

    ``journal_json`` and ``posted_by_json`` are quoted with :func:`json_str`; ``lines_text`` is
    the :func:`line_text` of each line joined by commas; ``date_iso`` is ``YYYY-MM-DD`` and
    ``posted_at_iso`` ``YYYY-MM-DDTHH:MM:SS.ffffff``.
    """
    return (
        f'{{"chain":{int(chain_index)},"date":"{date_iso}","description":{encode_basestring(description)},'
        f'"journal":{journal_json},"lines":[{lines_text}],"number":{int(number)},'
        f'"posted_at":"{posted_at_iso}","posted_by":{posted_by_json},'
        f'"reference":{encode_basestring(reference)},"reverses":{encode_basestring(reverses_hash or "")},'
        f'"v":1,"year":{int(fiscal_year)}}}'
    )


def posted_at_text(posted_at: dt.datetime) -> str:
    return posted_at.replace(tzinfo=None).isoformat(timespec="microseconds")


def canonical(
    *,
    journal: str,
    fiscal_year: int,
    number: int,
    chain_index: int,
    entry_date: dt.date,
    description: str,
    reference: str,
    reverses_hash: str | None,
    posted_by: str,
    posted_at: dt.datetime,
    lines: Sequence[ChainLine],
) -> str:
    """Deterministic text of an entry: the same on SQLite and PostgreSQL, for the same data.

    ``lines`` in line order; each is written as [line_no, account_code, debit, credit, party_type,
    party_id, memo] (the order every stored hash was computed with).
    """
    return canonical_text(
        journal_json=encode_basestring(journal), fiscal_year=fiscal_year, number=number,
        chain_index=chain_index, date_iso=entry_date.isoformat(), description=description,
        reference=reference, reverses_hash=reverses_hash, posted_by_json=encode_basestring(posted_by),
        posted_at_iso=posted_at_text(posted_at),
        lines_text=",".join(line_text(x.line_no, encode_basestring(x.account_code), x.debit, x.credit,
                                      x.party_type, x.party_id, x.memo) for x in lines),
    )


def encode(doc: object) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 text (the same on every platform)."""
    return _ENCODER.encode(doc)


def short_digest(digest: str) -> str:
    """A digest as printed on a document: its first 16 hex digits in groups of four."""
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4)).upper()


def link(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + "\n" + content).encode("utf-8")).hexdigest()
