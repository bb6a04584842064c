"""Saving a report as Excel from a page: ask where, build the workbook on the task runner (off the
GUI thread), write it and say where it went (or why not)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.tasks import TaskRunner


def save_workbook(parent: QWidget, runner: TaskRunner, build: Callable[[], bytes], file_name: str,
                  done: Callable[[str], None], failed: Callable[[BaseException], None], *,
                  path: str | None = None) -> None:
    """``path`` skips the dialog (tests, and a page that already knows where)."""
    if not path:
        path, _f = QFileDialog.getSaveFileName(parent, _("Save as Excel"), file_name, _("Excel files (*.xlsx)"))
    if not path:
        return
    target = path

    def write() -> str:
        Path(target).write_bytes(build())
        return target

    runner.submit(write, done, failed, label=_("Preparing the file…"))
