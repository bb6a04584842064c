"""revenue: month totals kept by the database (``revenue_month_totals``: accrued and allocated per
month, maintained by AFTER INSERT triggers on accruals and allocations, which are append-only) and
covering indexes for a span's accruals and collections by employer and a month's declarations, and
receipts by the month they name (the manager's reports)

Revision ID: reports_0003
Revises: reports_0002
Create Date: 2026-12-03 09:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'reports_0003'
down_revision = 'reports_0002'
branch_labels = None
depends_on = None

# (trigger, table, column of revenue_month_totals it adds to)
TRIGGERS = (("trg_revenue_accruals_month_total", "revenue_accruals", "accrued"),
            ("trg_revenue_allocations_month_total", "revenue_allocations", "allocated"))


def _upsert(column: str) -> str:
    other = "allocated" if column == "accrued" else "accrued"
    return (f"INSERT INTO revenue_month_totals (year, month, {column}, {other}) VALUES (NEW.year, NEW.month, "
            f"NEW.amount, 0) ON CONFLICT (year, month) DO UPDATE SET {column} = revenue_month_totals.{column} "
            f"+ excluded.{column}")


def guard_statements(dialect: str) -> list[str]:
    """The month totals' triggers (named guard statements so that `verify` checks they are in place and
    `db repair-guards` puts them back: without them the totals would drift silently)."""
    out = []
    for name, table, column in TRIGGERS:
        if dialect == "sqlite":
            out.append(f"CREATE TRIGGER {name} AFTER INSERT ON {table} BEGIN {_upsert(column)}; END")
        else:
            out.append(f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN {_upsert(column)}; "
                       "RETURN NULL; END $$ LANGUAGE plpgsql")
            out.append(f"CREATE TRIGGER {name} AFTER INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()")
    return out


def backfill_statements() -> list[str]:
    """The totals from the rows (tests run them again to compare with the kept totals)."""
    return [
        "INSERT INTO revenue_month_totals (year, month, accrued, allocated) "
        "SELECT year, month, SUM(accrued), SUM(allocated) FROM ("
        "SELECT year, month, amount AS accrued, 0 AS allocated FROM revenue_accruals "
        "UNION ALL SELECT year, month, 0, amount FROM revenue_allocations) x GROUP BY year, month",
    ]


def upgrade() -> None:
    big = sa.BigInteger()
    op.create_table(
        'revenue_month_totals',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('accrued', big, nullable=False),
        sa.Column('allocated', big, nullable=False),
        sa.PrimaryKeyConstraint('year', 'month', name=op.f('pk_revenue_month_totals')),
    )
    for sql in backfill_statements():
        op.execute(sql)
    dialect = op.get_bind().dialect.name
    for sql in guard_statements(dialect):
        op.execute(sql)
    op.create_index('ix_revenue_accruals_month', 'revenue_accruals', ['year', 'month', 'employer_id', 'amount'])
    op.create_index('ix_revenue_allocations_month', 'revenue_allocations',
                    ['year', 'month', 'employer_id', 'allocation_date', 'amount', 'receipt_id'])
    op.create_index('ix_revenue_declarations_month', 'revenue_declarations',
                    ['year', 'month', 'employer_id', 'seq', 'total_wage', 'insured_count'])
    op.create_index('ix_revenue_receipts_target', 'revenue_receipts', ['target_year', 'target_month'])


def downgrade() -> None:
    op.drop_index('ix_revenue_receipts_target', table_name='revenue_receipts')
    op.drop_index('ix_revenue_declarations_month', table_name='revenue_declarations')
    op.drop_index('ix_revenue_allocations_month', table_name='revenue_allocations')
    op.drop_index('ix_revenue_accruals_month', table_name='revenue_accruals')
    dialect = op.get_bind().dialect.name
    for name, table, _column in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + ("" if dialect == "sqlite" else f" ON {table}"))
        if dialect != "sqlite":
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_table('revenue_month_totals')
