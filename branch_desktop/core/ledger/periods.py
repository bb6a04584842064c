"""Fiscal periods: created open on first use, closed and reopened, and the departments' close
checks, which run inside the closing transaction.

Closing a month locks its period row (``FOR UPDATE`` on PostgreSQL; on SQLite the write
transaction holds the database's writer lock from its first statement), counts its drafts and
runs every registered close check on that same transaction before the row changes. A posting
reads its period ``FOR SHARE`` (:func:`ensure_period` with ``lock="share"``), so it waits for a
close in progress and then sees the month closed: nothing slips in between the checks and the
close.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from branch_desktop.core import records
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_, gettext
from branch_desktop.core.ledger import rules
from branch_desktop.core.ledger.close_checks import CLOSE_CHECKS  # the registry: a light module of its own
from branch_desktop.core.ledger.close_checks import CloseCheck as CloseCheck  # re-exported
from branch_desktop.core.ledger.close_checks import register_close_check as register_close_check
from branch_desktop.core.ledger.exceptions import (
    CloseBlocked,
    DraftsInPeriod,
    PeriodAlreadyClosed,
    PeriodNotClosed,
)
from branch_desktop.core.ledger.models import Entry, FiscalPeriod
from branch_desktop.core.ledger.types import EntryStatus, PeriodStatus
from branch_desktop.core.locks import work_lock
from branch_desktop.core.models import utcnow
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.storage import dialect_insert
from branch_desktop.core.texts import Month, Msg, format_param

DRAFTS_BLOCK = DraftsInPeriod.msgid

if TYPE_CHECKING:
    from branch_desktop.core.storage import DriverCursor


def ensure_period(
    session: Session, ctx: BranchContext, ym: YearMonth, *, lock: Literal["share", "update"] | None = None
) -> tuple[int, str]:
    """The month's period (id, status), created open when missing. ``lock``: read the row ``FOR
    SHARE`` (a posting: a close waits for it, and it waits for a close) or ``FOR UPDATE`` (a
    close or a reopen); PostgreSQL only, SQLite's write transaction is exclusive already."""
    query = select(FiscalPeriod.id, FiscalPeriod.status).where(
        FiscalPeriod.year == ym.year, FiscalPeriod.month == ym.month
    )
    if lock is not None:
        query = query.with_for_update(read=lock == "share")
    row = session.execute(query).first()
    if row is None:
        start, end = ctx.pack.calendar.month_bounds(ym)
        values = {"year": ym.year, "month": ym.month, "start_date": start, "end_date": end, "status": "open"}
        session.execute(dialect_insert(session, FiscalPeriod).values(**values).on_conflict_do_nothing())
        row = session.execute(query).one()
        records.track(session, "ledger.period", [int(row[0])])
    return int(row[0]), str(row[1])


class PeriodCache:
    """Fiscal periods of one posting transaction, read ``FOR SHARE`` once each (through the
    driver's cursor when the posting has one; created by :func:`ensure_period` when missing)."""

    def __init__(self, session: Session, ctx: BranchContext, cursor: DriverCursor | None = None) -> None:
        self.session = session
        self.ctx = ctx
        self.cursor = cursor
        self._cache: dict[YearMonth, tuple[int, str]] = {}
        self._months: dict[dt.date, YearMonth] = {}

    def get(self, day: dt.date) -> tuple[int, str, YearMonth]:
        ym = self._months.get(day)
        if ym is None:
            ym = self._months[day] = self.ctx.pack.calendar.year_month(day)
        found = self._cache.get(ym)
        if found is None:
            found = self._cache[ym] = self._read(ym)
        return found[0], found[1], ym

    def _read(self, ym: YearMonth) -> tuple[int, str]:
        c = self.cursor
        if c is not None:
            row = c.run("SELECT id, status FROM fiscal_periods WHERE year = ? AND month = ?" + c.for_update(share=True),
                        (ym.year, ym.month)).fetchone()
            if row is not None:
                return int(row[0]), str(row[1])
        return ensure_period(self.session, self.ctx, ym, lock="share")


