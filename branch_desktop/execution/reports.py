"""The execution unit's figures for the manager's reports (``reports/sources.py``): performance
row 5 (collections through enforcement / debt transferred to enforcement) and the debt by age."""

from __future__ import annotations

import datetime as dt

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.security import Actor
from branch_desktop.execution import services
from branch_desktop.reports.types import DebtByAge, EnforcementFigures


def enforcement_figures(ctx: BranchContext, actor: Actor, start: dt.date, end: dt.date) -> EnforcementFigures:
    rate = services.enforcement_between(ctx, actor, start, end)
    currency = ctx.pack.currency
    return EnforcementFigures(collected=currency.to_minor(rate.collected), transferred=currency.to_minor(rate.transferred))


def debt_by_age(ctx: BranchContext, actor: Actor, on: dt.date) -> DebtByAge:
    ageing = services.ageing(ctx, actor, on)
    return DebtByAge(buckets=tuple(ctx.pack.currency.to_minor(a) for a in ageing.amounts))
