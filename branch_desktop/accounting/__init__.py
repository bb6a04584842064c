"""Accounting: the ledger's pages, bank accounts, statements, reconciliation, cheques issued,
payroll, loan fund."""

from __future__ import annotations

from typing import TYPE_CHECKING

from branch_desktop.core.roles import Role

if TYPE_CHECKING:
    from branch_desktop.app_registry import AppRegistry

_BOOKS = (Role.ACCOUNTANT, Role.MANAGER, Role.ADMIN)


def register(reg: AppRegistry) -> None:
    """The accounting department: the ledger pages (the kernel's permissions are the kernel's),
    banking and payroll."""
    from branch_desktop.accounting.payroll.permissions import PAYROLL_ROLES, PERMISSIONS

    reg.add_change_topics({t: "bank" for t in (
        "bank_accounts", "bank_statements", "bank_statement_lines", "bank_match_groups", "bank_match_items",
        "bank_reconciliation_locks", "bank_payment_documents")})
    reg.add_change_topics({"bank_issued_cheques": "cheques", "bank_cheque_books": "cheques"})
    reg.add_change_topics({t: "payroll" for t in (
        "payroll_employees", "payroll_decrees", "payroll_runs", "payroll_slips", "payroll_loans",
        "payroll_loan_approvals", "payroll_loan_repayments")})

    # The administrator may run the headless imports and reconciliations; cheque signatures and
    # reopening a reconciled month stay with their roles.
    reg.add_permissions(_BOOKS, "banking.view", "banking.accounts", "banking.import", "banking.reconcile",
                        "banking.close")
    reg.add_permissions((Role.MANAGER,), "banking.reopen")
    reg.add_permissions((Role.CLERK, Role.ACCOUNTANT, Role.MANAGER), "banking.payments")
    reg.add_permissions((Role.ACCOUNTANT, Role.MANAGER), "banking.cheques", "banking.sign")
    reg.add_permissions(PAYROLL_ROLES, *PERMISSIONS)

    reg.add_models("branch_desktop.accounting.payroll.models")
    reg.add_models("branch_desktop.accounting.banking.models")
    from branch_desktop.accounting.records import KINDS

    reg.add_record_kinds(*KINDS)
    reg.add_integrity_check("branch_desktop.accounting.integrity", "check")
    reg.add_views("branch_desktop.accounting.ledger.views")
    reg.add_views("branch_desktop.accounting.ledger.views.search")  # entries in the command palette
    reg.add_commands("branch_desktop.accounting.ledger.cli")  # report trial-balance
    reg.add_views("branch_desktop.accounting.payroll.views")
    reg.add_views("branch_desktop.accounting.banking.views")
    reg.add_views("branch_desktop.gui.rates")  # Reports > Rates and parameters (the pack's figures)
    reg.add_commands("branch_desktop.accounting.payroll.cli")
    reg.add_commands("branch_desktop.accounting.banking.cli")
    reg.add_commands("branch_desktop.packs_cli")  # pack check / pack show
    reg.add_demo_step("branch_desktop.accounting.payroll.demo")
    reg.add_demo_step("branch_desktop.accounting.banking.demo")  # after revenue's: its statements show the receipts
    # every bank account with activity reconciled and locked, no cheque in collection too long
    reg.add_close_check("branch_desktop.accounting.banking.services", "month_end_close_check")
