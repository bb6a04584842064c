"""ledger (PostgreSQL): an entry may be inserted already posted, checked when its transaction commits

Revision ID: posting_0001
Revises: pages_0001
Create Date: 2026-12-03 13:00:00

Posting used to insert each entry as a draft and then post it with an UPDATE, whose guard summed
its lines. On PostgreSQL that UPDATE wrote every entry twice, with a new version in each of the
table's indexes: most of a bulk posting's server time. Now (PostgreSQL only; SQLite keeps 0001's
guards and the UPDATE):

- ``trg_entries_guard`` fires on UPDATE and DELETE only: an INSERT of a posted entry is accepted
  (the CHECK ``posted_complete`` still wants its number, chain position and hash); an UPDATE or
  DELETE of a posted entry is still refused, and the draft -> posted UPDATE (``post_draft``) is
  still checked as before.
- ``trg_entries_posted_balanced`` (a constraint trigger, DEFERRABLE INITIALLY DEFERRED): when the
  transaction commits, every entry it inserted posted must have at least two lines and balance,
  or the whole transaction is refused.
- ``ledger_lines_insert_guard``: lines may be added to a posted entry only by the transaction that
  inserted it (its ``xmin`` is the current transaction: a row another transaction inserted and has
  not committed is invisible, one it committed has another ``xmin``), before that check runs.
  Lines of any other posted entry are refused as before. Postings never run in a savepoint (an
  entry inserted in one has the savepoint's ``xmin`` and its lines would be refused: loud, not
  silent).

The trigger functions run their look-ups with ``enable_seqscan = off``: PostgreSQL keeps a
trigger's plan for the life of the connection, and a plan made while the table was small (a new
branch, autovacuum late or off) would scan the whole table for each entry from then on.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import op

revision = 'posting_0001'
down_revision = 'pages_0001'
branch_labels = None
depends_on = None


def _initial() -> ModuleType:
    """Revision 0001 (its messages, and its guards for the downgrade)."""
    spec = importlib.util.spec_from_file_location("ledger_0001", Path(__file__).with_name("0001_initial_schema.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def guard_statements(dialect: str) -> list[str]:
    """PostgreSQL: the entry and line-insert guards as they are from this revision on (they replace
    0001's functions of the same names) and the deferred balance check. SQLite: none."""
    if dialect == "sqlite":
        return []
    m = _initial()
    return [
        f"""CREATE FUNCTION ledger_entries_guard() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
    BEGIN
      IF OLD.status = 'posted' THEN
        IF TG_OP = 'DELETE' THEN RAISE EXCEPTION '{m.MSG_DELETE_POSTED}'; END IF;
        RAISE EXCEPTION '{m.MSG_CHANGE_POSTED}';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      IF NEW.status = 'posted' AND ({m.UNBALANCED_SQL}) THEN
        RAISE EXCEPTION '{m.MSG_UNBALANCED}';
      END IF;
      RETURN NEW;
    END $$""",
        """CREATE TRIGGER trg_entries_guard BEFORE UPDATE OR DELETE ON entries
       FOR EACH ROW EXECUTE FUNCTION ledger_entries_guard()""",
        f"""CREATE FUNCTION ledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
    DECLARE n bigint; d numeric;
    BEGIN
      SELECT count(*), coalesce(sum(debit), 0) - coalesce(sum(credit), 0) INTO n, d
        FROM entry_lines WHERE entry_id = NEW.id;
      IF n < 2 OR d <> 0 THEN RAISE EXCEPTION '{m.MSG_UNBALANCED}'; END IF;
      RETURN NULL;
    END $$""",
        """CREATE CONSTRAINT TRIGGER trg_entries_posted_balanced AFTER INSERT ON entries
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.status = 'posted')
       EXECUTE FUNCTION ledger_entry_balanced()""",
        f"""CREATE FUNCTION ledger_lines_insert_guard() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
    DECLARE eid bigint; st text; mine boolean;
    BEGIN
      -- One index look-up per entry (see 0001). An entry inserted posted by this very transaction
      -- takes its lines here; its balance is checked at commit (ledger_entry_balanced).
      FOR eid IN SELECT DISTINCT entry_id FROM new_lines LOOP
        SELECT status, xmin = pg_current_xact_id()::xid INTO st, mine FROM entries WHERE id = eid;
        IF st = 'posted' AND NOT mine THEN RAISE EXCEPTION '{m.MSG_LINES_POSTED}'; END IF;
      END LOOP;
      RETURN NULL;
    END $$""",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for sql in guard_statements("postgresql"):
        if sql.startswith("CREATE TRIGGER trg_entries_guard "):
            op.execute("DROP TRIGGER trg_entries_guard ON entries")
        op.execute(sql.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS trg_entries_posted_balanced ON entries")
    op.execute("DROP FUNCTION IF EXISTS ledger_entry_balanced()")
    op.execute("DROP TRIGGER trg_entries_guard ON entries")
    restored = ("CREATE FUNCTION ledger_entries_guard()", "CREATE TRIGGER trg_entries_guard ",
                "CREATE FUNCTION ledger_lines_insert_guard()")
    for sql in _initial().guard_statements("postgresql"):
        if sql.startswith(restored):
            op.execute(sql.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
