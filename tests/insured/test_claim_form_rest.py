"""The new-claim form takes several rest periods and the reductions (tr_sgk's temporary incapacity
allowance): rows added and removed from the keyboard, and the form's amount is the one
``branch-desktop benefit compute`` returns for the same JSON case (and not the unreduced one)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import text

from branch_desktop.insured import services
from branch_desktop.insured.types import PersonInput, Sex
from tests.conftest import TODAY, Branch
from tests.insured.test_services import _declare_months
from tests.qt_fixtures import activate
from tests.revenue.helpers import person_id


def _benefit_compute(tmp_path: Path, case: dict[str, Any]) -> dict[str, Any]:
    """The installed command, in a fresh process, on the case written as a file."""
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    script = Path(sys.executable).with_name("branch-desktop")
    env = dict(os.environ, BRANCH_DESKTOP_DB=f"sqlite:///{tmp_path / 'never-made.db'}")
    done = subprocess.run([str(script), "--lang", "en", "benefit", "compute", "--pack", "tr_sgk", "--input", str(path)],
                          capture_output=True, text=True, timeout=120, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _page(sqlite_db, runner, qtbot):  # type: ignore[no-untyped-def]
    from branch_desktop.core.branch import init_branch
    from branch_desktop.gui.app import apply_language, make_app
    from branch_desktop.gui.session import Session
    from branch_desktop.insured.views.claims import ClaimsPage

    make_app()
    apply_language("en")
    ctx, admin = init_branch(sqlite_db, "tr_sgk", "Test", "admin", "correct-horse-1")
    ctx.today_override = TODAY
    b = Branch(ctx, admin)
    _declare_months(b, 4)  # July to October 2026: worker 1 in each
    nid = person_id("tr_sgk", 1)
    services.register_person(ctx, b.clerk, PersonInput(national_id=nid, first_name="Ayşe", last_name="Yılmaz",
                                                       sex=Sex.FEMALE, birth_date=dt.date(1985, 5, 1)))
    page = ClaimsPage(Session(ctx, b.clerk, runner))  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.show()
    activate(page)  # the shortcuts need an active window
    return b, nid, page


def _settled(page, runner, qtbot) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The result for the form as it stands (the delayed computation has run and called back)."""
    page.timer.stop()
    page.last_result = None
    page.compute()
    assert runner.wait_idle(20)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=5000)
    return page.last_result  # type: ignore[no-any-return]


