"""Headless revenue commands (the same services as the GUI):

``import declaration FILE --employer FILE_NO --month YYYY-MM [--correction]``,
``receipt --employer FILE_NO --amount A --method slip|transfer|cheque --ref R [--date D] [--confirm-amount A] --user U``,
``report employer-statement --employer FILE_NO --format csv|pdf|xlsx [--out FILE]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from branch_desktop.core.i18n import current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.money import parse_cli_amount
from branch_desktop.revenue.states import Method


def _user_option(p: argparse.ArgumentParser) -> None:
    # also accepted after the command (``receipt ... --user U``); SUPPRESS keeps a global --user
    p.add_argument("--user", default=argparse.SUPPRESS, help=_("act as this user"))


def register_commands(groups: dict[str, Any]) -> None:
    p = groups["import"].add_parser("declaration", help=_("import an employer's monthly declaration (CSV or Excel)"))
    p.add_argument("file", help=_("the declaration file (CSV or Excel)"))
    p.add_argument("--employer", required=True, help=_("employer file number"))
    p.add_argument("--month", required=True, help=_("YYYY-MM in the pack's calendar"))
    p.add_argument("--correction", action="store_true", help=_("a correction of an accepted declaration"))
    _user_option(p)
    p.set_defaults(func=cmd_import_declaration)

    p = groups["root"].add_parser("receipt", help=_("register a payment at the counter"))
    p.add_argument("--employer", required=True, help=_("employer file number"))
    p.add_argument("--amount", required=True,
                   help=_("the amount received: digits with a point before the decimals, no thousands separator "
                          "(e.g. 1250000 or 12.50)"))
    p.add_argument("--confirm-amount", metavar="AMOUNT",
                   help=_("the same amount again, to take an amount far over the employer's debt or over your "
                          "limit per receipt"))
    p.add_argument("--method", required=True, choices=tuple(Method), help=_("how it was paid"))
    p.add_argument("--ref", required=True, help=_("slip number, transfer reference or cheque number"))
    p.add_argument("--date", help=_("receipt date in the pack's calendar (default: today)"))
    p.add_argument("--bank", default="", help=_("bank of the slip, transfer or cheque"))
    p.add_argument("--bank-branch", default="", help=_("bank branch"))
    p.add_argument("--slip-date", help=_("date of the bank slip"))
    p.add_argument("--due", help=_("due date of the cheque"))
    p.add_argument("--drawer", default="", help=_("drawer of the cheque"))
    p.add_argument("--month", help=_("allocate to this month first (YYYY-MM)"))
    p.add_argument("--pdf", help=_("write the receipt as PDF to this file"))
    p.add_argument("--layout", choices=("a5", "roll"), default="a5",
                   help=_("receipt layout: an A5 page or a receipt-printer roll"))
    _user_option(p)
    p.set_defaults(func=cmd_receipt)

    p = groups["report"].add_parser("employer-statement", help=_("an employer's account statement"))
    p.add_argument("--employer", required=True, help=_("employer file number"))
    p.add_argument("--format", choices=("csv", "pdf", "xlsx"), default="csv", help=_("output format"))
    p.add_argument("--out", help=_("output file (default: standard output for CSV)"))
    _user_option(p)
    p.set_defaults(func=cmd_employer_statement)


def cmd_import_declaration(args: argparse.Namespace) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.revenue import services

    ctx, actor = cli_context(args)
    ym = ctx.pack.calendar.parse_year_month(args.month)
    try:
        d = services.import_declaration_file(ctx, actor, Path(args.file), args.employer, ym, args.correction)
    except services.DeclarationRefused as exc:
        print(_("error: {message}").format(message=str(exc)), file=sys.stderr)
        for err in exc.errors:
            print("  " + str(err), file=sys.stderr)
        return 1
    cur = ctx.pack.currency
    print(_("Declaration {month} of file {file_no} taken: {count} insured, premium {premium}, accrued {accrued}.")
          .format(month=str(d.month), file_no=d.file_no, count=d.insured_count, premium=cur.plain(d.premium),
                  accrued=cur.plain(d.accrued)))
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.errors import ValidationError
    from branch_desktop.revenue import services
    from branch_desktop.revenue.exceptions import ImplausibleAmount
    from branch_desktop.revenue.types import PaymentInput

    ctx, actor = cli_context(args)
    cal, cur = ctx.pack.calendar, ctx.pack.currency
    amount = parse_cli_amount(args.amount, cur)
    confirmed = args.confirm_amount is not None
    if confirmed and parse_cli_amount(args.confirm_amount, cur) != amount:
        raise ValidationError("--confirm-amount {confirm} is not the amount {amount}: nothing was taken.",
                              confirm=args.confirm_amount, amount=args.amount)
    employer = services.find_employer(ctx, actor, args.employer)
    payment = PaymentInput(
        employer_id=employer.id,
        amount=amount,
        method=Method(args.method),
        reference=args.ref,
        bank=args.bank,
        bank_branch=args.bank_branch,
        ref_date=cal.parse(args.slip_date) if args.slip_date else None,
        due_date=cal.parse(args.due) if args.due else None,
        drawer=args.drawer,
        month=cal.parse_year_month(args.month) if args.month else None,
        on=cal.parse(args.date) if args.date else None,
    )
    try:
        receipt = services.take_payment(ctx, actor, payment, confirmed=confirmed)
    except ImplausibleAmount as exc:
        print(_("error: {message}").format(message=str(exc)), file=sys.stderr)
        print(_("Nothing was taken. If the amount is right, repeat it: --confirm-amount {amount}").format(
            amount=cur.plain(amount)), file=sys.stderr)
        return 2
    if args.pdf:
        from branch_desktop.revenue.documents import receipt_pdf

        Path(args.pdf).write_bytes(receipt_pdf(receipt, ctx.info, current_language(), args.layout))
    print(receipt.display_number)
    return 0


def cmd_employer_statement(args: argparse.Namespace) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.revenue import exports, services

    ctx, actor = cli_context(args)
    employer = services.find_employer(ctx, actor, args.employer)
    st = services.employer_statement(ctx, actor, employer.id)
    if args.format == "csv":
        text = exports.statement_csv(ctx, st)
        if args.out:
            Path(args.out).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
        return 0
    if not args.out:
        print(_("error: --out is required for {format}").format(format=args.format), file=sys.stderr)
        return 2
    if args.format == "xlsx":
        Path(args.out).write_bytes(exports.statement_xlsx(ctx, st, current_language()))
    else:
        from branch_desktop.revenue.documents import statement_pdf

        Path(args.out).write_bytes(statement_pdf(st, ctx.info, current_language()))
    print(args.out)
    return 0
