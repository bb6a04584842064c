"""Users, roles, password hashing (argon2) and permission checks.

Every service call takes the acting user (an :class:`Actor`) and calls :func:`require` before it
does anything, so a role is enforced in the services, not only by hiding buttons in the GUI.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from branch_desktop.core import records
from branch_desktop.core.errors import (
    AuthenticationError,
    ConflictError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from branch_desktop.core.models import AuditLog, User, utcnow
from branch_desktop.core.roles import ROLE_LABELS as ROLE_LABELS  # re-exported: where they were
from branch_desktop.core.roles import Actor as Actor  # re-exported: where it was
from branch_desktop.core.roles import Role
from branch_desktop.core.roles import register_permission as register_permission
from branch_desktop.core.roles import require as require
from branch_desktop.core.storage import Database

LOCKOUT_FAILURES = 5
LOCKOUT_MINUTES = 15

if TYPE_CHECKING:
    from argon2 import PasswordHasher


@cache
def _hasher() -> PasswordHasher:
    """argon2, imported when a password is hashed or checked (a command of a command-line session
    checks none)."""
    from argon2 import PasswordHasher

    return PasswordHasher()


def record_refusal(db: Database, actor: Actor | None, refusal: PermissionDenied) -> None:
    """Audit a refused action (``permission.denied``), in a transaction of its own.

    Called by the command line and the GUI's task runner for every :class:`PermissionDenied` a
    service raised, after the refused use case rolled back (so the row is kept).
    """
    with db.write() as session:
        user_id = None
        if actor is not None:
            user_id = session.scalar(select(User.id).where(User.id == actor.id, User.username == actor.username))
        audit(
            session,
            actor if user_id is not None else None,
            "permission.denied",
            "permission",
            str(refusal.params.get("permission", ""))[:60],
            message=refusal.template,
            username=actor.username if actor else "",
            role=actor.role.value if actor else "",
        )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def check_password_strength(password: str) -> None:
    if len(password) < 8:
        raise ValidationError("A password needs at least 8 characters.")


def audit(
    session: Session,
    actor: Actor | None,
    action: str,
    object_type: str = "",
    object_id: object = "",
    **details: object,
) -> None:
    """An audit row, written with the session's next flush (so a read-only session, such as a log
    in against a backup, writes nothing)."""
    session.add(AuditLog(**audit_values(actor, action, object_type, object_id, **details)))


def audit_now(session: Session, row: dict[str, Any]) -> None:
    """:func:`audit` in a write transaction, the row (:func:`audit_values`) written at once by a Core
    insert compiled once (no ORM object to flush at commit: the counter's receipts) and named for
    sealing at commit."""
    audit_id = session.connection().execute(_INSERT_AUDIT, row).scalar_one()
    records.track(session, AUDIT_KIND, [int(audit_id)])


AUDIT_KIND = "core.audit"  # the audit rows' record kind (core/record_kinds.py)
_INSERT_AUDIT = insert(AuditLog.__table__).returning(AuditLog.__table__.c.id)  # type: ignore[arg-type]


def audit_values(
    actor: Actor | None, action: str, object_type: str = "", object_id: object = "", **details: object
) -> dict[str, Any]:
    """The columns of an audit row (:func:`audit`; the posting kernel writes its own with them)."""
    return {
        "at": utcnow(),
        "user_id": actor.id if actor else None,
        "username": actor.username if actor else str(details.get("username", "")),
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "details": json.dumps(details, ensure_ascii=False, default=str, sort_keys=True) if details else "",
    }


def actor_of(user: User) -> Actor:
    return Actor(id=user.id, username=user.username, role=Role(user.role), full_name=user.full_name)


def create_user(
    session: Session,
    actor: Actor | None,
    username: str,
    password: str,
    role: Role | str,
    full_name: str = "",
) -> Actor:
    """Create a user. ``actor`` is None only for the first administrator of a new branch."""
    if actor is None:
        if session.scalar(select(func.count()).select_from(User)):
            raise PermissionDenied("Only an administrator may create users.")
    else:
        require(actor, "users.manage")
    username = username.strip()
    if not username:
        raise ValidationError("A user name is required.")
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError("'{role}' is not a role.", role=str(role)) from None
    check_password_strength(password)
    if session.scalar(select(User.id).where(User.username == username)):
        raise ConflictError("The user name {username} is taken.", username=username)
    user = User(username=username, full_name=full_name, role=role.value, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    audit(session, actor, "user.create", "user", user.id, username=username, role=role.value)
    return actor_of(user)


def authenticate(session: Session, username: str, password: str, now: dt.datetime | None = None) -> Actor:
    """Check a login. Wrong user or wrong password give the same message; five failures in a row
    lock the account for a while. Failures and lockouts are logged (the caller commits)."""
    now = now or utcnow()
    user = session.scalar(select(User).where(User.username == username.strip()))
    refused = AuthenticationError("The user name or the password is wrong.")
    if user is None or not user.active:
        audit(session, None, "login.failed", "user", "", username=username)
        raise refused
    _refuse_locked_out(session, user, now)
    _check_password(session, user, password, now, refused, "login.failed")
    actor = actor_of(user)
    audit(session, actor, "login", "user", user.id)
    return actor


def _refuse_locked_out(session: Session, user: User, now: dt.datetime) -> None:
    if user.locked_until and user.locked_until > now:
        audit(session, None, "login.locked", "user", user.id, username=user.username)
        raise AuthenticationError(
            "This account is locked after too many failed logins. Try again in {minutes} minutes.",
            minutes=max(1, int((user.locked_until - now).total_seconds() // 60) + 1),
        )


def _check_password(session: Session, user: User, password: str, now: dt.datetime,
                    refused: AuthenticationError, failed_action: str) -> None:
    """Verify a user's password; a failure counts towards the lock-out (login and unlock alike)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_logins += 1
        audit(session, None, failed_action, "user", user.id, username=user.username, failures=user.failed_logins)
        if user.failed_logins >= LOCKOUT_FAILURES:
            user.locked_until = now + dt.timedelta(minutes=LOCKOUT_MINUTES)
            user.failed_logins = 0
            audit(session, None, "user.locked", "user", user.id, username=user.username, minutes=LOCKOUT_MINUTES)
        raise refused from None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins = 0
    user.locked_until = None


def login(db: Database, username: str, password: str) -> Actor:
    """A login as one transaction: the failure count and the audit rows are kept even when refused."""
    failure: AuthenticationError | None = None
    with db.write() as session:
        try:
            return authenticate(session, username, password)
        except AuthenticationError as exc:
            failure = exc
    raise failure


def logout(db: Database, actor: Actor) -> None:
    """The user leaves the workstation (log out or switch user): logged."""
    with db.write() as session:
        audit(session, actor, "logout", "user", actor.id)


def lock_session(db: Database, actor: Actor, reason: str = "idle") -> None:
    """The screen is locked (after the idle time, or on request): logged."""
    with db.write() as session:
        audit(session, actor, "session.lock", "user", actor.id, reason=reason)


def unlock_session(db: Database, actor: Actor, password: str) -> Actor:
    """Unlock the screen with the same user's password. A wrong password is refused, logged and
    counts towards the lock-out like a failed login; a user locked out or deactivated meanwhile
    cannot unlock. Returns the user as stored now."""
    failure: AuthenticationError | None = None
    now = utcnow()
    with db.write() as session:
        user = session.get(User, actor.id)
        refused = AuthenticationError("The password is wrong.")
        try:
            if user is None or not user.active:
                audit(session, None, "unlock.failed", "user", actor.id, username=actor.username)
                raise refused
            _refuse_locked_out(session, user, now)
            _check_password(session, user, password, now, refused, "unlock.failed")
        except AuthenticationError as exc:
            failure = exc
        else:
            unlocked = actor_of(user)
            audit(session, unlocked, "session.unlock", "user", user.id)
            return unlocked
    raise failure


def user_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """The names a page or a document shows for these users (the person's full name, else the user
    name), read in one query for a whole list."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.full_name, User.username).where(User.id.in_(wanted)))
    return {uid: full or name for uid, full, name in rows}


def get_actor(session: Session, username: str) -> Actor:
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        raise NotFound("There is no active user {username}.", username=username)
    return actor_of(user)


def first_admin(session: Session) -> Actor:
    user = session.scalar(
        select(User).where(User.role == Role.ADMIN.value, User.active.is_(True)).order_by(User.id)
    )
    if user is None:
        raise NotFound("This database has no administrator; run 'branch-desktop init' first.")
    return actor_of(user)
