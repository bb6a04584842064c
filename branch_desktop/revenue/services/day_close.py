"""The clerk's counter day: the day's summary and its close (a checkpoint anchored elsewhere)."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError as SAIntegrityError

from branch_desktop.core.backup import automatic_backup
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.checkpoints import anchor, recorded_digest
from branch_desktop.core.i18n import N_
from branch_desktop.core.locks import work_lock
from branch_desktop.core.models import User, utcnow
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.texts import Msg
from branch_desktop.revenue.exceptions import (
    DayAlreadyClosed,
    DayChangedWhileClosing,
    OtherClerksDay,
    UnknownClerk,
)
from branch_desktop.revenue.models import (
    DayClose,
    Receipt,
)
from branch_desktop.revenue.services.common import (
    day_closed,
    receipt_views,
)
from branch_desktop.revenue.types import (
    DaySummary,
)

DAY_CLOSE = "day_close"  # the checkpoint event of a counter day close


def day_summary(ctx: BranchContext, actor: Actor, clerk: str | None = None, day: dt.date | None = None) -> DaySummary:
    """A clerk's receipts and voids of a day (default: the acting user, today)."""
    require(actor, "revenue.view")
    day = day or ctx.today()
    with ctx.db.read() as s:
        user = s.execute(select(User.id, User.username, User.full_name)
                         .where(User.username == (clerk or actor.username))).first()
        if user is None:
            raise UnknownClerk("There is no user {username}.", username=clerk or "")
        rs = s.scalars(select(Receipt).where(Receipt.clerk_id == user[0], Receipt.receipt_date == day)
                       .order_by(Receipt.fiscal_year, Receipt.number)).all()
        close = s.execute(select(DayClose.closed_at).where(DayClose.clerk_id == user[0], DayClose.day == day)).first()
        digest = recorded_digest(s.connection(), DAY_CLOSE, f"{user[1]}:{day.isoformat()}") if close else ""
        return DaySummary(clerk=user[1], clerk_name=user[2] or user[1], day=day,
                          receipts=tuple(receipt_views(s, rs)), closed=close is not None,
                          closed_at=close[0] if close else None, checkpoint=digest)


def close_day(ctx: BranchContext, actor: Actor, clerk: str | None = None, day: dt.date | None = None) -> DaySummary:
    """Close a clerk's counter day: no receipt or void can be dated in it by that clerk after."""
    require(actor, "revenue.close_day")
    day = day or ctx.today()
    target = clerk or actor.username
    if target != actor.username and not actor.can("revenue.close_any_day"):
        raise OtherClerksDay("Only a manager can close another clerk's day.")
    # one close of a clerk's day at a time; a second person is told who runs it (core.locks)
    with work_lock(ctx.db, actor.username, f"day_close:{target}:{day.isoformat()}", Msg(N_("the counter day close"))):
        return _close_day(ctx, actor, target, day)


def _close_day(ctx: BranchContext, actor: Actor, target: str, day: dt.date) -> DaySummary:
    summary = day_summary(ctx, actor, target, day)
    if summary.closed:
        raise DayAlreadyClosed("The counter day {day} of {user} is already closed.",
                               day=ctx.pack.calendar.format(day), user=target)
    with ctx.db.write() as s:
        clerk_id = s.scalar(select(User.id).where(User.username == target))
        assert clerk_id is not None
        # the receipts counted are re-read inside the write transaction (the writer lock is held)
        count = s.scalar(select(func.count()).select_from(Receipt).where(
            Receipt.clerk_id == clerk_id, Receipt.receipt_date == day)) or 0
        if count != len(summary.receipts):
            raise DayChangedWhileClosing("A receipt was registered while closing; close the day again.")
        by_method = {m.value: v for m, v in summary.total_by_method().items()}
        s.add(DayClose(clerk_id=clerk_id, day=day, receipts=len(summary.payments), voids=len(summary.voids),
                       total=summary.total, summary=json.dumps(by_method, sort_keys=True), closed_by=actor.id,
                       closed_at=utcnow()))
        try:
            s.flush()
        except SAIntegrityError:
            raise DayAlreadyClosed("The counter day {day} of {user} is already closed.",
                                   day=ctx.pack.calendar.format(day), user=target) from None
        audit(s, actor, "revenue.day.close", "user", target, day=day.isoformat(), total=summary.total)
    automatic_backup(ctx.db, actor, "day_close")  # the branch's rotated, checked copy (core.backup)
    anchor(ctx, actor, DAY_CLOSE, f"{target}:{day.isoformat()}")  # the chain heads, signed, kept elsewhere
    return day_summary(ctx, actor, target, day)


def is_day_closed(ctx: BranchContext, actor: Actor, day: dt.date | None = None) -> bool:
    """Whether the acting clerk's counter day is closed."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        return day_closed(s, actor.id, day or ctx.today())


