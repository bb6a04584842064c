"""Command-line sessions: ``branch-desktop login`` checks the password once, later commands show a token.

As ``gh``, ``az`` or ``gcloud`` do, the password (argon2, deliberately slow) is verified once; the
command line then keeps a random token (``secrets.token_urlsafe``) in a file only its OS user may read,
and the database keeps the token's SHA-256 with the user, the workstation, the OS user and the times.
A later command costs one SHA-256 and one indexed look-up instead of argon2.

What a token does not carry: the role. Every command reads the user's row afresh, so a role changed
meanwhile applies at once; a deactivated or locked-out user, a changed password (``password_mark``,
the SHA-256 of the stored hash), the branch's idle timeout (``Branch.cli_session_idle_minutes``,
15 minutes by default), the hard limit of :data:`HARD_LIMIT` from the login, or the branch turning
command-line sessions off (``Branch.cli_sessions_enabled``) end the session: its row is deleted and
the command asks for the password again. ``branch-desktop logout`` deletes it; logins and logouts
are audited as the GUI's are.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, select

from branch_desktop.core.cli_session_check import DEFAULT_IDLE_MINUTES as DEFAULT_IDLE_MINUTES
from branch_desktop.core.cli_session_check import end_reason, read_session, read_settings, touch
from branch_desktop.core.cli_session_check import password_mark as password_mark
from branch_desktop.core.cli_session_check import token_hash as token_hash
from branch_desktop.core.errors import PermissionDenied, ValidationError
from branch_desktop.core.models import Branch, CliSession, User, utcnow
from branch_desktop.core.security import Actor, actor_of, audit, require
from branch_desktop.core.storage import Database, DriverCursor

HARD_LIMIT = dt.timedelta(hours=8)
MAX_IDLE_MINUTES = int(HARD_LIMIT.total_seconds() // 60)
TOKEN_BYTES = 32


def _settings(session: object) -> tuple[bool, int]:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    return read_settings(DriverCursor(session))


def session_settings(db: Database) -> tuple[bool, int]:
    """(command-line sessions allowed, idle timeout in minutes) of the branch."""
    with db.read() as s:
        return _settings(s)


def set_session_settings(db: Database, actor: Actor, *, enabled: bool | None = None,
                         idle_minutes: int | None = None) -> tuple[bool, int]:
    """Administrators turn command-line sessions on or off and set their idle timeout; turning them
    off ends every open one. Audited."""
    require(actor, "users.manage")
    if idle_minutes is not None and not 1 <= idle_minutes <= MAX_IDLE_MINUTES:
        raise ValidationError("The idle timeout is between 1 and {most} minutes.", most=MAX_IDLE_MINUTES)
    with db.write() as s:
        branch = s.scalar(select(Branch).order_by(Branch.id).limit(1))
        if branch is None:
            raise ValidationError("This database has no branch yet; run 'branch-desktop init' first.")
        if enabled is not None:
            branch.cli_sessions_enabled = enabled
        if idle_minutes is not None:
            branch.cli_session_idle_minutes = idle_minutes
        ended = 0
        if not branch.cli_sessions_enabled:
            ended = len(s.scalars(delete(CliSession).returning(CliSession.id)).all())
        audit(s, actor, "cli_session.settings", "branch", branch.id, enabled=branch.cli_sessions_enabled,
              idle_minutes=branch.cli_session_idle_minutes, ended=ended)
        return bool(branch.cli_sessions_enabled), int(branch.cli_session_idle_minutes)


def open_session(db: Database, actor: Actor, workstation: str, os_user: str,
                 now: dt.datetime | None = None) -> tuple[str, dt.datetime]:
    """A new session for a user who has just logged in with the password (:func:`security.login`).
    Returns the token (to be kept by the caller, never stored here) and when the session ends at the
    latest. Refused when the branch has turned command-line sessions off."""
    now = now or utcnow()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with db.write() as s:
        enabled, idle = _settings(s)
        if not enabled:
            raise PermissionDenied("Command-line sessions are turned off for this branch; give the password "
                                   "with each command.")
        user = s.get(User, actor.id)
        if user is None or not user.active:
            raise PermissionDenied("There is no active user {username}.", username=actor.username)
        s.execute(delete(CliSession).where(CliSession.expires_at <= now))  # leftovers of ended sessions
        row = CliSession(token_hash=token_hash(token), user_id=user.id, password_mark=password_mark(user.password_hash),
                         workstation=workstation[:120], os_user=os_user[:120], created_at=now, last_used_at=now,
                         expires_at=now + HARD_LIMIT)
        s.add(row)
        s.flush()
        audit(s, actor, "cli_session.open", "user", user.id, workstation=row.workstation, os_user=row.os_user,
              idle_minutes=idle, expires_at=row.expires_at.isoformat(timespec="seconds"))
        return token, row.expires_at


def resume_session(db: Database, token: str, now: dt.datetime | None = None) -> Actor | None:
    """The user of a live session, as stored now (role read afresh), its idle clock restarted; None
    when the token names no live session (the ended session's row is deleted, and its end audited)."""
    now = now or utcnow()
    with db.write() as s:
        cursor = DriverCursor(s)
        row = read_session(cursor, token)
        if row is None:
            return None
        enabled, idle = read_settings(cursor)
        reason = end_reason(row, enabled, idle, now)
        if reason is not None:
            s.execute(delete(CliSession).where(CliSession.id == row.id))
            audit(s, None, "cli_session.end", "user", row.user_id, username=row.username, reason=reason)
            return None
        touch(cursor, row.id, now)
        return row.actor()


def close_session(db: Database, token: str) -> Actor | None:
    """``logout``: the session ends (its row is deleted) and the logout is audited. Returns its user,
    or None when the token named no session."""
    with db.write() as s:
        row = s.execute(
            select(CliSession.id, User).join(User, User.id == CliSession.user_id)
            .where(CliSession.token_hash == token_hash(token))
        ).first()
        if row is None:
            return None
        session_id, user = row
        s.execute(delete(CliSession).where(CliSession.id == session_id))
        actor = actor_of(user)
        audit(s, actor, "logout", "user", user.id, channel="command line")
        return actor
