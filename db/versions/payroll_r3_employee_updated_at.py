"""payroll: when an employee's file was last changed (a stale save names who and when)

Revision ID: payroll_r3
Revises: banking_r3
Create Date: 2026-12-03 10:05:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'payroll_r3'
down_revision = 'banking_r3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN (no table rebuild: decrees and slips refer to the employees)
    op.add_column('payroll_employees', sa.Column('updated_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column('payroll_employees', 'updated_at')
