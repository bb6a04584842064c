"""The manager's reports: the performance-target table, the three-way premium check, the dashboard
and the monthly branch report (callers import ``from branch_desktop.reports import services``)."""

from branch_desktop.reports.services.branch_month import BranchMonth, branch_month
from branch_desktop.reports.services.common import parse_month
from branch_desktop.reports.services.dashboard import dashboard
from branch_desktop.reports.services.performance import half_of, last_closed_half, performance_table
from branch_desktop.reports.services.three_way import three_way

__all__ = ["BranchMonth", "branch_month", "dashboard", "half_of", "last_closed_half", "parse_month", "performance_table", "three_way"]
