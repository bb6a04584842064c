"""Headless payroll commands (``reg.add_commands`` in ``accounting.register``)::

    branch-desktop payroll run --month YYYY-MM [--post] [--pay] --user U
    branch-desktop payroll bank-list --month YYYY-MM --out FILE.csv|FILE.xlsx
    branch-desktop payroll due-groups --month YYYY-MM
    branch-desktop payroll bonus --month YYYY-MM --kind productivity --scores FILE.csv [--post]
    branch-desktop payroll bonus --month YYYY-MM --kind performance --balance-progress 95 ... [--post]
    branch-desktop payslips --month YYYY-MM --out FILE.pdf [--employee NO] [--password]
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from pathlib import Path
from typing import Any

from branch_desktop.accounting.payroll.states import BONUS_KINDS, RunKind, RunStatus
from branch_desktop.core.i18n import current_language, format_money
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.money import parse_cli_amount, parse_cli_decimal
from branch_desktop.core.texts import format_count


def _user_option(p: argparse.ArgumentParser) -> None:
    # ``--user`` may also follow the subcommand; it then overrides the global option.
    p.add_argument("--user", default=argparse.SUPPRESS, help=_("act as this user"))


def register_commands(groups: dict[str, Any]) -> None:
    root = groups["root"]
    p = root.add_parser("payroll", help=_("staff payroll: monthly runs, bank lists"))
    ps = p.add_subparsers(dest="payroll_command", required=True, metavar="ACTION", help=_("the payroll action"))
    r = ps.add_parser("run", help=_("compute (and post) a month's payroll and print the totals"))
    r.add_argument("--month", required=True, help=_("YYYY-MM in the pack's calendar"))
    r.add_argument("--post", action="store_true", help=_("post the run to the payroll journal"))
    r.add_argument("--pay", action="store_true", help=_("also record the bank payment of the net pay"))
    _user_option(r)
    r.set_defaults(func=cmd_run)
    b = ps.add_parser("bank-list", help=_("write the bank transfer list of a posted month (CSV or Excel)"))
    b.add_argument("--month", required=True, help=_("YYYY-MM in the pack's calendar"))
    b.add_argument("--out", required=True, help=_("output file (.csv or .xlsx)"))
    _user_option(b)
    b.set_defaults(func=cmd_bank_list)
    g = ps.add_parser("due-groups", help=_("who is due a job group by the end of a month"))
    g.add_argument("--month", required=True, help=_("YYYY-MM in the pack's calendar"))
    _user_option(g)
    g.set_defaults(func=cmd_due_groups)
    bo = ps.add_parser("bonus", help=_("create an off-cycle bonus run (productivity scores or karaneh points)"))
    bo.add_argument("--month", required=True, help=_("YYYY-MM in the pack's calendar"))
    bo.add_argument("--kind", required=True, choices=tuple(BONUS_KINDS), help=_("kind of bonus"))
    bo.add_argument("--scores", help=_("CSV: personnel_no,score[,worked,principles,unpaid_leave_days,sick_leave_days] "
                                       "(shares as 0.97 or 97 percent)"))
    bo.add_argument("--collection-over-budget", default="0", help=_("karaneh: collections over budget, %%"))
    bo.add_argument("--arrears-share", default="0", help=_("karaneh: arrears in collections, %%"))
    bo.add_argument("--amount-over-budget", default="0", help=_("karaneh: collections over budget, amount"))
    bo.add_argument("--balance-progress", default="0", help=_("karaneh: revenue balance progress, %%"))
    bo.add_argument("--statements-on-time", type=int, default=0, help=_("karaneh: monthly statements by the 15th"))
    bo.add_argument("--post", action="store_true", help=_("post the run to the payroll journal"))
    _user_option(bo)
    bo.set_defaults(func=cmd_bonus)
    s = root.add_parser("payslips", help=_("print the payslips of a month to one PDF"))
    s.add_argument("--month", required=True, help=_("YYYY-MM in the pack's calendar"))
    s.add_argument("--out", required=True, help=_("output file (PDF)"))
    s.add_argument("--employee", help=_("only this personnel number"))
    s.add_argument("--kind", default=RunKind.MONTHLY, choices=tuple(RunKind),
                   help=_("which run: the monthly payroll or a bonus"))
    s.add_argument("--password", action="store_true",
                   help=_("encrypt the PDF with the employee's national id (with --employee)"))
    _user_option(s)
    s.set_defaults(func=cmd_payslips)


def _context(args: argparse.Namespace) -> tuple[Any, Any]:
    from branch_desktop.cli import cli_context

    return cli_context(args)


def cmd_run(args: argparse.Namespace) -> int:
    from branch_desktop.accounting.payroll import services

    ctx, actor = _context(args)
    month = ctx.pack.calendar.parse_year_month(args.month)
    run = services.find_run(ctx, actor, month)
    if run is None:
        run_id = services.create_run(ctx, actor, month)
    elif run.status == RunStatus.DRAFT:
        run_id = services.recompute_run(ctx, actor, run.id).id
    else:
        run_id = run.id
    if args.post and services.get_run(ctx, actor, run_id).status == RunStatus.DRAFT:
        services.post_run(ctx, actor, run_id)
    if args.pay and services.get_run(ctx, actor, run_id).status == RunStatus.POSTED:
        services.pay_run(ctx, actor, run_id)
    run = services.get_run(ctx, actor, run_id)
    cur, lang = ctx.pack.currency, current_language()
    status = {RunStatus.DRAFT: _("draft"), RunStatus.POSTED: _("posted"), RunStatus.PAID: _("paid"),
              RunStatus.REVERSED: _("reversed")}
    rows = [
        (_("Payroll run"), f"#{run.id} {run.period} ({status.get(run.status, run.status)})"),
        (_("Employees"), str(run.employees)),
        (_("Gross pay"), format_money(run.gross, cur, lang)),
        (_("Deductions"), format_money(run.deductions, cur, lang)),
        (_("Net pay"), format_money(run.net, cur, lang)),
        (_("Employer cost"), format_money(run.employer_cost, cur, lang)),
    ]
    width = max(len(k) for k, _v in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    return 0


def _share(text: str) -> Decimal:
    value = parse_cli_decimal(text.strip().rstrip("%").strip() or "0")
    return value / 100 if value > 1 else value


def cmd_bonus(args: argparse.Namespace) -> int:
    import csv

    from branch_desktop.accounting.payroll import rules, services
    from branch_desktop.core.errors import ValidationError

    ctx, actor = _context(args)
    month = ctx.pack.calendar.parse_year_month(args.month)
    if args.kind == RunKind.PRODUCTIVITY:
        if not args.scores:
            raise ValidationError("A productivity bonus needs --scores FILE.csv.")
        scores = {}
        with Path(args.scores).open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                if not row or not row[0].strip() or row[0].strip().lower() == "personnel_no":
                    continue
                cells = [c.strip() for c in row] + [""] * 6
                scores[cells[0]] = rules.ProductivityScore(
                    _share(cells[1]), _share(cells[2] or "1"), _share(cells[3] or "0"),
                    int(cells[4] or 0), int(cells[5] or 0))
        run_id = services.create_productivity_run(ctx, actor, month, scores)
    else:
        progress = parse_cli_decimal(args.balance_progress)
        indicators = rules.KaranehIndicators(
            parse_cli_decimal(args.collection_over_budget), parse_cli_decimal(args.arrears_share),
            ctx.pack.currency.from_minor(parse_cli_amount(args.amount_over_budget, ctx.pack.currency)),
            _share(args.balance_progress) if progress > 2 else progress,
            args.statements_on_time)
        run_id = services.create_performance_run(ctx, actor, month, indicators)
    if args.post:
        services.post_run(ctx, actor, run_id)
    run = services.get_run(ctx, actor, run_id)
    cur, lang = ctx.pack.currency, current_language()
    print(_("Bonus run #{id} ({kind}): {count} employees, gross {gross}, net {net}").format(
        id=format_count(run.id), kind=_(services.RUN_KINDS[run.kind]), count=format_count(run.employees), gross=format_money(run.gross, cur, lang),
        net=format_money(run.net, cur, lang)))
    return 0


def _live_run(ctx: Any, actor: Any, month_text: str, kind: str = RunKind.MONTHLY) -> Any:
    from branch_desktop.accounting.payroll import services
    from branch_desktop.core.errors import NotFound

    month = ctx.pack.calendar.parse_year_month(month_text)
    run = services.find_run(ctx, actor, month, kind)
    if run is None:
        raise NotFound("{month} has no payroll run.", month=str(month))
    return run


def cmd_bank_list(args: argparse.Namespace) -> int:
    from branch_desktop.accounting.payroll import services

    ctx, actor = _context(args)
    run = _live_run(ctx, actor, args.month)
    count = services.export_bank_list(ctx, actor, run.id, Path(args.out))
    print(_("{count} transfers written to {path}").format(count=format_count(count), path=args.out))
    return 0


def cmd_due_groups(args: argparse.Namespace) -> int:
    from branch_desktop.accounting.payroll import services

    ctx, actor = _context(args)
    month = ctx.pack.calendar.parse_year_month(args.month)
    for row in services.group_due_report(ctx, actor, month):
        new = _("first group") if row.new_group is None else str(row.new_group)
        print(f"{row.personnel_no}\t{row.name}\t{row.current_group or '-'} -> {new}\t"
              f"{ctx.pack.calendar.format(row.due_on)}")
    return 0


def cmd_payslips(args: argparse.Namespace) -> int:
    from branch_desktop.accounting.payroll import documents, services

    ctx, actor = _context(args)
    run = _live_run(ctx, actor, args.month, args.kind)
    password = None
    slips = services.payslips(ctx, actor, run.id, args.employee)
    if args.password:
        if not args.employee:
            from branch_desktop.core.errors import ValidationError

            raise ValidationError("A password is the employee's national id: name the employee with --employee.")
        first = list(slips)
        password = first[0].national_id
        slips = iter(first)
    count = documents.write_payslips_file(slips, ctx.info, current_language(), Path(args.out), password=password)
    print(_("{count} payslips written to {path}").format(count=format_count(count), path=args.out))
    return 0
