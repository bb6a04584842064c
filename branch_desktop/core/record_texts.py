"""Storing and reading ``record_texts``: the message id and parameters of a record's description
(see ``core/texts.py``). Written in the same transaction as the record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import QueryableAttribute, Session

from branch_desktop.core.models import RecordText, table_of
from branch_desktop.core.texts import StoredText, render_text

if TYPE_CHECKING:
    from branch_desktop.core.branch import BranchContext

ENTRY = "entry"


def save_texts(session: Session, kind: str, texts: Mapping[int, StoredText]) -> None:
    """Store the texts of records just written (one multi-row INSERT)."""
    if not texts:
        return
    rows = [{"kind": kind, "record_id": rid, "msgid": t.msgid, "params": t.encode_params()}
            for rid, t in texts.items()]
    session.execute(table_of(RecordText).insert(), rows)


def load_texts(session: Session, kind: str, ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """``{record id: (msgid, params as stored)}`` for the records that have a stored text."""
    wanted = sorted(set(ids))
    out: dict[int, tuple[str, str]] = {}
    for i in range(0, len(wanted), 900):
        chunk = wanted[i:i + 900]
        for rid, msgid, params in session.execute(
            select(RecordText.record_id, RecordText.msgid, RecordText.params)
            .where(RecordText.kind == kind, RecordText.record_id.in_(chunk))
        ):
            out[int(rid)] = (msgid, params)
    return out


def text_of(kind: str, id_column: QueryableAttribute[int] | ColumnElement[int]) -> ColumnElement[bool]:
    """The ON clause of an outer join from a record to its stored text."""
    return and_(RecordText.kind == kind, RecordText.record_id == id_column)


def describe_entry(ctx: BranchContext, description: str, msgid: str | None, params: str | None,
                   lang: str | None = None) -> str:
    """A record's description in the reader's language: its stored text rendered (dates in the
    pack's calendar, amounts in its currency), else the text it was written with."""
    return render_text(msgid, params, lang, fallback=description, calendar=ctx.pack.calendar,
                       currency=ctx.pack.currency)
