"""Headless commands: the same services as the GUI, for set-up, batch work and checks.

Every command on an existing branch authenticates its user as the GUI's login does: the user is
``--user`` (or ``BRANCH_DESKTOP_USER``), the password is asked in a terminal or taken from
``BRANCH_DESKTOP_PASSWORD`` (scripts); failures count towards the lockout and are audited, and the
services check the user's role. A refused action (a role without the permission) is audited too.
After ``branch-desktop login`` the commands on that database use its command-line session instead
of the password (``session_cli``, ``core.cli_sessions``).
Only ``init`` and ``demo`` on an empty database run without a login: they create the users.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from branch_desktop import app_registry
from branch_desktop.core.errors import AuthenticationError, DomainError, PermissionDenied, ValidationError
from branch_desktop.core.i18n import LANGUAGES, format_number, set_language
from branch_desktop.core.i18n import gettext as _

if TYPE_CHECKING:
    from branch_desktop.core.migrations import MigrationStep

ENV_USER = "BRANCH_DESKTOP_USER"
ENV_PASSWORD = "BRANCH_DESKTOP_PASSWORD"


def _global_options(p: argparse.ArgumentParser, default: Any = None) -> None:
    """``--db``, ``--lang`` and ``--user``: before the command (``default=None``) and, on every
    subcommand, after it (``default=SUPPRESS``, so a value given before is not reset)."""
    have = p._option_string_actions  # noqa: SLF001 - a department may have added --user itself
    if "--db" not in have:
        p.add_argument("--db", default=default,
                       help=_("database URL or SQLite file (default: BRANCH_DESKTOP_DB or the user data folder)"))
    if "--lang" not in have:
        p.add_argument("--lang", choices=LANGUAGES, default=default,
                       help=_("language of messages and documents (default: the pack's)"))
    if "--user" not in have:
        p.add_argument("--user", default=default,
                       help=_("act as this user (default: BRANCH_DESKTOP_USER); the password is asked, "
                              "or read from BRANCH_DESKTOP_PASSWORD"))


def _subparsers(p: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    out: list[argparse.ArgumentParser] = []
    for action in p._actions:  # noqa: SLF001
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for child in dict.fromkeys(action.choices.values()):
                out.append(child)
                out.extend(_subparsers(child))
    return out


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="branch-desktop", description=_("Branch Desktop: a social-security branch office."))
    _global_options(p)
    p.add_argument("--selftest", action="store_true",
                   help=_("open the GUI, visit every page, exit (on a temporary demo database, or with --db and "
                          "--user on that branch)"))
    p.add_argument("--dump-ui", metavar="FILE.json",
                   help=_("log in as --user (password in BRANCH_DESKTOP_PASSWORD), visit every page off screen and "
                          "write each page's department, title and texts to FILE.json"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND", help=_("without a command the GUI starts"))

    s = sub.add_parser("init", help=_("create a new branch database"))
    s.add_argument("--pack", required=True, help=_("jurisdiction pack: ir_sso or tr_sgk"))
    s.add_argument("--branch", required=True, help=_("name of the branch"))
    s.add_argument("--admin", required=True,
                   help=_("user name of the first administrator (password: BRANCH_DESKTOP_ADMIN_PASSWORD or asked)"))
    s.add_argument("--address", default="", help=_("postal address of the branch"))

    s = sub.add_parser("demo", help=_("create (or extend) a demo branch with realistic postings"))
    s.add_argument("--pack", default="ir_sso", help=_("jurisdiction pack: ir_sso or tr_sgk"))
    s.add_argument("--employers", type=int, default=300, help=_("number of employers"))
    s.add_argument("--insured", type=int, default=3000, help=_("number of insured people"))
    s.add_argument("--months", type=int, default=6, help=_("number of months of history, up to today"))
    s.add_argument("--seed", type=int, default=1, help=_("random seed (the same seed gives the same branch)"))
    s.add_argument("--lines", type=int, default=0,
                   help=_("about this many journal lines over --months (sets the employers and insured)"))
    s.add_argument("--extend", action="store_true", help=_("add postings to a branch that already has some"))
    s.add_argument("--ledger-only", action="store_true",
                   help=_("post everything at ledger level, in bulk (large benchmark databases)"))

    s = sub.add_parser("verify", help=_("check every chain of the books and legal records, the guards and the "
                                         "documents against the ledger"))
    s.add_argument("--checkpoints", metavar="FILE",
                   help=_("also prove the database still matches every signed checkpoint in this file"))

    s = sub.add_parser("report", help=_("print a report"))
    rs = s.add_subparsers(dest="report", required=True, metavar="REPORT", help=_("the report"))
    # the reports are the departments' (the trial balance: accounting/ledger/cli.py)

    s = sub.add_parser("export", help=_("export data"))
    es = s.add_subparsers(dest="export", required=True, metavar="KIND", help=_("what to export"))
    le = es.add_parser("ledger", help=_("the posted journals as a ledger-cli / hledger journal"))
    le.add_argument("--out", required=True, help=_("output file"))

    s = sub.add_parser("backup", help=_("a checked backup of the branch (SQLite copy or pg_dump)"))
    s.add_argument("--out", help=_("write the backup to this file (default: the rotated copies in the backup folder)"))
    bs = s.add_subparsers(dest="backup_command", metavar="verify", help=_("check a backup file"))
    bv = bs.add_parser("verify", help=_("check a backup file: integrity and the books' verify"))
    bv.add_argument("file", help=_("the backup file"))
    s = sub.add_parser("restore", help=_("replace the branch database with a checked backup (administrators)"))
    s.add_argument("file", help=_("the backup file"))

    s = sub.add_parser("db", help=_("database maintenance"))
    ds = s.add_subparsers(dest="db_command", required=True, metavar="ACTION", help=_("the maintenance action"))
    ds.add_parser("upgrade", help=_("apply pending migrations (administrators)"))
    ds.add_parser("current", help=_("print the current and the latest schema revision"))

    s = sub.add_parser("import", help=_("import files"))
    ims = s.add_subparsers(dest="import_kind", required=True, metavar="KIND", help=_("the kind of file"))
    groups = {"root": sub, "report": rs, "export": es, "import": ims, "db": ds}
    for module_name in app_registry.load().command_modules:
        importlib.import_module(module_name).register_commands(groups)
    for child in _subparsers(p):
        _global_options(child, argparse.SUPPRESS)
    return p


# Departments add their commands with ``reg.add_commands(module)`` in their ``register``: each
# module has ``register_commands(groups)`` which adds parsers to ``groups["root" | "report" |
# "export" | "import"]`` and sets ``func=handler`` on them (``handler(args) -> int``; use
# ``cli_context(args)`` for the branch and the authenticated user). ``--db``, ``--lang`` and
# ``--user`` are added to every subcommand here.


def run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.lang:
        set_language(args.lang)
    if args.command is None:
        from branch_desktop.gui_entry import launch

        return launch(db_url=args.db, lang=args.lang, selftest=args.selftest, user=args.user, dump_ui=args.dump_ui)
    try:
        handler = getattr(args, "func", None) or COMMANDS[args.command]
        return int(handler(args) or 0)
    except DomainError as exc:
        if isinstance(exc, PermissionDenied):
            _record_refusal(args, exc)
        print(_("error: {message}").format(message=str(exc)), file=sys.stderr)
        return 2
    finally:
        while _opened:
            _opened.pop().dispose()


_opened: list[Any] = []


def _db(args: argparse.Namespace) -> Any:
    from branch_desktop.core.storage import Database

    db = Database(args.db)
    _opened.append(db)
    return db


def keep_open(handle: Any) -> None:
    """Close ``handle`` (its ``dispose()``) when the command ends."""
    _opened.append(handle)


def open_database(args: argparse.Namespace) -> Any:
    """The command's database, closed when the command ends (for department commands)."""
    return _db(args)


