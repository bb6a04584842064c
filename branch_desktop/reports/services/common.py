"""Helpers the report subjects share."""

from __future__ import annotations

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.reports.exceptions import BadMonth


def parse_month(ctx: BranchContext, text: str) -> YearMonth:
    """A month typed YYYY-MM in the pack's calendar."""
    try:
        return ctx.pack.calendar.parse_year_month(text)
    except Exception as exc:
        raise BadMonth(text=text) from exc
