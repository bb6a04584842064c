"""An employer with declared months, some paid, for the execution tests."""

from __future__ import annotations

from branch_desktop.core.calendar import YearMonth
from branch_desktop.revenue import services as revenue
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


def pay(b: Branch, employer_id: int, ym: YearMonth, amount: int, ref: str) -> None:
    revenue.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=employer_id, amount=amount, method=Method.TRANSFER, reference=ref, month=ym))


def late_employer(b: Branch) -> EmployerView:
    """An employer whose month of four months ago is unpaid, its charges never accrued."""
    e = make_employer(b, 1)
    ym = month_of(b).previous().previous().previous()
    revenue.submit_declaration(b.ctx, b.clerk, e.id, ym, lines(b, ym, 2))
    return e
