"""The manager's reports: the performance-target table of a half-year (seed 000), the three-way
premium check, the dashboard and the monthly branch report. They read the other departments
through their services and read-only ``queries`` modules and the ledger; figures another
department provides (enforcement, debt by age) come through ``reports.sources``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from branch_desktop.core.roles import Role

if TYPE_CHECKING:
    from branch_desktop.app_registry import AppRegistry


def register(reg: AppRegistry) -> None:
    """The reports department: its permission, ``report performance|dashboard|three-way|branch-month``
    and its pages (the dashboard is the manager's home page)."""
    reg.add_permissions((Role.ACCOUNTANT, Role.MANAGER, Role.ADMIN), "reports.branch")
    reg.add_commands("branch_desktop.reports.cli")
    reg.add_views("branch_desktop.reports.views")
