"""A bank account's month: the book items and statement lines up to its end, what is matched,
the figures of the reconciliation report, locking a reconciled month and reopening it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from branch_desktop.accounting.banking import rules
from branch_desktop.accounting.banking.exceptions import (
    AlreadyLocked,
    LaterMonthLocked,
    NoStatement,
    NotLocked,
    ReconciliationMismatch,
    ReopenReasonMissing,
    UnaccountedLines,
)
from branch_desktop.accounting.banking.models import (
    BankAccount,
    CounterpartyLink,
    MatchGroup,
    MatchItem,
    OpenItem,
    OpenTotal,
    ReconciliationLock,
    Statement,
    StatementLine,
)
from branch_desktop.accounting.banking.rules import ReconciliationFigures
from branch_desktop.accounting.banking.services.common import (
    account_row,
    bank_view,
    is_locked,
    month_bounds,
    month_lock,
)
from branch_desktop.accounting.banking.states import LockStatus
from branch_desktop.accounting.banking.types import BookItemView, Reconciliation, StatementLineView
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ledger.models import AccountBalance, Entry, EntryLine, FiscalPeriod
from branch_desktop.core.ledger.types import EntryStatus
from branch_desktop.core.models import RecordText, User, utcnow
from branch_desktop.core.record_texts import ENTRY, describe_entry, text_of
from branch_desktop.core.records import set_state
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.texts import Month

BookKey = tuple[dt.date, int]  # where a page of book items ends: its day and line id
_BOOK_COLUMNS = (EntryLine.id, Entry.id, Entry.entry_date, EntryLine.debit, EntryLine.credit, Entry.reference,
                 Entry.description, Entry.reverses_id, Entry.number, Entry.fiscal_year, RecordText.msgid,
                 RecordText.params)


def book_rows(s: Session, acc: BankAccount, end: dt.date, ctx: BranchContext | None = None) -> list[BookItemView]:
    """Posted ledger lines on the bank's ledger account up to ``end``, without reversed pairs.
    With ``ctx`` (for display) the descriptions are rendered in the reader's language; without,
    they are the entries' own texts (what the matching rules search for cheque numbers)."""
    rows = s.execute(
        select(*_BOOK_COLUMNS)
        .join(Entry, Entry.id == EntryLine.entry_id)
        .outerjoin(RecordText, text_of(ENTRY, Entry.id))
        .where(EntryLine.account_id == acc.ledger_account_id, Entry.status == EntryStatus.POSTED,
               Entry.entry_date <= end)
        .order_by(Entry.entry_date, EntryLine.id)
    ).all()
    reversed_ids = {r[7] for r in rows if r[7] is not None}
    entry_ids = {r[1] for r in rows}
    cancelled = {r[1] for r in rows if r[7] is not None and r[7] in entry_ids} | (reversed_ids & entry_ids)
    return [_book_item(r, ctx) for r in rows if r[1] not in cancelled]


def _in_pairs(s: Session, acc: BankAccount, end: dt.date) -> list[int]:
    """The entries of :func:`book_rows`'s reversed pairs, found from the few reversals (the index on
    ``reverses_id``: ``> 0`` is a range SQLite reads from it, where ``IS NOT NULL`` or a join with the
    reversed entries had it read every entry) rather than line by line."""
    reversals: dict[int, int] = {r[0]: r[1] for r in s.execute(  # the dates are compared here: a date index
        select(Entry.id, Entry.reverses_id, Entry.entry_date).where(  # would read every entry
            Entry.reverses_id > 0, Entry.status == EntryStatus.POSTED)) if r[1] is not None and r[2] <= end}
    pairs: list[tuple[int, int]] = []
    originals = sorted(set(reversals.values()))
    for part in (originals[i : i + 900] for i in range(0, len(originals), 900)):
        kept = set(s.scalars(select(Entry.id).where(Entry.id.in_(part), Entry.status == EntryStatus.POSTED,
                                                    Entry.entry_date <= end)))
        pairs += [(r, o) for r, o in reversals.items() if o in kept]
    ids = {i for pair in pairs for i in pair}
    here: set[int] = set()
    for chunk in (sorted(ids)[i : i + 900] for i in range(0, len(ids), 900)):
        here.update(s.scalars(select(EntryLine.entry_id).where(
            EntryLine.account_id == acc.ledger_account_id, EntryLine.entry_id.in_(chunk))))
    return sorted(i for pair in pairs if pair[0] in here and pair[1] in here for i in pair)


