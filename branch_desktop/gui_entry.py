"""Start the GUI (imported only when no subcommand is given, so the CLI never loads Qt)."""

from __future__ import annotations


def preload_before_qt() -> None:
    """Import the database layer the start needs before the login dialog (SQLAlchemy, the kernel's
    tables, the migration check) before Qt: once PySide6 is imported, its ``__feature__`` import
    hook examines every module imported after it (it reads the module's source), a cost of its
    own for each of SQLAlchemy's few hundred modules. The pages' modules come later, while the
    password is typed (``gui.app.prepare_window``)."""
    import branch_desktop.core.branch  # noqa: F401 - imported for the side effect
    import branch_desktop.core.migrations  # noqa: F401
    import branch_desktop.core.security  # noqa: F401
    import branch_desktop.core.storage  # noqa: F401


def launch(db_url: str | None = None, lang: str | None = None, selftest: bool = False, *,
           user: str | None = None, dump_ui: str | None = None) -> int:
    preload_before_qt()
    from branch_desktop.gui.app import run_gui

    return run_gui(db_url=db_url, lang=lang, selftest=selftest, user=user, dump_ui=dump_ui)
