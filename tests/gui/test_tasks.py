"""The task runner: results and errors back on the GUI thread, progress with cancel."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QApplication, QPushButton

from branch_desktop.core.errors import ValidationError
from branch_desktop.gui import tasks
from branch_desktop.gui.tasks import TaskRunner


def test_result_comes_back_on_the_gui_thread(runner: TaskRunner) -> None:
    seen: list[tuple[object, bool]] = []
    worker_thread: list[threading.Thread] = []

    def work() -> int:
        worker_thread.append(threading.current_thread())
        return 41 + 1

    runner.submit(work, lambda r: seen.append((r, threading.current_thread() is threading.main_thread())))
    assert runner.wait_idle(5)
    assert seen == [(42, True)]
    assert worker_thread[0] is not threading.main_thread()


def test_domain_error_goes_to_on_error(runner: TaskRunner) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        raise ValidationError("An entry needs a description.")

    runner.submit(work, lambda r: errors.append(AssertionError("no result expected")), errors.append)
    assert runner.wait_idle(5)
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert runner.errors == []


def test_domain_error_without_handler_is_shown_clearly(runner: TaskRunner) -> None:
    def work() -> None:
        raise ValidationError("A reversal needs a reason.")

    runner.submit(work)
    assert runner.wait_idle(5)
    assert runner.last_message == "A reversal needs a reason."
    boxes = tasks.open_message_boxes()
    assert any(b.text() == "A reversal needs a reason." for b in boxes)
    for b in boxes:
        b.close()
    assert runner.errors == []  # a refusal is not a bug


def test_tasks_run_one_at_a_time_in_order(runner: TaskRunner) -> None:
    order: list[int] = []
    for i in range(5):
        runner.submit(lambda i=i: (time.sleep(0.01), i)[1], order.append, quiet=True)
    assert runner.wait_idle(5)
    assert order == [0, 1, 2, 3, 4]


def test_long_task_shows_progress_and_cancel_drops_the_result(runner: TaskRunner, qtbot: object) -> None:
    stopped = threading.Event()
    results: list[object] = []

    def work() -> str:
        for _ in range(400):
            if tasks.cancelled():
                stopped.set()
                return "partial"
            tasks.report_progress(1)
            time.sleep(0.01)
        return "complete"

    runner.submit(work, results.append, label="Long work")
    deadline = time.monotonic() + 3
    while runner._dialog is None and time.monotonic() < deadline:  # noqa: SLF001
        QApplication.processEvents()
        time.sleep(0.01)
    dialog = runner._dialog  # noqa: SLF001
    assert dialog is not None and dialog.isVisible()
    assert "Long work" in dialog.labelText()
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None
    cancel.click()
    assert runner.wait_idle(5)
    assert stopped.is_set()
    assert results == []  # a cancelled task's result is dropped
    assert runner._dialog is None  # noqa: SLF001


def test_quick_task_shows_no_progress(runner: TaskRunner) -> None:
    runner.submit(lambda: 1)
    assert runner.wait_idle(5)
    assert runner._dialog is None  # noqa: SLF001
