"""The revenue demo goes through the services and leaves sound books whose receivable matches
the employers' statements."""

from __future__ import annotations

import pytest

from branch_desktop.core.ledger import queries
from branch_desktop.core.ledger.verify import verify_books
from branch_desktop.core.storage import Database
from branch_desktop.demo import DemoSize, build_demo
from branch_desktop.revenue import services


@pytest.mark.parametrize("pack", ["ir_sso", "tr_sgk"])
def test_demo_books_and_statements_agree(db: Database, pack: str) -> None:
    ctx, admin, _count = build_demo(db, pack, DemoSize(6, 60, 3, 2))
    report = verify_books(ctx)
    assert report.ok, report.problems
    employers = services.search_employers(ctx, admin, "")
    assert len(employers) == 6
    # names as the branch writes them: no Latin digits in a Persian name ("آموزشگاه پارس ۱۳")
    assert pack != "ir_sso" or not any(c.isascii() and c.isdigit() for e in employers for c in e.name)
    owed = sum(services.employer_statement(ctx, admin, e.id).balance for e in employers)
    ym = ctx.pack.calendar.year_month(ctx.today())
    tb = queries.trial_balance(ctx, admin, ym)
    code = ctx.pack.account_code("premiums_receivable")
    assert next(r.balance for r in tb.rows if r.code == code) == owed
    assert services.day_summary(ctx, admin, "clerk").closed is False
