"""kernel: work_locks, who holds a day close or a month close in progress (core.locks); also joins
the heads written in parallel before it

Revision ID: locks_0001
Revises: payroll_r2, banking_r2, insured_r2, reports_0001, texts_r1, charges_0001, execution_0002, screens_0001
Create Date: 2026-12-03 09:40:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'locks_0001'
down_revision = ('banking_r2', 'charges_0001', 'execution_0002', 'insured_r2', 'payroll_r2', 'reports_0001', 'screens_0001', 'texts_r1')  # noqa: E501
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'work_locks',
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('username', sa.String(length=80), nullable=False),
        sa.Column('workstation', sa.String(length=120), nullable=False),
        sa.Column('pid', sa.Integer(), nullable=False),
        sa.Column('since', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_work_locks')),
    )


def downgrade() -> None:
    op.drop_table('work_locks')
