"""The insured counts revenue keeps at each declaration (``revenue_insured_counts``) equal a
recount of the service records after declarations are accepted and corrected (superseded), on
both databases; the migration's backfill counts the same."""

from __future__ import annotations

from sqlalchemy import delete, select, text

from branch_desktop.core.calendar import YearMonth
from branch_desktop.revenue import queries, services
from branch_desktop.revenue.models import InsuredCount
from branch_desktop.revenue.services.insured_counts import half_start
from tests.conftest import Branch
from tests.revenue.helpers import lines, make_employer, month_of
from tests.revisions import load_revision


def _kept(b: Branch) -> dict[tuple[int, int, int, int], int]:
    with b.ctx.db.read() as s:
        return {(e, y, m, n): c for e, y, m, n, c in s.execute(select(
            InsuredCount.employer_id, InsuredCount.year, InsuredCount.month, InsuredCount.months,
            InsuredCount.insured)) if c}


def _recounted(b: Branch, months: list[YearMonth]) -> dict[tuple[int, int, int, int], int]:
    out: dict[tuple[int, int, int, int], int] = {}
    with b.ctx.db.read() as s:
        for ym in months:
            out[(0, ym.year, ym.month, 1)] = queries.recount_insured(s, ym, ym)
            first, last = YearMonth(ym.year, half_start(ym.month)), YearMonth(ym.year, half_start(ym.month) + 5)
            out[(0, ym.year, first.month, 6)] = queries.recount_insured(s, first, last)
            for e, c in queries.recount_by_employer(s, first, last).items():
                out[(e, ym.year, first.month, 6)] = c
    return {k: v for k, v in out.items() if v}


def test_counts_equal_a_recount_after_declarations_and_corrections(branch: Branch) -> None:
    b = branch
    one, two = make_employer(b, 1), make_employer(b, 2)
    last = month_of(b)
    before = last.previous()
    months = [before, last]
    # employer one: workers 1-3 in both months; employer two: workers 3-5 (worker 3 works for both)
    for ym in months:
        services.submit_declaration(b.ctx, b.clerk, one.id, ym, lines(b, ym, 3, start=1))
        services.submit_declaration(b.ctx, b.clerk, two.id, ym, lines(b, ym, 3, start=3))
    assert _kept(b) == _recounted(b, months)
    assert _kept(b)[(0, last.year, last.month, 1)] == 5
    # corrections: employer one drops worker 3 (still with employer two) and 2, adds 6; employer
    # two's correction of the earlier month drops everyone but worker 4
    services.submit_declaration(b.ctx, b.clerk, one.id, last, lines(b, last, 1, start=1)
                                + lines(b, last, 1, start=6), correction=True)
    services.submit_declaration(b.ctx, b.clerk, two.id, before, lines(b, before, 1, start=4), correction=True)
    assert _kept(b) == _recounted(b, months)
    assert _kept(b)[(0, last.year, last.month, 1)] == 5  # 1, 3, 4, 5, 6
    # a correction identical to what it replaces changes nothing
    services.submit_declaration(b.ctx, b.clerk, two.id, last, lines(b, last, 3, start=3), correction=True)
    assert _kept(b) == _recounted(b, months)
    # what the reports read: a month, a half, and a span the counts do not keep
    spans = [(last, last), (YearMonth(last.year, half_start(last.month)), YearMonth(last.year, half_start(last.month) + 5)),
             (before, last)]
    with b.ctx.db.read() as s:
        expected = [queries.recount_insured(s, a, z) for a, z in spans]
    assert queries.insured_counts(b.ctx, b.manager, spans) == expected


def test_the_backfill_counts_what_the_declarations_kept(branch: Branch) -> None:
    """The migration's INSERT ... SELECT, run again on an emptied table, gives the same rows."""
    b = branch
    one, two = make_employer(b, 1), make_employer(b, 2)
    ym = month_of(b)
    services.submit_declaration(b.ctx, b.clerk, one.id, ym, lines(b, ym, 4, start=1))
    services.submit_declaration(b.ctx, b.clerk, two.id, ym, lines(b, ym, 2, start=3))
    kept = _kept(b)
    with b.ctx.db.write() as s:
        s.execute(delete(InsuredCount))
        for sql in load_revision("reports_0002_insured_counts.py").backfill_statements():
            s.execute(text(sql))
    assert _kept(b) == kept

