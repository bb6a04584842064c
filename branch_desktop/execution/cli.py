"""Headless execution-unit commands:

``charge compute --pack P --input FILE.json [--explain]``: late-payment charges computed by the
pack's rules without a database, printed as one JSON object (exit 2 with a message for malformed
input); ``charge compute --employer FILE_NO --until DATE [--explain]`` on the branch's database.
``debt register [--employer F] [--min-age DAYS]`` and ``debt ageing [--employer F]``: the debt
register and its ageing buckets, as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import gettext as _


def register_commands(groups: dict[str, Any]) -> None:
    p = groups["root"].add_parser("charge", help=_("statutory late-payment charges"))
    sub = p.add_subparsers(dest="charge_command", required=True, metavar="ACTION", help=_("the charge action"))
    c = sub.add_parser("compute", help=_("compute late-payment charges and print them as JSON"))
    c.add_argument("--pack", help=_("without a database: the jurisdiction pack whose rules apply (e.g. tr_sgk)"))
    c.add_argument("--input", help=_("without a database: the debts as a JSON file ('-' for standard input)"))
    c.add_argument("--employer", help=_("on the branch's database: the employer's file number"))
    c.add_argument("--until", help=_("the day the charges run to, in the pack's calendar (default: today)"))
    c.add_argument("--explain", action="store_true", help=_("print the calculation trace indented, for reading"))
    c.set_defaults(func=cmd_charge_compute)

    p = groups["root"].add_parser("debt", help=_("the debt register"))
    sub = p.add_subparsers(dest="debt_command", required=True, metavar="ACTION", help=_("the debt action"))
    c = sub.add_parser("register", help=_("each month's premium still owed after its due date, as JSON"))
    c.add_argument("--employer", help=_("only this employer's file number"))
    c.add_argument("--min-age", type=int, default=0, help=_("only months at least this many days overdue"))
    c.add_argument("--limit", type=int, default=1000, help=_("at most this many rows"))
    c.set_defaults(func=cmd_debt_register)
    c = sub.add_parser("ageing", help=_("the overdue debt in age buckets, for the branch or one employer, as JSON"))
    c.add_argument("--employer", help=_("only this employer's file number"))
    c.set_defaults(func=cmd_debt_ageing)


def _fail(message: str) -> int:
    print(_("error: {message}").format(message=message), file=sys.stderr)
    return 2


def _read_json(name: str) -> Any:
    text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    return json.loads(text)


def cmd_charge_compute(args: Any) -> int:
    if args.employer:
        return _charge_on_database(args)
    if not args.pack or not args.input:
        return _fail(_("give --pack and --input (no database), or --employer (on the database)."))
    from branch_desktop.core.packs import load_pack
    from branch_desktop.execution.rules.cases import compute_case

    try:
        data = _read_json(args.input)
    except (OSError, UnicodeDecodeError) as exc:
        return _fail(_("cannot read {file}: {reason}").format(file=args.input, reason=exc.__class__.__name__))
    except json.JSONDecodeError as exc:
        return _fail(_("{file} is not JSON (line {line}, column {column}).").format(
            file=args.input, line=exc.lineno, column=exc.colno))
    try:
        if isinstance(data, dict) and data.get("until") is None and args.until:
            data = {**data, "until": args.until}
        result = compute_case(load_pack(args.pack), data)
    except DomainError as exc:
        return _fail(str(exc))
    print(json.dumps(result, ensure_ascii=False, indent=2 if args.explain else None))
    return 0


def _until(ctx: Any, text: str | None) -> Any:
    import datetime as dt

    return ctx.pack.calendar.parse(text) if text else dt.date.today()


def _charge_on_database(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    result = services.employer_charges_json(ctx, actor, args.employer, _until(ctx, args.until))
    if not args.explain:
        for debt in result["debts"]:
            debt.pop("trace", None)
    print(json.dumps(result, ensure_ascii=False, indent=2 if args.explain else None))
    return 0


def cmd_debt_register(args: Any) -> int:
    import datetime as dt

    from branch_desktop.cli import cli_context
    from branch_desktop.core.trace import plain
    from branch_desktop.execution import services
    from branch_desktop.execution.rules.cases import date_text

    ctx, actor = cli_context(args)
    rows = services.debt_register(ctx, actor, dt.date.today(), employer=args.employer, min_age=args.min_age,
                                  limit=args.limit)
    dates = date_text(ctx.pack.calendar)
    print(json.dumps([plain({"file_no": r.file_no, "employer": r.name, "month": str(r.month), "due": r.due,
                             "owed": r.owed, "age": r.age}, dates) for r in rows], ensure_ascii=False))
    return 0


def cmd_debt_ageing(args: Any) -> int:
    import datetime as dt

    from branch_desktop.cli import cli_context
    from branch_desktop.core.trace import plain
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    ageing = services.ageing(ctx, actor, dt.date.today(), employer=args.employer)
    print(json.dumps(plain({"buckets": dict(zip(ageing.labels, ageing.amounts, strict=True)),
                            "total": ageing.total, "employers": ageing.employers}), ensure_ascii=False))
    return 0