def _pair_lines(s: Session, acc: BankAccount, end: dt.date) -> dict[int, int]:
    """The account's lines of :func:`_in_pairs`'s entries: line id -> debit - credit (few)."""
    ids = _in_pairs(s, acc, end)
    out: dict[int, int] = {}
    for chunk in (ids[i : i + 900] for i in range(0, len(ids), 900)):
        out.update((r[0], r[1]) for r in s.execute(select(EntryLine.id, EntryLine.debit - EntryLine.credit).where(
            EntryLine.account_id == acc.ledger_account_id, EntryLine.entry_id.in_(chunk))))
    return out


def book_figures(s: Session, acc: BankAccount, end: dt.date) -> tuple[int, int, int, int]:
    """The book balance, outstanding cheques, deposits in transit and the number of book items not
    matched, from kept totals: the account's running balances and its open items' totals per period
    (migration ``banking_r4``) up to ``end`` (a month's end), less the lines of reversed pairs. The
    cost grows with the months, not the lines."""
    upto = and_(FiscalPeriod.id == AccountBalance.period_id, FiscalPeriod.end_date <= end)
    balance = s.scalar(select(func.coalesce(func.sum(AccountBalance.debit - AccountBalance.credit), 0))
                       .join(FiscalPeriod, upto).where(AccountBalance.account_id == acc.ledger_account_id))
    row = s.execute(select(func.coalesce(func.sum(OpenTotal.lines), 0), func.coalesce(func.sum(OpenTotal.outstanding), 0),
                           func.coalesce(func.sum(OpenTotal.transit), 0))
                    .join(FiscalPeriod, and_(FiscalPeriod.id == OpenTotal.period_id, FiscalPeriod.end_date <= end))
                    .where(OpenTotal.account_id == acc.ledger_account_id)).one()
    count, outstanding, transit = int(row[0]), int(row[1]), int(row[2])
    pairs = _pair_lines(s, acc, end)
    balance = int(balance or 0) - sum(pairs.values())
    if pairs:  # the reversed pairs' lines still open are no items
        for amount in s.scalars(select(OpenItem.amount).where(OpenItem.entry_line_id.in_(list(pairs)))):
            count -= 1
            outstanding -= -amount if amount < 0 else 0
            transit -= amount if amount >= 0 else 0
    return balance, outstanding, transit, count


def _open_lines(s: Session, acc: BankAccount, end: dt.date, *columns: Any) -> Any:
    """The open items of the account up to ``end`` without reversed pairs, in the page's order (day,
    line): ``columns``, by default the line id (from the index alone)."""
    stmt = select(*(columns or (OpenItem.entry_line_id,))).select_from(OpenItem).where(OpenItem.account_id == acc.ledger_account_id,
                                                OpenItem.entry_date <= end)
    pairs = list(_pair_lines(s, acc, end))
    if pairs:
        stmt = stmt.where(OpenItem.entry_line_id.not_in(pairs))
    return stmt.order_by(OpenItem.entry_date, OpenItem.entry_line_id)


