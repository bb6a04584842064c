"""Property: any sequence of valid postings and reversals keeps the books sound."""

import datetime as dt
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branch_desktop.core.branch import init_branch
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ledger import queries, services
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.ledger.verify import verify_books
from branch_desktop.core.storage import Database

ACCOUNTS = ["1500", "1600", "1210", "1310", "4110", "4120", "5110", "2110"]
JOURNALS = ["GEN", "REV", "LOB"]
START = dt.date(2026, 2, 10)  # 1404/11 .. 1405/02: crosses a fiscal year

line_amounts = st.lists(st.integers(min_value=1, max_value=10**12), min_size=1, max_size=4)


@st.composite
def entries(draw: st.DrawFn) -> EntryInput:
    debits = draw(line_amounts)
    credits_n = draw(st.integers(min_value=1, max_value=3))
    total = sum(debits)
    cuts = sorted(draw(st.lists(st.integers(min_value=1, max_value=max(1, total - 1)),
                                min_size=credits_n - 1, max_size=credits_n - 1, unique=True))) if total > 1 else []
    credits = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    credits = [c for c in credits if c > 0]
    lines = [LineInput(draw(st.sampled_from(ACCOUNTS)), debit=d) for d in debits]
    lines += [LineInput(draw(st.sampled_from(ACCOUNTS)), credit=c) for c in credits]
    day = START + dt.timedelta(days=draw(st.integers(min_value=0, max_value=80)))
    return EntryInput(draw(st.sampled_from(JOURNALS)), day, "property", tuple(lines))


actions = st.lists(st.one_of(entries(), st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=50))),
                   min_size=1, max_size=25)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions)
def test_any_sequence_keeps_the_books_sound(tmp_path: Path, sqlite_template: Path, steps: list) -> None:
    path = tmp_path / f"p{abs(hash(str(steps)))}.db"
    shutil.copyfile(sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    try:
        ctx, admin = init_branch(db, "ir_sso", "Property", "admin", "correct-horse-1")
        ctx.today_override = dt.date(2026, 4, 30)
        posted: list[int] = []
        reversed_: set[int] = set()
        for step in steps:
            if isinstance(step, EntryInput):
                posted.append(services.post_entry(ctx, admin, step).id)
            elif posted:
                target = posted[step[1] % len(posted)]
                if target not in reversed_:
                    rev = services.reverse(ctx, admin, target, "property")
                    reversed_.add(target)
                    reversed_.add(rev.id)
        report = verify_books(ctx)
        assert report.ok, report.problems
        for ym in (YearMonth(1404, 11), YearMonth(1405, 2)):
            tb = queries.trial_balance(ctx, admin, ym)
            assert tb.total_debit == tb.total_credit
            assert sum(r.balance for r in tb.postable_rows) == 0
    finally:
        db.dispose()
        path.unlink(missing_ok=True)
