"""The manager's report commands:

``report performance --half YYYY-H1|H2``, ``report dashboard --month YYYY-MM``,
``report three-way --month YYYY-MM [--employer FILE_NO]`` (exit 1 when any variance exists, for a
nightly check), ``report branch-month --month YYYY-MM --out FILE.pdf``; each with
``--format pdf|xlsx|csv`` and ``--out FILE`` (CSV goes to standard output without ``--out``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from branch_desktop.core.i18n import gettext as _

FORMATS = ("pdf", "xlsx", "csv")


def register_commands(groups: dict[str, Any]) -> None:
    rs = groups["report"]
    p = rs.add_parser("performance", help=_("the performance-target table of a half-year (seed 000)"))
    p.add_argument("--half", required=True, help=_("the half-year, YYYY-H1 or YYYY-H2 in the pack's calendar"))
    _output(p, "pdf")
    p.set_defaults(func=cmd_performance)
    p = rs.add_parser("dashboard", help=_("the manager's dashboard figures of a month"))
    p.add_argument("--month", help=_("YYYY-MM in the pack's calendar (default: this month)"))
    _output(p, "csv")
    p.set_defaults(func=cmd_dashboard)
    p = rs.add_parser("three-way", help=_("declared x rate = accrual <-> receipts <-> bank lines; exit 1 on variances"))
    p.add_argument("--month", required=True, help=_("YYYY-MM in the pack's calendar"))
    p.add_argument("--employer", help=_("only this employer file number"))
    _output(p, "csv")
    p.set_defaults(func=cmd_three_way)
    p = rs.add_parser("branch-month", help=_("the monthly branch report for the provincial office"))
    p.add_argument("--month", required=True, help=_("YYYY-MM in the pack's calendar"))
    _output(p, "pdf")
    p.set_defaults(func=cmd_branch_month)


def _output(p: Any, default: str) -> None:
    p.add_argument("--format", choices=FORMATS, default=default, help=_("file format"))
    p.add_argument("--out", help=_("output file (default: standard output for CSV)"))


def _write(args: Any, data: bytes | str) -> int:
    if isinstance(data, str):
        if not args.out:
            sys.stdout.write(data)
            return 0
        data = data.encode("utf-8")
    if not args.out:
        print(_("error: --out is required for {format}").format(format=args.format), file=sys.stderr)
        return 2
    Path(args.out).write_bytes(data)
    print(args.out)
    return 0


def _need_out(args: Any) -> bool:
    if args.format != "csv" and not args.out:
        print(_("error: --out is required for {format}").format(format=args.format), file=sys.stderr)
        return False
    return True


def cmd_performance(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.i18n import current_language
    from branch_desktop.reports import exports, services
    from branch_desktop.reports.rules import Half

    half = Half.parse(args.half)
    if not _need_out(args):
        return 2
    ctx, actor = cli_context(args)
    table = services.performance_table(ctx, actor, half)
    lang = current_language()
    if args.format == "csv":
        return _write(args, exports.performance_csv(table, lang))
    if args.format == "xlsx":
        return _write(args, exports.performance_xlsx(table, lang, ctx.pack.currency, ctx.pack.calendar))
    from branch_desktop.reports.documents import performance_pdf

    return _write(args, performance_pdf(table, ctx.info, lang))


def cmd_dashboard(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.i18n import current_language
    from branch_desktop.reports import exports, services

    if not _need_out(args):
        return 2
    ctx, actor = cli_context(args)
    ym = services.parse_month(ctx, args.month) if args.month else None
    d = services.dashboard(ctx, actor, ym)
    lang = current_language()
    if args.format == "csv":
        return _write(args, exports.dashboard_csv(d))
    if args.format == "xlsx":
        return _write(args, exports.dashboard_xlsx(d, lang, ctx.pack.currency, ctx.pack.calendar))
    from branch_desktop.reports.monthly import dashboard_pdf

    return _write(args, dashboard_pdf(d, ctx.info, lang))


def cmd_three_way(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.i18n import current_language
    from branch_desktop.reports import exports, services
    from branch_desktop.reports.types import VARIANCE_LABELS

    if not _need_out(args):
        return 2
    ctx, actor = cli_context(args)
    report = services.three_way(ctx, actor, services.parse_month(ctx, args.month), args.employer)
    lang = current_language()
    if args.format == "csv":
        code = _write(args, exports.three_way_csv(report))
    elif args.format == "xlsx":
        code = _write(args, exports.three_way_xlsx(report, lang, ctx.pack.currency))
    else:
        from branch_desktop.reports.documents import three_way_pdf

        code = _write(args, three_way_pdf(report, ctx.info, lang))
    if code:
        return code
    for kind, (count, amount) in report.totals.items():
        print(_("{kind}: {count} ({amount})").format(kind=_(VARIANCE_LABELS[kind]), count=count,
                                                      amount=ctx.pack.currency.plain(amount)), file=sys.stderr)
    return 0 if report.clean else 1


def cmd_branch_month(args: Any) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.i18n import current_language
    from branch_desktop.reports import services
    from branch_desktop.reports.monthly import branch_month_csv, branch_month_pdf, branch_month_xlsx

    if not _need_out(args):
        return 2
    ctx, actor = cli_context(args)
    data = services.branch_month(ctx, actor, services.parse_month(ctx, args.month))
    lang = current_language()
    if args.format == "csv":
        return _write(args, branch_month_csv(data))
    if args.format == "xlsx":
        return _write(args, branch_month_xlsx(data, lang, ctx.pack.currency, ctx.pack.calendar))
    return _write(args, branch_month_pdf(data, ctx.info, lang))
