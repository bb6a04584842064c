"""The main window: navigation rail by department, page stack, menus, status bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.i18n import LANGUAGES
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger import services
from branch_desktop.core.ledger.types import PeriodStatus
from branch_desktop.core.security import ROLE_LABELS
from branch_desktop.gui.department_view import DepartmentView, PageHost, PlaceholderPage  # noqa: F401
from branch_desktop.gui.operations import PERIODS, read, watch
from branch_desktop.gui.registry import DEPARTMENTS, HOME_PAGES, pages_of
from branch_desktop.gui.session import Session
from branch_desktop.gui.tasks import show_message
from branch_desktop.gui.widgets import ok_cancel, std_icon

if TYPE_CHECKING:
    from branch_desktop.gui.live import LiveRefresh

# Language names are shown in their own language, the same whatever the interface language.
LANGUAGE_NAMES = {"fa": "فارسی", "tr": "Türkçe", "en": "English"}


class LanguageDialog(QDialog):
    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Language"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.combo = QComboBox()
        for lang in LANGUAGES:
            self.combo.addItem(LANGUAGE_NAMES.get(lang, lang), lang)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        form.addRow(_("Language of the interface"), self.combo)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self.accept, self.reject))

    def language(self) -> str:
        return str(self.combo.currentData())


def _first_field(page: QWidget) -> QWidget | None:
    """The first widget of a page that Tab would reach."""
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        if (page.isAncestorOf(widget) and widget.isEnabled() and widget.isVisibleTo(page)
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            return widget
        widget = widget.nextInFocusChain()
    return None


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    logout_requested = Signal()
    lock_requested = Signal()
    idle_lock_changed = Signal(int)  # minutes, 0: never

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._closed = False
        ctx, actor = session.ctx, session.actor
        session.open_page = self.open_page
        session.status_message = lambda text: self.statusBar().showMessage(text, 8000)
        # other workstations' changes refresh these pages: the feed starts once the window is up
        self.live: LiveRefresh | None = None
        QTimer.singleShot(0, self, self._start_live)
        self.setWindowTitle(_("Branch Desktop – {branch}").format(branch=ctx.name))
        self.setObjectName("MainWindow")

        self.rail = QListWidget()
        self.rail.setObjectName("rail")
        self.rail.setIconSize(QSize(28, 28))
        self.rail.setSpacing(2)
        self.rail.setMinimumWidth(150)
        self.rail.setMaximumWidth(230)
        self.stack = QStackedWidget()
        self.departments: list[DepartmentView] = []
        for dep in DEPARTMENTS:
            specs = pages_of(dep.key)
            allowed = [s for s in specs if s.allowed(actor)]
            if specs and not allowed:
                continue  # the role may use none of its pages: not offered
            view = DepartmentView(dep, allowed, session)
            self.departments.append(view)
            self.stack.addWidget(view)
            item = QListWidgetItem(std_icon(dep.icon), _(dep.title))
            item.setToolTip(f"{_(dep.title)} ({QKeySequence(dep.shortcut).toString(QKeySequence.SequenceFormat.NativeText)})")
            item.setSizeHint(QSize(140, 44))
            self.rail.addItem(item)
        self.rail.currentRowChanged.connect(self._department_changed)
        splitter = QSplitter()
        splitter.setObjectName("splitter")
        splitter.addWidget(self.rail)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 1030])
        self.splitter = splitter
        self.setCentralWidget(splitter)

        self._build_menus()
        self._build_status_bar()
        self.resize(1200, 750)

    def _start_live(self) -> None:
        from branch_desktop.gui.live import LiveRefresh

        if self.live is None and not self._closed:
            live = self.live = LiveRefresh(self.session, self)
            self.destroyed.connect(live.stop)

    # -- menus --------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        actor = self.session.actor
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        if actor.can("system.backup"):
            backup = QAction(_("&Backup…"), self)
            backup.setShortcut(QKeySequence("Ctrl+B"))
            backup.triggered.connect(self.backup)
            file_menu.addAction(backup)
            file_menu.addSeparator()
        logout = QAction(_("&Log out / switch user"), self)
        logout.setShortcut(QKeySequence("Ctrl+L"))
        logout.triggered.connect(lambda: QTimer.singleShot(0, self.logout_requested.emit))
        file_menu.addAction(logout)
        lock = QAction(_("Loc&k"), self)
        lock.triggered.connect(lambda: QTimer.singleShot(0, self.lock_requested.emit))
        file_menu.addAction(lock)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = bar.addMenu(_("&View"))
        self.department_actions: list[QAction] = []
        for row, view in enumerate(self.departments):
            act = QAction(std_icon(view.department.icon), _(view.department.title), self)
            act.setShortcut(QKeySequence(view.department.shortcut))
            act.triggered.connect(lambda _c=False, r=row: self.rail.setCurrentRow(r))
            view_menu.addAction(act)
            self.department_actions.append(act)
        view_menu.addSeparator()
        palette = QAction(_("&Go to…"), self)
        palette.setShortcut(QKeySequence("Ctrl+K"))
        palette.triggered.connect(self.open_palette)
        view_menu.addAction(palette)

        settings_menu = bar.addMenu(_("&Settings"))
        lang = QAction(_("&Language…"), self)
        lang.triggered.connect(self.choose_language)
        settings_menu.addAction(lang)
        idle = QAction(_("&Idle lock…"), self)
        idle.triggered.connect(self.choose_idle_lock)
        settings_menu.addAction(idle)

        help_menu = bar.addMenu(_("&Help"))
        about = QAction(_("&About"), self)
        about.setShortcut(QKeySequence("F1"))
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        s = self.session
        ctx, actor = s.ctx, s.actor
        bar = QStatusBar()
        self.setStatusBar(bar)
        role = _(ROLE_LABELS.get(actor.role, actor.role.value))
        self.user_label = QLabel(_("User: {user} ({role})").format(user=actor.full_name or actor.username, role=role))
        self.branch_label = QLabel(_("Branch: {branch}").format(branch=ctx.name))
        self.period_label = QLabel(_("Period: {period}").format(period=s.period(s.today_period())))
        self.date_label = QLabel(_("Today: {date}").format(date=s.date(ctx.today())))
        for label in (self.user_label, self.branch_label, self.period_label, self.date_label):
            label.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(label)
        self.refresh_period()
        watch(self, s, {PERIODS}, self.refresh_period)  # a month closed on the Periods page

    def refresh_period(self) -> None:
        s = self.session
        today = s.today_period()

        def shown(periods: list[services.PeriodView]) -> None:
            current = next((p for p in periods if p.ym == today), None)
            if current is None:
                return
            state = _("open") if current.status == PeriodStatus.OPEN else _("closed")
            self.period_label.setText(_("Period: {period} ({state})").format(period=s.period(today), state=state))

        read(s, services.list_periods, today.year).on_done(shown).run(quiet=True)

    def status_text(self) -> str:
        labels = (self.user_label, self.branch_label, self.period_label, self.date_label)
        return " | ".join(label.text() for label in labels)

    # -- navigation ---------------------------------------------------------------------------
    def _department_changed(self, row: int) -> None:
        if 0 <= row < len(self.departments):
            self.stack.setCurrentIndex(row)
            self.departments[row].show_first()

    def open_department(self, key: str) -> DepartmentView | None:
        for row, view in enumerate(self.departments):
            if view.department.key == key:
                self.rail.setCurrentRow(row)
                return view
        return None

    def open_page(self, key: str) -> QWidget | None:
        """Show a page by key (``accounting.journal``); None when the user is not offered it."""
        for row, view in enumerate(self.departments):
            if key in view.hosts:
                self.rail.setCurrentRow(row)
                return view.open(key)
        return None

    def current_page_key(self) -> str | None:
        row = self.rail.currentRow()
        if 0 <= row < len(self.departments):
            view = self.departments[row]
            return view.current_key() or view.department.key
        return None

    def page_keys(self) -> list[str]:
        return [key for view in self.departments for key in view.hosts]

    def open_home(self) -> QWidget | None:
        """The role's home page (``registry.HOME_PAGES``), else the first department."""
        for key in HOME_PAGES.get(self.session.actor.role, ()):
            page = self.open_page(key)
            if page is not None:
                first = _first_field(page)
                if first is not None:
                    first.setFocus()  # the clerk types into the counter at once
                return page
        self.rail.setCurrentRow(0)
        return None

    # -- settings ---------------------------------------------------------------------------------
    def settings_key(self, name: str) -> str:
        """Window state and last page are kept per user: the next user never opens on them."""
        user = self.session.actor.username.replace("/", "_").replace("\\", "_")
        return f"users/{user}/window/{name}"

    def restore(self, settings: QSettings) -> None:
        geometry = settings.value(self.settings_key("geometry"))
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = settings.value(self.settings_key("state"))
        if state is not None:
            self.restoreState(state)
        splitter = settings.value(self.settings_key("splitter"))
        if splitter is not None:
            self.splitter.restoreState(splitter)
        last = str(settings.value(self.settings_key("page"), "") or "")
        if not (last and (self.open_page(last) or self.open_department(last))):
            self.open_home()

    def save(self, settings: QSettings) -> None:
        settings.setValue(self.settings_key("geometry"), self.saveGeometry())
        settings.setValue(self.settings_key("state"), self.saveState())
        settings.setValue(self.settings_key("splitter"), self.splitter.saveState())
        settings.setValue(self.settings_key("page"), self.current_page_key() or "")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        from PySide6.QtCore import QSettings as _S

        self.save(_S())
        self._closed = True
        if self.live is not None:
            self.live.stop()
        super().closeEvent(event)

    # -- actions ----------------------------------------------------------------------------------
    def choose_language(self) -> None:
        from branch_desktop.core.i18n import current_language

        dialog = LanguageDialog(current_language(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen() -> None:
            lang = dialog.language()  # read now: the dialog is deleted once closed
            QTimer.singleShot(0, lambda: self.language_requested.emit(lang))

        dialog.accepted.connect(chosen)
        self.language_dialog = dialog
        dialog.open()

    def choose_idle_lock(self) -> None:
        from branch_desktop.gui.lock import IdleLockDialog, idle_minutes

        dialog = IdleLockDialog(idle_minutes(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.idle_lock_changed.emit(dialog.minutes.value()))
        self.idle_lock_dialog = dialog
        dialog.open()

    def open_palette(self) -> None:
        """Ctrl+K: jump to a page, an employer file, a receipt or an entry by typing."""
        from branch_desktop.gui.palette import CommandPalette

        palette = CommandPalette(self.session, self, set(self.page_keys()))
        palette.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.command_palette = palette
        palette.open()

    def backup(self) -> None:
        from branch_desktop.core.branch import backup_database

        s = self.session
        name, _f = QFileDialog.getSaveFileName(self, _("Backup"), "branch-backup.db", _("Database files (*.db)"))
        if not name:
            return
        def done(path: Path) -> None:
            show_message(self, _("Backup"), _("The database was backed up to {file}").format(file=str(path)))

        read(s, backup_database, Path(name)).on_done(done).run(label=_("Backing up…"))

    def about(self) -> None:
        from branch_desktop import __version__

        show_message(self, _("About Branch Desktop"), _(
            "Branch Desktop {version}\nA social-security branch office: revenue, insured affairs, execution, "
            "accounting and reports."
        ).format(version=__version__))

