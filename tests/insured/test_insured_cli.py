"""The insured-affairs commands through the installed entry point, in fresh processes, on an
existing demo branch: import the registry, a clerk registers a claim computed from the demo's
declarations, the manager decides it (letter printed), the service record in three formats."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from branch_desktop.core.ids import iran_national_code_with_check
from branch_desktop.core.storage import Database
from branch_desktop.demo import demo_password


def _run(db_path: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("branch-desktop")
    env = dict(os.environ, BRANCH_DESKTOP_PASSWORD=demo_password())
    env.pop("BRANCH_DESKTOP_DB", None)
    return subprocess.run([str(script), "--db", f"sqlite:///{db_path}", "--lang", "en", *args], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=180, check=False)


@pytest.mark.slow
def test_registry_claim_decision_and_service_record(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.read() as s:
        nid, name, months = s.execute(text(
            "SELECT national_id, max(name), count(*) FROM revenue_service_records GROUP BY national_id "
            "ORDER BY count(*) DESC, national_id LIMIT 1")).one()
    db_path = Path(str(demo_db.engine.url.database))
    demo_db.dispose()
    csv_file = tmp_path / "insured.csv"
    newcomer = iran_national_code_with_check("099999991")  # the demo registered the declared ones already
    csv_file.write_text(f"national_id,first_name,last_name,sex,birth_date\n{newcomer},{name},Demo,F,1370/01/01\n",
                        encoding="utf-8")
    done = _run(db_path, tmp_path, "--user", "clerk", "insured", "import", str(csv_file))
    assert done.returncode == 0, done.stderr
    again = _run(db_path, tmp_path, "--user", "clerk", "insured", "import", str(csv_file))
    assert again.returncode == 2 and "Already registered" in again.stderr

    case = tmp_path / "case.json"
    case.write_text(json.dumps({"kind": "marriage", "start": "1405-09-01"}), encoding="utf-8")
    made = _run(db_path, tmp_path, "--user", "clerk", "claim", "new", "--national-id", nid, "--input", str(case))
    assert made.returncode == 0, made.stderr
    claim = json.loads(made.stdout)
    assert claim["eligible"] is False and claim["refusal"]["condition"] == "minimum_premium_days"

    same = _run(db_path, tmp_path, "--user", "clerk", "claim", "refuse", "--claim", claim["claim"],
                "--reason", "x")
    assert same.returncode == 2  # a clerk may not decide
    letter = tmp_path / "letter.pdf"
    decided = _run(db_path, tmp_path, "--user", "manager", "claim", "refuse", "--claim", claim["claim"],
                   "--reason", "Not 720 days in five years", "--letter", str(letter))
    assert decided.returncode == 0, decided.stderr
    assert json.loads(decided.stdout)["state"] == "refused"
    pdf_text = "".join(p.extract_text() for p in PdfReader(str(letter)).pages)
    assert "Not 720 days in five years" in pdf_text and "Premium days required" in pdf_text

    for fmt in ("pdf", "xlsx", "csv"):
        out = tmp_path / f"record.{fmt}"
        done = _run(db_path, tmp_path, "--user", "clerk", "report", "service-record", "--national-id", nid,
                    "--format", fmt, "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 100
    rows = (tmp_path / "record.csv").read_text(encoding="utf-8").splitlines()
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "record.xlsx").worksheets[0]
    assert sheet.freeze_panes == "A4" and isinstance(sheet.cell(4, 1).value, int)
    assert isinstance(sheet.cell(4, 6).value, (int, float)) and sheet.cell(4, 6).number_format == "#,##0"
    assert sheet.cell(4 + months, 6).value == f"=SUM(F4:F{3 + months})"
    assert len(rows) == 1 + months  # the header and the person's declared months
