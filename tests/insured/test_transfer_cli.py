"""``transfer prepare/post/file`` through the installed entry point, in fresh processes, on an
existing demo branch: the roles, the four-eyes rule, bad input (exit 2 with a message) and the
bank's file in three formats."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from branch_desktop.accounting.banking import services as banking
from branch_desktop.core.branch import open_branch
from branch_desktop.core.security import login
from branch_desktop.core.storage import Database
from branch_desktop.demo import demo_password
from branch_desktop.insured import services
from tests.insured.test_insured_cli import _run


@pytest.mark.slow
def test_prepare_post_and_write_a_transfer_list(demo_db: Database, tmp_path: Path) -> None:
    ctx = open_branch(demo_db)
    admin = login(demo_db, "admin", demo_password())
    code = ctx.pack.account_code("legal_obligation_bank")
    banking.create_bank_account(ctx, admin, code, banking.default_ibans(ctx.pack.code)["legal_obligation_bank"],
                                "Refah")
    due = [p for p in services.payable_claims(ctx, admin) if p.iban]
    assert due  # the demo approved claims and gave their payees an IBAN
    db_path = Path(str(demo_db.engine.url.database))
    demo_db.dispose()

    refused = _run(db_path, tmp_path, "--user", "clerk", "transfer", "prepare", "--account", code)
    assert refused.returncode == 2 and "insured.transfer" in refused.stderr
    bad_date = _run(db_path, tmp_path, "--user", "accountant", "transfer", "prepare", "--account", code, "--until",
                    "yesterday")
    assert bad_date.returncode == 2 and "'yesterday' is not a date" in bad_date.stderr
    too_early = _run(db_path, tmp_path, "--user", "accountant", "transfer", "prepare", "--account", code, "--until",
                     "1390/01/01")
    assert too_early.returncode == 2 and "No approved benefit is due" in too_early.stderr
    no_account = _run(db_path, tmp_path, "--user", "accountant", "transfer", "prepare", "--account", "9999")
    assert no_account.returncode == 2 and "9999" in no_account.stderr and "Traceback" not in no_account.stderr

    made = _run(db_path, tmp_path, "--user", "accountant", "transfer", "prepare", "--account", code)
    assert made.returncode == 0, made.stderr
    listed = json.loads(made.stdout)
    assert listed["status"] == "prepared" and listed["count"] == len(due)
    assert listed["total"] == str(sum((p.amount for p in due), Decimal(0)))
    number = listed["list"]

    same = _run(db_path, tmp_path, "--user", "accountant", "transfer", "post", number)
    assert same.returncode == 2 and "four eyes" in same.stderr
    posted = _run(db_path, tmp_path, "--user", "manager", "transfer", "post", number)
    assert posted.returncode == 0, posted.stderr
    assert json.loads(posted.stdout)["status"] == "posted"
    again = _run(db_path, tmp_path, "--user", "manager", "transfer", "post", number)
    assert again.returncode == 2 and "only a prepared list is posted" in again.stderr
    unknown = _run(db_path, tmp_path, "--user", "manager", "transfer", "post", "12/34/56")
    assert unknown.returncode == 2 and "YEAR/NUMBER" in unknown.stderr

    for fmt in ("csv", "xlsx", "pdf"):
        out = tmp_path / f"list.{fmt}"
        done = _run(db_path, tmp_path, "--user", "clerk", "transfer", "file", number, "--format", fmt, "--out",
                    str(out))
        assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO((tmp_path / "list.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][3] == "IBAN" and sorted(r[3] for r in rows[1:]) == sorted(p.iban for p in due)
    sheet = load_workbook(tmp_path / "list.xlsx").active
    assert sheet is not None and sheet.cell(1, 2).value == number
    pdf_text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "list.pdf")).pages)
    assert "Bank transfer list" in pdf_text and due[0].iban in pdf_text
    missing = _run(db_path, tmp_path, "--user", "clerk", "transfer", "file", "1405/999999", "--format", "csv",
                   "--out", str(tmp_path / "x.csv"))
    assert missing.returncode == 2 and "No transfer list 1405/999999" in missing.stderr
