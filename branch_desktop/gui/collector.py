"""Garbage collection on the GUI thread only.

Python's cyclic garbage collector runs in whichever thread happens to allocate when a threshold is
crossed. When that is a worker thread (a task reading the database) and the garbage holds Qt
objects (a page's model, a closed dialog), their C++ side is destroyed off the GUI thread and the
process can crash: a segmentation fault "Garbage-collecting" inside a worker's ``fetchall`` was
seen. So automatic collection is switched off and a timer on the GUI thread collects instead,
generation by generation by the interpreter's own thresholds (the approach of pyqtgraph's
``GarbageCollector``)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Owned by the application: while it lives, cycles are collected on the GUI thread."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        collect_due(self.threshold)


def collect_due(threshold: tuple[int, int, int]) -> None:
    """Collect the generations whose counts passed their thresholds (as automatic collection would)."""
    first, second, third = gc.get_count()
    if first > threshold[0]:
        gc.collect(0)
        if second > threshold[1]:
            gc.collect(1)
            if third > threshold[2]:
                gc.collect(2)


_installed: list[GuiThreadCollector] = []  # a strong reference: a collected wrapper would stop the timer's slot


def install(app: QObject) -> GuiThreadCollector:
    """The application's collector (made once)."""
    if _installed and _installed[0].parent() is app:
        return _installed[0]
    _installed[:] = [GuiThreadCollector(app)]
    return _installed[0]


def collect_due_now() -> None:
    """Collect what is due now by the installed collector's thresholds (the interpreter's when none is
    installed): for code that runs no event loop while automatic collection is off (the tests)."""
    collect_due(_installed[0].threshold if _installed else gc.get_threshold())
