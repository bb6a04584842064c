"""banking: bank accounts carry a version (and who changed them, when), so an edit saved over a newer
one is refused naming who changed it

Revision ID: banking_r3
Revises: locks_0001
Create Date: 2026-12-03 10:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'banking_r3'
down_revision = 'locks_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMNs (no table rebuild: on SQLite a rebuild drops a table other tables refer to)
    op.add_column('bank_accounts', sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    if op.get_bind().dialect.name == 'sqlite':  # SQLite adds a column's reference only inline
        op.execute('ALTER TABLE bank_accounts ADD COLUMN updated_by INTEGER REFERENCES users (id)')
    else:
        op.add_column('bank_accounts', sa.Column('updated_by', sa.BigInteger(), nullable=True))
        op.create_foreign_key(op.f('fk_bank_accounts_updated_by_users'), 'bank_accounts', 'users',
                              ['updated_by'], ['id'])
    op.add_column('bank_accounts', sa.Column('updated_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('fk_bank_accounts_updated_by_users'), 'bank_accounts', type_='foreignkey')
    op.drop_column('bank_accounts', 'updated_at')
    op.drop_column('bank_accounts', 'updated_by')
    op.drop_column('bank_accounts', 'version')
