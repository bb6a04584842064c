"""The insured registry: one record per person (national id checked per pack), the household
with dated changes, and search as you type over the whole registry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ids import clean_iban, clean_person_id
from branch_desktop.core.models import utcnow
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.stale import changed_by
from branch_desktop.insured.exceptions import PersonInputError, StaleRecord
from branch_desktop.insured.models import CoverageChange, HouseholdMember, InsuredPerson
from branch_desktop.insured.services.common import person
from branch_desktop.insured.types import (
    InsuredStatus,
    MemberInput,
    MemberView,
    PersonInput,
    PersonRow,
    PersonView,
    Relation,
    Sex,
)

SEARCH_LIMIT = 50


def _search_key(last: str, first: str) -> str:
    return " ".join(f"{last} {first}".lower().split())


def _national_id(ctx: BranchContext, text: str, field: str = "national_id") -> str:
    try:
        return clean_person_id(ctx.pack.code, text)
    except ValidationError as exc:
        raise PersonInputError(exc.template, field=field, **exc.params) from None


def _iban(ctx: BranchContext, text: str) -> str:
    """The payee's IBAN (core.ids, of the pack's country) in compact form; blank stays blank."""
    if not text.strip():
        return ""
    try:
        return clean_iban(text, ctx.pack.country)
    except ValidationError as exc:
        raise PersonInputError(exc.template, field="iban", **exc.params) from None


def _clean(ctx: BranchContext, data: PersonInput) -> tuple[str, str, str]:
    national_id = _national_id(ctx, data.national_id)
    first, last = " ".join(data.first_name.split()), " ".join(data.last_name.split())
    if not first:
        raise PersonInputError("The first name is required.", field="first_name")
    if not last:
        raise PersonInputError("The last name is required.", field="last_name")
    if data.birth_date and data.birth_date > ctx.today():
        raise PersonInputError("The birth date is in the future.", field="birth_date")
    return national_id, first, last


def register_person(ctx: BranchContext, actor: Actor, data: PersonInput) -> PersonView:
    require(actor, "insured.registry")
    national_id, first, last = _clean(ctx, data)
    iban = _iban(ctx, data.iban)
    with ctx.db.write() as s:
        _refuse_taken(s, national_id)
        row = InsuredPerson(national_id=national_id, first_name=first, last_name=last, birth_date=data.birth_date,
                            sex=Sex(data.sex).value, status=InsuredStatus(data.status).value, iban=iban,
                            search_key=_search_key(last, first), version=1, updated_by=actor.id, updated_at=utcnow())
        s.add(row)
        s.flush()
        audit(s, actor, "insured.person.register", "insured_person", row.id)
        return _view(s, row)


def update_person(ctx: BranchContext, actor: Actor, person_id: int, data: PersonInput, version: int) -> PersonView:
    """Save the record over the version the user read; a newer one refuses the save (who, when)."""
    require(actor, "insured.registry")
    national_id, first, last = _clean(ctx, data)
    iban = _iban(ctx, data.iban)
    with ctx.db.write() as s:
        row = person(s, person_id)
        if row.national_id != national_id:
            _refuse_taken(s, national_id)
        if row.version != version:
            raise StaleRecord("{user} changed this record at {time}; reload it before saving.",
                              **changed_by(s, ctx.pack.calendar, row.updated_by, row.updated_at))
        row.national_id, row.first_name, row.last_name = national_id, first, last
        row.birth_date, row.sex, row.status = data.birth_date, Sex(data.sex).value, InsuredStatus(data.status).value
        row.search_key, row.iban = _search_key(last, first), iban
        row.version += 1
        row.updated_by, row.updated_at = actor.id, utcnow()
        audit(s, actor, "insured.person.update", "insured_person", row.id, version=row.version)
        return _view(s, row)


def _refuse_taken(s: Session, national_id: str) -> None:
    if s.scalar(select(InsuredPerson.id).where(InsuredPerson.national_id == national_id)):
        raise PersonInputError("An insured person with the national id {national_id} is registered already.",
                               field="national_id", national_id=national_id)


def get_person(ctx: BranchContext, actor: Actor, person_id: int, on: dt.date | None = None) -> PersonView:
    require(actor, "insured.view")
    with ctx.db.read() as s:
        return _view(s, person(s, person_id), on)


def search_persons(ctx: BranchContext, actor: Actor, text: str, limit: int = SEARCH_LIMIT) -> list[PersonRow]:
    """Persons whose national id or "last first" name starts with ``text``: prefix range scans
    on two indexes, so the cost does not grow with the registry."""
    require(actor, "insured.view")
    term = " ".join(text.lower().split())
    if not term:
        return []
    upper = term + "\U0010ffff"
    cols = (InsuredPerson.search_key, InsuredPerson.id, InsuredPerson.national_id, InsuredPerson.first_name,
            InsuredPerson.last_name, InsuredPerson.status)
    # one ordered index range per column, each stopping at ``limit`` rows (an OR of the two would
    # make PostgreSQL collect and sort every match of a common name), merged here
    found: dict[int, Any] = {}
    with ctx.db.read() as s:
        for column in (InsuredPerson.search_key, InsuredPerson.national_id):
            for r in s.execute(select(*cols).where(column.between(term, upper))
                               .order_by(column, InsuredPerson.id).limit(limit)):
                found[r.id] = r
    rows = sorted(found.values(), key=lambda r: (r.search_key, r.id))[:limit]
    return [PersonRow(id=r.id, national_id=r.national_id, first_name=r.first_name, last_name=r.last_name,
                      status=InsuredStatus(r.status)) for r in rows]


def _new_member(ctx: BranchContext, actor: Actor, data: MemberInput, valid_from: dt.date) -> tuple[str, str]:
    """The member's cleaned name and national id, or a PersonInputError naming the field."""
    name = " ".join(data.full_name.split())
    if not name:
        raise PersonInputError("The household member's name is required.", field="full_name")
    national_id = _national_id(ctx, data.national_id) if data.national_id.strip() else ""
    if data.birth_date and data.birth_date > ctx.today():
        raise PersonInputError("The birth date is in the future.", field="birth_date")
    if data.birth_date and valid_from < data.birth_date:
        raise PersonInputError("A member cannot join the household before their birth date.", field="valid_from")
    return name, national_id


