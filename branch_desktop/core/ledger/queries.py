"""Read-side of the ledger: trial balance, account ledger, chart listing."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import NotFound
from branch_desktop.core.i18n import current_language
from branch_desktop.core.ledger import text_index
from branch_desktop.core.ledger.models import Account, Entry, EntryLine, FiscalPeriod, Journal
from branch_desktop.core.ledger.trial_balance import read_trial_balance
from branch_desktop.core.ledger.types import EntryStatus, TrialBalance
from branch_desktop.core.models import RecordText
from branch_desktop.core.money import DIGITS_TO_ASCII
from branch_desktop.core.record_texts import ENTRY, describe_entry, text_of
from branch_desktop.core.security import Actor, require
from branch_desktop.core.storage import DriverCursor
from branch_desktop.core.texts import entry_number, format_document_number


@dataclass(frozen=True)
class AccountNode:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    is_postable: bool
    active: bool


def _use_english(ctx: BranchContext) -> bool:
    return current_language() != ctx.pack.language


def list_accounts(ctx: BranchContext, actor: Actor) -> list[AccountNode]:
    require(actor, "ledger.view")
    en = _use_english(ctx)
    with ctx.db.read() as s:
        rows = s.execute(
            select(Account.id, Account.code, Account.name, Account.name_en, Account.kind, Account.parent_id,
                   Account.is_postable, Account.active).order_by(Account.code)
        ).all()
    return [AccountNode(r[0], r[1], (r[3] or r[2]) if en else r[2], r[4], r[5], r[6], r[7]) for r in rows]


def list_journals(ctx: BranchContext, actor: Actor) -> list[tuple[str, str]]:
    require(actor, "ledger.view")
    en = _use_english(ctx)
    with ctx.db.read() as s:
        rows = s.execute(select(Journal.code, Journal.name, Journal.name_en).order_by(Journal.id)).all()
    return [(r[0], (r[2] or r[1]) if en else r[1]) for r in rows]


def trial_balance(ctx: BranchContext, actor: Actor, period: YearMonth) -> TrialBalance:
    """Cumulative balances of every account up to the end of ``period``, with the period's movement
    (``trial_balance.read_trial_balance``, which the command line's fast path runs too)."""
    require(actor, "reports.view")
    with ctx.db.read() as s:
        return read_trial_balance(DriverCursor(s), ctx.pack, period, _use_english(ctx))


def _account_subtree(s: Any, code: str) -> list[int]:
    """The ids of the account ``code`` and of every account under it ([] when there is none)."""
    accounts = s.execute(select(Account.id, Account.code, Account.parent_id)).all()
    root = next((a[0] for a in accounts if a[1] == code.strip()), None)
    kids: dict[int | None, list[int]] = defaultdict(list)
    for a in accounts:
        kids[a[2]].append(a[0])
    ids, stack = [], [root] if root is not None else []
    while stack:
        cur = stack.pop()
        ids.append(cur)
        stack.extend(kids.get(cur, []))
    return ids


@dataclass(frozen=True)
class LedgerLine:
    entry_id: int
    entry_date: dt.date
    number: str
    description: str
    memo: str
    debit: int
    credit: int
    running: int


def account_ledger(
    ctx: BranchContext, actor: Actor, account_code: str, start: dt.date, end: dt.date, limit: int = 5000
) -> tuple[int, list[LedgerLine]]:
    """Opening balance at ``start`` and the posted lines of an account (and its sub-accounts) to ``end``."""
    require(actor, "ledger.view")
    with ctx.db.read() as s:
        ids = _account_subtree(s, account_code)
        if not ids:
            raise NotFound("There is no account {code}.", code=account_code)
        posted = Entry.status == EntryStatus.POSTED
        opening = s.scalar(
            select(func.coalesce(func.sum(EntryLine.debit - EntryLine.credit), 0))
            .join(Entry, Entry.id == EntryLine.entry_id)
            .where(EntryLine.account_id.in_(ids), posted, Entry.entry_date < start)
        ) or 0
        rows = s.execute(
            select(Entry.id, Entry.entry_date, Journal.code, Entry.fiscal_year, Entry.number, Entry.description,
                   EntryLine.memo, EntryLine.debit, EntryLine.credit, RecordText.msgid, RecordText.params)
            .join(Entry, Entry.id == EntryLine.entry_id)
            .join(Journal, Journal.id == Entry.journal_id)
            .outerjoin(RecordText, text_of(ENTRY, Entry.id))
            .where(EntryLine.account_id.in_(ids), posted, Entry.entry_date >= start, Entry.entry_date <= end)
            .order_by(Entry.entry_date, Entry.id, EntryLine.line_no)
            .limit(limit)
        ).all()
    running = int(opening)
    out = []
    for r in rows:
        running += r[7] - r[8]
        out.append(LedgerLine(r[0], r[1], format_document_number(entry_number(r[2], r[3], r[4] or 0)),
                              describe_entry(ctx, r[5], r[9], r[10]), r[6], r[7], r[8], running))
    return int(opening), out


# -- journal listing (lazy grids) -------------------------------------------------------------


@dataclass(frozen=True)
class JournalFilter:
    journal_code: str | None = None
    period: YearMonth | None = None
    account_code: str | None = None  # this account and its sub-accounts
    text: str | None = None  # in the entry's description or reference, or the line's memo
    include_drafts: bool = False


@dataclass(frozen=True)
class JournalRow:
    line_id: int
    entry_id: int
    number: str
    entry_date: dt.date
    journal_code: str
    description: str
    account_code: str
    account_name: str
    debit: int
    credit: int
    status: str
    reversed: bool
    line_no: int = 0


LINES_DRIVE_CAP = 20_000  # account lines counted at most when choosing which side reads first
_PAGE = 200  # the journal page's rows (for that choice)


@dataclass(frozen=True)
class _Plan:
    """How a filtered journal query reads: ``lines_first`` -- the account index ``(account_id,
    entry_id)`` drives (newest entry id first) and each line's entry is checked; otherwise the
    entries drive (by id, or by period ``(period_id, status, id)``) and each entry's lines are read
    by ``entry_id =`` on ``(entry_id, line_no)``."""

    accounts: list[int] | None
    period_id: int | None
    lo: int
    hi: int
    lines_first: bool


def _plan(ctx: BranchContext, s: Any, f: JournalFilter) -> _Plan:
    """Which side of the join reads first: the smaller of the filters' row sets. An account's lines
    in the period's id range are counted on the account index (index only, at most
    :data:`LINES_DRIVE_CAP`) against the period's entries (or every entry): on a branch whose
    period's ids are spread over the table (back-dated or imported history) the id range alone
    says nothing. PostgreSQL chooses by itself (its statistics): no count there."""
    accounts = (_account_subtree(s, f.account_code) or [-1]) if f.account_code else None
    pid, lo, hi = None, 0, 0
    if f.period:
        start, _end = ctx.pack.calendar.month_bounds(f.period)
        pid = s.scalar(select(FiscalPeriod.id).where(FiscalPeriod.start_date == start)) or -1
        lo, hi = s.execute(select(func.min(Entry.id), func.max(Entry.id)).where(Entry.period_id == pid)).one()
        if lo is None:
            lo = hi = -1
    lines_first = False
    if accounts is not None:
        if pid is None and len(accounts) == 1:
            lines_first = True  # one account's index is in the page's order: a page reads a page
        elif s.get_bind().dialect.name == "sqlite":  # PostgreSQL's planner weighs them from its statistics
            in_range = select(EntryLine.id).where(EntryLine.account_id.in_(accounts))
            entries = select(Entry.id)
            if pid is not None:
                in_range = in_range.where(EntryLine.entry_id.between(lo, hi))
                entries = entries.where(Entry.period_id == pid)
            n_lines = int(s.scalar(select(func.count()).select_from(in_range.limit(LINES_DRIVE_CAP).subquery())) or 0)
            if pid is not None:  # the period's entries, each with its lines, against the sorted account lines
                n_entries = s.scalar(select(func.count()).select_from(entries.limit(LINES_DRIVE_CAP).subquery()))
                lines_first = n_lines < int(n_entries or 0)
            else:  # the entries newest first stop at a page: about a page / the accounts' share of the lines
                n_entries = s.scalar(select(func.max(Entry.id)))
                lines_first = n_lines * n_lines < _PAGE * int(n_entries or 0)
    return _Plan(accounts, pid, int(lo), int(hi), lines_first)


def _filtered_line_query(ctx: BranchContext, s: Any, f: JournalFilter, *columns: Any,
                         plan: _Plan | None = None) -> Any:
    """The lines matching ``f`` (``columns``, default the line id). Every filter narrows an index
    (see :class:`_Plan` for which side reads first): the journal ``(journal_id, id)``, the period
    ``(period_id, status, id)``, the account ``(account_id, entry_id)`` with the period's id range
    when its lines read first; on SQLite, when the entries read first, the join is
    ``entry_id = +entries.id`` so that the planner does not carry an entry-id range over to the
    account index (a range scan per entry) and reads each entry's lines by equality;
    a text is looked up in the text index (``text_index``) then matched entry by entry (``EXISTS`` on
    the stored texts' key), newest first, so a first page stops as soon as it is full."""
    plan = plan or _plan(ctx, s, f)
    sqlite = s.get_bind().dialect.name == "sqlite"
    on = (EntryLine.entry_id == Entry.id + 0) if sqlite and not plan.lines_first else (
        Entry.id == EntryLine.entry_id)
    stmt = select(*(columns or (EntryLine.id,))).select_from(EntryLine).join(Entry, on)
    if not f.include_drafts:
        stmt = stmt.where(Entry.status == EntryStatus.POSTED)
    if f.journal_code:
        jid = s.scalar(select(Journal.id).where(Journal.code == f.journal_code))
        stmt = stmt.where(Entry.journal_id == (jid or -1))
    if plan.period_id is not None:
        stmt = stmt.where(Entry.period_id == plan.period_id)
        if plan.lines_first or not sqlite:
            stmt = stmt.where(EntryLine.entry_id.between(plan.lo, plan.hi))
    if plan.accounts is not None:
        stmt = stmt.where(EntryLine.account_id.in_(plan.accounts))
    if f.text and f.text.strip():
        needle = f.text.strip()
        pattern = f"%{needle}%"
        # The text index names the entries worth checking (a rare text: a few), when it can.
        candidates = text_index.candidate_entries(s, needle)
        if candidates is not None:
            stmt = stmt.where(Entry.id.in_(candidates), EntryLine.entry_id.in_(candidates))
        # The stored text's parameters (file and cheque numbers, names...) are searched too.
        found = RecordText.__table__.alias("found")
        in_texts = (select(found.c.record_id)
                    .where(found.c.kind == ENTRY, found.c.record_id == Entry.id, found.c.params.ilike(pattern))
                    .exists())
        stmt = stmt.where(
            Entry.description.ilike(pattern) | Entry.reference.ilike(pattern) | EntryLine.memo.ilike(pattern)
            | in_texts
        )
    return stmt


def journal_line_ids(ctx: BranchContext, actor: Actor, f: JournalFilter) -> list[int]:
    """Ids of every journal line matching a filter, newest entry first; filtering happens in SQL.

    Reads them all: the journal page reads pages of rows instead (:func:`journal_page`).
    """
    require(actor, "ledger.view")
    with ctx.db.read() as s:
        stmt = _filtered_line_query(ctx, s, f).order_by(EntryLine.entry_id.desc(), EntryLine.line_no)
        return list(s.scalars(stmt))


def _row_columns() -> tuple[Any, ...]:
    reversal = Entry.__table__.alias("rev")
    return (EntryLine.id, Entry.id, Journal.code, Entry.fiscal_year, Entry.number, Entry.entry_date,
            Entry.description, Account.code, Account.name, Account.name_en, EntryLine.debit,
            EntryLine.credit, Entry.status, reversal.c.id, RecordText.msgid, RecordText.params, EntryLine.line_no)


def _with_row_joins(stmt: Any, columns: tuple[Any, ...]) -> Any:
    reversal = columns[13].table
    return (stmt.join(Journal, Journal.id == Entry.journal_id)
            .join(Account, Account.id == EntryLine.account_id)
            .join(reversal, reversal.c.reverses_id == Entry.id, isouter=True)
            .outerjoin(RecordText, text_of(ENTRY, Entry.id)))


def _journal_row(ctx: BranchContext, r: Any, en: bool) -> JournalRow:
    return JournalRow(r[0], r[1], format_document_number(entry_number(r[2], r[3], r[4])) if r[4] else "", r[5],
                      r[2], describe_entry(ctx, r[6], r[14], r[15]), r[7],
                      (r[9] or r[8]) if en else r[8], r[10], r[11], r[12], r[13] is not None, r[16])


def journal_rows(ctx: BranchContext, actor: Actor, line_ids: list[int]) -> list[JournalRow]:
    """The rows of some journal lines, in the order of ``line_ids``."""
    require(actor, "ledger.view")
    if not line_ids:
        return []
    en = _use_english(ctx)
    columns = _row_columns()
    with ctx.db.read() as s:
        stmt = select(*columns).select_from(EntryLine).join(Entry, Entry.id == EntryLine.entry_id)
        rows = s.execute(_with_row_joins(stmt, columns).where(EntryLine.id.in_(line_ids))).all()
    by_id = {r[0]: _journal_row(ctx, r, en) for r in rows}
    return [by_id[i] for i in line_ids if i in by_id]


@dataclass(frozen=True)
class JournalKey:
    """Where a page of the journal ends: the order is newest entry first, then line by line."""

    entry_id: int
    line_no: int


@dataclass(frozen=True)
class JournalSlice:
    rows: tuple[JournalRow, ...]
    next: JournalKey | None  # None: the list ends here


def journal_page(ctx: BranchContext, actor: Actor, f: JournalFilter, after: JournalKey | None = None,
                 limit: int = 200) -> JournalSlice:
    """Up to ``limit`` journal lines matching ``f`` after ``after`` (keyset paging: newest entry
    first, each entry's lines in order; the key ``(entry id, line number)`` is unique, so the order
    is stable whatever the dates). A page costs the same on the first screen or the thousandth:
    no offset, no count (:func:`journal_count` counts, when asked)."""
    require(actor, "ledger.view")
    en = _use_english(ctx)
    columns = _row_columns()
    with ctx.db.read() as s:
        plan = _plan(ctx, s, f)
        stmt = _filtered_line_query(ctx, s, f, *columns, plan=plan)
        # the key and the order are named on the side that reads first
        newest = EntryLine.entry_id if plan.lines_first else Entry.id
        if after is not None:
            stmt = stmt.where(newest <= after.entry_id,
                              (newest < after.entry_id) | (EntryLine.line_no > after.line_no))
            if s.get_bind().dialect.name != "sqlite":  # PostgreSQL does not carry a range over a join
                stmt = stmt.where((Entry.id if plan.lines_first else EntryLine.entry_id) <= after.entry_id)
        window = _short_text_window(s, f, after)
        if window is not None and s.get_bind().dialect.name == "sqlite":
            # the window's matching entries first, then their rows: given the range, SQLite's planner reads
            # the window's lines by their entry index and sorts every match before the page is cut
            ids = list(s.scalars(_filtered_line_query(ctx, s, f, EntryLine.entry_id, plan=plan).where(
                Entry.id.between(*window)).distinct()))
            stmt = stmt.where(Entry.id.in_(ids or [-1]), EntryLine.entry_id.in_(ids or [-1]))
        elif window is not None:  # PostgreSQL reads the entries newest first within the range, and stops
            stmt = stmt.where(Entry.id.between(*window))
        stmt = _with_row_joins(stmt, columns).order_by(newest.desc(), EntryLine.line_no).limit(limit + 1)
        rows = s.execute(stmt).all()
    page = tuple(_journal_row(ctx, r, en) for r in rows[:limit])
    if len(rows) > limit and page:
        return JournalSlice(page, JournalKey(page[-1].entry_id, page[-1].line_no))
    # a short text's window read to its end without filling the page: the next page reads the one below
    return JournalSlice(page, JournalKey(window[0], _BELOW) if window is not None and window[0] > 1 else None)


SHORT_TEXT_WINDOW = 5_000  # entries a page of a text without a trigram reads at most (~15,000 lines)
_BELOW = 1 << 30  # a key's line number after every line: the next page starts at the entry below


def _short_text_window(s: Any, f: JournalFilter, after: JournalKey | None) -> tuple[int, int] | None:
    """A text the index cannot serve (shorter than three characters between wildcards) is matched line
    by line, newest first; a rare one would read every line before a page is full. A page reads the
    entries of one window instead (:data:`SHORT_TEXT_WINDOW` ids down from the key; a page that finds
    nothing there says where to go on): the lowest and highest entry id it reads, or None (not such a
    text: no window)."""
    if not (f.text and f.text.strip()) or len(text_index.searchable_run(f.text.strip())) >= 3:
        return None
    top = int((after.entry_id if after is not None else s.scalar(select(func.max(Entry.id)))) or 0)
    return max(top - SHORT_TEXT_WINDOW + 1, 1), top


def journal_count(ctx: BranchContext, actor: Actor, f: JournalFilter) -> int:
    """How many journal lines match ``f`` (run apart from the pages: it reads every match)."""
    require(actor, "ledger.view")
    with ctx.db.read() as s:
        return int(s.scalar(_filtered_line_query(ctx, s, f, func.count(EntryLine.id))) or 0)


def posted_entry_count(ctx: BranchContext) -> int:
    """How many entries are posted (from the journals' chain heads: no scan)."""
    with ctx.db.read() as s:
        return int(s.scalar(select(func.coalesce(func.sum(Journal.chain_length), 0))) or 0)


@dataclass(frozen=True)
class EntryMatch:
    """An entry found by :func:`search_entries`."""

    id: int
    number: str  # JOURNAL-YEAR-NNNNNN, empty for a draft
    entry_date: dt.date
    description: str
    reference: str
    status: str


def search_entries(ctx: BranchContext, actor: Actor, text: str, limit: int = 10) -> list[EntryMatch]:
    """Entries whose number is ``text`` (``JOURNAL-YEAR-NNNNNN``, ``YEAR-NNNNNN`` or the number in
    any journal and year, newest first), then those whose reference is ``text``. Index look-ups only."""
    require(actor, "ledger.view")
    plain = text.strip().translate(DIGITS_TO_ASCII)
    parts = [p.strip() for p in plain.replace("/", "-").split("-") if p.strip()]
    if not parts:
        return []
    cols = (Entry.id, Journal.code, Entry.fiscal_year, Entry.number, Entry.entry_date, Entry.description,
            Entry.reference, Entry.status)
    base = select(*cols).join(Journal, Journal.id == Entry.journal_id)
    rows: list[Any] = []
    with ctx.db.read() as s:
        if parts[-1].isdigit() and len(parts) <= 3:
            # every (journal, year) pair is probed on the entries' unique (journal, year, number)
            # index: a number alone does not scan the entries
            stmt = base.where(Entry.number == int(parts[-1]))
            rest = parts[:-1]
            if rest and rest[-1].isdigit():
                stmt = stmt.where(Entry.fiscal_year == int(rest.pop()))
            else:
                stmt = stmt.where(Entry.fiscal_year.in_(select(FiscalPeriod.year).distinct()))
            if rest:
                stmt = stmt.where(Journal.code == rest[0].upper())
            stmt = stmt.where(Entry.journal_id.in_(select(Journal.id)))
            if len(rest) <= 1:
                rows += s.execute(stmt.order_by(Entry.fiscal_year.desc(), Journal.code).limit(limit)).all()
        if len(rows) < limit:
            seen = {r[0] for r in rows}
            by_reference = base.where(Entry.reference == plain).order_by(Entry.id.desc()).limit(limit)
            rows += [r for r in s.execute(by_reference) if r[0] not in seen]
    return [EntryMatch(r[0], f"{r[1]}-{r[2]}-{r[3]:06d}" if r[3] else "", r[4], r[5], r[6], r[7])
            for r in rows[:limit]]
