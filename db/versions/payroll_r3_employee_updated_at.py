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
    with op.batch_alter_table('payroll_employees') as batch:
        batch.add_column(sa.Column('updated_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('payroll_employees') as batch:
        batch.drop_column('updated_at')
