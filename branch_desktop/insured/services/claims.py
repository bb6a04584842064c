"""Benefit claims and their decisions: a clerk registers a claim and the rules compute it (with
the trace); the unit head decides it (never the clerk who prepared it); an approved decision
creates accounting's legal-obligation payment document in the same transaction. Decisions are
append-only, numbered without gaps per fiscal year and hash-chained as legal records
(``core.records``); a correction is a new decision that supersedes the previous one."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.models import User, utcnow
from branch_desktop.core.security import Actor, audit, require, user_names
from branch_desktop.insured.exceptions import AlreadyDecided, SamePreparer
from branch_desktop.insured.models import Claim, Decision, InsuredPerson
from branch_desktop.insured.rules.cases import case_day, compute_case
from branch_desktop.insured.services.common import (
    document_number,
    fiscal_year,
    next_number,
    person,
    split_number,
)
from branch_desktop.insured.services.coverage import case_coverage
from branch_desktop.insured.services.history import earnings_json
from branch_desktop.insured.services.payments import REFERENCE_PREFIX, add_payment, payment_of_decision
from branch_desktop.insured.types import ClaimState, ClaimView, DecisionOutcome, PaymentMethod, PaymentState

_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def compute_for_person(ctx: BranchContext, actor: Actor, person_id: int, case: dict[str, Any]) -> dict[str, Any]:
    """What the rules decide for this person's case now (the earnings come from the declarations
    unless the case gives them): the new-claim form shows it as the clerk types."""
    require(actor, "insured.view")
    return compute_case(ctx.pack, _full_case(ctx, actor, person_id, case))


def _full_case(ctx: BranchContext, actor: Actor, person_id: int, case: dict[str, Any]) -> dict[str, Any]:
    """The case as the rules take it: the person's sex, the insurance status the registry holds for
    the case's day (a different one given: :class:`CoverageConflict`), and the earnings from the
    declarations unless the case gives them."""
    with ctx.db.read() as s:
        who = person(s, person_id)
        national_id, sex = who.national_id, who.sex
        case = case_coverage(ctx, s, person_id, case, case_day(ctx.pack, case))
    full = {"sex": sex, **case}
    if "earnings" not in full:
        full["earnings"] = earnings_json(ctx, actor, national_id)
    return full


def prepare_claim(ctx: BranchContext, actor: Actor, person_id: int, case: dict[str, Any]) -> ClaimView:
    require(actor, "insured.claim")
    full = _full_case(ctx, actor, person_id, case)
    result = compute_case(ctx.pack, full)
    amount = ctx.pack.currency.to_minor(Decimal(result.get("amount") or "0"))
    with ctx.db.write() as s:
        year = fiscal_year(ctx, ctx.today())
        row = Claim(fiscal_year=year, number=next_number(s, "claim", year), person_id=person_id,
                    kind=str(full["kind"]), case_json=_ENCODE.encode(full), result_json=_ENCODE.encode(result),
                    eligible=bool(result["eligible"]), amount=amount, prepared_by=actor.id, prepared_at=utcnow())
        s.add(row)
        s.flush()
        audit(s, actor, "insured.claim.prepare", "claim", document_number(year, row.number), amount=amount)
        return _view(ctx, s, row)


def decide_claim(ctx: BranchContext, actor: Actor, claim_id: int, *, approve: bool, reason: str = "",
                 supersedes: int | None = None) -> ClaimView:
    """The unit head's decision. Four eyes: the preparer may not decide. Approving needs an
    eligible computation; refusing needs a reason (the failed condition is offered as one)."""
    require(actor, "insured.decide")
    with ctx.db.write() as s:
        claim = s.get(Claim, claim_id)
        if claim is None:
            raise ValidationError("No claim number {id}.", id=claim_id)
        if claim.prepared_by == actor.id:
            raise SamePreparer("The clerk who prepared a claim may not decide it (four eyes).")
        latest = _latest_decision(s, claim.id)
        if latest is not None and supersedes != latest.id:
            raise AlreadyDecided("Claim {number} is decided already; a correction supersedes its decision.",
                                 number=document_number(claim.fiscal_year, claim.number))
        if latest is None and supersedes is not None:
            raise ValidationError("Claim {number} has no decision to supersede.",
                                  number=document_number(claim.fiscal_year, claim.number))
        result = json.loads(claim.result_json)
        if approve and not claim.eligible:
            raise ValidationError("The rules found the claim not eligible ({condition}); it can only be refused.",
                                  condition=(result.get("refusal") or {}).get("condition", ""))
        reason = " ".join(reason.split())
        if not approve and not reason:
            raise ValidationError("A refusal needs a reason.")
        today = ctx.today()
        year = fiscal_year(ctx, today)
        number = next_number(s, "decision", year)  # gapless; core.records chains the row at commit
        outcome = DecisionOutcome.APPROVED if approve else DecisionOutcome.REFUSED
        amount = claim.amount if approve else 0
        reference, role = "", ""
        if approve and amount > 0:
            reference, role = _payment_document(s, ctx, actor, claim, year, number, today)
        row = Decision(fiscal_year=year, number=number, claim_id=claim.id, outcome=outcome.value, amount=amount,
                       reason=reason, supersedes_id=supersedes, decided_by=actor.id, decided_at=utcnow(),
                       decision_date=today, payment_reference=reference)
        s.add(row)
        s.flush()
        if reference:
            add_payment(s, row.id, claim.id, reference, role, amount)
        audit(s, actor, f"insured.claim.{outcome.value}", "claim", document_number(claim.fiscal_year, claim.number),
              decision=document_number(year, number), amount=amount)
        return _view(ctx, s, claim)


def _payment_document(s: Session, ctx: BranchContext, actor: Actor, claim: Claim, year: int, number: int,
                      today: dt.date) -> tuple[str, str]:
    from branch_desktop.accounting.banking.services import PaymentDocumentInput, add_payment_document
    from branch_desktop.insured.rules.common import table_row

    who = person(s, claim.person_id)
    role = table_row(ctx.pack, "benefit_payment_roles", today, "kind", claim.kind)["account_role"]
    reference = f"{REFERENCE_PREFIX}{document_number(year, number)}"
    add_payment_document(s, ctx, actor, PaymentDocumentInput(
        reference=reference, insured_id=who.national_id, insured_name=f"{who.first_name} {who.last_name}",
        benefit_type=role, amount=claim.amount, period=str(ctx.pack.calendar.year_month(today)),
        document_date=today, prepared_by=_username(s, claim.prepared_by), checked_by=_username(s, actor.id),
        approved_by=_username(s, actor.id)))
    return reference, role


def claim_queue(ctx: BranchContext, actor: Actor) -> list[ClaimView]:
    """Claims waiting for a decision, oldest first."""
    require(actor, "insured.view")
    with ctx.db.read() as s:
        decided = select(Decision.claim_id)
        rows = s.scalars(select(Claim).where(Claim.id.not_in(decided)).order_by(Claim.prepared_at, Claim.id))
        return _views(ctx, s, rows, decided=False)


def decided_claims(ctx: BranchContext, actor: Actor, limit: int = 500) -> list[ClaimView]:
    """The latest decided claims, newest first, with their state (approved, paid, refused)."""
    require(actor, "insured.view")
    with ctx.db.read() as s:
        rows = s.scalars(select(Claim).where(Claim.id.in_(select(Decision.claim_id))).order_by(Claim.id.desc())
                         .limit(limit))
        return _views(ctx, s, rows)


def get_claim(ctx: BranchContext, actor: Actor, claim_id: int) -> ClaimView:
    require(actor, "insured.view")
    with ctx.db.read() as s:
        claim = s.get(Claim, claim_id)
        if claim is None:
            raise ValidationError("No claim number {id}.", id=claim_id)
        return _view(ctx, s, claim)


def claims_of(ctx: BranchContext, actor: Actor, person_id: int) -> list[ClaimView]:
    require(actor, "insured.view")
    with ctx.db.read() as s:
        return _views(ctx, s, s.scalars(select(Claim).where(Claim.person_id == person_id).order_by(Claim.id)))


def waiting_count(ctx: BranchContext, actor: Actor) -> int:
    require(actor, "insured.view")
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Claim)
                            .where(Claim.id.not_in(select(Decision.claim_id)))) or 0)


def _latest_decision(s: Session, claim_id: int) -> Decision | None:
    return s.scalar(select(Decision).where(Decision.claim_id == claim_id).order_by(Decision.id.desc()).limit(1))


def _username(s: Session, user_id: int) -> str:
    user = s.get(User, user_id)
    return user.username if user else ""


def _view(ctx: BranchContext, s: Session, claim: Claim) -> ClaimView:
    return _views(ctx, s, [claim])[0]


def _views(ctx: BranchContext, s: Session, claims: Iterable[Claim], *, decided: bool = True) -> list[ClaimView]:
    """The claims as pages show them; who prepared and decided them by name, the names read once
    for the list. ``decided=False``: claims known to wait for a decision (their decisions not read)."""
    rows = list(claims)
    latest: dict[int, Decision] = {}
    if decided and rows:
        for d in s.scalars(select(Decision).where(Decision.claim_id.in_([c.id for c in rows])).order_by(Decision.id)):
            latest[d.claim_id] = d  # the last one of each claim stays
    names = user_names(s, [c.prepared_by for c in rows] + [d.decided_by for d in latest.values()])
    return [_one_view(ctx, s, c, latest.get(c.id), names) for c in rows]


def _one_view(ctx: BranchContext, s: Session, claim: Claim, latest: Decision | None, names: dict[int, str]
              ) -> ClaimView:
    who: InsuredPerson = person(s, claim.person_id)
    state = ClaimState.WAITING if latest is None else ClaimState(latest.outcome)
    paid = payment_of_decision(s, latest.id) if latest is not None else None
    if paid is not None and paid.status == PaymentState.PAID.value:
        state = ClaimState.PAID
    return ClaimView(
        id=claim.id, number=document_number(claim.fiscal_year, claim.number), person_id=who.id,
        person_name=f"{who.first_name} {who.last_name}", national_id=who.national_id, kind=claim.kind,
        eligible=claim.eligible, amount=ctx.pack.currency.from_minor(claim.amount), state=state,
        prepared_by=names.get(claim.prepared_by, ""), prepared_at=claim.prepared_at,
        result=json.loads(claim.result_json),
        decision_number=document_number(latest.fiscal_year, latest.number) if latest else "",
        decided_by=names.get(latest.decided_by, "") if latest else "",
        decision_reason=latest.reason if latest else "",
        payment_reference=paid.reference if paid else "", paid_on=paid.paid_on if paid else None,
        payment_method=PaymentMethod(paid.method) if paid and paid.method else None,
        payment_instrument=paid.instrument if paid else "")


def claim_id_by_number(ctx: BranchContext, actor: Actor, number: str) -> int:
    """The claim written ``YEAR/NUMBER`` (as printed)."""
    require(actor, "insured.view")
    parts = split_number(number)
    if parts is None:
        raise ValidationError("A claim number is written YEAR/NUMBER, not '{text}'.", text=number)
    year, seq = parts
    with ctx.db.read() as s:
        found = s.scalar(select(Claim.id).where(Claim.fiscal_year == year, Claim.number == seq))
    if found is None:
        raise ValidationError("No claim {number}.", number=number)
    return int(found)
