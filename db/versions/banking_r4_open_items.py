"""banking: the reconciliation's open book items kept by the database (``bank_open_items``: every posted
ledger line on a bank account's ledger account that no match holds, indexed by account, day and line, so
the page reads its first screen from the index) and their totals per account and fiscal period
(``bank_open_totals``: count, deposits in transit, outstanding cheques), so the page's figures add up a
few months instead of every line.

Kept by triggers (guard statements: `verify` checks they are in place, `db repair-guards` puts them
back and refills both tables, see :func:`refill_statements`):
- an entry posted (SQLite: the draft -> posted UPDATE; PostgreSQL: an entry inserted already posted after
  its lines, lines inserted into an entry already posted, and the draft -> posted UPDATE) adds its lines
  on a bank account;
- a ledger line matched leaves, unmatched (its match item deleted, the group's cascade included) comes
  back; a bank account registered brings its ledger account's posted lines;
- every row added to or taken from ``bank_open_items`` moves its account and period's totals.
PostgreSQL's triggers are statement-level with transition tables (a bulk posting or an automatic match
of thousands of items is one statement each), their look-ups planned without sequential scans.

Revision ID: banking_r4
Revises: reports_0003
Create Date: 2026-12-03 16:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'banking_r4'
down_revision = 'reports_0003'
branch_labels = None
depends_on = '0004'  # the banking tables it keeps open items of (bank_accounts, bank_match_items)

_COLUMNS = "entry_line_id, account_id, period_id, entry_date, amount"
_NOT_MATCHED = "NOT EXISTS (SELECT 1 FROM bank_match_items m WHERE m.entry_line_id = l.id)"
_ON_BANK = "l.account_id IN (SELECT ledger_account_id FROM bank_accounts)"


def _lines(where: str) -> str:
    """The open items (``bank_open_items`` rows) of the posted lines ``l`` (entry ``e``) that ``where`` names."""
    return (f"INSERT INTO bank_open_items ({_COLUMNS}) SELECT l.id, l.account_id, e.period_id, e.entry_date, "
            f"l.debit - l.credit FROM entry_lines l JOIN entries e ON e.id = l.entry_id WHERE e.status = 'posted' "
            f"AND {where} AND {_ON_BANK} AND {_NOT_MATCHED} ON CONFLICT (entry_line_id) DO NOTHING")


_ADD = ("ON CONFLICT (account_id, period_id) DO UPDATE SET lines = bank_open_totals.lines + excluded.lines, "
        "transit = bank_open_totals.transit + excluded.transit, "
        "outstanding = bank_open_totals.outstanding + excluded.outstanding")
_TOTAL_COLUMNS = "INSERT INTO bank_open_totals (account_id, period_id, lines, transit, outstanding)"


def _totals(rows: str, sign: str) -> str:
    """Add (``sign`` '') or take (``sign`` '-') the items in table ``rows`` to their account and period's totals."""
    return (f"{_TOTAL_COLUMNS} SELECT account_id, period_id, {sign}count(*), "
            f"{sign}sum(CASE WHEN amount >= 0 THEN amount ELSE 0 END), "
            f"{sign}sum(CASE WHEN amount < 0 THEN -amount ELSE 0 END) FROM {rows} WHERE TRUE "
            f"GROUP BY account_id, period_id {_ADD}")


def _row_totals(r: str, sign: str) -> str:
    """:func:`_totals` of one row (``r``: NEW or OLD in a SQLite trigger)."""
    return (f"{_TOTAL_COLUMNS} VALUES ({r}.account_id, {r}.period_id, {sign}1, "
            f"{sign}(CASE WHEN {r}.amount >= 0 THEN {r}.amount ELSE 0 END), "
            f"{sign}(CASE WHEN {r}.amount < 0 THEN -{r}.amount ELSE 0 END)) {_ADD}")


def _sqlite() -> list[str]:
    return [
        "CREATE TRIGGER trg_bank_open_items_posted AFTER UPDATE OF status ON entries "
        "WHEN OLD.status <> 'posted' AND NEW.status = 'posted' "
        f"BEGIN {_lines('e.id = NEW.id AND l.entry_id = NEW.id')}; END",
        "CREATE TRIGGER trg_bank_open_items_matched AFTER INSERT ON bank_match_items "
        "WHEN NEW.entry_line_id IS NOT NULL "
        "BEGIN DELETE FROM bank_open_items WHERE entry_line_id = NEW.entry_line_id; END",
        "CREATE TRIGGER trg_bank_open_items_unmatched AFTER DELETE ON bank_match_items "
        "WHEN OLD.entry_line_id IS NOT NULL "
        f"BEGIN {_lines('l.id = OLD.entry_line_id')}; END",
        "CREATE TRIGGER trg_bank_open_items_account AFTER INSERT ON bank_accounts "
        f"BEGIN {_lines('l.account_id = NEW.ledger_account_id')}; END",
        "CREATE TRIGGER trg_bank_open_totals_add AFTER INSERT ON bank_open_items "
        f"BEGIN {_row_totals('NEW', '')}; END",
        "CREATE TRIGGER trg_bank_open_totals_take AFTER DELETE ON bank_open_items "
        f"BEGIN {_row_totals('OLD', '-')}; END",
    ]


def _pg_function(name: str, body: str) -> str:
    return (f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$\n"
            f"    BEGIN\n      {body};\n      RETURN NULL;\n    END $$")


