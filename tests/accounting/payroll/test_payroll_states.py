"""Payroll's states are enums and the database holds them to their values: raw SQL writing a state
or kind outside the list is refused on SQLite (CHECK or payroll_r2's triggers) and PostgreSQL
(CHECK constraints); the migration's lists are the enums'."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from branch_desktop.accounting.payroll import services
from branch_desktop.accounting.payroll.demo import make_staff
from branch_desktop.accounting.payroll.models import RunSlip
from branch_desktop.accounting.payroll.states import CommitteeSeat, LineKind, LoanState, RunKind, RunStatus
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.record_guards import check_guards
from tests.conftest import Branch

MONTH = YearMonth(1405, 7)
REVISION = Path(__file__).resolve().parents[3] / "db" / "versions" / "payroll_r2_states.py"


def _revision() -> ModuleType:
    spec = importlib.util.spec_from_file_location("payroll_r2_states", REVISION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_lists_the_enums_values() -> None:
    checks = {(table, column): values for table, column, values in _revision().CHECKS}
    assert checks == {
        ("payroll_runs", "kind"): tuple(RunKind),
        ("payroll_lines", "kind"): tuple(LineKind),
        ("payroll_loan_approvals", "seat"): tuple(CommitteeSeat),
    }


def _raw(branch: Branch, sql: str, **params: object) -> None:
    with branch.ctx.db.engine.begin() as conn:
        conn.execute(text(sql), params)


RUN_COLUMNS = ("year, month, kind, title, status, employees, gross, deductions, net, employer_cost, inputs, "
               "reversal_reason, computed_at, created_by, posted_by, version")


def _insert_run(kind: str, status: str) -> str:
    return (f"INSERT INTO payroll_runs ({RUN_COLUMNS}) VALUES (1399, 1, '{kind}', '', '{status}', 0, 0, 0, 0, 0, "
            "'', '', CURRENT_TIMESTAMP, 'raw', '', 1)")


def test_raw_sql_cannot_write_a_state_outside_the_enums(branch: Branch) -> None:
    ctx, acc = branch.ctx, branch.accountant
    staff = make_staff(ctx, 2, seed=3)
    services.register_employees(ctx, acc, staff)
    run_id = services.create_run(ctx, acc, MONTH)  # a draft: its rows may still change
    loan_id = services.apply_for_loan(ctx, acc, staff[0][0].personnel_no, 6)
    with ctx.db.read() as s:
        slip_id = s.scalars(select(RunSlip.id).where(RunSlip.run_id == run_id)).first()
    refused = [
        ("UPDATE payroll_runs SET status = 'approved' WHERE id = :id", {"id": run_id}),
        ("UPDATE payroll_runs SET kind = 'christmas' WHERE id = :id", {"id": run_id}),
        (_insert_run("christmas", RunStatus.DRAFT), {}),
        (_insert_run(RunKind.PERFORMANCE, "approved"), {}),
        ("UPDATE payroll_lines SET kind = 'bonus' WHERE slip_id = :id", {"id": slip_id}),
        ("INSERT INTO payroll_lines (slip_id, code, kind, amount) VALUES (:id, 'base', 'bonus', 1)", {"id": slip_id}),
        ("UPDATE payroll_loans SET status = 'forgiven' WHERE id = :id", {"id": loan_id}),
        ("INSERT INTO payroll_loan_approvals (loan_id, seat, user_id, username, at) "
         "VALUES (:id, 'janitor', :user, 'raw', CURRENT_TIMESTAMP)", {"id": loan_id, "user": acc.id}),
    ]
    for sql, params in refused:
        with pytest.raises(IntegrityError):
            _raw(branch, sql, **params)
    # the same statements with the enums' values pass
    _raw(branch, "UPDATE payroll_lines SET kind = :kind WHERE slip_id = :id AND code = 'base'",
         kind=LineKind.EARNING, id=slip_id)
    _raw(branch, _insert_run(RunKind.PERFORMANCE, RunStatus.DRAFT))
    _raw(branch, "INSERT INTO payroll_loan_approvals (loan_id, seat, user_id, username, at) "
         "VALUES (:id, :seat, :user, 'raw', CURRENT_TIMESTAMP)", id=loan_id, seat=CommitteeSeat.BRANCH_HEAD,
         user=acc.id)
    _raw(branch, "UPDATE payroll_loans SET status = :status WHERE id = :id", status=LoanState.REJECTED, id=loan_id)
    assert services.get_run(ctx, acc, run_id).status is RunStatus.DRAFT
    assert next(x for x in services.list_loans(ctx, acc) if x.id == loan_id).status is LoanState.REJECTED


def test_the_state_triggers_are_guards_verify_checks(branch: Branch) -> None:
    with branch.ctx.db.engine.begin() as conn:
        assert check_guards(conn) == []
        if conn.dialect.name != "sqlite":
            return
        conn.execute(text("DROP TRIGGER trg_payroll_runs_kind_check_update"))
        assert check_guards(conn) == ["trigger trg_payroll_runs_kind_check_update on payroll_runs is missing"]
