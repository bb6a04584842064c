"""execution unit: the incremental debt register, accrued late charges, document numbering

Revision ID: execution_0001
Revises: chain_0001
Create Date: 2026-12-03

The charges accrued, notices, orders and their lines, objections and cancellations are legal
record kinds: chain_0001 skips a
kind whose table does not exist yet, so this revision seals and installs the guards (idempotent).
"""
from alembic import op
import sqlalchemy as sa


revision = 'execution_0001'
down_revision = 'chain_0001'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
KINDS = ("execution.charge_accrual", "execution.notice", "execution.notice_line", "execution.order",
         "execution.order_line", "execution.objection", "execution.agreement", "execution.agreement_month",
         "execution.instalment", "execution.cancellation")
SERVICE = "service_method IS NULL OR service_method IN ('hand', 'post', 'electronic')"
NOTICE_STATES = "state IN ('prepared', 'served', 'escalated', 'settled', 'cancelled')"
ORDER_STATES = "state IN ('issued', 'served', 'suspended', 'settled', 'cancelled')"
AGREEMENT_STATES = "state IN ('active', 'completed', 'defaulted', 'cancelled')"


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
    op.create_index('ix_execution_debt_months_employer_owed', 'execution_debt_months', ['employer_id', 'due_date', 'owed'],
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
    op.create_index('ix_execution_debt_employers_oldest', 'execution_debt_employers', ['oldest_due'])
    op.create_table('execution_debt_dues',
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('owed', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('due_date', name=op.f('pk_execution_debt_dues'))
    )
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
    op.create_table('execution_notices',
    sa.Column('id', BigId, nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('prepared_on', sa.Date(), nullable=False),
    sa.Column('principal', sa.BigInteger(), nullable=False),
    sa.Column('charges', sa.BigInteger(), nullable=False),
    sa.Column('period_days', sa.Integer(), nullable=False),
    sa.Column('prepared_by', sa.Integer(), nullable=False),
    sa.Column('prepared_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('served_on', sa.Date(), nullable=True),
    sa.Column('service_method', sa.String(length=12), nullable=True),
    sa.CheckConstraint(NOTICE_STATES, name=op.f('ck_execution_notices_state')),
    sa.CheckConstraint(SERVICE, name=op.f('ck_execution_notices_service_method')),
    sa.CheckConstraint('principal > 0 AND charges >= 0', name=op.f('ck_execution_notices_amounts')),
    sa.ForeignKeyConstraint(['employer_id'], ['revenue_employers.id'], name=op.f('fk_execution_notices_employer_id_revenue_employers')),
    sa.ForeignKeyConstraint(['prepared_by'], ['users.id'], name=op.f('fk_execution_notices_prepared_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_notices')),
    sa.UniqueConstraint('fiscal_year', 'number', name='uq_execution_notices_number')
    )
    op.create_index('ix_execution_notices_employer', 'execution_notices', ['employer_id', 'state'])
    op.create_table('execution_notice_lines',
    sa.Column('id', BigId, nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('principal', sa.BigInteger(), nullable=False),
    sa.Column('charges', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['execution_notices.id'], name=op.f('fk_execution_notice_lines_notice_id_execution_notices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_notice_lines')),
    sa.UniqueConstraint('notice_id', 'year', 'month', name='uq_execution_notice_lines_month')
    )
    op.create_index(op.f('ix_execution_notice_lines_notice_id'), 'execution_notice_lines', ['notice_id'])
    op.create_table('execution_orders',
    sa.Column('id', BigId, nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('principal', sa.BigInteger(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('served_on', sa.Date(), nullable=True),
    sa.Column('service_method', sa.String(length=12), nullable=True),
    sa.Column('suspended_until', sa.Date(), nullable=True),
    sa.CheckConstraint(ORDER_STATES, name=op.f('ck_execution_orders_state')),
    sa.CheckConstraint(SERVICE, name=op.f('ck_execution_orders_service_method')),
    sa.CheckConstraint('amount > 0 AND principal > 0', name=op.f('ck_execution_orders_amounts')),
    sa.ForeignKeyConstraint(['employer_id'], ['revenue_employers.id'], name=op.f('fk_execution_orders_employer_id_revenue_employers')),
    sa.ForeignKeyConstraint(['notice_id'], ['execution_notices.id'], name=op.f('fk_execution_orders_notice_id_execution_notices')),
    sa.ForeignKeyConstraint(['issued_by'], ['users.id'], name=op.f('fk_execution_orders_issued_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_orders')),
    sa.UniqueConstraint('fiscal_year', 'number', name='uq_execution_orders_number'),
    sa.UniqueConstraint('notice_id', name='uq_execution_orders_notice')
    )
    op.create_index('ix_execution_orders_issued', 'execution_orders', ['issued_on'])
    op.create_index('ix_execution_orders_employer', 'execution_orders', ['employer_id', 'state'])
    op.create_table('execution_order_lines',
    sa.Column('id', BigId, nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('principal', sa.BigInteger(), nullable=False),
    sa.Column('charges', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['execution_orders.id'], name=op.f('fk_execution_order_lines_order_id_execution_orders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_order_lines')),
    sa.UniqueConstraint('order_id', 'year', 'month', name='uq_execution_order_lines_month')
    )
    op.create_index(op.f('ix_execution_order_lines_order_id'), 'execution_order_lines', ['order_id'])
    op.create_table('execution_objections',
    sa.Column('id', BigId, nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('suspended_until', sa.Date(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('suspended_until >= received_on', name=op.f('ck_execution_objections_dates')),
    sa.ForeignKeyConstraint(['order_id'], ['execution_orders.id'], name=op.f('fk_execution_objections_order_id_execution_orders')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_execution_objections_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_objections'))
    )
    op.create_index(op.f('ix_execution_objections_order_id'), 'execution_objections', ['order_id'])
    op.create_table('execution_cancellations',
    sa.Column('id', BigId, nullable=False),
    sa.Column('document', sa.String(length=10), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('requested_by', sa.Integer(), nullable=False),
    sa.Column('approved_by', sa.Integer(), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("document IN ('notice', 'order', 'agreement')", name=op.f('ck_execution_cancellations_document')),
    sa.CheckConstraint('approved_by <> requested_by', name=op.f('ck_execution_cancellations_four_eyes')),
    sa.ForeignKeyConstraint(['requested_by'], ['users.id'], name=op.f('fk_execution_cancellations_requested_by_users')),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], name=op.f('fk_execution_cancellations_approved_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_cancellations')),
    sa.UniqueConstraint('document', 'document_id', name='uq_execution_cancellations_document')
    )
    op.create_table('execution_agreements',
    sa.Column('id', BigId, nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('agreed_on', sa.Date(), nullable=False),
    sa.Column('principal', sa.BigInteger(), nullable=False),
    sa.Column('charges', sa.BigInteger(), nullable=False),
    sa.Column('down_payment', sa.BigInteger(), nullable=False),
    sa.Column('instalments', sa.Integer(), nullable=False),
    sa.Column('default_after', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('recomputed_charges', sa.BigInteger(), nullable=True),
    sa.CheckConstraint(AGREEMENT_STATES, name=op.f('ck_execution_agreements_state')),
    sa.CheckConstraint('principal > 0 AND charges >= 0 AND down_payment >= 0 AND instalments > 0', name=op.f('ck_execution_agreements_amounts')),
    sa.ForeignKeyConstraint(['employer_id'], ['revenue_employers.id'], name=op.f('fk_execution_agreements_employer_id_revenue_employers')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_execution_agreements_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_agreements')),
    sa.UniqueConstraint('fiscal_year', 'number', name='uq_execution_agreements_number')
    )
    op.create_index('ix_execution_agreements_employer', 'execution_agreements', ['employer_id', 'state'])
    op.create_table('execution_agreement_months',
    sa.Column('id', BigId, nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('principal', sa.BigInteger(), nullable=False),
    sa.Column('charges', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['execution_agreements.id'], name=op.f('fk_execution_agreement_months_agreement_id_execution_agreements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_agreement_months')),
    sa.UniqueConstraint('agreement_id', 'year', 'month', name='uq_execution_agreement_months_month')
    )
    op.create_index(op.f('ix_execution_agreement_months_agreement_id'), 'execution_agreement_months', ['agreement_id'])
    op.create_table('execution_instalments',
    sa.Column('id', BigId, nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_execution_instalments_positive')),
    sa.ForeignKeyConstraint(['agreement_id'], ['execution_agreements.id'], name=op.f('fk_execution_instalments_agreement_id_execution_agreements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_instalments')),
    sa.UniqueConstraint('agreement_id', 'seq', name='uq_execution_instalments_seq')
    )
    op.create_index(op.f('ix_execution_instalments_agreement_id'), 'execution_instalments', ['agreement_id'])
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
        guards = [parse(sql) for sql in kind_guards(records.kind(name), conn.dialect.name)]
        for g in sorted(guards, key=lambda g: g.kind != "trigger"):  # a trigger before the function it calls
            if g.kind == "trigger":
                op.execute(f"DROP TRIGGER IF EXISTS {g.name}" if sqlite else f"DROP TRIGGER IF EXISTS {g.name} ON {g.table}")
            else:
                op.execute(f"DROP FUNCTION IF EXISTS {g.name}()")
    for table in ('execution_instalments', 'execution_agreement_months', 'execution_agreements',
                  'execution_cancellations', 'execution_objections', 'execution_order_lines', 'execution_orders',
                  'execution_notice_lines', 'execution_notices', 'execution_sequences', 'execution_charge_accruals', 'execution_register_state',
                  'execution_debt_dues', 'execution_debt_employers', 'execution_debt_months'):
        op.drop_table(table)
