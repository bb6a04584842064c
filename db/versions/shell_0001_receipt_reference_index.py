"""revenue: an index on the receipts' slip / transfer / cheque number (the command palette finds a
receipt by it without scanning the receipts)

Revision ID: shell_0001
Revises: 0003, 0005
Create Date: 2026-12-02 18:40:00
"""
from alembic import op


revision = 'shell_0001'
down_revision = ('0003', '0005')
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_revenue_receipts_reference', 'revenue_receipts', ['reference'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_revenue_receipts_reference', table_name='revenue_receipts')
