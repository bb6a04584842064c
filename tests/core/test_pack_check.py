"""``branch-desktop pack check`` / ``pack show``: both packs pass, in a fresh process through the
installed entry point (as CI runs it), and a damaged copy is reported with file, row and reason."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from branch_desktop.core.pack_audit import check_pack, figures_on
from branch_desktop.core.packs import load_pack, load_pack_from
from branch_desktop.paths import packs_dir

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    entry = Path(sys.executable).with_name("branch-desktop")
    command = [str(entry)] if entry.exists() else [sys.executable, "-m", "branch_desktop"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([*command, "--lang", "en", *args], capture_output=True, text=True, env=env, timeout=120,
                          check=False)


def test_pack_check_passes_for_both_packs_in_a_fresh_process() -> None:
    result = _run("pack", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ir_sso: no problems." in result.stdout and "tr_sgk: no problems." in result.stdout


def test_pack_show_prints_the_figures_in_force_with_their_source() -> None:
    result = _run("pack", "show", "tr_sgk", "--on", "2023-07-01")
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("minimum_wage.gross_monthly"))
    assert "13414.50 TRY" in line and "2023/07/01" in line
    assert "Asgari Ücret Tespit Komisyonu" in result.stdout
    jalali = _run("pack", "show", "ir_sso", "--on", "1402/12/29")
    wage = next(x for x in jalali.stdout.splitlines() if x.startswith("minimum_wage.gross_monthly"))
    assert "53082840 IRR" in wage and "1402/01/01" in wage


def _copy(tmp_path: Path, code: str = "tr_sgk") -> Path:
    target = tmp_path / code
    shutil.copytree(packs_dir() / code, target)
    return target


def test_check_reports_a_missing_source_a_gap_an_overlap_and_a_value_out_of_range(tmp_path: Path) -> None:
    pack_dir = _copy(tmp_path)
    params = (pack_dir / "parameters.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in params if not line.startswith("minimum_wage.gross_monthly,2019-")]
    kept = ["premium.short_term.employer_rate,2024-09-01,0.0225,ratio,,no source"
            if line.startswith("premium.short_term.employer_rate,2024-09-01,") else line for line in kept]
    kept.append("premium.health.employer_rate,2025-01-01,7.5,ratio,A typo,percent instead of ratio")
    (pack_dir / "parameters.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    with (pack_dir / "tables" / "payroll_income_tax.csv").open("a", encoding="utf-8") as fh:
        fh.write("2025-01-01,158000,0.25,Twice,overlapping bracket\n")
    problems = [str(p) for p in check_pack(load_pack_from(pack_dir))]
    assert any("minimum_wage.gross_monthly is revised every year but has no row for 2019" in p for p in problems)
    assert any("premium.short_term.employer_rate from 2024/09/01 has no source" in p for p in problems)
    assert any("premium.health.employer_rate = 7.5 is outside the plausible range" in p for p in problems)
    assert any(p.startswith("payroll_income_tax.csv, row 69: overlaps row 60") for p in problems), problems


def test_check_exits_1_and_names_the_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from branch_desktop import cli
    from branch_desktop.core import packs

    root = tmp_path / "packs"
    pack_dir = _copy(root, "ir_sso")
    with (pack_dir / "tables" / "payroll_pay_table.csv").open("a", encoding="utf-8") as fh:
        fh.write("1405/01/01,3,148315000,,no source and a second group 3\n")
    monkeypatch.setattr(packs, "packs_dir", lambda: root)
    packs.load_pack.cache_clear()
    try:
        assert cli.run(["pack", "check", "ir_sso"]) == 1
    finally:
        packs.load_pack.cache_clear()
    out = capsys.readouterr().out
    assert "payroll_pay_table.csv, row 62: the row has no source." in out
    assert "payroll_pay_table.csv, row 62: overlaps row 44." in out
    assert "ir_sso: 2 problem(s)." in out


def test_figures_on_flags_uncertain_figures() -> None:
    tr = load_pack("tr_sgk")
    import datetime as dt

    figures = {f.name: f for f in figures_on(tr, dt.date(2026, 3, 1)) if f.kind == "parameter"}
    assert figures["minimum_wage.gross_monthly"].value == "33030.00"
    assert figures["minimum_wage.gross_monthly"].uncertain
    assert not figures["premium.short_term.employer_rate"].uncertain
    assert figures["premium.incentive.general_rate"].value == "0.02"
