"""The new-claim form prepares the one-off allowances and reimbursements of both packs: each kind
shows only its own fields, a value that cannot be read is marked on its field (focused there), and
the claim registered carries the fields as ``benefit compute`` takes them."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from PySide6.QtCore import Qt
from sqlalchemy import text

from branch_desktop.insured import services
from branch_desktop.insured.types import PersonInput, Sex
from tests.insured.test_views import _demo_worker, _register


def _shown(page, name: str) -> bool:  # type: ignore[no-untyped-def]
    return page.kind_fields.form.isRowVisible(page.kind_fields.widgets[name]) and page.kind_fields.isVisibleTo(page)


def test_ir_sso_travel_costs_prepared_through_the_form(start_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    nid = _demo_worker(h)
    _register(h, nid)
    page = h.window.open_page("insured.claims")
    h.wait()
    page.kind.setCurrentIndex(page.kind.findData("sickness"))
    assert not page.kind_fields.isVisibleTo(page) and page.inputs.rest.isVisibleTo(page)
    page.kind.setCurrentIndex(page.kind.findData("travel"))
    assert _shown(page, "cost") and _shown(page, "referred") and not _shown(page, "degree")
    assert not page.inputs.rest.isVisibleTo(page)  # no rest for a journey
    assert page.form.labelForField(page.start).text() == "Date of the journey"
    page.kind.setCurrentIndex(page.kind.findData("prosthesis"))
    assert _shown(page, "item") and _shown(page, "last_same_item") and page.kind_fields.item.count() >= 5
    page.kind.setCurrentIndex(page.kind.findData("amputation"))
    assert _shown(page, "degree") and not _shown(page, "cost")

    page.kind.setCurrentIndex(page.kind.findData("travel"))
    qtbot.keyClicks(page.national_id, nid)
    qtbot.keyClicks(page.start, h.ctx.pack.calendar.format(h.ctx.today() - dt.timedelta(days=3)))
    qtbot.keyClicks(page.kind_fields.cost, "12x")
    qtbot.waitUntil(lambda: bool(page.kind_fields.cost.property("invalid")), timeout=5000)
    assert page.kind_fields.cost.hasFocus() and not page.save_button.isEnabled()
    page.kind_fields.cost.clear()
    qtbot.keyClicks(page.kind_fields.cost, "1500000")
    page.kind_fields.referred.setChecked(True)
    qtbot.waitUntil(lambda: page.save_button.isEnabled() and "Eligible" in page.result.text(), timeout=5000)
    assert not page.kind_fields.cost.property("invalid")
    waiting = page.queue.rowCount()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    h.wait()
    qtbot.waitUntil(lambda: page.queue.rowCount() == waiting + 1, timeout=5000)
    with h.ctx.db.read() as s:
        kind, case, amount, eligible = s.execute(text(
            "SELECT kind, case_json, amount, eligible FROM insured_claims ORDER BY id DESC LIMIT 1")).one()
    stored = json.loads(case)
    assert kind == "travel" and eligible and stored["referred"] is True and stored["cost"] == "1500000"
    assert amount == h.ctx.pack.currency.to_minor(Decimal("1500000"))


def test_tr_sgk_funeral_allowance_prepared_through_the_form(sqlite_db, runner, qtbot) -> None:  # type: ignore[no-untyped-def]
    from branch_desktop.core.branch import init_branch
    from branch_desktop.gui.app import apply_language, make_app
    from branch_desktop.gui.session import Session
    from branch_desktop.insured.views.claims import ClaimsPage
    from tests.revenue.helpers import person_id

    make_app()
    apply_language("en")
    ctx, admin = init_branch(sqlite_db, "tr_sgk", "Test", "admin", "correct-horse-1")
    nid = person_id("tr_sgk", 7)
    services.register_person(ctx, admin, PersonInput(national_id=nid, first_name="Ayşe", last_name="Yılmaz",
                                                     sex=Sex.FEMALE, birth_date=dt.date(1960, 5, 1)))
    page = ClaimsPage(Session(ctx, admin, runner))  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.show()
    page.kind.setCurrentIndex(page.kind.findData("funeral"))
    assert _shown(page, "cause") and _shown(page, "long_term_premium_days") and not _shown(page, "monthly_income")
    assert page.form.labelForField(page.start).text() == "Date of death"
    page.kind.setCurrentIndex(page.kind.findData("marriage"))
    assert _shown(page, "monthly_income") and _shown(page, "relation") and not _shown(page, "cause")
    page.kind.setCurrentIndex(page.kind.findData("nursing"))
    assert _shown(page, "exit_date") and page.form.labelForField(page.start).text() == "Date of birth"

    page.kind.setCurrentIndex(page.kind.findData("funeral"))
    qtbot.keyClicks(page.national_id, nid)
    qtbot.keyClicks(page.start, "2025/06/10")
    page.kind_fields.cause.setCurrentIndex(page.kind_fields.cause.findData("other"))
    page.kind_fields.long_term_premium_days.setValue(10)
    qtbot.waitUntil(lambda: "Not eligible" in page.result.text(), timeout=5000)
    page.kind_fields.cause.setCurrentIndex(page.kind_fields.cause.findData("work_accident"))
    qtbot.waitUntil(lambda: "Eligible" in page.result.text(), timeout=5000)
    assert "4,888.00" in page.result.text()  # 2025's funeral allowance
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle(20)
    [claim] = services.claims_of(ctx, admin, services.find_person(ctx, admin, nid).id)
    assert claim.kind == "funeral" and claim.eligible and claim.amount == Decimal("4888.00")
    assert claim.result["refusal"] is None
