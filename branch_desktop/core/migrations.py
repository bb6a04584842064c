"""Alembic, driven from code: the migration scripts live in the top-level ``db/`` folder.

Departments add revisions on one line (0001 kernel, 0002 revenue, ...); upgrading goes to
"heads", so a branch in the history (two revisions written in parallel) still applies whole.

Every start checks for pending revisions; that check needs no Alembic: the scripts' heads are read
from their ``revision``/``down_revision`` lines (:func:`script_heads`, Alembic's own reading when a
script says something that reading does not understand) and the database's from ``alembic_version``.
Alembic is imported only to upgrade (and by ``db/env.py``).
"""

from __future__ import annotations

import ast
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from branch_desktop.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import Script
    from sqlalchemy import Engine

_HEADER = re.compile(r"^(revision|down_revision|depends_on)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def alembic_heads() -> set[str]:
    """The heads as Alembic reads the scripts."""
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


@cache
def script_heads() -> frozenset[str] | None:
    """The heads of ``db/versions`` read from each script's ``revision = ...`` and ``down_revision =
    ...`` lines (literals); None when a script is not that simple (no literal revision): then
    Alembic reads them."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((migrations_dir() / "versions").glob("*.py")):
        found: dict[str, Any] = {}
        for name, value in _HEADER.findall(path.read_text(encoding="utf-8")):
            try:
                found.setdefault(name, ast.literal_eval(value))
            except (ValueError, SyntaxError):
                return None
        revision, down = found.get("revision"), found.get("down_revision")
        if not isinstance(revision, str) or "down_revision" not in found:
            return None
        # ``depends_on`` orders an upgrade but makes no parent: a revision depended on stays a head
        # (as Alembic reads it), so it does not change the heads
        revisions.add(revision)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list):
            parents.update(down)
        elif down is not None:
            return None
    return frozenset(revisions - parents)


def head_revisions() -> set[str]:
    fast = script_heads()
    return set(fast) if fast is not None else alembic_heads()


def head_revision() -> str | None:
    return revision_text(head_revisions())


def current_revisions(engine: Engine) -> set[str]:
    """The revisions the database is at (``alembic_version``; none for a new database)."""
    from sqlalchemy import inspect

    from branch_desktop.core.storage import DriverCursor

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return set()
        return read_revisions(DriverCursor(conn))


def read_revisions(cursor: Any) -> set[str]:
    """The revisions in ``alembic_version`` (``cursor``: a ``core.driver.DriverStatements``)."""
    return {str(row[0]) for row in cursor.rows("SELECT version_num FROM alembic_version")}


def revision_text(revisions: set[str] | frozenset[str]) -> str | None:
    """Revisions as ``db current`` prints them (sorted, comma-separated; None for none)."""
    return ",".join(sorted(revisions)) if revisions else None


def current_revision(engine: Engine) -> str | None:
    return revision_text(current_revisions(engine))


def pending_revisions(engine: Engine) -> bool:
    return current_revisions(engine) != head_revisions()


@dataclass(frozen=True)
class MigrationStep:
    """One revision applied by :func:`upgrade_to_head`: its place among the pending ones, what it is
    (the script's first docstring line) and how long it took."""

    number: int
    total: int
    revision: str
    title: str
    seconds: float


def _title(revision: Script | None) -> str:
    """A revision's title: the first line of its script's docstring ("" when it has none)."""
    lines = (revision.doc or "").strip().splitlines() if revision is not None else []
    return lines[0] if lines else ""


def pending_steps(engine: Engine) -> list[tuple[str, str]]:
    """The revisions an upgrade would apply, each with its title, in the order Alembic applies them:
    its own upgrade plan (what ``command.upgrade(cfg, "heads")`` walks, from the heads the database
    is at as Alembic reads them), so the numbered progress matches what is applied."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_heads()
    plan = reversed(list(script.iterate_revisions("heads", current, implicit_base=True)))
    return [(r.revision, _title(r)) for r in plan]


def upgrade_to_head(engine: Engine, progress: Callable[[MigrationStep], None] | None = None) -> None:
    """Apply every pending revision; ``progress`` hears of each one as it is done (a big branch's text
    index or backfill can take minutes, so the user is told which step has finished)."""
    from alembic import command

    cfg = alembic_config(engine)
    if progress is not None:
        total = len(pending_steps(engine))
        number, since = 0, time.perf_counter()

        def applied(*, step: Any, **_kw: Any) -> None:
            nonlocal number, since
            now = time.perf_counter()
            number += 1
            progress(MigrationStep(number, max(total, number), step.up_revision_id or "",
                                   _title(step.up_revision), now - since))
            since = now

        cfg.attributes["on_version_apply"] = applied
    command.upgrade(cfg, "heads")
