"""Revisions posting_0001 to posting_0003 (entries inserted posted on PostgreSQL, checked by the
database): they go down and up on both databases with their guards checked clean; an existing
PostgreSQL branch made before them is upgraded by the installed ``branch-desktop`` in a fresh
process, and then posts in bulk (COPY, no UPDATE) and one by one with the books sound and every
guard in place."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from branch_desktop.core.ledger import services
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.ledger.verify import verify_books
from branch_desktop.core.record_guards import check_guards
from tests.conftest import PASSWORD, Branch

DAY = dt.date(2026, 11, 20)


def _entry(i: int) -> EntryInput:
    return EntryInput("REV", DAY, f"bulk {i}", (LineInput("1500", debit=100 + i), LineInput("4110", credit=60 + i),
                                                LineInput("4120", credit=40)))


def _down(b: Branch) -> None:
    """posting_0003, posting_0002 and posting_0001 undone, each stamped away as ``alembic downgrade`` would."""
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from branch_desktop.core.migrations import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    for name in ("posting_0003", "posting_0002", "posting_0001"):
        revision = script.get_revision(name)
        assert revision is not None
        with b.ctx.db.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
            revision.module.downgrade()
            conn.execute(text("DELETE FROM alembic_version WHERE version_num = :v"), {"v": name})
            # stamped at the revisions below (posting_0003 merges posting_0002 and banking_r4, posting_0002
            # merges posting_0001 and pages_0002), each unless another head already comes after it
            for below in revision._all_down_revisions:
                left = list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
                if not any(r.revision == below for v in left for r in script.iterate_revisions(v, "base")):
                    conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": below})


def _posted_status(b: Branch) -> list[str]:
    with b.ctx.db.engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT DISTINCT status FROM entries"))]


def test_the_revision_goes_down_and_up_and_posting_works_either_way(branch: Branch) -> None:
    services.post_many(branch.ctx, branch.accountant, [_entry(i) for i in range(25)])
    _down(branch)
    if branch.ctx.db.is_sqlite:  # nothing to undo: SQLite keeps 0001's guards and the UPDATE
        services.post_entry(branch.ctx, branch.accountant, _entry(99))
    branch.ctx.db.upgrade(backup=False)
    with branch.ctx.db.engine.connect() as conn:
        assert check_guards(conn) == []
    services.post_many(branch.ctx, branch.accountant, [_entry(i) for i in range(30)])
    services.post_entry(branch.ctx, branch.accountant, _entry(100))
    report = verify_books(branch.ctx)
    assert report.ok, report.problems
    assert report.entries == 56 + (1 if branch.ctx.db.is_sqlite else 0)
    assert _posted_status(branch) == ["posted"]


def test_the_entry_point_upgrades_an_existing_postgresql_branch(branch: Branch, tmp_path: Path) -> None:
    if branch.ctx.db.is_sqlite:
        pytest.skip("the revision changes nothing on SQLite")
    services.post_many(branch.ctx, branch.accountant, [_entry(i) for i in range(25)])
    _down(branch)
    url = branch.ctx.db.url
    branch.ctx.db.dispose()
    script = Path(sys.executable).with_name("branch-desktop")
    env = dict(os.environ, BRANCH_DESKTOP_PASSWORD=PASSWORD)
    env.pop("BRANCH_DESKTOP_DB", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(script), "--db", url, "--lang", "en", "--user", "admin", *args], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=180, check=False)

    upgraded = run("db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert "posting_0003" in upgraded.stdout  # the head it upgraded to (posting_0002 below it)
    with branch.ctx.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM pg_trigger WHERE tgname = 'trg_entries_posted_balanced'"
                                 )).scalar_one() == 1
    services.post_many(branch.ctx, branch.accountant, [_entry(i) for i in range(40)])  # COPY, inserted posted
    services.post_entry(branch.ctx, branch.accountant, _entry(200))
    verified = run("verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "66 entries" in verified.stdout


def test_bulk_posting_refreshes_the_statistics_of_grown_tables(branch: Branch) -> None:
    """PostgreSQL: a bulk posting analyzes the entries and lines once they outgrow their statistics
    (so the lines' foreign-key checks are planned again on an index, not a whole-table scan)."""
    if branch.ctx.db.is_sqlite:
        pytest.skip("SQLite plans each statement afresh")

    def pages() -> dict[str, int]:
        with branch.ctx.db.engine.connect() as conn:
            return {n: int(p) for n, p in conn.execute(text(
                "SELECT relname, relpages FROM pg_class WHERE relname IN ('entries', 'entry_lines')"))}

    assert pages() == {"entries": 0, "entry_lines": 0}  # analyzed empty by the migrations
    services.post_many(branch.ctx, branch.accountant, [_entry(i) for i in range(3000)], batch_size=1000)
    grown = pages()
    assert all(p > 16 for p in grown.values()), grown
    assert verify_books(branch.ctx).ok
