"""The execution unit's revisions go down and up on both databases: execution_0003 (charge
allocations append-only, seizure replies, seizure cancellations), execution_0002 (seizure
requests) and execution_0001 (whose PostgreSQL downgrade dropped a guard function before its
trigger); the guards are checked clean afterwards and the unit works again."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from branch_desktop.execution import services
from tests.conftest import Branch
from tests.execution.helpers import declared

TABLES = {"execution_0001": "execution_notices", "execution_0002": "execution_seizure_requests",
          "execution_0003": "execution_seizure_replies"}


def _step(b: Branch, name: str, direction: str) -> None:
    from alembic.operations import Operations
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from branch_desktop.core.migrations import alembic_config

    revision = ScriptDirectory.from_config(alembic_config()).get_revision(name)
    assert revision is not None
    engine = b.ctx.db.engine
    with engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        getattr(revision.module, direction)()
        assert engine.dialect.has_table(conn, TABLES[name]) == (direction == "upgrade")


def test_the_execution_revisions_go_down_and_up(make_branch) -> None:  # type: ignore[no-untyped-def]
    from branch_desktop.core.record_guards import check_guards

    b: Branch = make_branch("tr_sgk")
    for name in ("execution_0003", "execution_0002", "execution_0001"):
        _step(b, name, "downgrade")
    for name in ("execution_0001", "execution_0002", "execution_0003"):
        _step(b, name, "upgrade")
    with b.ctx.db.engine.connect() as conn:
        assert check_guards(conn) == []
    _emp, file_no, _ms = declared(b, 1, months=4)
    today = b.ctx.today()
    [notice] = services.prepare_notices(b.ctx, b.clerk, today, employers=[file_no])
    services.serve_notice(b.ctx, b.clerk, notice.number, today, "hand")
    order = services.issue_order(b.ctx, b.clerk, notice.number, today + dt.timedelta(days=notice.period_days))
    assert services.request_seizure(b.ctx, b.clerk, order.number, "Bank", order.issued_on).amount > 0


def test_charge_allocations_are_append_only(make_branch) -> None:  # type: ignore[no-untyped-def]
    """revenue_charge_allocations refuses UPDATE and DELETE by trigger (and TRUNCATE on PostgreSQL);
    a missing guard is named by the check and put back by the repair."""
    from branch_desktop.core.record_guards import check_guards, repair_database_guards
    from tests.revenue.test_charges_split import _overdue_employer, _pay

    b: Branch = make_branch("tr_sgk")
    emp, _file_no, _ym, premium, charges = _overdue_employer(b)
    receipt = _pay(b, emp, premium + charges, "CA-1")
    assert receipt.charges_part > 0  # type: ignore[attr-defined]
    for sql in ("UPDATE revenue_charge_allocations SET amount = amount + 1",
                "DELETE FROM revenue_charge_allocations"):
        with pytest.raises(DBAPIError, match="append-only"), b.ctx.db.write() as s:
            s.execute(text(sql))
    pg = b.ctx.db.engine.dialect.name == "postgresql"
    if pg:
        with pytest.raises(DBAPIError, match="append-only"), b.ctx.db.write() as s:
            s.execute(text("TRUNCATE revenue_charge_allocations"))
    dropped = ("DROP TRIGGER trg_revenue_charge_allocations_guard ON revenue_charge_allocations" if pg
               else "DROP TRIGGER trg_revenue_charge_allocations_delete")
    with b.ctx.db.write() as s:
        s.execute(text(dropped))
    with b.ctx.db.engine.connect() as conn:
        assert [p for p in check_guards(conn) if "revenue_charge_allocations" in p] == [
            f"trigger {dropped.split()[2]} on revenue_charge_allocations is missing"]
    assert repair_database_guards(b.ctx, b.admin) == [dropped.split()[2]]
    with b.ctx.db.engine.connect() as conn:
        assert check_guards(conn) == []
