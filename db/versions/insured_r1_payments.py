"""insured payments (paid through a posted cheque or a bank transfer list), transfer lists, IBANs

Revision ID: insured_r1
Revises: chain_0001
Create Date: 2026-12-03

Adds the insured person's IBAN, ``insured_payments`` (what an approved decision owes: due, then
paid by a state change), ``insured_transfer_lists`` and their lines. The payments of decisions
approved before this revision are written from accounting's payment documents (paid when their
cheque was posted), then chained and guarded as legal records (``core.records``).
"""
import sqlalchemy as sa
from alembic import op

revision = 'insured_r1'
down_revision = 'chain_0001'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    from branch_desktop.core import records
    from branch_desktop.core.record_guards import install_record_guards

    with op.batch_alter_table('insured_persons') as batch:
        batch.add_column(sa.Column('iban', sa.String(length=34), nullable=False, server_default=''))
    op.create_table('insured_payments',
    sa.Column('id', BigId, nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('account_role', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('method', sa.String(length=10), nullable=True),
    sa.Column('instrument', sa.String(length=40), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('due', 'paid')", name=op.f('ck_insured_payments_status')),
    sa.CheckConstraint("method IS NULL OR method IN ('cheque', 'transfer')", name=op.f('ck_insured_payments_method')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_insured_payments_amount')),
    sa.ForeignKeyConstraint(['decision_id'], ['insured_decisions.id'], name=op.f('fk_insured_payments_decision_id_insured_decisions')),
    sa.ForeignKeyConstraint(['claim_id'], ['insured_claims.id'], name=op.f('fk_insured_payments_claim_id_insured_claims')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insured_payments')),
    sa.UniqueConstraint('decision_id', name=op.f('uq_insured_payments_decision_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_insured_payments_reference'))
    )
    op.create_index('ix_insured_payments_claim', 'insured_payments', ['claim_id'])
    op.create_table('insured_transfer_lists',
    sa.Column('id', BigId, nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('bank_account_code', sa.String(length=20), nullable=False),
    sa.Column('list_date', sa.Date(), nullable=False),
    sa.Column('total', sa.BigInteger(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('prepared_by', sa.Integer(), nullable=False),
    sa.Column('prepared_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=True),
    sa.Column('posted_by', sa.Integer(), nullable=True),
    sa.Column('posted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('prepared', 'posted', 'cancelled')", name=op.f('ck_insured_transfer_lists_status')),
    sa.ForeignKeyConstraint(['prepared_by'], ['users.id'], name=op.f('fk_insured_transfer_lists_prepared_by_users')),
    sa.ForeignKeyConstraint(['posted_by'], ['users.id'], name=op.f('fk_insured_transfer_lists_posted_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insured_transfer_lists')),
    sa.UniqueConstraint('fiscal_year', 'number', name='uq_insured_transfer_lists_number')
    )
    op.create_table('insured_transfer_lines',
    sa.Column('id', BigId, nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('payment_id', sa.Integer(), nullable=False),
    sa.Column('payee', sa.String(length=200), nullable=False),
    sa.Column('national_id', sa.String(length=20), nullable=False),
    sa.Column('iban', sa.String(length=34), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_insured_transfer_lines_amount')),
    sa.ForeignKeyConstraint(['list_id'], ['insured_transfer_lists.id'], name=op.f('fk_insured_transfer_lines_list_id_insured_transfer_lists')),
    sa.ForeignKeyConstraint(['payment_id'], ['insured_payments.id'], name=op.f('fk_insured_transfer_lines_payment_id_insured_payments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insured_transfer_lines')),
    sa.UniqueConstraint('list_id', 'line_no', name='uq_insured_transfer_lines_no')
    )
    op.create_index('ix_insured_transfer_lines_payment', 'insured_transfer_lines', ['payment_id'])

    conn = op.get_bind()
    _payments_of_past_decisions(conn)
    install_record_guards(conn)
    records.seal(conn)


def _payments_of_past_decisions(conn: sa.Connection) -> None:
    """One payment per approved decision that sent a payment document; paid if its cheque was posted."""
    rows = conn.execute(sa.text(
        "SELECT d.id, d.claim_id, d.payment_reference, p.benefit_type, p.amount, d.decided_at, "
        "c.issue_date, c.number, c.entry_id FROM insured_decisions d "
        "JOIN bank_payment_documents p ON p.reference = d.payment_reference "
        "LEFT JOIN bank_issued_cheques c ON c.payment_document_id = p.id AND c.status = 'posted' "
        "WHERE d.payment_reference <> '' ORDER BY d.id")).all()
    for r in rows:
        paid = r[6] is not None
        conn.execute(sa.text(
            "INSERT INTO insured_payments (decision_id, claim_id, reference, account_role, amount, created_at, "
            "status, paid_on, method, instrument, entry_id) VALUES (:d, :c, :ref, :role, :amount, :at, :status, "
            ":paid_on, :method, :instrument, :entry)"),
            {"d": r[0], "c": r[1], "ref": r[2], "role": r[3], "amount": r[4], "at": r[5],
             "status": "paid" if paid else "due", "paid_on": r[6], "method": "cheque" if paid else None,
             "instrument": str(r[7]) if paid else "", "entry": r[8]})


def downgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    for table in ('insured_transfer_lines', 'insured_transfer_lists', 'insured_payments'):
        name = f"trg_rec_{table}"
        if sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {name}_update")
            op.execute(f"DROP TRIGGER IF EXISTS {name}_delete")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {name}_truncate ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS rec_guard_{table}()")
    op.drop_index('ix_insured_transfer_lines_payment', table_name='insured_transfer_lines')
    op.drop_table('insured_transfer_lines')
    op.drop_table('insured_transfer_lists')
    op.drop_index('ix_insured_payments_claim', table_name='insured_payments')
    op.drop_table('insured_payments')
    with op.batch_alter_table('insured_persons') as batch:
        batch.drop_column('iban')
