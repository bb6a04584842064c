"""A department's pages in the main window: one row of tabs, or, when its pages fall in groups
(``PageSpec.group``: Accounting's Ledger, Banking, Payroll and staff), a row of group tabs above
each group's row of page tabs. Alt+1, Alt+2, ... switch groups (shown in the group tabs' tooltips).
Pages are built the first time they are shown (``PageHost``), and their modules are imported ahead,
in the background, once the window is up (:func:`warm_up`), so a first open only builds the page."""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Iterable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.registry import Department, PageSpec, group_pages
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import with_shortcut

WARM_UP_DELAY_MS = 1500  # after the window is built: the first paint and the home page come first
NO_WARM_UP_ENV = "BRANCH_DESKTOP_NO_WARM_UP"  # set to 1: import each page's modules when it is first opened

_warm_lock = threading.Lock()
_warm_queue: list[str] = []
_warm_started = False


def page_modules(spec: PageSpec) -> list[str]:
    """The modules a page's factory imports (``from branch_desktop.x.views.y import Page``): the
    names in its code, read without calling it."""
    code = getattr(spec.factory, "__code__", None)
    names = code.co_names if code is not None else ()
    return [n for n in names if n.startswith("branch_desktop.") and "." in n]


def warm_up(modules: Iterable[str]) -> None:
    """Import ``modules`` on a background thread a moment after the window is built: a page's first
    open then costs its widgets, not the import of its module, its services and their tables
    (hundreds of milliseconds for some). Failures are left for the page's own open to report."""
    global _warm_started
    if os.environ.get(NO_WARM_UP_ENV):
        return
    with _warm_lock:
        _warm_queue.extend(m for m in modules if m not in _warm_queue)
        if _warm_started:
            return
        _warm_started = True
    QTimer.singleShot(WARM_UP_DELAY_MS, _start_warm_up)


def _start_warm_up() -> None:
    threading.Thread(target=_warm_up_run, name="page-warm-up", daemon=True).start()


def _warm_up_run() -> None:
    import sys

    global _warm_started
    while True:
        with _warm_lock:
            if not _warm_queue:
                _warm_started = False  # a later warm_up (a page naming more modules) starts again
                return
            name = _warm_queue.pop(0)
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 - the page's own open imports it again and reports
            continue


class PageHost(QWidget):
    """Holds a page and builds it the first time it is shown (start-up stays fast)."""

    def __init__(self, spec: PageSpec, session: Session) -> None:
        super().__init__()
        self.spec = spec
        self.session = session
        self.page: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.page is None:
            self.page = self.spec.factory(self.session)
            self.page.setObjectName(self.spec.key)
            self._layout.addWidget(self.page)
        return self.page


class PlaceholderPage(QWidget):
    def __init__(self, department: Department) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        label = QLabel(_("The {department} module is coming. Its pages will appear here.").format(
            department=_(department.title)))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        label.setFont(font)
        layout.addWidget(label)


def group_shortcut(index: int) -> str:
    """The key of the department's ``index``-th group (0-based): Alt+1 ... Alt+9."""
    return f"Alt+{index + 1}"


class DepartmentView(QWidget):
    """A department's pages as tabs, grouped when they have groups (or its placeholder).

    ``tabs`` is the top row (the groups, or the pages when there are no groups); ``page_tabs`` holds
    each group's row of pages (one row when there are no groups); ``groups`` the group msgids.
    """

    def __init__(self, department: Department, specs: list[PageSpec], session: Session) -> None:
        super().__init__()
        self.department = department
        self.hosts: dict[str, PageHost] = {}
        self.groups: list[str] = []
        self.page_tabs: list[QTabWidget] = []
        self._build_queued = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs: QTabWidget | None = None
        if not specs:
            layout.addWidget(PlaceholderPage(department))
            return
        warm_up(m for spec in specs for m in page_modules(spec))
        grouped = group_pages(specs)
        if len(grouped) < 2:
            self.tabs = self._page_row(specs, session)
        else:
            self.tabs = QTabWidget()
            self.tabs.setObjectName("groupTabs")
            self.tabs.setDocumentMode(True)
            for i, (group, pages) in enumerate(grouped):
                row = self._page_row(pages, session)
                self.groups.append(group)
                self.tabs.addTab(row, _(group) if group else _("Other"))
                if i < 9:
                    keys = group_shortcut(i)
                    self.tabs.setTabToolTip(i, with_shortcut(_(group) if group else _("Other"), keys))
                    shortcut = QShortcut(QKeySequence(keys), self, context=Qt.ShortcutContext.WindowShortcut)
                    shortcut.activated.connect(lambda i=i: self.show_group(i))
            self.tabs.currentChanged.connect(self._changed)
        layout.addWidget(self.tabs)

    def _page_row(self, specs: list[PageSpec], session: Session) -> QTabWidget:
        row = QTabWidget()
        row.setDocumentMode(True)
        for spec in specs:
            host = PageHost(spec, session)
            self.hosts[spec.key] = host
            row.addTab(host, _(spec.title))
        row.currentChanged.connect(self._changed)
        self.page_tabs.append(row)
        return row

    def _changed(self, _index: int) -> None:
        # built on the next turn of the event loop: the tab row is painted first, and a switch
        # followed at once by open(key) (the palette, a link, the last page) builds only that page
        if not self._build_queued:
            self._build_queued = True
            QTimer.singleShot(0, self._build_current)

    def _build_current(self) -> None:
        self._build_queued = False
        host = self.current_host()
        if host is not None:
            host.ensure()

    def current_host(self) -> PageHost | None:
        if self.tabs is None:
            return None
        row = self.tabs.currentWidget() if self.groups else self.tabs
        host = row.currentWidget() if isinstance(row, QTabWidget) else None
        return host if isinstance(host, PageHost) else None

    def show_group(self, index: int) -> None:
        """Show the ``index``-th group (its current page); ignored while the department is hidden."""
        if self.tabs is not None and self.groups and 0 <= index < self.tabs.count() and self.isVisible():
            self.tabs.setCurrentIndex(index)
            self._changed(index)

    def show_first(self) -> None:
        self._changed(0)

    def open(self, key: str) -> QWidget | None:
        host = self.hosts.get(key)
        if host is None or self.tabs is None:
            return None
        for row in self.page_tabs:
            if row.indexOf(host) >= 0:
                if self.groups:
                    self.tabs.setCurrentWidget(row)
                row.setCurrentWidget(host)
        return host.ensure()

    def current_key(self) -> str | None:
        host = self.current_host()
        return host.spec.key if host is not None else None
