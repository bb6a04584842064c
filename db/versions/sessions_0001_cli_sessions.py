"""kernel: command-line sessions (``branch-desktop login``; core.cli_sessions) and the branch's
settings for them (allowed, idle timeout)

Revision ID: sessions_0001
Revises: pages_0001
Create Date: 2026-12-03 13:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'sessions_0001'
down_revision = 'pages_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN: other tables may refer to the branch row, a batch rebuild would drop it
    op.add_column('branch', sa.Column('cli_sessions_enabled', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))
    op.add_column('branch', sa.Column('cli_session_idle_minutes', sa.Integer(), server_default='15',
                                      nullable=False))
    op.create_table(
        'cli_sessions',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('password_mark', sa.String(length=64), nullable=False),
        sa.Column('workstation', sa.String(length=120), nullable=False),
        sa.Column('os_user', sa.String(length=120), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_used_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_cli_sessions_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cli_sessions')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_cli_sessions_token_hash')),
    )
    op.create_index(op.f('ix_cli_sessions_user_id'), 'cli_sessions', ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_cli_sessions_user_id'), table_name='cli_sessions')
    op.drop_table('cli_sessions')
    op.drop_column('branch', 'cli_session_idle_minutes')  # SQLite >= 3.35 drops a column in place
    op.drop_column('branch', 'cli_sessions_enabled')
