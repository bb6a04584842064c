"""The application's departments, listed once, and what each one adds to the application.

Every department package has one ``register(reg: AppRegistry)`` that declares its permissions,
GUI page modules, command modules, demo step, table modules and month-end close checks. The
entry points (the command line, the GUI, ``--selftest``, the tests, Alembic's ``env.py``) call
:func:`load` once; nothing is registered as a side effect of importing a module, so a department
is present whichever module happens to be imported first.

Module names are strings so that the command line never imports Qt and the GUI imports a
department's pages only when the window is built.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from branch_desktop.core.roles import Role, register_permission

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from branch_desktop.core.branch import BranchContext
    from branch_desktop.core.calendar import YearMonth
    from branch_desktop.core.record_kinds import RecordKind
    from branch_desktop.core.security import Actor

# The departments, in the order the rail, the command list and the demo take them. A new
# department adds its package here and nowhere else.
DEPARTMENT_PACKAGES: tuple[str, ...] = (
    "branch_desktop.revenue",
    "branch_desktop.insured",
    "branch_desktop.execution",
    "branch_desktop.accounting",  # the ledger pages, banking, payroll (its demo after revenue's)
    "branch_desktop.reports",  # the manager's reports: read the others through their services
)


@dataclass
class AppRegistry:
    """What the departments declared; filled by :func:`load`."""

    departments: list[str] = field(default_factory=list)
    view_modules: list[str] = field(default_factory=list)  # modules that call gui.registry.register_page
    command_modules: list[str] = field(default_factory=list)  # modules with register_commands(groups)
    demo_modules: list[str] = field(default_factory=list)  # modules with extend_demo(ctx, admin, size, today)
    model_modules: list[str] = field(default_factory=list)  # SQLAlchemy table modules (Alembic, tests)
    late_demo_modules: list[str] = field(default_factory=list)  # demo steps run after all the others
    permissions: dict[str, frozenset[Role]] = field(default_factory=dict)
    integrity_checks: list[str] = field(default_factory=list)  # "module:function" run by verify
    report_sources: dict[str, str] = field(default_factory=dict)  # figure kind -> "module:function"
    charge_sources: list[str] = field(default_factory=list)  # "module:function": accrued late charges
    charge_sources_to_date: list[str] = field(default_factory=list)  # "module:function": charges owed to a day
    charge_accruers: list[str] = field(default_factory=list)  # "module:function": accrue charges to a day

    def add_permissions(self, roles: Iterable[Role], *names: str) -> None:
        frozen = frozenset(roles)
        for name in names:
            self.permissions[name] = frozen
            register_permission(name, frozen)

    def add_views(self, module: str) -> None:
        _append(self.view_modules, module)

    def add_commands(self, module: str) -> None:
        _append(self.command_modules, module)

    def add_demo_step(self, module: str, *, last: bool = False) -> None:
        """``last``: after every department's own step (e.g. what needs banking's accounts)."""
        _append(self.late_demo_modules if last else self.demo_modules, module)

    def add_models(self, module: str) -> None:
        _append(self.model_modules, module)

    def add_record_kinds(self, *kinds: RecordKind) -> None:
        """The department's legal records: each kind is hash-chained, guarded by triggers and
        verified (``core.records``; a migration installs the guards and chains existing rows)."""
        from branch_desktop.core import record_kinds

        record_kinds.declare(*kinds)

    def add_integrity_check(self, module: str, function: str) -> None:
        """A cross-check ``function(conn, report)`` run by ``verify`` (a document against its
        posting, a sub-ledger against its control account), imported when verify runs."""
        _append(self.integrity_checks, f"{module}:{function}")

    def add_change_topics(self, mapping: dict[str, str]) -> None:
        """The department's tables and the topic a change to each touches (``core.changes``): other
        workstations refresh the pages that watch it."""
        from branch_desktop.core import changes

        changes.add_table_topics(mapping)

    def add_report_source(self, kind: str, target: str) -> None:
        """A department's provider of a figure the manager's reports show (``reports/sources.py``:
        ``enforcement``, ``debt_by_age``), as ``"module:function"``, imported when a report asks."""
        self.report_sources[kind] = target

    def add_charge_source(self, module: str, function: str, *, to_date: str | None = None,
                          accrue: str | None = None) -> None:
        """A department's accrued late-payment charges of an employer, ``function(session,
        employer_id) -> {(year, month): minor units accrued}``, read by revenue's counter inside the
        payment's transaction to share a payment between premiums and charges (execution).
        ``to_date``: the same module's ``to_date(session, pack, employer_id, day) -> {(year, month):
        minor units}``, the charges still owed on ``day`` by the department's own computation (the
        counter's prefilled amount). ``accrue``: the same module's ``accrue(session, ctx, actor,
        employer_id, day, authority) -> None``, which accrues the employer's charges due to ``day``
        (idempotent: the change since the last accrual), called by the counter in the payment's
        transaction before and after the split, so the split covers what the prefill counted."""
        _append(self.charge_sources, f"{module}:{function}")
        if to_date is not None:
            _append(self.charge_sources_to_date, f"{module}:{to_date}")
        if accrue is not None:
            _append(self.charge_accruers, f"{module}:{accrue}")

    def add_close_check(self, module: str, function: str) -> None:
        """A month-end condition ``function(ctx, actor, ym, *, session) -> list[str]`` in ``module``,
        imported when a month is closed (the ledger runs every registered check on every close, in
        the closing transaction ``session``)."""
        from branch_desktop.core.ledger.close_checks import register_close_check

        register_close_check(_LazyCheck(module, function))


@dataclass(frozen=True)
class _LazyCheck:
    module: str
    function: str

    def __call__(self, ctx: BranchContext, actor: Actor, ym: YearMonth, *, session: Session) -> list[str]:
        check: Callable[..., list[str]] = getattr(importlib.import_module(self.module), self.function)
        return check(ctx, actor, ym, session=session)


def _append(items: list[str], module: str) -> None:
    if module not in items:
        items.append(module)


_registry: AppRegistry | None = None


def load() -> AppRegistry:
    """Register every department (once per process) and return what they declared."""
    global _registry
    if _registry is None:
        reg = AppRegistry()
        reg.add_models("branch_desktop.core.ledger.models")
        from branch_desktop.core.record_kinds import KERNEL_KINDS

        reg.add_record_kinds(*KERNEL_KINDS)
        reg.add_permissions((Role.ADMIN,), "records.repair_guards")
        reg.add_commands("branch_desktop.integrity_cli")  # verify --checkpoints, db repair-guards, key init
        reg.add_commands("branch_desktop.session_cli")  # login, logout, cli-sessions
        for package in DEPARTMENT_PACKAGES:
            module: Any = importlib.import_module(package)
            module.register(reg)
            reg.departments.append(package.rsplit(".", 1)[-1])
        for module in reg.late_demo_modules:
            _append(reg.demo_modules, module)
        _registry = reg
    return _registry


def import_models() -> None:
    """Import every table module, so ``Base.metadata`` knows every table."""
    for name in load().model_modules:
        importlib.import_module(name)
