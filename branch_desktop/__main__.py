"""``python -m branch_desktop`` and the ``branch-desktop`` command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):  # verify's worker processes, in the installed (frozen) app
        import multiprocessing

        multiprocessing.freeze_support()
    from branch_desktop.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
