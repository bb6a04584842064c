"""ir_sso's waiver (art. 50) after a counter payment that covered the premium and part of the
charges: the waiver writes off only the charges still owed, so the late charges receivable is left
at nil (no credit) and the penalty revenue keeps what was paid (both databases)."""

from __future__ import annotations

from decimal import Decimal

from branch_desktop.core.record_verify import verify_everything
from branch_desktop.execution import services as execution
from branch_desktop.revenue import services as revenue
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import Branch
from tests.execution.helpers import balance
from tests.revenue.helpers import lines, make_employer, month_of


def test_waiver_after_the_charges_were_paid_in_part_leaves_no_credit(make_branch) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch("ir_sso")
    e = make_employer(b, 1)
    ym = month_of(b).previous().previous().previous()
    revenue.submit_declaration(b.ctx, b.clerk, e.id, ym, lines(b, ym, 2))
    cur = b.ctx.pack.currency
    charges = cur.to_minor(execution.accrue_charges(b.ctx, b.clerk, e.file_no, b.ctx.today()))
    premium = revenue.open_total(b.ctx, b.clerk, e.id)
    assert charges > 0 and balance(b, "late_charges_receivable", e.id) == charges
    # principal first (the pack's order): the whole premium and half of the charges, before any order
    half = charges // 2
    r = revenue.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=e.id, amount=premium + half,
                                                          method=Method.TRANSFER, reference="W-1"))
    assert (r.premium_part, r.charges_part) == (premium, half)
    # the premium is paid in full before an order: the counter's accrual after the split (in the
    # receipt's transaction) waives what is still owed, and a later accrual has nothing to add
    assert execution.accrue_charges(b.ctx, b.clerk, e.file_no, b.ctx.today()) == Decimal(0)
    assert balance(b, "late_charges_receivable", e.id) == 0  # before the fix: -half (a credit)
    assert balance(b, "penalty_revenue", e.id) == -half  # the revenue keeps what was paid
    assert balance(b, "premiums_receivable", e.id) == 0
    [c] = execution.employer_charges(b.ctx, b.clerk, e.file_no, b.ctx.today())[1]
    assert (c.waived, c.charges, c.charges_owed, c.outstanding) == (
        cur.from_minor(charges - half), cur.from_minor(half), 0, 0)
    # nothing more moves on a later accrual; the books verify
    assert execution.accrue_charges(b.ctx, b.clerk, e.file_no, b.ctx.today()) == Decimal(0)
    assert verify_everything(b.ctx).ok
