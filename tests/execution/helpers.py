"""An employer with declared months, some paid, for the execution tests."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from branch_desktop.core.calendar import YearMonth
from branch_desktop.execution.types import NoticeView, OrderView
from branch_desktop.revenue import rules as revenue_rules
from branch_desktop.revenue import services as revenue
from branch_desktop.revenue.states import PaymentOrder
from branch_desktop.revenue.types import EmployerView, Method, PaymentInput
from tests.conftest import Branch
from tests.revenue.helpers import lines, make_employer, month_of


def declared(b: Branch, n: int = 1, months: int = 6) -> tuple[int, str, list[YearMonth]]:
    """An employer with ``months`` declared months up to the month before today (oldest first)."""
    e = make_employer(b, n)
    ym = month_of(b)
    ms = []
    for _ in range(months):
        ms.append(ym)
        ym = ym.previous()
    ms.reverse()
    for m in ms:
        revenue.submit_declaration(b.ctx, b.clerk, e.id, m, lines(b, m, 2))
    return e.id, e.file_no, ms


def pay(b: Branch, employer_id: int, ym: YearMonth, amount: int, ref: str, on: dt.date | None = None) -> None:
    """A payment of ``amount`` to the month's premium first, whatever the pack's order (these tests
    follow the premium months; the counter accrues the charges due and shares a payment with them
    in the pack's order in test_counter_accrual)."""
    with mock.patch.object(revenue_rules, "payment_order", return_value=PaymentOrder.PRINCIPAL_FIRST):
        revenue.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=employer_id, amount=amount,
                                                          method=Method.TRANSFER, reference=ref, month=ym, on=on))


def late_employer(b: Branch) -> EmployerView:
    """An employer whose month of four months ago is unpaid, its charges never accrued."""
    e = make_employer(b, 1)
    ym = month_of(b).previous().previous().previous()
    revenue.submit_declaration(b.ctx, b.clerk, e.id, ym, lines(b, ym, 2))
    return e


def ordered(b: Branch, file_no: str) -> tuple[NoticeView, OrderView, dt.date]:
    """A notice to the employer prepared and served today, and its enforcement order issued on the
    first day the notice period allows: (notice, order, order's day)."""
    from branch_desktop.execution import services as execution

    today = b.ctx.today()
    [notice] = execution.prepare_notices(b.ctx, b.clerk, today, employers=[file_no])
    execution.serve_notice(b.ctx, b.clerk, notice.number, today, "hand")
    day = today + dt.timedelta(days=notice.period_days)
    return notice, execution.issue_order(b.ctx, b.clerk, notice.number, day), day


def balance(b: Branch, role: str, employer_id: int) -> int:
    """Debits less credits of the pack's ``role`` account for the employer (minor units)."""
    from sqlalchemy import func, select

    from branch_desktop.core.ledger.models import Account, EntryLine

    code = b.ctx.pack.account_code(role)
    with b.ctx.db.read() as s:
        return int(s.scalar(select(func.coalesce(func.sum(EntryLine.debit - EntryLine.credit), 0))
                            .join(Account, Account.id == EntryLine.account_id)
                            .where(Account.code == code, EntryLine.party_id == employer_id)) or 0)
