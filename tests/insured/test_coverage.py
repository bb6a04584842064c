"""The insurance status in the registry (tr_sgk 4/1-a, 4/1-b, 4/1-c) on both databases: a dated,
append-only history; claims take the status in force on their day (a different one given is
refused); applications record it; ``insured import`` and ``insured status`` through the installed
entry point on an existing branch."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from branch_desktop.core.errors import ValidationError
from branch_desktop.core.record_verify import verify_everything
from branch_desktop.insured import services
from branch_desktop.insured.exceptions import CoverageConflict, PersonInputError
from branch_desktop.insured.types import ApplicationKind, PersonInput, Sex
from tests.conftest import PASSWORD, Branch
from tests.revenue.helpers import person_id

EARNINGS = [{"month": m, "days": 30, "amount": "30000.00"} for m in ("2025-03", "2025-04", "2025-05")]


def _tr_person(b: Branch, n: int = 1) -> int:
    return services.register_person(b.ctx, b.clerk, PersonInput(
        national_id=person_id("tr_sgk", n), first_name="Ayşe", last_name=f"Yılmaz {n}", sex=Sex.FEMALE,
        birth_date=dt.date(1985, 3, 1))).id


def _rest(kind: str, **extra: object) -> dict[str, object]:
    return {"kind": kind, "start": "2025-06-10", "earnings": EARNINGS,
            "rest": [{"from": "2025-06-10", "to": "2025-06-19", "inpatient": True}], **extra}


def test_the_status_history_and_the_claims_that_read_it(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("tr_sgk")
    pid = _tr_person(b)
    assert services.coverage_history(b.ctx, b.clerk, pid) == []
    services.record_coverage(b.ctx, b.clerk, pid, "4/1-a", dt.date(2020, 1, 1))
    history = services.record_coverage(b.ctx, b.clerk, pid, "4/1-b", dt.date(2025, 6, 1))
    assert [(h.coverage, h.effective_from, h.recorded_by) for h in history] == [
        ("4/1-a", dt.date(2020, 1, 1), "clerk"), ("4/1-b", dt.date(2025, 6, 1), "clerk")]
    assert services.coverage_of(b.ctx, b.clerk, pid, dt.date(2025, 5, 31)) == "4/1-a"
    assert services.coverage_of(b.ctx, b.clerk, pid, dt.date(2025, 6, 1)) == "4/1-b"
    assert services.coverage_of(b.ctx, b.clerk, pid, dt.date(2019, 12, 31)) == ""
    with pytest.raises(PersonInputError) as bad:
        services.record_coverage(b.ctx, b.clerk, pid, "4/1-z", dt.date(2025, 1, 1))
    assert bad.value.field == "coverage"
    with pytest.raises(PersonInputError) as early:
        services.record_coverage(b.ctx, b.clerk, pid, "4/1-a", dt.date(1980, 1, 1))
    assert early.value.field == "effective_from"

    # the rest starts after the change: the registry's 4/1-b is taken (no sickness allowance for 4/1-b)
    sick = services.prepare_claim(b.ctx, b.clerk, pid, _rest("sickness"))
    assert sick.result["refusal"] == {"condition": "coverage", "figures": {"coverage": "4/1-b", "allowed": "4/1-a"}}
    # a work accident of a 4/1-b insured with a premium debt: refused naming it; paid: eligible
    owed = services.prepare_claim(b.ctx, b.clerk, pid, _rest("work_accident", premium_debt="250.00"))
    assert owed.result["refusal"] == {"condition": "premium_debts_paid",
                                      "figures": {"coverage": "4/1-b", "debt": "250.00"}}
    paid = services.prepare_claim(b.ctx, b.clerk, pid, _rest("work_accident", premium_debt="0"))
    assert paid.eligible and paid.amount == 5000
    # a case that says otherwise than the registry is refused, not silently chosen
    with pytest.raises(CoverageConflict, match="4/1-a.*4/1-b") as conflict:
        services.compute_for_person(b.ctx, b.clerk, pid, _rest("sickness", coverage="4/1-a"))
    assert conflict.value.field == "coverage"
    # before the change the registry says 4/1-a
    before = services.compute_for_person(b.ctx, b.clerk, pid, {**_rest("sickness"), "start": "2025-05-20", "rest": [
        {"from": "2025-05-20", "to": "2025-05-29"}]})
    assert any(s["name"] == "insurance_status" and s["value"] == "4/1-a" for s in before["trace"])

    with pytest.raises(Exception, match="append-only"), b.ctx.db.write() as s:
        s.execute(text("UPDATE insured_coverage_history SET coverage = '4/1-c'"))
    with pytest.raises(Exception, match="append-only"), b.ctx.db.write() as s:
        s.execute(text("DELETE FROM insured_coverage_history"))
    with b.ctx.db.read() as s:  # each change a legal record, chained
        assert s.execute(text("SELECT count(*) FROM record_links WHERE kind = 'insured.coverage'")).scalar() == 2
    report = verify_everything(b.ctx)
    assert report.ok, report.problems


def test_applications_record_the_status(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("tr_sgk")
    pid, other = _tr_person(b, 1), _tr_person(b, 2)
    services.record_coverage(b.ctx, b.clerk, pid, "4/1-b", dt.date(2024, 1, 1))
    app = services.register_application(b.ctx, b.clerk, pid, ApplicationKind.PENSION, dt.date(2026, 11, 2))
    assert app.coverage == "4/1-b"
    with pytest.raises(CoverageConflict):
        services.register_application(b.ctx, b.clerk, pid, ApplicationKind.PENSION, dt.date(2026, 11, 2),
                                      coverage="4/1-a")
    given = services.register_application(b.ctx, b.clerk, other, ApplicationKind.DISABILITY, dt.date(2026, 11, 2),
                                          coverage="4/1-a")
    unknown = services.register_application(b.ctx, b.clerk, other, ApplicationKind.DISABILITY, dt.date(2026, 11, 3))
    assert (given.coverage, unknown.coverage) == ("4/1-a", "")


def test_a_pack_without_statuses_keeps_none(branch: Branch) -> None:
    pid = services.register_person(branch.ctx, branch.clerk, PersonInput(
        national_id=person_id("ir_sso", 1), first_name="Zahra", last_name="Ahmadi", sex=Sex.FEMALE)).id
    with pytest.raises(PersonInputError, match="records no insurance status"):
        services.record_coverage(branch.ctx, branch.clerk, pid, "4/1-a", dt.date(2026, 1, 1))
    assert services.coverage_of(branch.ctx, branch.clerk, pid, dt.date(2026, 1, 1)) == ""


def test_import_takes_an_optional_status(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("tr_sgk")
    rows = [{"national_id": person_id("tr_sgk", 5), "first_name": "Can", "last_name": "Demir", "sex": "M",
             "birth_date": "1980/01/01", "coverage": "4/1-b", "coverage_from": "2024/03/01"},
            {"national_id": person_id("tr_sgk", 6), "first_name": "Ece", "last_name": "Kaya", "sex": "F",
             "birth_date": "", "coverage": ""}]
    with pytest.raises(ValidationError, match="Row 3"):
        services.import_persons(b.ctx, b.clerk, [rows[0], {**rows[1], "coverage": "4/b"}])
    assert services.import_persons(b.ctx, b.clerk, rows) == 2
    can = services.find_person(b.ctx, b.clerk, person_id("tr_sgk", 5))
    ece = services.find_person(b.ctx, b.clerk, person_id("tr_sgk", 6))
    assert [(h.coverage, h.effective_from) for h in services.coverage_history(b.ctx, b.clerk, can.id)] == [
        ("4/1-b", dt.date(2024, 3, 1))]
    assert services.coverage_history(b.ctx, b.clerk, ece.id) == []


def _run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("branch-desktop")
    env = dict(os.environ, BRANCH_DESKTOP_PASSWORD=PASSWORD)
    env.pop("BRANCH_DESKTOP_DB", None)
    return subprocess.run([str(script), "--db", url, "--lang", "en", "--user", "clerk", *args], env=env,
                          capture_output=True, text=True, timeout=180, check=False)


def test_import_and_status_through_the_entry_point(make_branch: Callable[[str], Branch], tmp_path: Path) -> None:
    b = make_branch("tr_sgk")
    url = b.ctx.db.engine.url.render_as_string(hide_password=False)
    b.ctx.db.dispose()
    nid = person_id("tr_sgk", 7)
    csv_file = tmp_path / "insured.csv"
    csv_file.write_text("national_id,first_name,last_name,sex,birth_date,coverage,coverage_from\n"
                        f"{nid},Deniz,Öz,F,1990/02/02,4/1-a,2015/01/01\n", encoding="utf-8")
    done = _run(url, "insured", "import", str(csv_file))
    assert done.returncode == 0, done.stderr
    changed = _run(url, "insured", "status", "--national-id", nid, "--set", "4/1-b", "--from", "2026/01/01")
    assert changed.returncode == 0, changed.stderr
    shown = json.loads(changed.stdout)
    assert shown["in_force"] == "4/1-b"
    assert [(h["coverage"], h["from"]) for h in shown["history"]] == [("4/1-a", "2015/01/01"), ("4/1-b", "2026/01/01")]
    wrong = _run(url, "insured", "status", "--national-id", nid, "--set", "4/1-x")
    assert wrong.returncode == 2 and "Unknown insurance status" in wrong.stderr
