"""Figures the manager's reports take from departments that provide them, through the registry.

A department declares its provider in its ``register(reg)``::

    reg.add_report_source("enforcement", "branch_desktop.execution.reports:enforcement_figures")
    reg.add_report_source("debt_by_age", "branch_desktop.execution.reports:debt_by_age")

with the signatures below (returning ``reports.types`` dataclasses). When no department provides a
figure, the reports say "no data" for it; they never import the providing department.

- ``enforcement(ctx, actor, start, end) -> EnforcementFigures | None``: performance row 5 at ``end``.
- ``debt_by_age(ctx, actor, on) -> DebtByAge | None``: the employers' debt by age on a day.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import Any

from branch_desktop import app_registry
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.security import Actor
from branch_desktop.reports.types import DebtByAge, EnforcementFigures

ENFORCEMENT = "enforcement"
DEBT_BY_AGE = "debt_by_age"


def provider(kind: str) -> Callable[..., Any] | None:
    """The registered function for a figure, or None when no department provides it."""
    target = app_registry.load().report_sources.get(kind)
    if not target:
        return None
    module, _sep, name = target.partition(":")
    function: Callable[..., Any] = getattr(importlib.import_module(module), name)
    return function


def enforcement(ctx: BranchContext, actor: Actor, start: dt.date, end: dt.date) -> EnforcementFigures | None:
    fn = provider(ENFORCEMENT)
    return fn(ctx, actor, start, end) if fn else None


def debt_by_age(ctx: BranchContext, actor: Actor, on: dt.date) -> DebtByAge | None:
    fn = provider(DEBT_BY_AGE)
    return fn(ctx, actor, on) if fn else None
