"""Headless commands: the same services as the GUI, for set-up, batch work and checks.

The CLI is run by the branch's operator on the machine that holds (or reaches) the database; it
acts as ``--user`` (default: the first administrator) without asking a password, since whoever
can run it can read the database anyway. Every role check in the services still applies.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import importlib
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

from branch_desktop import app_registry
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import LANGUAGES, set_language
from branch_desktop.core.i18n import gettext as _


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="branch-desktop", description=_("Branch Desktop: a social-security branch office."))
    p.add_argument("--db", help=_("database URL or SQLite file (default: BRANCH_DESKTOP_DB or the user data folder)"))
    p.add_argument("--lang", choices=LANGUAGES, help=_("language of messages and documents (default: the pack's)"))
    p.add_argument("--user", help=_("act as this user (default: the first administrator)"))
    p.add_argument("--selftest", action="store_true",
                   help=_("open the GUI, visit every page, exit (on a temporary demo database, or with --db and "
                          "--user on that branch)"))
    p.add_argument("--dump-ui", metavar="FILE.json",
                   help=_("log in as --user (password in BRANCH_DESKTOP_PASSWORD), visit every page off screen and "
                          "write each page's department, title and texts to FILE.json"))
    sub = p.add_subparsers(dest="command")

    s = sub.add_parser("init", help=_("create a new branch database"))
    s.add_argument("--pack", required=True)
    s.add_argument("--branch", required=True)
    s.add_argument("--admin", required=True)
    s.add_argument("--address", default="")

    s = sub.add_parser("demo", help=_("create (or extend) a demo branch with realistic postings"))
    s.add_argument("--pack", default="ir_sso")
    s.add_argument("--employers", type=int, default=300)
    s.add_argument("--insured", type=int, default=3000)
    s.add_argument("--months", type=int, default=6)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--extend", action="store_true", help=_("add postings to a branch that already has some"))
    s.add_argument("--ledger-only", action="store_true",
                   help=_("post everything at ledger level, in bulk (large benchmark databases)"))

    s = sub.add_parser("verify", help=_("check every chain of the books and legal records, the guards and the "
                                         "documents against the ledger"))
    s.add_argument("--checkpoints", metavar="FILE",
                   help=_("also prove the database still matches every signed checkpoint in this file"))

    s = sub.add_parser("report", help=_("print a report"))
    rs = s.add_subparsers(dest="report", required=True)
    tb = rs.add_parser("trial-balance")
    tb.add_argument("--period", required=True, help="YYYY-MM in the pack's calendar")
    tb.add_argument("--format", choices=("csv", "pdf", "xlsx"), default="csv")
    tb.add_argument("--out", help=_("output file (default: standard output for CSV)"))

    s = sub.add_parser("export", help=_("export data"))
    es = s.add_subparsers(dest="export", required=True)
    le = es.add_parser("ledger")
    le.add_argument("--out", required=True)

    s = sub.add_parser("backup", help=_("online backup of the SQLite database"))
    s.add_argument("--out", required=True)
    s = sub.add_parser("restore", help=_("replace the SQLite database with a backup"))
    s.add_argument("file")

    s = sub.add_parser("db", help=_("database maintenance"))
    ds = s.add_subparsers(dest="db_command", required=True)
    ds.add_parser("upgrade")
    ds.add_parser("current")

    s = sub.add_parser("import", help=_("import files"))
    ims = s.add_subparsers(dest="import_kind", required=True)
    groups = {"root": sub, "report": rs, "export": es, "import": ims, "db": ds}
    for module_name in app_registry.load().command_modules:
        importlib.import_module(module_name).register_commands(groups)
    return p


# Departments add their commands with ``reg.add_commands(module)`` in their ``register``: each
# module has ``register_commands(groups)`` which adds parsers to ``groups["root" | "report" |
# "export" | "import"]`` and sets ``func=handler`` on them (``handler(args) -> int``; use
# ``cli_context(args)`` for the branch and the acting user).


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


def cli_context(args: argparse.Namespace) -> tuple[Any, Any]:
    """The branch context and the acting user of a command (for department commands)."""
    return _context(args)


def _context(args: argparse.Namespace) -> tuple[Any, Any]:
    from branch_desktop.core.branch import open_branch
    from branch_desktop.core.security import first_admin, get_actor

    db = _db(args)
    db.upgrade()
    ctx = open_branch(db)
    if not args.lang:
        set_language(ctx.pack.language)
    with db.read() as s:
        actor = get_actor(s, args.user) if args.user else first_admin(s)
    return ctx, actor


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


def cmd_demo(args: argparse.Namespace) -> int:
    from branch_desktop.core.branch import is_initialised, open_branch
    from branch_desktop.core.ledger.queries import posted_entry_count
    from branch_desktop.demo import DemoSize, build_demo, demo_password

    db = _db(args)
    db.upgrade()
    if is_initialised(db) and not args.extend and posted_entry_count(open_branch(db)):
        print(_("This database already holds a branch with postings; nothing added (use --extend to add more)."))
        print(_("Users admin, clerk, accountant, manager; password: {password}").format(password=demo_password()))
        return 0
    size = DemoSize(args.employers, args.insured, args.months, args.seed)

    def progress(n: int) -> None:
        print(_("  {count} entries posted").format(count=n), file=sys.stderr)

    ctx, _admin, count = build_demo(db, args.pack, size, progress=progress, modules=() if args.ledger_only else None)
    print(_("Demo branch {name} ({pack}): {count} entries posted in {url}").format(
        name=ctx.name, pack=ctx.pack.code, count=count, url=_safe_url(db)))
    print(_("Users admin, clerk, accountant, manager; password: {password}").format(password=demo_password()))
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


def trial_balance_csv(tb: Any, currency: Any) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "name", "debit", "credit", "balance"])
    for r in tb.postable_rows:
        w.writerow([r.code, r.name, currency.plain(r.debit), currency.plain(r.credit), currency.plain(r.balance)])
    return buf.getvalue()


def cmd_report(args: argparse.Namespace) -> int:
    from branch_desktop.core.i18n import current_language
    from branch_desktop.core.ledger.queries import trial_balance

    ctx, actor = _context(args)
    period = ctx.pack.calendar.parse_year_month(args.period)
    tb = trial_balance(ctx, actor, period)
    if args.format == "csv":
        text = trial_balance_csv(tb, ctx.pack.currency)
        if args.out:
            Path(args.out).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0
    if not args.out:
        print(_("error: --out is required for {format}").format(format=args.format), file=sys.stderr)
        return 2
    if args.format == "xlsx":
        from branch_desktop.reports.trial_balance import trial_balance_xlsx

        Path(args.out).write_bytes(trial_balance_xlsx(tb, ctx.info, current_language()))
    else:
        from branch_desktop.printing.ledger_documents import trial_balance_pdf

        Path(args.out).write_bytes(trial_balance_pdf(tb, ctx.info, current_language()))
    print(args.out)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from branch_desktop.core.ledger.export import export_ledger_file

    ctx, actor = _context(args)
    count = export_ledger_file(ctx, actor, Path(args.out))
    print(_("{count} entries written to {file}").format(count=count, file=args.out))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from branch_desktop.core.branch import backup_database

    ctx, actor = _context(args)
    print(backup_database(ctx, actor, Path(args.out)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    db = _db(args)
    kept = db.restore_from(Path(args.file))
    print(_("Restored {file}; the previous database is kept as {kept}").format(file=args.file, kept=kept))
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from branch_desktop.core.migrations import current_revision, head_revision

    db = _db(args)
    if args.db_command == "upgrade":
        backup = db.upgrade()
        if backup:
            print(_("Backed up to {file}").format(file=backup))
    print(json.dumps({"current": current_revision(db.engine), "head": head_revision()}))
    return 0


COMMANDS = {
    "init": cmd_init,
    "demo": cmd_demo,
    "verify": cmd_verify,
    "report": cmd_report,
    "export": cmd_export,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "db": cmd_db,
}
