"""The month totals the database keeps (``revenue_month_totals``, triggers on accruals and
allocations) equal the rows' sums after declarations, corrections, payments and a void, on both
databases; the migration's backfill gives the same."""

from __future__ import annotations

from sqlalchemy import delete, select, text

from branch_desktop.core.calendar import YearMonth
from branch_desktop.revenue import queries, services
from branch_desktop.revenue.models import MonthTotal
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import Branch
from tests.revenue.helpers import lines, make_employer, month_of
from tests.revisions import load_revision

FAR = (YearMonth(1300, 1), YearMonth(2100, 12))


def _kept(b: Branch) -> dict[YearMonth, tuple[int, int]]:
    with b.ctx.db.read() as s:
        return {YearMonth(y, m): (int(a), int(c)) for y, m, a, c in s.execute(select(
            MonthTotal.year, MonthTotal.month, MonthTotal.accrued, MonthTotal.allocated)) if a or c}


def _recounted(b: Branch) -> dict[YearMonth, tuple[int, int]]:
    with b.ctx.db.read() as s:
        return queries.recount_by_month(s, *FAR)


def test_month_totals_follow_accruals_and_allocations(branch: Branch) -> None:
    b = branch
    one, two = make_employer(b, 1), make_employer(b, 2)
    last = month_of(b)
    before = last.previous()
    for ym in (before, last):
        services.submit_declaration(b.ctx, b.clerk, one.id, ym, lines(b, ym, 3))
        services.submit_declaration(b.ctx, b.clerk, two.id, ym, lines(b, ym, 2, start=5))
    services.submit_declaration(b.ctx, b.clerk, one.id, last, lines(b, last, 1), correction=True)  # a negative accrual
    paid = services.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=one.id, amount=123_456,
                                                              method=Method.TRANSFER, reference="TRF-1", month=before))
    services.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=two.id, amount=50_000, method=Method.TRANSFER,
                                                       reference="TRF-2"))
    services.void_receipt(b.ctx, b.clerk, paid.id, "typed twice")  # negative allocations
    kept = _kept(b)
    assert kept == _recounted(b)
    assert kept[before][1] == 50_000  # employer two's payment went to its oldest month; one's was voided
    assert queries.collection_by_month(b.ctx, b.manager, before, last) == kept
    with b.ctx.db.write() as s:  # the migration's backfill counts the same
        s.execute(delete(MonthTotal))
        for sql in load_revision("reports_0003_month_totals.py").backfill_statements():
            s.execute(text(sql))
    assert _kept(b) == kept
