"""banking: the state columns hold only their states (issued cheques, payment documents,
reconciliation locks)

PostgreSQL gets CHECK constraints. On SQLite a CHECK cannot be added without rebuilding the
table, and these tables carry the record guards' triggers (a rebuild would drop them), so the
same rule is two triggers per column, BEFORE INSERT and BEFORE UPDATE OF the column, listed in
``guard_statements`` so that ``verify`` checks them and ``db repair-guards`` puts them back.

Revision ID: banking_r2
Revises: chain_0001
Create Date: 2026-12-03 06:40:00
"""
from alembic import op

revision = "banking_r2"
down_revision = "chain_0001"
branch_labels = None
depends_on = None

# The states as they are at this revision (accounting/banking/states.py), written out: a
# revision does not change when the code does.
STATES = {
    ("bank_issued_cheques", "status"): ("issued", "signed", "posted", "spoiled"),
    ("bank_payment_documents", "status"): ("entered", "checked", "paid"),
    ("bank_reconciliation_locks", "status"): ("locked", "reopened"),
}


def _in_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _message(table: str, column: str, values: tuple[str, ...]) -> str:
    return f"{table}.{column} must be one of {', '.join(values)}"


def guard_statements(dialect: str) -> list[str]:
    """The guards this revision defines (``verify`` checks they are all in place): SQLite's
    triggers; PostgreSQL has CHECK constraints instead."""
    if dialect != "sqlite":
        return []
    out: list[str] = []
    for (table, column), values in STATES.items():
        cond = f"NEW.{column} NOT IN ({_in_list(values)})"
        msg = _message(table, column, values)
        out.append(f"""CREATE TRIGGER trg_{table}_{column}_insert BEFORE INSERT ON {table}
            WHEN {cond} BEGIN SELECT RAISE(ABORT, '{msg}'); END""")
        out.append(f"""CREATE TRIGGER trg_{table}_{column}_update BEFORE UPDATE OF {column} ON {table}
            WHEN {cond} BEGIN SELECT RAISE(ABORT, '{msg}'); END""")
    return out


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for sql in guard_statements("sqlite"):
            op.execute(sql)
        return
    for (table, column), values in STATES.items():
        op.create_check_constraint(op.f(f"ck_{table}_{column}"), table, f"{column} IN ({_in_list(values)})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table, column in STATES:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_{column}_insert")
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_{column}_update")
        return
    for table, column in STATES:
        op.drop_constraint(op.f(f"ck_{table}_{column}"), table, type_="check")
