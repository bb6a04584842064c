"""Start the desktop shell: database, first start, login, main window, language; ``--selftest``."""

from __future__ import annotations

import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QSettings, Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from branch_desktop.core import i18n
from branch_desktop.core.branch import BranchContext, is_initialised, open_branch
from branch_desktop.core.errors import DomainError
from branch_desktop.core.security import Actor, record_refusal
from branch_desktop.core.storage import Database
from branch_desktop.gui.session import Session
from branch_desktop.gui.tasks import TaskRunner
from branch_desktop.gui.text_room import make_room

if TYPE_CHECKING:  # the window and its pages are imported while the password is checked (prepare_window)
    from branch_desktop.gui.main_window import MainWindow

ORGANISATION = "BranchDesktop"
APPLICATION = "Branch Desktop"
PERSIAN_FONT_FILE = "Vazirmatn-Regular.ttf"

_font_family: str | None = None
_default_font: QFont | None = None

# set by bench/bench_gui.py to time the start-up: called once the main window is shown
on_main_window_shown: Callable[[MainWindow], None] | None = None


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or [sys.argv[0]])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    from branch_desktop.gui.collector import install

    install(app)  # cycles collected on the GUI thread only, never by a worker (Qt objects die where they live)
    return app


def settings() -> QSettings:
    return QSettings()


def persian_font_family() -> str | None:
    """Register the bundled Vazirmatn font once; its family name (None if the file is missing)."""
    global _font_family
    if _font_family is None:
        from branch_desktop.paths import fonts_dir

        path = fonts_dir() / PERSIAN_FONT_FILE
        if path.exists():
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            bold = fonts_dir() / "Vazirmatn-Bold.ttf"
            if bold.exists():
                QFontDatabase.addApplicationFont(str(bold))
            _font_family = families[0] if families else ""
        else:
            _font_family = ""
    return _font_family or None


