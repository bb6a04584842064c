"""The per-journal hash chain: canonical content of a posted entry and its SHA-256 link."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
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
    doc = {
        "v": 1,
        "journal": journal,
        "year": fiscal_year,
        "number": number,
        "chain": chain_index,
        "date": entry_date.isoformat(),
        "description": description,
        "reference": reference,
        "reverses": reverses_hash or "",
        "posted_by": posted_by,
        "posted_at": posted_at.replace(tzinfo=None).isoformat(timespec="microseconds"),
        "lines": [
            [x.line_no, x.account_code, x.debit, x.credit, x.party_type, x.party_id, x.memo] for x in lines
        ],
    }
    return _ENCODER.encode(doc)


def encode(doc: object) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 text (the same on every platform)."""
    return _ENCODER.encode(doc)


def short_digest(digest: str) -> str:
    """A digest as printed on a document: its first 16 hex digits in groups of four."""
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4)).upper()


def link(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + "\n" + content).encode("utf-8")).hexdigest()
