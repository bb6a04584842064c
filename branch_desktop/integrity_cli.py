"""Headless commands of the books' integrity: ``db repair-guards`` (put back every database guard
the migrations define, audited) and ``key init`` (the branch's checkpoint signing key).
``verify --checkpoints FILE`` is the kernel's ``verify``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from branch_desktop.core.i18n import gettext as _


def register_commands(groups: dict[str, Any]) -> None:
    p = groups["db"].add_parser("repair-guards", help=_("put back every missing or changed database guard (audited)"))
    p.set_defaults(func=cmd_repair_guards)
    p = groups["root"].add_parser("key", help=_("the branch's checkpoint signing key"))
    ks = p.add_subparsers(dest="key_command", required=True, metavar="ACTION", help=_("what to do with the key"))
    k = ks.add_parser("init", help=_("create the signing key, encrypted with a passphrase"))
    k.add_argument("--key", help=_("key file (default: BRANCH_DESKTOP_KEY or the user config folder)"))
    k.set_defaults(func=cmd_key_init)


def cmd_repair_guards(args: argparse.Namespace) -> int:
    from branch_desktop.cli import cli_context
    from branch_desktop.core.record_guards import repair_database_guards

    ctx, actor = cli_context(args)
    names = repair_database_guards(ctx, actor)
    if not names:
        print(_("Every database guard is in place."))
    else:
        print(_("Guards put back: {names}").format(names=", ".join(names)))
    return 0


def cmd_key_init(args: argparse.Namespace) -> int:
    from branch_desktop.core.checkpoints import ENV_PASSPHRASE, init_key, key_path

    path = Path(args.key) if args.key else key_path()
    passphrase = os.environ.get(ENV_PASSPHRASE)
    if not passphrase:
        if not sys.stdin.isatty():
            print(_("error: set {env} or run in a terminal").format(env=ENV_PASSPHRASE), file=sys.stderr)
            return 2
        passphrase = getpass.getpass(_("Passphrase of the signing key: "))
        if passphrase != getpass.getpass(_("Again: ")):
            print(_("error: the passphrases differ"), file=sys.stderr)
            return 2
    public = init_key(path, passphrase)
    print(_("Signing key written to {file}; public key {key}").format(file=path, key=public))
    return 0
