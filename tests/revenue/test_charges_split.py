"""A counter payment shared between premiums and the late-payment charges the execution unit
accrued, in the pack's order: the receipt, its PDF, its journal entry, the debt register and
``charge compute --employer`` agree (both databases); the split's properties (hypothesis)."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import select

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ledger.models import Account, EntryLine
from branch_desktop.core.record_verify import verify_everything
from branch_desktop.execution import services as execution
from branch_desktop.execution.models import DebtMonth
from branch_desktop.revenue import rules
from branch_desktop.revenue import services as revenue
from branch_desktop.revenue.documents import receipt_pdf
from branch_desktop.revenue.states import PaymentOrder
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import Branch
from tests.revenue.helpers import lines, make_employer, month_of


def _overdue_employer(b: Branch) -> tuple[int, str, YearMonth, int, int]:
    """An employer with one month declared four months ago, unpaid, its charges accrued to today:
    (id, file no., month, premium owed, charges accrued) in minor units."""
    e = make_employer(b, 1)
    ym = month_of(b).previous().previous().previous()
    revenue.submit_declaration(b.ctx, b.clerk, e.id, ym, lines(b, ym, 2))
    charges = execution.accrue_charges(b.ctx, b.clerk, e.file_no, b.ctx.today())
    (month, premium), = revenue.open_months(b.ctx, b.clerk, e.id)
    assert month == ym and charges > 0
    return e.id, e.file_no, ym, premium, b.ctx.pack.currency.to_minor(charges)


def _credits(b: Branch, entry_id: int) -> dict[str, int]:
    with b.ctx.db.read() as s:
        return {code: credit for code, credit in s.execute(
            select(Account.code, EntryLine.credit).join(Account, Account.id == EntryLine.account_id)
            .where(EntryLine.entry_id == entry_id, EntryLine.credit > 0))}


def _pay(b: Branch, employer_id: int, amount: int, ref: str) -> object:
    return revenue.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=employer_id, amount=amount,
                                                             method=Method.TRANSFER, reference=ref), confirmed=True)


@pytest.mark.parametrize("pack", ["tr_sgk", "ir_sso"])
def test_partial_payment_follows_the_packs_order(make_branch, pack: str) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch(pack)
    emp, file_no, ym, premium, charges = _overdue_employer(b)
    order = rules.payment_order(b.ctx.pack, b.ctx.today())
    # (ir_sso: a payment of the whole premium before an order would have its charges waived, art. 50;
    # half the premium shows the order without the waiver)
    amount = (premium + charges) // 2 if order is PaymentOrder.PROPORTIONAL else premium // 2
    assert amount < premium + charges
    r = _pay(b, emp, amount, "SPLIT-1")
    if order is PaymentOrder.PROPORTIONAL:  # tr_sgk: 6183 art. 47, in proportion to the debt's parts
        want = int((Decimal(amount) * charges / (premium + charges)).to_integral_value(rounding=ROUND_HALF_UP))
        assert want > 0
    else:  # ir_sso: principal first
        assert order is PaymentOrder.PRINCIPAL_FIRST
        want = 0
    assert r.charges_part == want and r.premium_part == amount - want  # type: ignore[attr-defined]
    assert [a.month for a in r.charge_allocations] == ([ym] if want else [])  # type: ignore[attr-defined]
    # the stored receipt shows the same split
    again = revenue.get_receipt(b.ctx, b.clerk, r.id)  # type: ignore[attr-defined]
    assert (again.premium_part, again.charges_part) == (amount - want, want)
    # the journal entry: two credit lines, on the pack's premiums and late charges receivable
    pack_ = b.ctx.pack
    credits = {pack_.account_code("premiums_receivable"): amount - want,
               pack_.account_code("late_charges_receivable"): want}
    assert _credits(b, again.entry_id) == {k: v for k, v in credits.items() if v}
    # the PDF prints both parts
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(receipt_pdf(again, b.ctx.info, "en"))).pages)
    words = " ".join(text.split())
    assert ("Late charges part" in words and "Late charges " + str(ym) in words) == bool(want)
    # the debt register and charge compute --employer agree with the receipt
    with b.ctx.db.write() as s:
        execution.refresh(s)
    with b.ctx.db.read() as s:
        owed = s.scalar(select(DebtMonth.owed).where(DebtMonth.employer_id == emp, DebtMonth.year == ym.year,
                                                     DebtMonth.month == ym.month))
    assert owed == premium - (amount - want)
    out = execution.employer_charges_json(b.ctx, b.clerk, file_no, b.ctx.today())
    (debt,) = out["debts"]
    cur = pack_.currency
    assert cur.to_minor(Decimal(debt["unpaid"])) == owed
    assert cur.to_minor(Decimal(debt["charges_paid"])) == want
    charged = Decimal(debt["penalty"]) + Decimal(debt["interest"]) - Decimal(debt["waived"])
    assert cur.to_minor(charged) == charges  # computed to the same day as accrued
    assert cur.to_minor(Decimal(debt["outstanding"])) == owed + charges - want
    assert revenue.open_charges_total(b.ctx, b.clerk, emp) == charges - want
    # the employer's statement is the premium account: the receipt's premium part, no false credit
    st = revenue.employer_statement(b.ctx, b.clerk, emp)
    assert st.lines[-1].credit == amount - want and st.lines[-1].balance == owed and st.unallocated == 0
    assert ("late charges" in st.lines[-1].text) == bool(want)
    # a void puts both parts back
    revenue.void_receipt(b.ctx, b.clerk, again.id, "typed twice")
    assert revenue.open_charges_total(b.ctx, b.clerk, emp) == charges
    assert revenue.open_total(b.ctx, b.clerk, emp) == premium
    assert verify_everything(b.ctx).ok


def test_charges_first_takes_the_charges_before_the_premium() -> None:
    months, charges = [(YearMonth(2026, 7), 10_000)], [(YearMonth(2026, 7), 1_500)]
    assert rules.split_payment(2_000, months, charges, PaymentOrder.CHARGES_FIRST) == (
        [(YearMonth(2026, 7), 500)], [(YearMonth(2026, 7), 1_500)])
    assert rules.split_payment(2_000, months, charges, PaymentOrder.PRINCIPAL_FIRST) == (
        [(YearMonth(2026, 7), 2_000)], [])
    assert rules.split_payment(11_500, months, charges, PaymentOrder.PROPORTIONAL) == (
        [(YearMonth(2026, 7), 10_000)], [(YearMonth(2026, 7), 1_500)])
    assert rules.split_payment(23_000, months, charges, PaymentOrder.PROPORTIONAL) == (
        [(YearMonth(2026, 7), 10_000)], [(YearMonth(2026, 7), 1_500)])  # the rest is a credit


def test_a_designated_month_shares_only_with_its_own_charges() -> None:
    """Proportional order, a month chosen (6183 art. 47): the month paid on time takes the whole
    payment; an old month's charges share only what is left over."""
    old, paid_on_time = YearMonth(2025, 1), YearMonth(2026, 7)
    months, charges = [(old, 10_000), (paid_on_time, 8_000)], [(old, 2_000)]
    assert rules.split_payment(8_000, months, charges, PaymentOrder.PROPORTIONAL, paid_on_time) == (
        [(paid_on_time, 8_000)], [])
    # 12,000 more than the chosen month: the rest shared in proportion between the old month and its charges
    assert rules.split_payment(20_000, months, charges, PaymentOrder.PROPORTIONAL, paid_on_time) == (
        [(paid_on_time, 8_000), (old, 10_000)], [(old, 2_000)])
    assert rules.split_payment(14_000, months, charges, PaymentOrder.PROPORTIONAL, paid_on_time) == (
        [(paid_on_time, 8_000), (old, 5_000)], [(old, 1_000)])
    # the chosen month with its own charges: shared between the two in proportion
    assert rules.split_payment(6_000, months, charges, PaymentOrder.PROPORTIONAL, old) == (
        [(old, 5_000)], [(old, 1_000)])


