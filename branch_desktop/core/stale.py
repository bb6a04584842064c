"""Who changed a record and when, for a refusal of a save over a newer version (a stale save).

Editable records carry ``version``, ``updated_by`` and ``updated_at``; when a save finds a newer
version, the department's refusal names the user and the moment (the pack's calendar, this
workstation's local time) so that the clerk knows whom to ask before reloading."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from branch_desktop.core.models import User
from branch_desktop.core.security import user_names

if TYPE_CHECKING:
    from branch_desktop.core.calendar import Calendar


def changed_by(s: Session, calendar: Calendar, by: int | str | None, at: dt.datetime | None) -> dict[str, str]:
    """``{"user": ..., "time": ...}`` for a stale-save refusal; ``by`` is a user id or the username a
    record kept (payroll's files), the user named as every page names users
    (:func:`core.security.user_names`); a username no longer known as it was kept, "?" when none."""
    kept = by if isinstance(by, str) else ""
    uid = s.scalar(select(User.id).where(User.username == kept)) if kept else by
    name = user_names(s, [uid]).get(uid) if isinstance(uid, int) else None
    return {"user": name or kept or "?", "time": calendar.moment(at) if at else "?"}
