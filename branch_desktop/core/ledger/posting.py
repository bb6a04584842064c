"""Posting: drafts, ``post_entry``, ``post_many``, ``post_draft``, reversals, and the ``*_in``
variants a department calls inside its own transaction. One transaction each, role-checked.

Posting (single or bulk) goes through :func:`_post_new`: the entries are checked (``rules``),
numbered (gapless per journal and fiscal year, from a counter row locked for the transaction),
chained (SHA-256 over the canonical content, per journal), written with their lines and texts and
posted (PostgreSQL: lines first, then the entries inserted posted, checked once per statement;
SQLite: inserted as drafts, posted by one UPDATE; the database's guards check each balances) and
added to the running account balances, all in the caller's transaction. These statements go to the driver's own
cursor (``storage.DriverCursor``; COPY on PostgreSQL for a batch): a posting is a few dozen
statements whatever its size, and costs little more than the hashing.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from branch_desktop.core import changes, records
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
from branch_desktop.core.ledger.models import Entry, EntryLine
from branch_desktop.core.ledger.periods import PeriodCache
from branch_desktop.core.ledger.reading import get_entry, posted_view
from branch_desktop.core.ledger.types import DraftLine, EntryInput, EntryStatus, EntryView, LineInput
from branch_desktop.core.models import utcnow
from branch_desktop.core.record_texts import ENTRY
from branch_desktop.core.security import AUDIT_KIND, Actor, audit, audit_values, require
from branch_desktop.core.storage import DriverCursor
from branch_desktop.core.texts import StoredText, entry_number, stored_text

# -- look-ups ---------------------------------------------------------------------------------


class Chart:
    """Accounts and journals of the transaction, loaded once (a few dozen rows)."""

    def __init__(self, session: Session, cursor: DriverCursor | None = None) -> None:
        c = cursor or DriverCursor(session)
        self.accounts: dict[str, rules.AccountRef] = {}
        self.account_names: dict[int, tuple[str, str]] = {}
        for id_, code, postable, active, name, name_en in c.rows(
            "SELECT id, code, is_postable, active, name, name_en FROM accounts"
        ):
            self.accounts[code] = rules.AccountRef(int(id_), code, bool(postable), bool(active))
            self.account_names[int(id_)] = (name, name_en or "")
        self.account_codes = {a.id: a.code for a in self.accounts.values()}
        self.journals: dict[str, int] = {}
        self.journal_names: dict[int, tuple[str, str]] = {}
        for id_, code, name, name_en in c.rows("SELECT id, code, name, name_en FROM journals"):
            self.journals[code] = int(id_)
            self.journal_names[int(id_)] = (name, name_en or "")
        self.journal_codes = {v: k for k, v in self.journals.items()}

    def account(self, code: str) -> rules.AccountRef:
        return rules.check_account(code, self.accounts.get(code.strip()))

    def journal(self, code: str) -> int:
        try:
            return self.journals[code]
        except KeyError:
            raise UnknownJournal(code=code) from None


# -- checking, numbering, chaining, writing -----------------------------------------------------


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
    reason: str = ""
    text: StoredText | None = None
    # given by _chain
    number: int = 0
    chain_index: int = 0
    prev_hash: str = ""
    hash: str = ""


def _check_entries(
    chart: Chart,
    periods: PeriodCache,
    entries: Sequence[EntryInput],
    reverses: Sequence[int | None] | None = None,
    reasons: Sequence[str] | None = None,
) -> list[_Draft]:
    """Check each entry (``rules``: lines, accounts, description, its month open); nothing is written."""
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
        drafts.append(_Draft(0, journal_id, period_id, ym.year, entry.entry_date, description,
                             entry.reference.strip(), reverses[i] if reverses else None, lines,
                             reasons[i] if reasons else "", entry.text))
    return drafts


def _chain(c: DriverCursor, actor: Actor, chart: Chart, drafts: list[_Draft], now: dt.datetime) -> None:
    """Number (gapless per journal and fiscal year) and chain (SHA-256, per journal) the drafts.

    Lock order: journals by id, then their year counters: two workstations never deadlock. A
    counter is created, locked and advanced by one upsert (``... RETURNING last_number``).
    """
    by_journal: dict[int, list[_Draft]] = defaultdict(list)
    for d in drafts:
        by_journal[d.journal_id].append(d)
    rev_ids = [d.reverses_id for d in drafts if d.reverses_id]
    reverses_hash: dict[int, str] = {}
    if rev_ids:
        reverses_hash = {int(id_): h or "" for id_, h in c.rows(
            f"SELECT id, hash FROM entries WHERE id IN ({c.marks(len(rev_ids))})", rev_ids)}
    posted_by_json, posted_at_iso = chain.json_str(actor.username), chain.posted_at_text(now)
    codes: dict[int, str] = {}

    def code_json(account_id: int) -> str:
        codes[account_id] = chain.json_str(chart.account_codes[account_id])
        return codes[account_id]

    for journal_id in sorted(by_journal):
        group = by_journal[journal_id]
        length, head = c.run("SELECT chain_length, chain_head FROM journals WHERE id = ?" + c.for_update(),
                             (journal_id,)).fetchone()
        length, head = int(length), str(head)
        years = Counter(d.fiscal_year for d in group)
        counters: dict[int, int] = {}
        for year in sorted(years):
            last = c.advance("journal_sequences", {"journal_id": journal_id, "fiscal_year": year}, years[year])
            counters[year] = last - years[year]
        journal_json = chain.json_str(chart.journal_codes[journal_id])
        for d in group:
            counters[d.fiscal_year] += 1
            length += 1
            d.number, d.chain_index, d.prev_hash = counters[d.fiscal_year], length, head
            # chain.canonical's text, from the parts quoted once per batch (codes, user, time)
            lines_text = ",".join([
                chain.line_text(x.line_no, codes.get(x.account_id) or code_json(x.account_id), x.debit, x.credit,
                                x.party_type, x.party_id, x.memo) for x in d.lines])
            content = chain.canonical_text(
                journal_json=journal_json, fiscal_year=d.fiscal_year, number=d.number, chain_index=length,
                date_iso=d.entry_date.isoformat(), description=d.description, reference=d.reference,
                reverses_hash=reverses_hash.get(d.reverses_id) if d.reverses_id else None,
                posted_by_json=posted_by_json, posted_at_iso=posted_at_iso, lines_text=lines_text,
            )
            d.hash = head = chain.link(head, content)
        c.run("UPDATE journals SET chain_length = ?, chain_head = ? WHERE id = ?", (length, head, journal_id))


_ENTRY_COLUMNS = ("journal_id", "period_id", "fiscal_year", "number", "entry_date", "description", "reference",
                  "status", "reverses_id", "reversal_reason", "created_by", "created_at", "posted_by", "posted_at",
                  "chain_index", "prev_hash", "hash")
_LINE_COLUMNS = ("entry_id", "line_no", "account_id", "debit", "credit", "party_type", "party_id", "memo")


# The ledger's tables a bulk posting (of at least _BULK entries) keeps the statistics of (PostgreSQL).
# The stored texts too: never analyzed, the journal's join on them was planned as a 43-row table (2.2 s).
_ANALYZED = ("entries", "entry_lines", "record_texts")
_BULK = 500
# PostgreSQL (posting_0002): deferred while a posting writes its lines before their entries
_LINES_ENTRY_FK = "fk_entry_lines_entry_id_entries"


def _fresh_statistics(c: DriverCursor) -> None:
    """PostgreSQL: ANALYZE the entries and lines once they have more than doubled in size since
    their statistics were taken.

    A connection keeps the plan of each line's foreign-key check from when it was first made: on a
    new branch, a scan of the whole (then small) entries table, run for every line from then on,
    until the table's statistics change and the plan is made again. Autovacuum (when it is on)
    comes a minute or more later; a bulk posting does it itself, about once each time the tables
    double in size (ANALYZE reads a sample; it blocks no writer). Called once a batch's entries
    are written and before its lines' foreign keys are checked, so the batch's own entries count."""
    if not c.postgres:
        return
    stale = [name for name, pages, size in c.rows(
        "SELECT n, c.relpages, pg_relation_size(c.oid) / current_setting('block_size')::int "
        "FROM unnest(?::text[]) n JOIN pg_class c ON c.oid = to_regclass(n)", (list(_ANALYZED),))
        if int(size) > 2 * max(int(pages), 8)]
    if stale:
        # SKIP_LOCKED: never wait for another posting's ANALYZE (its lock lasts to its commit)
        c.run(f"ANALYZE (SKIP_LOCKED) {', '.join(sorted(stale))}")


def _write(c: DriverCursor, actor: Actor, drafts: list[_Draft], now: dt.datetime) -> None:
    """Insert numbered and chained entries, their lines and stored texts, and post them.

    PostgreSQL (migration ``posting_0002``): the entries' ids come from the sequence first, their
    lines are written (the lines' foreign key deferred until the entries are there), then the
    entries, inserted posted: the database checks once for the whole statement that each has at
    least two lines and balances, and refuses any line added to a posted entry afterwards. SQLite
    (no deferrable foreign key here): inserted as drafts (0001's guard accepts no entry inserted
    posted), then their lines, then posted all at once by one UPDATE, whose guard checks each
    balances on its own lines."""
    stamp = c.stamp(now)
    status = (EntryStatus.POSTED if c.postgres else EntryStatus.DRAFT).value
    rows = [
        (d.journal_id, d.period_id, d.fiscal_year, d.number, c.day(d.entry_date), d.description, d.reference,
         status, d.reverses_id, d.reason, actor.id, stamp, actor.id, stamp, d.chain_index,
         d.prev_hash, d.hash)
        for d in drafts
    ]
    if c.postgres:  # ids first (one round trip), the lines, then the entries by COPY
        ids = [int(r[0]) for r in c.rows(
            "SELECT nextval(pg_get_serial_sequence('entries', 'id')) FROM generate_series(1, ?)", (len(rows),))]
        for d, id_ in zip(drafts, ids, strict=True):
            d.id = id_
        c.run(f"SET CONSTRAINTS {_LINES_ENTRY_FK} DEFERRED")
        c.insert("entry_lines", _LINE_COLUMNS, [(d.id, *x) for d in drafts for x in d.lines])
        c.insert("entries", ("id", *_ENTRY_COLUMNS), [(id_, *row) for id_, row in zip(ids, rows, strict=True)])
        if len(drafts) >= _BULK:
            _fresh_statistics(c)  # the entries just written count: their lines' checks find them by index
        c.run(f"SET CONSTRAINTS {_LINES_ENTRY_FK} IMMEDIATE")  # the lines' foreign-key checks, here
    else:  # SQLite: each insert gives its id (microseconds each, in the driver)
        insert = f"INSERT INTO entries ({', '.join(_ENTRY_COLUMNS)}) VALUES ({c.marks(len(_ENTRY_COLUMNS))}) RETURNING id"
        ids = [int(c.run(insert, row).fetchone()[0]) for row in rows]
        for d, id_ in zip(drafts, ids, strict=True):
            d.id = id_
        c.insert("entry_lines", _LINE_COLUMNS, [(d.id, *x) for d in drafts for x in d.lines])
    c.insert("record_texts", ("kind", "record_id", "msgid", "params"),
             [(ENTRY, d.id, d.text.msgid, d.text.encode_params()) for d in drafts if d.text is not None])
    if c.postgres:
        return
    done = 0
    for i in range(0, len(ids), 5000):
        chunk = ids[i : i + 5000]
        done += c.run(f"UPDATE entries SET status = 'posted' WHERE id IN ({c.marks(len(chunk))}) "
                      "AND status = 'draft'", chunk).rowcount
    assert done == len(ids), "entries just inserted as drafts must all be posted"


def _add_balances(c: DriverCursor, drafts: Iterable[_Draft]) -> None:
    """Add the lines to the running balances per account and period (one upsert per pair)."""
    balances: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for d in drafts:
        for x in d.lines:
            bal = balances[(x.account_id, d.period_id)]
            bal[0] += x.debit
            bal[1] += x.credit
    c.many(
        "INSERT INTO account_balances (account_id, period_id, debit, credit) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (account_id, period_id) DO UPDATE SET debit = account_balances.debit + excluded.debit, "
        "credit = account_balances.credit + excluded.credit",
        [(acc, pid, dr, cr) for (acc, pid), (dr, cr) in sorted(balances.items())],
    )


def _audit(c: DriverCursor, session: Session, actor: Actor, action: str, object_id: object, **details: object) -> None:
    """The audit row of a posting, written with the posting's own statements and sealed at commit."""
    v = audit_values(actor, action, "entry", object_id, **details)
    row = (c.stamp(v["at"]), v["user_id"], v["username"], v["action"], v["object_type"], v["object_id"], v["details"])
    audit_id = c.run("INSERT INTO audit_log (at, user_id, username, action, object_type, object_id, details) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", row).fetchone()[0]
    records.track(session, AUDIT_KIND, [int(audit_id)])


@contextmanager
def _collection_paused(bulk: bool) -> Iterator[None]:
    """A bulk posting makes tens of thousands of objects that live until its end (drafts, lines,
    rows), none in a cycle: the cyclic collector would walk every object of the process several
    times per batch (a quarter of the posting's own CPU time). Paused for the batch when
    automatic collection is on (command line, benchmarks); under the GUI it is off already
    (``gui.collector``) and stays as it is."""
    if not (bulk and gc.isenabled()):
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _post_new(
    session: Session,
    ctx: BranchContext,
    actor: Actor,
    entries: Sequence[EntryInput],
    reverses: Sequence[int | None] | None = None,
    reasons: Sequence[str] | None = None,
) -> tuple[Chart, list[_Draft], dt.datetime]:
    """Check, number, chain, write and post new entries in the caller's transaction."""
    session.flush()  # the caller's pending rows first, in the order they were made
    c = DriverCursor(session)
    chart, periods = _lookups(session, ctx, c, entries)
    with _collection_paused(len(entries) >= _BULK):
        drafts = _check_entries(chart, periods, entries, reverses, reasons)
        if not drafts:
            return chart, drafts, utcnow()
        now = utcnow()
        _chain(c, actor, chart, drafts, now)
        _write(c, actor, drafts, now)
        _add_balances(c, drafts)
    changes.announce(c.connection, _LEDGER_TABLES)
    return chart, drafts, now


# session.info: the chart and periods the postings of one batch share (:func:`shared_lookups`)
_SHARED = "ledger.shared_lookups"


@contextmanager
def shared_lookups(session: Session) -> Iterator[None]:
    """The postings of a batch (many department operations in one transaction) read the chart
    and their periods once, not once each. :func:`forget_lookups` after rolling back a savepoint:
    what was read or created inside it (an account, a period, a period's lock) may be gone."""
    session.info[_SHARED] = {}
    try:
        yield
    finally:
        session.info.pop(_SHARED, None)


def forget_lookups(session: Session) -> None:
    if _SHARED in session.info:
        session.info[_SHARED] = {}


def _lookups(session: Session, ctx: BranchContext, c: DriverCursor, entries: Sequence[EntryInput]
             ) -> tuple[Chart, PeriodCache]:
    shared = session.info.get(_SHARED)
    if shared is None:
        return Chart(session, c), PeriodCache(session, ctx, c)
    chart = shared.get("chart")
    if chart is None or any(e.journal_code not in chart.journals
                            or any(x.account_code.strip() not in chart.accounts for x in e.lines) for e in entries):
        chart = shared["chart"] = Chart(session, c)  # an account added since (a department adds its own)
    periods = shared.get("periods")
    if periods is None:
        periods = shared["periods"] = PeriodCache(session, ctx, c)
    periods.cursor = c
    return chart, periods


_LEDGER_TABLES = ("entries", "entry_lines", "account_balances", "record_texts", "audit_log")


def post_entry(ctx: BranchContext, actor: Actor, entry: EntryInput) -> EntryView:
    """Create and post an entry in one transaction; returns it as posted (built from what was
    written, without reading it back)."""
    require(actor, "ledger.post")
    with ctx.db.write() as s:
        chart, drafts, now = _post_new(s, ctx, actor, [entry])
        c = DriverCursor(s)
        _audit(c, s, actor, "ledger.post", drafts[0].id)
    d = drafts[0]
    return posted_view(
        ctx, id=d.id, journal_code=chart.journal_codes[d.journal_id], journal_names=chart.journal_names[d.journal_id],
        fiscal_year=d.fiscal_year, number=d.number, entry_date=d.entry_date, description=d.description,
        reference=d.reference, reverses_id=d.reverses_id, reversal_reason=d.reason, user=actor.username,
        posted_at=now, hash=d.hash, text=d.text,
        lines=[(x, chart.account_codes[x.account_id], chart.account_names[x.account_id]) for x in d.lines],
    )


def post_entry_in(
    session: Session, ctx: BranchContext, actor: Actor, entry: EntryInput, *, authorised_by: str = "ledger.post"
) -> int:
    """Post an entry inside a department's own transaction (a receipt, a cheque...); returns its id.

    ``authorised_by`` names the permission that entitles the user to this posting: a clerk posts
    a counter receipt on the authority of ``revenue.receipt``, not of ``ledger.post``.
    """
    require(actor, authorised_by)
    _chart, drafts, _now = _post_new(session, ctx, actor, [entry])
    _audit(DriverCursor(session), session, actor, "ledger.post", drafts[0].id)
    return drafts[0].id


def post_entries_in(session: Session, ctx: BranchContext, actor: Actor, entries: Sequence[EntryInput], *,
                    authorised_by: str = "ledger.post") -> list[int]:
    """Post a few entries inside a department's transaction in one pass (the chart read, the
    journal locked and numbered once), each audited as :func:`post_entry_in` audits it; their ids."""
    require(actor, authorised_by)
    _chart, drafts, _now = _post_new(session, ctx, actor, entries)
    c = DriverCursor(session)
    for d in drafts:
        _audit(c, session, actor, "ledger.post", d.id)
    return [d.id for d in drafts]


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
            total += post_many_in(s, ctx, actor, batch)
        batch.clear()

    with _collection_paused(True):  # the batches being gathered too
        for entry in entries:
            batch.append(entry)
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
    return total


def post_many_in(session: Session, ctx: BranchContext, actor: Actor, entries: Sequence[EntryInput],
                 *, authorised_by: str = "ledger.post") -> int:
    """Post many entries inside the caller's transaction (one audit row for them all)."""
    require(actor, authorised_by)
    _chart, drafts, _now = _post_new(session, ctx, actor, entries)
    if drafts:
        _audit(DriverCursor(session), session, actor, "ledger.post_batch", f"{drafts[0].id}..{drafts[-1].id}",
               count=len(drafts))
    return len(drafts)


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
        c = DriverCursor(s)
        chart = Chart(s, c)
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
        _pid, status, ym = PeriodCache(s, ctx, c).get(row.entry_date)
        rules.check_open(status, ym)
        d = _Draft(row.id, row.journal_id, row.period_id, row.fiscal_year, row.entry_date, row.description,
                   row.reference, row.reverses_id, lines)
        now = utcnow()
        _chain(c, actor, chart, [d], now)
        done = c.run(
            "UPDATE entries SET status = 'posted', number = ?, chain_index = ?, prev_hash = ?, hash = ?, "
            "posted_by = ?, posted_at = ? WHERE id = ? AND status = 'draft'",
            (d.number, d.chain_index, d.prev_hash, d.hash, actor.id, c.stamp(now), d.id),
        ).rowcount
        assert done == 1, "the draft was locked above"
        _add_balances(c, [d])
        changes.announce(c.connection, _LEDGER_TABLES)
        _audit(c, s, actor, "ledger.post", draft_id)
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
    chart = Chart(session)  # the original's account codes
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
    _chart, drafts, _now = _post_new(session, ctx, actor, [entry], reverses=[entry_id], reasons=[reason])
    _audit(DriverCursor(session), session, actor, "ledger.reverse", entry_id, reversal=drafts[0].id, reason=reason)
    return drafts[0].id
