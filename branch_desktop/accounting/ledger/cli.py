"""The ledger's reports on the command line: ``report trial-balance --period YYYY-MM
[--format csv|pdf|xlsx] [--out FILE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from branch_desktop.core.i18n import gettext as _

if TYPE_CHECKING:
    from branch_desktop.core.ledger.types import TrialBalance
    from branch_desktop.core.money import Currency


def register_commands(groups: dict[str, Any]) -> None:
    tb = groups["report"].add_parser("trial-balance", help=_("the trial balance of a month"))
    tb.add_argument("--period", required=True, help=_("YYYY-MM in the pack's calendar"))
    tb.add_argument("--format", choices=("csv", "pdf", "xlsx"), default="csv", help=_("output format"))
    tb.add_argument("--out", help=_("output file (default: standard output for CSV)"))
    tb.set_defaults(func=cmd_trial_balance)


def cmd_trial_balance(args: argparse.Namespace) -> int:
    from branch_desktop.cli_fast import fast_context
    from branch_desktop.core.i18n import current_language

    fast = fast_context(args, "reports.view") if args.format == "csv" else None
    if fast is not None:  # a live command-line session: no SQLAlchemy (the service's own reading)
        from branch_desktop.core.ledger.trial_balance import read_trial_balance

        period = fast.pack.calendar.parse_year_month(args.period)
        tb = read_trial_balance(fast.conn, fast.pack, period, current_language() != fast.pack.language)
        return _write_csv(args, tb, fast.pack.currency)
    from branch_desktop.cli import cli_context
    from branch_desktop.core.ledger.queries import trial_balance

    ctx, actor = cli_context(args)
    period = ctx.pack.calendar.parse_year_month(args.period)
    tb = trial_balance(ctx, actor, period)
    if args.format == "csv":
        return _write_csv(args, tb, ctx.pack.currency)
    if not args.out:
        print(_("error: --out is required for {format}").format(format=args.format), file=sys.stderr)
        return 2
    if args.format == "xlsx":
        from branch_desktop.accounting.ledger.exports import trial_balance_xlsx

        Path(args.out).write_bytes(trial_balance_xlsx(tb, ctx.info, current_language()))
    else:
        from branch_desktop.accounting.ledger.documents import trial_balance_pdf

        Path(args.out).write_bytes(trial_balance_pdf(tb, ctx.info, current_language()))
    print(args.out)
    return 0


def _write_csv(args: argparse.Namespace, tb: TrialBalance, currency: Currency) -> int:
    from branch_desktop.accounting.ledger.exports import trial_balance_csv

    text = trial_balance_csv(tb, currency)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
