"""Alembic, driven from code: the migration scripts live in the top-level ``db/`` folder.

Departments add revisions on one line (0001 kernel, 0002 revenue, ...); upgrading goes to
"heads", so a branch in the history (two revisions written in parallel) still applies whole.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from branch_desktop.paths import migrations_dir


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def head_revision() -> str | None:
    heads = sorted(head_revisions())
    return ",".join(heads) if heads else None


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def current_revision(engine: Engine) -> str | None:
    current = sorted(current_revisions(engine))
    return ",".join(current) if current else None


def pending_revisions(engine: Engine) -> bool:
    return current_revisions(engine) != head_revisions()


def upgrade_to_head(engine: Engine) -> None:
    command.upgrade(alembic_config(engine), "heads")
