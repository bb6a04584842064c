"""insured affairs: registry, household, claims, decisions (append-only, chained), applications

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 18:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
APPEND_ONLY = ("insured_claims", "insured_decisions")
MSG = "insured affairs: claims and decisions are append-only (a correction is a new decision)"


def upgrade() -> None:
    op.create_table('insured_persons',
    sa.Column('id', BigId, nullable=False),
    sa.Column('national_id', sa.String(length=20), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('search_key', sa.String(length=220), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("sex IN ('F', 'M')", name=op.f('ck_insured_persons_sex')),
    sa.CheckConstraint("status IN ('active', 'inactive', 'retired', 'deceased')", name=op.f('ck_insured_persons_status')),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_insured_persons_updated_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insured_persons')),
    sa.UniqueConstraint('national_id', name=op.f('uq_insured_persons_national_id'))
    )
    op.create_index('ix_insured_persons_search', 'insured_persons', ['search_key'])
    op.create_index('ix_insured_persons_last_name', 'insured_persons', ['last_name', 'first_name'])

    op.create_table('insured_household',
    sa.Column('id', BigId, nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=10), nullable=False),
    sa.Column('national_id', sa.String(length=20), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('student', sa.Boolean(), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('recorded_by', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("relation IN ('spouse', 'child', 'mother', 'father')", name=op.f('ck_insured_household_relation')),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_insured_household_span')),
    sa.ForeignKeyConstraint(['person_id'], ['insured_persons.id'], name=op.f('fk_insured_household_person_id_insured_persons')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_insured_household_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insured_household'))
    )
    op.create_index('ix_insured_household_person', 'insured_household', ['person_id', 'valid_from'])

    op.create_table('insured_claims',
    sa.Column('id', BigId, nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('case_json', sa.Text(), nullable=False),
    sa.Column('result_json', sa.Text(), nullable=False),
    sa.Column('eligible', sa.Boolean(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('prepared_by', sa.Integer(), nullable=False),
    sa.Column('prepared_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['insured_persons.id'], name=op.f('fk_insured_claims_person_id_insured_persons')),
    sa.ForeignKeyConstraint(['prepared_by'], ['users.id'], name=op.f('fk_insured_claims_prepared_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insured_claims')),
    sa.UniqueConstraint('fiscal_year', 'number', name='uq_insured_claims_number')
    )
    op.create_index('ix_insured_claims_person', 'insured_claims', ['person_id'])

    op.create_table('insured_decisions',
    sa.Column('id', BigId, nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('decided_by', sa.Integer(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.Column('decision_date', sa.Date(), nullable=False),
    sa.Column('payment_reference', sa.String(length=60), nullable=False),
    sa.Column('chain_index', sa.Integer(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint("outcome IN ('approved', 'refused')", name=op.f('ck_insured_decisions_outcome')),
    sa.CheckConstraint('amount >= 0', name=op.f('ck_insured_decisions_amount')),
    sa.ForeignKeyConstraint(['claim_id'], ['insured_claims.id'], name=op.f('fk_insured_decisions_claim_id_insured_claims')),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_insured_decisions_decided_by_users')),
    sa.ForeignKeyConstraint(['supersedes_id'], ['insured_decisions.id'], name=op.f('fk_insured_decisions_supersedes_id_insured_decisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insured_decisions')),
    sa.UniqueConstraint('fiscal_year', 'number', name='uq_insured_decisions_number'),
    sa.UniqueConstraint('supersedes_id', name='uq_insured_decisions_supersedes'),
    sa.UniqueConstraint('chain_index', name=op.f('uq_insured_decisions_chain_index')),
    sa.UniqueConstraint('hash', name=op.f('uq_insured_decisions_hash'))
    )
    op.create_index('ix_insured_decisions_claim', 'insured_decisions', ['claim_id'])

    op.create_table('insured_applications',
    sa.Column('id', BigId, nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('other_office', sa.String(length=200), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=200), nullable=False),
    sa.Column('registered_by', sa.Integer(), nullable=False),
    sa.Column('registered_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('pension', 'disability', 'service_record_request')", name=op.f('ck_insured_applications_kind')),
    sa.CheckConstraint('decided_on IS NULL OR decided_on >= received_on', name=op.f('ck_insured_applications_dates')),
    sa.ForeignKeyConstraint(['person_id'], ['insured_persons.id'], name=op.f('fk_insured_applications_person_id_insured_persons')),
    sa.ForeignKeyConstraint(['registered_by'], ['users.id'], name=op.f('fk_insured_applications_registered_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insured_applications'))
    )
    op.create_index('ix_insured_applications_open', 'insured_applications', ['decided_on', 'deadline'])

    op.create_table('insured_sequences',
    sa.Column('id', BigId, nullable=False),
    sa.Column('series', sa.String(length=20), nullable=False),
    sa.Column('fiscal_year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insured_sequences')),
    sa.UniqueConstraint('series', 'fiscal_year', name='uq_insured_sequences_series')
    )
    create_guards()


def guard_statements(dialect: str) -> list[str]:
    """The guards this revision defines (``verify`` checks they are all in place)."""
    out: list[str] = []
    if dialect == "sqlite":
        for table in APPEND_ONLY:
            out.append(f"""CREATE TRIGGER trg_{table}_update BEFORE UPDATE ON {table}
                BEGIN SELECT RAISE(ABORT, '{MSG}'); END""")
            out.append(f"""CREATE TRIGGER trg_{table}_delete BEFORE DELETE ON {table}
                BEGIN SELECT RAISE(ABORT, '{MSG}'); END""")
        return out
    out.append(f"""CREATE FUNCTION insured_append_only_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{MSG}'; END $$""")
    for table in APPEND_ONLY:
        out.append(f"""CREATE TRIGGER trg_{table}_guard BEFORE UPDATE OR DELETE ON {table}
           FOR EACH ROW EXECUTE FUNCTION insured_append_only_guard()""")
        out.append(f"""CREATE TRIGGER trg_{table}_truncate BEFORE TRUNCATE ON {table}
           FOR EACH STATEMENT EXECUTE FUNCTION insured_append_only_guard()""")
    return out


def create_guards() -> None:
    for sql in guard_statements(op.get_bind().dialect.name):
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_update")
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_delete")
    else:
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_guard ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS trg_{table}_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS insured_append_only_guard()")
    for table in ('insured_sequences', 'insured_applications', 'insured_decisions', 'insured_claims',
                  'insured_household', 'insured_persons'):
        op.drop_table(table)