def apply_language(lang: str) -> None:
    """Set the process language, the layout direction and the font (Vazirmatn for Persian)."""
    global _default_font
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if _default_font is None:
        _default_font = QFont(app.font())
    i18n.set_language(lang)
    rtl = i18n.is_rtl(lang)
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    # Qt's own number widgets (spin boxes) write the language's digits (Latin digits typed are read too)
    QLocale.setDefault(QLocale(QLocale.Language.Persian, QLocale.Country.Iran) if lang == "fa"
                       else QLocale(QLocale.Language.Turkish, QLocale.Country.Turkey) if lang == "tr"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    family = persian_font_family() if lang == "fa" else None
    if family:
        font = QFont(family)
        font.setPointSizeF(max(_default_font.pointSizeF(), 9.5))
        app.setFont(font)
    else:
        app.setFont(_default_font)
    make_room(app)  # the dots of Ö Ü İ above the line are drawn, not cut off


def language_for(ctx: BranchContext | None, override: str | None = None) -> str:
    """``--lang`` wins, then the user's choice in settings, then the pack's language, then English."""
    if override in i18n.LANGUAGES:
        return str(override)
    stored = str(settings().value("language", "") or "")
    if stored in i18n.LANGUAGES:
        return stored
    if ctx is not None and ctx.pack.language in i18n.LANGUAGES:
        return ctx.pack.language
    return "en"


def prepare_window() -> None:
    """Import the main window and every department's page modules (``load_views``): the heaviest
    part of the start, done while the login dialog waits for the password check."""
    from branch_desktop.gui import main_window  # noqa: F401 - imported for what follows
    from branch_desktop.gui.registry import load_views

    load_views()


class Shell:
    """Owns the runner, the session and the main window; rebuilds the window on a language change."""

    def __init__(self, ctx: BranchContext, actor: Actor, runner: TaskRunner) -> None:
        from branch_desktop.gui.lock import SessionGuard

        prepare_window()
        self.runner = runner
        self.session = Session(ctx, actor, runner)
        self.window: MainWindow | None = None
        self.guard = SessionGuard(self)  # log out, switch user, idle lock
        # a refused task is audited as whoever is logged in when it runs (switch user included)
        runner.record_refusals(lambda exc: record_refusal(ctx.db, self.session.actor, exc))

    def show(self, page: str | None = None) -> MainWindow:
        from branch_desktop.gui.main_window import MainWindow

        window = MainWindow(self.session)
        window.language_requested.connect(self.change_language)
        window.logout_requested.connect(self.guard.log_out)
        window.lock_requested.connect(lambda: self.guard.lock("request"))
        window.idle_lock_changed.connect(self.guard.set_idle_minutes)
        self.guard.watch()
        window.restore(settings())
        if page:
            window.open_page(page)
        self.runner._parent_widget = lambda: self.window  # noqa: SLF001 - dialogs centre on the window
        self.window = window
        window.show()
        if on_main_window_shown is not None:
            on_main_window_shown(window)
        return window

    def change_language(self, lang: str) -> MainWindow:
        """Store the choice, apply it and rebuild the window on the same page."""
        settings().setValue("language", lang)
        apply_language(lang)
        old = self.window
        page = None
        if old is not None:
            page = old.current_page_key()
            old.save(settings())
            old.hide()
            old.deleteLater()
        self.window = None
        return self.show(page)

    def start_session(self, actor: Actor) -> MainWindow:
        """Another user logged in (after a log-out): a new session and a window built for them."""
        self.close_window()
        self.session = Session(self.session.ctx, actor, self.runner)
        return self.show()

    def close_window(self) -> None:
        """Close the window (its state is saved for its user); the previous user's pages go with it."""
        old, self.window = self.window, None
        if old is not None:
            old.close()
            old.deleteLater()

    def close(self) -> None:
        self.guard.stop()
        if self.window is not None:
            self.window.close()


class _Errors:
    """Collects exceptions raised in Qt slots (PySide prints them and carries on)."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []
        self._previous = sys.excepthook

    def __enter__(self) -> _Errors:
        sys.excepthook = self._hook
        return self

    def __exit__(self, *exc: object) -> None:
        sys.excepthook = self._previous

    def _hook(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        self.errors.append(value)
        traceback.print_exception(kind, value, tb)


PASSWORD_ENV = "BRANCH_DESKTOP_PASSWORD"


def run_gui(db_url: str | None = None, lang: str | None = None, selftest: bool = False, *,
            user: str | None = None, dump_ui: str | None = None) -> int:
    if dump_ui or (selftest and db_url):
        return run_headless_walk(db_url, user, lang, dump_ui)
    if selftest:
        return run_selftest(lang)
    app = make_app()
    apply_language(language_for(None, lang))
    runner = TaskRunner()
    try:
        db = Database(db_url)
        from branch_desktop.gui.upgrade import UpgradeOutcome, UpgradeState, upgrade_with_progress

        try:
            upgraded = upgrade_with_progress(db, runner)  # a big branch's migration can take minutes
        except Exception as exc:  # noqa: BLE001 - shown to the user, not a traceback
            upgraded = UpgradeOutcome(UpgradeState.FAILED, error=exc)
        if upgraded.state in (UpgradeState.FAILED, UpgradeState.CANCELLED):
            from branch_desktop.gui.tasks import show_message

            text = (str(upgraded.error) if upgraded.error is not None else
                    i18n.gettext("The upgrade was cancelled; the branch is as it was before the step in hand. "
                                 "Start the application again to finish it."))
            box = show_message(None, i18n.gettext("Cannot open the database"), text)
            box.exec()
            return 2
        username = ""
        if not is_initialised(db):
            from branch_desktop.gui.startup import FirstStartDialog

            first = FirstStartDialog(db, runner)
            if first.exec() != QDialog.DialogCode.Accepted:
                return 0
            username = first.username
        ctx = open_branch(db)
        apply_language(language_for(ctx, lang))
        from branch_desktop.gui.startup import LoginDialog

        login_dialog = LoginDialog(db, runner, ctx.name, username, prepare=prepare_window)
        if login_dialog.exec() != QDialog.DialogCode.Accepted or login_dialog.actor is None:
            return 0
        shell = Shell(ctx, login_dialog.actor, runner)
        shell.show()
        code = int(app.exec())
        runner.shutdown()
        from branch_desktop.core.backup import automatic_backup

        automatic_backup(db, shell.session.actor, "exit")  # the branch's rotated copy, checked
        return code
    except DomainError as exc:
        print(i18n.gettext("error: {message}").format(message=str(exc)), file=sys.stderr)
        return 2
    finally:
        runner.shutdown()


def run_headless_walk(db_url: str | None, user: str | None, lang: str | None, out: str | None) -> int:
    """Log in as ``user`` (password from ``BRANCH_DESKTOP_PASSWORD``) on an existing branch
    database, open the main window off screen, visit every page that user may open, and write
    what each page shows to ``out`` (JSON; ``--dump-ui``) or just check that nothing raised
    (``--selftest --db``). Nothing is written to the database but the login's audit rows."""
    import os

    password = os.environ.get(PASSWORD_ENV)
    if not user or password is None:
        print(i18n.gettext("error: {message}").format(message=i18n.gettext(
            "name the user with --user and give the password in BRANCH_DESKTOP_PASSWORD.")), file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # off screen, whatever the desktop
    return _run_offscreen("walk", lambda app, _tmp, runner: _walk(app, runner, db_url, user, password, lang, out))


def _walk(app: QApplication, runner: TaskRunner, db_url: str | None, user: str, password: str,
          lang: str | None, out: str | None) -> int:
    import json

    from branch_desktop.core.security import login
    from branch_desktop.gui.ui_dump import as_json, walk_pages

    try:
        db = Database(db_url)
        if not is_initialised(db):
            raise DomainError("the database holds no branch yet.")
        db.upgrade()
        ctx = open_branch(db)
        actor = login(db, user, password)
    except DomainError as exc:
        print(i18n.gettext("error: {message}").format(message=str(exc)), file=sys.stderr)
        return 2
    apply_language(language_for(ctx, lang))
    shell = Shell(ctx, actor, runner)
    window = shell.show()
    app.processEvents()
    dumps = walk_pages(window, lambda: runner.wait_idle(60))
    if not runner.wait_idle(60):
        print("walk: tasks did not finish", file=sys.stderr)
        return 1
    if out:
        Path(out).write_text(json.dumps(as_json(window, dumps), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"walk: {len(dumps)} pages", file=sys.stderr)
    shell.close()
    db.dispose()
    return 0


def run_selftest(lang: str | None = None, *, keep_open_ms: int = 0) -> int:
    """Open the main window on a temporary demo database, log in, visit every page, exit.

    Returns 0 when nothing raised (in the services, in a slot, in a task), 1 otherwise.
    """
    return _run_offscreen("selftest", lambda app, tmp, runner: _selftest(app, tmp, runner, lang))


def _run_offscreen(label: str, body: Callable[[QApplication, Path, TaskRunner], int]) -> int:
    """Run ``body`` with settings in a temporary folder, the task runner, and every exception
    raised in a slot or a task counted as a failure (exit 1)."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"branch-desktop-{label}-") as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        app = make_app()
        runner = TaskRunner()
        with _Errors() as caught:
            try:
                code = body(app, Path(tmp), runner)
            except Exception:  # noqa: BLE001
                traceback.print_exc()
                code = 1
            finally:
                runner.shutdown()
        if caught.errors or runner.errors:
            for err in runner.errors:
                print(f"{label}: task error: {err!r}", file=sys.stderr)
            code = 1
    print(f"{label}: {'ok' if code == 0 else 'FAILED'} in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    return code


def _selftest(app: QApplication, tmp: Path, runner: TaskRunner, lang: str | None) -> int:
    from branch_desktop.core.security import login
    from branch_desktop.demo import DemoSize, build_demo, demo_password

    db = Database(f"sqlite:///{tmp / 'selftest.db'}")
    db.upgrade()
    ctx, _admin, _count = build_demo(db, "ir_sso", DemoSize(20, 100, 2, 1))
    actor = login(db, "admin", demo_password())
    apply_language(language_for(ctx, lang))
    shell = Shell(ctx, actor, runner)
    window = shell.show()
    QGuiApplication.processEvents()
    visited = 0
    for key in window.page_keys():
        page = window.open_page(key)
        if page is None:
            print(f"selftest: page {key} not shown", file=sys.stderr)
            return 1
        runner.wait_idle(30)
        visited += 1
    from branch_desktop.accounting.ledger.views.entry_form import EntryFormPage

    form = window.open_page("accounting.entry")
    if not isinstance(form, EntryFormPage):
        print("selftest: the entry form was not offered to the administrator", file=sys.stderr)
        return 1
    for view in window.departments:
        window.open_department(view.department.key)
        app.processEvents()
    runner.wait_idle(30)
    app.processEvents()
    if not runner.wait_idle(30):
        print("selftest: tasks did not finish", file=sys.stderr)
        return 1
    print(f"selftest: {visited} pages, {len(window.departments)} departments visited", file=sys.stderr)
    shell.close()
    db.dispose()
    return 0
