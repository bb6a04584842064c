"""The 10-day revenue balance and accounting's month-end close (its blockers are also the
ledger's close check, whoever closes the month)."""

from __future__ import annotations

import dataclasses
from contextlib import nullcontext

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branch_desktop.accounting.banking import rules
from branch_desktop.accounting.banking.models import BankAccount, StatementLine
from branch_desktop.accounting.banking.services.common import (
    account_row,
    bank_view,
    is_locked,
    month_bounds,
    month_lock,
)
from branch_desktop.accounting.banking.types import TenDayReport, TenDayRow
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.checkpoints import anchor
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger import services as ledger
from branch_desktop.core.ledger.models import Account, Entry, EntryLine
from branch_desktop.core.ledger.types import EntryStatus
from branch_desktop.core.security import Actor, require
from branch_desktop.core.texts import Month, format_param


def ten_day_balance(ctx: BranchContext, actor: Actor, account_code: str, ym: YearMonth, *, issue: bool = False
                    ) -> TenDayReport:
    """Balance and movements of a bank account's ledger account for days 1-10, 11-20 and 21-end.

    ``issue``: the report is printed for the file: a checkpoint of the chain heads is taken
    (``core.checkpoints``) and its digest printed on it."""
    require(actor, "banking.view")
    cal = ctx.pack.calendar
    first, last = cal.month_bounds(ym)
    spans = rules.ten_day_spans(first, last, cal.month_length(ym))
    with ctx.db.read() as s:
        acc, ledger_code = account_row(s, account_code)
        base = (select(func.coalesce(func.sum(EntryLine.debit), 0), func.coalesce(func.sum(EntryLine.credit), 0))
                .join(Entry, Entry.id == EntryLine.entry_id)
                .where(EntryLine.account_id == acc.ledger_account_id, Entry.status == EntryStatus.POSTED))
        d0, c0 = s.execute(base.where(Entry.entry_date < first)).one()
        opening = int(d0) - int(c0)
        rows = []
        for n, a, b in spans:
            d, c = s.execute(base.where(Entry.entry_date >= a, Entry.entry_date <= b)).one()
            row = TenDayRow(span=n, start=a, end=b, opening=opening, debit=int(d), credit=int(c))
            rows.append(row)
            opening = row.closing
        report = TenDayReport(account=bank_view(acc, ledger_code), period=ym, rows=tuple(rows))
    if issue:
        digest = anchor(ctx, actor, "ten_day", f"{account_code}:{ym}").digest
        report = dataclasses.replace(report, checkpoint=digest)
    return report


def month_end_blockers(ctx: BranchContext, actor: Actor, ym: YearMonth) -> list[str]:
    """What keeps accounting from closing the month (translated sentences; empty: nothing)."""
    require(actor, "banking.close")
    return _month_end_blockers(ctx, ym)


def month_end_close_check(ctx: BranchContext, actor: Actor, ym: YearMonth, *, session: Session) -> list[str]:
    """The ledger's close check: the same blockers, whoever closes (the permission to close a
    period is checked by the ledger)."""
    return _month_end_blockers(ctx, ym, session)


def _month_end_blockers(ctx: BranchContext, ym: YearMonth, session: Session | None = None) -> list[str]:
    start, end = month_bounds(ctx, ym)
    cal = ctx.pack.calendar
    currency = ctx.pack.currency
    blockers: list[str] = []
    with ctx.db.read() if session is None else nullcontext(session) as s:
        for acc in s.scalars(select(BankAccount).where(BankAccount.active.is_(True)).order_by(BankAccount.code)):
            active = s.scalar(select(func.count()).select_from(EntryLine).join(Entry, Entry.id == EntryLine.entry_id)
                              .where(EntryLine.account_id == acc.ledger_account_id, Entry.entry_date >= start,
                                     Entry.entry_date <= end)) or s.scalar(
                select(func.count()).select_from(StatementLine).where(
                    StatementLine.bank_account_id == acc.id, StatementLine.booking_date >= start,
                    StatementLine.booking_date <= end))
            if active and not is_locked(month_lock(s, acc, ym)):
                blockers.append(_("Bank account {code} is not reconciled for {period}.").format(
                    code=acc.code, period=format_param(Month(ym))))
        drafts = s.execute(select(Entry.id, Entry.entry_date, Entry.description).where(
            Entry.status == EntryStatus.DRAFT, Entry.entry_date >= start, Entry.entry_date <= end)
            .order_by(Entry.id)).all()
        for eid, day, text in drafts:
            blockers.append(_("Draft entry {id} of {date} ({text}) is not posted.").format(
                id=eid, date=cal.format(day), text=text))
        limit = int(ctx.pack.param("accounting.cheque_collection_limit_days", end))
        cic = s.scalar(select(Account.id).where(Account.code == ctx.pack.account_code("cheques_in_collection")))
        rows = s.execute(
            select(Entry.reference, func.sum(EntryLine.debit - EntryLine.credit), func.min(Entry.entry_date))
            .join(Entry, Entry.id == EntryLine.entry_id)
            .where(EntryLine.account_id == cic, Entry.status == EntryStatus.POSTED, Entry.entry_date <= end)
            .group_by(Entry.reference)
        ).all()
        for ref, balance, since in rows:
            if balance and (end - since).days > limit:
                blockers.append(_("Cheque {reference} of {amount} is in collection since {date}, more than "
                                  "{days} days.").format(reference=ref or "?", amount=currency.plain(int(balance)),
                                                         date=cal.format(since), days=limit))
    return blockers


def close_month(ctx: BranchContext, actor: Actor, ym: YearMonth) -> None:
    """Close accounting's month: refused, with the list, while anything blocks it."""
    require(actor, "banking.close")
    ledger.close_period(ctx, actor, ym)  # runs every department's close check, this one included
