"""Bonuses as off-cycle runs: the quarter's productivity bonus (from each employee's score) and
the performance bonus (karaneh: the branch's points); posted and paid like a monthly run."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import select

from branch_desktop.accounting.payroll import rules
from branch_desktop.accounting.payroll.exceptions import UnknownEmployee
from branch_desktop.accounting.payroll.models import Employee, PayrollRun
from branch_desktop.accounting.payroll.services.compute import compute_run
from branch_desktop.accounting.payroll.states import RunKind
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.security import Actor, audit, require


def _bonus_run(ctx: BranchContext, actor: Actor, month: YearMonth, kind: RunKind, inputs: dict[str, object]) -> int:
    """An off-cycle run; its inputs (scores or points) are kept with it, so a recompute after a
    decree fix computes the bonuses again from the decrees in force."""
    with ctx.db.write() as s:
        run = PayrollRun(year=month.year, month=month.month, kind=kind, created_by=actor.username,
                         inputs=json.dumps(inputs))
        s.add(run)
        s.flush()
        compute_run(s, ctx, run, inputs)
        audit(s, actor, f"payroll.run.{kind}", "payroll_run", run.id, month=str(month), employees=run.employees)
        return run.id


def create_productivity_run(
    ctx: BranchContext, actor: Actor, month: YearMonth, scores: dict[str, rules.ProductivityScore]
) -> int:
    """The quarter's productivity bonus as an off-cycle run: each scored employee's days of
    continuous pay (decree in force at the end of ``month``)."""
    require(actor, "payroll.run")
    with ctx.db.read() as s:
        known = set(s.scalars(select(Employee.personnel_no).where(Employee.personnel_no.in_(list(scores)))))
    unknown = sorted(set(scores) - known)
    if unknown:
        raise UnknownEmployee(no=", ".join(unknown))
    inputs: dict[str, object] = {"scores": {
        no: [str(v.score), str(v.worked_share), str(v.principles), v.unpaid_leave_days, v.sick_leave_days]
        for no, v in scores.items()}}
    return _bonus_run(ctx, actor, month, RunKind.PRODUCTIVITY, inputs)


def create_performance_run(
    ctx: BranchContext, actor: Actor, month: YearMonth, indicators: rules.KaranehIndicators,
    personnel_nos: Iterable[str] | None = None,
) -> int:
    """The performance bonus (karaneh): the branch's points x the point value, to each listed
    (default: every active) employee, as an off-cycle run."""
    require(actor, "payroll.run")
    points = rules.karaneh_points(ctx.pack, indicators, rules.pay_day(ctx.pack, month))
    inputs: dict[str, object] = {"points": str(points), "indicators": [
        str(indicators.collection_over_budget_pct), str(indicators.arrears_share_pct),
        str(indicators.amount_over_budget), str(indicators.balance_progress), indicators.statements_on_time]}
    if personnel_nos is not None:
        inputs["employees"] = sorted(personnel_nos)
    return _bonus_run(ctx, actor, month, RunKind.PERFORMANCE, inputs)