def unmatched_book_page(ctx: BranchContext, actor: Actor, account_code: str, ym: YearMonth,
                        after: BookKey | None = None, limit: int = 200) -> tuple[list[BookItemView], BookKey | None]:
    """Up to ``limit`` book items of the month not matched, after ``after`` (keyset paging in the
    order of :func:`book_rows`: day, then line), and the key to continue from (None: no more)."""
    require(actor, "banking.view")
    _start, end = month_bounds(ctx, ym)
    with ctx.db.read() as s:
        acc, _code = account_row(s, account_code)
        # the page's lines first (from the open items' index), then their columns
        stmt = _open_lines(s, acc, end)
        if after is not None:
            stmt = stmt.where(OpenItem.entry_date >= after[0],
                              (OpenItem.entry_date > after[0]) | (OpenItem.entry_line_id > after[1]))
        ids = list(s.scalars(stmt.limit(limit + 1)))
        rows = _book_columns(s, ids[:limit])
    items = [_book_item(r, ctx) for r in rows]
    return items, ((items[-1].day, items[-1].id) if len(ids) > limit else None)


def _book_columns(s: Session, ids: Sequence[int]) -> list[Any]:
    """:data:`_BOOK_COLUMNS` of the lines ``ids`` in the order of :func:`book_rows`."""
    out: list[Any] = []
    for chunk in (ids[i : i + 900] for i in range(0, len(ids), 900)):
        out += s.execute(select(*_BOOK_COLUMNS).join(Entry, Entry.id == EntryLine.entry_id)
                         .outerjoin(RecordText, text_of(ENTRY, Entry.id)).where(EntryLine.id.in_(chunk))).all()
    return sorted(out, key=lambda r: (r[2], r[0]))


def _book_item(r: Any, ctx: BranchContext | None) -> BookItemView:
    return BookItemView(id=r[0], entry_id=r[1], day=r[2], amount=r[3] - r[4], reference=r[5] or "",
                        description=describe_entry(ctx, r[6] or "", r[10], r[11]) if ctx is not None else r[6] or "",
                        number=f"{r[9]}-{r[8]:06d}" if r[8] is not None else "")


def statement_rows(s: Session, acc: BankAccount, end: dt.date, unmatched: bool = False) -> list[StatementLineView]:
    """The account's statement lines booked up to ``end`` (``unmatched``: those no match holds)."""
    stmt = (select(StatementLine.id, StatementLine.booking_date, StatementLine.amount, StatementLine.reference,
                   StatementLine.counterparty, StatementLine.description, StatementLine.value_date,
                   StatementLine.bank_reference)
            .where(StatementLine.bank_account_id == acc.id, StatementLine.booking_date <= end))
    if unmatched:
        stmt = stmt.where(~select(MatchItem.id).where(MatchItem.statement_line_id == StatementLine.id).exists())
    rows = s.execute(stmt.order_by(StatementLine.booking_date, StatementLine.id)).all()
    return [StatementLineView(id=r[0], day=r[1], amount=r[2], reference=r[3] or r[7] or "", counterparty=r[4],
                              description=r[5], value_date=r[6]) for r in rows]


def matched_ids(s: Session, acc: BankAccount) -> tuple[set[int], set[int]]:
    """The statement lines and the ledger lines of the account that are in a match."""
    rows = s.execute(
        select(MatchItem.statement_line_id, MatchItem.entry_line_id)
        .join(MatchGroup, MatchGroup.id == MatchItem.group_id)
        .where(MatchGroup.bank_account_id == acc.id)
    ).all()
    return {r[0] for r in rows if r[0] is not None}, {r[1] for r in rows if r[1] is not None}


def _statement_balance(s: Session, acc: BankAccount, end: dt.date) -> tuple[int, int]:
    """The bank's balance at ``end`` (first statement's opening + lines to then) and the number
    of statements."""
    first = s.execute(
        select(Statement.opening).where(Statement.bank_account_id == acc.id)
        .order_by(Statement.end_date, Statement.id).limit(1)
    ).scalar()
    lines = s.scalar(
        select(func.coalesce(func.sum(StatementLine.amount), 0))
        .where(StatementLine.bank_account_id == acc.id, StatementLine.booking_date <= end)
    )
    count = s.scalar(select(func.count()).select_from(Statement).where(Statement.bank_account_id == acc.id,
                                                                         Statement.start_date <= end))
    return int(first or 0) + int(lines or 0), int(count or 0)


