"""Headless execution-unit commands:

``charge compute --pack P --input FILE.json [--explain]``: late-payment charges computed by the
pack's rules without a database, printed as one JSON object (exit 2 with a message for malformed
input); ``charge compute --employer FILE_NO --until DATE [--explain]`` on the branch's database.
``debt register [--employer F] [--min-age DAYS]`` and ``debt ageing [--employer F] [--format pdf|xlsx
--out FILE]``: the debt register and its ageing buckets, as JSON; ``debt file --employer F [--pdf
FILE]``: the employer's debt file timeline.
``notice prepare [--min-age D] [--min-amount A] [--employer F ...] [--pdf FILE]`` and ``notice serve
--notice N --date D --method hand|post|electronic``; ``enforcement order --notice N [--date D] [--pdf
FILE]``, ``enforcement serve|object``, ``enforcement rate --year Y --half 1|2``; ``seizure request --order N --bank NAME [--date D] [--pdf FILE]`` and
``seizure list [--date D] --format pdf|xlsx --out FILE``; ``seizure reply --seizure N --seized A --reference R
[--date D]`` and ``seizure cancel --seizure N --reason R --requested-by USER`` (a manager); ``agreement new --employer F --instalments N
[--down-payment A]`` and ``agreement status --agreement N``.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import gettext as _

if TYPE_CHECKING:
    from branch_desktop.execution.types import Ageing, RegisterRow


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
    c.add_argument("--xlsx", help=_("also write the ageing of every employer to this Excel file"))
    c.add_argument("--format", choices=("pdf", "xlsx"), help=_("also write the ageing of every employer in this format"))
    c.add_argument("--out", help=_("the file to write with --format"))
    c.set_defaults(func=cmd_debt_ageing)
    c = sub.add_parser("file", help=_("an employer's debt file: each dated step, as JSON"))
    c.add_argument("--employer", required=True, help=_("the employer's file number"))
    c.add_argument("--pdf", help=_("also write the debt file to this PDF file"))
    c.set_defaults(func=cmd_debt_file)

    p = groups["root"].add_parser("notice", help=_("warning notices"))
    sub = p.add_subparsers(dest="notice_command", required=True, metavar="ACTION", help=_("the notice action"))
    c = sub.add_parser("prepare", help=_("prepare a batch of warning notices for the debts chosen"))
    c.add_argument("--min-age", type=int, default=1, help=_("only debts at least this many days overdue"))
    c.add_argument("--min-amount", default="0", help=_("only employers owing at least this amount"))
    c.add_argument("--employer", action="append", default=[], help=_("only this employer's file number (repeatable)"))
    c.add_argument("--date", help=_("the notices' date, in the pack's calendar (default: today)"))
    c.add_argument("--pdf", help=_("write the notices to this PDF file"))
    c.set_defaults(func=cmd_notice_prepare)
    c = sub.add_parser("serve", help=_("record that a notice was served"))
    c.add_argument("--notice", required=True, help=_("the notice number, YEAR/NUMBER"))
    c.add_argument("--date", help=_("the service date, in the pack's calendar (default: today)"))
    c.add_argument("--method", choices=("hand", "post", "electronic"), default="hand", help=_("how it was served"))
    c.set_defaults(func=cmd_notice_serve)

    p = groups["root"].add_parser("enforcement", help=_("enforcement orders"))
    sub = p.add_subparsers(dest="enforcement_command", required=True, metavar="ACTION",
                           help=_("the enforcement action"))
    c = sub.add_parser("order", help=_("issue an enforcement order on a served notice whose period has run"))
    c.add_argument("--notice", required=True, help=_("the notice number, YEAR/NUMBER"))
    c.add_argument("--date", help=_("the order's date, in the pack's calendar (default: today)"))
    c.add_argument("--pdf", help=_("write the order to this PDF file"))
    c.set_defaults(func=cmd_enforcement_order)
    c = sub.add_parser("rate", help=_("collected through enforcement / transferred, for a half-year"))
    c.add_argument("--year", type=int, required=True, help=_("the year, in the pack's calendar"))
    c.add_argument("--half", type=int, choices=(1, 2), required=True, help=_("the half-year: 1 or 2"))
    c.set_defaults(func=cmd_enforcement_rate)

    p = groups["root"].add_parser("seizure", help=_("seizure requests to banks"))
    sub = p.add_subparsers(dest="seizure_command", required=True, metavar="ACTION", help=_("the seizure action"))
    c = sub.add_parser("request", help=_("ask a bank to seize an employer's accounts under an enforcement order"))
    c.add_argument("--order", required=True, help=_("the enforcement order number, YEAR/NUMBER"))
    c.add_argument("--bank", required=True, help=_("the bank's name"))
    c.add_argument("--date", help=_("the request's date, in the pack's calendar (default: today)"))
    c.add_argument("--pdf", help=_("write the letter to the bank to this PDF file"))
    c.set_defaults(func=cmd_seizure_request)
    c = sub.add_parser("list", help=_("the seizure requests of a day, as PDF or Excel"))
    c.add_argument("--date", help=_("the day, in the pack's calendar (default: today)"))
    c.add_argument("--format", choices=("pdf", "xlsx"), default="pdf", help=_("the file's format"))
    c.add_argument("--out", required=True, help=_("the file to write"))
    c.set_defaults(func=cmd_seizure_list)
    c = sub.add_parser("reply", help=_("record the bank's reply to a seizure request"))
    c.add_argument("--seizure", required=True, help=_("the seizure request number, YEAR/NUMBER"))
    c.add_argument("--seized", required=True, help=_("the amount the bank seized (0: nothing)"))
    c.add_argument("--reference", required=True, help=_("the bank's reference"))
    c.add_argument("--date", help=_("the reply's date, in the pack's calendar (default: today)"))
    c.set_defaults(func=cmd_seizure_reply)
    c = sub.add_parser("cancel", help=_("cancel a seizure request the bank has not answered (a manager)"))
    c.add_argument("--seizure", required=True, help=_("the seizure request number, YEAR/NUMBER"))
    c.add_argument("--reason", required=True, help=_("why it is cancelled"))
    c.add_argument("--requested-by", required=True, help=_("the execution officer who asked for the cancellation"))
    c.set_defaults(func=cmd_seizure_cancel)

    p = groups["root"].add_parser("agreement", help=_("instalment agreements"))
    sub = p.add_subparsers(dest="agreement_command", required=True, metavar="ACTION", help=_("the agreement action"))
    c = sub.add_parser("new", help=_("an instalment agreement over an employer's overdue months"))
    c.add_argument("--employer", required=True, help=_("the employer's file number"))
    c.add_argument("--instalments", type=int, required=True, help=_("the number of monthly instalments"))
    c.add_argument("--down-payment", default="0", help=_("the down payment"))
    c.add_argument("--date", help=_("the agreement's date, in the pack's calendar (default: today)"))
    c.add_argument("--pdf", help=_("write the agreement and its schedule to this PDF file"))
    c.set_defaults(func=cmd_agreement_new)
    c = sub.add_parser("status", help=_("an agreement's schedule, what is paid and what is missed"))
    c.add_argument("--agreement", required=True, help=_("the agreement number, YEAR/NUMBER"))
    c.add_argument("--date", help=_("the day to look from, in the pack's calendar (default: today)"))
    c.set_defaults(func=cmd_agreement_status)


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
    return ctx.pack.calendar.parse(text) if text else ctx.today()


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
    from branch_desktop.execution.rules.cases import date_text

    fast = _fast_register(args)
    if fast is not None:  # a live command-line session, the register up to date: no SQLAlchemy
        from branch_desktop.execution.driver_reads import register_rows

        today = dt.date.today()
        rows = register_rows(fast.conn, fast.pack.currency, today, employer=args.employer, min_age=args.min_age,
                             limit=args.limit)
        return _print_register(rows, date_text(fast.pack.calendar))
    from branch_desktop.cli import cli_context
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    rows = services.debt_register(ctx, actor, ctx.today(), employer=args.employer, min_age=args.min_age,
                                  limit=args.limit)
    return _print_register(rows, date_text(ctx.pack.calendar))


def _fast_register(args: Any) -> Any:
    """The fast context (``cli_fast``) when the register needs no refresh (the full path refreshes it)."""
    from branch_desktop.cli_fast import fast_context
    from branch_desktop.execution.driver_reads import register_is_current

    fast = fast_context(args, "execution.view")
    if fast is None:
        return None
    if register_is_current(fast.conn):
        return fast
    fast.dispose()
    return None


def _print_register(rows: list[RegisterRow], dates: Any) -> int:
    from branch_desktop.core.trace import plain

    print(json.dumps([plain({"file_no": r.file_no, "employer": r.name, "month": str(r.month), "due": r.due,
                             "owed": r.owed, "age": r.age}, dates) for r in rows], ensure_ascii=False))
    return 0


def cmd_debt_ageing(args: Any) -> int:
    if args.format and not args.out:
        return _fail(_("give --out with --format."))
    outputs = [(f, out) for f, out in (("xlsx", args.xlsx), (args.format, args.out)) if out]
    fast = None if outputs else _fast_register(args)
    if fast is not None:  # a live command-line session, the register up to date: no SQLAlchemy
        from branch_desktop.execution.driver_reads import ageing_figures

        return _print_ageing(ageing_figures(fast.conn, fast.pack.currency, dt.date.today(), employer=args.employer))
    from branch_desktop.cli import cli_context
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    ageing = services.ageing(ctx, actor, ctx.today(), employer=args.employer)
    if outputs:
        from branch_desktop.core.i18n import current_language
        from branch_desktop.execution.documents import ageing_pdf
        from branch_desktop.execution.exports import ageing_xlsx

        report = services.ageing_report(ctx, actor, ctx.today())
        for fmt, out in outputs:
            Path(out).write_bytes(ageing_pdf(report, ctx.today(), ctx.info, current_language()) if fmt == "pdf"
                                  else ageing_xlsx(report, ctx.pack.currency.minor_digits))
    return _print_ageing(ageing)


def _print_ageing(ageing: Ageing) -> int:
    from branch_desktop.core.trace import plain

    print(json.dumps(plain({"buckets": dict(zip(ageing.labels, ageing.amounts, strict=True)),
                            "total": ageing.total, "employers": ageing.employers}), ensure_ascii=False))
    return 0


def cmd_debt_file(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    f = services.debt_file(ctx, actor, args.employer)
    if args.pdf:
        from branch_desktop.core.i18n import current_language
        from branch_desktop.execution.documents import debt_file_pdf

        Path(args.pdf).write_bytes(debt_file_pdf(f, ctx.info, current_language()))
    _print_json((ctx, {"file_no": f.file_no, "employer": f.name, "steps": [
        {"date": r.day, "step": r.event, "number": r.reference, "month": str(r.month) if r.month else None,
         "amount": r.amount, "detail": r.detail, "until": r.until} for r in f.rows]}))
    return 0


def _print_json(value: Any) -> None:
    from branch_desktop.core.trace import plain
    from branch_desktop.execution.rules.cases import date_text

    print(json.dumps(plain(value[1], date_text(value[0].pack.calendar)), ensure_ascii=False))


def cmd_notice_prepare(args: Any) -> int:
    from decimal import Decimal, InvalidOperation

    from branch_desktop.cli import cli_context
    from branch_desktop.core.i18n import current_language
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    try:
        minimum = Decimal(args.min_amount)
    except InvalidOperation:
        return _fail(_("'{value}' is not an amount.").format(value=args.min_amount))
    notices = services.prepare_notices(ctx, actor, _until(ctx, args.date), min_age=args.min_age, min_amount=minimum,
                                       employers=args.employer)
    if args.pdf and notices:
        from branch_desktop.execution.documents import notices_pdf

        Path(args.pdf).write_bytes(notices_pdf(notices, ctx.info, current_language()))
    _print_json((ctx, [{"notice": n.number, "file_no": n.file_no, "principal": n.principal, "charges": n.charges,
                        "months": len(n.lines)} for n in notices]))
    return 0


def cmd_notice_serve(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    n = services.serve_notice(ctx, actor, args.notice, _until(ctx, args.date), args.method)
    _print_json((ctx, {"notice": n.number, "state": n.state, "served_on": n.served_on,
                       "escalation_from": n.escalation_from}))
    return 0


def cmd_enforcement_order(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.i18n import current_language
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    order = services.issue_order(ctx, actor, args.notice, _until(ctx, args.date))
    if args.pdf:
        from branch_desktop.execution.documents import order_pdf

        Path(args.pdf).write_bytes(order_pdf(order, ctx.info, current_language()))
    _print_json((ctx, {"order": order.number, "notice": order.notice_number, "issued_on": order.issued_on,
                       "principal": order.principal, "amount": order.amount}))
    return 0


def cmd_enforcement_rate(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    r = services.enforcement_rate(ctx, actor, args.year, args.half)
    _print_json((ctx, {"from": r.start, "to": r.end, "orders": r.orders, "transferred": r.transferred,
                       "collected": r.collected, "rate": r.rate}))
    return 0


def cmd_seizure_request(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.i18n import current_language
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    r = services.request_seizure(ctx, actor, args.order, args.bank, _until(ctx, args.date))
    if args.pdf:
        from branch_desktop.execution.documents import seizure_letter_pdf

        Path(args.pdf).write_bytes(seizure_letter_pdf(r, ctx.info, current_language()))
    _print_json((ctx, {"seizure": r.number, "order": r.order_number, "employer": r.file_no, "bank": r.bank,
                       "amount": r.amount, "date": r.requested_on}))
    return 0


def cmd_seizure_list(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.i18n import current_language
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    day = _until(ctx, args.date)
    rows = services.list_seizures(ctx, actor, day)
    if args.format == "pdf":
        from branch_desktop.execution.documents import seizure_list_pdf

        Path(args.out).write_bytes(seizure_list_pdf(rows, day, ctx.info, current_language()))
    else:
        from branch_desktop.execution.exports import seizures_xlsx

        Path(args.out).write_bytes(seizures_xlsx(rows, ctx.pack.currency.minor_digits, ctx.pack.calendar.format))
    _print_json((ctx, {"date": day, "requests": len(rows), "total": sum((r.amount for r in rows),
                                                                        ctx.pack.currency.from_minor(0))}))
    return 0


def _seizure_json(ctx: Any, r: Any) -> None:
    _print_json((ctx, {"seizure": r.number, "order": r.order_number, "employer": r.file_no, "bank": r.bank,
                       "amount": r.amount, "state": r.state, "replied_on": r.replied_on, "seized": r.seized,
                       "reference": r.bank_reference, "cancel_reason": r.cancel_reason}))


def cmd_seizure_reply(args: Any) -> int:
    from decimal import Decimal, InvalidOperation

    from branch_desktop.cli import cli_context
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    try:
        seized = Decimal(args.seized)
    except InvalidOperation:
        return _fail(_("The amount seized is a number such as 1250.50, not '{value}'.").format(value=args.seized))
    _seizure_json(ctx, services.reply_to_seizure(ctx, actor, args.seizure, _until(ctx, args.date), seized,
                                                 args.reference))
    return 0


def cmd_seizure_cancel(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.security import get_actor
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    with ctx.db.read() as s:
        officer = get_actor(s, args.requested_by)
    _seizure_json(ctx, services.cancel_seizure(ctx, actor, args.seizure, args.reason, officer))
    return 0


def _agreement_json(ctx: Any, a: Any) -> None:
    _print_json((ctx, {"agreement": a.number, "employer": a.file_no, "state": a.state, "principal": a.principal,
                       "charges": a.charges, "paid": a.paid, "missed": a.missed, "default_after": a.default_after,
                       "instalments": [{"seq": i.seq, "due": i.due, "amount": i.amount, "paid": i.paid}
                                       for i in a.instalments]}))


def cmd_agreement_new(args: Any) -> int:
    from decimal import Decimal, InvalidOperation

    from branch_desktop.cli import cli_context
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    try:
        down = Decimal(args.down_payment)
    except InvalidOperation:
        return _fail(_("'{value}' is not an amount.").format(value=args.down_payment))
    a = services.new_agreement(ctx, actor, args.employer, _until(ctx, args.date), instalments=args.instalments,
                               down_payment=down)
    if args.pdf:
        from branch_desktop.core.i18n import current_language
        from branch_desktop.execution.documents import agreement_pdf

        Path(args.pdf).write_bytes(agreement_pdf(a, ctx.info, current_language()))
    _agreement_json(ctx, a)
    return 0


def cmd_agreement_status(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.execution import services

    ctx, actor = cli_context(args)
    _agreement_json(ctx, services.agreement_status(ctx, actor, args.agreement, _until(ctx, args.date)))
    return 0
