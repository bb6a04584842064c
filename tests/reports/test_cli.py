"""Every report command in every format, on a planted branch (in-process; the entry point in a fresh
process is tested in tests/gui/test_entry_point.py)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from branch_desktop.cli import run
from tests.conftest import PASSWORD, Branch
from tests.reports.test_three_way import plant


def test_every_command_in_every_format(make_branch: Callable[[str], Branch], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    b = make_branch("ir_sso")
    ym, _known = plant(b, clean=False)
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)
    base = ["--db", b.ctx.db.url, "--user", "manager", "--lang", "fa"]
    commands = {
        "performance": ["report", "performance", "--half", "1405-H1"],
        "dashboard": ["report", "dashboard", "--month", str(ym)],
        "three-way": ["report", "three-way", "--month", str(ym)],
        "branch-month": ["report", "branch-month", "--month", str(ym)],
    }
    for name, args in commands.items():
        expected = 1 if name == "three-way" else 0  # the planted variances
        for fmt in ("pdf", "xlsx", "csv"):
            out = tmp_path / f"{name}.{fmt}"
            assert run([*args, "--format", fmt, "--out", str(out), *base]) == expected, (name, fmt)
            data = out.read_bytes()
            if fmt == "pdf":
                assert data.startswith(b"%PDF")
            elif fmt == "xlsx":
                assert load_workbook(io.BytesIO(data)).worksheets[0].sheet_view.rightToLeft
            else:
                assert data.decode("utf-8").count("\n") >= 2
        assert run([*args, "--format", "pdf", *base]) == 2  # a PDF needs --out
    capsys.readouterr()
    assert run(["report", "three-way", "--month", str(ym), *base]) == 1  # CSV to standard output
    assert "not_receipted" in capsys.readouterr().out
    assert run(["report", "performance", "--half", "1405-3", *base]) == 2  # not a half-year
