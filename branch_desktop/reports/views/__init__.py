"""The manager's pages: the dashboard (the manager's home page), the performance-target table and
the three-way premium check."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from branch_desktop.core.i18n import N_
from branch_desktop.gui.registry import PageSpec, register_page
from branch_desktop.gui.session import Session


def _dashboard(session: Session) -> QWidget:
    from branch_desktop.reports.views.dashboard import DashboardPage

    return DashboardPage(session)


def _performance(session: Session) -> QWidget:
    from branch_desktop.reports.views.performance import PerformancePage

    return PerformancePage(session)


def _three_way(session: Session) -> QWidget:
    from branch_desktop.reports.views.three_way import ThreeWayPage

    return ThreeWayPage(session)


register_page(PageSpec("reports.dashboard", "reports", N_("Dashboard"), _dashboard, "reports.branch", 1))
register_page(PageSpec("reports.performance", "reports", N_("Performance targets"), _performance, "reports.branch", 3))
register_page(PageSpec("reports.three_way", "reports", N_("Three-way premium check"), _three_way, "reports.branch", 5))
