"""revenue: indexes the manager's reports read by: service records by month (distinct insured of a
span from the index alone) and receipts by date (receipts per day on the dashboard)

Revision ID: reports_0001
Revises: 0002
Create Date: 2026-12-03 07:00:00
"""
from alembic import op


revision = 'reports_0001'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_revenue_service_records_month', 'revenue_service_records',
                    ['year', 'month', 'national_id', 'days', 'employer_id'], unique=False)
    op.create_index('ix_revenue_receipts_date', 'revenue_receipts', ['receipt_date'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_revenue_receipts_date', table_name='revenue_receipts')
    op.drop_index('ix_revenue_service_records_month', table_name='revenue_service_records')
