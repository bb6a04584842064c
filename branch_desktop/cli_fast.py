"""The command line's fast path: a read-only command on a live command-line session, without SQLAlchemy.

``report trial-balance``, ``db current``, ``bank-account list``... read a few rows; importing
SQLAlchemy, its ORM and every department's models costs several times what they read. When the
command's database has a live command-line session (``branch-desktop login``) and is at the latest
schema, such a command runs on a driver connection of its own (``core.driver``: ``sqlite3`` or
``psycopg``), with the same SQL and the same code as its service (the services read through
``DriverCursor`` the functions the fast path calls).

The session is checked as on the full path (``core.cli_session_check``: the same rules, its idle clock
restarted in a write transaction, the role read afresh); the command's permission is checked before
anything is read. Whatever the fast path does not settle itself takes the full path, which behaves as
before: no token, a session that has ended (the full path deletes and audits it), another user named,
a role without the permission (the full path refuses and audits the refusal), a schema to upgrade, a
URL this path does not open, any error of the driver while the session is checked.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from branch_desktop.cli import ENV_USER, keep_open
from branch_desktop.core.i18n import set_language

if TYPE_CHECKING:
    from branch_desktop.core.driver import DriverConnection
    from branch_desktop.core.packs import Pack
    from branch_desktop.core.roles import Actor

_BRANCH = "SELECT pack_code, name, address FROM branch ORDER BY id LIMIT 1"


@dataclass
class FastContext:
    """What a read-only command needs: the connection, the branch's pack and name, and the user."""

    conn: DriverConnection
    pack: Pack
    name: str
    address: str
    actor: Actor

    def dispose(self) -> None:
        self.conn.close()


def fast_context(args: argparse.Namespace, permission: str | None, *, at_head: bool = True) -> FastContext | None:
    """The command's fast context, or None when the command must take the full path (see the module's
    text). ``permission``: what the command requires (checked here: a refusal takes the full path,
    which audits it); ``at_head``: the schema must be at the latest revisions (commands that upgrade
    first on the full path)."""
    if getattr(args, "password_only", False) or getattr(args, "_authenticated", None) is not None:
        return None
    from branch_desktop.core.driver import DriverConnection, display_url, resolve_url
    from branch_desktop.session_cli import read_token_file, token_path_for

    shown = display_url(resolve_url(args.db))
    if shown is None:
        return None
    token = read_token_file(token_path_for(shown), warn=False)  # the full path warns of a file others read
    if token is None:
        return None
    conn = DriverConnection.open(args.db)
    if conn is None:
        return None
    ctx = _resume(args, conn, token, permission, at_head)
    if ctx is None:
        conn.close()
        return None
    keep_open(ctx)
    if not args.lang:
        set_language(ctx.pack.language)
    return ctx


def _resume(args: argparse.Namespace, conn: DriverConnection, token: str, permission: str | None,
            at_head: bool) -> FastContext | None:
    from branch_desktop.core.cli_session_check import resume_live
    from branch_desktop.core.driver import driver_errors, utcnow
    from branch_desktop.core.migrations import read_revisions, script_heads
    from branch_desktop.core.packs import load_pack

    try:
        if at_head:
            heads = script_heads()
            if heads is None or read_revisions(conn) != heads:
                return None
        branch = conn.rows(_BRANCH)
        if not branch:
            return None
        conn.rollback()
        conn.begin_write()
        actor = resume_live(conn, token, utcnow())
        conn.commit()
    except driver_errors():
        return None
    named = (getattr(args, "user", None) or os.environ.get(ENV_USER) or "").strip()
    if actor is None or (named and named != actor.username):
        return None
    if permission is not None and not actor.can(permission):
        return None
    pack_code, name, address = branch[0]
    return FastContext(conn, load_pack(pack_code), name, address or "", actor)
