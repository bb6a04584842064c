"""``verify``'s cross-checks of the execution unit: the charges accrued (each a legal record) less
what receipts paid of them against the late-charges receivable control account, and the debt register against revenue's
accruals and allocations up to the register's watermarks."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from branch_desktop.core.ledger.models import Account, Entry, EntryLine
from branch_desktop.core.ledger.types import EntryStatus
from branch_desktop.core.ledger.verify import VerifyReport
from branch_desktop.core.models import Branch
from branch_desktop.core.packs import load_pack
from branch_desktop.execution.models import ChargeAccrual, DebtMonth, RegisterState
from branch_desktop.revenue import queries as debts


def check(conn: Connection, report: VerifyReport) -> None:
    pack_code = conn.execute(select(Branch.pack_code)).scalar()
    if pack_code is None:
        return
    pack = load_pack(pack_code)
    account = conn.execute(select(Account.id).where(
        Account.code == pack.account_code("late_charges_receivable"))).scalar()
    accrued = int(conn.execute(select(func.coalesce(func.sum(ChargeAccrual.amount), 0))).scalar() or 0)
    accrued -= int(conn.execute(debts.charges_paid_total()).scalar() or 0)  # the receipts' charges parts
    balance = 0
    if account is not None:
        balance = int(conn.execute(
            select(func.coalesce(func.sum(EntryLine.debit - EntryLine.credit), 0))
            .select_from(EntryLine).join(Entry, Entry.id == EntryLine.entry_id)
            .where(EntryLine.account_id == account, Entry.status == EntryStatus.POSTED.value)).scalar() or 0)
    if accrued != balance:
        report.bad("execution", f"late charges accrued less paid {accrued} != receivable balance {balance}")
    state = conn.execute(select(RegisterState.accrual_id, RegisterState.allocation_id)).first()
    if state is None:
        return
    total = select(func.coalesce(func.sum(DebtMonth.owed), 0))
    register = int(conn.execute(total).scalar() or 0)
    src = debts.month_totals(int(state[0]), int(state[1])).subquery()
    cols = list(src.c)
    revenue = int(conn.execute(select(func.coalesce(func.sum(cols[4] - cols[5]), 0))).scalar() or 0)
    if register != revenue:
        report.bad("execution", f"debt register owes {register} != revenue's accruals minus allocations {revenue}")
