"""Build the PyInstaller bundle and start the frozen app with ``--selftest`` (slow: opt-in).

    BRANCH_DESKTOP_TEST_INSTALLER=1 pytest tests/gui/test_installer.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    os.environ.get("BRANCH_DESKTOP_TEST_INSTALLER") != "1",
    reason="set BRANCH_DESKTOP_TEST_INSTALLER=1 to build the installer (several minutes)",
)


def test_frozen_app_passes_its_selftest(tmp_path: Path) -> None:
    pytest.importorskip("PyInstaller")
    dist, work = tmp_path / "dist", tmp_path / "build"
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", str(dist),
         "--workpath", str(work), str(ROOT / "build_installer.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )
    assert build.returncode == 0, build.stderr[-4000:]
    exe = dist / "branch-desktop" / ("branch-desktop.exe" if os.name == "nt" else "branch-desktop")
    assert exe.exists()
    # the bundle carries its data at the root, where branch_desktop.paths looks
    internal = next(p for p in (dist / "branch-desktop" / "_internal", dist / "branch-desktop") if p.exists())
    for data in ("resources/packs/ir_sso/pack.toml", "resources/fonts/Vazirmatn-Regular.ttf",
                 "db/env.py", "db/script.py.mako", "db/versions"):
        assert (internal / data).exists(), data
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "BRANCH_DESKTOP_DB")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["HOME"] = str(tmp_path / "home")
    run = subprocess.run([str(exe), "--selftest"], capture_output=True, text=True, timeout=300, env=env,
                         cwd=tmp_path)
    assert run.returncode == 0, (run.stdout[-2000:], run.stderr[-4000:])
    assert "selftest: ok" in run.stderr
    shutil.rmtree(work, ignore_errors=True)
