"""The insurance status of an insured person (the pack's ``insurance_statuses``: tr_sgk 4/1-a,
4/1-b, 4/1-c) as a dated, append-only history in the registry: a change is a new row from its
day; the status in force on a day is the latest row whose day has come. A pack without that
table (ir_sso) keeps no status: the claims then take it as the case gives it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.errors import PackError
from branch_desktop.core.models import User, utcnow
from branch_desktop.core.packs import Pack
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.insured.exceptions import CoverageConflict, PersonInputError
from branch_desktop.insured.models import CoverageChange
from branch_desktop.insured.services.common import person
from branch_desktop.insured.types import CoverageView

TABLE = "insurance_statuses"


def pack_coverages(pack: Pack, on: dt.date) -> list[str]:
    """The statuses the pack lists on ``on`` (none when it keeps none)."""
    if TABLE not in pack.table_names():
        return []
    try:
        rows = pack.table(TABLE, on)
    except PackError:  # a day before the table's first version: its statuses (the pack's note says why)
        rows = pack.table(TABLE, dt.date.max)
    return [r["coverage"] for r in rows]


def check_coverage(ctx: BranchContext, coverage: str, on: dt.date) -> str:
    """``coverage`` as one of the pack's statuses, or a PersonInputError naming the field."""
    known = pack_coverages(ctx.pack, on)
    if not known:
        raise PersonInputError("The pack {pack} records no insurance status.", field="coverage", pack=ctx.pack.code)
    code = coverage.strip()
    if code not in known:
        raise PersonInputError("Unknown insurance status '{value}'; known: {known}.", field="coverage", value=code,
                               known=", ".join(known))
    return code


def coverage_on(s: Session, person_id: int, day: dt.date) -> str:
    """The status in force on ``day`` ("" when none is recorded by then)."""
    found = s.scalar(select(CoverageChange.coverage).where(CoverageChange.person_id == person_id,
                                                           CoverageChange.effective_from <= day)
                     .order_by(CoverageChange.effective_from.desc(), CoverageChange.id.desc()).limit(1))
    return found or ""


def add_coverage(s: Session, actor: Actor, person_id: int, coverage: str, effective_from: dt.date) -> CoverageChange:
    row = CoverageChange(person_id=person_id, coverage=coverage, effective_from=effective_from,
                         recorded_by=actor.id, recorded_at=utcnow())
    s.add(row)
    s.flush()
    audit(s, actor, "insured.coverage.record", "insured_person", person_id, coverage=coverage,
          effective_from=effective_from.isoformat())
    return row


def record_coverage(ctx: BranchContext, actor: Actor, person_id: int, coverage: str,
                    effective_from: dt.date) -> list[CoverageView]:
    """The person's status is ``coverage`` from ``effective_from`` on: a new row (the history is
    never changed); returns the whole history."""
    require(actor, "insured.registry")
    code = check_coverage(ctx, coverage, effective_from)
    with ctx.db.write() as s:
        who = person(s, person_id)
        if who.birth_date and effective_from < who.birth_date:
            raise PersonInputError("A status cannot take effect before the birth date.", field="effective_from")
        add_coverage(s, actor, person_id, code, effective_from)
        return _history(s, person_id)


def coverage_history(ctx: BranchContext, actor: Actor, person_id: int) -> list[CoverageView]:
    """Every status change of the person, oldest day first."""
    require(actor, "insured.view")
    with ctx.db.read() as s:
        person(s, person_id)
        return _history(s, person_id)


def coverage_of(ctx: BranchContext, actor: Actor, person_id: int, day: dt.date) -> str:
    """The status in force on ``day`` ("" when none is recorded or the pack keeps none)."""
    require(actor, "insured.view")
    if not pack_coverages(ctx.pack, day):
        return ""
    with ctx.db.read() as s:
        return coverage_on(s, person_id, day)


def _history(s: Session, person_id: int) -> list[CoverageView]:
    rows = s.execute(select(CoverageChange, User.username).join(User, User.id == CoverageChange.recorded_by)
                     .where(CoverageChange.person_id == person_id)
                     .order_by(CoverageChange.effective_from, CoverageChange.id))
    return [CoverageView(id=c.id, coverage=c.coverage, effective_from=c.effective_from, recorded_by=name,
                         recorded_at=c.recorded_at) for c, name in rows]


def case_coverage(ctx: BranchContext, s: Session, person_id: int, case: dict[str, Any], day: dt.date | None
                  ) -> dict[str, Any]:
    """The case with the registry's status of ``day`` (the rest's start, the birth or the event):
    taken when the case gives none, refused (:class:`CoverageConflict`) when it gives another."""
    if day is None or not pack_coverages(ctx.pack, day):
        return case
    registered = coverage_on(s, person_id, day)
    given = str(case.get("coverage") or "").strip()
    if not registered:
        return case
    if given and given != registered:
        raise CoverageConflict("The claim gives the insurance status {given}, but the registry has {registered} "
                               "in force on {date}; record the change in the registry or correct the claim.",
                               field="coverage", given=given, registered=registered,
                               date=ctx.pack.calendar.format(day))
    return {**case, "coverage": registered}
