"""Banking read functions for the manager's reports: which book entries a bank line is matched to,
the bank credits nothing in the books accounts for, and each account's reconciliation status by
month. Read only; every function checks ``banking.view``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, bindparam, func, select

from branch_desktop.accounting.banking.models import (
    BankAccount,
    CounterpartyLink,
    MatchItem,
    ReconciliationLock,
    StatementLine,
)
from branch_desktop.accounting.banking.rules import counterparty_key
from branch_desktop.accounting.banking.states import LockStatus
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ledger.models import EntryLine
from branch_desktop.core.security import Actor, require

REVENUE_ROLE = "revenue_bank"


def matched_amounts(ctx: BranchContext, actor: Actor, entry_ids: Sequence[int]) -> dict[int, int]:
    """entry id -> the debit of its bank-account lines that a statement line is matched to."""
    require(actor, "banking.view")
    ids = sorted(set(entry_ids))
    out: dict[int, int] = {}
    # one statement for every chunk: the ids are an expanding parameter, not 900 literals built each time
    query = (select(EntryLine.entry_id, func.sum(EntryLine.debit))
             .join(BankAccount, BankAccount.ledger_account_id == EntryLine.account_id)
             .join(MatchItem, MatchItem.entry_line_id == EntryLine.id)
             .where(EntryLine.entry_id.in_(bindparam("ids", expanding=True)), EntryLine.debit > 0)
             .group_by(EntryLine.entry_id))
    with ctx.db.read() as s:
        conn = s.connection()  # core rows (a month's receipts: 100,000 entries)
        chunk = _id_chunk(conn.dialect.name)
        for i in range(0, len(ids), chunk):
            out.update((e, int(v)) for e, v in conn.execute(query, {"ids": ids[i:i + chunk]}).all())
    return out


def matched_debit_of(actor: Actor) -> Callable[[ColumnElement[Any]], ScalarSelect[Any]]:
    """:func:`matched_amounts` as a column of another department's statement (checks
    ``banking.view``): ``column(entry_id)`` is the debit of the entry's bank-account lines that a
    statement line is matched to (NULL when none), read in the same statement as the rows it
    stands beside (a month's 100,000 receipts: no list of ids sent back to the database)."""
    require(actor, "banking.view")
    return matched_debit


def matched_debit(entry_id: ColumnElement[Any]) -> ScalarSelect[Any]:
    return (select(func.sum(EntryLine.debit))
            .join(BankAccount, BankAccount.ledger_account_id == EntryLine.account_id)
            .join(MatchItem, MatchItem.entry_line_id == EntryLine.id)
            .where(EntryLine.entry_id == entry_id, EntryLine.debit > 0).scalar_subquery())


def _id_chunk(dialect: str) -> int:
    """Ids per statement: SQLite before 3.32 takes 999 parameters, later 32,766; PostgreSQL 65,535
    (fewer statements: each costs its round trip and its rendering)."""
    if dialect == "sqlite":
        import sqlite3

        return 10_000 if sqlite3.sqlite_version_info >= (3, 32) else 900
    return 10_000


@dataclass(frozen=True)
class BankCredit:
    line_id: int
    account_code: str
    booking_date: dt.date
    amount: int
    counterparty: str
    reference: str
    description: str
    employer_id: int | None  # named by a learned counterparty link or by the employer's file no / id


EmployerKeys = Callable[[Collection[str] | None], Sequence[tuple[int, str, str]]]
_WORDS_AT_MOST = 2_000  # a lines' words asked for by name; beyond, every employer's keys are read


def unmatched_credits(ctx: BranchContext, actor: Actor, start: dt.date, end: dt.date,
                      employers: Sequence[tuple[int, str, str]] | EmployerKeys = ()) -> list[BankCredit]:
    """Money in on the revenue bank accounts, booked ``start``..``end``, matched to nothing in the
    books. ``employers`` (id, file no, national id; or a function returning them, called only when
    there are such lines, with the lines' upper-case words: it may return only the employers a word
    can name, or with None every employer) name the payer when a line's reference or text carries
    one of them; a counterparty the reconciliation learned names it first."""
    require(actor, "banking.view")
    with ctx.db.read() as s:
        links: dict[str, int] = {}
        for key, pid in s.execute(select(CounterpartyLink.counterparty_key, CounterpartyLink.party_id)
                                  .where(CounterpartyLink.party_type == "employer")
                                  .order_by(CounterpartyLink.confirmations)):
            links[key] = pid
        rows = s.execute(
            select(StatementLine.id, BankAccount.code, StatementLine.booking_date, StatementLine.amount,
                   StatementLine.counterparty, StatementLine.reference, StatementLine.description)
            .join(BankAccount, BankAccount.id == StatementLine.bank_account_id)
            .outerjoin(MatchItem, MatchItem.statement_line_id == StatementLine.id)
            .where(BankAccount.role == REVENUE_ROLE, StatementLine.amount > 0, MatchItem.id.is_(None),
                   StatementLine.booking_date.between(start, end))
            .order_by(StatementLine.booking_date, StatementLine.id)).all()
    keys: dict[str, int] = {}
    if rows:
        if callable(employers):
            words = {w.strip(".-/") for *_r, ref, text in rows for w in _TOKEN.findall(f"{ref} {text}".upper())}
            words.discard("")
            employers = employers(words if len(words) <= _WORDS_AT_MOST else None)
        for e, file_no, nid in employers:
            for key in (file_no, nid):
                if key:
                    keys.setdefault(key.upper(), e)
    out = []
    for lid, code, day, amount, party, ref, text in rows:
        employer = links.get(counterparty_key(party)) if party else None
        if employer is None:
            employer = _named(f"{ref} {text}", keys)
        out.append(BankCredit(lid, code, day, int(amount), party, ref, text, employer))
    return out


_TOKEN = re.compile(r"[\w.\-/]+")


def _named(text: str, keys: dict[str, int]) -> int | None:
    """The employer whose file number or national id is a word of ``text`` (upper-cased keys)."""
    for token in _TOKEN.findall(text.upper()):
        found = keys.get(token.strip(".-/"))
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class AccountMonth:
    code: str
    name: str
    lines: int  # statement lines booked in the month
    unmatched: int  # of which matched to nothing
    locked: bool  # reconciled to a zero difference and locked


def reconciliation_status(ctx: BranchContext, actor: Actor, ym: YearMonth) -> list[AccountMonth]:
    """Each active bank account's month: statement lines, how many are unmatched, locked or not."""
    require(actor, "banking.view")
    start, end = ctx.pack.calendar.month_bounds(ym)
    with ctx.db.read() as s:
        accounts = s.execute(select(BankAccount.id, BankAccount.code, BankAccount.name)
                             .where(BankAccount.active.is_(True)).order_by(BankAccount.code)).all()
        counts = {a: (int(n), int(u or 0)) for a, n, u in s.execute(
            select(StatementLine.bank_account_id, func.count(StatementLine.id), func.count(StatementLine.id)
                   .filter(MatchItem.id.is_(None)))
            .outerjoin(MatchItem, MatchItem.statement_line_id == StatementLine.id)
            .where(StatementLine.booking_date.between(start, end)).group_by(StatementLine.bank_account_id))}
        locked = {a for (a,) in s.execute(select(ReconciliationLock.bank_account_id).where(
            ReconciliationLock.year == ym.year, ReconciliationLock.month == ym.month,
            ReconciliationLock.status == LockStatus.LOCKED))}
    return [AccountMonth(code, name, *counts.get(a, (0, 0)), a in locked) for a, code, name in accounts]


def unreconciled_months(ctx: BranchContext, actor: Actor, months: Sequence[YearMonth]) -> list[tuple[str, YearMonth]]:
    """(account code, month) of the months given in which an account has statement lines and no
    lock. One transaction; each account's month is one probe of the (account, booking date) index,
    whatever the number of lines."""
    require(actor, "banking.view")
    cal = ctx.pack.calendar
    out = []
    with ctx.db.read() as s:
        accounts = s.execute(select(BankAccount.id, BankAccount.code)
                             .where(BankAccount.active.is_(True)).order_by(BankAccount.code)).all()
        for ym in months:
            start, end = cal.month_bounds(ym)
            locked = {a for (a,) in s.execute(select(ReconciliationLock.bank_account_id).where(
                ReconciliationLock.year == ym.year, ReconciliationLock.month == ym.month,
                ReconciliationLock.status == LockStatus.LOCKED))}
            for a, code in accounts:
                if a not in locked and s.scalar(select(StatementLine.id).where(
                        StatementLine.bank_account_id == a, StatementLine.booking_date.between(start, end)).limit(1)):
                    out.append((code, ym))
    return out