def test_two_rest_periods_and_a_reduction_give_benefit_computes_amount(sqlite_db, runner, qtbot,  # type: ignore[no-untyped-def]
                                                                       tmp_path) -> None:
    b, nid, page = _page(sqlite_db, runner, qtbot)
    page.kind.setCurrentIndex(page.kind.findData("sickness"))
    rest = page.inputs.rest
    assert page.inputs.isVisibleTo(page) and len(rest.rows) == 1 and rest.rows[0].issuer.isVisibleTo(page)
    assert not page.inputs.form.isRowVisible(page.inputs.multiple)  # maternity's own
    assert not page.dependents.isVisibleTo(page)  # the Turkish rules do not count dependants

    qtbot.keyClicks(page.national_id, nid)
    qtbot.keyClicks(page.start, "2026/11/02")
    qtbot.keyClicks(rest.rows[0].end, "2026/11/08")  # from left blank: the first day
    # a second row from the keyboard: it starts the day after the first ends, the cursor in it
    rest.rows[0].end.setFocus()
    qtbot.keyClick(rest.rows[0].end, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(rest.rows) == 2 and rest.rows[1].start.text() == "2026/11/09"
    # a third, then removed again with Ctrl+Shift+Delete
    qtbot.keyClick(rest.rows[1].start, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(rest.rows) == 3 and rest.rows[2].start.hasFocus()
    qtbot.keyClick(rest.rows[2].start, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(rest.rows) == 2
    qtbot.keyClicks(rest.rows[1].end, "2026/11/15")
    rest.rows[1].inpatient.setChecked(True)
    unreduced = _settled(page, runner, qtbot)
    qtbot.keyClicks(page.inputs.fault_degree, "60")
    page.inputs.ignored_advice.setChecked(True)
    page.inputs.public_workplace.setChecked(True)
    form = _settled(page, runner, qtbot)
    assert form["eligible"] and "Eligible" in page.result.text()

    case = {"kind": "sickness", "start": "2026-11-02", "earnings": services.earnings_json(b.ctx, b.clerk, nid),
            "rest": [{"from": "2026-11-02", "to": "2026-11-08", "inpatient": False, "issuer": "doctor"},
                     {"from": "2026-11-09", "to": "2026-11-15", "inpatient": True, "issuer": "doctor"}],
            "ignored_advice": True, "fault_degree": "60", "public_workplace": True}
    assert len(case["earnings"]) == 4
    command = _benefit_compute(tmp_path, case)
    assert command["eligible"] and command["amount"] == form["amount"] and command["days_paid"] == form["days_paid"] == 12
    assert command["notice"] == form["notice"] and form["notice"]["deadline"] == "2027-01-07"  # public: the 7th
    plain = _benefit_compute(tmp_path, {k: v for k, v in case.items() if k not in ("ignored_advice", "fault_degree")})
    assert plain["amount"] == unreduced["amount"]
    assert Decimal(command["amount"]) < Decimal(plain["amount"])
    # (1 - 1/4) x (1 - 1/3 x 60 %) = 0.6 of the unreduced amount
    assert Decimal(command["amount"]) == (Decimal(plain["amount"]) * Decimal("0.6")).quantize(Decimal("0.01"))

    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle(20)
    [claim] = services.claims_of(b.ctx, b.clerk, services.find_person(b.ctx, b.clerk, nid).id)
    assert claim.amount == Decimal(command["amount"])
    with b.ctx.db.read() as s:
        stored = json.loads(s.execute(text("SELECT case_json FROM insured_claims WHERE id = :i"), {"i": claim.id}).scalar())
    assert {k: stored[k] for k in case} == case and stored["fit_certificate"] is True


def test_maternity_multiple_and_early_birth_and_a_bad_period(sqlite_db, runner, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    b, nid, page = _page(sqlite_db, runner, qtbot)
    page.kind.setCurrentIndex(page.kind.findData("maternity"))
    assert page.form.labelForField(page.start).text() == "Date of birth"
    assert page.inputs.form.isRowVisible(page.inputs.multiple)
    qtbot.keyClicks(page.national_id, nid)
    qtbot.keyClicks(page.start, "2026/11/20")
    page.inputs.multiple.setChecked(True)
    qtbot.keyClicks(page.inputs.pre_birth_rest_from, "2026/10/23")  # 28 days before: 42 of the 70 move after
    qtbot.keyClicks(page.inputs.rest.rows[0].end, "2026/11/2x")
    page.timer.stop()
    page.compute()
    assert page.inputs.rest.rows[0].end.property("invalid") and not page.save_button.isEnabled()
    page.inputs.rest.rows[0].end.clear()
    qtbot.keyClicks(page.inputs.rest.rows[0].end, "2026/11/22")
    page.inputs.rest.rows[0].inpatient.setChecked(True)
    qtbot.keyClicks(page.inputs.exit_date, "2026/11/15")
    page.inputs.slices.setChecked(True)
    result = _settled(page, runner, qtbot)
    case = {"kind": "maternity", "birth": "2026-11-20", "earnings": services.earnings_json(b.ctx, b.clerk, nid),
            "sex": "F", "multiple": True, "pre_birth_rest_from": "2026-10-23", "exit_date": "2026-11-15",
            "rest": [{"from": "2026-11-20", "to": "2026-11-22", "inpatient": True, "issuer": "doctor"}],
            "slices": True}
    command = _benefit_compute(tmp_path, case)
    assert command["amount"] == result["amount"] and command["days_paid"] == result["days_paid"] == 126
    assert result["slices"] == command["slices"] and len(result["slices"]) == 13
