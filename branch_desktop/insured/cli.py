"""Headless insured-affairs commands:

``benefit compute --pack P --input FILE.json [--explain]``: one benefit case computed by the pack's
rules, printed as one JSON object, without a database (exit 0 whether eligible or not; exit 2 with
a message for malformed input).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import gettext as _


def register_commands(groups: dict[str, Any]) -> None:
    p = groups["root"].add_parser("benefit", help=_("benefit rules without a database"))
    sub = p.add_subparsers(dest="benefit_command", required=True)
    c = sub.add_parser("compute", help=_("compute one benefit case from a JSON file and print the decision as JSON"))
    c.add_argument("--pack", required=True, help=_("the jurisdiction pack whose rules apply (e.g. tr_sgk)"))
    c.add_argument("--input", required=True, help=_("the case as a JSON file ('-' for standard input)"))
    c.add_argument("--explain", action="store_true", help=_("print the calculation trace indented, for reading"))
    c.set_defaults(func=cmd_benefit_compute)


def cmd_benefit_compute(args: Any) -> int:
    from branch_desktop.core.packs import load_pack
    from branch_desktop.insured.rules.cases import compute_case

    try:
        text = sys.stdin.read() if args.input == "-" else Path(args.input).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(_("error: {message}").format(message=_("cannot read {file}: {reason}").format(
            file=args.input, reason=exc.__class__.__name__)), file=sys.stderr)
        return 2
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        print(_("error: {message}").format(message=_("{file} is not JSON (line {line}, column {column}).").format(
            file=args.input, line=exc.lineno, column=exc.colno)), file=sys.stderr)
        return 2
    try:
        result = compute_case(load_pack(args.pack), data)
    except DomainError as exc:
        print(_("error: {message}").format(message=str(exc)), file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2 if args.explain else None))
    return 0
