"""What a user sees, as data: every page the user may open, with its texts.

Used by ``branch-desktop --user NAME --dump-ui FILE.json`` (automated checks of the screens on a
real branch database), by ``--selftest`` and by the tests that walk every page (catalogue
coverage, no English on Persian and Turkish screens).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QWidget,
)

from branch_desktop.core.i18n import gettext as _

# how many rows of each grid are read (the first screen of it)
GRID_ROWS = 40


@dataclass
class PageDump:
    key: str
    department: str  # the department's key ("revenue")
    department_title: str  # as shown on the rail
    title: str  # as shown on the tab
    texts: list[str] = field(default_factory=list)  # labels, buttons, headers, placeholders ...
    cells: list[str] = field(default_factory=list)  # the first rows of every grid


def widget_texts(widget: QWidget, *, visible_only: bool = False) -> list[str]:
    """The texts of a widget and its children: window title, labels, buttons, group boxes,
    placeholders, tabs, menus, combo items and table headers (no grid cells)."""
    found: list[str] = []

    def add(text: str | None) -> None:
        if text and text not in found:
            found.append(text)

    add(widget.windowTitle())
    for w in widget.findChildren(QWidget):
        if visible_only and not w.isVisible():
            continue
        if isinstance(w, QLabel) and w.textFormat() != Qt.TextFormat.RichText or isinstance(w, QAbstractButton):
            add(w.text())
            add(w.toolTip())
        elif isinstance(w, QGroupBox):
            add(w.title())
        elif isinstance(w, QLineEdit):
            add(w.placeholderText())
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                add(w.tabText(i))
        elif isinstance(w, QMenu):
            for a in w.actions():
                add(a.text())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w.itemText(i))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:  # a Qt-internal model (completer popups)
                columns = 0
            for col in range(columns):
                header = model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                if isinstance(header, str):
                    add(header)
    return found


def grid_cells(widget: QWidget, rows: int = GRID_ROWS) -> list[str]:
    """The display texts of the first ``rows`` rows of every visible grid under ``widget``."""
    cells: list[str] = []
    for view in widget.findChildren(QAbstractItemView):
        if not view.isVisible() or view.model() is None:
            continue
        model = view.model()
        try:
            n_rows = min(model.rowCount(QModelIndex()), rows)
            n_cols = model.columnCount(QModelIndex())
        except TypeError:
            continue
        for r in range(n_rows):
            for c in range(n_cols):
                value = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
                if value not in (None, ""):
                    cells.append(str(value))
    return cells


def walk_pages(window: object, wait: Callable[[], object]) -> list[PageDump]:
    """Open every page the window offers (``window.page_keys()``), let its loading finish
    (``wait()``) and collect what it shows."""
    from branch_desktop.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    dumps: list[PageDump] = []
    for view in window.departments:
        for key, host in view.hosts.items():
            page = window.open_page(key)
            wait()
            QApplication.processEvents()
            if page is None:
                continue
            dumps.append(PageDump(
                key=key,
                department=view.department.key,
                department_title=_(view.department.title),
                title=_(host.spec.title),
                texts=widget_texts(page, visible_only=True),
                cells=grid_cells(page),
            ))
    return dumps


def as_json(window: object, dumps: list[PageDump]) -> dict[str, object]:
    from branch_desktop.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    return {
        "user": window.session.actor.username,
        "role": window.session.actor.role.value,
        "departments": [
            {"key": v.department.key, "title": _(v.department.title), "pages": list(v.hosts)}
            for v in window.departments
        ],
        "window": widget_texts(window.menuBar()),
        "pages": [asdict(d) for d in dumps],
    }
