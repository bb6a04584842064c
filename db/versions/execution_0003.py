"""execution unit: charge allocations append-only, seizure requests answered or cancelled

Revision ID: execution_0003
Revises: execution_0002, charges_0001
Create Date: 2026-12-03

- ``revenue_charge_allocations`` (what each receipt paid of the late charges; a void or a bounce
  is a new negative row) becomes append-only by trigger, as revenue's allocations are (0002):
  ``guard_statements`` defines the guards, so ``verify`` checks them and ``db repair-guards`` puts
  them back. On PostgreSQL the triggers call 0002's ``revenue_append_only_guard()``.
- The bank's reply to a seizure request (the day, the amount seized, 0 for none, its reference):
  a new record kind in its own table (one reply a request), chained and guarded here; the request's
  own chain is left as it was.
- A cancellation may now be of a seizure request (the CHECK on ``document``). SQLite cannot change
  a CHECK in place: the rows are kept in a temporary table, the table is dropped (its triggers go
  with it, no guard fires) and made again under the same name, the rows copied back in id order
  (the chain's links name them by id), then the record guards are put back.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from alembic import op

if TYPE_CHECKING:
    from branch_desktop.core.record_guards import Guard

revision = 'execution_0003'
down_revision = ('execution_0002', 'charges_0001')
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
TABLE = "revenue_charge_allocations"
MSG_APPEND_ONLY = "revenue: charge allocations are append-only; a void or a bounce is a new row"
DOCUMENTS_BEFORE = "document IN ('notice', 'order', 'agreement')"
DOCUMENTS = "document IN ('notice', 'order', 'agreement', 'seizure')"
CANCELLATION_COLUMNS = ("id", "document", "document_id", "reason", "requested_by", "approved_by", "cancelled_at")


def guard_statements(dialect: str) -> list[str]:
    """The guards this revision defines (``verify`` checks they are all in place)."""
    if dialect == "sqlite":
        return [f"""CREATE TRIGGER trg_{TABLE}_update BEFORE UPDATE ON {TABLE}
                BEGIN SELECT RAISE(ABORT, '{MSG_APPEND_ONLY}'); END""",
                f"""CREATE TRIGGER trg_{TABLE}_delete BEFORE DELETE ON {TABLE}
                BEGIN SELECT RAISE(ABORT, '{MSG_APPEND_ONLY}'); END"""]
    return [f"""CREATE TRIGGER trg_{TABLE}_guard BEFORE UPDATE OR DELETE ON {TABLE}
               FOR EACH ROW EXECUTE FUNCTION revenue_append_only_guard()""",
            f"""CREATE TRIGGER trg_{TABLE}_truncate BEFORE TRUNCATE ON {TABLE}
           FOR EACH STATEMENT EXECUTE FUNCTION revenue_append_only_guard()"""]


def upgrade() -> None:
    from branch_desktop.core import records
    from branch_desktop.core.record_guards import install_record_guards

    conn = op.get_bind()
    for sql in guard_statements(conn.dialect.name):
        op.execute(sql)
    op.create_table('execution_seizure_replies',
    sa.Column('id', BigId, nullable=False),
    sa.Column('seizure_id', sa.Integer(), nullable=False),
    sa.Column('replied_on', sa.Date(), nullable=False),
    sa.Column('seized', sa.BigInteger(), nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('seized >= 0', name=op.f('ck_execution_seizure_replies_seized')),
    sa.ForeignKeyConstraint(['seizure_id'], ['execution_seizure_requests.id'], name='fk_execution_seizure_replies_seizure'),
    sa.ForeignKeyConstraint(['recorded_by'], ['users.id'], name=op.f('fk_execution_seizure_replies_recorded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_execution_seizure_replies')),
    sa.UniqueConstraint('seizure_id', name='uq_execution_seizure_replies_seizure')
    )
    _cancellation_documents(conn, DOCUMENTS_BEFORE, DOCUMENTS)
    install_record_guards(conn)
    records.seal(conn)


def downgrade() -> None:
    from branch_desktop.core import records
    from branch_desktop.core.record_guards import kind_guards, parse

    conn = op.get_bind()
    for g in (parse(sql) for sql in guard_statements(conn.dialect.name)):
        _drop(conn, g)
    reply = records.kind("execution.seizure_reply")
    for g in sorted((parse(sql) for sql in kind_guards(reply, conn.dialect.name)),
                    key=lambda g: g.kind != "trigger"):  # a trigger before the function it calls
        _drop(conn, g)
    op.drop_table('execution_seizure_replies')
    if conn.execute(sa.text("SELECT count(*) FROM execution_cancellations WHERE document = 'seizure'")).scalar():
        raise RuntimeError("seizure requests were cancelled: execution_0003 cannot be undone")
    _cancellation_documents(conn, DOCUMENTS, DOCUMENTS_BEFORE)
    for sql in kind_guards(records.kind("execution.cancellation"), conn.dialect.name):  # SQLite dropped them
        g = parse(sql)
        if g.kind == "trigger":
            _drop(conn, g)
        conn.exec_driver_sql(sql.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))


def _drop(conn: sa.Connection, g: Guard) -> None:
    if g.kind == "function":
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {g.name}()")
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {g.name}")
    else:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {g.name} ON {g.table}")


def _cancellation_documents(conn: sa.Connection, before: str, after: str) -> None:
    """The CHECK on the documents a cancellation may be of, from ``before`` to ``after``."""
    if conn.dialect.name != "sqlite":
        op.execute("ALTER TABLE execution_cancellations DROP CONSTRAINT ck_execution_cancellations_document")
        op.execute(f"ALTER TABLE execution_cancellations ADD CONSTRAINT ck_execution_cancellations_document "
                   f"CHECK ({after})")
        return
    columns = ", ".join(CANCELLATION_COLUMNS)
    conn.exec_driver_sql("CREATE TEMP TABLE execution_cancellations_keep AS SELECT * FROM execution_cancellations")
    conn.exec_driver_sql("DROP TABLE execution_cancellations")  # its triggers go first: no guard fires
    conn.exec_driver_sql(f"""CREATE TABLE execution_cancellations (
	id INTEGER NOT NULL,
	document VARCHAR(10) NOT NULL,
	document_id INTEGER NOT NULL,
	reason VARCHAR(500) NOT NULL,
	requested_by INTEGER NOT NULL,
	approved_by INTEGER NOT NULL,
	cancelled_at DATETIME NOT NULL,
	CONSTRAINT pk_execution_cancellations PRIMARY KEY (id),
	CONSTRAINT ck_execution_cancellations_document CHECK ({after}),
	CONSTRAINT ck_execution_cancellations_four_eyes CHECK (approved_by <> requested_by),
	CONSTRAINT fk_execution_cancellations_requested_by_users FOREIGN KEY(requested_by) REFERENCES users (id),
	CONSTRAINT fk_execution_cancellations_approved_by_users FOREIGN KEY(approved_by) REFERENCES users (id),
	CONSTRAINT uq_execution_cancellations_document UNIQUE (document, document_id)
)""")
    conn.exec_driver_sql(f"INSERT INTO execution_cancellations ({columns}) SELECT {columns} "
                         "FROM execution_cancellations_keep ORDER BY id")
    conn.exec_driver_sql("DROP TABLE execution_cancellations_keep")
