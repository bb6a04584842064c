"""``branch-desktop benefit compute`` through the installed entry point, in a fresh process, with
no database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _run(tmp_path: Path, payload: str) -> subprocess.CompletedProcess[str]:
    case = tmp_path / "case.json"
    case.write_text(payload, encoding="utf-8")
    script = Path(sys.executable).with_name("branch-desktop")
    env = dict(os.environ, BRANCH_DESKTOP_DB=f"sqlite:///{tmp_path / 'never-made.db'}")
    return subprocess.run([str(script), "--lang", "en", "benefit", "compute", "--pack", "tr_sgk", "--input", str(case)],
                          capture_output=True, text=True, timeout=120, env=env, check=False)


def test_benefit_compute_prints_the_decision_as_json(tmp_path: Path) -> None:
    payload = {"kind": "sickness", "start": "2025-06-10",
               "earnings": [{"month": m, "days": 30, "amount": "30000.00"} for m in ("2025-03", "2025-04", "2025-05")],
               "rest": [{"from": "2025-06-10", "to": "2025-06-19", "inpatient": False}], "exit_date": None}
    done = _run(tmp_path, json.dumps(payload))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["eligible"], out["amount"], out["days_paid"], out["daily"]) == (True, "5333.36", 8, "666.67")
    assert out["refusal"] is None and out["trace"]
    assert not (tmp_path / "never-made.db").exists()


def test_a_refusal_still_exits_0_and_malformed_input_exits_2(tmp_path: Path) -> None:
    payload = {"kind": "sickness", "start": "2025-06-10",
               "earnings": [{"month": "2025-05", "days": 30, "amount": "30000.00"}],
               "rest": [{"from": "2025-06-10", "to": "2025-06-19"}]}
    done = _run(tmp_path, json.dumps(payload))
    assert done.returncode == 0
    assert json.loads(done.stdout)["refusal"]["condition"] == "minimum_premium_days"
    bad = _run(tmp_path, '{"kind": "sickness", "start": "yesterday"')
    assert bad.returncode == 2 and "not JSON" in bad.stderr and not bad.stdout
    bad = _run(tmp_path, json.dumps({**payload, "start": "10.06.2025"}))
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
