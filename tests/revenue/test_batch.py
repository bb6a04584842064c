"""Batches (``services.take_payments``, ``submit_declarations``): one transaction, a savepoint per
item; the records are those of the same items taken one by one (numbers, chains, audit rows), a
refused item is listed with its error and the others are taken; the role is checked first."""

from __future__ import annotations

import datetime as dt
import shutil
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from branch_desktop.core import driver
from branch_desktop.core.branch import BranchContext, open_branch
from branch_desktop.core.errors import DomainError, PermissionDenied
from branch_desktop.core.record_verify import verify_everything
from branch_desktop.core.roles import PERMISSIONS
from branch_desktop.core.storage import Database
from branch_desktop.revenue import services
from branch_desktop.revenue.exceptions import DeclarationRefused, DuplicatePayment, UnknownEmployer
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import TODAY, Branch, pg_copy
from tests.revenue.helpers import lines, make_employer, month_of

_FIXED = dt.datetime(2026, 11, 24, 9, 30, 0)


class _Clock(dt.datetime):
    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
        return _FIXED.replace(tzinfo=tz) if tz else _FIXED


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every timestamp the services write (``driver.utcnow``, which ``models`` re-exports) at one moment: the records of two
    runs of the same work can then be compared hash for hash."""
    fake = types.ModuleType("frozen_datetime")
    fake.__dict__.update(dt.__dict__)
    fake.datetime = _Clock  # type: ignore[attr-defined]
    monkeypatch.setattr(driver, "dt", fake)


@contextmanager
def _twin(db: Database, tmp_path: Path) -> Iterator[BranchContext]:
    """A copy of ``db`` as it is now (the branch, its employers, declarations and users)."""
    db.dispose()
    if db.is_sqlite:
        path = db.sqlite_path
        assert path is not None
        copy = tmp_path / "twin.db"
        shutil.copyfile(path, copy)
        twin = Database(f"sqlite:///{copy}")
        try:
            yield _opened(twin)
        finally:
            twin.dispose()
        return
    with pg_copy(db.engine.url.database) as twin:
        yield _opened(twin)


def _opened(db: Database) -> BranchContext:
    ctx = open_branch(db)
    ctx.today_override = TODAY
    return ctx


def _records(ctx: BranchContext) -> dict[str, Any]:
    """Every chain head (the records' and the journals'), the receipts' and entries' numbers."""
    with ctx.db.read() as s:
        return {
            "records": s.execute(text("SELECT kind, length, head FROM record_heads ORDER BY kind")).all(),
            "journals": s.execute(text("SELECT code, chain_length, chain_head FROM journals ORDER BY code")).all(),
            "receipts": s.execute(text("SELECT id, fiscal_year, number, employer_id, amount, entry_id "
                                       "FROM revenue_receipts ORDER BY id")).all(),
            "entries": s.execute(text("SELECT id, journal_id, number, hash FROM entries ORDER BY id")).all(),
            "audit": s.execute(text("SELECT id, action, object_id, details FROM audit_log ORDER BY id")).all(),
        }


def _one_by_one(take: Callable[[Any], Any], items: list[Any]) -> list[int]:
    """Take each item in its own transaction; the positions of those refused."""
    refused = []
    for i, item in enumerate(items):
        try:
            take(item)
        except DomainError:
            refused.append(i)
    return refused


def _slip(employer_id: int, amount: int, ref: str) -> PaymentInput:
    return PaymentInput(employer_id=employer_id, amount=amount, method=Method.SLIP, reference=ref, bank="Refah",
                        ref_date=dt.date(2026, 11, 23))


def test_a_batch_of_payments_writes_what_one_by_one_writes(branch: Branch, db: Database, tmp_path: Path,
                                                           frozen_clock: None) -> None:
    ym = month_of(branch)
    employers = [make_employer(branch, n) for n in (1, 2, 3)]
    for e in employers:
        services.submit_declaration(branch.ctx, branch.clerk, e.id, ym, lines(branch, ym, 2, start=e.id * 10))
    payments = [
        _slip(employers[0].id, 1_000_000, "S-1"),
        _slip(employers[1].id, 2_500_000, "S-2"),
        _slip(employers[0].id, 700_000, "S-1"),  # the same slip again: refused
        _slip(9999, 500_000, "S-3"),  # no such employer: refused
        _slip(employers[2].id, 3_000_000, "S-4"),
        _slip(employers[1].id, 400_000, "S-5"),
    ]
    clerk = branch.clerk
    with _twin(db, tmp_path) as twin:
        refused = _one_by_one(lambda p: services.take_payment(branch.ctx, clerk, p), payments)
        done = services.take_payments(twin, clerk, payments)
        assert refused == [2, 3]
        assert [i for i, _e in done.refused] == refused
        assert isinstance(done.refused[0][1], DuplicatePayment)
        assert isinstance(done.refused[1][1], UnknownEmployer)
        assert [i for i, _v in done.taken] == [0, 1, 4, 5]
        assert [v.number for v in done.views] == [1, 2, 3, 4]  # gapless: the refused took no number
        assert _records(twin) == _records(branch.ctx)
        assert verify_everything(twin).ok


def test_a_batch_of_declarations_writes_what_one_by_one_writes(branch: Branch, db: Database, tmp_path: Path,
                                                               frozen_clock: None) -> None:
    ym = month_of(branch)
    employers = [make_employer(branch, n) for n in (1, 2, 3)]
    items = [
        services.DeclarationInput(employer_id=employers[0].id, month=ym, lines=lines(branch, ym, 3, start=10)),
        services.DeclarationInput(employer_id=employers[1].id, month=ym, lines=[]),  # no workers: refused
        services.DeclarationInput(employer_id=employers[2].id, month=ym, lines=lines(branch, ym, 2, start=30)),
        services.DeclarationInput(employer_id=employers[0].id, month=ym, lines=lines(branch, ym, 1, start=40)),
        services.DeclarationInput(employer_id=employers[0].id, month=ym, lines=lines(branch, ym, 4, start=50),
                                  correction=True, source="fix"),
        services.DeclarationInput(employer_id=employers[1].id, month=ym.previous(), lines=lines(branch, ym, 2, 60)),
    ]
    clerk = branch.clerk
    with _twin(db, tmp_path) as twin:
        refused = _one_by_one(lambda d: services.submit_declaration(
            branch.ctx, clerk, d.employer_id, d.month, d.lines, d.correction, d.source, d.on), items)
        done = services.submit_declarations(twin, clerk, items)
        assert refused == [1, 3]  # no workers; a second declaration of the month not marked a correction
        assert [i for i, _e in done.refused] == refused
        assert all(isinstance(e, DeclarationRefused) for _i, e in done.refused)
        assert [(v.seq, v.insured_count) for v in done.views] == [(1, 3), (1, 2), (2, 4), (1, 2)]
        assert _records(twin) == _records(branch.ctx)
        assert verify_everything(twin).ok


def test_a_batch_needs_the_role_and_writes_nothing_without_it(branch: Branch, monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    ym = month_of(branch)
    e = make_employer(branch)
    services.submit_declaration(branch.ctx, branch.clerk, e.id, ym, lines(branch, ym, 2))
    before = _records(branch.ctx)
    monkeypatch.setitem(PERMISSIONS, "revenue.receipt", frozenset())
    with pytest.raises(PermissionDenied):
        services.take_payments(branch.ctx, branch.clerk, [_slip(e.id, 1_000_000, "S-1")])
    monkeypatch.setitem(PERMISSIONS, "revenue.declare", frozenset())
    with pytest.raises(PermissionDenied):
        services.submit_declarations(branch.ctx, branch.clerk, [
            services.DeclarationInput(employer_id=e.id, month=ym.previous(), lines=lines(branch, ym, 2))])
    assert _records(branch.ctx) == before


def test_a_batch_is_all_or_nothing_outside_the_savepoints(branch: Branch) -> None:
    """``services.batch`` (the demo's months): a refusal rolls back the whole transaction."""
    ym = month_of(branch)
    e = make_employer(branch)
    services.submit_declaration(branch.ctx, branch.clerk, e.id, ym, lines(branch, ym, 2))
    before = _records(branch.ctx)
    with pytest.raises(DuplicatePayment), services.batch(branch.ctx, branch.clerk) as work:
        work.pay(_slip(e.id, 1_000_000, "S-1"))
        work.pay(_slip(e.id, 1_000_000, "S-1"))
    assert _records(branch.ctx) == before
    with services.batch(branch.ctx, branch.clerk) as work:
        first = work.pay(_slip(e.id, 1_000_000, "S-1"))
        void = work.void(first.id, "typed twice")
        again = work.pay(_slip(e.id, 1_000_000, "S-1"))  # the voided slip's number is free again
    assert (first.number, void.number, again.number) == (1, 2, 3)
    assert verify_everything(branch.ctx).ok
