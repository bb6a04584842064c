"""Revenue's answer to other departments about an insured person's service: the months, days
and wages the accepted declarations hold (the latest declaration of a month wins). Read-only;
insured affairs builds its service history and benefit earnings from it, never typing them twice."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.security import Actor, require
from branch_desktop.revenue.models import Employer, ServiceRecord


@dataclass(frozen=True, kw_only=True)
class DeclaredMonth:
    year: int  # in the pack's calendar
    month: int
    employer_file_no: str
    employer_name: str
    days: int
    wage: int  # minor units


def declared_months(ctx: BranchContext, actor: Actor, national_id: str) -> list[DeclaredMonth]:
    """Every declared month of one insured person, oldest first, one row per employer."""
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        rows = s.execute(
            select(ServiceRecord.year, ServiceRecord.month, Employer.file_no, Employer.name, ServiceRecord.days,
                   ServiceRecord.wage)
            .join(Employer, Employer.id == ServiceRecord.employer_id)
            .where(ServiceRecord.national_id == national_id)
            .order_by(ServiceRecord.year, ServiceRecord.month, Employer.file_no)
        ).all()
    return [DeclaredMonth(year=r[0], month=r[1], employer_file_no=r[2], employer_name=r[3], days=r[4], wage=r[5])
            for r in rows]


def declared_people(ctx: BranchContext, actor: Actor, limit: int = 100_000) -> list[tuple[str, str]]:
    """(national id, name as declared) of everyone the accepted declarations name."""
    require(actor, "revenue.view")
    from sqlalchemy import func

    with ctx.db.read() as s:
        rows = s.execute(select(ServiceRecord.national_id, func.max(ServiceRecord.name))
                         .group_by(ServiceRecord.national_id).order_by(ServiceRecord.national_id).limit(limit)).all()
    return [(r[0], r[1] or "") for r in rows]
