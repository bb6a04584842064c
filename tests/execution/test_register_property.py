"""Hypothesis: whatever the counter payments (any month, any amount, voids), the register kept
incrementally equals accruals minus allocations, and its summaries (per employer, per due date)
equal a full recomputation from the months (both databases)."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from branch_desktop.execution import services
from branch_desktop.execution.models import DebtDue, DebtEmployer, DebtMonth
from branch_desktop.revenue import services as revenue
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import Branch
from tests.execution.helpers import declared

_steps = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3), st.integers(1, 3_000_000), st.booleans()),
                  min_size=1, max_size=6)


def _refreshed(b: Branch) -> tuple[dict[tuple[int, int, int], int], dict[int, tuple[int, object, int]],
                                   dict[object, int]]:
    with b.ctx.db.write() as s:
        services.refresh(s)
    with b.ctx.db.read() as s:
        months = {(r.employer_id, r.year, r.month): (r.owed, r.due_date) for r in s.scalars(select(DebtMonth))}
        summary = {r.employer_id: (r.owed, r.oldest_due, r.months) for r in s.scalars(select(DebtEmployer))}
        dues = {r.due_date: r.owed for r in s.scalars(select(DebtDue)) if r.owed}
    full: dict[int, list[tuple[int, object]]] = defaultdict(list)
    full_dues: dict[object, int] = defaultdict(int)
    for (emp, _y, _m), (owed, due) in months.items():
        if owed > 0:
            full[emp].append((owed, due))
            full_dues[due] += owed
    assert summary == {e: (sum(o for o, _d in v), min(d for _o, d in v), len(v)) for e, v in full.items()}
    assert dues == dict(full_dues)
    return {k: v[0] for k, v in months.items()}, summary, dues


def test_the_incremental_register_equals_a_full_recomputation(make_branch) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch("tr_sgk")
    employers = [declared(b, n, months=4) for n in (1, 2, 3)]
    _refreshed(b)
    counter = iter(range(10**6))

    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(steps=_steps)
    def run(steps: list[tuple[int, int, int, bool]]) -> None:
        for who, month, amount, void in steps:
            emp, _file_no, ms = employers[who]
            r = revenue.take_payment(b.ctx, b.clerk, PaymentInput(
                employer_id=emp, amount=amount, method=Method.TRANSFER, reference=f"H-{next(counter)}",
                month=ms[month]), confirmed=True)
            if void:
                revenue.void_receipt(b.ctx, b.accountant, r.id, "property")
            owed, _summary, _dues = _refreshed(b)
            for e, _f, _ms in employers:  # register == accruals - allocations
                assert {(y, m): v for (x, y, m), v in owed.items() if x == e and v} == {
                    (ym.year, ym.month): v for ym, v in revenue.open_months(b.ctx, b.clerk, e) if v}

    run()
