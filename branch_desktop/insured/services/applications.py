"""Pension and disability applications and other offices' service-record requests, tracked from
receipt to decision against the pack's deadline (the manager's performance rows 9, 10, 11)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.models import utcnow
from branch_desktop.core.records import set_state
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.insured.models import Application, InsuredPerson
from branch_desktop.insured.rules.common import table_row
from branch_desktop.insured.services.common import person
from branch_desktop.insured.services.coverage import case_coverage, check_coverage
from branch_desktop.insured.types import ApplicationKind, ApplicationView


def register_application(ctx: BranchContext, actor: Actor, person_id: int, kind: ApplicationKind,
                         received_on: dt.date, other_office: str = "", coverage: str = "") -> ApplicationView:
    """Register an application with the insured's status at ``received_on``: the registry's, else
    ``coverage`` as given (one of the pack's statuses; a different one than the registry's is
    refused with :class:`CoverageConflict`)."""
    require(actor, "insured.registry")
    kind = ApplicationKind(kind)
    if received_on > ctx.today():
        raise ValidationError("The application cannot be received in the future.")
    if kind is ApplicationKind.SERVICE_RECORD_REQUEST and not other_office.strip():
        raise ValidationError("Name the office that asks for the service record.")
    days = int(table_row(ctx.pack, "application_deadlines", received_on, "kind", kind.value)["days"])
    if coverage.strip():
        coverage = check_coverage(ctx, coverage, received_on)
    with ctx.db.write() as s:
        person(s, person_id)
        coverage = str(case_coverage(ctx, s, person_id, {"coverage": coverage}, received_on).get("coverage") or "")
        row = Application(person_id=person_id, kind=kind.value, received_on=received_on,
                          deadline=received_on + dt.timedelta(days=days), other_office=other_office.strip(),
                          coverage=coverage, registered_by=actor.id, registered_at=utcnow())
        s.add(row)
        s.flush()
        audit(s, actor, "insured.application.register", "application", row.id, kind=kind.value)
        return _view(ctx, s, row)


def decide_application(ctx: BranchContext, actor: Actor, application_id: int, decided_on: dt.date,
                       outcome: str) -> ApplicationView:
    require(actor, "insured.decide")
    with ctx.db.write() as s:
        row = s.get(Application, application_id)
        if row is None:
            raise ValidationError("No application number {id}.", id=application_id)
        if row.decided_on is not None:
            raise ValidationError("This application is decided already.")
        if decided_on < row.received_on or decided_on > ctx.today():
            raise ValidationError("The decision date must lie between the receipt and today.")
        set_state(s, row, actor.id, decided_on=decided_on, outcome=" ".join(outcome.split()))
        audit(s, actor, "insured.application.decide", "application", row.id)
        return _view(ctx, s, row)


def list_applications(ctx: BranchContext, actor: Actor, *, open_only: bool = False,
                      overdue_only: bool = False) -> list[ApplicationView]:
    require(actor, "insured.view")
    with ctx.db.read() as s:
        stmt = select(Application).order_by(Application.deadline, Application.id)
        if open_only or overdue_only:
            stmt = stmt.where(Application.decided_on.is_(None))
        if overdue_only:
            stmt = stmt.where(Application.deadline < ctx.today())
        return [_view(ctx, s, a) for a in s.scalars(stmt)]


def _view(ctx: BranchContext, s: object, a: Application) -> ApplicationView:
    from sqlalchemy.orm import Session

    assert isinstance(s, Session)
    who: InsuredPerson = person(s, a.person_id)
    end = a.decided_on or ctx.today()
    return ApplicationView(id=a.id, person_id=who.id, person_name=f"{who.first_name} {who.last_name}",
                           kind=ApplicationKind(a.kind), received_on=a.received_on, deadline=a.deadline,
                           decided_on=a.decided_on, days_open=(end - a.received_on).days,
                           overdue=end > a.deadline, other_office=a.other_office, coverage=a.coverage)
