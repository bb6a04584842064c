"""One entry as screens, documents and the CLI read it (its lines, who posted it, its reversal)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.i18n import current_language
from branch_desktop.core.ledger.exceptions import EntryNotFound
from branch_desktop.core.ledger.models import Account, Entry, EntryLine, Journal
from branch_desktop.core.ledger.types import DraftLine, EntryStatus, EntryView, LineView
from branch_desktop.core.models import User
from branch_desktop.core.record_texts import ENTRY, describe_entry, load_texts
from branch_desktop.core.security import Actor, require
from branch_desktop.core.texts import StoredText, decode_params


def get_entry(ctx: BranchContext, actor: Actor, entry_id: int) -> EntryView:
    require(actor, "ledger.view")
    with ctx.db.read() as s:
        return load_entry_view(s, ctx, entry_id)


def load_entry_view(session: Session, ctx: BranchContext, entry_id: int) -> EntryView:
    lang_en = current_language() != ctx.pack.language
    row = session.execute(
        select(Entry, Journal.code, Journal.name, Journal.name_en)
        .join(Journal, Journal.id == Entry.journal_id)
        .where(Entry.id == entry_id)
    ).first()
    if row is None:
        raise EntryNotFound(id=entry_id)
    e: Entry = row[0]
    users = dict(session.execute(select(User.id, User.username).where(User.id.in_({e.created_by, e.posted_by or 0}))).all())
    reversed_by = session.scalar(select(Entry.id).where(Entry.reverses_id == e.id))
    lines = session.execute(
        select(EntryLine.line_no, Account.code, Account.name, Account.name_en, EntryLine.debit, EntryLine.credit,
               EntryLine.party_type, EntryLine.party_id, EntryLine.memo)
        .join(Account, Account.id == EntryLine.account_id)
        .where(EntryLine.entry_id == e.id).order_by(EntryLine.line_no)
    ).all()
    stored = load_texts(session, ENTRY, [e.id]).get(e.id)
    return EntryView(
        id=e.id, journal_code=row[1], journal_name=(row[3] or row[2]) if lang_en else row[2],
        fiscal_year=e.fiscal_year, number=e.number, entry_date=e.entry_date,
        description=describe_entry(ctx, e.description, *(stored or (None, None))),
        reference=e.reference, status=EntryStatus(e.status), reverses_id=e.reverses_id, reversed_by_id=reversed_by,
        reversal_reason=e.reversal_reason, created_by=users.get(e.created_by, ""),
        posted_by=users.get(e.posted_by) if e.posted_by else None, posted_at=e.posted_at, hash=e.hash,
        lines=tuple(_line_view(r, lang_en) for r in lines),
        message=StoredText(stored[0], decode_params(stored[1])) if stored else None,
    )


def posted_view(
    ctx: BranchContext, *, id: int, journal_code: str, journal_names: tuple[str, str], fiscal_year: int,  # noqa: A002
    number: int, entry_date: dt.date, description: str, reference: str, reverses_id: int | None,
    reversal_reason: str, user: str, posted_at: dt.datetime, hash: str, text: StoredText | None,  # noqa: A002
    lines: Sequence[tuple[DraftLine, str, tuple[str, str]]],
) -> EntryView:
    """An entry just posted as :func:`load_entry_view` reads it, from what the posting wrote (no
    second transaction): ``lines`` are (line, account code, (name, English name))."""
    lang_en = current_language() != ctx.pack.language
    stored = (text.msgid, text.encode_params()) if text is not None else None
    return EntryView(
        id=id, journal_code=journal_code, journal_name=(journal_names[1] or journal_names[0]) if lang_en
        else journal_names[0], fiscal_year=fiscal_year, number=number, entry_date=entry_date,
        description=describe_entry(ctx, description, *(stored or (None, None))),
        reference=reference, status=EntryStatus.POSTED, reverses_id=reverses_id, reversed_by_id=None,
        reversal_reason=reversal_reason, created_by=user, posted_by=user, posted_at=posted_at, hash=hash,
        lines=tuple(
            LineView(line_no=x.line_no, account_code=code, account_name=(names[1] or names[0]) if lang_en
                     else names[0], debit=x.debit, credit=x.credit, party_type=x.party_type,
                     party_id=x.party_id, memo=x.memo)
            for x, code, names in lines
        ),
        message=StoredText(stored[0], decode_params(stored[1])) if stored else None,
    )


def _line_view(r: Row, lang_en: bool) -> LineView:
    return LineView(
        line_no=r.line_no, account_code=r.code, account_name=(r.name_en or r.name) if lang_en else r.name,
        debit=r.debit, credit=r.credit, party_type=r.party_type, party_id=r.party_id, memo=r.memo,
    )
