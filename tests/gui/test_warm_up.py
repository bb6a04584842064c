"""The background import of pages' modules runs again for modules named after it finished (the
counter names its printing modules when it is built, after the window's warm-up is done), and a
page's module no longer imports the receipt's PDF libraries itself."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from branch_desktop.gui import department_view


def test_warm_up_takes_modules_named_after_it_finished(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[bool] = []
    monkeypatch.setattr(department_view.QTimer, "singleShot", lambda _ms, fn: started.append(True))
    monkeypatch.delenv(department_view.NO_WARM_UP_ENV, raising=False)
    monkeypatch.setattr(department_view, "_warm_started", False)
    monkeypatch.setattr(department_view, "_warm_queue", [])
    department_view.warm_up(["json"])
    department_view._warm_up_run()  # noqa: SLF001 - what the thread runs
    department_view.warm_up(["email.message"])
    assert started == [True, True]  # scheduled again
    department_view._warm_up_run()  # noqa: SLF001
    assert "email.message" in sys.modules and not department_view._warm_queue  # noqa: SLF001


def test_the_counter_page_module_leaves_the_pdf_libraries_for_later() -> None:
    code = ("import sys\nimport branch_desktop.revenue.views.counter\n"
            "print('reportlab' in sys.modules, 'branch_desktop.revenue.documents' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.stdout.split() == ["False", "False"]
