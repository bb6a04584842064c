"""revenue: the insured counts the manager's reports read (``revenue_insured_counts``): distinct
insured with at least one declared day for the branch per month and per half-year (months 1-6,
7-12 of the pack's calendar) and per employer per half-year, filled from the service records
(``submit_declaration`` keeps them from then on)

Revision ID: reports_0002
Revises: reports_0001
Create Date: 2026-12-03 09:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'reports_0002'
down_revision = 'reports_0001'
branch_labels = None
depends_on = None

_HALF = "CASE WHEN month <= 6 THEN 1 ELSE 7 END"


def upgrade() -> None:
    op.create_table(
        'revenue_insured_counts',
        sa.Column('employer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('months', sa.Integer(), nullable=False),
        sa.Column('insured', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('employer_id', 'year', 'month', 'months', name=op.f('pk_revenue_insured_counts')),
    )
    for sql in backfill_statements():
        op.execute(sql)


def backfill_statements() -> list[str]:
    """The counts from the service records (tests run them again to compare with the kept counts)."""
    insert = "INSERT INTO revenue_insured_counts (employer_id, year, month, months, insured) "
    records = "FROM revenue_service_records WHERE days > 0 "
    return [
        insert + "SELECT 0, year, month, 1, COUNT(DISTINCT national_id) " + records + "GROUP BY year, month",
        insert + f"SELECT 0, year, {_HALF}, 6, COUNT(DISTINCT national_id) " + records + f"GROUP BY year, {_HALF}",
        insert + f"SELECT employer_id, year, {_HALF}, 6, COUNT(DISTINCT national_id) " + records
        + f"GROUP BY employer_id, year, {_HALF}",
    ]


def downgrade() -> None:
    op.drop_table('revenue_insured_counts')
