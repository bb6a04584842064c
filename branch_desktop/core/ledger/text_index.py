"""The journal's text filter through an index: which entries may hold a text, read from the index
instead of every line (migration pages_0002).

The filter itself is unchanged (``ILIKE '%text%'`` on the entry's description and reference, its
stored text's parameters and the line's memo): the index only narrows the entries it is checked
on. SQLite's FTS5 trigram index folds case over all of Unicode where ``LIKE`` folds ASCII only, so
and it keeps no positions (``detail=none``: every trigram of the text is looked up, not their order),
so it finds a superset that the filter then sifts; PostgreSQL's pg_trgm indexes serve ``ILIKE``
itself. A text whose longest run without a wildcard (``%``, ``_``, ``\\``) is shorter than three
characters has no trigram: it is searched as before, by reading the lines newest first until a
page is full, as is a text so common that its entries pass :data:`CAP` (reading newest first
finds a page of it at once).
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from branch_desktop.core.ledger.models import Entry, EntryLine
from branch_desktop.core.models import RecordText
from branch_desktop.core.record_texts import ENTRY

log = logging.getLogger(__name__)

CAP = 2000  # more entries than this: the text is common, the plain filter finds a page sooner

_WILDCARDS = re.compile(r"[%_\\]+")
_FTS = {  # the SQLite indexes and how their rowid leads to an entry
    "entry": "SELECT rowid FROM ledger_entry_text_fts WHERE ledger_entry_text_fts MATCH :q LIMIT :n",
    "params": "SELECT rowid FROM ledger_entry_params_fts WHERE ledger_entry_params_fts MATCH :q LIMIT :n",
    "memo": "SELECT l.entry_id FROM ledger_memo_fts f JOIN entry_lines l ON l.id = f.rowid "
            "WHERE ledger_memo_fts MATCH :q LIMIT :n",
}
_warned: set[str] = set()


def searchable_run(needle: str) -> str:
    """The longest part of ``needle`` without a LIKE wildcard: every match contains it."""
    return max(_WILDCARDS.split(needle), key=len)


def _has_index(s: Session, dialect: str) -> bool:
    if dialect == "sqlite":
        sql = "SELECT count(*) FROM sqlite_master WHERE name = 'ledger_entry_text_fts'"
    else:
        sql = "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_entry_lines_memo_trgm'"
    found = bool(s.scalar(text(sql)))
    if not found and dialect not in _warned:
        _warned.add(dialect)
        log.warning("the journal's text index is missing on %s: texts are searched line by line", dialect)
    return found


def candidate_entries(s: Session, needle: str, cap: int | None = None) -> list[int] | None:
    """The ids of the entries that may match ``needle`` (a superset of those that do), or None when
    the index cannot tell (no trigram, no index, more than ``cap`` entries)."""
    cap = CAP if cap is None else cap
    run = searchable_run(needle)
    if len(run) < 3:
        return None
    dialect = s.get_bind().dialect.name
    if not _has_index(s, dialect):
        return None
    found: set[int] = set()
    if dialect == "sqlite":
        # every trigram of the run (the index keeps no positions: the filter then checks the text)
        query = " ".join(sorted({'"' + run[i : i + 3].replace('"', '""') + '"' for i in range(len(run) - 2)}))
        for sql in _FTS.values():
            ids = list(s.scalars(text(sql), {"q": query, "n": cap + 1}))
            if len(ids) > cap:
                return None
            found.update(ids)
    else:
        pattern = f"%{needle}%"
        # the planner prices a long text's many trigrams above a scan of a small table, which then reads
        # every row: these three go through their indexes (a common text's bitmap stops at the cap)
        s.execute(text("SET LOCAL enable_seqscan = off"))
        try:
            for stmt in (select(Entry.id).where(Entry.description.ilike(pattern) | Entry.reference.ilike(pattern)),
                         select(RecordText.record_id).where(RecordText.kind == ENTRY,
                                                            RecordText.params.ilike(pattern)),
                         # the memo's index holds the lines with a memo (posting_0002)
                         select(EntryLine.entry_id).where(EntryLine.memo != "", EntryLine.memo.ilike(pattern))):
                ids = list(s.scalars(stmt.limit(cap + 1)))
                if len(ids) > cap:
                    return None
                found.update(ids)
        finally:
            s.execute(text("SET LOCAL enable_seqscan = on"))
    return sorted(found) if len(found) <= cap else None
