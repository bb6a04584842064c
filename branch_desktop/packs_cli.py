"""Pack commands (no database needed):

``pack check [NAME]``: audit one pack (or every pack): every row with a source, values in their
plausible ranges, yearly series without a missing year, no overlapping table rows; prints the
problems and exits 1 when there are any.
``pack show NAME [--on DATE]``: what is in force on a date (in the pack's calendar; default
today), with its source and note; uncertain figures are flagged.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from branch_desktop.core.i18n import gettext as _


def register_commands(groups: dict[str, Any]) -> None:
    p = groups["root"].add_parser("pack", help=_("check or show a jurisdiction pack's dated figures"))
    ps = p.add_subparsers(dest="pack_command", required=True, metavar="ACTION", help=_("check or show"))
    c = ps.add_parser("check", help=_("audit a pack's dated figures (every pack when no name is given)"))
    c.add_argument("name", nargs="?", help=_("the pack's code (ir_sso, tr_sgk); every pack when omitted"))
    c.set_defaults(func=cmd_pack_check)
    s = ps.add_parser("show", help=_("print the figures in force on a date, with their sources"))
    s.add_argument("name", help=_("the pack's code (ir_sso, tr_sgk)"))
    s.add_argument("--on", help=_("date in the pack's calendar (default: today)"))
    s.set_defaults(func=cmd_pack_show)


def cmd_pack_check(args: argparse.Namespace) -> int:
    from branch_desktop.core.pack_audit import check_pack
    from branch_desktop.core.packs import available_packs, load_pack

    names = [args.name] if args.name else available_packs()
    failed = False
    for name in names:
        problems = check_pack(load_pack(name))
        for problem in problems:
            print(f"{name}: {problem}")
        if problems:
            failed = True
            print(_("{pack}: {count} problem(s).").format(pack=name, count=len(problems)))
        else:
            print(_("{pack}: no problems.").format(pack=name))
    return 1 if failed else 0


def cmd_pack_show(args: argparse.Namespace) -> int:
    from branch_desktop.core.pack_audit import figures_on
    from branch_desktop.core.packs import load_pack

    pack = load_pack(args.name)
    on = pack.calendar.parse(args.on) if args.on else dt.date.today()
    print(_("{pack}: figures in force on {date}").format(pack=pack.code, date=pack.calendar.format(on)))
    last: tuple[str, str, str] = ("", "", "")
    for f in figures_on(pack, on):
        flag = " [" + _("uncertain") + "]" if f.uncertain else ""
        unit = f" {f.unit}" if f.unit else ""
        print(f"{f.name}\t{f.value}{unit}\t{_('since')} {pack.calendar.format(f.since)}{flag}")
        if f.kind == "table" and (f.name, f.source, f.note) == last:
            continue  # a table's rows share their source: print it once
        last = (f.name, f.source, f.note) if f.kind == "table" else ("", "", "")
        if f.source:
            print(f"\t{_('source')}: {f.source}")
        if f.note:
            print(f"\t{_('note')}: {f.note}")
    return 0
