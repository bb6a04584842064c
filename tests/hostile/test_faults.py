"""Fault tests: ``kill -9`` at random moments during a counter's receipt loop, a statement import,
a payroll post and ``demo``, ``KILLS`` times each, on SQLite and PostgreSQL; afterwards the books
verify, numbering is gapless and nothing is half written. And 8 processes taking 100 receipts
each at once on PostgreSQL: all 800 recorded, numbers unique and gapless, no error.

The children are forked from the test process (no interpreter start-up per kill) and open their
own database connections; the parent never touches the database while a child runs.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from branch_desktop.accounting.banking import services as bank
from branch_desktop.accounting.banking.models import Statement, StatementLine
from branch_desktop.accounting.payroll import services as pay
from branch_desktop.accounting.payroll.demo import make_staff
from branch_desktop.accounting.payroll.models import PayrollRun
from branch_desktop.accounting.payroll.states import RunStatus
from branch_desktop.core.branch import is_initialised, open_branch
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ledger.models import Entry
from branch_desktop.core.ledger.verify import verify_books
from branch_desktop.core.storage import Database
from branch_desktop.revenue import services as revenue
from branch_desktop.revenue.models import Allocation, Receipt
from tests.accounting.banking.helpers import setup_accounts
from tests.conftest import Branch, pg_admin_url
from tests.hostile import faults
from tests.revenue.helpers import lines, make_employer, month_of

KILLS = 10
FORK = multiprocessing.get_context("fork")
pytestmark = pytest.mark.slow


def _url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def kill_at_random(target: Callable[..., None], args: tuple[Any, ...], rng: random.Random, longest: float) -> bool:
    """Run ``target`` in a forked child, SIGKILL it a random moment after it is ready; True when
    the kill landed while it was still working."""
    ready = FORK.Event()
    child = FORK.Process(target=target, args=(*args, ready), daemon=True)
    child.start()
    ready.wait(60)
    child.join(rng.uniform(0.0, longest))
    alive = child.is_alive()
    if alive:
        os.kill(child.pid or 0, signal.SIGKILL)
    child.join(30)
    # a child that finished its work in the instant between is_alive() and the kill exits 0: no kill landed
    assert child.exitcode in ((-signal.SIGKILL, 0) if alive else (0,)), "the child failed on its own"
    return child.exitcode == -signal.SIGKILL


def assert_sound(url: str) -> Database:
    db = Database(url)
    report = verify_books(open_branch(db))
    assert report.ok, report.problems[:5]
    return db


def _gapless(numbers: list[int]) -> None:
    assert sorted(numbers) == list(range(1, len(numbers) + 1)), sorted(numbers)[:20]


def check_receipts(db: Database) -> int:
    """Receipts numbered 1..n per fiscal year, each with its posted entry of the same amount and its
    allocations; no receipt entry without its receipt."""
    with db.read() as s:
        years = s.execute(select(Receipt.fiscal_year).distinct()).scalars().all()
        for year in years:
            _gapless(list(s.execute(select(Receipt.number).where(Receipt.fiscal_year == year)).scalars()))
        rows = s.execute(select(Receipt.id, Receipt.amount, Receipt.voids_id, Entry.status, Entry.reference)
                         .join(Entry, Entry.id == Receipt.entry_id, isouter=True)).all()
        for rid, amount, voids, status, reference in rows:
            assert status == "posted" and reference.startswith("RCPT-"), (rid, status, reference)
            allocated = s.scalar(select(func.coalesce(func.sum(Allocation.amount), 0))
                                 .where(Allocation.receipt_id == rid))
            if voids is None:
                assert 0 <= int(allocated) <= amount
            else:  # a void receipt takes back what the voided one allocated
                assert -amount <= int(allocated) <= 0
        entries = s.scalar(select(func.count()).select_from(Entry).where(Entry.reference.like("RCPT-%")))
        assert entries == len(rows)
        return len(rows)


def _run_kills(name: str, target: Callable[..., None], args: tuple[Any, ...], url: str, longest: float,
               check: Callable[[Database], int]) -> tuple[int, int]:
    rng = random.Random(f"{name}-{url}")
    landed, done = 0, 0
    for _ in range(KILLS):
        landed += kill_at_random(target, args, rng, longest)
        db = assert_sound(url)
        try:
            done = check(db)
        finally:
            db.dispose()
    print(f"\n{name}: {KILLS} kills ({landed} while working), {done} records")
    assert landed >= KILLS // 2, "most kills must land while the child works"
    return landed, done


def test_kill_during_receipt_loop(branch: Branch) -> None:
    e = make_employer(branch)
    revenue.submit_declaration(branch.ctx, branch.clerk, e.id, month_of(branch), lines(branch, month_of(branch), 3))
    url = _url(branch.ctx.db)
    branch.ctx.db.dispose()
    _landed, done = _run_kills("receipts", faults.receipts, (url, e.id, "K"), url, 1.0, check_receipts)
    assert done >= KILLS


def _check_statements(db: Database) -> int:
    with db.read() as s:
        stmts = s.execute(select(Statement.id, Statement.opening, Statement.closing, Statement.line_count)).all()
        previous = 0
        for sid, opening, closing, count in sorted(stmts):
            n, total = s.execute(select(func.count(), func.coalesce(func.sum(StatementLine.amount), 0))
                                 .where(StatementLine.statement_id == sid)).one()
            assert n == count == faults.STATEMENT_LINES, (sid, n, count)
            assert opening + int(total) == closing and opening == previous
            previous = closing
        return len(stmts)


def test_kill_during_statement_import(branch: Branch) -> None:
    setup_accounts(branch)
    iban = bank.default_ibans(branch.ctx.pack.code)["revenue_bank"]
    url = _url(branch.ctx.db)
    branch.ctx.db.dispose()
    _landed, done = _run_kills("statements", faults.statements, (url, "1500", iban), url, 1.5, _check_statements)
    assert done >= 1


def _check_payroll(db: Database) -> int:
    with db.read() as s:
        runs = s.execute(select(PayrollRun.id, PayrollRun.status, PayrollRun.posted_entry_id, PayrollRun.year,
                                PayrollRun.month)).all()
        posted = 0
        for rid, status, entry_id, _y, _m in runs:
            entry = s.get(Entry, entry_id) if entry_id else None
            if status == RunStatus.DRAFT:
                assert entry is None, rid
            else:
                assert entry is not None and entry.status == "posted", rid
                posted += 1
        months = sorted((y, m) for _rid, _st, _e, y, m in runs)
        assert len(months) == len(set(months)), "one monthly run per month"
        return posted


def test_kill_during_payroll_post(branch: Branch) -> None:
    staff = make_staff(branch.ctx, 200, seed=3)  # enough work that most kills land mid-post
    pay.register_employees(branch.ctx, branch.accountant, staff)
    first = YearMonth(1398, 1)
    url = _url(branch.ctx.db)
    branch.ctx.db.dispose()
    _landed, done = _run_kills("payroll", faults.payroll, (url, first), url, 1.5, _check_payroll)
    assert done >= 1


@pytest.fixture
def blank_url(db: Database, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Fresh empty databases of the ``db`` fixture's kind (migrated, no branch)."""
    url = _url(db)
    db.dispose()
    made: list[str] = []

    def make() -> str:
        n = len(made)
        if url.startswith("sqlite"):
            path = tmp_path / f"blank{n}.db"
            shutil.copyfile(make_url(url).database or "", path)
            made.append(str(path))
            return f"sqlite:///{path}"
        admin = pg_admin_url()
        assert admin
        name = f"bd_fault_{uuid.uuid4().hex[:10]}"
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(url).database}"'))
        engine.dispose()
        made.append(name)
        return make_url(admin).set(database=name).render_as_string(hide_password=False)

    yield make
    if not url.startswith("sqlite"):
        admin = pg_admin_url()
        assert admin
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def test_kill_during_demo(blank_url: Callable[[], str]) -> None:
    rng = random.Random("demo")
    landed = 0
    for _ in range(KILLS):
        url = blank_url()
        landed += kill_at_random(faults.demo, (url,), rng, 2.5)
        db = Database(url)
        try:
            if is_initialised(db):
                report = verify_books(open_branch(db))
                assert report.ok, report.problems[:5]
                check_receipts(db)
        finally:
            db.dispose()
    print(f"\ndemo: {KILLS} kills ({landed} while working)")
    assert landed >= KILLS // 2


@pytest.mark.postgresql
def test_eight_counters_at_once_on_postgresql(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("ir_sso")
    if b.ctx.db.is_sqlite:
        pytest.skip("the concurrent counters run on PostgreSQL")
    employers = [make_employer(b, n).id for n in range(1, 9)]
    url = _url(b.ctx.db)
    b.ctx.db.dispose()
    children = []
    for n, employer_id in enumerate(employers):
        ready = FORK.Event()
        child = FORK.Process(target=faults.receipts, args=(url, employer_id, f"C{n}", ready, 100), daemon=True)
        child.start()
        children.append(child)
    for child in children:
        child.join(600)
    assert [c.exitcode for c in children] == [0] * 8
    db = assert_sound(url)
    try:
        assert check_receipts(db) == 800
    finally:
        db.dispose()
