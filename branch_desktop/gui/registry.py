"""Departments and their pages: what the navigation rail offers.

A department's views register their pages here (see ``docs/gui.md``)::

    from branch_desktop.gui.registry import PageSpec, register_page

    register_page(PageSpec("revenue.employers", "revenue", N_("Employers"), EmployersPage,
                           permission="revenue.view", order=10))

Titles are msgids (marked with ``N_``) and translated when the window is built, so a language
change only needs the window to be rebuilt. A page is offered only when the user's role has its
``permission`` (the services refuse anyway); a department with no page the user may use shows
its placeholder only when it has no pages at all.

A department with many pages groups them: ``PageSpec(..., group=GROUP_BANKING)`` (a msgid). A
department whose pages fall in two or more groups shows the groups as a first row of tabs
(Alt+1, Alt+2, ... switch between them) and each group's pages as a second row; a department with
one group (or none) shows its pages in one row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QStyle, QWidget

from branch_desktop.core.i18n import N_
from branch_desktop.core.security import Actor, Role
from branch_desktop.gui.session import Session


@dataclass(frozen=True)
class Department:
    key: str
    title: str  # msgid
    icon: QStyle.StandardPixmap
    shortcut: str  # "Ctrl+1" ...


@dataclass(frozen=True)
class PageSpec:
    key: str  # "accounting.journal"
    department: str
    title: str  # msgid
    factory: Callable[[Session], QWidget]
    permission: str | None = None
    order: int = 100
    group: str = ""  # msgid of the page's group within its department ("" = none)

    def allowed(self, actor: Actor) -> bool:
        return self.permission is None or actor.can(self.permission)


SP = QStyle.StandardPixmap

DEPARTMENTS: tuple[Department, ...] = (
    Department("revenue", N_("Revenue"), SP.SP_DialogSaveButton, "Ctrl+1"),
    Department("insured", N_("Insured affairs"), SP.SP_DirHomeIcon, "Ctrl+2"),
    Department("execution", N_("Execution"), SP.SP_MessageBoxWarning, "Ctrl+3"),
    Department("accounting", N_("Accounting"), SP.SP_FileDialogDetailedView, "Ctrl+4"),
    Department("reports", N_("Reports"), SP.SP_FileDialogContentsView, "Ctrl+5"),
)

# Where each role lands after logging in (when it has no last page of its own): the first page
# of its list that the user may open. The manager lands on the dashboard.
HOME_PAGES: dict[Role, tuple[str, ...]] = {
    Role.CLERK: ("revenue.counter", "revenue.employers"),
    Role.ACCOUNTANT: ("accounting.journal", "accounting.trial_balance"),
    Role.MANAGER: ("reports.dashboard", "reports.trial_balance", "accounting.journal"),
    Role.ADMIN: ("accounting.journal", "accounting.periods"),
}

# Groups of the Accounting department's pages, in the order they are shown.
GROUP_LEDGER = N_("Ledger")
GROUP_BANKING = N_("Banking")
GROUP_PAYROLL = N_("Payroll and staff")
GROUP_ORDER: tuple[str, ...] = (GROUP_LEDGER, GROUP_BANKING, GROUP_PAYROLL)

_PAGES: dict[str, PageSpec] = {}


def register_page(spec: PageSpec) -> None:
    _PAGES[spec.key] = spec


def pages_of(department: str) -> list[PageSpec]:
    return sorted((p for p in _PAGES.values() if p.department == department), key=lambda p: (p.order, p.key))


def group_pages(specs: list[PageSpec]) -> list[tuple[str, list[PageSpec]]]:
    """The pages (in their order) by group: the groups of ``GROUP_ORDER`` first, in that order, then
    the others by their first page; pages without a group form the group ``""``."""
    groups: dict[str, list[PageSpec]] = {}
    for spec in specs:
        groups.setdefault(spec.group, []).append(spec)

    def rank(item: tuple[str, list[PageSpec]]) -> tuple[int, int, str]:
        name, pages = item
        known = GROUP_ORDER.index(name) if name in GROUP_ORDER else len(GROUP_ORDER)
        return (known, min(p.order for p in pages), name)

    return sorted(groups.items(), key=rank)


def all_pages() -> list[PageSpec]:
    return sorted(_PAGES.values(), key=lambda p: (p.department, p.order, p.key))


def load_views() -> None:
    """Register every department (``app_registry.load``) and import the page modules it named."""
    import importlib

    from branch_desktop import app_registry

    for name in app_registry.load().view_modules:
        importlib.import_module(name)
