"""The payroll and loan-fund permissions (registered on import; no SQL, no Qt)."""

from __future__ import annotations

from branch_desktop.core.security import Role, register_permission

PAYROLL_ROLES = frozenset({Role.ACCOUNTANT, Role.MANAGER, Role.ADMIN})
PERMISSIONS = (
    "payroll.view", "payroll.staff", "payroll.run", "payroll.post", "payroll.pay", "payroll.reverse",
    "loanfund.view", "loanfund.apply", "loanfund.approve", "loanfund.grant",
)
for _name in PERMISSIONS:
    register_permission(_name, PAYROLL_ROLES)
