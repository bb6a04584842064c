"""The database upgrade at start-up, on the worker thread with a progress dialog.

A new version may bring a migration that takes minutes on a big branch (the journal's text index was
20 minutes on a 27 GB branch). The window is not up yet, so without this the user saw nothing at all.
The dialog says which step is done (n of N, the revision's title). Cancel undoes the step in hand (it is
refused from the step's own "applied" hook, before that step commits), so the branch stays at a complete
revision and the next start applies the rest; nothing is ever left half-migrated.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from PySide6.QtCore import QEventLoop

from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.migrations import MigrationStep, pending_revisions
from branch_desktop.core.storage import Database
from branch_desktop.gui.tasks import Cancelled, TaskRunner, cancelled, report_progress


class UpgradeState(enum.Enum):
    NOTHING_PENDING = "nothing_pending"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"


@dataclass(frozen=True)
class UpgradeOutcome:
    state: UpgradeState
    steps_done: int = 0
    error: BaseException | None = None


def upgrade_with_progress(db: Database, runner: TaskRunner) -> UpgradeOutcome:
    """Apply the pending migrations on ``runner``'s worker, waiting in a local event loop (so the
    progress dialog paints and answers Cancel). Returns at once when nothing is pending (the check
    reads the scripts' headers, no Alembic); the worker then applies them without asking again."""
    if not pending_revisions(db.engine):
        return UpgradeOutcome(UpgradeState.NOTHING_PENDING)
    done: list[MigrationStep] = []
    result: list[UpgradeOutcome] = []
    loop = QEventLoop()

    def step(s: MigrationStep) -> None:  # on the worker, after each revision
        done.append(s)
        report_progress(_("Step {number} of {total} done: {title}").format(
            number=s.number, total=s.total, title=s.title))
        if cancelled():
            raise Cancelled  # the step in hand is rolled back with its transaction

    def finished(_backup: object) -> None:
        result.append(UpgradeOutcome(UpgradeState.DONE, len(done)))

    def failed(exc: BaseException) -> None:
        result.append(UpgradeOutcome(UpgradeState.FAILED, len(done), exc))

    runner.became_idle.connect(loop.quit)
    try:
        runner.submit(lambda: db.apply_upgrade(progress=step), finished, failed,
                      label=_("Upgrading the database to this version…"))
        if not runner.idle:
            loop.exec()
    finally:
        runner.became_idle.disconnect(loop.quit)
    # a cancelled task's callbacks are dropped by the runner: no result means the user cancelled
    return result[0] if result else UpgradeOutcome(UpgradeState.CANCELLED, len(done))
