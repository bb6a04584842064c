"""Posting: drafts, ``post_entry``, ``post_many``, ``post_draft``, reversals, and the ``*_in``
variants a department calls inside its own transaction. One transaction each, role-checked.

Posting (single or bulk) goes through :func:`_post_drafts`, which numbers (gapless per journal
and fiscal year, from a counter row locked for the transaction), chains (SHA-256 over the
canonical content, per journal), marks the entries posted and adds the lines to the running
account balances, all in the caller's transaction. The checks themselves are ``rules``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, delete, select, update
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.ledger import chain, rules
from branch_desktop.core.ledger.exceptions import (
    AlreadyPosted,
    AlreadyReversed,
    EntryNotFound,
    NotADraft,
    NotPosted,
    ReversalOfReversal,
    UnknownJournal,
)
from branch_desktop.core.ledger.models import (
    Account,
    AccountBalance,
    Entry,
    EntryLine,
    Journal,
    JournalSequence,
)
from branch_desktop.core.ledger.periods import PeriodCache
from branch_desktop.core.ledger.reading import get_entry
from branch_desktop.core.ledger.types import DraftLine, EntryInput, EntryStatus, EntryView, LineInput
from branch_desktop.core.models import table_of, utcnow
from branch_desktop.core.record_texts import ENTRY, save_texts
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.storage import dialect_insert
from branch_desktop.core.texts import StoredText, entry_number, stored_text

# -- look-ups ---------------------------------------------------------------------------------


class Chart:
    """Accounts and journals of the transaction, loaded once."""

    def __init__(self, session: Session) -> None:
        self.accounts = {
            code: rules.AccountRef(id_, code, postable, active)
            for id_, code, postable, active in session.execute(
                select(Account.id, Account.code, Account.is_postable, Account.active)
            )
        }
        self.account_codes = {a.id: a.code for a in self.accounts.values()}
        self.journals = {code: id_ for id_, code in session.execute(select(Journal.id, Journal.code))}
        self.journal_codes = {v: k for k, v in self.journals.items()}

    def account(self, code: str) -> rules.AccountRef:
        return rules.check_account(code, self.accounts.get(code.strip()))

    def journal(self, code: str) -> int:
        try:
            return self.journals[code]
        except KeyError:
            raise UnknownJournal(code=code) from None


# -- drafts in the database ---------------------------------------------------------------------


@dataclass
class _Draft:
    id: int
    journal_id: int
    period_id: int
    fiscal_year: int
    entry_date: dt.date
    description: str
    reference: str
    reverses_id: int | None
    lines: list[DraftLine]


def _insert_drafts(
    session: Session,
    actor: Actor,
    chart: Chart,
    periods: PeriodCache,
    entries: Sequence[EntryInput],
    reverses: Sequence[int | None] | None = None,
    reasons: Sequence[str] | None = None,
) -> list[_Draft]:
    """Check each entry (``rules``: lines, accounts, description, its month open) and insert it
    with its lines as a draft."""
    now = utcnow()
    rows = []
    drafts: list[_Draft] = []
    for i, entry in enumerate(entries):
        rules.check_lines(entry.lines)
        description = rules.check_description(entry.plain_description)
        journal_id = chart.journal(entry.journal_code)
        period_id, status, ym = periods.get(entry.entry_date)
        rules.check_open(status, ym)
        lines = [
            DraftLine(line_no=n, account_id=chart.account(line.account_code).id, debit=line.debit,
                      credit=line.credit, party_type=line.party_type, party_id=line.party_id, memo=line.memo)
            for n, line in enumerate(entry.lines, start=1)
        ]
        rev = reverses[i] if reverses else None
        reference = entry.reference.strip()
        drafts.append(_Draft(0, journal_id, period_id, ym.year, entry.entry_date, description, reference, rev, lines))
        rows.append(
            {
                "journal_id": journal_id,
                "period_id": period_id,
                "fiscal_year": ym.year,
                "entry_date": entry.entry_date,
                "description": description,
                "reference": reference,
                "status": EntryStatus.DRAFT.value,
                "reverses_id": rev,
                "reversal_reason": reasons[i] if reasons else "",
                "created_by": actor.id,
                "created_at": now,
            }
        )
    if not rows:
        return []
    # Core (not ORM) inserts: one executemany / multi-row INSERT per batch on both databases.
    entries_t = table_of(Entry)
    ids = session.execute(
        entries_t.insert().returning(entries_t.c.id, sort_by_parameter_order=True), rows
    ).scalars().all()
    save_texts(session, ENTRY, {id_: e.text for e, id_ in zip(entries, ids, strict=True) if e.text is not None})
    line_rows: list[dict[str, object]] = []
    for draft, id_ in zip(drafts, ids, strict=True):
        draft.id = id_
        line_rows.extend({"entry_id": id_, **line._asdict()} for line in draft.lines)
    lines_t = table_of(EntryLine)
    # RETURNING makes SQLAlchemy send multi-row INSERTs ("insertmanyvalues"): far fewer statements,
    # and PostgreSQL's per-statement guard on entry_lines runs once per batch.
    session.execute(lines_t.insert().returning(lines_t.c.id), line_rows)
    return drafts


# -- posting ----------------------------------------------------------------------------------


def _post_drafts(session: Session, actor: Actor, chart: Chart, drafts: list[_Draft]) -> None:
    """Number, chain and post drafts (already checked and inserted) in this transaction."""
    if not drafts:
        return
    now = utcnow()
    by_journal: dict[int, list[_Draft]] = defaultdict(list)
    for d in drafts:
        by_journal[d.journal_id].append(d)
    reverses_hash: dict[int, str] = {}
    rev_ids = [d.reverses_id for d in drafts if d.reverses_id]
    if rev_ids:
        reverses_hash = {
            id_: h or "" for id_, h in session.execute(select(Entry.id, Entry.hash).where(Entry.id.in_(rev_ids)))
        }
    updates = []
    balances: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    # Lock order: journals by id, then their year counters: two workstations never deadlock.
    for journal_id in sorted(by_journal):
        jrow = session.execute(
            select(Journal.chain_length, Journal.chain_head).where(Journal.id == journal_id).with_for_update()
        ).one()
        length, head = int(jrow[0]), str(jrow[1])
        counters = _lock_counters(session, journal_id, {d.fiscal_year for d in by_journal[journal_id]})
        journal_code = chart.journal_codes[journal_id]
        for d in by_journal[journal_id]:
            counters[d.fiscal_year] += 1
            length += 1
            number = counters[d.fiscal_year]
            content = chain.canonical(
                journal=journal_code,
                fiscal_year=d.fiscal_year,
                number=number,
                chain_index=length,
                entry_date=d.entry_date,
                description=d.description,
                reference=d.reference,
                reverses_hash=reverses_hash.get(d.reverses_id) if d.reverses_id else None,
                posted_by=actor.username,
                posted_at=now,
                lines=[chain.ChainLine(x.line_no, chart.account_codes[x.account_id], x.debit, x.credit,
                                       x.party_type, x.party_id, x.memo) for x in d.lines],
            )
            digest = chain.link(head, content)
            updates.append(
                {"b_id": d.id, "number": number, "chain_index": length, "prev_hash": head, "hash": digest,
                 "posted_by": actor.id, "posted_at": now}
            )
            head = digest
            for x in d.lines:
                bal = balances[(x.account_id, d.period_id)]
                bal[0] += x.debit
                bal[1] += x.credit
        session.execute(
            update(Journal).where(Journal.id == journal_id).values(chain_length=length, chain_head=head)
        )
        for year, last in counters.items():
            session.execute(
                update(JournalSequence)
                .where(JournalSequence.journal_id == journal_id, JournalSequence.fiscal_year == year)
                .values(last_number=last)
            )
    entries = table_of(Entry)
    session.execute(
        entries.update()
        .where(and_(entries.c.id == bindparam("b_id"), entries.c.status == EntryStatus.DRAFT.value))
        .values(
            status=EntryStatus.POSTED.value,
            number=bindparam("number"),
            chain_index=bindparam("chain_index"),
            prev_hash=bindparam("prev_hash"),
            hash=bindparam("hash"),
            posted_by=bindparam("posted_by"),
            posted_at=bindparam("posted_at"),
        ),
        updates,
    )
    _add_balances(session, balances)


def _lock_counters(session: Session, journal_id: int, years: set[int]) -> dict[int, int]:
    """The journal's last numbers per fiscal year, their rows created when missing and locked."""
    counters: dict[int, int] = {}
    for year in sorted(years):
        session.execute(
            dialect_insert(session, JournalSequence)
            .values(journal_id=journal_id, fiscal_year=year, last_number=0)
            .on_conflict_do_nothing()
        )
        counters[year] = int(
            session.execute(
                select(JournalSequence.last_number)
                .where(JournalSequence.journal_id == journal_id, JournalSequence.fiscal_year == year)
                .with_for_update()
            ).scalar_one()
        )
    return counters


