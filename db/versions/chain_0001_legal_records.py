"""legal records: one hash chain per record kind, state events, guards; existing rows chained

Revision ID: chain_0001
Revises: shell_0001
Create Date: 2026-12-02

Creates ``record_links``, ``record_heads`` and ``record_events``, chains every final row of every
declared record kind (``core.records``) in id order, and installs the guards that refuse UPDATE
and DELETE of a final row. A department that declares new kinds later adds a revision that calls
``records.seal(conn)`` and ``install_record_guards(conn)`` the same way (both are idempotent).
"""
from alembic import op
import sqlalchemy as sa


revision = 'chain_0001'
down_revision = 'shell_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from branch_desktop.core import records
    from branch_desktop.core.record_guards import install_record_guards

    op.create_table('record_heads',
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('length', sa.Integer(), nullable=False),
    sa.Column('head', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_record_heads'))
    )
    op.create_table('record_links',
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.BigInteger(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'position', name=op.f('pk_record_links')),
    sa.UniqueConstraint('kind', 'record_id', name='uq_record_links_record')
    )
    op.create_table('record_events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.BigInteger(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_events'))
    )
    op.create_index('ix_record_events_record', 'record_events', ['kind', 'record_id', 'field', 'id'], unique=False)
    conn = op.get_bind()
    records.seal(conn)
    install_record_guards(conn)


def downgrade() -> None:
    from branch_desktop.core.record_guards import record_guards, parse

    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    guards = [parse(sql) for sql in record_guards(conn.dialect.name)]
    for g in guards:
        if g.kind == "trigger":
            op.execute(f"DROP TRIGGER IF EXISTS {g.name}" if sqlite else f"DROP TRIGGER IF EXISTS {g.name} ON {g.table}")
    for g in guards:
        if g.kind == "function":
            op.execute(f"DROP FUNCTION IF EXISTS {g.name}()")
    op.drop_index('ix_record_events_record', table_name='record_events')
    op.drop_table('record_events')
    op.drop_table('record_links')
    op.drop_table('record_heads')
