"""Employer files: create, edit (compare-and-set on the version), find and search."""

from __future__ import annotations

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.ids import compact
from branch_desktop.core.models import utcnow
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.core.stale import changed_by
from branch_desktop.revenue import rules
from branch_desktop.revenue.exceptions import DuplicateEmployerFile, StaleRecord, UnknownEmployer
from branch_desktop.revenue.models import (
    Employer,
)
from branch_desktop.revenue.services.common import (
    employer_view,
)
from branch_desktop.revenue.states import EmployerStatus
from branch_desktop.revenue.types import (
    EmployerInput,
    EmployerRow,
    EmployerView,
)

# -- employers --------------------------------------------------------------------------------


def create_employer(ctx: BranchContext, actor: Actor, data: EmployerInput) -> EmployerView:
    require(actor, "revenue.employers")
    values = rules.clean_employer(ctx.pack, data, ctx.today())
    with ctx.db.write() as s:
        if s.scalar(select(Employer.id).where(Employer.file_no == values["file_no"])):
            raise DuplicateEmployerFile("There is already an employer file {file_no}.", file_no=values["file_no"])
        e = Employer(**values, version=1, updated_by=actor.id, updated_at=utcnow())
        s.add(e)
        s.flush()
        audit(s, actor, "revenue.employer.create", "employer", e.id, file_no=e.file_no)
        return employer_view(s, e)


def update_employer(ctx: BranchContext, actor: Actor, employer_id: int, data: EmployerInput, version: int
                    ) -> EmployerView:
    """Save an edited employer file; refused when someone saved it since it was loaded."""
    require(actor, "revenue.employers")
    values = rules.clean_employer(ctx.pack, data, ctx.today())
    with ctx.db.write() as s:
        e = s.get(Employer, employer_id)
        if e is None:
            raise UnknownEmployer("There is no employer file #{id}.", id=employer_id)
        if e.version != version:
            raise StaleRecord(
                "This file was changed by {user} at {time} after you opened it; reload it and make your change again.",
                **changed_by(s, ctx.pack.calendar, e.updated_by, e.updated_at),
            )
        if values["file_no"] != e.file_no and s.scalar(select(Employer.id).where(Employer.file_no == values["file_no"])):
            raise DuplicateEmployerFile("There is already an employer file {file_no}.", file_no=values["file_no"])
        now = utcnow()
        # compare-and-set on the version: a concurrent save between our read and this update loses
        done = s.execute(  # type: ignore[attr-defined]
            update(Employer).where(Employer.id == employer_id, Employer.version == version)
            .values(**values, version=version + 1, updated_by=actor.id, updated_at=now)
        ).rowcount
        if done != 1:
            raise StaleRecord("This file was changed by someone else just now; reload it and make your change again.")
        audit(s, actor, "revenue.employer.update", "employer", employer_id, version=version + 1)
        s.expire_all()
        e2 = s.get(Employer, employer_id)
        assert e2 is not None
        return employer_view(s, e2)


def get_employer(ctx: BranchContext, actor: Actor, employer_id: int) -> EmployerView:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        e = s.get(Employer, employer_id)
        if e is None:
            raise UnknownEmployer("There is no employer file #{id}.", id=employer_id)
        return employer_view(s, e)


def _employer_by_file(s: Session, file_no: str) -> Employer:
    e = s.scalar(select(Employer).where(Employer.file_no == rules.normalise_file_no(file_no)))
    if e is None:
        raise UnknownEmployer("There is no employer file {file_no}.", file_no=file_no)
    return e


def find_employer(ctx: BranchContext, actor: Actor, file_no: str) -> EmployerView:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        return employer_view(s, _employer_by_file(s, file_no))


def search_employers(ctx: BranchContext, actor: Actor, text: str, limit: int = 50,
                     include_closed: bool = True) -> list[EmployerRow]:
    """Employers whose file number, name, id or business code contain ``text`` (in SQL).

    Exact file numbers and ids come first (index look-ups), then name matches in name order."""
    require(actor, "revenue.view")
    term = " ".join(text.split()).lower()
    digits = compact(text)
    cols = (Employer.id, Employer.file_no, Employer.name, Employer.national_id, Employer.business_code, Employer.status)
    with ctx.db.read() as s:
        rows: list[tuple[int, str, str, str, str, str]] = []
        seen: set[int] = set()
        if digits:
            exact = s.execute(select(*cols).where(or_(Employer.file_no == rules.normalise_file_no(text),
                                                      Employer.national_id == digits))
                              .limit(limit)).all()
            for r in exact:
                rows.append(tuple(r))  # type: ignore[arg-type]
                seen.add(r[0])
        # "name || ''" sorts like name but keeps the planner off the name index: walking that index
        # and looking every row up is several times slower than scanning and sorting the matches.
        stmt = select(*cols).order_by(Employer.name.concat(""), Employer.id).limit(limit + len(seen))
        if term:
            pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            stmt = stmt.where(Employer.search_text.like(pattern, escape="\\"))
        if not include_closed:
            stmt = stmt.where(Employer.status == EmployerStatus.ACTIVE)
        for r in s.execute(stmt):
            if r[0] not in seen and len(rows) < limit:
                rows.append(tuple(r))  # type: ignore[arg-type]
                seen.add(r[0])
    return [EmployerRow(id=r[0], file_no=r[1], name=r[2], national_id=r[3], business_code=r[4],
                        status=EmployerStatus(r[5])) for r in rows]


def employer_count(ctx: BranchContext, actor: Actor) -> int:
    require(actor, "revenue.view")
    with ctx.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Employer)) or 0)


def employer_id_of(ctx: BranchContext, actor: Actor, file_no: str) -> int:
    """The id of the employer file ``file_no`` (for the command line and the demo)."""
    return find_employer(ctx, actor, file_no).id

