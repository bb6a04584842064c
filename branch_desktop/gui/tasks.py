"""The task runner: database work on one worker thread, results back on the GUI thread.

``runner.submit(fn, on_done, on_error)`` queues ``fn()`` on the single worker thread (so the
services never run two transactions at once from this workstation and the GUI never blocks on
the database). When it returns, ``on_done(result)`` runs on the GUI thread; when it raises,
``on_error(exc)`` does (by default a clear message box for a :class:`DomainError`, and a generic
one with the details for anything else). The services are transactional, so an error leaves
nothing half-saved.

Work that takes longer than :data:`PROGRESS_DELAY_MS` shows a progress dialog with Cancel.
Cancel sets a flag that the callable may look at through :func:`cancelled` or
:func:`check_cancelled` (which raises :class:`Cancelled`); either way the result of a cancelled
task is dropped. A callable can report progress with :func:`report_progress`.
"""

from __future__ import annotations

import itertools
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from branch_desktop.core.errors import DomainError, PermissionDenied
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.texts import directed, format_count

PROGRESS_DELAY_MS = 300


class Cancelled(Exception):
    """Raised by :func:`check_cancelled` in a task whose user pressed Cancel."""


@dataclass
class _Job:
    id: int
    fn: Callable[[], Any]
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    label: str
    quiet: bool
    cancel: threading.Event = field(default_factory=threading.Event)
    started: float = 0.0


_local = threading.local()


def _current_job() -> _Job | None:
    return getattr(_local, "job", None)


def cancelled() -> bool:
    """True when the user cancelled the task running on this thread."""
    job = _current_job()
    return bool(job and job.cancel.is_set())


def check_cancelled() -> None:
    if cancelled():
        raise Cancelled()


class _Worker(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object, str)
    progress = Signal(int, object)

    def __init__(self) -> None:
        super().__init__()
        self._jobs: dict[int, _Job] = {}
        self._lock = threading.Lock()
        # audits a PermissionDenied (core.security.record_refusal); set by the shell once logged in
        self.refusal_recorder: Callable[[PermissionDenied], None] | None = None

    def add(self, job: _Job) -> None:
        with self._lock:
            self._jobs[job.id] = job

    @Slot(int)
    def run(self, job_id: int) -> None:
        with self._lock:
            job = self._jobs.pop(job_id, None)
        if job is None:
            return
        if job.cancel.is_set():
            self.failed.emit(job.id, Cancelled(), "")
            return
        _local.job = job
        _local.worker = self
        try:
            result = job.fn()
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the GUI thread
            if isinstance(exc, PermissionDenied) and self.refusal_recorder is not None:
                try:  # audited here, on the database thread, after the refused use case rolled back
                    self.refusal_recorder(exc)
                except Exception:  # noqa: BLE001 - the refusal is still shown
                    traceback.print_exc()
            self.failed.emit(job.id, exc, traceback.format_exc())
        else:
            self.finished.emit(job.id, result)
        finally:
            _local.job = None


def progress_or_stop(done: int) -> None:
    """A progress callback for long work that counts (a batch of documents: pages laid out): the
    count goes to the progress dialog, and the work stops (:class:`Cancelled`) once the user
    pressed Cancel."""
    report_progress(done)
    check_cancelled()


def report_progress(value: int | str) -> None:
    """From inside a task: a count (or a text) for the progress dialog's label."""
    job = _current_job()
    worker = getattr(_local, "worker", None)
    if job is not None and worker is not None:
        worker.progress.emit(job.id, value)