def _insert_member(s: Session, actor: Actor, person_id: int, data: MemberInput, valid_from: dt.date, name: str,
                   national_id: str) -> HouseholdMember:
    row = HouseholdMember(person_id=person_id, relation=Relation(data.relation).value, national_id=national_id,
                          full_name=name, birth_date=data.birth_date, student=data.student, disabled=data.disabled,
                          valid_from=valid_from, recorded_by=actor.id, recorded_at=utcnow())
    s.add(row)
    s.flush()
    audit(s, actor, "insured.household.add", "insured_person", person_id, member=row.id)
    return row


def add_member(ctx: BranchContext, actor: Actor, person_id: int, data: MemberInput, valid_from: dt.date) -> MemberView:
    require(actor, "insured.registry")
    name, national_id = _new_member(ctx, actor, data, valid_from)
    with ctx.db.write() as s:
        person(s, person_id)
        return _member(_insert_member(s, actor, person_id, data, valid_from, name, national_id))


def change_member(ctx: BranchContext, actor: Actor, member_id: int, data: MemberInput,
                  valid_from: dt.date) -> MemberView:
    """A member's data changes from ``valid_from`` on (a child becomes a student...): the old row
    ends the day before and a new row starts, in one transaction; both are kept, so every past
    date reads as it was."""
    require(actor, "insured.registry")
    name, national_id = _new_member(ctx, actor, data, valid_from)
    with ctx.db.write() as s:
        old = _open_member(s, member_id)
        if valid_from <= old.valid_from:
            raise PersonInputError("A change takes effect after the member joined the household ({date}).",
                                   field="valid_from", date=old.valid_from)
        old.valid_to = valid_from - dt.timedelta(days=1)
        audit(s, actor, "insured.household.end", "insured_person", old.person_id, member=old.id)
        return _member(_insert_member(s, actor, old.person_id, data, valid_from, name, national_id))


def _open_member(s: Session, member_id: int) -> HouseholdMember:
    row = s.get(HouseholdMember, member_id, with_for_update=True)
    if row is None:
        raise PersonInputError("No household member number {id}.", field="member", id=member_id)
    if row.valid_to is not None:
        raise PersonInputError("This household member left the household already.", field="member")
    return row


def end_member(ctx: BranchContext, actor: Actor, member_id: int, valid_to: dt.date) -> MemberView:
    """A dependant leaves the household: the row's span ends; it is kept."""
    require(actor, "insured.registry")
    with ctx.db.write() as s:
        row = _open_member(s, member_id)
        if valid_to < row.valid_from:
            raise PersonInputError("The end date is before the member joined the household.", field="valid_to")
        row.valid_to = valid_to
        audit(s, actor, "insured.household.end", "insured_person", row.person_id, member=row.id)
        return _member(row)


