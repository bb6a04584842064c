"""execution unit: the incremental debt register, accrued late charges, document numbering

Revision ID: execution_0001
Revises: chain_0001
Create Date: 2026-12-03

The charges accrued are a legal record kind (``execution.charge_accrual``): chain_0001 skips a
kind whose table does not exist yet, so this revision seals and installs the guards (idempotent).
"""
from alembic import op
import sqlalchemy as sa


revision = 'execution_0001'
down_revision = 'chain_0001'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
KINDS = ("execution.charge_accrual",)


def upgrade() -> None:
    op.create_table('execution_debt_months',
    sa.Column('id', BigId, nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('accrued', sa.BigInteger(), nullable=False),
    sa.Column('allocated', sa.BigInteger(), nullable=False),
    sa.Column('owed', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['revenue_employers.id'], name=op.f('fk_execution_debt_months_employer_id_revenue_employers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_debt_months')),
    sa.UniqueConstraint('employer_id', 'year', 'month', name='uq_execution_debt_months_month')
    )
    op.create_index('ix_execution_debt_months_owed', 'execution_debt_months', ['due_date', 'employer_id', 'owed'],
                    sqlite_where=sa.text('owed > 0'), postgresql_where=sa.text('owed > 0'))
    op.create_table('execution_debt_employers',
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('owed', sa.BigInteger(), nullable=False),
    sa.Column('oldest_due', sa.Date(), nullable=True),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['revenue_employers.id'], name=op.f('fk_execution_debt_employers_employer_id_revenue_employers')),
    sa.PrimaryKeyConstraint('employer_id', name=op.f('pk_execution_debt_employers'))
    )
    op.create_index('ix_execution_debt_employers_owed', 'execution_debt_employers', ['owed'])
    op.create_table('execution_register_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('accrual_id', BigId, nullable=False),
    sa.Column('allocation_id', BigId, nullable=False),
    sa.Column('refreshed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_register_state'))
    )
    op.create_table('execution_charge_accruals',
    sa.Column('id', BigId, nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('until', sa.Date(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('accrued_by', sa.Integer(), nullable=False),
    sa.Column('accrued_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('amount <> 0', name=op.f('ck_execution_charge_accruals_nonzero')),
    sa.ForeignKeyConstraint(['employer_id'], ['revenue_employers.id'], name=op.f('fk_execution_charge_accruals_employer_id_revenue_employers')),
    sa.ForeignKeyConstraint(['entry_id'], ['entries.id'], name=op.f('fk_execution_charge_accruals_entry_id_entries')),
    sa.ForeignKeyConstraint(['accrued_by'], ['users.id'], name=op.f('fk_execution_charge_accruals_accrued_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_charge_accruals'))
    )
    op.create_index('ix_execution_charge_accruals_employer', 'execution_charge_accruals', ['employer_id', 'year', 'month'])
    op.create_table('execution_sequences',
    sa.Column('id', BigId, nullable=False),
    sa.Column('series', sa.String(length=20), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_sequences')),
    sa.UniqueConstraint('series', 'fiscal_year', name='uq_execution_sequences_series')
    )
    _guards()


def _guards() -> None:
    """Chain and guard the record kinds (as chain_0001 did for the kinds before it; idempotent)."""
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
    for name in KINDS:
        for g in (parse(sql) for sql in kind_guards(records.kind(name), conn.dialect.name)):
            if g.kind == "trigger":
                op.execute(f"DROP TRIGGER IF EXISTS {g.name}" if sqlite else f"DROP TRIGGER IF EXISTS {g.name} ON {g.table}")
            else:
                op.execute(f"DROP FUNCTION IF EXISTS {g.name}()")
    for table in ('execution_sequences', 'execution_charge_accruals', 'execution_register_state',
                  'execution_debt_employers', 'execution_debt_months'):
        op.drop_table(table)