def _add_balances(session: Session, balances: dict[tuple[int, int], list[int]]) -> None:
    if not balances:
        return
    rows = [
        {"account_id": acc, "period_id": pid, "debit": dr, "credit": cr}
        for (acc, pid), (dr, cr) in sorted(balances.items())
    ]
    ins = dialect_insert(session, AccountBalance)
    stmt = ins.on_conflict_do_update(
        index_elements=["account_id", "period_id"],
        set_={
            "debit": AccountBalance.__table__.c.debit + ins.excluded.debit,
            "credit": AccountBalance.__table__.c.credit + ins.excluded.credit,
        },
    )
    session.execute(stmt, rows)


def post_entry(ctx: BranchContext, actor: Actor, entry: EntryInput) -> EntryView:
    """Create and post an entry in one transaction."""
    require(actor, "ledger.post")
    with ctx.db.write() as s:
        entry_id = _post_in(s, ctx, actor, entry)
    return get_entry(ctx, actor, entry_id)


def post_entry_in(
    session: Session, ctx: BranchContext, actor: Actor, entry: EntryInput, *, authorised_by: str = "ledger.post"
) -> int:
    """Post an entry inside a department's own transaction (a receipt, a cheque...); returns its id.

    ``authorised_by`` names the permission that entitles the user to this posting: a clerk posts
    a counter receipt on the authority of ``revenue.receipt``, not of ``ledger.post``.
    """
    require(actor, authorised_by)
    return _post_in(session, ctx, actor, entry)


