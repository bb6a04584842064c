"""Insured-affairs read functions for the manager's reports: decided applications with their
elapsed days (performance rows 9, 10, 11), overdue applications and benefits paid by kind.
Read only; every function checks ``insured.view``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.security import Actor, require
from branch_desktop.insured.models import Application, Claim, Decision, InsuredPerson
from branch_desktop.insured.types import ApplicationKind, DecisionOutcome


@dataclass(frozen=True)
class DecidedApplication:
    application_id: int
    national_id: str
    name: str
    received_on: dt.date
    decided_on: dt.date
    other_office: str
    outcome: str
    coverage: str = ""  # the insured's status at receipt (tr_sgk 4/1-a, 4/1-b, 4/1-c; "": not known)

    @property
    def days(self) -> int:
        return (self.decided_on - self.received_on).days


def decided_applications(ctx: BranchContext, actor: Actor, kind: ApplicationKind, start: dt.date, end: dt.date
                         ) -> list[DecidedApplication]:
    """Applications of ``kind`` decided (answered, awarded) ``start``..``end``, oldest decision first."""
    require(actor, "insured.view")
    with ctx.db.read() as s:
        rows = s.execute(
            select(Application.id, InsuredPerson.national_id, InsuredPerson.first_name, InsuredPerson.last_name,
                   Application.received_on, Application.decided_on, Application.other_office, Application.outcome,
                   Application.coverage)
            .join(InsuredPerson, InsuredPerson.id == Application.person_id)
            .where(Application.kind == ApplicationKind(kind).value, Application.decided_on.between(start, end))
            .order_by(Application.decided_on, Application.id))
        return [DecidedApplication(i, nid, f"{first} {last}", rec, dec or rec, office, outcome, coverage)
                for i, nid, first, last, rec, dec, office, outcome, coverage in rows]


def overdue_count(ctx: BranchContext, actor: Actor, on: dt.date) -> int:
    """Open applications whose deadline has passed on ``on``."""
    require(actor, "insured.view")
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count(Application.id)).where(
            Application.decided_on.is_(None), Application.deadline < on)) or 0)


def benefits_paid_by_kind(ctx: BranchContext, actor: Actor, start: dt.date, end: dt.date
                          ) -> list[tuple[str, int, int]]:
    """(benefit kind, claims, amount) approved by decisions dated ``start``..``end`` that no later
    decision supersedes."""
    require(actor, "insured.view")
    later = select(Decision.supersedes_id).where(Decision.supersedes_id.is_not(None))
    with ctx.db.read() as s:
        rows = s.execute(
            select(Claim.kind, func.count(Decision.id), func.sum(Decision.amount))
            .join(Claim, Claim.id == Decision.claim_id)
            .where(Decision.outcome == DecisionOutcome.APPROVED.value, Decision.decision_date.between(start, end),
                   Decision.id.not_in(later))
            .group_by(Claim.kind).order_by(Claim.kind))
        return [(k, int(n), int(a or 0)) for k, n, a in rows]


def benefit_kind_label(kind: str) -> str:
    """The msgid naming a benefit kind (as the decision letters name it)."""
    from branch_desktop.insured.trace_text import KIND_LABELS

    return KIND_LABELS.get(kind, kind)
