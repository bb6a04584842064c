"""ledger: indexes the journal page reads its pages by (keyset paging over a million lines):
entries of a journal newest first, and an entry-id range per period

Revision ID: pages_0001
Revises: texts_r1
Create Date: 2026-12-03 09:40:00
"""
from alembic import op


revision = 'pages_0001'
down_revision = 'texts_r1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_entries_journal_id', 'entries', ['journal_id', 'id'], unique=False)
    op.create_index('ix_entries_period_id', 'entries', ['period_id', 'id'], unique=False)
    # the planners' statistics: SQLite picks between these indexes only once it knows how selective they are
    op.execute('ANALYZE entries')
    op.execute('ANALYZE entry_lines')


def downgrade() -> None:
    op.drop_index('ix_entries_period_id', table_name='entries')
    op.drop_index('ix_entries_journal_id', table_name='entries')
