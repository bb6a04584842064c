"""The departments' month-end conditions (``reg.add_close_check``), run by ``periods.close_period``.

Light on purpose (no database): the departments register their checks at start-up
(``app_registry.load``), before the command line has parsed its arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from branch_desktop.core.branch import BranchContext
    from branch_desktop.core.calendar import YearMonth
    from branch_desktop.core.security import Actor


class CloseCheck(Protocol):
    """A department's month-end condition: the sentences that keep ``ym`` from closing (none: it
    may close). ``session`` is the closing transaction: read through it, so what the check sees
    is what the close commits."""

    def __call__(self, ctx: BranchContext, actor: Actor, ym: YearMonth, *, session: Session) -> list[str]: ...


# Departments add month-end checks here (accounting: unreconciled bank accounts, old cheques in
# collection). Every way of closing a period (the Periods page, the CLI, accounting's month-end
# close) runs them.
CLOSE_CHECKS: list[CloseCheck | Callable[..., list[str]]] = []


def register_close_check(check: CloseCheck | Callable[..., list[str]]) -> None:
    if check not in CLOSE_CHECKS:
        CLOSE_CHECKS.append(check)
