"""The journal's filtered pages on a branch whose period's entry ids are interleaved with other
periods' (back-dated entries): every filter, whichever side of the join reads first, returns the
lines of a plain reference query in the page's order; and on SQLite the period + account page never
reads a range of the account index once per entry (the plan that took 91 s on a 417k-line branch)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import event, select, text

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ledger import queries
from branch_desktop.core.ledger.models import Account, Entry, EntryLine
from branch_desktop.core.ledger.posting import post_many
from branch_desktop.core.ledger.queries import JournalFilter, JournalRow
from branch_desktop.core.ledger.types import EntryInput, LineInput
from tests.conftest import Branch

AUGUST = dt.date(2026, 11, 10)  # 1405-08
JULY = dt.date(2026, 10, 10)  # 1405-07
PERIOD = YearMonth(1405, 8)


def _post_interleaved(branch: Branch) -> None:
    """Entries of 1405-08 and (back-dated) 1405-07 alternate, so each period's ids span the other's."""
    entries = []
    for n in range(60):
        date = AUGUST if n % 2 else JULY
        journal = "REV" if n % 3 else "GEN"
        if n % 5 == 0:
            lines = (LineInput("1500", debit=100 + n), LineInput("2210", credit=40),
                     LineInput("1310", credit=60 + n, memo="needle"))
        else:
            lines = (LineInput("1500" if n % 7 else "2210", debit=200 + n), LineInput("1310", credit=200 + n))
        entries.append(EntryInput(journal, date, f"Mixed {n}" + (" rare" if n % 11 == 0 else ""), lines,
                                  reference=f"MX-{n}"))
    post_many(branch.ctx, branch.accountant, entries)


def _reference(branch: Branch, f: JournalFilter) -> list[int]:
    """The filter's lines by a plain query filtered in Python, newest entry first, then line by line."""
    with branch.ctx.db.read() as s:
        accounts = {a.id: (a.code, a.parent_id) for a in s.execute(select(Account.id, Account.code, Account.parent_id))}
        rows = s.execute(select(EntryLine.id, EntryLine.entry_id, EntryLine.line_no, EntryLine.account_id,
                                EntryLine.memo, Entry.entry_date, Entry.description, Entry.status, Entry.journal_id)
                         .join(Entry, Entry.id == EntryLine.entry_id)).all()
        journals = dict(s.execute(text("SELECT id, code FROM journals")).all())
    start, end = branch.ctx.pack.calendar.month_bounds(f.period) if f.period else (None, None)

    def under(acc: int | None, code: str) -> bool:
        while acc is not None:
            if accounts[acc][0] == code:
                return True
            acc = accounts[acc][1]
        return False

    keep = [r for r in rows if r.status == "posted"
            and (start is None or start <= r.entry_date <= end)
            and (f.account_code is None or under(r.account_id, f.account_code))
            and (f.journal_code is None or journals[r.journal_id] == f.journal_code)
            and (f.text is None or f.text.lower() in f"{r.description} {r.memo or ''}".lower())]
    return [r.id for r in sorted(keep, key=lambda r: (-r.entry_id, r.line_no))]


def _all_pages(branch: Branch, f: JournalFilter, limit: int) -> list[JournalRow]:
    rows: list[JournalRow] = []
    after = None
    while True:
        page = queries.journal_page(branch.ctx, branch.accountant, f, after, limit)
        rows += page.rows
        if page.next is None:
            return rows
        after = page.next


FILTERS = [
    JournalFilter(period=PERIOD),
    JournalFilter(period=PERIOD, account_code="1500"),
    JournalFilter(period=PERIOD, account_code="2210"),
    JournalFilter(period=PERIOD, account_code="1100"),  # a parent: its sub-accounts
    JournalFilter(period=PERIOD, account_code="1500", journal_code="REV"),
    JournalFilter(period=PERIOD, text="needle"),
    JournalFilter(period=PERIOD, account_code="1310", text="rare"),
    JournalFilter(account_code="1500"),
    JournalFilter(account_code="1100"),
    JournalFilter(journal_code="GEN", account_code="2210"),
    JournalFilter(text="rare"),
]


