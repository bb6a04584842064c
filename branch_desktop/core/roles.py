"""Roles and the permissions each one holds: what ``core.security`` checks, in a module of its own.

Light on purpose (no database, no hashing): every entry point registers the departments'
permissions at start-up (``app_registry.load``), the command line before it has parsed its arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from branch_desktop.core.errors import PermissionDenied
from branch_desktop.core.i18n import N_


class Role(StrEnum):
    CLERK = "clerk"
    ACCOUNTANT = "accountant"
    MANAGER = "manager"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.CLERK: N_("Clerk"),
    Role.ACCOUNTANT: N_("Accountant"),
    Role.MANAGER: N_("Manager"),
    Role.ADMIN: N_("Administrator"),
}

_ALL = frozenset(Role)
_BOOKS = frozenset({Role.ACCOUNTANT, Role.MANAGER, Role.ADMIN})

# permission -> roles allowed. Departments add theirs with register_permission().
PERMISSIONS: dict[str, frozenset[Role]] = {
    "ledger.view": _ALL,
    "ledger.draft": _BOOKS,
    "ledger.post": _BOOKS,
    "ledger.reverse": _BOOKS,
    "ledger.accounts": frozenset({Role.ACCOUNTANT, Role.MANAGER, Role.ADMIN}),
    "period.close": _BOOKS,
    "period.reopen": frozenset({Role.MANAGER, Role.ADMIN}),
    "reports.view": _ALL,
    "system.verify": _ALL,
    "system.backup": frozenset({Role.MANAGER, Role.ADMIN}),
    "system.restore": frozenset({Role.ADMIN}),
    "system.upgrade": frozenset({Role.ADMIN}),
    "system.demo": frozenset({Role.ADMIN}),
    "users.manage": frozenset({Role.ADMIN}),
    "audit.view": frozenset({Role.MANAGER, Role.ADMIN}),
}


def register_permission(name: str, roles: set[Role] | frozenset[Role]) -> None:
    PERMISSIONS[name] = frozenset(roles)


@dataclass(frozen=True)
class Actor:
    """The user on whose behalf a service runs."""

    id: int
    username: str
    role: Role
    full_name: str = ""

    def can(self, permission: str) -> bool:
        return self.role in PERMISSIONS.get(permission, frozenset())


def require(actor: Actor, permission: str) -> None:
    """Refuse unless the actor's role has ``permission``. The entry point that ran the use case
    records the refusal in the audit log (``security.record_refusal``) once the use case has rolled back."""
    if not actor.can(permission):
        raise PermissionDenied(
            "{user} ({role}) may not do this ({permission}).",
            user=actor.username,
            role=actor.role.value,
            permission=permission,
        )
