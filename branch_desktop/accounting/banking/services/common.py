"""What several banking subjects share: the bank account lookup (and its row lock), the view
of an account, a month's bounds and reconciliation lock, the pack's country."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from branch_desktop.accounting.banking.exceptions import MonthLocked, UnknownBankAccount
from branch_desktop.accounting.banking.models import BankAccount, ReconciliationLock
from branch_desktop.accounting.banking.states import LockStatus
from branch_desktop.accounting.banking.types import BankAccountView
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ledger.models import Account
from branch_desktop.core.packs import Pack
from branch_desktop.core.texts import Month

FORMATS = ("auto", "csv", "camt053", "mt940")
BANK_ROLES = ("revenue_bank", "legal_obligation_bank", "loan_fund_bank", "loan_fund_disbursement_bank")


def pack_country(pack: Pack) -> str:
    """The pack's country (ISO 3166 code, "IR", "TR"): the territory of its locale."""
    return pack.country


def bank_view(acc: BankAccount, ledger_code: str) -> BankAccountView:
    return BankAccountView(id=acc.id, code=acc.code, name=acc.name, bank=acc.bank, iban=acc.iban,
                           currency=acc.currency, ledger_code=ledger_code, role=acc.role,
                           allows_outgoing=acc.allows_outgoing, version=acc.version)


def account_row(s: Session, code: str, *, lock: bool = False) -> tuple[BankAccount, str]:
    """The bank account and its ledger code; ``lock`` takes the account's row FOR UPDATE (on
    PostgreSQL; SQLite writers are serialised anyway), so two workstations importing, matching
    or issuing cheques on one account queue instead of colliding."""
    q = (select(BankAccount, Account.code).join(Account, Account.id == BankAccount.ledger_account_id)
         .where(BankAccount.code == code.strip()))
    if lock:
        q = q.with_for_update(of=BankAccount)
    row = s.execute(q).first()
    if row is None:
        raise UnknownBankAccount(code=code)
    return row[0], row[1]


def ledger_code_of(s: Session, acc: BankAccount) -> str:
    code = s.scalar(select(Account.code).where(Account.id == acc.ledger_account_id))
    assert code is not None
    return code


def month_bounds(ctx: BranchContext, ym: YearMonth) -> tuple[dt.date, dt.date]:
    return ctx.pack.calendar.month_bounds(ym)


def month_lock(s: Session, acc: BankAccount, ym: YearMonth) -> ReconciliationLock | None:
    return s.scalar(select(ReconciliationLock).where(
        ReconciliationLock.bank_account_id == acc.id, ReconciliationLock.year == ym.year,
        ReconciliationLock.month == ym.month))


def is_locked(lock: ReconciliationLock | None) -> bool:
    return lock is not None and lock.status == LockStatus.LOCKED


def locked_months(s: Session, account_id: int) -> set[tuple[int, int]]:
    rows = s.execute(
        select(ReconciliationLock.year, ReconciliationLock.month).where(
            ReconciliationLock.bank_account_id == account_id, ReconciliationLock.status == LockStatus.LOCKED
        )
    ).all()
    return {(y, m) for y, m in rows}


def refuse_if_locked(ctx: BranchContext, s: Session, acc: BankAccount, day: dt.date) -> None:
    ym = ctx.pack.calendar.year_month(day)
    if is_locked(month_lock(s, acc, ym)):
        raise MonthLocked(account=acc.code, period=Month(ym))