_month = st.builds(YearMonth, st.integers(2020, 2026), st.integers(1, 12))
_open = st.dictionaries(_month, st.integers(1, 10**9), max_size=5).map(lambda d: sorted(d.items()))


@given(amount=st.integers(1, 5 * 10**9), months=_open, charges=_open, order=st.sampled_from(list(PaymentOrder)),
       chosen=st.none() | _month)
def test_split_sums_to_the_amount_and_never_overpays_charges(amount: int, months: list[tuple[YearMonth, int]],
                                                             charges: list[tuple[YearMonth, int]],
                                                             order: PaymentOrder, chosen: YearMonth | None) -> None:
    premium, paid = rules.split_payment(amount, months, charges, order, chosen)
    owed_p, owed_c = sum(v for _m, v in months), sum(v for _m, v in charges)
    total = sum(v for _m, v in premium) + sum(v for _m, v in paid)
    assert total == min(amount, owed_p + owed_c)  # the parts sum to what was paid (the rest: a credit)
    assert all(0 < v <= dict(charges)[m] for m, v in paid)  # never more to a month's charges than accrued
    assert all(0 < v <= dict(months)[m] for m, v in premium)
    if order is PaymentOrder.CHARGES_FIRST:
        assert sum(v for _m, v in paid) == min(amount, owed_c)
    if order is PaymentOrder.PRINCIPAL_FIRST:
        assert sum(v for _m, v in premium) == min(amount, owed_p)


