"""Command-line sessions (``core.cli_sessions``): ``login``, ``logout``, ``cli-sessions``, and the token file.

The token of a database's session is kept in the user's state folder (``BRANCH_DESKTOP_STATE``
overrides it), one file per database, readable and writable by its owner only (mode 0600 in a 0700
folder); a file others may read is not used. The file holds the token alone; the database holds
only its SHA-256.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import hashlib
import os
import stat
import sys
from pathlib import Path
from typing import Any

from branch_desktop.core.i18n import gettext as _

STATE_ENV = "BRANCH_DESKTOP_STATE"


def register_commands(groups: dict[str, Any]) -> None:
    root = groups["root"]
    s = root.add_parser("login", help=_("check the password once and open a command-line session for the "
                                        "commands that follow (until logout, the idle timeout or 8 hours)"))
    s.set_defaults(func=cmd_login)
    s = root.add_parser("logout", help=_("end this database's command-line session"))
    s.set_defaults(func=cmd_logout)
    s = root.add_parser("cli-sessions", help=_("show or change whether command-line sessions are allowed, and "
                                               "their idle timeout (administrators)"))
    on_off = s.add_mutually_exclusive_group()
    on_off.add_argument("--on", dest="enabled", action="store_const", const=True, default=None,
                        help=_("allow command-line sessions"))
    on_off.add_argument("--off", dest="enabled", action="store_const", const=False,
                        help=_("turn command-line sessions off and end every open one"))
    s.add_argument("--idle-minutes", type=int, help=_("end a session after this many minutes without a command"))
    s.set_defaults(func=cmd_cli_sessions)


# -- the token file -------------------------------------------------------------------------------------


def state_dir() -> Path:
    folder = os.environ.get(STATE_ENV)
    if folder:
        return Path(folder)
    from platformdirs import user_state_dir

    return Path(user_state_dir("branch-desktop", "BranchDesktop"))


def token_path(db: Any) -> Path:
    """The token file of a database (named by a hash of its URL, without the password)."""
    return token_path_for(str(db.engine.url.render_as_string(hide_password=True)))


def token_path_for(shown_url: str) -> Path:
    """The token file of the database whose URL, the password hidden, is ``shown_url``."""
    return state_dir() / "cli-sessions" / (hashlib.sha256(shown_url.encode("utf-8")).hexdigest()[:32] + ".token")


def read_token(db: Any) -> str | None:
    return read_token_file(token_path(db))


def read_token_file(path: Path, *, warn: bool = True) -> str | None:
    """The token kept in ``path``; None when there is none, or the file may be read by other users
    (said on standard error when ``warn``)."""
    try:
        if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
            if not warn:
                return None
            print(_("warning: {file} may be read by other users; the session in it is not used").format(file=path),
                  file=sys.stderr)
            return None
        token = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return token or None


def write_token(db: Any, token: str) -> Path:
    path = token_path(db)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_suffix(".tmp")
    temporary.unlink(missing_ok=True)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(token + "\n")
    os.replace(temporary, path)
    return path


def forget_token(db: Any) -> None:
    token_path(db).unlink(missing_ok=True)


def session_actor(args: argparse.Namespace, db: Any, named: str) -> Any:
    """The user of this database's command-line session, when there is a live one for the user the
    command names (or names none); None otherwise (an ended session's file is removed)."""
    token = read_token(db)
    if token is None:
        return None
    from sqlalchemy.exc import DatabaseError

    from branch_desktop.core.cli_sessions import resume_session
    from branch_desktop.core.driver import driver_errors

    caught: tuple[type[Exception], ...] = (DatabaseError, *driver_errors())
    try:
        actor = resume_session(db, token)
    except caught:  # a database from before command-line sessions (a restored backup): the password
        return None
    if actor is None:
        forget_token(db)
        return None
    if named and named != actor.username:
        return None  # another user's session: this command logs in with the password
    return actor


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "?"


# -- the commands -----------------------------------------------------------------------------------------


def cmd_login(args: argparse.Namespace) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.cli_sessions import close_session, open_session, session_settings
    from branch_desktop.core.locks import workstation

    args.password_only = True
    ctx, actor = cli_context(args)
    previous = read_token(ctx.db)
    if previous is not None:
        close_session(ctx.db, previous)
    token, expires = open_session(ctx.db, actor, workstation(), _os_user())
    write_token(ctx.db, token)
    _enabled, idle = session_settings(ctx.db)
    local = expires.replace(tzinfo=dt.UTC).astimezone()
    print(_("Logged in as {user}; the session ends after {minutes} minutes without a command, at {time} at the "
            "latest, or with 'branch-desktop logout'.").format(user=actor.username, minutes=idle,
                                                               time=local.strftime("%Y-%m-%d %H:%M")))
    return 0


def cmd_logout(args: argparse.Namespace) -> int:
    from branch_desktop.cli import open_database
    from branch_desktop.core.cli_sessions import close_session

    db = open_database(args)
    token = read_token(db)
    actor = close_session(db, token) if token is not None else None
    forget_token(db)
    if actor is None:
        print(_("No command-line session is open for this database."))
    else:
        print(_("Logged out: {user}.").format(user=actor.username))
    return 0


def cmd_cli_sessions(args: argparse.Namespace) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.cli_sessions import session_settings, set_session_settings

    ctx, actor = cli_context(args)
    if args.enabled is not None or args.idle_minutes is not None:
        enabled, idle = set_session_settings(ctx.db, actor, enabled=args.enabled, idle_minutes=args.idle_minutes)
    else:
        enabled, idle = session_settings(ctx.db)
    state = _("allowed") if enabled else _("turned off")
    print(_("Command-line sessions: {state}; idle timeout {minutes} minutes.").format(state=state, minutes=idle))
    return 0