def _record_refusal(args: argparse.Namespace, exc: PermissionDenied) -> None:
    from branch_desktop.core.security import record_refusal

    done = getattr(args, "_authenticated", None)
    if done is not None:
        db, actor = done
        record_refusal(db, actor, exc)


def cli_context(args: argparse.Namespace) -> tuple[Any, Any]:
    """The branch context and the authenticated user of a command (for department commands)."""
    return _context(args)


def acting_username(args: argparse.Namespace) -> str:
    username = (getattr(args, "user", None) or os.environ.get(ENV_USER) or "").strip()
    if not username:
        raise ValidationError("Name the acting user with --user NAME (or BRANCH_DESKTOP_USER); "
                              "the password is asked, or read from BRANCH_DESKTOP_PASSWORD.")
    return username


def _password(username: str) -> str:
    password = os.environ.get(ENV_PASSWORD)
    if password:
        return password
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(_("Password for {user}: ").format(user=username))
    raise AuthenticationError("No password for {user}: set BRANCH_DESKTOP_PASSWORD or run in a terminal.",
                              user=username)


def authenticate_args(args: argparse.Namespace, db: Any) -> Any:
    """The command's user (once per command): the user of the database's command-line session
    (``branch-desktop login``) when there is a live one for the user named (or none is named),
    else a login with the password: lockout and audit as in the GUI."""
    done = getattr(args, "_authenticated", None)
    if done is not None:
        return done[1]
    actor = None
    if not getattr(args, "password_only", False):
        from branch_desktop.session_cli import session_actor

        named = (getattr(args, "user", None) or os.environ.get(ENV_USER) or "").strip()
        actor = session_actor(args, db, named)
    if actor is None:
        from branch_desktop.core.security import login

        username = acting_username(args)
        actor = login(db, username, _password(username))
    args._authenticated = (db, actor)
    return actor


