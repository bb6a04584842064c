"""The headless commands on both packs and both databases."""

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from branch_desktop.cli import run
from branch_desktop.core.packs import load_pack
from branch_desktop.core.storage import Database
from tests.xlsx_eval import sumif


def current_period(pack: str) -> str:
    """The demo posts up to today, so the current month's trial balance covers every entry."""
    return str(load_pack(pack).calendar.year_month(dt.date.today()))


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command logs its user in; the demo's users share the demo password."""
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", "demo-pass-1")


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run a command in-process as the administrator (unless the test names a user); messages in
    English unless the test asks for a language."""
    argv = list(args) if "--lang" in args else ["--lang", "en", *args]
    if "--user" not in argv:
        argv = ["--user", "admin", *argv]
    code = run(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(params=["ir_sso", "tr_sgk"])
def demo_db(request: pytest.FixtureRequest, db: Database, capsys: pytest.CaptureFixture[str],
            monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.setenv("BRANCH_DESKTOP_ADMIN_PASSWORD", "demo-pass-1")
    url = db.url
    code, out, _ = _cli(capsys, "--db", url, "demo", "--pack", request.param, "--employers", "12",
                        "--insured", "60", "--months", "3", "--seed", "7")
    assert code == 0 and "entries posted" in out
    return url, request.param


def test_init_creates_a_branch(db: Database, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCH_DESKTOP_ADMIN_PASSWORD", "admin-pass-1")
    code, out, _ = _cli(capsys, "--db", db.url, "init", "--pack", "tr_sgk", "--branch", "Çankaya SGM",
                        "--admin", "root")
    assert code == 0 and "Çankaya SGM" in out
    code, _, err = _cli(capsys, "--db", db.url, "init", "--pack", "tr_sgk", "--branch", "Again", "--admin", "root")
    assert code == 2 and "already holds a branch" in err
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", "admin-pass-1")
    code, out, _ = _cli(capsys, "--db", db.url, "verify", "--user", "root")
    assert code == 0 and "0 entries" in out


def test_demo_verify_report_and_export_agree(demo_db: tuple[str, str], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    url, pack = demo_db
    code, out, _ = _cli(capsys, "--db", url, "verify")
    assert code == 0 and "The books are sound" in out
    code, out, _ = _cli(capsys, "--db", url, "--lang", "en", "report", "trial-balance", "--period", current_period(pack))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["code", "name", "opening_debit", "opening_credit", "period_debit", "period_credit",
                             "debit_balance", "credit_balance", "debit", "credit", "balance"]
    total = rows.pop()
    assert total["code"] == "total"
    for column in ("opening_debit", "opening_credit", "period_debit", "period_credit", "debit_balance",
                   "credit_balance", "debit", "credit"):
        assert sum(Decimal(r[column]) for r in rows) == Decimal(total[column]), column
    # Debit and credit balances are apart (one of them zero) and their totals agree.
    assert all(Decimal(r["debit_balance"]) - Decimal(r["credit_balance"]) == Decimal(r["balance"]) for r in rows)
    assert all(min(Decimal(r["debit_balance"]), Decimal(r["credit_balance"])) == 0 for r in rows)
    assert Decimal(total["debit_balance"]) == Decimal(total["credit_balance"]) > 0
    assert Decimal(total["opening_debit"]) == Decimal(total["opening_credit"])
    tb = {r["code"]: Decimal(r["balance"]) for r in rows}
    assert sum(tb.values()) == 0 and len(tb) >= 5
    assert sum(Decimal(r["debit"]) for r in rows) == sum(Decimal(r["credit"]) for r in rows)
    if pack == "tr_sgk":
        assert any("." in r["debit"] and len(r["debit"].split(".")[1]) == 2 for r in rows)
    ledger = tmp_path / "books.journal"
    code, out, _ = _cli(capsys, "--db", url, "export", "ledger", "--out", str(ledger))
    assert code == 0
    # The exported journal, summed independently, gives the same balances.
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for line in ledger.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^    (\S+) .*?  [A-Z]{3} (-?\d+(?:\.\d+)?)", line)
        if m:
            sums[m.group(1)] += Decimal(m.group(2))
    assert {k: v for k, v in sums.items() if v} == {k: v for k, v in tb.items() if v}
    hledger = shutil.which("hledger")
    if hledger:
        result = subprocess.run([hledger, "-f", str(ledger), "balance", "--flat", "--no-total", "-O", "csv",
                                 "--end", "2100-01-01"], capture_output=True, text=True, check=True)
        theirs = {}
        for rec in list(csv.reader(io.StringIO(result.stdout)))[1:]:
            theirs[rec[0].split(" ", 1)[0]] = Decimal(rec[1].split()[-1].replace(",", ""))
        assert {k: v for k, v in theirs.items() if v} == {k: v for k, v in tb.items() if v}


def test_report_xlsx_and_bad_period(demo_db: tuple[str, str], tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    url, pack = demo_db
    out_file = tmp_path / "tb.xlsx"
    code, _, _ = _cli(capsys, "--db", url, "report", "trial-balance", "--period", current_period(pack),
                      "--format", "xlsx", "--out", str(out_file))
    assert code == 0
    ws = load_workbook(out_file).active
    assert ws is not None
    codes = [ws.cell(r, 1).value for r in range(5, ws.max_row + 1)]
    names = [ws.cell(r, 2).value for r in range(5, ws.max_row + 1)]
    assert names[-1] in ("Total", "جمع", "Toplam") and codes[-1] is None
    # Opening debit/credit, period debit/credit, debit/credit balance: each pair of totals agrees,
    # and each total is the sum of the postable accounts' rows.
    totals = [sumif(ws, ws.cell(ws.max_row, c).value) for c in range(3, 9)]
    assert totals[4] > 0 and totals[0] == totals[1] and totals[2] == totals[3] and totals[4] == totals[5]
    postable = {a.code for a in load_pack(pack).accounts if a.postable}
    for c in range(3, 9):
        column = sum((Decimal(str(ws.cell(r, c).value or 0)) for r in range(5, ws.max_row)
                      if ws.cell(r, 1).value in postable), Decimal(0))
        assert column == totals[c - 3], c
    code, _, err = _cli(capsys, "--db", url, "report", "trial-balance", "--period", "14xx-13")
    assert code == 2 and "is not a month" in err


def test_verify_fails_and_names_the_entry_after_tampering(demo_db: tuple[str, str],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    url, _pack = demo_db
    db = Database(url)
    with db.engine.begin() as conn:
        if db.is_sqlite:
            conn.execute(text("DROP TRIGGER trg_entries_update"))
        else:
            conn.execute(text("ALTER TABLE entries DISABLE TRIGGER USER"))
        target = conn.execute(text("SELECT id FROM entries WHERE status = 'posted' ORDER BY id LIMIT 1 OFFSET 4")).scalar()
        conn.execute(text("UPDATE entries SET description = 'edited' WHERE id = :id"), {"id": target})
    db.dispose()
    code, out, _ = _cli(capsys, "--db", url, "verify")
    assert code == 1
    assert f"(id {target})" in out.splitlines()[0]


def test_backup_and_restore_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCH_DESKTOP_ADMIN_PASSWORD", "demo-pass-1")
    url = f"sqlite:///{tmp_path / 'b.db'}"
    assert _cli(capsys, "--db", url, "demo", "--pack", "ir_sso", "--employers", "3", "--insured", "9",
                "--months", "1")[0] == 0
    code, out, _ = _cli(capsys, "--db", url, "backup", "--out", str(tmp_path / "copy.db"))
    assert code == 0 and (tmp_path / "copy.db").exists()
    code, out, _ = _cli(capsys, "--db", url, "--user", "clerk", "backup", "--out", str(tmp_path / "c2.db"))
    assert code == 2
    code, out, _ = _cli(capsys, "--db", url, "restore", str(tmp_path / "copy.db"))
    assert code == 0 and "Restored" in out
    assert _cli(capsys, "--db", url, "verify")[0] == 0
    code, out, _ = _cli(capsys, "--db", url, "db", "upgrade")
    revisions = json.loads(out)
    assert code == 0 and revisions["current"] == revisions["head"] and "0001" not in revisions["current"].split(",")


def test_report_pdf_has_the_accounts(demo_db: tuple[str, str], tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfReader

    url, pack = demo_db
    out_file = tmp_path / "tb.pdf"
    code, _, _ = _cli(capsys, "--db", url, "--lang", "en", "report", "trial-balance", "--period",
                      current_period(pack), "--format", "pdf", "--out", str(out_file))
    assert code == 0
    text_ = "".join(page.extract_text() for page in PdfReader(out_file).pages)
    revenue_bank = load_pack(pack).account_code("revenue_bank")
    assert revenue_bank in text_ and "Trial balance" in text_


def test_messages_follow_the_pack_language_by_default(demo_db: tuple[str, str],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from branch_desktop.core.i18n import set_language, translate_to

    url, pack = demo_db
    code = run(["--db", url, "--user", "admin", "verify"])
    out = capsys.readouterr().out
    set_language("en")
    language = load_pack(pack).language
    assert code == 0
    sound = translate_to(language, "The books are sound: {journals} journals, {entries} entries, {lines} lines.")
    assert out.startswith(sound.split("{")[0]) and sound.split("{")[0] != "The books are sound: "
