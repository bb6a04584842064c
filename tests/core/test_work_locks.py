"""Day close and month close are run by one person at a time: a second person is refused with the
holder's name, workstation and time, and a holder that dies leaves no lock behind (SQLite and
PostgreSQL; the holder is another process, as another workstation would be)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import select

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ledger import services as ledger
from branch_desktop.core.ledger.models import FiscalPeriod
from branch_desktop.core.ledger.types import PeriodStatus
from branch_desktop.core.locks import WorkInProgress, current, work_lock, workstation
from branch_desktop.core.texts import Msg
from branch_desktop.revenue import services as revenue
from tests.conftest import TODAY, Branch

MONTH = YearMonth(1405, 8)  # TODAY, 2026-11-24, is in Jalali 1405/09; the month before is closable


@contextmanager
def other_workstation(url: str, username: str, name: str) -> Iterator[subprocess.Popen[str]]:
    """A process that takes the lock ``name`` as ``username`` and holds it until killed."""
    code = textwrap.dedent(f"""
        import sys, time
        from branch_desktop.core.locks import work_lock
        from branch_desktop.core.storage import Database
        from branch_desktop.core.texts import Msg
        db = Database({url!r})
        with work_lock(db, {username!r}, {name!r}, Msg("x")):
            print("held", flush=True)
            time.sleep(120)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": os.getcwd()})
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)


def _status(b: Branch, ym: YearMonth) -> str | None:
    with b.ctx.db.read() as s:
        return s.scalar(select(FiscalPeriod.status).where(FiscalPeriod.year == ym.year,
                                                          FiscalPeriod.month == ym.month))


def test_a_month_close_held_elsewhere_is_refused_naming_the_holder_and_freed_when_it_dies(branch: Branch) -> None:
    b = branch
    with other_workstation(b.ctx.db.url, "alice", f"month_close:{MONTH}") as holder:
        with pytest.raises(WorkInProgress) as refused:
            ledger.close_period(b.ctx, b.accountant, MONTH)
        assert refused.value.params["user"] == "alice"
        assert refused.value.params["workstation"] == workstation()
        assert "alice" in str(refused.value)
        assert _status(b, MONTH) != PeriodStatus.CLOSED.value  # nothing was written
        [row] = current(b.ctx.db)
        assert (row.username, row.pid) == ("alice", holder.pid)
        holder.send_signal(signal.SIGKILL)  # the holder's workstation dies mid-close
        holder.wait(timeout=30)
    ledger.close_period(b.ctx, b.accountant, MONTH)  # its lock did not outlive it
    assert _status(b, MONTH) == PeriodStatus.CLOSED.value
    assert current(b.ctx.db) == []  # and the close released its own


def test_a_counter_day_close_waits_for_the_one_in_progress(branch: Branch) -> None:
    b = branch
    name = f"day_close:clerk:{TODAY.isoformat()}"
    with work_lock(b.ctx.db, "manager", name, Msg("x")):
        with pytest.raises(WorkInProgress) as refused:
            revenue.close_day(b.ctx, b.clerk)
        assert refused.value.params["user"] == "manager"
        assert revenue.day_summary(b.ctx, b.clerk).closed is False
        with pytest.raises(WorkInProgress), work_lock(b.ctx.db, "clerk", name, Msg("x")):  # whoever asks
            pass
    assert revenue.close_day(b.ctx, b.clerk).closed is True
    assert current(b.ctx.db) == []


def test_a_lock_is_released_when_the_work_fails(branch: Branch) -> None:
    b = branch
    with pytest.raises(RuntimeError), work_lock(b.ctx.db, "clerk", "day_close:x", Msg("x")):
        raise RuntimeError("boom")
    assert current(b.ctx.db) == []
    with work_lock(b.ctx.db, "manager", "day_close:x", Msg("x")):
        assert [r.username for r in current(b.ctx.db)] == ["manager"]
