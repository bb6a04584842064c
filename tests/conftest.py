"""Fresh database per test, on SQLite and (when BRANCH_DESKTOP_TEST_PG gives a server URL) PostgreSQL.

Migrations run once per session into a template (an SQLite file; a PostgreSQL template
database); every test gets its own copy, so tests are isolated and still fast.
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from branch_desktop import app_registry
from branch_desktop.core.branch import BranchContext, init_branch
from branch_desktop.core.i18n import set_language
from branch_desktop.core.security import Actor, create_user
from branch_desktop.core.storage import Database, resolve_url

# The GUI fixtures (offscreen Qt, demo branch, the shell) serve every department's page tests.
pytest_plugins = ["tests.qt_fixtures"]

# Every department registers its permissions and close checks, as the entry points do.
app_registry.load()

PG_ENV = "BRANCH_DESKTOP_TEST_PG"
PASSWORD = "correct-horse-1"
_counter = itertools.count()


def pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    return resolve_url(url) if url else None


@pytest.fixture(autouse=True)
def _backup_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Automatic backups (day close, GUI exit) go to a temporary folder, never the user's."""
    monkeypatch.setenv("BRANCH_DESKTOP_BACKUP_DIR", str(tmp_path_factory.mktemp("backups")))


@pytest.fixture(autouse=True)
def _state_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Command-line session tokens (``branch-desktop login``) go to a temporary folder, never the user's."""
    monkeypatch.setenv("BRANCH_DESKTOP_STATE", str(tmp_path_factory.mktemp("state")))


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread() -> Iterator[None]:
    """Once the GUI's collector has switched automatic collection off (gui.collector), a test that
    runs no event loop would never collect: collect after each test, on the main thread."""
    yield
    if not gc.isenabled():
        from branch_desktop.gui.collector import collect_due_now

        collect_due_now()


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(f"sqlite:///{path}")
    db.upgrade(backup=False)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    admin = pg_admin_url()
    if not admin:
        pytest.skip(f"{PG_ENV} is not set")
    name = f"bd_tpl_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    db.upgrade(backup=False)
    db.dispose()
    yield name
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _backends() -> list[object]:
    return ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


@pytest.fixture(params=_backends())
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "branch.db"
        shutil.copyfile(template, path)
        database = Database(f"sqlite:///{path}")
        yield database
        database.dispose()
        return
    with pg_copy(request.getfixturevalue("pg_template")) as database:
        yield database


@contextmanager
def pg_copy(template: str | None) -> Iterator[Database]:
    """A new PostgreSQL database made from ``template`` (None: an empty one), dropped afterwards."""
    admin = pg_admin_url()
    assert admin
    name = f"bd_t_{os.getpid()}_{next(_counter)}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    database = Database(make_url(admin).set(database=name).render_as_string(hide_password=False))
    try:
        yield database
    finally:
        database.dispose()
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    path = tmp_path / "branch.db"
    shutil.copyfile(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


TODAY = dt.date(2026, 11, 24)


class Branch:
    """A test branch: context, and one user of each role."""

    def __init__(self, ctx: BranchContext, admin: Actor) -> None:
        self.ctx = ctx
        self.admin = admin
        with ctx.db.write() as s:
            self.clerk = create_user(s, admin, "clerk", PASSWORD, "clerk")
            self.accountant = create_user(s, admin, "accountant", PASSWORD, "accountant")
            self.manager = create_user(s, admin, "manager", PASSWORD, "manager")


@pytest.fixture
def make_branch(db: Database) -> Callable[[str], Branch]:
    def make(pack: str = "ir_sso") -> Branch:
        ctx, admin = init_branch(db, pack, f"Test {pack}", "admin", PASSWORD)
        ctx.today_override = TODAY
        return Branch(ctx, admin)

    return make


@pytest.fixture
def branch(make_branch: Callable[[str], Branch]) -> Branch:
    return make_branch("ir_sso")