def _context(args: argparse.Namespace, *, upgrade: bool = True) -> tuple[Any, Any]:
    from branch_desktop.core.branch import open_branch

    done = getattr(args, "_authenticated", None)
    db = done[0] if done is not None else _db(args)
    if upgrade:
        db.upgrade()
    ctx = open_branch(db)
    if not args.lang:
        set_language(ctx.pack.language)
    return ctx, authenticate_args(args, db)


def cmd_init(args: argparse.Namespace) -> int:
    from branch_desktop.core.branch import init_branch

    password = os.environ.get("BRANCH_DESKTOP_ADMIN_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            print(_("error: set BRANCH_DESKTOP_ADMIN_PASSWORD or run in a terminal"), file=sys.stderr)
            return 2
        password = getpass.getpass(_("Password for {user}: ").format(user=args.admin))
        if password != getpass.getpass(_("Again: ")):
            print(_("error: the passwords differ"), file=sys.stderr)
            return 2
    db = _db(args)
    ctx, _admin = init_branch(db, args.pack, args.branch, args.admin, password, address=args.address)
    print(_("Branch {name} ({pack}) created in {url}").format(name=ctx.name, pack=ctx.pack.code, url=_safe_url(db)))
    return 0


def _safe_url(db: Any) -> str:
    return str(db.engine.url.render_as_string(hide_password=True))


class DemoProgress:
    """``demo``'s progress on standard error: a bar that redraws itself on a terminal, one line per
    step (and per 5,000 entries) otherwise."""

    WIDTH = 30

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.step, self.steps, self.name, self.count = 0, 1, "", 0

    def on_step(self, name: str, number: int, steps: int) -> None:
        labels = {"branch": _("branch and users"), "ledger": _("ledger postings"), "revenue": _("revenue"),
                  "payroll": _("payroll"), "banking": _("banking")}
        self.step, self.steps, self.name = number, steps, labels.get(name, name)
        self._show(new_line=not self.tty)

    def on_count(self, count: int) -> None:
        self.count = count
        self._show(new_line=not self.tty)

    def _show(self, new_line: bool) -> None:
        text = _("step {number} of {steps}: {name}").format(number=self.step, steps=self.steps, name=self.name)
        if self.count:
            text += " - " + _("{count} entries posted").format(count=self.count)
        if self.tty:
            done = self.WIDTH * max(self.step - 1, 0) // max(self.steps, 1)
            bar = "#" * done + "-" * (self.WIDTH - done)
            self.stream.write(f"\r[{bar}] {text}\033[K")
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty:
            self.stream.write(f"\r[{'#' * self.WIDTH}] " + _("done") + "\033[K\n")
            self.stream.flush()


def cmd_demo(args: argparse.Namespace) -> int:
    from branch_desktop.core.branch import is_initialised, open_branch
    from branch_desktop.core.ledger.queries import posted_entry_count
    from branch_desktop.core.security import require
    from branch_desktop.demo import DemoSize, build_demo, demo_password

    db = _db(args)
    db.upgrade()
    actor = None
    if is_initialised(db):
        if not args.extend and posted_entry_count(open_branch(db)):
            # nothing is read or written: the README's start command may run twice without a login
            print(_("This database already holds a branch with postings; nothing added (use --extend to add more)."))
            return 0
        _ctx, actor = _context(args)  # adding to a branch: its administrator, logged in like every command
        require(actor, "system.demo")
    size = (DemoSize.for_lines(args.lines, args.months, args.seed) if args.lines
            else DemoSize(args.employers, args.insured, args.months, args.seed))
    progress = DemoProgress()
    created: list[str] = []
    ctx, _admin, count = build_demo(db, args.pack, size, progress=progress.on_count, on_step=progress.on_step,
                                    modules=() if args.ledger_only else None, actor=actor, created_users=created)
    progress.finish()
    print(_("Demo branch {name} ({pack}): {count} entries posted in {url}").format(
        name=ctx.name, pack=ctx.pack.code, count=count, url=_safe_url(db)))
    if created:
        print(_("Users created: {users}; password: {password}").format(users=", ".join(created),
                                                                        password=demo_password()))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from branch_desktop.core.record_verify import verify_everything

    ctx, _actor = _context(args)
    report = verify_everything(ctx)
    if getattr(args, "checkpoints", None):
        from branch_desktop.core.checkpoints import verify_checkpoints

        count = verify_checkpoints(ctx, Path(args.checkpoints), report)
        if report.ok:
            print(_("{count} checkpoints of {file} match the database.").format(count=count, file=args.checkpoints))
    if report.ok:
        print(_("The books are sound: {journals} journals, {entries} entries, {lines} lines.").format(
            journals=report.journals, entries=report.entries, lines=report.lines))
        return 0
    print(_("The books are NOT sound. First bad entry: {entry}").format(entry=report.first_bad_entry))
    for problem in report.problems[:50]:
        print("  " + problem)
    if len(report.problems) > 50:
        print("  ...")
    return 1


def cmd_export(args: argparse.Namespace) -> int:
    from branch_desktop.core.ledger.export import export_ledger_file

    ctx, actor = _context(args)
    count = export_ledger_file(ctx, actor, Path(args.out))
    print(_("{count} entries written to {file}").format(count=count, file=args.out))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from branch_desktop.core import backup

    if args.backup_command == "verify":
        return _backup_verify(args, Path(args.file))
    ctx, actor = _context(args)
    if args.out:
        print(backup.backup_file(ctx.db, actor, Path(args.out)))
        return 0
    from branch_desktop.core.security import require

    require(actor, "system.backup")
    print(backup.rotate_backup(ctx.db, actor))
    return 0


def _backup_verify(args: argparse.Namespace, path: Path) -> int:
    """``backup verify FILE``: needs no login when the database is SQLite (the file is only read);
    a PostgreSQL dump is checked on the server ``--db`` names."""
    from branch_desktop.core import backup
    from branch_desktop.core.storage import is_postgres_url

    like = None
    if args.db and is_postgres_url(args.db):
        ctx, _actor = _context(args)
        like = ctx.db
    result = backup.check_backup(path, like=like)
    if result.ok:
        print(_("{file}: the backup is sound ({entries} entries).").format(file=path, entries=result.entries))
        return 0
    for problem in result.problems:
        print(_("error: {message}").format(message=problem), file=sys.stderr)
    return 1


def cmd_restore(args: argparse.Namespace) -> int:
    from branch_desktop.core import backup
    from branch_desktop.core.branch import is_initialised

    source = Path(args.file)
    backup.require_file(source)  # a missing or empty file is refused before anything is opened
    db = _db(args)
    live_ok = False
    try:
        live_ok = is_initialised(db)
    except Exception:  # noqa: BLE001 - a damaged live database: log in against the backup instead
        db.dispose()
    if live_ok:
        _ctx, actor = _context(args)
    else:
        actor = _authenticate_against_backup(args, source)
    kept = backup.restore_backup(db, actor, source)
    print(_("Restored {file}; the previous database is kept as {kept}").format(file=args.file, kept=kept))
    return 0


def _authenticate_against_backup(args: argparse.Namespace, source: Path) -> Any:
    """When the live database is missing or damaged, the administrator logs in as one of the
    backup's users (read-only: the backup file is not changed)."""
    from branch_desktop.core.security import authenticate
    from branch_desktop.core.storage import Database

    copy = Database.read_only(source)
    _opened.append(copy)
    username = acting_username(args)
    with copy.read() as session:
        return authenticate(session, username, _password(username))


def _print_migration_step(step: MigrationStep) -> None:
    """One line per applied revision on stderr: a big branch's text index can take minutes."""
    print(_("[{number}/{total}] applied {revision} ({title}) in {seconds} s").format(
        number=step.number, total=step.total, revision=step.revision, title=step.title,
        seconds=format_number(Decimal(str(round(step.seconds, 1))), decimals=1)), file=sys.stderr, flush=True)


def cmd_db(args: argparse.Namespace) -> int:
    from branch_desktop.core.migrations import current_revision, head_revision

    if args.db_command == "current":
        from branch_desktop.cli_fast import fast_context

        fast = fast_context(args, None, at_head=False)  # a live command-line session: no SQLAlchemy
        if fast is not None:
            from branch_desktop.core.migrations import read_revisions, revision_text

            print(json.dumps({"current": revision_text(read_revisions(fast.conn)), "head": head_revision()}))
            return 0
    ctx, actor = _context(args, upgrade=False)
    db = ctx.db
    if args.db_command == "upgrade":
        from branch_desktop.core.security import require

        require(actor, "system.upgrade")
        backup = db.upgrade(progress=_print_migration_step)
        if backup:
            print(_("Backed up to {file}").format(file=backup))
    print(json.dumps({"current": current_revision(db.engine), "head": head_revision()}))
    return 0


COMMANDS = {
    "init": cmd_init,
    "demo": cmd_demo,
    "verify": cmd_verify,
    "export": cmd_export,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "db": cmd_db,
}
