"""Start the GUI (imported only when no subcommand is given, so the CLI never loads Qt)."""

from __future__ import annotations


def launch(db_url: str | None = None, lang: str | None = None, selftest: bool = False, *,
           user: str | None = None, dump_ui: str | None = None) -> int:
    from branch_desktop.gui.app import run_gui

    return run_gui(db_url=db_url, lang=lang, selftest=selftest, user=user, dump_ui=dump_ui)
