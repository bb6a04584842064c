"""Closing a month: the departments' close checks run inside the closing transaction, so nothing
posted between the checks and the close slips into the closed month (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import PeriodClosed, ValidationError
from branch_desktop.core.ledger import exceptions as exc
from branch_desktop.core.ledger import periods, services
from branch_desktop.core.ledger.models import Entry, FiscalPeriod
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.ledger.verify import verify_books
from branch_desktop.core.security import Actor
from tests.conftest import Branch

DAY = dt.date(2026, 11, 20)  # 1405/08/29 Jalali
MONTH = YearMonth(1405, 8)


def _entry(day: dt.date = DAY) -> EntryInput:
    return EntryInput("GEN", day, "late posting", (LineInput("1500", debit=700), LineInput("1310", credit=700)))


def test_a_posting_made_while_the_checks_run_cannot_slip_into_the_closed_month(
    branch: Branch, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another workstation posts into the month while the close checks run: it waits for the
    close and is then refused, so the closed month holds only what the checks saw."""
    ctx, acc = branch.ctx, branch.accountant
    services.post_entry(ctx, acc, _entry())
    outcome: dict[str, object] = {}

    def other_workstation() -> None:
        try:
            outcome["posted"] = services.post_entry(ctx, acc, _entry())
        except Exception as err:  # noqa: BLE001 -- the outcome is asserted below
            outcome["error"] = err

    worker = threading.Thread(target=other_workstation)

    def racing_check(ctx: BranchContext, actor: Actor, ym: YearMonth, *, session: Session) -> list[str]:
        outcome["entries_seen"] = session.scalar(select(func.count()).select_from(Entry))
        worker.start()
        worker.join(timeout=1.5)  # it must wait for the closing transaction
        outcome["finished_during_check"] = not worker.is_alive()
        return []

    monkeypatch.setattr(periods, "CLOSE_CHECKS", [racing_check])
    services.close_period(ctx, acc, MONTH)
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert outcome["finished_during_check"] is False
    assert "posted" not in outcome
    assert isinstance(outcome["error"], exc.PeriodIsClosed) and isinstance(outcome["error"], PeriodClosed)
    with ctx.db.read() as s:
        assert s.scalar(select(func.count()).select_from(Entry)) == outcome["entries_seen"] == 1
    assert verify_books(ctx).ok


def test_close_checks_read_the_closing_transaction(branch: Branch, monkeypatch: pytest.MonkeyPatch) -> None:
    """A month never used before: its period row is created by the closing transaction, and the
    check sees it (a separate read would not), with the row locked for the close."""
    ctx, acc = branch.ctx, branch.accountant
    fresh = YearMonth(1405, 10)
    seen: list[str | None] = []

    def check(ctx: BranchContext, actor: Actor, ym: YearMonth, *, session: Session) -> list[str]:
        assert session.in_transaction()
        seen.append(session.scalar(select(FiscalPeriod.status).where(
            FiscalPeriod.year == ym.year, FiscalPeriod.month == ym.month)))
        with ctx.db.read() as other:  # another connection does not see the uncommitted period yet
            seen.append(other.scalar(select(FiscalPeriod.status).where(
                FiscalPeriod.year == ym.year, FiscalPeriod.month == ym.month)))
        return []

    monkeypatch.setattr(periods, "CLOSE_CHECKS", [check])
    services.close_period(ctx, acc, fresh)
    assert seen == ["open", None]
    statuses = {p.ym: p.status for p in services.list_periods(ctx, acc, 1405)}
    assert statuses[fresh] == "closed"


def test_blockers_refuse_the_close_with_the_drafts_first(branch: Branch, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    services.save_draft(ctx, acc, _entry())

    def check(ctx: BranchContext, actor: Actor, ym: YearMonth, *, session: Session) -> list[str]:
        return [f"bank account 1500 is not reconciled for {ym}"]

    monkeypatch.setattr(periods, "CLOSE_CHECKS", [check])
    with pytest.raises(exc.CloseBlocked) as refused:
        services.close_period(ctx, acc, MONTH)
    assert isinstance(refused.value, ValidationError)
    assert len(refused.value.blockers) == 2
    assert "1 draft entries" in refused.value.blockers[0]
    assert refused.value.blockers[1] == "bank account 1500 is not reconciled for 1405-08"
    statuses = {p.ym: p.status for p in services.list_periods(ctx, acc, 1405)}
    assert statuses[MONTH] == "open"


def test_drafts_alone_refuse_the_close(branch: Branch, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    draft = services.save_draft(ctx, acc, _entry())
    monkeypatch.setattr(periods, "CLOSE_CHECKS", [])
    with pytest.raises(exc.DraftsInPeriod) as refused:
        services.close_period(ctx, acc, MONTH)
    assert refused.value.params["count"] == 1
    services.delete_draft(ctx, acc, draft)
    services.close_period(ctx, acc, MONTH)
    with pytest.raises(exc.PeriodAlreadyClosed):
        services.close_period(ctx, acc, MONTH)
