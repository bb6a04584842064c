"""The execution commands through the installed entry point, in fresh processes: ``charge compute``
without a database (exit 2 on malformed input), and on an existing branch ``debt ageing``,
``debt register``, ``charge compute --employer``, ``notice prepare|serve`` and ``enforcement order``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import PASSWORD, Branch
from tests.execution.helpers import declared


def _run(tmp_path: Path, *args: str, db: str | None = None) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("branch-desktop")
    env = dict(os.environ, BRANCH_DESKTOP_PASSWORD=PASSWORD)
    env.pop("BRANCH_DESKTOP_DB", None)
    head = ["--db", db] if db else ["--db", f"sqlite:///{tmp_path / 'never-made.db'}"]
    return subprocess.run([str(script), *head, "--lang", "en", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=180, check=False)


def test_charge_compute_without_a_database(tmp_path: Path) -> None:
    case = tmp_path / "debts.json"
    case.write_text(json.dumps({"until": "2024-07-31", "debts": [
        {"month": "2024-03", "principal": "10000.00", "paid": [{"date": "2024-06-15", "amount": "10000.00"}]}]}),
        encoding="utf-8")
    done = _run(tmp_path, "charge", "compute", "--pack", "tr_sgk", "--input", str(case))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["total"], out["debts"][0]["penalty"], out["debts"][0]["interest"]) == ("1244.48", "600.00", "644.48")
    assert any(s.get("source", "").startswith("6183 art. 51: CBK 8484") for s in out["debts"][0]["trace"])
    assert not (tmp_path / "never-made.db").exists()
    case.write_text('{"until": "2024-07-31", "debts": [{"month": "2024/03"', encoding="utf-8")
    bad = _run(tmp_path, "charge", "compute", "--pack", "tr_sgk", "--input", str(case))
    assert bad.returncode == 2 and "not JSON" in bad.stderr and not bad.stdout
    case.write_text(json.dumps({"until": "2024-07-31", "debts": [{"month": "March", "principal": "1"}]}),
                    encoding="utf-8")
    bad = _run(tmp_path, "charge", "compute", "--pack", "tr_sgk", "--input", str(case))
    assert bad.returncode == 2 and "YYYY-MM" in bad.stderr


def test_debt_and_documents_on_an_existing_branch(make_branch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    b: Branch = make_branch("tr_sgk")
    if b.ctx.db.engine.dialect.name != "sqlite":
        pytest.skip("the command line is run on the SQLite file (the services run on both databases)")
    _emp, file_no, _ms = declared(b, months=4)
    url = str(b.ctx.db.engine.url)
    b.ctx.db.dispose()
    ageing = _run(tmp_path, "--user", "clerk", "debt", "ageing", db=url)
    assert ageing.returncode == 0, ageing.stderr
    figures = json.loads(ageing.stdout)
    assert figures["employers"] == 1 and float(figures["total"]) > 0
    register = _run(tmp_path, "--user", "clerk", "debt", "register", "--employer", file_no, db=url)
    assert [r["month"] for r in json.loads(register.stdout)][:2] == ["2026-07", "2026-08"]
    charges = _run(tmp_path, "--user", "clerk", "charge", "compute", "--employer", file_no, "--until", "2026-11-30",
                   db=url)
    assert charges.returncode == 0, charges.stderr
    assert float(json.loads(charges.stdout)["charges"]) > 0
    pdf = tmp_path / "notices.pdf"
    prepared = _run(tmp_path, "--user", "clerk", "notice", "prepare", "--date", "2026-11-30", "--pdf", str(pdf), db=url)
    assert prepared.returncode == 0, prepared.stderr
    number = json.loads(prepared.stdout)[0]["notice"]
    assert "Warning notice" in "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    refused = _run(tmp_path, "--user", "accountant", "notice", "serve", "--notice", number, db=url)
    assert refused.returncode == 2
    served = _run(tmp_path, "--user", "clerk", "notice", "serve", "--notice", number, "--date", "2026-12-01",
                  "--method", "post", db=url)
    assert served.returncode == 0 and json.loads(served.stdout)["escalation_from"] == "2026-12-16"
    early = _run(tmp_path, "--user", "clerk", "enforcement", "order", "--notice", number, "--date", "2026-12-10",
                 db=url)
    assert early.returncode == 2 and "2026/12/16" in early.stderr.replace("-", "/")
    order = _run(tmp_path, "--user", "clerk", "enforcement", "order", "--notice", number, "--date", "2026-12-16",
                 "--pdf", str(tmp_path / "order.pdf"), db=url)
    assert order.returncode == 0, order.stderr
    assert json.loads(order.stdout)["order"] == "2026/000001"
    rate = _run(tmp_path, "--user", "manager", "enforcement", "rate", "--year", "2026", "--half", "2", db=url)
    assert json.loads(rate.stdout)["orders"] == 1
