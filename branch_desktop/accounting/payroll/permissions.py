"""The payroll and loan-fund permissions (declared by ``accounting.register``; no SQL, no Qt)."""

from __future__ import annotations

from branch_desktop.core.roles import Role

PAYROLL_ROLES = frozenset({Role.ACCOUNTANT, Role.MANAGER, Role.ADMIN})
PERMISSIONS = (
    "payroll.view", "payroll.staff", "payroll.run", "payroll.post", "payroll.pay", "payroll.reverse",
    "loanfund.view", "loanfund.apply", "loanfund.approve", "loanfund.grant",
)
