"""insured decisions: their own chain columns dropped in favour of core.records

Revision ID: insured_r2
Revises: insured_r1
Create Date: 2026-12-03

The decisions carried their own hash chain (``chain_index``, ``prev_hash``, ``hash``) besides the
legal-record chain of ``core.records``. The columns are dropped; the decisions are chained as the
record kind ``insured.decision.v2`` (its content without those columns). The first kind's chain
(``insured.decision``, whose content held them) stays in ``record_links`` untouched: the chain
tables are append-only, and a checkpoint taken before still matches it.

SQLite cannot drop a UNIQUE column in place: the rows are kept in a temporary table, the table is
dropped (its triggers go first, so no guard fires) and made again under the same name, so the
payments' foreign keys still point at it (checked at commit: ``defer_foreign_keys``), the rows
copied back in id order, then revision 0005's guards and the record guards are put back.
"""
import sqlalchemy as sa
from alembic import op

revision = 'insured_r2'
down_revision = 'insured_r1'
branch_labels = None
depends_on = None

CHAIN_COLUMNS = ('chain_index', 'prev_hash', 'hash')
KEEP = ('id', 'fiscal_year', 'number', 'claim_id', 'outcome', 'amount', 'reason', 'supersedes_id', 'decided_by',
        'decided_at', 'decision_date', 'payment_reference')


def upgrade() -> None:
    from branch_desktop.core import records
    from branch_desktop.core.record_guards import install_record_guards

    conn = op.get_bind()
    if conn.dialect.name == 'sqlite':
        _rebuild_sqlite(conn)
    else:
        for column in CHAIN_COLUMNS:
            op.drop_column('insured_decisions', column)
    install_record_guards(conn)
    records.seal(conn)


COLUMNS_SQL = """
            id INTEGER NOT NULL,
            fiscal_year INTEGER NOT NULL,
            number INTEGER NOT NULL,
            claim_id INTEGER NOT NULL,
            outcome VARCHAR(10) NOT NULL,
            amount BIGINT NOT NULL,
            reason VARCHAR(500) NOT NULL,
            supersedes_id INTEGER,
            decided_by INTEGER NOT NULL,
            decided_at DATETIME NOT NULL,
            decision_date DATE NOT NULL,
            payment_reference VARCHAR(60) NOT NULL"""


def _rebuild_sqlite(conn: sa.Connection) -> None:
    columns = ", ".join(KEEP)
    # The payments' references to the decisions are checked at commit, when the rows are back.
    conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
    conn.exec_driver_sql(f"CREATE TEMP TABLE insured_decisions_keep ({COLUMNS_SQL})")
    conn.exec_driver_sql(f"INSERT INTO insured_decisions_keep ({columns}) SELECT {columns} FROM insured_decisions")
    conn.exec_driver_sql("DROP TABLE insured_decisions")  # its triggers and index go first: no guard fires
    conn.exec_driver_sql(f"""CREATE TABLE insured_decisions ({COLUMNS_SQL},
            CONSTRAINT pk_insured_decisions PRIMARY KEY (id),
            CONSTRAINT ck_insured_decisions_outcome CHECK (outcome IN ('approved', 'refused')),
            CONSTRAINT ck_insured_decisions_amount CHECK (amount >= 0),
            CONSTRAINT fk_insured_decisions_claim_id_insured_claims FOREIGN KEY(claim_id)
                REFERENCES insured_claims (id),
            CONSTRAINT fk_insured_decisions_decided_by_users FOREIGN KEY(decided_by) REFERENCES users (id),
            CONSTRAINT fk_insured_decisions_supersedes_id_insured_decisions FOREIGN KEY(supersedes_id)
                REFERENCES insured_decisions (id),
            CONSTRAINT uq_insured_decisions_number UNIQUE (fiscal_year, number),
            CONSTRAINT uq_insured_decisions_supersedes UNIQUE (supersedes_id))""")
    conn.exec_driver_sql(f"INSERT INTO insured_decisions ({columns}) SELECT {columns} FROM insured_decisions_keep "
                         "ORDER BY id")
    conn.exec_driver_sql("DROP TABLE insured_decisions_keep")
    op.create_index('ix_insured_decisions_claim', 'insured_decisions', ['claim_id'])
    _append_only_guards(conn)


def _append_only_guards(conn: sa.Connection) -> None:
    """Revision 0005's guards of the decisions (they went with the old table)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("insured_0005", Path(__file__).with_name("0005_insured.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for sql in module.guard_statements("sqlite"):
        if " ON insured_decisions" in sql:
            conn.exec_driver_sql(sql)


def downgrade() -> None:
    raise NotImplementedError("insured_r2 drops the decisions' own chain columns; restore the backup made "
                              "before the upgrade to go back")
