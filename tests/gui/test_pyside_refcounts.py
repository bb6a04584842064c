"""The Qt binding must not take references it does not own from None or the booleans.

PySide6 6.12.0 decremented None's reference count at every call of a Python override of a C++ void
method (a model's ``fetchMore``, an item delegate's ``paint``, a style's ``drawItemText``). The app
overrides such methods on every list page, so a working day drained None and the process died with
"Fatal Python error: none_dealloc" (seen in the GUI benchmark, the page walk and the screenshots).
pyproject.toml excludes that release; this test fails on any binding with the same fault."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QProxyStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

Index = QModelIndex | QPersistentModelIndex


def _drift(work: Callable[[], object], times: int = 40) -> tuple[int, int, int]:
    """How far None's, True's and False's reference counts moved over ``times`` calls of ``work``
    (after one call to settle caches). The counts are the whole process's: another Python thread
    still running (the page warm-up a shell test started, importing modules) moved them by hundreds
    to thousands, so it is waited for first."""
    for thread in threading.enumerate():
        if thread is not threading.current_thread():
            thread.join(timeout=60)
    work()
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(times):
        work()
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    return after[0] - before[0], after[1] - before[1], after[2] - before[2]


class _Rows(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows = 10

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return self.rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return f"{index.row()}" if role == Qt.ItemDataRole.DisplayRole else None

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802
        return self.rows < 100_000

    def fetchMore(self, parent: Index) -> None:  # noqa: N802
        self.beginInsertRows(QModelIndex(), self.rows, self.rows + 9)
        self.rows += 10
        self.endInsertRows()


class _Delegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)


class _Style(QProxyStyle):
    def drawItemText(self, *args: object) -> None:  # noqa: N802
        super().drawItemText(*args)  # type: ignore[call-overload]


class _Filter(QObject):
    def eventFilter(self, watched: QObject, event: object) -> bool:  # noqa: N802
        return False


def test_overrides_of_void_methods_leave_none_and_the_booleans_alone(qapp: QApplication) -> None:
    model = _Rows()
    view = QTableView()
    view.setModel(model)
    view.setItemDelegate(_Delegate(view))
    view.resize(300, 300)
    view.show()
    label = QLabel("İşverenler")
    style = _Style()
    style.setParent(label)  # owned by the label: a style deleted before its widget crashes the next paint
    label.setStyle(style)
    label.installEventFilter(_Filter(label))
    label.show()
    qapp.processEvents()

    def fetch_and_paint() -> None:
        if model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        view.grab()

    assert _drift(fetch_and_paint) == (0, 0, 0)  # fetchMore, canFetchMore, the delegate's paint
    assert _drift(label.grab) == (0, 0, 0)  # the style's drawItemText, the event filter
    label.close()
    view.close()
