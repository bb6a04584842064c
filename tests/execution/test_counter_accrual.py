"""The counter accrues the late-payment charges due to the payment day before it shares a payment
(Dr late charges receivable / Cr penalty revenue, in the receipt's transaction), so its split
covers what its prefilled amount counted: paying the prefill leaves nothing owed and no credit;
two payments on one day accrue the day's charges once; a partial payment is shared with the
charges accrued to its day (both databases)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import func, select

from branch_desktop.core.record_verify import verify_everything
from branch_desktop.execution import services as execution
from branch_desktop.execution.models import ChargeAccrual
from branch_desktop.revenue import services as revenue
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import Branch
from tests.execution.helpers import balance, late_employer


def _accruals(b: Branch, employer_id: int) -> tuple[int, int]:
    """(how many charge accrual records, their sum) of the employer."""
    with b.ctx.db.read() as s:
        n, total = s.execute(select(func.count(), func.coalesce(func.sum(ChargeAccrual.amount), 0))
                             .where(ChargeAccrual.employer_id == employer_id)).one()
    return int(n), int(total)


def _pay(b: Branch, employer_id: int, amount: int, ref: str):  # type: ignore[no-untyped-def]
    return revenue.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=employer_id, amount=amount,
                                                             method=Method.TRANSFER, reference=ref))


@pytest.mark.parametrize("pack", ["tr_sgk", "ir_sso"])
def test_paying_the_prefilled_amount_leaves_nothing_owed(make_branch, pack: str) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch(pack)
    e = late_employer(b)
    months, charges = revenue.owed_to_date(b.ctx, b.clerk, e.id)
    premium = sum(v for _m, v in months)
    assert revenue.open_charges_total(b.ctx, b.clerk, e.id) == 0 == _accruals(b, e.id)[0]  # never accrued
    r = _pay(b, e.id, premium + charges, "PF-1")
    assert (r.premium_part, r.charges_part) == (premium, charges)  # all allocated: no credit
    assert revenue.owed_to_date(b.ctx, b.clerk, e.id) == ([], 0)
    assert revenue.open_charges_total(b.ctx, b.clerk, e.id) == 0
    assert balance(b, "premiums_receivable", e.id) == 0
    assert balance(b, "late_charges_receivable", e.id) == 0
    view = revenue.get_receipt(b.ctx, b.clerk, r.id)  # the receipt as stored lists its split
    assert sum(a.amount for a in view.allocations) == premium
    if pack == "tr_sgk":
        assert charges > 0 and sum(a.amount for a in view.charge_allocations) == charges
        assert balance(b, "penalty_revenue", e.id) == -charges == -_accruals(b, e.id)[1]
    else:  # art. 50: the premium paid in full before an order waives the charges the counter accrued
        assert charges == 0 and view.charge_allocations == ()
        n, total = _accruals(b, e.id)
        assert n == 2 and total == 0 and balance(b, "penalty_revenue", e.id) == 0
    assert execution.accrue_charges(b.ctx, b.clerk, e.file_no, b.ctx.today()) == 0  # nothing left to accrue
    assert execution.employer_charges_json(b.ctx, b.clerk, e.file_no, b.ctx.today())["debts"] == []
    assert verify_everything(b.ctx).ok


def test_two_payments_on_one_day_accrue_the_charges_once(make_branch) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch("tr_sgk")
    e = late_employer(b)
    months, charges = revenue.owed_to_date(b.ctx, b.clerk, e.id)
    total = sum(v for _m, v in months) + charges
    first = _pay(b, e.id, total // 2, "TW-1")
    after_first = _accruals(b, e.id)
    assert after_first[1] == charges  # the day's charges, accrued by the first payment
    rest_months, rest_charges = revenue.owed_to_date(b.ctx, b.clerk, e.id)
    assert sum(v for _m, v in rest_months) + rest_charges == total - first.amount
    second = _pay(b, e.id, total - first.amount, "TW-2")
    assert _accruals(b, e.id) == after_first  # the second payment accrued nothing more
    assert first.charges_part + second.charges_part == charges
    assert first.premium_part + second.premium_part == total - charges
    assert revenue.owed_to_date(b.ctx, b.clerk, e.id) == ([], 0)
    assert execution.accrue_charges(b.ctx, b.clerk, e.file_no, b.ctx.today()) == 0
    assert balance(b, "late_charges_receivable", e.id) == 0
    assert verify_everything(b.ctx).ok


def test_a_partial_payment_is_shared_with_the_charges_of_its_day(make_branch) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch("tr_sgk")  # the pack's order: in proportion (6183 art. 47)
    e = late_employer(b)
    months, charges = revenue.owed_to_date(b.ctx, b.clerk, e.id)
    premium = sum(v for _m, v in months)
    amount = (premium + charges) // 3
    r = _pay(b, e.id, amount, "PP-1")
    share = int((Decimal(amount) * charges / (premium + charges)).to_integral_value(rounding=ROUND_HALF_UP))
    assert charges > 0 and r.charges_part == share > 0 and r.premium_part == amount - share
    assert revenue.open_charges_total(b.ctx, b.clerk, e.id) == charges - share
    left_months, left_charges = revenue.owed_to_date(b.ctx, b.clerk, e.id)
    assert (sum(v for _m, v in left_months), left_charges) == (premium - r.premium_part, charges - share)
    assert balance(b, "late_charges_receivable", e.id) == charges - share
    assert verify_everything(b.ctx).ok


def test_the_receipt_command_takes_the_prefill_on_an_existing_branch(make_branch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``branch-desktop receipt`` in a fresh process on an existing branch whose late charges were
    never accrued: the prefilled amount is all allocated, and the receipt's PDF lists the split."""
    import subprocess

    from tests.execution.test_execution_cli import _run

    b: Branch = make_branch("tr_sgk")
    if b.ctx.db.engine.dialect.name != "sqlite":
        pytest.skip("the command line is run on the SQLite file (the services run on both databases)")
    e = late_employer(b)
    months, charges = revenue.owed_to_date(b.ctx, b.clerk, e.id)
    cur = b.ctx.pack.currency
    amount = cur.from_minor(sum(v for _m, v in months) + charges)
    url = str(b.ctx.db.engine.url)
    b.ctx.db.dispose()
    pdf = tmp_path / "receipt.pdf"
    done = _run(tmp_path, "--user", "clerk", "receipt", "--employer", e.file_no, "--amount", str(amount),
                "--method", "transfer", "--ref", "CLI-1", "--date", b.ctx.today().isoformat(), "--pdf", str(pdf),
                db=url)
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = " ".join(text.split())
    assert "Late charges 2026-" in words and "charges part" in words  # the month's line and the split
    for part in (cur.from_minor(charges), cur.from_minor(sum(v for _m, v in months))):
        assert words.count(f"{part:,.2f}") == 2  # in the months' table and in the split
    assert "Credited to the account" not in text
    assert revenue.owed_to_date(b.ctx, b.clerk, e.id) == ([], 0)
    assert charges > 0 and _accruals(b, e.id)[1] == charges
