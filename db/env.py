"""Alembic environment: the engine comes from Branch Desktop (``Database.upgrade``) or a URL."""

from __future__ import annotations

from alembic import context

from branch_desktop import app_registry
from branch_desktop.core.models import Base
from branch_desktop.core.storage import make_engine

app_registry.import_models()  # every department's tables, as the departments declare them

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            on_version_apply=config.attributes.get("on_version_apply"),  # Database.upgrade's progress
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