def load_month(ctx: BranchContext, s: Session, acc: BankAccount, ledger_code: str, ym: YearMonth,
               items: bool = True) -> Reconciliation:
    """The month's state; the figures are summed in SQL. ``items=False`` leaves out the book items
    not matched (a page reads them with :func:`unmatched_book_page`): only their number is given."""
    start, end = month_bounds(ctx, ym)
    book_balance, outstanding, transit, open_items = book_figures(s, acc, end)
    un_s = tuple(statement_rows(s, acc, end, unmatched=True))
    stmt_balance, count = _statement_balance(s, acc, end)
    figs = ReconciliationFigures(book_balance=book_balance, statement_balance=stmt_balance,
                                 outstanding_cheques=outstanding, deposits_in_transit=transit,
                                 other_items=sum(x.amount for x in un_s))
    un_b: tuple[BookItemView, ...] = ()
    if items:
        every = _open_lines(s, acc, end, *_BOOK_COLUMNS).join(EntryLine, EntryLine.id == OpenItem.entry_line_id).join(
            Entry, Entry.id == EntryLine.entry_id).outerjoin(RecordText, text_of(ENTRY, Entry.id))
        un_b = tuple(_book_item(r, ctx) for r in s.execute(every))
    groups = s.scalar(select(func.count()).select_from(MatchGroup).where(
        MatchGroup.bank_account_id == acc.id, MatchGroup.last_date >= start, MatchGroup.last_date <= end))
    lock = month_lock(s, acc, ym)
    locked = is_locked(lock)
    locker = s.scalar(select(User.username).where(User.id == lock.locked_by)) if locked and lock else ""
    return Reconciliation(account=bank_view(acc, ledger_code), period=ym, start=start, end=end, figures=figs,
                          unmatched_statement=un_s, unmatched_book=un_b, unmatched_book_count=open_items,
                          matched_groups=int(groups or 0), statements=count, locked=locked, locked_by=locker or "",
                          locked_at=lock.locked_at if locked and lock else None)


def reconciliation(ctx: BranchContext, actor: Actor, account_code: str, ym: YearMonth,
                   items: bool = True) -> Reconciliation:
    """The state of a bank account's month: figures, unmatched lines and items, lock (``items=False``:
    without the book items, see :func:`load_month`)."""
    require(actor, "banking.view")
    with ctx.db.read() as s:
        acc, ledger_code = account_row(s, account_code)
        return load_month(ctx, s, acc, ledger_code, ym, items)


def entry_parties(s: Session, entry_ids: Iterable[int]) -> dict[int, tuple[str, int]]:
    """The first party named on each entry (the employer of a receipt...)."""
    ids = list(entry_ids)
    found: dict[int, tuple[str, int]] = {}
    for i in range(0, len(ids), 900):
        for eid, ptype, pid in s.execute(
            select(EntryLine.entry_id, EntryLine.party_type, EntryLine.party_id)
            .where(EntryLine.entry_id.in_(ids[i : i + 900]), EntryLine.party_id.is_not(None))
            .order_by(EntryLine.entry_id, EntryLine.line_no)
        ):
            if eid not in found and ptype and pid is not None:
                found[eid] = (ptype, pid)
    return found


