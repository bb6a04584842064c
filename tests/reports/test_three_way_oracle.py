"""The three-way check's fast reading (a month's legs summed by the database, plain integers, the
receipts' details read when shown) against the straightforward computation, object by object
through the ORM, on a branch with every kind of receipt: split, voided, over-paid for the month,
a corrected declaration, in the bank and not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from branch_desktop.accounting.banking import queries as bank_q
from branch_desktop.core.texts import receipt_number
from branch_desktop.reports import rules, services
from branch_desktop.revenue import services as revenue
from branch_desktop.revenue.models import Accrual, Allocation, Declaration, Employer, Receipt
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import Branch
from tests.reports.helpers import day_in
from tests.reports.test_three_way import _pay, plant
from tests.revenue.helpers import lines, make_employer


def _straightforward(b: Branch, ym: object) -> dict[str, tuple[object, ...]]:
    """file no -> (earnings, accrued, receipted, banked, variances, receipts) read one by one."""
    rate, components = revenue_rate(b, ym)
    out = {}
    with b.ctx.db.read() as s:
        employers = s.scalars(select(Employer)).all()
        for e in employers:
            where = (Accrual.employer_id == e.id, Accrual.year == ym.year, Accrual.month == ym.month)  # type: ignore[attr-defined]
            accrued = int(s.scalar(select(func.coalesce(func.sum(Accrual.amount), 0)).where(*where)) or 0)
            decl = s.scalars(select(Declaration).where(
                Declaration.employer_id == e.id, Declaration.year == ym.year, Declaration.month == ym.month)  # type: ignore[attr-defined]
                .order_by(Declaration.seq.desc())).first()
            receipts = []
            for r in s.scalars(select(Receipt).where(Receipt.employer_id == e.id, Receipt.kind == "payment")
                               .order_by(Receipt.id)).all():
                share = sum(a.amount for a in s.scalars(select(Allocation).where(
                    Allocation.receipt_id == r.id, Allocation.year == ym.year, Allocation.month == ym.month)))  # type: ignore[attr-defined]
                if (r.target_year, r.target_month) == (ym.year, ym.month):  # type: ignore[attr-defined]
                    used = sum(a.amount for a in s.scalars(select(Allocation).where(
                        Allocation.receipt_id == r.id, Allocation.kind == "payment")))
                    share += max(0, r.amount - used)
                if share and r.status == "valid" and r.cheque_status != "bounced":
                    receipts.append((r, share))
            if not accrued and decl is None and not receipts:
                continue
            entries = [(r.clear_entry_id if r.method == "cheque" else r.entry_id) for r, _s in receipts]
            matched = bank_q.matched_amounts(b.ctx, b.accountant, [x for x in entries if x])
            detail = tuple((receipt_number(r.fiscal_year, r.number).canonical, r.receipt_date, r.method, share,
                            min(share, matched.get(entry, 0)) if entry else 0)
                           for (r, share), entry in zip(receipts, entries, strict=True))
            earnings, insured = (decl.total_wage, decl.insured_count) if decl else (0, 0)
            receipted, banked = sum(d[3] for d in detail), sum(d[4] for d in detail)
            legs = rules.Legs(earnings=earnings, rate=rate, insured=insured, components=components, accrued=accrued,
                              receipted=receipted, banked=banked, bank_only=0)
            variances = [v for v in rules.classify(legs) if v[0] is not rules.Variance.NOT_RECEIPTED]
            out[e.file_no] = (earnings, legs.expected, accrued, receipted, banked, variances, detail)
    return out


def revenue_rate(b: Branch, ym: object) -> tuple[object, int]:
    from branch_desktop.revenue import queries as revenue_q

    return revenue_q.month_rate(b.ctx, ym)  # type: ignore[arg-type]


@pytest.mark.parametrize("pack", ["tr_sgk", "ir_sso"])
def test_fast_three_way_equals_the_straightforward_computation(make_branch: Callable[[str], Branch],
                                                               pack: str) -> None:
    b = make_branch(pack)
    ym, _known = plant(b, clean=False)
    for n in (6, 7, 8, 9):
        e = make_employer(b, n)
        accrued = revenue.submit_declaration(b.ctx, b.clerk, e.id, ym, lines(b, ym, n)).accrued
        on = day_in(b, ym, 20)
        if n == 6:  # split in two receipts
            _pay(b, e.id, accrued // 2, "S-6a", on, ym)
            _pay(b, e.id, accrued - accrued // 2, "S-6b", on, ym)
        elif n == 7:  # paid, then the receipt voided
            receipt = revenue.take_payment(b.ctx, b.clerk, PaymentInput(
                employer_id=e.id, amount=accrued, method=Method.SLIP, reference="S-7", bank="Refah", ref_date=on,
                on=on, month=ym), confirmed=True)
            revenue.void_receipt(b.ctx, b.clerk, receipt.id, "wrong employer", on)
        elif n == 8:  # declared again, more; the first declaration paid
            revenue.submit_declaration(b.ctx, b.clerk, e.id, ym, lines(b, ym, n + 2), correction=True)
            _pay(b, e.id, accrued, "S-8", on, ym)
        else:  # over-paid: the excess is named for the month
            _pay(b, e.id, accrued + 7_777, "S-9", on, ym)
    report = services.three_way(b.ctx, b.accountant, ym)
    expected = _straightforward(b, ym)
    fast = {r.file_no: (r.earnings, r.expected, r.accrued, r.receipted, r.banked,
                        [v for v in r.variances if v[0] is not rules.Variance.NOT_RECEIPTED], r.receipts)
            for r in report.rows if r.employer_id is not None}
    assert fast == expected
    assert len(expected) == 9 and any(len(v[6]) == 2 for v in expected.values())  # the split receipts
    assert report.accrued == sum(v[2] for v in expected.values())
    # the receipts' details are read only when asked for, the same as read with the row
    row = next(r for r in report.rows if len(r.shares) == 2)
    assert row.details is not None and row.receipts == expected[row.file_no][6]
