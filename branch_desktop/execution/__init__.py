"""Execution: the debt register and its ageing, statutory late-payment charges (pack rules with a
trace) and their accrual to the ledger, warning notices, enforcement orders, objections,
cancellations, instalment agreements and the enforcement rate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from branch_desktop.core.roles import Role

if TYPE_CHECKING:
    from branch_desktop.app_registry import AppRegistry


def register(reg: AppRegistry) -> None:
    """The execution unit: the execution officer prepares (clerk, manager, admin); the unit head
    approves and the manager reopens (the manager)."""
    reg.add_permissions((Role.CLERK, Role.ACCOUNTANT, Role.MANAGER, Role.ADMIN), "execution.view")
    reg.add_permissions((Role.CLERK, Role.MANAGER, Role.ADMIN), "execution.prepare")
    reg.add_permissions((Role.MANAGER,), "execution.approve")
    reg.add_models("branch_desktop.execution.models")
    reg.add_change_topics({t: "execution" for t in (
        "execution_debt_months", "execution_charge_accruals", "execution_notices", "execution_orders",
        "execution_objections", "execution_cancellations", "execution_agreements", "execution_instalments",
        "execution_seizure_requests")})
    from branch_desktop.execution.records import KINDS

    reg.add_record_kinds(*KINDS)
    reg.add_integrity_check("branch_desktop.execution.integrity", "check")
    # revenue's counter shares a payment between premiums and the charges accrued here
    reg.add_charge_source("branch_desktop.execution.services.charges", "accrued_charges", to_date="charges_to_date",
                          accrue="accrue_to")
    reg.add_report_source("enforcement", "branch_desktop.execution.reports:enforcement_figures")
    reg.add_report_source("debt_by_age", "branch_desktop.execution.reports:debt_by_age")
    reg.add_commands("branch_desktop.execution.cli")
    reg.add_views("branch_desktop.execution.views")
    reg.add_demo_step("branch_desktop.execution.demo")  # after revenue's: its late payers
