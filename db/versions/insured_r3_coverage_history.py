"""insured: the insurance status (4/1-a, 4/1-b, 4/1-c) as a dated, append-only history per insured
person, and the status an application was made under

Revision ID: insured_r3
Revises: insured_r2
Create Date: 2026-12-03 13:10:00

``insured_coverage_history``: one row per change (the status, the day it takes effect, who
recorded it and when), a legal record of ``core.records`` (kind ``insured.coverage``): chained,
and its record guards refuse an UPDATE or DELETE once it is final (``verify`` checks the guards,
``db repair-guards`` puts them back). ``insured_applications.coverage``: the status in force at the
application's date (blank: not known; rows made before this revision stay blank). Both are plain
CREATE TABLE / ADD COLUMN (no batch rebuild of a table others refer to).
"""
import sqlalchemy as sa
from alembic import op

revision = 'insured_r3'
down_revision = 'insured_r2'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
TABLE = "insured_coverage_history"


def upgrade() -> None:
    op.create_table(TABLE,
    sa.Column('id', BigId, nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('coverage', sa.String(length=12), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['insured_persons.id'],
                            name=op.f('fk_insured_coverage_history_person_id_insured_persons')),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_insured_coverage_history_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insured_coverage_history'))
    )
    op.create_index('ix_insured_coverage_history_person', TABLE, ['person_id', 'effective_from', 'id'])
    op.add_column('insured_applications', sa.Column('coverage', sa.String(length=12), nullable=False,
                                                    server_default=''))
    from branch_desktop.core import records
    from branch_desktop.core.record_guards import install_record_guards

    conn = op.get_bind()
    install_record_guards(conn)
    records.seal(conn)


def downgrade() -> None:
    op.drop_column('insured_applications', 'coverage')
    op.drop_table(TABLE)
