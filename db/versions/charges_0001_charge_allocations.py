"""revenue: what each counter receipt paid of the employer's accrued late-payment charges

Revision ID: charges_0001
Revises: 0002
Create Date: 2026-12-03 08:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'charges_0001'
down_revision = '0002'
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('revenue_charge_allocations',
    sa.Column('id', _ID, nullable=False),
    sa.Column('receipt_id', _ID, nullable=False),
    sa.Column('employer_id', _ID, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('allocation_date', sa.Date(), nullable=False),
    sa.CheckConstraint("kind IN ('payment', 'void', 'bounce')", name=op.f('ck_revenue_charge_allocations_kind')),
    sa.ForeignKeyConstraint(['employer_id'], ['revenue_employers.id'],
                            name=op.f('fk_revenue_charge_allocations_employer_id_revenue_employers')),
    sa.ForeignKeyConstraint(['receipt_id'], ['revenue_receipts.id'],
                            name=op.f('fk_revenue_charge_allocations_receipt_id_revenue_receipts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revenue_charge_allocations'))
    )
    op.create_index('ix_revenue_charge_allocations_employer_month', 'revenue_charge_allocations',
                    ['employer_id', 'year', 'month'], unique=False)
    op.create_index(op.f('ix_revenue_charge_allocations_receipt_id'), 'revenue_charge_allocations', ['receipt_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_table('revenue_charge_allocations')
