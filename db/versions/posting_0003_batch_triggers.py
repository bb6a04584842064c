"""ledger (PostgreSQL): a posting's statement triggers find its rows by the batch's id range

The two statement triggers a posting's batch fires look its rows up by the batch's id range, not
one entry at a time.

Revision ID: posting_0003
Revises: posting_0002, banking_r4
Create Date: 2026-12-03 19:50:00

A posting (posting_0002) writes its lines, then its entries inserted posted; ids come from the
sequence, so a batch's entries hold one range of ids above every entry committed before it. Two
statement triggers spent a third of a bulk posting's trigger time on per-entry index look-ups (one
``entries`` probe per distinct entry of the lines; one ``entries`` probe and one line-index probe
per entry inserted, to find the lines on bank accounts, which most entries have none of):

- ``ledger_lines_insert_guard`` (the lines' insert: none may join a posted entry) now asks once for
  the posted entries in the range of the lines' entry ids, keeping those the lines name: a posting's
  own lines come before their entries, so the range holds none and the look-up is one index probe.
- ``trg_bank_open_items_entered`` (banking_r4: the entries' insert adds the open items of their lines
  on bank accounts) now reads, for each bank account, the lines of the range of the new entries' ids
  (``ix_entry_lines_account``: account, entry), keeping those of the entries the statement inserted
  posted; the rest of its statement (the entry's month and day, the match check, ``ON CONFLICT``) is
  banking_r4's.

Both say the same as before for every statement (the id range only narrows where they look: the
rows they keep are still joined with the statement's own), so nothing is refilled. SQLite: nothing
changes (its guards are row triggers on the draft -> posted update).
"""
from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

from alembic import op

revision = 'posting_0003'
down_revision = ('posting_0002', 'banking_r4')  # the two revisions whose functions it replaces
branch_labels = None
depends_on = None


def _names(file: str) -> dict[str, Any]:
    """The names a sibling revision script defines (its messages, statements, helpers)."""
    return runpy.run_path(str(Path(__file__).with_name(file)))


def guard_statements(dialect: str) -> list[str]:
    """PostgreSQL: the two functions (their triggers are posting_0002's and banking_r4's). SQLite: none."""
    if dialect == "sqlite":
        return []
    lines_posted = _names("0001_initial_schema.py")["MSG_LINES_POSTED"]
    bank = _names("banking_r4_open_items.py")
    # the statement's lines on bank accounts (few) first, then their entries: materialised, so the
    # planner never looks the range's entries up one by one before knowing which lines are on a bank
    entered = (
        "WITH l AS MATERIALIZED (SELECT l.id, l.account_id, l.entry_id, l.debit - l.credit AS amount "
        f"FROM entry_lines l WHERE l.entry_id BETWEEN lo AND hi AND l.entry_id + 0 = ANY (ids) AND {bank['_ON_BANK']}) "
        f"INSERT INTO bank_open_items ({bank['_COLUMNS']}) SELECT l.id, l.account_id, e.period_id, e.entry_date, "
        "l.amount FROM l JOIN entries e ON e.id = l.entry_id "
        f"WHERE e.status = 'posted' AND {bank['_NOT_MATCHED']} ON CONFLICT (entry_line_id) DO NOTHING"
    )
    return [
        f"""CREATE FUNCTION ledger_lines_insert_guard() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
    DECLARE
      lo bigint;
      hi bigint;
      ids bigint[];
    BEGIN
      -- The posted entries in the range of the lines' entry ids, kept when the lines name them: one
      -- index range for the statement (a posting's lines come before their entries: the range is
      -- empty). "+ 0": the ids filter what the range finds, never probed one by one.
      SELECT min(entry_id), max(entry_id), array_agg(DISTINCT entry_id) INTO lo, hi, ids FROM new_lines;
      IF EXISTS (SELECT 1 FROM entries e WHERE e.id BETWEEN lo AND hi AND e.status = 'posted'
                 AND e.id + 0 = ANY (ids)) THEN
        RAISE EXCEPTION '{lines_posted}';
      END IF;
      RETURN NULL;
    END $$""",
        f"""CREATE FUNCTION trg_bank_open_items_entered() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
    DECLARE
      lo bigint;
      hi bigint;
      ids bigint[];
    BEGIN
      -- the lines on bank accounts in the range of the new posted entries' ids, kept when theirs
      -- ("+ 0": the ids filter what the range finds, never probed one by one)
      SELECT min(id), max(id), array_agg(id) INTO lo, hi, ids FROM new_rows WHERE status = 'posted';
      IF lo IS NOT NULL THEN
        {entered};
      END IF;
      RETURN NULL;
    END $$""",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for sql in guard_statements("postgresql"):
            op.execute(sql.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        before = [
            *_names("posting_0002_statement_guards.py")["guard_statements"]("postgresql"),
            *_names("banking_r4_open_items.py")["guard_statements"]("postgresql"),
        ]
        for sql in before:
            if sql.startswith(("CREATE FUNCTION ledger_lines_insert_guard()",
                               "CREATE FUNCTION trg_bank_open_items_entered()")):
                op.execute(sql.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
