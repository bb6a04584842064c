"""insured applications: the insurance status at receipt becomes part of their chained content

Revision ID: insured_r4
Revises: insured_r3
Create Date: 2026-12-03 16:30:00

Revision insured_r3 added ``insured_applications.coverage`` but the applications' record kind
(``insured.application``) did not hash it, so a final application's status could change unseen.
The applications are chained from now on as the record kind ``insured.application.v2``, whose
content holds ``coverage``: this revision puts the record guards back (the table's guard names the
new kind, so an UPDATE of ``coverage`` on a final row is refused) and seals every application into
the new chain, in id order, with the status it holds now (blank for the rows made before
insured_r3). The first kind's chain (``insured.application``) stays in ``record_links`` as it was:
the chain tables are append-only, and a checkpoint taken before still matches it. No schema change.
"""
from alembic import op

revision = 'insured_r4'
down_revision = 'insured_r3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from branch_desktop.core import records
    from branch_desktop.core.record_guards import install_record_guards

    conn = op.get_bind()
    install_record_guards(conn)
    records.seal(conn)


def downgrade() -> None:
    raise NotImplementedError("insured_r4 chains the applications as a new record kind (the chain tables are "
                              "append-only); restore the backup made before the upgrade to go back")