def _member(m: HouseholdMember) -> MemberView:
    return MemberView(id=m.id, relation=Relation(m.relation), full_name=m.full_name, national_id=m.national_id,
                      birth_date=m.birth_date, student=m.student, disabled=m.disabled, valid_from=m.valid_from,
                      valid_to=m.valid_to)


def _view(s: Session, row: InsuredPerson, on: dt.date | None = None) -> PersonView:
    stmt = select(HouseholdMember).where(HouseholdMember.person_id == row.id)
    if on is not None:
        stmt = stmt.where(HouseholdMember.valid_from <= on,
                          or_(HouseholdMember.valid_to.is_(None), HouseholdMember.valid_to >= on))
    members = [_member(m) for m in s.scalars(stmt.order_by(HouseholdMember.valid_from, HouseholdMember.id))]
    return PersonView(id=row.id, national_id=row.national_id, first_name=row.first_name, last_name=row.last_name,
                      sex=Sex(row.sex), birth_date=row.birth_date, status=InsuredStatus(row.status),
                      version=row.version, iban=row.iban, household=members)


def import_persons(ctx: BranchContext, actor: Actor, rows: list[dict[str, str]]) -> int:
    """Register many persons at once: every row is checked first, and one bad row refuses the
    whole file (nothing is written) with each row's problem."""
    require(actor, "insured.registry")
    problems: list[str] = []
    cleaned: list[tuple[PersonInput, str, str, str, tuple[str, dt.date] | None]] = []
    seen: set[str] = set()
    cal = ctx.pack.calendar
    for n, row in enumerate(rows, start=2):
        try:
            birth = cal.parse(row["birth_date"]) if (row.get("birth_date") or "").strip() else None
            data = PersonInput(national_id=row.get("national_id", ""), first_name=row.get("first_name", ""),
                               last_name=row.get("last_name", ""), sex=Sex((row.get("sex") or "").strip().upper()),
                               birth_date=birth)
            national_id, first, last = _clean(ctx, data)
            if national_id in seen:
                raise ValidationError("The national id {national_id} is twice in the file.", national_id=national_id)
            seen.add(national_id)
            cleaned.append((data, national_id, first, last, _imported_coverage(ctx, row)))
        except (ValidationError, ValueError, KeyError) as exc:
            problems.append(_("Row {row}: {problem}").format(row=n, problem=str(exc)))
    if problems:
        raise ValidationError("The file was not imported:\n{problems}", problems="\n".join(problems[:50]))
    with ctx.db.write() as s:
        known = set(s.scalars(select(InsuredPerson.national_id).where(InsuredPerson.national_id.in_(seen))))
        if known:
            raise ValidationError("Already registered: {ids}.", ids=", ".join(sorted(known)[:20]))
        now = utcnow()
        persons = [InsuredPerson(national_id=nid, first_name=first, last_name=last, birth_date=data.birth_date,
                                 sex=Sex(data.sex).value, status=InsuredStatus.ACTIVE.value,
                                 search_key=_search_key(last, first), version=1, updated_by=actor.id, updated_at=now)
                   for data, nid, first, last, _cov in cleaned]
        s.add_all(persons)
        s.flush()
        s.add_all(CoverageChange(person_id=p.id, coverage=cov[0], effective_from=cov[1], recorded_by=actor.id,
                                 recorded_at=now) for p, (*_rest, cov) in zip(persons, cleaned, strict=True) if cov)
        audit(s, actor, "insured.person.import", "insured_person", "", count=len(cleaned))
    return len(cleaned)


def _imported_coverage(ctx: BranchContext, row: dict[str, str]) -> tuple[str, dt.date] | None:
    """The optional ``coverage`` column (a status of the pack's ``insurance_statuses``) from
    ``coverage_from`` (blank: today)."""
    from branch_desktop.insured.services.coverage import check_coverage

    code = (row.get("coverage") or "").strip()
    if not code:
        return None
    text = (row.get("coverage_from") or "").strip()
    day = ctx.pack.calendar.parse(text) if text else ctx.today()
    return check_coverage(ctx, code, day), day


def find_person(ctx: BranchContext, actor: Actor, national_id: str) -> PersonView:
    """The person with this national id (typed with either digit set)."""
    from branch_desktop.core.money import DIGITS_TO_ASCII
    from branch_desktop.insured.services.common import person_by_national_id

    require(actor, "insured.view")
    with ctx.db.read() as s:
        return _view(s, person_by_national_id(s, national_id.translate(DIGITS_TO_ASCII).strip()))
