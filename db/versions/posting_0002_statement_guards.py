"""ledger (PostgreSQL): a posting's entries are checked once per statement, their lines written first;
two line indexes hold only the lines they serve

Revision ID: posting_0002
Revises: posting_0001, pages_0002
Create Date: 2026-12-03 16:10:00

posting_0001 checked each entry inserted posted by a deferred constraint trigger, one call per
entry when the transaction commits (a queued event, a plpgsql call and an index look-up each), and
let the transaction that inserted a posted entry add lines to it until then. A bulk posting spent a
tenth of its server time there. Now (PostgreSQL only; SQLite keeps 0001's guards and the UPDATE):

- ``fk_entry_lines_entry_id_entries`` is ``DEFERRABLE INITIALLY IMMEDIATE``: still checked at each
  statement unless a transaction defers it (``SET CONSTRAINTS``), as a posting does to write the
  lines of its entries before the entries themselves (their ids come from the sequence first).
- ``trg_entries_posted_balanced`` is an AFTER INSERT trigger FOR EACH STATEMENT over the rows the
  statement inserted (``REFERENCING NEW TABLE``): every entry inserted posted must already have at
  least two lines and balance, or the statement is refused (one query for the whole batch, each
  entry's lines found by the ``(entry_id, line_no)`` index).
- ``ledger_lines_insert_guard``: no line is added to a posted entry, whichever transaction inserted
  it (the exception posting_0001 made for the inserting transaction is gone: its entries' lines now
  come before them).

The trigger functions plan their look-ups with ``enable_seqscan = off`` (see posting_0001).

Two indexes of the lines hold only the lines they serve (most lines have neither): the memo's
trigram index (pages_0002) the lines with a memo (GIN keeps an entry even for an empty text; the
journal's search asks for ``memo <> ''``, which a text of three characters or more implies), and
``ix_entry_lines_party`` the lines with a party (every look-up names its type, which implies it).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import op

revision = 'posting_0002'
down_revision = ('posting_0001', 'pages_0002')  # pages_0002: the memo's trigram index it makes partial
branch_labels = None
depends_on = None

FK = 'fk_entry_lines_entry_id_entries'


def _module(name: str, file: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(file))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _initial() -> ModuleType:
    """Revision 0001 (its messages)."""
    return _module("ledger_0001", "0001_initial_schema.py")


def guard_statements(dialect: str) -> list[str]:
    """PostgreSQL: the statement-level balance check of entries inserted posted and the line-insert
    guard (they replace posting_0001's of the same names). SQLite: none."""
    if dialect == "sqlite":
        return []
    m = _initial()
    return [
        f"""CREATE FUNCTION ledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
    BEGIN
      -- Each entry the statement inserted posted, with its lines (written before it): one query.
      IF EXISTS (SELECT 1 FROM new_entries n CROSS JOIN LATERAL (
                   SELECT count(*) AS k, coalesce(sum(debit), 0) - coalesce(sum(credit), 0) AS d
                   FROM entry_lines WHERE entry_id = n.id) s
                 WHERE n.status = 'posted' AND (s.k < 2 OR s.d <> 0)) THEN
        RAISE EXCEPTION '{m.MSG_UNBALANCED}';
      END IF;
      RETURN NULL;
    END $$""",
        """CREATE TRIGGER trg_entries_posted_balanced AFTER INSERT ON entries
       REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_balanced()""",
        f"""CREATE FUNCTION ledger_lines_insert_guard() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
    BEGIN
      -- One index look-up per entry of the statement's lines; an entry not there yet (a posting
      -- writes the lines first) is none of this guard's business: the foreign key waits for it.
      IF EXISTS (SELECT 1 FROM (SELECT DISTINCT entry_id FROM new_lines) n CROSS JOIN LATERAL (
                   SELECT status FROM entries WHERE id = n.entry_id) e
                 WHERE e.status = 'posted') THEN
        RAISE EXCEPTION '{m.MSG_LINES_POSTED}';
      END IF;
      RETURN NULL;
    END $$""",
    ]


def _line_indexes(partial: bool) -> None:
    """The memo's trigram index (when pg_trgm is there: pages_0002) and the party index, made
    partial (upgrade) or whole again (downgrade)."""
    memo = op.get_bind().exec_driver_sql(
        "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_entry_lines_memo_trgm'").scalar()
    if memo:
        op.execute("DROP INDEX ix_entry_lines_memo_trgm")
        op.execute("CREATE INDEX ix_entry_lines_memo_trgm ON entry_lines USING gin (memo public.gin_trgm_ops)"
                   + (" WHERE memo <> ''" if partial else ""))
    op.drop_index("ix_entry_lines_party", table_name="entry_lines")
    op.create_index("ix_entry_lines_party", "entry_lines", ["party_type", "party_id"], unique=False,
                    postgresql_where="party_type IS NOT NULL" if partial else None)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE entry_lines ALTER CONSTRAINT {FK} DEFERRABLE INITIALLY IMMEDIATE")
        op.execute("DROP TRIGGER trg_entries_posted_balanced ON entries")
        _create(guard_statements("postgresql"))
        _line_indexes(partial=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER trg_entries_posted_balanced ON entries")
        before = _module("posting_0001", "posting_0001_insert_posted.py").guard_statements("postgresql")
        _create([sql for sql in before if sql.startswith((
            "CREATE FUNCTION ledger_entry_balanced()", "CREATE CONSTRAINT TRIGGER trg_entries_posted_balanced ",
            "CREATE FUNCTION ledger_lines_insert_guard()"))])
        op.execute(f"ALTER TABLE entry_lines ALTER CONSTRAINT {FK} NOT DEFERRABLE")
        _line_indexes(partial=False)


def _create(statements: list[str]) -> None:
    """Functions are replaced in place (the triggers of other revisions keep calling them)."""
    for sql in statements:
        op.execute(sql.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
