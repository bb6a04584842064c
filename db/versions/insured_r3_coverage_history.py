"""insured: the insurance status (4/1-a, 4/1-b, 4/1-c) as a dated, append-only history per insured
person, and the status an application was made under

Revision ID: insured_r3
Revises: insured_r2
Create Date: 2026-12-03 13:10:00

``insured_coverage_history``: one row per change (the status, the day it takes effect, who
recorded it and when); never updated nor deleted (triggers, declared as guard statements so
``verify`` and ``db repair-guards`` cover them). ``insured_applications.coverage``: the status in
force at the application's date (blank: not known; rows made before this revision stay blank).
Both are plain ADD COLUMN / CREATE TABLE (no batch rebuild of a table others refer to).
"""
import sqlalchemy as sa
from alembic import op

revision = 'insured_r3'
down_revision = 'insured_r2'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
TABLE = "insured_coverage_history"
MSG = "insured affairs: the insurance status history is append-only (a change is a new row)"


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
    for sql in guard_statements(op.get_bind().dialect.name):
        op.execute(sql)


def guard_statements(dialect: str) -> list[str]:
    """The append-only guards of the status history (``verify`` checks they are all in place)."""
    if dialect == "sqlite":
        return [f"""CREATE TRIGGER trg_{TABLE}_update BEFORE UPDATE ON {TABLE}
                BEGIN SELECT RAISE(ABORT, '{MSG}'); END""",
                f"""CREATE TRIGGER trg_{TABLE}_delete BEFORE DELETE ON {TABLE}
                BEGIN SELECT RAISE(ABORT, '{MSG}'); END"""]
    return [f"""CREATE FUNCTION insured_coverage_history_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{MSG}'; END $$""",
            f"""CREATE TRIGGER trg_{TABLE}_guard BEFORE UPDATE OR DELETE ON {TABLE}
           FOR EACH ROW EXECUTE FUNCTION insured_coverage_history_guard()""",
            f"""CREATE TRIGGER trg_{TABLE}_truncate BEFORE TRUNCATE ON {TABLE}
           FOR EACH STATEMENT EXECUTE FUNCTION insured_coverage_history_guard()"""]


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_update")
        op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_delete")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_guard ON {TABLE}")
        op.execute(f"DROP TRIGGER IF EXISTS trg_{TABLE}_truncate ON {TABLE}")
        op.execute("DROP FUNCTION IF EXISTS insured_coverage_history_guard()")
    op.drop_column('insured_applications', 'coverage')
    op.drop_table(TABLE)