@pytest.mark.parametrize("pack", ["tr_sgk", "ir_sso"])
def test_charges_first_and_a_bounced_cheque(make_branch, monkeypatch, pack: str) -> None:  # type: ignore[no-untyped-def]
    """A pack saying charges first: a cheque smaller than the debt pays the charges, the rest the
    premium; when the cheque bounces both parts come back, each on its own receivable."""
    b: Branch = make_branch(pack)
    emp, file_no, ym, premium, charges = _overdue_employer(b)
    monkeypatch.setattr(rules, "payment_order", lambda _pack, _day: PaymentOrder.CHARGES_FIRST)
    amount = charges + premium // 3
    r = revenue.take_payment(b.ctx, b.clerk, PaymentInput(
        employer_id=emp, amount=amount, method=Method.CHEQUE, reference="CHQ-77", bank="Bank",
        due_date=b.ctx.today(), drawer="Drawer"), confirmed=True)
    assert (r.premium_part, r.charges_part) == (premium // 3, charges)
    assert revenue.open_charges_total(b.ctx, b.clerk, emp) == 0
    out = execution.employer_charges_json(b.ctx, b.clerk, file_no, b.ctx.today())
    assert b.ctx.pack.currency.to_minor(Decimal(out["charges_paid"])) == charges
    revenue.deposit_cheque(b.ctx, b.accountant, r.id)
    revenue.bounce_cheque(b.ctx, b.accountant, r.id, "no funds")
    assert revenue.open_charges_total(b.ctx, b.clerk, emp) == charges
    assert revenue.open_total(b.ctx, b.clerk, emp) >= premium  # (plus the pack's bounced-cheque charge)
    cur = b.ctx.pack.currency
    ym_now = b.ctx.pack.calendar.year_month(b.ctx.today())
    from branch_desktop.core.ledger import queries

    tb = {row.code: row.balance for row in queries.trial_balance(b.ctx, b.accountant, ym_now).rows}
    assert tb[b.ctx.pack.account_code("late_charges_receivable")] == charges  # accrued, paid, put back
    assert cur.to_minor(Decimal(execution.employer_charges_json(b.ctx, b.clerk, file_no, b.ctx.today())
                                ["charges_paid"])) == 0
    assert verify_everything(b.ctx).ok
