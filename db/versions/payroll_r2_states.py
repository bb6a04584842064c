"""payroll states: CHECK constraints on the kind and seat columns (the status columns have theirs)

Revision ID: payroll_r2
Revises: chain_0001
Create Date: 2026-12-03

Payroll's states and kinds are ``enum.StrEnum`` (``accounting/payroll/states.py``) stored as their
value. The run and loan ``status`` columns have had CHECK constraints since 0003; this revision
adds the same for a run's ``kind``, a pay line's ``kind`` and a committee approval's ``seat``.

PostgreSQL: ``ALTER TABLE ... ADD CONSTRAINT ... CHECK``. SQLite cannot add a constraint to a table
without rebuilding it, and the tables carry the record guards (``chain_0001``), so the check is a
pair of triggers per column (BEFORE INSERT, BEFORE UPDATE OF the column) that abort on a value
outside the list; they are this revision's guards (``verify`` checks they are in place).

The value lists are written here, as they were when the revision was made (a later value needs a
later revision); ``tests/accounting/payroll/test_payroll_states.py`` holds them equal to the enums.
"""
from __future__ import annotations

from alembic import op

revision = 'payroll_r2'
down_revision = 'chain_0001'
branch_labels = None
depends_on = None

# (table, column, allowed values)
CHECKS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("payroll_runs", "kind", ("monthly", "productivity", "performance")),
    ("payroll_lines", "kind", ("earning", "deduction", "employer")),
    ("payroll_loan_approvals", "seat", ("branch_head", "finance_head", "admin_head")),
)


def _values(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def guard_statements(dialect: str) -> list[str]:
    """The SQLite triggers standing for the CHECK constraints (none on PostgreSQL)."""
    if dialect != "sqlite":
        return []
    out: list[str] = []
    for table, column, values in CHECKS:
        message = f"{table}.{column} must be one of {', '.join(values)}"
        for event, suffix in (("INSERT", "insert"), (f"UPDATE OF {column}", "update")):
            out.append(f"""CREATE TRIGGER trg_{table}_{column}_check_{suffix} BEFORE {event} ON {table}
                WHEN NEW.{column} NOT IN ({_values(values)})
                BEGIN SELECT RAISE(ABORT, '{message}'); END""")
    return out


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for sql in guard_statements(dialect):
            op.execute(sql)
        return
    for table, column, values in CHECKS:
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT ck_{table}_{column} CHECK ({column} IN ({_values(values)}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, column, _values_ in CHECKS:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_{column}_check_insert")
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_{column}_check_update")
        return
    for table, column, _values_ in CHECKS:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS ck_{table}_{column}")