def learn(s: Session, acc: BankAccount, statement_ids: Sequence[int], entry_line_ids: Sequence[int]) -> None:
    """Remember which counterparty paid for which party (employer) from a confirmed match."""
    names = [n for n in s.scalars(select(StatementLine.counterparty).where(StatementLine.id.in_(statement_ids)))
             if n.strip()]
    if not names:
        return
    entry_ids = list(s.scalars(select(EntryLine.entry_id).where(EntryLine.id.in_(entry_line_ids))))
    parties = set(entry_parties(s, entry_ids).values())
    if len(parties) != 1:
        return
    ptype, pid = parties.pop()
    for name in set(names):
        key = rules.counterparty_key(name)
        link = s.scalar(select(CounterpartyLink).where(
            CounterpartyLink.counterparty_key == key, CounterpartyLink.party_type == ptype,
            CounterpartyLink.party_id == pid))
        if link is None:
            s.add(CounterpartyLink(counterparty_key=key, party_type=ptype, party_id=pid))
        else:
            link.confirmations += 1
            link.updated_at = utcnow()


def lock_month(ctx: BranchContext, actor: Actor, account_code: str, ym: YearMonth) -> Reconciliation:
    """Lock a reconciled month: the difference is zero and every statement line is accounted for."""
    require(actor, "banking.reconcile")
    with ctx.db.write() as s:
        acc, ledger_code = account_row(s, account_code, lock=True)
        state = load_month(ctx, s, acc, ledger_code, ym)
        if state.locked:
            raise AlreadyLocked(account=acc.code, period=Month(ym))
        if state.statements == 0:
            raise NoStatement(account=acc.code, period=Month(ym))
        if state.difference != 0:
            raise ReconciliationMismatch(account=acc.code, period=Month(ym),
                                         amount=ctx.pack.currency.plain(state.difference))
        if state.unmatched_statement:
            raise UnaccountedLines(count=len(state.unmatched_statement), account=acc.code)
        prev = month_lock(s, acc, ym)
        if prev is None:
            s.add(ReconciliationLock(bank_account_id=acc.id, year=ym.year, month=ym.month, status=LockStatus.LOCKED,
                                     book_balance=state.figures.book_balance,
                                     statement_balance=state.figures.statement_balance, locked_by=actor.id,
                                     locked_at=utcnow()))
        else:
            set_state(s, prev, actor.id, status=LockStatus.LOCKED, locked_by=actor.id, locked_at=utcnow(),
                      book_balance=state.figures.book_balance, statement_balance=state.figures.statement_balance)
        # The month's matches are now confirmed: learn their counterparty links.
        start, end = month_bounds(ctx, ym)
        for gid in s.scalars(select(MatchGroup.id).where(MatchGroup.bank_account_id == acc.id,
                                                         MatchGroup.last_date >= start, MatchGroup.last_date <= end,
                                                         MatchGroup.manual.is_(False))):
            pairs = s.execute(select(MatchItem.statement_line_id, MatchItem.entry_line_id)
                              .where(MatchItem.group_id == gid)).all()
            learn(s, acc, [p[0] for p in pairs if p[0]], [p[1] for p in pairs if p[1]])
        s.flush()
        audit(s, actor, "banking.lock", "bank_account", acc.code, period=str(ym))
        return load_month(ctx, s, acc, ledger_code, ym)


def reopen_month(ctx: BranchContext, actor: Actor, account_code: str, ym: YearMonth, reason: str) -> None:
    require(actor, "banking.reopen")
    if not reason.strip():
        raise ReopenReasonMissing()
    with ctx.db.write() as s:
        acc, _code = account_row(s, account_code, lock=True)
        lock = month_lock(s, acc, ym)
        if lock is None or not is_locked(lock):
            raise NotLocked(account=acc.code, period=Month(ym))
        later = s.scalar(select(func.count()).select_from(ReconciliationLock).where(
            ReconciliationLock.bank_account_id == acc.id, ReconciliationLock.status == LockStatus.LOCKED,
            (ReconciliationLock.year * 100 + ReconciliationLock.month) > ym.year * 100 + ym.month))
        if later:
            raise LaterMonthLocked(account=acc.code)
        set_state(s, lock, actor.id, status=LockStatus.REOPENED, reopened_by=actor.id, reopened_at=utcnow(),
                  reopen_reason=reason)
        audit(s, actor, "banking.reopen", "bank_account", acc.code, period=str(ym), reason=reason)
