"""Insured affairs: the insured registry, short-term benefit claims and their decisions, the
health-insurance income test, applications with their deadlines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from branch_desktop.core.roles import Role

if TYPE_CHECKING:
    from branch_desktop.app_registry import AppRegistry


def register(reg: AppRegistry) -> None:
    """The insured-affairs department: registry, claims and decisions, applications (the unit head's
    decisions are the manager's), its tables and ``benefit compute``."""
    everyone = (Role.CLERK, Role.ACCOUNTANT, Role.MANAGER, Role.ADMIN)
    reg.add_change_topics({t: "insured" for t in (
        "insured_persons", "insured_household", "insured_claims", "insured_decisions", "insured_applications",
        "insured_payments", "insured_transfer_lists", "insured_coverage_history")})
    reg.add_permissions(everyone, "insured.view")
    reg.add_permissions((Role.CLERK, Role.MANAGER, Role.ADMIN), "insured.registry", "insured.claim")
    reg.add_permissions((Role.MANAGER,), "insured.decide")
    reg.add_permissions((Role.ACCOUNTANT, Role.MANAGER), "insured.transfer")  # bank transfer lists of benefits
    reg.add_models("branch_desktop.insured.models")
    from branch_desktop.insured.records import KINDS

    reg.add_record_kinds(*KINDS)
    reg.add_commands("branch_desktop.insured.cli")
    reg.add_views("branch_desktop.insured.views")
    from branch_desktop.accounting.banking import listeners

    # a posted cheque or transfer list that pays a benefit's payment document marks the claim paid
    listeners.subscribe("BEN-", "branch_desktop.insured.services.payments:on_payment_paid")
    reg.add_demo_step("branch_desktop.insured.demo")  # after revenue's: the insured its declarations name
    # after banking's, which registers the bank account a transfer list pays from
    reg.add_demo_step("branch_desktop.insured.demo_transfers", last=True)
