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
    with op.batch_alter_table('bank_accounts') as batch:
        batch.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch.add_column(sa.Column('updated_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch.add_column(sa.Column('updated_at', sa.DateTime(), nullable=True))
        batch.create_foreign_key(op.f('fk_bank_accounts_updated_by_users'), 'users', ['updated_by'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('bank_accounts') as batch:
        batch.drop_constraint(op.f('fk_bank_accounts_updated_by_users'), type_='foreignkey')
        batch.drop_column('updated_at')
        batch.drop_column('updated_by')
        batch.drop_column('version')