def _forced(monkeypatch: pytest.MonkeyPatch, lines_first: bool | None) -> None:
    if lines_first is None:
        return
    choose = queries._plan

    def forced(*args: Any) -> Any:
        return dataclasses.replace(choose(*args), lines_first=lines_first)

    monkeypatch.setattr(queries, "_plan", forced)


@pytest.mark.parametrize("lines_first", [None, True, False], ids=["chosen", "lines-first", "entries-first"])
def test_interleaved_periods_match_a_plain_query(branch: Branch, monkeypatch: pytest.MonkeyPatch,
                                                 lines_first: bool | None) -> None:
    _post_interleaved(branch)
    _forced(monkeypatch, lines_first)
    for f in FILTERS:
        expected = _reference(branch, f)
        assert expected, f  # each filter finds something
        for limit in (1, 7, 500):
            assert [r.line_id for r in _all_pages(branch, f, limit)] == expected, (f, limit)
        assert queries.journal_count(branch.ctx, branch.accountant, f) == len(expected)
        assert queries.journal_line_ids(branch.ctx, branch.accountant, f) == expected


def _page_plan(branch: Branch, f: JournalFilter) -> list[str]:
    """SQLite's ``EXPLAIN QUERY PLAN`` of the statement that reads a journal page for ``f``."""
    engine = branch.ctx.db.engine
    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        if "entry_lines" in statement and "ORDER BY" in statement and "LIMIT" in statement:
            seen.append((statement, params))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        queries.journal_page(branch.ctx, branch.accountant, f, None, 20)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    statement, params = seen[-1]
    raw = engine.raw_connection()
    try:
        return [str(r[3]) for r in raw.cursor().execute("EXPLAIN QUERY PLAN " + statement, params).fetchall()]
    finally:
        raw.close()


@pytest.mark.parametrize("lines_first", [None, True, False], ids=["chosen", "lines-first", "entries-first"])
def test_period_and_account_do_not_scan_an_id_range_per_entry_on_sqlite(
        branch: Branch, monkeypatch: pytest.MonkeyPatch, lines_first: bool | None) -> None:
    """Reading the period's entries then, for each, the account index on ``entry_id > ? AND entry_id < ?``
    (the period's id range carried over the join) costs entries x account lines. The account index
    may drive the read (before the entries, once) or the entry's lines are read by ``entry_id =``."""
    if branch.ctx.db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's planner")
    _post_interleaved(branch)
    _forced(monkeypatch, lines_first)
    for f in (JournalFilter(period=PERIOD, account_code="1500"), JournalFilter(period=PERIOD, account_code="1100"),
              JournalFilter(period=PERIOD, account_code="1500", journal_code="REV")):
        plan = [p for p in _page_plan(branch, f) if p.startswith(("SCAN", "SEARCH"))]
        lines = [i for i, p in enumerate(plan) if " entry_lines " in f"{p} "]
        assert len(lines) == 1, plan
        step = plan[lines[0]]
        ranged = "ix_entry_lines_account" in step and "entry_id>" in step
        outer = lines[0] < next(i for i, p in enumerate(plan) if " entries " in f"{p} ")  # before the entries
        assert not ranged or outer, plan
        assert outer or "(entry_id=?)" in step, plan
        if lines_first is False:
            assert not outer and "(entry_id=?)" in step, plan


def test_bulk_posting_keeps_the_stored_texts_statistics(branch: Branch) -> None:
    """PostgreSQL without autovacuum: bulk postings ANALYZE the stored texts as well as the entries
    and lines, so the journal's join on them is not planned as on an empty table."""
    if branch.ctx.db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's statistics")
    from branch_desktop.core.ledger import posting
    from branch_desktop.core.texts import StoredText

    def batch(k: int) -> list[EntryInput]:
        return [EntryInput("GEN", AUGUST, "", (LineInput("1500", debit=10 + n), LineInput("1310", credit=10 + n)),
                           text=StoredText("Cheque {number} from {name}", {"number": f"{k}-{n}", "name": "x" * 40}))
                for n in range(posting._BULK)]

    for k in range(4):
        post_many(branch.ctx, branch.accountant, batch(k))
    with branch.ctx.db.read() as s:
        analyzed = s.scalar(text("SELECT reltuples FROM pg_class WHERE oid = to_regclass('record_texts')"))
    assert analyzed is not None and analyzed > 0
