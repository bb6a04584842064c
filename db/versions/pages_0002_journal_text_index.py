"""ledger: an index of the text the journal's filter searches (entries' description and reference,
their stored texts' parameters, lines' memos) so a rare word is found without reading every line

SQLite: FTS5 tables with the trigram tokenizer (substring search for 3 characters and more; positions
are not kept, ``detail=none``: a third of the size and cheaper to fill, the journal's query checks the
text itself on the entries the index names), kept by triggers (guard statements: `verify` checks they are in place, `db repair-guards` puts them back).
PostgreSQL: pg_trgm GIN indexes, which serve ILIKE itself; where the extension cannot be created the
journal keeps searching without an index (a warning is logged here and by the journal's query).

Revision ID: pages_0002
Revises: pages_0001
Create Date: 2026-12-03 13:00:00
"""
import logging

from alembic import op
from sqlalchemy.exc import DBAPIError


revision = 'pages_0002'
down_revision = 'pages_0001'
branch_labels = None
depends_on = None

log = logging.getLogger('alembic.runtime.migration')

# (FTS table, its columns, source table, source key, condition on the row, rowid of the index row)
ENTRY_FTS = 'ledger_entry_text_fts'
MEMO_FTS = 'ledger_memo_fts'
PARAMS_FTS = 'ledger_entry_params_fts'

# PostgreSQL: (index, table, column)
TRGM = (
    ('ix_entries_description_trgm', 'entries', 'description'),
    ('ix_entries_reference_trgm', 'entries', 'reference'),
    ('ix_entry_lines_memo_trgm', 'entry_lines', 'memo'),
    ('ix_record_texts_params_trgm', 'record_texts', 'params'),
)


def _fts_sync(name: str, fts: str, table: str, columns: tuple[str, ...], rowid: str, when: str = '') -> list[str]:
    """Triggers keeping an FTS5 index of ``table``'s ``columns`` (index rowid ``rowid``) in step;
    ``when`` limits them to the rows indexed (written with NEW./OLD. as a placeholder ``R.``)."""
    cols = ', '.join(columns)

    def values(r: str) -> str:
        return ', '.join(f'{r}.{c}' for c in (rowid, *columns))

    def cond(r: str) -> str:
        return f' WHEN {when.replace("R.", r + ".")}' if when else ''

    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES ({values('NEW')})"
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', {values('OLD')})"
    of = ', '.join(columns)
    return [
        f'CREATE TRIGGER {name}_ai AFTER INSERT ON {table}{cond("NEW")} BEGIN {insert}; END',
        f'CREATE TRIGGER {name}_ad AFTER DELETE ON {table}{cond("OLD")} BEGIN {delete}; END',
        # an update re-indexes the row (a draft's text changes; a posted entry's never does)
        f'CREATE TRIGGER {name}_au1 AFTER UPDATE OF {of} ON {table}{cond("OLD")} BEGIN {delete}; END',
        f'CREATE TRIGGER {name}_au2 AFTER UPDATE OF {of} ON {table}{cond("NEW")} BEGIN {insert}; END',
    ]


def guard_statements(dialect: str) -> list[str]:
    """The triggers that keep the SQLite text index in step (none on PostgreSQL: its indexes are kept
    by the database)."""
    if dialect != 'sqlite':
        return []
    return [
        *_fts_sync('ledger_entry_text', ENTRY_FTS, 'entries', ('description', 'reference'), 'id'),
        *_fts_sync('ledger_memo', MEMO_FTS, 'entry_lines', ('memo',), 'id', "R.memo <> ''"),
        *_fts_sync('ledger_entry_params', PARAMS_FTS, 'record_texts', ('params',), 'record_id',
                   "R.kind = 'entry'"),
    ]


# (the triggers' name, FTS table, the statement filling it from its table)
FILLS = (
    ('ledger_entry_text', ENTRY_FTS,
     f"INSERT INTO {ENTRY_FTS}(rowid, description, reference) SELECT id, description, reference FROM entries"),
    ('ledger_memo', MEMO_FTS, f"INSERT INTO {MEMO_FTS}(rowid, memo) SELECT id, memo FROM entry_lines WHERE memo <> ''"),
    ('ledger_entry_params', PARAMS_FTS,
     f"INSERT INTO {PARAMS_FTS}(rowid, params) SELECT record_id, params FROM record_texts WHERE kind = 'entry'"),
)


def refill_statements(dialect: str, repaired: set[str] | None = None) -> list[str]:
    """An index made again from its table once ``db repair-guards`` put back one of its triggers
    (``repaired``: the names put back; None: every index): the rows written while the trigger was
    missing are found again, and none is left twice."""
    if dialect != 'sqlite':
        return []
    out = []
    for name, fts, fill in FILLS:
        if repaired is None or any(r.startswith(f'{name}_a') for r in repaired):
            out += [f"INSERT INTO {fts}({fts}) VALUES('delete-all')", fill]
    return out


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        # external content (the text stays in its table, the index holds the trigrams only);
        # the parameters' index is contentless: its rowid is the entry's id, not the row's
        op.execute(f"CREATE VIRTUAL TABLE {ENTRY_FTS} USING fts5(description, reference, content='entries', "
                   "content_rowid='id', tokenize='trigram', detail='none')")
        op.execute(f"CREATE VIRTUAL TABLE {MEMO_FTS} USING fts5(memo, content='entry_lines', content_rowid='id', "
                   "tokenize='trigram', detail='none')")
        op.execute(f"CREATE VIRTUAL TABLE {PARAMS_FTS} USING fts5(params, content='', tokenize='trigram', "
                   "detail='none')")
        for _name, _fts, fill in FILLS:
            op.execute(fill)
        for sql in guard_statements('sqlite'):
            op.execute(sql)
        return
    try:
        with bind.begin_nested():
            bind.exec_driver_sql('CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public')
    except DBAPIError as exc:
        log.warning('pg_trgm cannot be created (%s): the journal searches its text without an index',
                    str(exc).splitlines()[0])
        return
    for name, table, column in TRGM:
        op.execute(f'CREATE INDEX {name} ON {table} USING gin ({column} public.gin_trgm_ops)')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        for sql in guard_statements('sqlite'):
            op.execute(f"DROP TRIGGER IF EXISTS {sql.split()[2]}")
        for fts in (PARAMS_FTS, MEMO_FTS, ENTRY_FTS):
            op.execute(f'DROP TABLE IF EXISTS {fts}')
        return
    for name, _table, _column in TRGM:
        op.execute(f'DROP INDEX IF EXISTS {name}')