def _post_in(session: Session, ctx: BranchContext, actor: Actor, entry: EntryInput) -> int:
    chart = Chart(session)
    drafts = _insert_drafts(session, actor, chart, PeriodCache(session, ctx), [entry])
    _post_drafts(session, actor, chart, drafts)
    audit(session, actor, "ledger.post", "entry", drafts[0].id)
    return drafts[0].id


def post_many(
    ctx: BranchContext, actor: Actor, entries: Iterable[EntryInput], *, batch_size: int = 2000
) -> int:
    """Bulk posting (imports, demo data): batches of ``batch_size`` entries, one transaction each.

    A batch is all or nothing; the count of posted entries is returned.
    """
    require(actor, "ledger.post")
    total = 0
    batch: list[EntryInput] = []

    def flush() -> None:
        nonlocal total
        with ctx.db.write() as s:
            chart = Chart(s)
            drafts = _insert_drafts(s, actor, chart, PeriodCache(s, ctx), batch)
            _post_drafts(s, actor, chart, drafts)
            audit(s, actor, "ledger.post_batch", "entry", f"{drafts[0].id}..{drafts[-1].id}", count=len(drafts))
        total += len(batch)
        batch.clear()

    for entry in entries:
        batch.append(entry)
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return total


# -- drafts -----------------------------------------------------------------------------------


def save_draft(ctx: BranchContext, actor: Actor, entry: EntryInput, draft_id: int | None = None) -> int:
    """Create a draft, or replace an existing draft's content. Drafts need not balance."""
    require(actor, "ledger.draft")
    with ctx.db.write() as s:
        chart = Chart(s)
        journal_id = chart.journal(entry.journal_code)
        period_id, _status, ym = PeriodCache(s, ctx).get(entry.entry_date)
        if draft_id is None:
            row = Entry(
                journal_id=journal_id, period_id=period_id, fiscal_year=ym.year, entry_date=entry.entry_date,
                description=entry.description.strip(), reference=entry.reference.strip(),
                status=EntryStatus.DRAFT.value, created_by=actor.id, created_at=utcnow(),
            )
            s.add(row)
            s.flush()
            draft_id = row.id
        else:
            existing = _draft_row(s, draft_id)
            existing.journal_id = journal_id
            existing.period_id = period_id
            existing.fiscal_year = ym.year
            existing.entry_date = entry.entry_date
            existing.description = entry.description.strip()
            existing.reference = entry.reference.strip()
            s.execute(delete(EntryLine).where(EntryLine.entry_id == draft_id))
        for n, line in enumerate(entry.lines, start=1):
            acc = chart.account(line.account_code)
            s.add(EntryLine(entry_id=draft_id, line_no=n, account_id=acc.id, debit=line.debit,
                            credit=line.credit, party_type=line.party_type, party_id=line.party_id, memo=line.memo))
        audit(s, actor, "ledger.draft", "entry", draft_id)
    return draft_id


def _draft_row(s: Session, draft_id: int) -> Entry:
    """A draft, locked; refused when missing or posted."""
    row = s.get(Entry, draft_id, with_for_update=True)
    if row is None:
        raise EntryNotFound(id=draft_id)
    if row.status != EntryStatus.DRAFT:
        raise NotADraft(id=draft_id)
    return row


