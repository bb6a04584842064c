"""The branch a database belongs to: its pack, name, and creation (``init``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from branch_desktop.core.errors import ConflictError, NotFound, ValidationError
from branch_desktop.core.i18n import translate_to
from branch_desktop.core.ledger.models import Account, Journal
from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.core.models import Branch
from branch_desktop.core.packs import Pack, load_pack
from branch_desktop.core.security import ROLE_LABELS, Actor, Role, audit, create_user, require
from branch_desktop.core.storage import Database


@dataclass
class BranchContext:
    """What every service needs: the database, the branch's pack, and "today"."""

    db: Database
    pack: Pack
    name: str
    address: str = ""
    today_override: dt.date | None = field(default=None)

    def today(self) -> dt.date:
        return self.today_override or dt.date.today()

    @property
    def info(self) -> BranchInfo:
        return BranchInfo(
            name=self.name,
            pack_code=self.pack.code,
            organisation=self.pack.organisation,
            currency_code=self.pack.currency.code,
            currency_digits=self.pack.currency.minor_digits,
            calendar=self.pack.calendar.kind.value,
            address=self.address,
        )


def open_branch(db: Database) -> BranchContext:
    """The branch of an initialised database (migrations must have run)."""
    if not db.has_schema():
        raise NotFound("This database has no branch yet; run 'branch-desktop init' first.")
    with db.read() as s:  # the columns it needs only: ``db upgrade`` opens a branch whose schema is behind
        branch = s.execute(select(Branch.pack_code, Branch.name, Branch.address).order_by(Branch.id)).first()
        if branch is None:
            raise NotFound("This database has no branch yet; run 'branch-desktop init' first.")
        return BranchContext(db=db, pack=load_pack(branch.pack_code), name=branch.name, address=branch.address)


def is_initialised(db: Database) -> bool:
    if not db.has_schema():
        return False
    with db.read() as s:
        return s.scalar(select(Branch.id)) is not None


def init_branch(
    db: Database, pack_code: str, name: str, admin_username: str, admin_password: str, address: str = ""
) -> tuple[BranchContext, Actor]:
    """Create the schema, the branch with its pack's chart and journals, and the first admin."""
    pack = load_pack(pack_code)
    if not name.strip():
        raise ValidationError("The branch needs a name.")
    db.upgrade()
    with db.write() as s:
        if s.scalar(select(Branch.id)) is not None:
            raise ConflictError("This database already holds a branch.")
        s.add(Branch(name=name.strip(), pack_code=pack.code, address=address))
        # Shown on documents until someone names the user: the role's name in the branch's language.
        admin = create_user(s, None, admin_username, admin_password, "admin",
                            full_name=translate_to(pack.language, ROLE_LABELS[Role.ADMIN]))
        install_chart(s, pack)
        audit(s, admin, "branch.init", "branch", name, pack=pack.code)
    return BranchContext(db=db, pack=pack, name=name.strip(), address=address), admin


def install_chart(session: object, pack: Pack) -> None:
    """Insert the pack's accounts (parents first) and journals."""
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    ids: dict[str, int] = {}
    pending = list(pack.accounts)
    while pending:
        rest = []
        for acc in pending:
            if acc.parent is not None and acc.parent not in ids:
                rest.append(acc)
                continue
            row = Account(
                code=acc.code,
                name=acc.name,
                name_en=acc.name_en,
                kind=acc.kind.value,
                parent_id=ids.get(acc.parent) if acc.parent else None,
                is_postable=acc.postable,
            )
            session.add(row)
            session.flush()
            ids[acc.code] = row.id
        pending = rest
    for j in pack.journals:
        session.add(Journal(code=j.code, name=j.name, name_en=j.name_en))
    session.flush()


def backup_database(ctx: BranchContext, actor: Actor, target: Path) -> Path:
    """Online backup of the SQLite database to ``target`` (managers, administrators); logged.

    A PostgreSQL branch is refused with a message pointing at pg_dump (``Database.backup_to``).
    """
    require(actor, "system.backup")
    path = ctx.db.backup_to(target)
    with ctx.db.write() as s:
        audit(s, actor, "system.backup", "file", str(path))
    return path