def _pg_trigger(name: str, event: str, table: str, tables: str) -> str:
    return (f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {tables} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()")


def _postgresql() -> list[str]:
    posted = _lines("l.entry_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id "
                    "WHERE o.status <> 'posted' AND n.status = 'posted')")
    inserted = _lines("l.id IN (SELECT n.id FROM new_rows n WHERE n.account_id IN "
                      "(SELECT ledger_account_id FROM bank_accounts))")
    # posting (posting_0002) writes the lines first, under the deferred key, then their entries already
    # posted: the entries' insert brings their lines
    entered = _lines("l.entry_id IN (SELECT n.id FROM new_rows n WHERE n.status = 'posted')")
    return [
        _pg_function("trg_bank_open_items_entered", entered),
        _pg_trigger("trg_bank_open_items_entered", "INSERT", "entries", "NEW TABLE AS new_rows"),
        _pg_function("trg_bank_open_items_posted", posted),
        _pg_trigger("trg_bank_open_items_posted", "UPDATE", "entries", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        _pg_function("trg_bank_open_items_lines", inserted),
        _pg_trigger("trg_bank_open_items_lines", "INSERT", "entry_lines", "NEW TABLE AS new_rows"),
        _pg_function("trg_bank_open_items_matched", "DELETE FROM bank_open_items WHERE entry_line_id IN "
                     "(SELECT entry_line_id FROM new_rows WHERE entry_line_id IS NOT NULL)"),
        _pg_trigger("trg_bank_open_items_matched", "INSERT", "bank_match_items", "NEW TABLE AS new_rows"),
        _pg_function("trg_bank_open_items_unmatched", _lines(
            "l.id IN (SELECT entry_line_id FROM old_rows WHERE entry_line_id IS NOT NULL)")),
        _pg_trigger("trg_bank_open_items_unmatched", "DELETE", "bank_match_items", "OLD TABLE AS old_rows"),
        _pg_function("trg_bank_open_items_account", _lines("l.account_id IN (SELECT ledger_account_id FROM new_rows)")),
        _pg_trigger("trg_bank_open_items_account", "INSERT", "bank_accounts", "NEW TABLE AS new_rows"),
        _pg_function("trg_bank_open_totals_add", _totals("new_rows", "")),
        _pg_trigger("trg_bank_open_totals_add", "INSERT", "bank_open_items", "NEW TABLE AS new_rows"),
        _pg_function("trg_bank_open_totals_take", _totals("old_rows", "-")),
        _pg_trigger("trg_bank_open_totals_take", "DELETE", "bank_open_items", "OLD TABLE AS old_rows"),
    ]


def guard_statements(dialect: str) -> list[str]:
    """The triggers that keep the open items and their totals (named guard statements: without them
    both would drift silently)."""
    return _sqlite() if dialect == "sqlite" else _postgresql()


def refill_statements(dialect: str, repaired: set[str] | None = None) -> list[str]:
    """Both tables made again from the lines and matches (after ``db repair-guards`` put one of the
    triggers back: what changed while it was missing is counted again; tests compare with them).
    The totals follow the items through their own triggers."""
    return ["DELETE FROM bank_open_items", "DELETE FROM bank_open_totals", _lines("TRUE")]


def upgrade() -> None:
    big = sa.BigInteger()
    op.create_table(
        'bank_open_items',
        sa.Column('entry_line_id', big.with_variant(sa.Integer(), 'sqlite'), nullable=False),  # SQLite: the rowid
        sa.Column('account_id', big, nullable=False),
        sa.Column('period_id', big, nullable=False),
        sa.Column('entry_date', sa.Date(), nullable=False),
        sa.Column('amount', big, nullable=False),
        sa.PrimaryKeyConstraint('entry_line_id', name=op.f('pk_bank_open_items')),
    )
    # the page's keyset order; the amount makes it covering (a screen of items without the table)
    op.create_index('ix_bank_open_items_page', 'bank_open_items', ['account_id', 'entry_date', 'entry_line_id', 'amount'])
    op.create_table(
        'bank_open_totals',
        sa.Column('account_id', big, nullable=False),
        sa.Column('period_id', big, nullable=False),
        sa.Column('lines', big, nullable=False),
        sa.Column('transit', big, nullable=False),
        sa.Column('outstanding', big, nullable=False),
        sa.PrimaryKeyConstraint('account_id', 'period_id', name=op.f('pk_bank_open_totals')),
    )
    dialect = op.get_bind().dialect.name
    for sql in guard_statements(dialect):
        op.execute(sql)
    for sql in refill_statements(dialect, None):
        op.execute(sql)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    statements = guard_statements(dialect)
    for sql in statements:  # the triggers first, then (PostgreSQL) their functions
        if sql.startswith("CREATE TRIGGER"):
            name, table = sql.split()[2], sql.split(" ON ")[1].split()[0]
            op.execute(f"DROP TRIGGER IF EXISTS {name}" + ("" if dialect == "sqlite" else f" ON {table}"))
    for sql in statements:
        if sql.startswith("CREATE FUNCTION"):
            op.execute(f"DROP FUNCTION IF EXISTS {sql.split()[2].split('(')[0]}()")
    op.drop_table('bank_open_totals')
    op.drop_index('ix_bank_open_items_page', table_name='bank_open_items')
    op.drop_table('bank_open_items')
