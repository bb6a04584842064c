"""Whether a command-line session is alive: its row and the rules, on the driver's statements.

One piece of code for both ways a command resumes its session (``core.cli_sessions.resume_session``
through SQLAlchemy's session, and the command line's fast path on a connection of its own,
``core.driver``), so neither can be laxer than the other. No SQLAlchemy here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from branch_desktop.core.roles import Actor, Role

DEFAULT_IDLE_MINUTES = 15

SESSION_ROW = (
    "SELECT s.id, s.password_mark, s.last_used_at, s.expires_at, u.id, u.username, u.role, u.full_name, "
    "u.active, u.locked_until, u.password_hash FROM cli_sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.token_hash = ?"
)
SETTINGS = "SELECT cli_sessions_enabled, cli_session_idle_minutes FROM branch ORDER BY id LIMIT 1"
TOUCH = "UPDATE cli_sessions SET last_used_at = ? WHERE id = ?"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def password_mark(password_hash: str) -> str:
    """Changes whenever the user's password does (a new salt makes a new hash)."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SessionRow:
    """A session's row with its user's, as stored now."""

    id: int
    mark: str
    last_used: dt.datetime
    expires: dt.datetime
    user_id: int
    username: str
    role: str
    full_name: str
    active: bool
    locked_until: dt.datetime | None
    password_hash: str

    def actor(self) -> Actor:
        return Actor(id=self.user_id, username=self.username, role=Role(self.role), full_name=self.full_name)


def read_session(cursor: Any, token: str) -> SessionRow | None:
    """The session the token names (``cursor``: a ``DriverStatements``), or None."""
    found = cursor.rows(SESSION_ROW, (token_hash(token),))
    if not found:
        return None
    r = found[0]
    return SessionRow(int(r[0]), r[1], cursor.timestamp(r[2]), cursor.timestamp(r[3]), int(r[4]), r[5], r[6],
                      r[7] or "", bool(r[8]), cursor.timestamp(r[9]), r[10])


def read_settings(cursor: Any) -> tuple[bool, int]:
    """(command-line sessions allowed, idle timeout in minutes) of the branch."""
    found = cursor.rows(SETTINGS)
    if not found:
        return False, DEFAULT_IDLE_MINUTES
    return bool(found[0][0]), int(found[0][1] or DEFAULT_IDLE_MINUTES)


def end_reason(row: SessionRow, enabled: bool, idle: int, now: dt.datetime) -> str | None:
    """Why the session has ended (for the audit log), or None while it is alive: sessions allowed,
    the user active and not locked out, before the hard limit and the idle timeout, and the password
    unchanged since the login."""
    if not enabled:
        return "turned off"
    if not row.active:
        return "user inactive"
    if row.locked_until and row.locked_until > now:
        return "user locked"
    if now >= row.expires:
        return "hard limit"
    if now - row.last_used >= dt.timedelta(minutes=idle):
        return "idle"
    if not secrets.compare_digest(row.mark, password_mark(row.password_hash)):
        return "password changed"
    return None


def touch(cursor: Any, session_id: int, now: dt.datetime) -> None:
    """The session's idle clock restarts."""
    cursor.run(TOUCH, (cursor.stamp(now), session_id))


def resume_live(cursor: Any, token: str, now: dt.datetime) -> Actor | None:
    """The user of the live session the token names, its idle clock restarted (in the cursor's write
    transaction); None when there is no such session or it has ended. An ended session is left for
    ``cli_sessions.resume_session`` to delete and audit (the fast path then takes the full one)."""
    row = read_session(cursor, token)
    if row is None:
        return None
    enabled, idle = read_settings(cursor)
    if end_reason(row, enabled, idle, now) is not None:
        return None
    touch(cursor, row.id, now)
    return row.actor()
