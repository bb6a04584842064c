"""Ledger use cases: drafts, posting, reversal, periods. One transaction each, role-checked.

Posting (single or bulk) goes through :func:`_post_drafts`, which validates, numbers (gapless per
journal and fiscal year, from a counter row locked for the transaction), chains (SHA-256 over the
canonical content, per journal), marks the entries posted and adds the lines to the running
account balances, all in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Row, and_, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from branch_desktop.core import records
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import ConflictError, NotFound, PeriodClosed, ValidationError
from branch_desktop.core.i18n import N_, gettext
from branch_desktop.core.ledger import chain
from branch_desktop.core.ledger.models import (
    Account,
    AccountBalance,
    Entry,
    EntryLine,
    FiscalPeriod,
    Journal,
    JournalSequence,
)
from branch_desktop.core.ledger.types import (
    EntryInput,
    EntryStatus,
    EntryView,
    LineInput,
    LineView,
    PeriodStatus,
)
from branch_desktop.core.models import User, table_of, utcnow
from branch_desktop.core.record_texts import ENTRY, describe_entry, load_texts, save_texts
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.texts import (
    Month,
    StoredText,
    decode_params,
    entry_number,
    format_param,
    stored_text,
)

MAX_AMOUNT = 10**17  # minor units; keeps sums far inside 64 bits


# -- look-ups ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _AccountRef:
    id: int
    code: str
    postable: bool
    active: bool


class _Chart:
    """Accounts and journals of the transaction, loaded once."""

    def __init__(self, session: Session) -> None:
        self.accounts = {
            code: _AccountRef(id_, code, postable, active)
            for id_, code, postable, active in session.execute(
                select(Account.id, Account.code, Account.is_postable, Account.active)
            )
        }
        self.account_codes = {a.id: a.code for a in self.accounts.values()}
        self.journals = {code: id_ for id_, code in session.execute(select(Journal.id, Journal.code))}
        self.journal_codes = {v: k for k, v in self.journals.items()}

    def account(self, code: str) -> _AccountRef:
        acc = self.accounts.get(code.strip())
        if acc is None:
            raise ValidationError("There is no account {code}.", code=code)
        if not acc.postable:
            raise ValidationError("Account {code} is a heading; post to one of its sub-accounts.", code=code)
        if not acc.active:
            raise ValidationError("Account {code} is closed.", code=code)
        return acc

    def journal(self, code: str) -> int:
        try:
            return self.journals[code]
        except KeyError:
            raise ValidationError("There is no journal {code}.", code=code) from None


class _Periods:
    """Fiscal periods, created open on first use; caches per transaction."""

    def __init__(self, session: Session, ctx: BranchContext) -> None:
        self.session = session
        self.ctx = ctx
        self._cache: dict[YearMonth, tuple[int, str]] = {}

    def get(self, day: dt.date) -> tuple[int, str, YearMonth]:
        ym = self.ctx.pack.calendar.year_month(day)
        if ym not in self._cache:
            self._cache[ym] = ensure_period(self.session, self.ctx, ym)
        pid, status = self._cache[ym]
        return pid, status, ym


def ensure_period(session: Session, ctx: BranchContext, ym: YearMonth) -> tuple[int, str]:
    row = session.execute(
        select(FiscalPeriod.id, FiscalPeriod.status).where(
            FiscalPeriod.year == ym.year, FiscalPeriod.month == ym.month
        )
    ).first()
    if row is None:
        start, end = ctx.pack.calendar.month_bounds(ym)
        values = {"year": ym.year, "month": ym.month, "start_date": start, "end_date": end, "status": "open"}
        stmt = _dialect_insert(session, FiscalPeriod).values(**values).on_conflict_do_nothing()
        session.execute(stmt)
        row = session.execute(
            select(FiscalPeriod.id, FiscalPeriod.status).where(
                FiscalPeriod.year == ym.year, FiscalPeriod.month == ym.month
            )
        ).one()
        records.track(session, "ledger.period", [int(row[0])])
    return int(row[0]), str(row[1])


def _dialect_insert(session: Session, model: type) -> sqlite.Insert | postgresql.Insert:
    if session.get_bind().dialect.name == "sqlite":
        return sqlite.insert(model)
    return postgresql.insert(model)


# -- validation -------------------------------------------------------------------------------


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
    lines: list[tuple[int, int, int, int, str | None, int | None, str]]  # no, acc id, dr, cr, ptype, pid, memo


def _check_lines(lines: Sequence[LineInput]) -> None:
    if len(lines) < 2:
        raise ValidationError("An entry needs at least two lines.")
    debit = credit = 0
    for i, line in enumerate(lines, start=1):
        if not isinstance(line.debit, int) or not isinstance(line.credit, int):
            raise ValidationError("Line {line}: amounts are whole minor units.", line=i)
        if line.debit < 0 or line.credit < 0:
            raise ValidationError("Line {line}: an amount cannot be negative.", line=i)
        if (line.debit == 0) == (line.credit == 0):
            raise ValidationError("Line {line}: give either a debit or a credit.", line=i)
        if line.debit >= MAX_AMOUNT or line.credit >= MAX_AMOUNT:
            raise ValidationError("Line {line}: the amount is too large.", line=i)
        if (line.party_type is None) != (line.party_id is None):
            raise ValidationError("Line {line}: a party needs both its type and its id.", line=i)
        debit += line.debit
        credit += line.credit
    if debit != credit:
        raise ValidationError(
            "The entry does not balance: debits {debit}, credits {credit} (minor units).",
            debit=debit,
            credit=credit,
        )


def _open_or_refuse(status: str, ym: YearMonth) -> None:
    if status != PeriodStatus.OPEN:
        raise PeriodClosed(
            "The period {period} is closed; nothing can be posted into it. A manager can reopen it.",
            period=Month(ym),
        )


def _insert_drafts(
    session: Session,
    ctx: BranchContext,
    actor: Actor,
    chart: _Chart,
    periods: _Periods,
    entries: Sequence[EntryInput],
    reverses: Sequence[int | None] | None = None,
    reasons: Sequence[str] | None = None,
    require_open: bool = True,
) -> list[_Draft]:
    now = utcnow()
    rows = []
    drafts: list[_Draft] = []
    for i, entry in enumerate(entries):
        _check_lines(entry.lines)
        description = entry.plain_description
        if not description:
            raise ValidationError("An entry needs a description.")
        journal_id = chart.journal(entry.journal_code)
        period_id, status, ym = periods.get(entry.entry_date)
        if require_open:
            _open_or_refuse(status, ym)
        lines = [
            (
                n,
                chart.account(line.account_code).id,
                line.debit,
                line.credit,
                line.party_type,
                line.party_id,
                line.memo,
            )
            for n, line in enumerate(entry.lines, start=1)
        ]
        rev = reverses[i] if reverses else None
        drafts.append(
            _Draft(0, journal_id, period_id, ym.year, entry.entry_date, description,
                   entry.reference.strip(), rev, lines)
        )
        rows.append(
            {
                "journal_id": journal_id,
                "period_id": period_id,
                "fiscal_year": ym.year,
                "entry_date": entry.entry_date,
                "description": description,
                "reference": entry.reference.strip(),
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
    line_rows = []
    for draft, id_ in zip(drafts, ids, strict=True):
        draft.id = id_
        for n, acc, dr, cr, ptype, pid, memo in draft.lines:
            line_rows.append(
                {"entry_id": id_, "line_no": n, "account_id": acc, "debit": dr, "credit": cr,
                 "party_type": ptype, "party_id": pid, "memo": memo}
            )
    lines_t = table_of(EntryLine)
    # RETURNING makes SQLAlchemy send multi-row INSERTs ("insertmanyvalues"): far fewer statements,
    # and PostgreSQL's per-statement guard on entry_lines runs once per batch.
    session.execute(lines_t.insert().returning(lines_t.c.id), line_rows)
    return drafts


# -- posting ----------------------------------------------------------------------------------


def _post_drafts(session: Session, ctx: BranchContext, actor: Actor, chart: _Chart, drafts: list[_Draft]) -> None:
    """Number, chain and post drafts (already validated and inserted) in this transaction."""
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
        counters: dict[int, int] = {}
        for year in sorted({d.fiscal_year for d in by_journal[journal_id]}):
            session.execute(
                _dialect_insert(session, JournalSequence)
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
                lines=[(n, chart.account_codes[acc], dr, cr, pt, pi, memo) for n, acc, dr, cr, pt, pi, memo in d.lines],
            )
            digest = chain.link(head, content)
            updates.append(
                {"b_id": d.id, "number": number, "chain_index": length, "prev_hash": head, "hash": digest,
                 "posted_by": actor.id, "posted_at": now}
            )
            head = digest
            for _n, acc, dr, cr, _pt, _pi, _memo in d.lines:
                bal = balances[(acc, d.period_id)]
                bal[0] += dr
                bal[1] += cr
        session.execute(
            update(Journal).where(Journal.id == journal_id).values(chain_length=length, chain_head=head)
        )
        for year, last in counters.items():
            session.execute(
                update(JournalSequence)
                .where(JournalSequence.journal_id == journal_id, JournalSequence.fiscal_year == year)
                .values(last_number=last)
            )
    from sqlalchemy import bindparam

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


def _add_balances(session: Session, balances: dict[tuple[int, int], list[int]]) -> None:
    if not balances:
        return
    rows = [
        {"account_id": acc, "period_id": pid, "debit": dr, "credit": cr}
        for (acc, pid), (dr, cr) in sorted(balances.items())
    ]
    ins = _dialect_insert(session, AccountBalance)
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
        chart = _Chart(s)
        drafts = _insert_drafts(s, ctx, actor, chart, _Periods(s, ctx), [entry])
        _post_drafts(s, ctx, actor, chart, drafts)
        audit(s, actor, "ledger.post", "entry", drafts[0].id)
        entry_id = drafts[0].id
    return get_entry(ctx, actor, entry_id)


def post_entry_in(
    session: Session, ctx: BranchContext, actor: Actor, entry: EntryInput, *, authorised_by: str = "ledger.post"
) -> int:
    """Post an entry inside a department's own transaction (a receipt, a cheque...); returns its id.

    ``authorised_by`` names the permission that entitles the user to this posting: a clerk posts
    a counter receipt on the authority of ``revenue.receipt``, not of ``ledger.post``.
    """
    require(actor, authorised_by)
    chart = _Chart(session)
    drafts = _insert_drafts(session, ctx, actor, chart, _Periods(session, ctx), [entry])
    _post_drafts(session, ctx, actor, chart, drafts)
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
            chart = _Chart(s)
            drafts = _insert_drafts(s, ctx, actor, chart, _Periods(s, ctx), batch)
            _post_drafts(s, ctx, actor, chart, drafts)
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
        chart = _Chart(s)
        periods = _Periods(s, ctx)
        journal_id = chart.journal(entry.journal_code)
        period_id, _status, ym = periods.get(entry.entry_date)
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
            existing = s.get(Entry, draft_id, with_for_update=True)
            if existing is None:
                raise NotFound("There is no entry {id}.", id=draft_id)
            if existing.status != EntryStatus.DRAFT:
                raise ConflictError("Entry {id} is posted; correct it by a reversal.", id=draft_id)
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


def delete_draft(ctx: BranchContext, actor: Actor, draft_id: int) -> None:
    require(actor, "ledger.draft")
    with ctx.db.write() as s:
        row = s.get(Entry, draft_id, with_for_update=True)
        if row is None:
            raise NotFound("There is no entry {id}.", id=draft_id)
        if row.status != EntryStatus.DRAFT:
            raise ConflictError("Entry {id} is posted; correct it by a reversal.", id=draft_id)
        s.execute(delete(EntryLine).where(EntryLine.entry_id == draft_id))
        s.delete(row)
        audit(s, actor, "ledger.draft_delete", "entry", draft_id)


def post_draft(ctx: BranchContext, actor: Actor, draft_id: int) -> EntryView:
    require(actor, "ledger.post")
    with ctx.db.write() as s:
        chart = _Chart(s)
        row = s.get(Entry, draft_id, with_for_update=True)
        if row is None:
            raise NotFound("There is no entry {id}.", id=draft_id)
        if row.status != EntryStatus.DRAFT:
            raise ConflictError("Entry {id} is already posted.", id=draft_id)
        lines = s.execute(
            select(EntryLine.line_no, EntryLine.account_id, EntryLine.debit, EntryLine.credit,
                   EntryLine.party_type, EntryLine.party_id, EntryLine.memo)
            .where(EntryLine.entry_id == draft_id).order_by(EntryLine.line_no)
        ).all()
        inputs = [LineInput(chart.account_codes[r[1]], r[2], r[3], r[4], r[5], r[6]) for r in lines]
        _check_lines(inputs)
        for line in inputs:
            chart.account(line.account_code)
        _pid, status, ym = _Periods(s, ctx).get(row.entry_date)
        _open_or_refuse(status, ym)
        draft = _Draft(row.id, row.journal_id, row.period_id, row.fiscal_year, row.entry_date, row.description,
                       row.reference, row.reverses_id, [tuple(r) for r in lines])  # type: ignore[misc]
        _post_drafts(s, ctx, actor, chart, [draft])
        audit(s, actor, "ledger.post", "entry", draft_id)
    return get_entry(ctx, actor, draft_id)


# -- reversal ---------------------------------------------------------------------------------


def reverse(ctx: BranchContext, actor: Actor, entry_id: int, reason: str, on: dt.date | None = None) -> EntryView:
    """Post a reversal of a posted entry (lines swapped), linked to it. The original is untouched."""
    require(actor, "ledger.reverse")
    reason = reason.strip()
    if not reason:
        raise ValidationError("A reversal needs a reason.")
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
        raise NotFound("There is no entry {id}.", id=entry_id)
    if original.status != EntryStatus.POSTED:
        raise ConflictError("Entry {id} is a draft; delete or edit it instead.", id=entry_id)
    if original.reverses_id is not None:
        raise ConflictError("Entry {id} is itself a reversal; post a new entry instead.", id=entry_id)
    if session.scalar(select(Entry.id).where(Entry.reverses_id == entry_id)) is not None:
        raise ConflictError("Entry {id} has already been reversed.", id=entry_id)
    chart = _Chart(session)
    lines = session.execute(
        select(EntryLine.account_id, EntryLine.debit, EntryLine.credit, EntryLine.party_type,
               EntryLine.party_id, EntryLine.memo)
        .where(EntryLine.entry_id == entry_id).order_by(EntryLine.line_no)
    ).all()
    journal_code = chart.journal_codes[original.journal_id]
    doc = entry_number(journal_code, original.fiscal_year, original.number or 0)
    entry = EntryInput(
        journal_code=journal_code,
        entry_date=on or ctx.today(),
        description=f"{doc.canonical}: {reason}"[:500],
        reference=original.reference,
        lines=tuple(LineInput(chart.account_codes[a], cr, dr, pt, pi, memo) for a, dr, cr, pt, pi, memo in lines),
        text=text or stored_text("Reversal of {number}: {reason}", number=doc, reason=reason),
    )
    drafts = _insert_drafts(session, ctx, actor, chart, _Periods(session, ctx), [entry], reverses=[entry_id],
                            reasons=[reason])
    _post_drafts(session, ctx, actor, chart, drafts)
    audit(session, actor, "ledger.reverse", "entry", entry_id, reversal=drafts[0].id, reason=reason)
    return drafts[0].id


# -- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodView:
    year: int
    month: int
    start: dt.date
    end: dt.date
    status: PeriodStatus

    @property
    def ym(self) -> YearMonth:
        return YearMonth(self.year, self.month)


def list_periods(ctx: BranchContext, actor: Actor, year: int | None = None) -> list[PeriodView]:
    require(actor, "ledger.view")
    year = year or ctx.pack.calendar.fiscal_year(ctx.today())
    with ctx.db.write() as s:
        for m in range(1, 13):
            ensure_period(s, ctx, YearMonth(year, m))
    with ctx.db.read() as s:
        rows = s.execute(
            select(FiscalPeriod.year, FiscalPeriod.month, FiscalPeriod.start_date, FiscalPeriod.end_date,
                   FiscalPeriod.status).where(FiscalPeriod.year == year).order_by(FiscalPeriod.month)
        ).all()
    return [PeriodView(r[0], r[1], r[2], r[3], PeriodStatus(r[4])) for r in rows]


# Departments add month-end checks here: ``check(ctx, actor, ym) -> list of blocking sentences``
# (accounting: unreconciled bank accounts, old cheques in collection). Every way of closing a
# period (the Periods page, the CLI, accounting's month-end close) runs them.
CloseCheck = Callable[[BranchContext, Actor, YearMonth], list[str]]
CLOSE_CHECKS: list[CloseCheck] = []


DRAFTS_BLOCK = N_("The period {period} has {count} draft entries; post or delete them before closing.")


def register_close_check(check: CloseCheck) -> None:
    if check not in CLOSE_CHECKS:
        CLOSE_CHECKS.append(check)


def close_blockers(ctx: BranchContext, actor: Actor, ym: YearMonth) -> list[str]:
    """What the departments say keeps the month from closing (empty: nothing)."""
    return [item for check in CLOSE_CHECKS for item in check(ctx, actor, ym)]


def close_period(ctx: BranchContext, actor: Actor, ym: YearMonth) -> None:
    """Close a month: no posting dated in it is accepted until a manager reopens it.

    Drafts dated in the month block the close (post or delete them first), and so does anything
    a department's close check names.
    """
    require(actor, "period.close")
    with ctx.db.read() as s:
        row = s.execute(select(FiscalPeriod.id, FiscalPeriod.status).where(
            FiscalPeriod.year == ym.year, FiscalPeriod.month == ym.month)).first()
        drafts = row and s.scalar(
            select(func.count()).select_from(Entry).where(Entry.period_id == row[0], Entry.status == "draft"))
    if row is None or row[1] != PeriodStatus.CLOSED:
        blockers = close_blockers(ctx, actor, ym)
        if blockers:
            if drafts:
                blockers.insert(0, gettext(DRAFTS_BLOCK).format(period=format_param(Month(ym)), count=drafts))
            raise ValidationError("The month {period} cannot be closed:\n{items}", period=Month(ym),
                                  items="\n".join("- " + b for b in blockers))
    with ctx.db.write() as s:
        pid, status = ensure_period(s, ctx, ym)
        if status == PeriodStatus.CLOSED:
            raise ConflictError("The period {period} is already closed.", period=Month(ym))
        drafts = s.scalar(
            select(func.count()).select_from(Entry).where(Entry.period_id == pid, Entry.status == "draft")
        )
        if drafts:
            raise ValidationError(DRAFTS_BLOCK, period=str(ym), count=drafts)
        _set_period_state(s, actor, pid, status=PeriodStatus.CLOSED.value, closed_by=actor.id, closed_at=utcnow())
        audit(s, actor, "period.close", "period", str(ym))
    from branch_desktop.core.checkpoints import anchor

    anchor(ctx, actor, "month_close", str(ym))  # the month's chain heads, signed, kept outside the database


def reopen_period(ctx: BranchContext, actor: Actor, ym: YearMonth, reason: str) -> None:
    require(actor, "period.reopen")
    if not reason.strip():
        raise ValidationError("Reopening a period needs a reason.")
    with ctx.db.write() as s:
        pid, status = ensure_period(s, ctx, ym)
        if status != PeriodStatus.CLOSED:
            raise ConflictError("The period {period} is open.", period=str(ym))
        _set_period_state(s, actor, pid, status=PeriodStatus.OPEN.value, closed_by=None, closed_at=None)
        audit(s, actor, "period.reopen", "period", str(ym), reason=reason.strip())


def _set_period_state(s: Session, actor: Actor, pid: int, **new: object) -> None:
    """A period's close or reopen: a chained state event, then the row."""
    old = s.execute(select(FiscalPeriod.status, FiscalPeriod.closed_by, FiscalPeriod.closed_at)
                    .where(FiscalPeriod.id == pid)).one()._asdict()
    records.record_state(s, records.kind("ledger.period"), pid, old, new, actor.id)
    s.execute(update(FiscalPeriod).where(FiscalPeriod.id == pid).values(**new))


# -- reading ----------------------------------------------------------------------------------


def get_entry(ctx: BranchContext, actor: Actor, entry_id: int) -> EntryView:
    require(actor, "ledger.view")
    with ctx.db.read() as s:
        return load_entry_view(s, ctx, entry_id)


def load_entry_view(session: Session, ctx: BranchContext, entry_id: int) -> EntryView:
    lang_en = False
    from branch_desktop.core.i18n import current_language

    lang_en = current_language() != ctx.pack.language
    row = session.execute(
        select(Entry, Journal.code, Journal.name, Journal.name_en)
        .join(Journal, Journal.id == Entry.journal_id)
        .where(Entry.id == entry_id)
    ).first()
    if row is None:
        raise NotFound("There is no entry {id}.", id=entry_id)
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


def _line_view(r: Row, lang_en: bool) -> LineView:
    return LineView(r[0], r[1], (r[3] or r[2]) if lang_en else r[2], r[4], r[5], r[6], r[7], r[8])
