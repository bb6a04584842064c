"""The start-up upgrade runs on the worker with progress; Cancel undoes the step in hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command

from branch_desktop.core import migrations
from branch_desktop.core.migrations import (
    MigrationStep,
    alembic_config,
    current_revisions,
    head_revisions,
    pending_steps,
)
from branch_desktop.core.storage import Database
from branch_desktop.gui import upgrade
from branch_desktop.gui.tasks import TaskRunner
from branch_desktop.gui.upgrade import UpgradeState, upgrade_with_progress


@pytest.fixture
def old_branch(tmp_path: Path) -> Database:
    """A branch three revisions behind (before command-line sessions)."""
    db = Database(f"sqlite:///{tmp_path / 'old.db'}")
    db.upgrade(backup=False)
    command.downgrade(alembic_config(db.engine), "sessions_0001-1")
    assert len(pending_steps(db.engine)) >= 2
    return db


def test_the_upgrade_applies_every_step_on_the_worker_and_tells_each(old_branch: Database, runner: TaskRunner,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(upgrade, "report_progress", told.append)
    checks: list[object] = []  # what the database is at is asked once, not again on the worker
    current = migrations.current_revisions
    monkeypatch.setattr(migrations, "current_revisions", lambda engine: checks.append(engine) or current(engine))
    announced = pending_steps(old_branch.engine)
    total = len(announced)
    outcome = upgrade_with_progress(old_branch, runner)
    assert outcome.state is UpgradeState.DONE and outcome.steps_done == total
    assert current_revisions(old_branch.engine) == head_revisions()
    assert len(told) == total
    assert any(t.startswith(f"Step {i} of {total} done: kernel: command-line sessions") for i, t in enumerate(told, 1))
    assert told == [f"Step {i} of {total} done: {title}" for i, (_r, title) in enumerate(announced, 1)]
    assert len(checks) == 1
    assert upgrade_with_progress(old_branch, runner).state is UpgradeState.NOTHING_PENDING


def test_the_steps_are_announced_in_the_order_alembic_applies_them(tmp_path: Path) -> None:
    """A branch behind on two lines of the history (execution_0003 merges execution_0002 with
    charges_0001; locks_0001 merges many): the order of the whole history with the applied revisions
    left out put execution_0003 first, Alembic's plan from the branch's heads applies it last, so
    "step 1 of N" named another revision than the one applied."""
    db = Database(f"sqlite:///{tmp_path / 'behind.db'}")
    db.upgrade(backup=False)
    command.downgrade(alembic_config(db.engine), "execution_0002")
    announced = pending_steps(db.engine)
    assert {"execution_0003", "locks_0001"} <= {r for r, _t in announced}
    steps: list[MigrationStep] = []
    db.upgrade(backup=False, progress=steps.append)
    assert [(s.revision, s.title) for s in steps] == announced
    assert [(s.number, s.total) for s in steps] == [(i, len(announced)) for i in range(1, len(announced) + 1)]
    assert all(title for _r, title in announced)
    assert current_revisions(db.engine) == head_revisions() and pending_steps(db.engine) == []


def test_cancel_undoes_the_step_in_hand_and_the_next_start_goes_on(old_branch: Database, runner: TaskRunner,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    before = current_revisions(old_branch.engine)
    monkeypatch.setattr(upgrade, "cancelled", lambda: True)  # the user pressed Cancel during the first step
    outcome = upgrade_with_progress(old_branch, runner)
    assert outcome.state is UpgradeState.CANCELLED and outcome.steps_done == 1
    assert current_revisions(old_branch.engine) == before  # the step in hand rolled back, nothing half-done
    with old_branch.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'cli_sessions'").scalar() == 0
    monkeypatch.undo()
    assert upgrade_with_progress(old_branch, runner).state is UpgradeState.DONE
    assert current_revisions(old_branch.engine) == head_revisions()
