"""The installed ``branch-desktop`` command, started as a user starts it: a fresh process on an
existing branch database, logging in as each role.

In-process tests import every module, so a department whose registration depends on what
happens to be imported first (Revenue once vanished this way) passes them all; only a fresh
process shows what a user sees.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from branch_desktop.core.storage import Database
from branch_desktop.demo import demo_password

# What each role must find, whatever else is added later (pages by key).
MUST_SEE = {
    "clerk": {"revenue.counter", "revenue.employers", "revenue.declarations", "revenue.statement",
              "revenue.day_close", "accounting.journal"},
    "accountant": {"revenue.counter", "revenue.cheques", "accounting.journal", "accounting.entry",
                   "accounting.trial_balance", "accounting.bank_reconciliation", "accounting.bank_statements",
                   "accounting.cheques", "accounting.payroll_run"},
    "manager": {"revenue.employers", "revenue.day_close", "accounting.trial_balance", "reports.trial_balance",
                "accounting.loan_fund", "reports.dashboard", "reports.performance", "reports.three_way"},
    "admin": {"revenue.counter", "accounting.entry", "accounting.payroll_staff", "reports.trial_balance"},
}
MUST_NOT_SEE = {
    "clerk": {"accounting.entry", "accounting.payroll_run", "accounting.bank_reconciliation", "reports.dashboard"},
}


def _command() -> list[str]:
    script = Path(sys.executable).with_name("branch-desktop")
    if script.exists():
        return [str(script)]
    found = shutil.which("branch-desktop")
    assert found, "the branch-desktop entry point is not installed (pip install -e .)"
    return [found]


def _run(args: list[str], db_path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BRANCH_DESKTOP_PASSWORD=demo_password(),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    env.pop("BRANCH_DESKTOP_DB", None)
    return subprocess.run([*_command(), "--db", f"sqlite:///{db_path}", *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=180, check=False)


@pytest.fixture
def branch_file(demo_db: Database) -> Path:
    path = Path(str(demo_db.engine.url.database))
    demo_db.dispose()
    return path


@pytest.mark.slow
@pytest.mark.parametrize("role", sorted(MUST_SEE))
def test_each_role_sees_its_departments_in_a_fresh_process(role: str, branch_file: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{role}.json"
    done = _run(["--user", role, "--lang", "en", "--dump-ui", str(out)], branch_file, tmp_path)
    assert done.returncode == 0, done.stderr
    dump = json.loads(out.read_text(encoding="utf-8"))
    assert dump["user"] == role
    offered = {key for dep in dump["departments"] for key in dep["pages"]}
    assert MUST_SEE[role] <= offered, f"missing for {role}: {sorted(MUST_SEE[role] - offered)}"
    assert not (MUST_NOT_SEE.get(role, set()) & offered)
    revenue = next(d for d in dump["departments"] if d["key"] == "revenue")
    assert revenue["title"] == "Revenue" and revenue["pages"]
    pages = {p["key"]: p for p in dump["pages"]}
    assert set(pages) == offered  # every offered page was opened and read
    for page in pages.values():
        assert page["title"] and page["department"] in {d["key"] for d in dump["departments"]}
    if role in {"clerk", "admin"}:
        assert pages["revenue.counter"]["title"] == "Counter"
        assert any("Amount" in t for t in pages["revenue.counter"]["texts"])


@pytest.mark.slow
def test_dump_in_persian_and_a_wrong_password_refused(branch_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "fa.json"
    done = _run(["--user", "clerk", "--lang", "fa", "--dump-ui", str(out)], branch_file, tmp_path)
    assert done.returncode == 0, done.stderr
    dump = json.loads(out.read_text(encoding="utf-8"))
    assert next(d for d in dump["departments"] if d["key"] == "revenue")["title"] == "درآمد"

    env_password = dict(os.environ)
    try:
        os.environ["BRANCH_DESKTOP_PASSWORD"] = "wrong"
        bad = subprocess.run([*_command(), "--db", f"sqlite:///{branch_file}", "--user", "clerk", "--dump-ui",
                              str(tmp_path / "x.json")], env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
                             capture_output=True, text=True, timeout=180, check=False)
    finally:
        os.environ.clear()
        os.environ.update(env_password)
    assert bad.returncode == 2
    assert not (tmp_path / "x.json").exists()


@pytest.mark.slow
def test_selftest_opens_an_existing_database(branch_file: Path, tmp_path: Path) -> None:
    done = _run(["--user", "admin", "--selftest"], branch_file, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "walk: ok" in done.stderr


@pytest.mark.slow
def test_manager_reports_from_a_fresh_process(branch_file: Path, tmp_path: Path) -> None:
    """The manager's report commands through the installed entry point on an existing database."""
    pdf = tmp_path / "performance.pdf"
    done = _run(["--user", "manager", "--lang", "fa", "report", "performance", "--half", "1405-H1", "--out", str(pdf)],
                branch_file, tmp_path)
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    done = _run(["--user", "manager", "--lang", "en", "report", "dashboard", "--format", "csv"], branch_file, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "receipts_month" in done.stdout and "collection_by_month:Accrued" in done.stdout
    done = _run(["--user", "clerk", "report", "dashboard"], branch_file, tmp_path)
    assert done.returncode == 2  # the clerk's role does not read the manager's reports
    # Excel in Persian: a typed date cell, and the same day written in the Solar Hijri calendar beside the row
    book = tmp_path / "dashboard.xlsx"
    done = _run(["--user", "manager", "--lang", "fa", "report", "dashboard", "--format", "xlsx", "--out", str(book)],
                branch_file, tmp_path)
    assert done.returncode == 0, done.stderr
    import jdatetime
    from openpyxl import load_workbook

    days = next(ws for ws in load_workbook(book).worksheets if ws.cell(2, 1).is_date)
    twin = days.max_column
    assert "هجری شمسی" in days.cell(1, twin).value
    day = days.cell(2, 1).value.date()
    written = jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d")
    assert days.cell(2, twin).value == written.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def test_demo_extend_on_a_demo_branch(branch_file: Path, tmp_path: Path) -> None:
    """``demo --extend`` on a branch made by ``demo`` adds months without re-importing the bank
    statements of the months it has (it used to stop at the first one, naming it ``<Stmt>``)."""
    copy = tmp_path / "extend.db"
    shutil.copyfile(branch_file, copy)
    done = _run(["demo", "--pack", "ir_sso", "--extend", "--months", "3", "--user", "admin", "--lang", "en"],
                copy, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    sound = _run(["verify", "--user", "admin", "--lang", "en"], copy, tmp_path)
    assert sound.returncode == 0 and "sound" in sound.stdout, sound.stdout + sound.stderr
