"""Cycles are collected on the GUI thread, never by a worker: once the application exists, automatic
collection is off and the GUI thread's timer collects what passed the thresholds.

Run in a fresh interpreter, as the application starts: inside the test session other tests have
already made the application and moved garbage between generations (seen on PySide6 6.11)."""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = r'''
import gc, sys, threading, weakref
from PySide6.QtCore import QEventLoop, QTimer
from branch_desktop.gui.app import make_app
from branch_desktop.gui.collector import GuiThreadCollector

class Cycle:
    def __init__(self):
        self.me = self

app = make_app()
collector = app.findChild(GuiThreadCollector)
assert isinstance(collector, GuiThreadCollector) and not gc.isenabled(), "no collector, or collection still on"
gc.collect()  # a full collection must not take the collector's own wrapper (its timer would lose its slot)
make_app()
assert len(app.findChildren(GuiThreadCollector)) == 1, "installed twice"
refs = []

def worker():  # a worker makes garbage; with collection off it cannot collect it itself
    for _ in range(3 * collector.threshold[0]):
        refs.append(weakref.ref(Cycle()))

t = threading.Thread(target=worker)
t.start()
t.join()
assert any(r() is not None for r in refs), "a collection ran in the worker"
for _ in range(50):  # the GUI thread's timer collects, in the event loop
    loop = QEventLoop()
    QTimer.singleShot(100, loop.quit)
    loop.exec()
    if all(r() is None for r in refs):
        break
assert all(r() is None for r in refs), "the GUI thread's timer did not collect"
print("collected on the GUI thread")
'''


def test_the_gui_thread_collects_what_a_worker_left() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "collected on the GUI thread" in done.stdout