@dataclass(frozen=True)
class PeriodView:
    year: int
    month: int
    start: dt.date
    end: dt.date
    status: PeriodStatus

    @property
    def ym(self) -> YearMonth:
        return YearMonth(self.year, self.month)


def list_periods(ctx: BranchContext, actor: Actor, year: int | None = None) -> list[PeriodView]:
    require(actor, "ledger.view")
    year = year or ctx.pack.calendar.fiscal_year(ctx.today())
    with ctx.db.write() as s:
        for m in range(1, 13):
            ensure_period(s, ctx, YearMonth(year, m))
    with ctx.db.read() as s:
        rows = s.execute(
            select(FiscalPeriod.year, FiscalPeriod.month, FiscalPeriod.start_date, FiscalPeriod.end_date,
                   FiscalPeriod.status).where(FiscalPeriod.year == year).order_by(FiscalPeriod.month)
        ).all()
    return [PeriodView(r[0], r[1], r[2], r[3], PeriodStatus(r[4])) for r in rows]


def close_blockers(ctx: BranchContext, actor: Actor, ym: YearMonth, *, session: Session) -> list[str]:
    """What the departments say keeps the month from closing (empty: nothing), read in ``session``."""
    return [item for check in CLOSE_CHECKS for item in check(ctx, actor, ym, session=session)]


def close_period(ctx: BranchContext, actor: Actor, ym: YearMonth) -> None:
    """Close a month: no posting dated in it is accepted until a manager reopens it.

    Drafts dated in the month block the close (post or delete them first), and so does anything
    a department's close check names. The checks and the close are one transaction.
    """
    require(actor, "period.close")
    # one month close at a time; a second person is told who runs it (core.locks)
    with work_lock(ctx.db, actor.username, f"month_close:{ym}", Msg(N_("the month close"))):
        with ctx.db.write() as s:
            pid, status = ensure_period(s, ctx, ym, lock="update")
            if status == PeriodStatus.CLOSED:
                raise PeriodAlreadyClosed(period=Month(ym))
            drafts = s.scalar(
                select(func.count()).select_from(Entry).where(Entry.period_id == pid,
                                                              Entry.status == EntryStatus.DRAFT)
            ) or 0
            blockers = close_blockers(ctx, actor, ym, session=s)
            if blockers:
                if drafts:
                    blockers.insert(0, gettext(DRAFTS_BLOCK).format(period=format_param(Month(ym)), count=drafts))
                raise CloseBlocked(period=Month(ym), blockers=blockers)
            if drafts:
                raise DraftsInPeriod(period=Month(ym), count=drafts)
            _set_period_state(s, actor, pid, status=PeriodStatus.CLOSED.value, closed_by=actor.id,
                              closed_at=utcnow())
            audit(s, actor, "period.close", "period", str(ym))
        from branch_desktop.core.checkpoints import anchor

        anchor(ctx, actor, "month_close", str(ym))  # the month's chain heads, signed, kept outside the database


def reopen_period(ctx: BranchContext, actor: Actor, ym: YearMonth, reason: str) -> None:
    require(actor, "period.reopen")
    reason = rules.check_reason(reason, N_("Reopening a period needs a reason."))
    with ctx.db.write() as s:
        pid, status = ensure_period(s, ctx, ym, lock="update")
        if status != PeriodStatus.CLOSED:
            raise PeriodNotClosed(period=Month(ym))
        _set_period_state(s, actor, pid, status=PeriodStatus.OPEN.value, closed_by=None, closed_at=None)
        audit(s, actor, "period.reopen", "period", str(ym), reason=reason)


def _set_period_state(s: Session, actor: Actor, pid: int, **new: object) -> None:
    """A period's close or reopen: a chained state event, then the row."""
    old = s.execute(select(FiscalPeriod.status, FiscalPeriod.closed_by, FiscalPeriod.closed_at)
                    .where(FiscalPeriod.id == pid)).one()._asdict()
    records.record_state(s, records.kind("ledger.period"), pid, old, new, actor.id)
    s.execute(update(FiscalPeriod).where(FiscalPeriod.id == pid).values(**new))
