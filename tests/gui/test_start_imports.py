"""What the GUI imports before its window shows (issue 17; figures: ``bench/bench_startup.py``): the
page registrations and the search providers, not the departments' services, documents or workbooks;
the palette imports what its searches use on the GUI thread when it opens, never first on the task
runner's thread."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

from branch_desktop.gui import palette
from branch_desktop.gui.registry import load_views

PROBE = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from branch_desktop.gui_entry import preload_before_qt
preload_before_qt()
from PySide6.QtWidgets import QApplication
app = QApplication([])
from branch_desktop.gui.app import prepare_window
prepare_window()
from branch_desktop.gui import palette
print(json.dumps({"modules": sorted(sys.modules), "providers": len(palette._PROVIDERS)}))
"""


def test_preparing_the_window_imports_no_services_documents_or_workbooks() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=180, check=True,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    found = json.loads(out.stdout.strip().splitlines()[-1])
    modules = set(found["modules"])
    assert found["providers"] >= 3  # the search providers are registered
    assert "branch_desktop.gui.main_window" in modules
    for heavy in ("branch_desktop.revenue.services", "branch_desktop.accounting.banking.services",
                  "branch_desktop.execution.services", "reportlab", "openpyxl", "alembic", "lxml"):
        assert not any(m == heavy or m.startswith(heavy + ".") for m in modules), heavy


def test_every_search_provider_names_importable_modules() -> None:
    load_views()
    providers = list(palette._PROVIDERS.values())
    assert providers and all(p.imports for p in providers)
    for provider in providers:
        for module in provider.imports:
            importlib.import_module(module)
