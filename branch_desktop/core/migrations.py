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
from functools import cache
from typing import TYPE_CHECKING, Any

from branch_desktop.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config
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
    ...`` lines (literals); None when a script is not that simple (no literal revision, a
    ``depends_on``): then Alembic reads them."""
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
        if not isinstance(revision, str) or found.get("depends_on") is not None or "down_revision" not in found:
            return None
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
    heads = sorted(head_revisions())
    return ",".join(heads) if heads else None


def current_revisions(engine: Engine) -> set[str]:
    """The revisions the database is at (``alembic_version``; none for a new database)."""
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return set()
        return {str(row[0]) for row in conn.execute(text("SELECT version_num FROM alembic_version"))}


def current_revision(engine: Engine) -> str | None:
    current = sorted(current_revisions(engine))
    return ",".join(current) if current else None


def pending_revisions(engine: Engine) -> bool:
    return current_revisions(engine) != head_revisions()


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), "heads")
