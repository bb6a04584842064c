"""Payroll use cases, split by subject; the public names are re-exported here (callers use
``from branch_desktop.accounting.payroll import services``).

Staff and decrees (``staff``), runs: draft -> review -> recompute -> post -> payment, reversal
(``runs``, computed by ``compute``), the bank list and payslips (``payslips``), bonuses as off-cycle
runs (``bonuses``) and the staff loan fund (``loan_fund``). One transaction each, role-checked
first. Amounts are integer minor units in the database and ``Decimal`` in the rules.
"""

from branch_desktop.accounting.payroll.services.bonuses import create_performance_run, create_productivity_run
from branch_desktop.accounting.payroll.services.common import COMMITTEE_SEATS, RUN_KINDS, STAFF
from branch_desktop.accounting.payroll.services.loan_fund import (
    apply_for_loan,
    approve_loan,
    contribution_balance,
    grant_loan,
    list_loans,
    member_statement,
    reject_loan,
)
from branch_desktop.accounting.payroll.services.payslips import (
    BANK_COLUMNS,
    bank_list,
    export_bank_list,
    payslip_count,
    payslips,
)
from branch_desktop.accounting.payroll.services.runs import (
    create_run,
    delete_draft_run,
    find_run,
    get_run,
    list_runs,
    pay_run,
    post_run,
    recompute_run,
    reverse_run,
    review_run,
)
from branch_desktop.accounting.payroll.services.staff import (
    add_decree,
    decree_history,
    end_employment,
    group_due_report,
    list_employees,
    register_employee,
    register_employees,
    update_employee,
)
from branch_desktop.accounting.payroll.states import LIVE

__all__ = [
    "BANK_COLUMNS", "COMMITTEE_SEATS", "LIVE", "RUN_KINDS", "STAFF", "add_decree", "apply_for_loan", "approve_loan",
    "bank_list", "contribution_balance", "create_performance_run", "create_productivity_run", "create_run",
    "decree_history", "delete_draft_run", "end_employment", "export_bank_list", "find_run", "get_run",
    "grant_loan", "group_due_report", "list_employees", "list_loans", "list_runs", "member_statement",
    "pay_run", "payslip_count", "payslips", "post_run", "recompute_run", "register_employee",
    "register_employees", "reject_loan", "reverse_run", "review_run", "update_employee",
]
