"""Cycles are collected on the GUI thread, never by a worker: once the application exists, automatic
collection is off and the GUI thread's timer collects what passed the thresholds."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_gui_thread_collects_what_a_worker_left(qtbot: Any) -> None:
    from branch_desktop.gui.app import make_app
    from branch_desktop.gui.collector import GuiThreadCollector

    app = make_app()
    collector = app.findChild(GuiThreadCollector)
    assert isinstance(collector, GuiThreadCollector) and not gc.isenabled()
    gc.collect()  # a full collection must not take the collector's own wrapper (its timer would lose its slot)
    make_app()
    assert len(app.findChildren(GuiThreadCollector)) == 1  # installed once
    refs: list[weakref.ref[_Cycle]] = []

    def worker() -> None:  # a worker makes garbage; with collection off it cannot collect it itself
        for _ in range(3 * collector.threshold[0]):
            refs.append(weakref.ref(_Cycle()))

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert any(r() is not None for r in refs)  # still there: no collection ran in the worker
    qtbot.waitUntil(lambda: all(r() is None for r in refs), timeout=5000)  # the GUI thread's timer did it
