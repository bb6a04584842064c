"""The headless payroll commands on the demo branch (both packs, both databases)."""

import datetime as dt
import io
import re
from pathlib import Path

import pypdf
import pytest

from branch_desktop.cli import run
from branch_desktop.core.packs import load_pack
from branch_desktop.core.storage import Database


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", "demo-pass-1")  # every command logs its user in


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run a command in-process, as the administrator unless the test names a user."""
    code = run(list(args) if "--user" in args else ["--user", "admin", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("pack", ["ir_sso", "tr_sgk"])
def test_payroll_run_post_payslips_and_verify(
    pack: str, db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BRANCH_DESKTOP_ADMIN_PASSWORD", "demo-pass-1")
    url = db.url
    code, out, err = _cli(capsys, "--db", url, "demo", "--pack", pack, "--employers", "5", "--insured", "20",
                          "--months", "2")
    assert code == 0, err
    month = str(load_pack(pack).calendar.year_month(dt.date.today()))
    code, out, err = _cli(capsys, "--db", url, "--lang", "en", "payroll", "run", "--month", month, "--user",
                          "accountant")
    assert code == 0, err
    assert re.search(r"Employees\s+50", out) and "draft" in out
    for label in ("Gross pay", "Deductions", "Net pay", "Employer cost"):
        assert label in out
    code, out, err = _cli(capsys, "--db", url, "--lang", "en", "payroll", "run", "--month", month, "--post",
                          "--user", "clerk")
    assert code == 2 and "may not" in err  # a clerk may not run payroll
    code, out, err = _cli(capsys, "--db", url, "--lang", "en", "payroll", "run", "--month", month, "--post",
                          "--user", "accountant")
    assert code == 0 and "posted" in out, err
    pdf_path = tmp_path / "slips.pdf"
    code, out, err = _cli(capsys, "--db", url, "payslips", "--month", month, "--out", str(pdf_path))
    assert code == 0, err
    assert len(pypdf.PdfReader(io.BytesIO(pdf_path.read_bytes())).pages) == 50
    one = tmp_path / "one.pdf"
    code, out, err = _cli(capsys, "--db", url, "payslips", "--month", month, "--out", str(one), "--employee", "00007")
    assert code == 0 and len(pypdf.PdfReader(str(one)).pages) == 1, err
    bank = tmp_path / "bank.csv"
    code, out, err = _cli(capsys, "--db", url, "payroll", "bank-list", "--month", month, "--out", str(bank))
    assert code == 0 and len(bank.read_text(encoding="utf-8-sig").splitlines()) == 51, err
    code, out, err = _cli(capsys, "--db", url, "--lang", "en", "verify")
    assert code == 0, err


def test_bonus_commands(db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                        tmp_path: Path) -> None:
    monkeypatch.setenv("BRANCH_DESKTOP_ADMIN_PASSWORD", "demo-pass-1")
    url = db.url
    code, _out, err = _cli(capsys, "--db", url, "demo", "--pack", "ir_sso", "--employers", "3", "--insured", "10",
                           "--months", "1")
    assert code == 0, err
    scores = tmp_path / "scores.csv"
    scores.write_text("personnel_no,score,worked,principles,unpaid,sick\n00001,97,100,50,0,0\n00002,0.60\n",
                      encoding="utf-8")
    month = str(load_pack("ir_sso").calendar.year_month(dt.date.today()))
    code, out, err = _cli(capsys, "--db", url, "--lang", "en", "payroll", "bonus", "--month", month, "--kind",
                          "productivity", "--scores", str(scores), "--post", "--user", "accountant")
    assert code == 0 and "1 employees" in out, err
    # amounts and percentages on the command line are plain decimals: a comma is refused, not guessed
    for option, value in (("--amount-over-budget", "1,500,000"), ("--balance-progress", "95,5")):
        code, out, err = _cli(capsys, "--db", url, "--lang", "en", "payroll", "bonus", "--month", month, "--kind",
                              "performance", option, value, "--user", "accountant")
        assert code == 2 and f"'{value}' has a comma" in err
    code, out, err = _cli(capsys, "--db", url, "--lang", "en", "payroll", "bonus", "--month", month, "--kind",
                          "performance", "--amount-over-budget", "1500000.5", "--user", "accountant")
    assert code == 2 and "more decimals than IRR allows" in err
    code, out, err = _cli(capsys, "--db", url, "--lang", "en", "payroll", "bonus", "--month", month, "--kind",
                          "performance", "--balance-progress", "95", "--statements-on-time", "3", "--post",
                          "--user", "accountant")
    assert code == 0 and "50 employees" in out, err
    out_pdf = tmp_path / "bonus.pdf"
    code, out, err = _cli(capsys, "--db", url, "payslips", "--month", month, "--kind", "performance", "--out",
                          str(out_pdf))
    assert code == 0 and len(pypdf.PdfReader(str(out_pdf)).pages) == 50, err
    code, out, err = _cli(capsys, "--db", url, "--lang", "en", "verify")
    assert code == 0, err
