"""Services the desktop shell needs that the other modules do not offer yet.

Same patterns as ``queries.py``: a :class:`BranchContext` and an :class:`Actor`, role-checked,
one transaction each. Candidates to move into their proper home (``core.storage`` /
``core.security``) when their owners next touch those files.
"""

from __future__ import annotations

from pathlib import Path

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.security import Actor, audit, require


def backup_database(ctx: BranchContext, actor: Actor, target: Path) -> Path:
    """Online backup of the SQLite database to ``target`` (managers, administrators); logged.

    A PostgreSQL branch is refused with a message pointing at pg_dump (``Database.backup_to``).
    """
    require(actor, "system.backup")
    path = ctx.db.backup_to(target)
    with ctx.db.write() as s:
        audit(s, actor, "system.backup", "file", str(path))
    return path
