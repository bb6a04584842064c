"""Revenue: employer files, declarations, premium accrual, counter receipts, cheques received."""

from __future__ import annotations

from typing import TYPE_CHECKING

from branch_desktop.core.roles import Role

if TYPE_CHECKING:
    from branch_desktop.app_registry import AppRegistry

_ALL = (Role.CLERK, Role.ACCOUNTANT, Role.MANAGER, Role.ADMIN)
_BOOKS = (Role.ACCOUNTANT, Role.MANAGER, Role.ADMIN)


def register(reg: AppRegistry) -> None:
    """The revenue department's permissions, pages, commands, demo step and tables."""
    # the counter, employer files and declarations; a clerk voids only their own receipts on an
    # open day and closes only their own day
    reg.add_permissions(_ALL, "revenue.view", "revenue.employers", "revenue.declare", "revenue.receipt",
                        "revenue.void", "revenue.close_day")
    reg.add_permissions(_BOOKS, "revenue.cheques", "revenue.void_any")  # deposit, clear, bounce
    reg.add_change_topics({
        "revenue_employers": "employers", "revenue_declarations": "declarations",
        "revenue_declaration_lines": "declarations", "revenue_accruals": "declarations",
        "revenue_receipts": "receipts", "revenue_allocations": "receipts",
        "revenue_charge_allocations": "receipts", "revenue_day_closes": "periods",
    })
    reg.add_permissions((Role.MANAGER, Role.ADMIN), "revenue.close_any_day")
    reg.add_models("branch_desktop.revenue.models")
    from branch_desktop.revenue.records import KINDS

    reg.add_record_kinds(*KINDS)
    reg.add_integrity_check("branch_desktop.revenue.integrity", "check")
    reg.add_views("branch_desktop.revenue.views")
    reg.add_views("branch_desktop.revenue.views.search")  # employers and receipts in the command palette
    reg.add_commands("branch_desktop.revenue.cli")
    reg.add_demo_step("branch_desktop.revenue.demo")
