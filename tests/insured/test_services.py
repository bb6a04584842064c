"""Insured-affairs services on both databases: the registry, service history from revenue's
declarations, claims computed by the rules, four-eyes decisions that create accounting's payment
document, the decisions' chain and append-only guard, applications and their deadlines."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from branch_desktop.accounting.banking import services as banking
from branch_desktop.core.errors import PermissionDenied, ValidationError
from branch_desktop.core.ledger.chain import GENESIS
from branch_desktop.core.record_verify import verify_everything
from branch_desktop.insured import services
from branch_desktop.insured.exceptions import AlreadyDecided, SamePreparer, StaleRecord
from branch_desktop.insured.models import Decision
from branch_desktop.insured.types import (
    ApplicationKind,
    ClaimState,
    MemberInput,
    PersonInput,
    Relation,
    Sex,
)
from branch_desktop.revenue import services as revenue
from tests.conftest import Branch
from tests.revenue.helpers import lines, make_employer, month_of, person_id


def _person(b: Branch, n: int = 1, **changes: object) -> int:
    data = dict(national_id=person_id(b.ctx.pack.code, n), first_name="Zahra", last_name=f"Ahmadi {n}", sex=Sex.FEMALE,
                birth_date=dt.date(1990, 5, 1))
    data.update(changes)
    return services.register_person(b.ctx, b.clerk, PersonInput(**data)).id  # type: ignore[arg-type]


def _declare_months(b: Branch, months: int) -> None:
    """Accepted declarations for the last ``months`` months: worker 1 is in each."""
    employer = make_employer(b)
    ym = month_of(b)
    for _ in range(months):
        revenue.submit_declaration(b.ctx, b.clerk, employer.id, ym, lines(b, ym, 2))
        ym = ym.previous()


def test_register_search_and_refuse_a_stale_save(branch: Branch) -> None:
    pid = _person(branch, 1)
    _person(branch, 2, first_name="Ali", last_name="Rezaei")
    assert [p.id for p in services.search_persons(branch.ctx, branch.clerk, "ahmadi")] == [pid]
    assert [p.last_name for p in services.search_persons(branch.ctx, branch.clerk, "REZ")] == ["Rezaei"]
    nid = person_id("ir_sso", 2)
    assert [p.national_id for p in services.search_persons(branch.ctx, branch.clerk, nid[:9])] == [nid]
    view = services.get_person(branch.ctx, branch.clerk, pid)
    data = PersonInput(national_id=view.national_id, first_name="Zahra", last_name="Karimi", sex=Sex.FEMALE)
    services.update_person(branch.ctx, branch.manager, pid, data, view.version)
    with pytest.raises(StaleRecord, match="manager changed this record"):
        services.update_person(branch.ctx, branch.clerk, pid, data, view.version)
    with pytest.raises(ValidationError):
        services.register_person(branch.ctx, branch.clerk, PersonInput(
            national_id="1234567890", first_name="A", last_name="B", sex=Sex.MALE))  # bad check digit


def test_household_changes_are_dated(branch: Branch) -> None:
    pid = _person(branch)
    child = services.add_member(branch.ctx, branch.clerk, pid, MemberInput(relation=Relation.CHILD, full_name="Sara",
                                                                            birth_date=dt.date(2015, 1, 1)),
                                dt.date(2015, 1, 1))
    services.end_member(branch.ctx, branch.clerk, child.id, dt.date(2024, 6, 30))
    assert [m.full_name for m in services.get_person(branch.ctx, branch.clerk, pid, dt.date(2020, 1, 1)).household] == [
        "Sara"]
    assert services.get_person(branch.ctx, branch.clerk, pid, dt.date(2025, 1, 1)).household == []
    assert len(services.get_person(branch.ctx, branch.clerk, pid).household) == 1  # the history is kept


def test_service_history_comes_from_the_declarations(branch: Branch) -> None:
    _declare_months(branch, 4)
    nid = person_id("ir_sso", 1)
    months = services.service_months(branch.ctx, branch.clerk, nid)
    assert len(months) == 4 and all(m.days > 0 and m.wage > 0 for m in months)
    years = services.service_years(branch.ctx, branch.clerk, nid)
    assert sum(y.days for y in years) == sum(m.days for m in months)
    before = services.short_term_days_before(branch.ctx, branch.clerk, nid, branch.ctx.today())
    assert 0 < before <= sum(m.days for m in months)


def test_claim_decided_with_four_eyes_creates_the_payment_document(branch: Branch) -> None:
    _declare_months(branch, 4)
    pid = _person(branch, 1)
    start = branch.ctx.today() - dt.timedelta(days=5)
    cal = branch.ctx.pack.calendar
    day = lambda d: cal.format(d).replace("/", "-")  # noqa: E731
    case = {"kind": "sickness", "start": day(start), "dependents": 1,
            "rest": [{"from": day(start), "to": day(start + dt.timedelta(days=9))}]}
    claim = services.prepare_claim(branch.ctx, branch.clerk, pid, case)
    assert claim.eligible and claim.amount > 0 and claim.state is ClaimState.WAITING
    assert claim.number.endswith("/000001")
    assert claim.result["days_paid"] == 7 and claim.result["trace"]
    assert [c.id for c in services.claim_queue(branch.ctx, branch.manager)] == [claim.id]

    with pytest.raises(PermissionDenied):
        services.decide_claim(branch.ctx, branch.clerk, claim.id, approve=True)  # a clerk may not decide
    prepared_by_manager = services.prepare_claim(branch.ctx, branch.manager, pid, case)
    with pytest.raises(SamePreparer):
        services.decide_claim(branch.ctx, branch.manager, prepared_by_manager.id, approve=True)

    decided = services.decide_claim(branch.ctx, branch.manager, claim.id, approve=True)
    assert decided.state is ClaimState.APPROVED and decided.decision_number.endswith("/000001")
    docs = banking.list_payment_documents(branch.ctx, branch.accountant)
    doc = next(d for d in docs if d.reference == f"BEN-{decided.decision_number}")
    assert doc.amount == branch.ctx.pack.currency.to_minor(claim.amount)
    assert doc.benefit_type == "benefit_sickness" and doc.insured_id == person_id("ir_sso", 1)
    with pytest.raises(AlreadyDecided):
        services.decide_claim(branch.ctx, branch.manager, claim.id, approve=False, reason="again")
    assert services.claim_queue(branch.ctx, branch.manager) == [services.get_claim(branch.ctx, branch.manager,
                                                                                    prepared_by_manager.id)]


def test_a_refusal_needs_a_reason_and_an_ineligible_claim_cannot_be_approved(branch: Branch) -> None:
    pid = _person(branch)  # no declarations: no wages before the event
    claim = services.prepare_claim(branch.ctx, branch.clerk, pid, {"kind": "marriage", "start": "1405-08-01"})
    assert not claim.eligible and claim.amount == Decimal(0)
    with pytest.raises(ValidationError, match="not eligible"):
        services.decide_claim(branch.ctx, branch.manager, claim.id, approve=True)
    with pytest.raises(ValidationError, match="reason"):
        services.decide_claim(branch.ctx, branch.manager, claim.id, approve=False)
    refused = services.decide_claim(branch.ctx, branch.manager, claim.id, approve=False,
                                    reason="720 days of premium are missing")
    assert refused.state is ClaimState.REFUSED and refused.decision_reason == "720 days of premium are missing"


def test_decisions_are_chained_and_append_only(branch: Branch) -> None:
    pid = _person(branch)
    ids = []
    for _ in range(3):
        claim = services.prepare_claim(branch.ctx, branch.clerk, pid, {"kind": "marriage", "start": "1405-08-01"})
        services.decide_claim(branch.ctx, branch.manager, claim.id, approve=False, reason="no record")
        ids.append(claim.id)
    with branch.ctx.db.read() as s:  # chained by core.records, in the order they were decided
        links = s.execute(text("SELECT position, record_id, prev_hash, hash FROM record_links "
                               "WHERE kind = 'insured.decision.v2' ORDER BY position")).all()
        decided = list(s.scalars(select(Decision.id).order_by(Decision.id)))
    assert [r[0] for r in links] == [1, 2, 3] and [r[1] for r in links] == decided and links[0][2] == GENESIS
    assert all(b[2] == a[3] for a, b in zip(links, links[1:], strict=False)) and len({r[3] for r in links}) == 3
    assert verify_everything(branch.ctx).ok
    for sql in ("UPDATE insured_decisions SET amount = 1", "DELETE FROM insured_decisions",
                "UPDATE insured_claims SET amount = 1"):
        with pytest.raises(Exception, match="append-only"), branch.ctx.db.write() as s:
            s.execute(text(sql))


def test_applications_track_their_deadline(branch: Branch) -> None:
    pid = _person(branch)
    today = branch.ctx.today()
    late = services.register_application(branch.ctx, branch.clerk, pid, ApplicationKind.SERVICE_RECORD_REQUEST,
                                         today - dt.timedelta(days=20), other_office="Branch 5")
    fresh = services.register_application(branch.ctx, branch.clerk, pid, ApplicationKind.DISABILITY,
                                          today - dt.timedelta(days=3))
    assert late.deadline == today - dt.timedelta(days=12) and late.overdue and late.days_open == 20
    assert not fresh.overdue
    assert [a.id for a in services.list_applications(branch.ctx, branch.clerk, overdue_only=True)] == [late.id]
    done = services.decide_application(branch.ctx, branch.manager, fresh.id, today, "answered")
    assert done.days_open == 3 and not done.overdue
    assert [a.id for a in services.list_applications(branch.ctx, branch.clerk, open_only=True)] == [late.id]
    with pytest.raises(ValidationError):
        services.register_application(branch.ctx, branch.clerk, pid, ApplicationKind.SERVICE_RECORD_REQUEST, today)


def test_claim_case_is_stored_as_computed(branch: Branch) -> None:
    pid = _person(branch)
    claim = services.prepare_claim(branch.ctx, branch.clerk, pid, {"kind": "marriage", "start": "1405-08-01"})
    with branch.ctx.db.read() as s:
        stored = s.execute(text("SELECT case_json, result_json FROM insured_claims WHERE id = :i"),
                           {"i": claim.id}).one()
    assert json.loads(stored[0])["earnings"] == []  # taken from the (empty) declarations
    assert json.loads(stored[1])["refusal"]["condition"] == "minimum_premium_days"
