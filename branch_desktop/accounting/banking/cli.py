"""Headless banking commands (the same services as the GUI):

``import statement FILE --account CODE [--format auto|csv|camt053|mt940] [--mapping NAME] [--dry-run]``,
``import csv-mapping FILE.json --name NAME [--bank BANK]``,
``reconcile --account CODE --month YYYY-MM --auto [--lock]``,
``report reconciliation|ten-day --account CODE --month YYYY-MM --format csv|pdf|xlsx [--out FILE]``,
``report payment-cheques --month YYYY-MM --format pdf|xlsx --out FILE``,
``bank-account add --code CODE --iban IBAN --bank NAME`` / ``bank-account list``,
``accounting-close --month YYYY-MM [--check]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from branch_desktop.core.i18n import current_language
from branch_desktop.core.i18n import gettext as _

if TYPE_CHECKING:
    from branch_desktop.accounting.banking.types import BankAccountView


def _user_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", default=argparse.SUPPRESS, help=_("act as this user"))


def register_commands(groups: dict[str, Any]) -> None:
    p = groups["import"].add_parser("statement", help=_("import a bank statement (camt.053, MT940 or CSV)"))
    p.add_argument("file", help=_("the statement file"))
    p.add_argument("--account", required=True, help=_("bank account code"))
    p.add_argument("--format", choices=("auto", "csv", "camt053", "mt940"), default="auto",
                   help=_("file format (default: recognised from the file)"))
    p.add_argument("--mapping", help=_("name of the saved CSV column mapping"))
    p.add_argument("--dry-run", action="store_true", help=_("check and print the statements, write nothing"))
    _user_option(p)
    p.set_defaults(func=cmd_import_statement)

    p = groups["import"].add_parser("csv-mapping", help=_("save a bank's CSV column mapping (JSON)"))
    p.add_argument("file", help=_("the mapping (JSON)"))
    p.add_argument("--name", required=True, help=_("name of the mapping"))
    p.add_argument("--bank", default="", help=_("the bank whose files it reads"))
    _user_option(p)
    p.set_defaults(func=cmd_import_mapping)

    p = groups["root"].add_parser("reconcile", help=_("reconcile a bank account's month"))
    p.add_argument("--account", required=True, help=_("bank account code"))
    p.add_argument("--month", required=True, help=_("YYYY-MM in the pack's calendar"))
    p.add_argument("--auto", action="store_true", help=_("match automatically first"))
    p.add_argument("--lock", action="store_true", help=_("lock the month when the difference is zero"))
    _user_option(p)
    p.set_defaults(func=cmd_reconcile)

    for name, text in (("reconciliation", _("a bank account's reconciliation report")),
                       ("ten-day", _("the 10-day balance of a bank account"))):
        p = groups["report"].add_parser(name, help=text)
        p.add_argument("--account", required=True, help=_("bank account code"))
        p.add_argument("--month", required=True, help=_("YYYY-MM in the pack's calendar"))
        p.add_argument("--format", choices=("csv", "pdf", "xlsx"), default="csv", help=_("output format"))
        p.add_argument("--out", help=_("output file (default: standard output for CSV)"))
        _user_option(p)
        p.set_defaults(func=cmd_report, banking_report=name)

    p = groups["report"].add_parser("payment-cheques", help=_("the monthly payment report of legal-obligation cheques"))
    p.add_argument("--month", required=True, help=_("YYYY-MM in the pack's calendar"))
    p.add_argument("--format", choices=("pdf", "xlsx"), default="pdf", help=_("output format"))
    p.add_argument("--out", required=True, help=_("output file"))
    _user_option(p)
    p.set_defaults(func=cmd_payment_report)

    p = groups["root"].add_parser("bank-account", help=_("the branch's bank accounts"))
    bs = p.add_subparsers(dest="bank_command", required=True, metavar="ACTION", help=_("add or list"))
    a = bs.add_parser("add", help=_("add a bank account"))
    a.add_argument("--code", required=True, help=_("code of the bank account (its ledger account by default)"))
    a.add_argument("--iban", required=True, help=_("IBAN of the account"))
    a.add_argument("--bank", required=True, help=_("name of the bank"))
    a.add_argument("--name", default="", help=_("name of the account"))
    a.add_argument("--ledger", help=_("ledger account code (default: the code)"))
    _user_option(a)
    a.set_defaults(func=cmd_bank_account)
    lst = bs.add_parser("list", help=_("list the bank accounts"))
    _user_option(lst)
    lst.set_defaults(func=cmd_bank_account)

    p = groups["root"].add_parser("accounting-close", help=_("close accounting's month (refused while anything blocks it)"))
    p.add_argument("--month", required=True, help=_("YYYY-MM in the pack's calendar"))
    p.add_argument("--check", action="store_true", help=_("only list what blocks the close"))
    _user_option(p)
    p.set_defaults(func=cmd_close)


def _ctx(args: argparse.Namespace) -> tuple[Any, Any]:
    from branch_desktop.cli import cli_context

    return cli_context(args)


def cmd_import_statement(args: argparse.Namespace) -> int:
    from branch_desktop.accounting.banking import services

    ctx, actor = _ctx(args)
    path = Path(args.file)
    if not path.is_file():
        print(_("error: no file {file}").format(file=args.file), file=sys.stderr)
        return 2
    summaries = services.import_statement(ctx, actor, args.account, services.read_statement_file(path),
                                          file_name=path.name,
                                          fmt=args.format, mapping=args.mapping, dry_run=args.dry_run)
    if args.dry_run:
        for s in summaries:
            print(json.dumps(s.as_json(ctx.pack.currency), ensure_ascii=False, sort_keys=True))
        return 0
    print(_("{count} statements with {lines} lines imported into {account}.").format(
        count=len(summaries), lines=sum(s.lines for s in summaries), account=args.account))
    return 0


def cmd_import_mapping(args: argparse.Namespace) -> int:
    from branch_desktop.accounting.banking import services
    from branch_desktop.accounting.banking.importers.csv import CsvLayout

    ctx, actor = _ctx(args)
    layout = CsvLayout.from_file(Path(args.file))
    services.save_csv_mapping(ctx, actor, args.name, layout, bank=args.bank)
    print(_("CSV mapping {name} saved.").format(name=args.name))
    return 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    from branch_desktop.accounting.banking import services

    ctx, actor = _ctx(args)
    ym = ctx.pack.calendar.parse_year_month(args.month)
    cur = ctx.pack.currency
    matched = None
    if args.auto:
        result = services.auto_match(ctx, actor, args.account, ym)
        matched = result.matched_groups
        for rule, count in sorted(result.by_rule.items()):
            print(_("  {rule}: {count}").format(rule=rule, count=count))
    state = services.reconciliation(ctx, actor, args.account, ym, items=False)  # the figures and counts only
    if args.lock and state.difference == 0 and not state.locked:
        state = services.lock_month(ctx, actor, args.account, ym)
    print(json.dumps({
        "account": args.account,
        "month": str(ym),
        "matched": matched if matched is not None else state.matched_groups,
        "unmatched_statement_lines": len(state.unmatched_statement),
        "unmatched_book_items": state.unmatched_book_count,
        "statement_balance": cur.plain(state.figures.statement_balance),
        "book_balance": cur.plain(state.figures.book_balance),
        "difference": cur.plain(state.difference),
        "locked": state.locked,
    }, ensure_ascii=False))
    return 0


def _write(args: argparse.Namespace, data: bytes | str, default_name: str) -> int:
    if isinstance(data, str):
        if args.out:
            Path(args.out).write_text(data, encoding="utf-8")
            print(args.out)
        else:
            sys.stdout.write(data)
        return 0
    out = Path(args.out or default_name)
    out.write_bytes(data)
    print(out)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from branch_desktop.accounting.banking import documents, exports, services

    ctx, actor = _ctx(args)
    ym = ctx.pack.calendar.parse_year_month(args.month)
    lang = current_language()
    name = f"{args.banking_report}-{args.account}-{ym}.{args.format}"
    if args.banking_report == "reconciliation":
        rec = services.reconciliation(ctx, actor, args.account, ym)
        if args.format == "csv":
            return _write(args, documents.reconciliation_csv(rec, ctx.pack.currency, lang), name)
        if args.format == "xlsx":
            return _write(args, exports.reconciliation_xlsx(rec, ctx.info, lang), name)
        return _write(args, documents.reconciliation_pdf(rec, ctx.info, lang), name)
    ten = services.ten_day_balance(ctx, actor, args.account, ym, issue=True)
    if args.format == "csv":
        return _write(args, documents.ten_day_csv(ten, ctx.pack.currency), name)
    if args.format == "xlsx":
        return _write(args, exports.ten_day_xlsx(ten, ctx.info, lang), name)
    return _write(args, documents.ten_day_pdf(ten, ctx.info, lang), name)


def cmd_payment_report(args: argparse.Namespace) -> int:
    from branch_desktop.accounting.banking import documents, exports, services

    ctx, actor = _ctx(args)
    ym = ctx.pack.calendar.parse_year_month(args.month)
    report = services.payment_report(ctx, actor, ym)
    lang = current_language()
    data = (documents.payment_report_pdf(report, ctx.info, lang) if args.format == "pdf"
            else exports.payment_report_xlsx(report, ctx.info, lang))
    return _write(args, data, args.out)


def cmd_bank_account(args: argparse.Namespace) -> int:
    if args.bank_command == "list":
        from branch_desktop.cli_fast import fast_context

        fast = fast_context(args, "banking.view")
        if fast is not None:  # a live command-line session: no SQLAlchemy (the service's own reading)
            from branch_desktop.accounting.banking.driver_reads import active_bank_accounts

            _print_accounts(active_bank_accounts(fast.conn))
            return 0
    from branch_desktop.accounting.banking import services

    ctx, actor = _ctx(args)
    if args.bank_command == "add":
        acc = services.create_bank_account(ctx, actor, args.code, args.iban, args.bank, name=args.name,
                                           ledger_code=args.ledger)
        print(_("Bank account {code} ({iban}) registered.").format(code=acc.code, iban=acc.iban))
        return 0
    _print_accounts(services.list_bank_accounts(ctx, actor))
    return 0


def _print_accounts(accounts: list[BankAccountView]) -> None:
    for acc in accounts:
        print("\t".join([acc.code, acc.iban, acc.currency, acc.bank, acc.role or "-",
                         "in-only" if not acc.allows_outgoing else "in/out"]))


def cmd_close(args: argparse.Namespace) -> int:
    from branch_desktop.accounting.banking import services

    ctx, actor = _ctx(args)
    ym = ctx.pack.calendar.parse_year_month(args.month)
    blockers = services.month_end_blockers(ctx, actor, ym)
    for b in blockers:
        print("- " + b)
    if blockers:
        return 1
    if args.check:
        print(_("Nothing blocks the close of {period}.").format(period=str(ym)))
        return 0
    services.close_month(ctx, actor, ym)
    print(_("Period {period} closed.").format(period=str(ym)))
    return 0