def delete_draft(ctx: BranchContext, actor: Actor, draft_id: int) -> None:
    require(actor, "ledger.draft")
    with ctx.db.write() as s:
        row = _draft_row(s, draft_id)
        s.execute(delete(EntryLine).where(EntryLine.entry_id == draft_id))
        s.delete(row)
        audit(s, actor, "ledger.draft_delete", "entry", draft_id)


def post_draft(ctx: BranchContext, actor: Actor, draft_id: int) -> EntryView:
    require(actor, "ledger.post")
    with ctx.db.write() as s:
        chart = Chart(s)
        row = s.get(Entry, draft_id, with_for_update=True)
        if row is None:
            raise EntryNotFound(id=draft_id)
        if row.status != EntryStatus.DRAFT:
            raise AlreadyPosted(id=draft_id)
        lines = [
            DraftLine(line_no=r.line_no, account_id=r.account_id, debit=r.debit, credit=r.credit,
                      party_type=r.party_type, party_id=r.party_id, memo=r.memo)
            for r in s.execute(
                select(EntryLine.line_no, EntryLine.account_id, EntryLine.debit, EntryLine.credit,
                       EntryLine.party_type, EntryLine.party_id, EntryLine.memo)
                .where(EntryLine.entry_id == draft_id).order_by(EntryLine.line_no)
            )
        ]
        inputs = [LineInput(chart.account_codes[x.account_id], x.debit, x.credit, x.party_type, x.party_id, x.memo)
                  for x in lines]
        rules.check_lines(inputs)
        for line in inputs:
            chart.account(line.account_code)
        _pid, status, ym = PeriodCache(s, ctx).get(row.entry_date)
        rules.check_open(status, ym)
        draft = _Draft(row.id, row.journal_id, row.period_id, row.fiscal_year, row.entry_date, row.description,
                       row.reference, row.reverses_id, lines)
        _post_drafts(s, actor, chart, [draft])
        audit(s, actor, "ledger.post", "entry", draft_id)
    return get_entry(ctx, actor, draft_id)


# -- reversal ---------------------------------------------------------------------------------


def reverse(ctx: BranchContext, actor: Actor, entry_id: int, reason: str, on: dt.date | None = None) -> EntryView:
    """Post a reversal of a posted entry (lines swapped), linked to it. The original is untouched."""
    require(actor, "ledger.reverse")
    reason = rules.check_reason(reason)
    with ctx.db.write() as s:
        rev_id = reverse_in(s, ctx, actor, entry_id, reason, on)
    return get_entry(ctx, actor, rev_id)


def reverse_in(
    session: Session, ctx: BranchContext, actor: Actor, entry_id: int, reason: str, on: dt.date | None = None,
    *, authorised_by: str = "ledger.reverse", text: StoredText | None = None,
) -> int:
    """The reversal inside a department's own transaction (voiding a receipt...); returns its id.

    ``authorised_by``: the permission entitling the user to it, as for :func:`post_entry_in`.
    ``text``: the reversal's description as a message (default "Reversal of {number}: {reason}").
    """
    require(actor, authorised_by)
    original = session.get(Entry, entry_id)
    if original is None:
        raise EntryNotFound(id=entry_id)
    if original.status != EntryStatus.POSTED:
        raise NotPosted(id=entry_id)
    if original.reverses_id is not None:
        raise ReversalOfReversal(id=entry_id)
    if session.scalar(select(Entry.id).where(Entry.reverses_id == entry_id)) is not None:
        raise AlreadyReversed(id=entry_id)
    chart = Chart(session)
    lines = [
        LineInput(chart.account_codes[r.account_id], debit=r.debit, credit=r.credit, party_type=r.party_type,
                  party_id=r.party_id, memo=r.memo)
        for r in session.execute(
            select(EntryLine.account_id, EntryLine.debit, EntryLine.credit, EntryLine.party_type,
                   EntryLine.party_id, EntryLine.memo)
            .where(EntryLine.entry_id == entry_id).order_by(EntryLine.line_no)
        )
    ]
    journal_code = chart.journal_codes[original.journal_id]
    doc = entry_number(journal_code, original.fiscal_year, original.number or 0)
    entry = EntryInput(
        journal_code=journal_code,
        entry_date=on or ctx.today(),
        description=f"{doc.canonical}: {reason}"[:500],
        reference=original.reference,
        lines=rules.reversal_lines(lines),
        text=text or stored_text("Reversal of {number}: {reason}", number=doc, reason=reason),
    )
    drafts = _insert_drafts(session, actor, chart, PeriodCache(session, ctx), [entry], reverses=[entry_id],
                            reasons=[reason])
    _post_drafts(session, actor, chart, drafts)
    audit(session, actor, "ledger.reverse", "entry", entry_id, reversal=drafts[0].id, reason=reason)
    return drafts[0].id
