"""The headless banking commands."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from branch_desktop.cli import run
from tests.conftest import PASSWORD

from .helpers import SAMPLES, camt
from .test_banking_services import revenue_month

D = dt.date


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRANCH_DESKTOP_PASSWORD", PASSWORD)  # every command logs its user in


def cli(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    user = [] if "--user" in args else ["--user", "admin"]
    code = run(["--db", url, "--lang", "en", *user, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_statement_reconcile_and_reports(branch, tmp_path, capsys):
    url = branch.ctx.db.engine.url.render_as_string(hide_password=False)
    from branch_desktop.accounting.banking import services as bank

    ibans = bank.default_ibans("ir_sso")
    code, out, err = cli(capsys, url, "bank-account", "add", "--code", "1500", "--iban", ibans["revenue_bank"],
                         "--bank", "Refah", "--user", "accountant")
    assert code == 0, err
    code, out, err = cli(capsys, url, "bank-account", "add", "--code", "1600", "--iban", "IR00 bad", "--bank", "x")
    assert code == 2 and "not a valid IBAN" in err
    # a real foreign sample: parses, refused for the branch's account; nothing written
    code, out, err = cli(capsys, url, "import", "statement", str(SAMPLES / "mt940" / "wolph-jejik-generic.sta"),
                         "--account", "1500", "--dry-run")
    assert code == 2 and "the statement is for account 11111111" in err
    # the month's statement: dry run prints one JSON object per statement and writes nothing
    imported = revenue_month_statement(branch, tmp_path)
    code, out, err = cli(capsys, url, "import", "statement", str(imported), "--account", "1500", "--dry-run",
                         "--user", "accountant")
    assert code == 0, err
    (obj,) = [json.loads(line) for line in out.splitlines()]
    assert obj == {"account": "1500", "currency": "IRR", "statement_id": "REFAH-1403-05",
                   "opening_balance": "0", "closing_balance": "12888250", "lines": 6,
                   "sum_of_lines": "12888250", "from": "2024-07-22", "to": "2024-08-12"}
    code, out, err = cli(capsys, url, "import", "statement", str(imported), "--account", "1500", "--format",
                         "camt053", "--user", "accountant")
    assert code == 0 and "1 statements with 6 lines" in out, err
    code, out, err = cli(capsys, url, "import", "statement", str(imported), "--account", "1500")
    assert code == 2 and "imported before" in err
    code, out, err = cli(capsys, url, "reconcile", "--account", "1500", "--month", "1403-05", "--auto",
                         "--user", "accountant")
    assert code == 0, err
    summary = json.loads(out.splitlines()[-1])
    assert summary["matched"] == 3 and summary["unmatched_statement_lines"] == 3
    assert summary["difference"] == "0" and summary["locked"] is False
    code, out, err = cli(capsys, url, "report", "reconciliation", "--account", "1500", "--month", "1403-05",
                         "--format", "csv")
    assert code == 0 and "summary,,difference,,0" in out
    pdf = tmp_path / "rec.pdf"
    code, out, err = cli(capsys, url, "report", "reconciliation", "--account", "1500", "--month", "1403-05",
                         "--format", "pdf", "--out", str(pdf))
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    code, out, err = cli(capsys, url, "report", "ten-day", "--account", "1500", "--month", "1403-05",
                         "--format", "csv")
    assert code == 0 and out.splitlines()[3].endswith(",13600000")
    code, out, err = cli(capsys, url, "report", "ten-day", "--account", "1500", "--month", "1403-05",
                         "--format", "pdf", "--out", str(tmp_path / "ten.pdf"))
    assert code == 0 and (tmp_path / "ten.pdf").exists()
    code, out, err = cli(capsys, url, "accounting-close", "--month", "1403-05", "--check", "--user", "accountant")
    assert code == 1 and "1500 is not reconciled" in out
    code, out, err = cli(capsys, url, "reconcile", "--account", "1500", "--month", "1403-05", "--user", "clerk")
    assert code == 2 and "may not" in err


def revenue_month_statement(branch, tmp_path):
    """Post the month's book items (as the revenue module would) and write the bank's file."""
    from branch_desktop.accounting.banking import services as bank

    real = bank.import_statement
    captured: dict[str, bytes] = {}

    def capture(ctx, actor, code, data, **kw):
        captured["data"] = data
        return []

    bank.import_statement = capture  # type: ignore[assignment]
    try:
        revenue_month(branch)
    finally:
        bank.import_statement = real  # type: ignore[assignment]
    path = tmp_path / "refah.xml"
    path.write_bytes(captured["data"])
    assert camt  # the generator the helper uses
    return path
