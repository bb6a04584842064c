"""The command line starts light: a fresh process, as a user starts it, imports no GUI, no PDF or
workbook library and no migration machinery for a command that needs none of them (issue 17: every
command starts in <= 0.3 s; the figures are printed by ``bench/bench_startup.py``).

In-process tests import everything, so only a fresh process shows what a command pulls in."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from branch_desktop.core.branch import init_branch
from branch_desktop.core.storage import Database

PASSWORD = "start-pass-1"
# what no cheap command may import
HEAVY = ("PySide6", "reportlab", "openpyxl")
# nor these, when the database is up to date (a check of the revisions needs no Alembic) and no
# signature is checked
ALSO_AT_RUN = ("alembic", "mako", "cryptography")
# what parsing the command line and printing its help needs none of
ALSO_AT_PARSE = ("sqlalchemy", "argon2", "babel", "jdatetime", "branch_desktop.core.storage", "branch_desktop.revenue.models")

PROBE = """
import json, sys
from branch_desktop.__main__ import main
try:
    code = main(sys.argv[2:])
except SystemExit as exc:  # --help
    code = exc.code
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump({"code": code, "modules": sorted(sys.modules)}, f)
"""


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compiled catalogues and the migrations' guards, as any start after the first finds them (the
    first compiles them with Babel, reads the guards through Alembic)."""
    from branch_desktop.core import i18n, record_guards

    folder = tmp_path_factory.mktemp("cache")
    previous = os.environ.get(i18n.CACHE_ENV)
    os.environ[i18n.CACHE_ENV] = str(folder)
    try:
        for lang in i18n.LANGUAGES:
            i18n._compiled((i18n.translations_dir() / lang / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").read_bytes(), lang)
        record_guards.migration_guards("sqlite")
    finally:
        if previous is None:
            os.environ.pop(i18n.CACHE_ENV)
        else:
            os.environ[i18n.CACHE_ENV] = previous
    return folder


def _imports(tmp_path: Path, cache: Path, *args: str) -> tuple[int, set[str]]:
    """Run the command in a fresh interpreter; its exit code and every module it imported."""
    out = tmp_path / "modules.json"
    env = dict(os.environ, BRANCH_DESKTOP_USER="admin", BRANCH_DESKTOP_PASSWORD=PASSWORD,
               BRANCH_DESKTOP_CACHE=str(cache), HOME=str(tmp_path))
    env.pop("BRANCH_DESKTOP_DB", None)
    done = subprocess.run([sys.executable, "-c", PROBE, str(out), *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=180, check=False)
    assert out.exists(), done.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    return int(result["code"] or 0), set(result["modules"])


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if n in modules or any(m.startswith(n + ".") for m in modules)]


@pytest.fixture
def branch_url(sqlite_db: Database) -> str:
    ctx, _admin = init_branch(sqlite_db, "ir_sso", "Start-up", "admin", PASSWORD)
    url = str(sqlite_db.engine.url)
    sqlite_db.dispose()
    return url


@pytest.mark.parametrize("command", [[], ["report"], ["report", "trial-balance"], ["debt", "ageing"],
                                     ["payroll", "run"], ["pack", "show"], ["verify"]])
def test_help_imports_no_database_gui_or_documents(tmp_path: Path, cache: Path, command: list[str]) -> None:
    code, modules = _imports(tmp_path, cache, *command, "--help")
    assert code == 0
    assert _loaded(modules, HEAVY + ALSO_AT_PARSE) == []


def test_cheap_commands_import_no_gui_pdf_or_workbook(tmp_path: Path, cache: Path, branch_url: str) -> None:
    code, modules = _imports(tmp_path, cache, "--db", branch_url, "report", "trial-balance", "--period", "1405-08")
    assert code == 0
    assert "sqlalchemy" in modules  # it did run: the database was read
    assert _loaded(modules, HEAVY + ALSO_AT_RUN) == []

    for command in (["db", "current"], ["debt", "ageing"], ["debt", "register"], ["bank-account", "list"],
                    ["verify"]):
        code, modules = _imports(tmp_path, cache, "--db", branch_url, *command)
        assert code == 0, command
        assert _loaded(modules, HEAVY + ALSO_AT_RUN) == [], command

    code, modules = _imports(tmp_path, cache, "pack", "show", "ir_sso")
    assert code == 0
    assert _loaded(modules, HEAVY + ALSO_AT_RUN + ("sqlalchemy",)) == []


def test_a_command_of_a_cli_session_checks_no_password(tmp_path: Path, cache: Path, branch_url: str) -> None:
    """After ``login`` a command shows its token: no argon2; and a read-only command runs on the
    driver's own connection (``cli_fast``): no SQLAlchemy at all. The debt commands take the full path
    while the register must be refreshed (the first time here), the fast one afterwards."""
    code, modules = _imports(tmp_path, cache, "--db", branch_url, "login")
    assert code == 0 and "argon2" in modules  # the password, once
    code, modules = _imports(tmp_path, cache, "--db", branch_url, "debt", "ageing")
    assert code == 0 and "branch_desktop.core.cli_sessions" in modules  # the full path: the register refreshed
    assert _loaded(modules, HEAVY + ALSO_AT_RUN + ("argon2", "stdnum")) == []
    for command in (["report", "trial-balance", "--period", "1405-08"], ["db", "current"], ["debt", "ageing"],
                    ["debt", "register"], ["bank-account", "list"]):
        code, modules = _imports(tmp_path, cache, "--db", branch_url, *command)
        assert code == 0, command
        assert "branch_desktop.core.cli_session_check" in modules, command  # it did use the session
        assert _loaded(modules, HEAVY + ALSO_AT_RUN + ("argon2", "stdnum", "sqlalchemy", "psycopg")) == [], command


def test_a_workbook_is_still_written(tmp_path: Path, cache: Path, branch_url: str) -> None:
    """The libraries left out of the start are imported where they are used."""
    out = tmp_path / "tb.xlsx"
    code, modules = _imports(tmp_path, cache, "--db", branch_url, "report", "trial-balance", "--period", "1405-08",
                             "--format", "xlsx", "--out", str(out))
    assert code == 0
    assert "openpyxl" in modules and "PySide6" not in modules
    assert out.read_bytes()[:2] == b"PK"


def test_the_heads_read_without_alembic_are_alembics() -> None:
    from branch_desktop.core import migrations

    fast = migrations.script_heads()
    assert fast is not None, "a revision script is not in the simple form the start-up check reads"
    assert set(fast) == migrations.alembic_heads()


def test_the_guards_kept_in_the_cache_are_the_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``verify`` reads the guards the revision scripts define from the cache folder (no Alembic); they
    are the scripts' own, kept under the scripts' hash: a changed script is read through Alembic again."""
    from branch_desktop.core import record_guards

    monkeypatch.setenv("BRANCH_DESKTOP_CACHE", str(tmp_path))
    for dialect in ("sqlite", "postgresql"):
        direct = record_guards._migration_guards(dialect)
        assert direct and record_guards.migration_guards(dialect) == direct  # read, then kept
        kept = list((tmp_path / "guards").glob(f"{dialect}-*.json"))
        assert len(kept) == 1
        assert record_guards.migration_guards(dialect) == direct  # read back

        kept[0].write_text('["CREATE TRIGGER stale"]', encoding="utf-8")  # what the file says is what is read
        assert record_guards.migration_guards(dialect) == ["CREATE TRIGGER stale"]
        kept[0].write_text("damaged", encoding="utf-8")  # a damaged file: read through Alembic and kept anew
        assert record_guards.migration_guards(dialect) == direct
        assert json.loads(kept[0].read_text(encoding="utf-8")) == direct

    def other(dialect: str) -> list[str]:
        return ["CREATE TRIGGER changed_script"]
    versions = tmp_path / "db" / "versions"  # another set of scripts: another key
    versions.mkdir(parents=True)
    (versions / "x.py").write_text("revision = 'x'\n", encoding="utf-8")
    monkeypatch.setattr(record_guards, "migrations_dir", lambda: tmp_path / "db")
    monkeypatch.setattr(record_guards, "_migration_guards", other)
    assert record_guards.migration_guards("sqlite") == ["CREATE TRIGGER changed_script"]
    assert len(list((tmp_path / "guards").glob("sqlite-*.json"))) == 1  # the earlier scripts' file is gone


def test_a_new_database_is_pending_and_an_upgraded_one_is_not(tmp_path: Path) -> None:
    from branch_desktop.core.migrations import current_revisions, head_revisions, pending_revisions

    db = Database(f"sqlite:///{tmp_path / 'new.db'}")
    assert current_revisions(db.engine) == set() and pending_revisions(db.engine)
    db.upgrade(backup=False)
    assert current_revisions(db.engine) == head_revisions()
    assert not pending_revisions(db.engine)
    db.dispose()


def test_compiled_catalogues_are_kept_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from branch_desktop.core import i18n

    monkeypatch.setenv(i18n.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(i18n, "_catalogues", {})
    first = i18n.translate_to("fa", "Trial balance")
    assert first != "Trial balance"
    cached = list((tmp_path / "catalogues").glob("branch_desktop-fa-*.mo"))
    assert len(cached) == 1
    monkeypatch.setattr(i18n, "_catalogues", {})
    assert i18n.translate_to("fa", "Trial balance") == first  # read back from the cache
    cached[0].write_bytes(b"damaged")  # a damaged file is compiled again and written anew
    monkeypatch.setattr(i18n, "_catalogues", {})
    assert i18n.translate_to("fa", "Trial balance") == first
    assert cached[0].read_bytes()[:4] in (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
