"""Hypothesis on the database: whatever the books and the statement hold, automatic matching
pairs nothing twice, every match balances, and the reconciliation's difference is the true one."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from branch_desktop.accounting.banking import services as bank
from branch_desktop.accounting.banking.models import MatchItem
from branch_desktop.core.branch import open_branch
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.storage import Database

from .helpers import camt, post, setup_accounts

MORDAD = YearMonth(1403, 5)


@pytest.fixture
def prepared(branch, tmp_path: Path) -> tuple[Path, object]:
    """A branch with its bank accounts, saved as a file each example starts from."""
    if not branch.ctx.db.is_sqlite:
        pytest.skip("copies an SQLite file per example")
    setup_accounts(branch)
    path = branch.ctx.db.sqlite_path
    assert path is not None
    branch.ctx.db.dispose()
    return path, branch


amounts = st.sampled_from([-300_000, -120_000, 50_000, 75_000, 125_000, 200_000, 1_000_000])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    book=st.lists(st.tuples(st.integers(0, 30), amounts, st.sampled_from(["", "SLIP-1", "SLIP-2", "777001"])),
                  max_size=12),
    lines=st.lists(st.tuples(st.integers(0, 30), amounts, st.sampled_from(["", "SLIP-1", "CHQ 777001"])),
                   min_size=1, max_size=12),
    opening=st.integers(-500_000, 500_000),
)
def test_service_matching_invariants(prepared, tmp_path_factory, book, lines, opening):
    source, b = prepared
    path = tmp_path_factory.mktemp("prop") / f"{uuid.uuid4().hex}.db"
    shutil.copyfile(source, path)
    db = Database(f"sqlite:///{path}")
    try:
        ctx = open_branch(db)
        ctx.today_override = b.ctx.today_override
        b2 = type("B", (), {"ctx": ctx, "accountant": b.accountant})()
        start = dt.date(2024, 7, 22)
        for day, amount, ref in book:
            post(b2, start + dt.timedelta(days=day), amount, ref)
        data = camt(b2, "revenue_bank", "P1", opening,
                    [(start + dt.timedelta(days=d), a, "", "", text) for d, a, text in lines])
        bank.import_statement(ctx, b.accountant, "1500", data)
        bank.auto_match(ctx, b.accountant, "1500", MORDAD)
        state = bank.reconciliation(ctx, b.accountant, "1500", MORDAD)
        with db.read() as s:
            items = s.execute(select(MatchItem.statement_line_id, MatchItem.entry_line_id)).all()
            assert s.scalar(select(func.count()).select_from(MatchItem)) == len(items)
        s_ids = [i for i, _ in items if i is not None]
        b_ids = [j for _, j in items if j is not None]
        assert len(s_ids) == len(set(s_ids)) and len(b_ids) == len(set(b_ids))
        for m in bank.list_matches(ctx, b.accountant, "1500", MORDAD):
            assert sum(x.amount for x in m.statement) == sum(x.amount for x in m.book)
        # the true difference: the bank's opening against the books' (nothing before: zero)
        assert state.difference == opening
        assert len(state.unmatched_statement) == len(lines) - len(s_ids)
        assert len(state.unmatched_book) == len(book) - len(b_ids)
    finally:
        db.dispose()
