"""execution unit: seizure requests to banks

Revision ID: execution_0002
Revises: execution_0001
Create Date: 2026-12-03

A seizure request is a legal record kind (numbered gapless per fiscal year, hash-chained): this
revision creates its table, then seals and installs the guards as execution_0001 does (idempotent).
"""
import sqlalchemy as sa
from alembic import op

revision = 'execution_0002'
down_revision = 'execution_0001'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('execution_seizure_requests',
    sa.Column('id', BigId, nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('bank', sa.String(length=120), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_execution_seizure_requests_positive')),
    sa.ForeignKeyConstraint(['order_id'], ['execution_orders.id'], name=op.f('fk_execution_seizure_requests_order_id_execution_orders')),
    sa.ForeignKeyConstraint(['employer_id'], ['revenue_employers.id'], name=op.f('fk_execution_seizure_requests_employer_id_revenue_employers')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_execution_seizure_requests_requested_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_seizure_requests')),
    sa.UniqueConstraint('fiscal_year', 'number', name='uq_execution_seizure_requests_number')
    )
    op.create_index(op.f('ix_execution_seizure_requests_order_id'), 'execution_seizure_requests', ['order_id'])
    op.create_index('ix_execution_seizure_requests_day', 'execution_seizure_requests', ['requested_on'])
    _guards()


def _guards() -> None:
    from branch_desktop.core import records
    from branch_desktop.core.record_guards import install_record_guards

    conn = op.get_bind()
    records.seal(conn)
    install_record_guards(conn)


def downgrade() -> None:
    from branch_desktop.core import records
    from branch_desktop.core.record_guards import kind_guards, parse

    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    guards = [parse(sql) for sql in kind_guards(records.kind("execution.seizure_request"), conn.dialect.name)]
    for g in sorted(guards, key=lambda g: g.kind != "trigger"):  # a trigger before the function it calls
        if g.kind == "trigger":
            op.execute(f"DROP TRIGGER IF EXISTS {g.name}" if sqlite else f"DROP TRIGGER IF EXISTS {g.name} ON {g.table}")
        else:
            op.execute(f"DROP FUNCTION IF EXISTS {g.name}()")
    op.drop_table('execution_seizure_requests')