class TaskRunner(QObject):
    """One worker thread for the database; see the module docstring."""

    _dispatch = Signal(int)
    became_idle = Signal()

    def __init__(self, parent_widget: Callable[[], QWidget | None] | None = None) -> None:
        super().__init__()
        self._parent_widget = parent_widget or (lambda: None)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Job] = {}
        self._thread = QThread()
        self._thread.setObjectName("branch-desktop-db")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._dispatch.connect(self._worker.run, Qt.ConnectionType.QueuedConnection)
        self._worker.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._worker.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._worker.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._thread.start()
        self._dialog: QProgressDialog | None = None
        self._dialog_job: int | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._maybe_show_progress)
        self.errors: list[BaseException] = []  # unexpected errors (kept for --selftest and tests)
        self.last_message = ""  # the last error shown to the user

    # -- API --------------------------------------------------------------------------------
    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        label: str = "",
        quiet: bool = False,
    ) -> int:
        """Queue ``fn`` on the worker; returns the task's id. ``quiet`` tasks show no progress dialog."""
        job = _Job(next(self._ids), fn, on_done, on_error, label or _("Working…"), quiet)
        job.started = time.monotonic()
        self._pending[job.id] = job
        self._worker.add(job)
        self._dispatch.emit(job.id)
        if not quiet and not self._timer.isActive() and self._dialog is None:
            self._timer.start(PROGRESS_DELAY_MS)
        return job.id

    def record_refusals(self, recorder: Callable[[PermissionDenied], None] | None) -> None:
        """Every refused action of a task is passed to ``recorder`` on the database thread."""
        self._worker.refusal_recorder = recorder

    def cancel(self, job_id: int) -> None:
        job = self._pending.get(job_id)
        if job is not None:
            job.cancel.set()

    @property
    def idle(self) -> bool:
        return not self._pending

    def wait_idle(self, timeout_s: float = 30.0) -> bool:
        """Process events until every queued task has called back (tests, --selftest)."""
        deadline = time.monotonic() + timeout_s
        app = QApplication.instance()
        while True:
            if app is not None:
                app.processEvents()  # may paint, and painting may queue more work (lazy rows)
            if not self._pending:
                if app is not None:
                    app.processEvents()
                if not self._pending:
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)

    def shutdown(self) -> None:
        for job in self._pending.values():
            job.cancel.set()
        self._thread.quit()
        self._thread.wait(10_000)

    # -- callbacks on the GUI thread --------------------------------------------------------
    def _finish(self, job_id: int) -> _Job | None:
        job = self._pending.pop(job_id, None)
        if self._dialog_job == job_id:
            self._close_dialog()
        if (self._pending and self._dialog is None and not self._timer.isActive()
                and any(not j.quiet for j in self._pending.values())):
            self._timer.start(PROGRESS_DELAY_MS)
        if not self._pending:
            self._timer.stop()
            self.became_idle.emit()
        return job

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        job = self._finish(job_id)
        if job is None or job.cancel.is_set():
            return
        if job.on_done is not None:
            try:
                job.on_done(result)
            except Exception as exc:  # noqa: BLE001 - a bug in a view must not kill the app
                self._unexpected(exc, traceback.format_exc())

    @Slot(int, object, str)
    def _on_failed(self, job_id: int, exc: BaseException, details: str) -> None:
        job = self._finish(job_id)
        if job is None or isinstance(exc, Cancelled) or job.cancel.is_set():
            return
        if job.on_error is not None:
            try:
                job.on_error(exc)
            except Exception as inner:  # noqa: BLE001
                self._unexpected(inner, traceback.format_exc())
            return
        if isinstance(exc, DomainError):
            self.show_error(exc)
        else:
            self._unexpected(exc, details)

    @Slot(int, object)
    def _on_progress(self, job_id: int, value: object) -> None:
        if self._dialog is not None and self._dialog_job == job_id:
            job = self._pending.get(job_id)
            label = job.label if job else ""
            if isinstance(value, int):
                self._dialog.setLabelText(f"{label}\n{_('{count} done').format(count=format_count(value))}")
            else:
                self._dialog.setLabelText(f"{label}\n{value}")

    def _maybe_show_progress(self) -> None:
        job = next((j for j in self._pending.values() if not j.quiet), None)
        if job is None or self._dialog is not None:
            return
        dialog = QProgressDialog(job.label, _("Cancel"), 0, 0, self._parent_widget())
        dialog.setWindowTitle(_("Please wait"))
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(lambda job_id=job.id: self.cancel(job_id))
        self._dialog = dialog
        self._dialog_job = job.id
        dialog.show()

    def _close_dialog(self) -> None:
        if self._dialog is not None:
            self._dialog.canceled.disconnect()
            self._dialog.close()
            self._dialog.deleteLater()
        self._dialog = None
        self._dialog_job = None

    # -- messages ---------------------------------------------------------------------------
    def show_error(self, exc: BaseException, title: str | None = None) -> None:
        """A clear, non-blocking message box for an error the user can act on."""
        self.last_message = str(exc)
        show_message(self._parent_widget(), title or _("Not done"), str(exc), QMessageBox.Icon.Warning)

    def report_unexpected(self, exc: BaseException) -> None:
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        self._unexpected(exc, details)

    def _unexpected(self, exc: BaseException, details: str) -> None:
        self.errors.append(exc)
        self.last_message = str(exc)
        box = show_message(
            self._parent_widget(),
            _("Unexpected error"),
            _("Something went wrong; nothing was saved by the failed action.") + "\n\n" + str(exc),
            QMessageBox.Icon.Critical,
        )
        box.setDetailedText(details)


_open_boxes: list[QMessageBox] = []


def show_message(
    parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information
) -> QMessageBox:
    """Open a message box without blocking (window-modal ``open()``), kept alive until closed."""
    box = QMessageBox(icon, title, directed(text), QMessageBox.StandardButton.Ok, parent)  # the language's direction
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.button(QMessageBox.StandardButton.Ok).setText(_("OK"))
    _open_boxes.append(box)
    box.finished.connect(lambda _r, b=box: _open_boxes.remove(b) if b in _open_boxes else None)
    box.open()
    return box


def open_message_boxes() -> list[QMessageBox]:
    """The message boxes currently open (tests look at them)."""
    return list(_open_boxes)
