"""The journal's keyset paging, on SQLite and PostgreSQL: pages of the service join up to the whole
list in a stable order (many entries on one date), each filter returns exactly its lines, and the
journal page's model reads more rows as its view is scrolled to the end."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ledger import queries
from branch_desktop.core.ledger.posting import post_many
from branch_desktop.core.ledger.queries import JournalFilter, JournalKey, JournalRow
from branch_desktop.core.ledger.types import EntryInput, LineInput
from tests.conftest import Branch

SAME_DAY = dt.date(2026, 11, 10)  # 1405-08
EARLIER = dt.date(2026, 10, 10)  # 1405-07


def _post(branch: Branch) -> None:
    entries = []
    for n in range(40):  # forty entries on one date: only the key orders them
        journal = "REV" if n % 3 else "GEN"
        lines = [LineInput("1500", debit=1000 + n), LineInput("1310", credit=1000 + n, party_type="employer",
                                                                 party_id=n, memo="needle" if n % 5 == 0 else "")]
        if n % 4 == 0:
            lines = [LineInput("1500", debit=1000 + n), LineInput("2210", credit=500),
                     LineInput("1310", credit=500 + n, party_type="employer", party_id=n)]
        entries.append(EntryInput(journal, SAME_DAY, f"Same day {n}", tuple(lines), reference=f"PG-{n}"))
    for n in range(8):
        entries.append(EntryInput("REV", EARLIER, f"Earlier {n}", (
            LineInput("2210", debit=70 + n), LineInput("1500", credit=70 + n))))
    post_many(branch.ctx, branch.accountant, entries)


def _keys(rows: list[JournalRow]) -> list[tuple[int, int]]:
    return [(r.entry_id, r.line_no) for r in rows]


def _all_pages(branch: Branch, f: JournalFilter, limit: int) -> list[JournalRow]:
    rows: list[JournalRow] = []
    after = None
    while True:
        page = queries.journal_page(branch.ctx, branch.accountant, f, after, limit)
        assert len(page.rows) <= limit
        rows += page.rows
        if page.next is None:
            return rows
        assert page.next == JournalKey(rows[-1].entry_id, rows[-1].line_no)
        after = page.next


FILTERS = [
    JournalFilter(),
    JournalFilter(period=YearMonth(1405, 8)),
    JournalFilter(period=YearMonth(1405, 7)),
    JournalFilter(period=YearMonth(1405, 6)),  # nothing posted
    JournalFilter(account_code="1500"),
    JournalFilter(account_code="1100"),  # a parent: its sub-accounts' lines
    JournalFilter(journal_code="GEN"),
    JournalFilter(text="needle"),
    JournalFilter(text="PG-1"),  # PG-1, PG-10 ... PG-19
    JournalFilter(period=YearMonth(1405, 8), account_code="2210", journal_code="REV"),
]


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: repr(f)[14:60])
def test_pages_join_up_to_the_filtered_list(branch: Branch, f: JournalFilter) -> None:
    _post(branch)
    expected = queries.journal_line_ids(branch.ctx, branch.accountant, f)
    for limit in (1, 7, 500):
        rows = _all_pages(branch, f, limit)
        assert [r.line_id for r in rows] == expected
        keys = _keys(rows)
        assert keys == sorted(keys, key=lambda k: (-k[0], k[1])) and len(set(keys)) == len(keys)
    assert queries.journal_count(branch.ctx, branch.accountant, f) == len(expected)


def test_each_filter_finds_its_own_lines(branch: Branch) -> None:
    _post(branch)
    ctx, actor = branch.ctx, branch.accountant
    everything = _all_pages(branch, JournalFilter(), 50)
    assert len(everything) == 40 * 2 + 10 + 8 * 2
    same_day = _all_pages(branch, JournalFilter(period=YearMonth(1405, 8)), 9)
    assert {r.entry_date for r in same_day} == {SAME_DAY} and len(same_day) == 90
    bank = _all_pages(branch, JournalFilter(account_code="1500"), 9)
    assert {r.account_code for r in bank} == {"1500"} and len(bank) == 48
    gen = _all_pages(branch, JournalFilter(journal_code="GEN"), 9)
    assert {r.journal_code for r in gen} == {"GEN"} and {r.description for r in gen} == {
        f"Same day {n}" for n in range(0, 40, 3)}
    # the memo matches a line; the line is listed, not its whole entry
    needle = _all_pages(branch, JournalFilter(text="needle"), 3)
    assert {r.description for r in needle} == {f"Same day {n}" for n in (5, 10, 15, 25, 30, 35)}
    assert {r.account_code for r in needle} == {"1310"}
    narrow = _all_pages(branch, JournalFilter(period=YearMonth(1405, 8), account_code="2210", journal_code="REV"), 2)
    assert [(r.description, r.credit) for r in narrow] == [
        (f"Same day {n}", 500) for n in sorted((n for n in range(40) if n % 4 == 0 and n % 3), reverse=True)]
    assert queries.journal_page(ctx, actor, JournalFilter(period=YearMonth(1405, 6))).rows == ()


def _scroll_to_end(page: object, runner: object) -> None:
    """Scroll the view to its end until the model has no more rows to read."""
    view = page.view  # type: ignore[attr-defined]
    for _ in range(100):
        runner.wait_idle(20)  # type: ignore[attr-defined]
        QApplication.processEvents()
        if page.model.complete:  # type: ignore[attr-defined]
            return
        view.scrollToBottom()
    raise AssertionError("the list did not end")


def test_journal_page_reads_more_as_it_scrolls_then_filters(branch: Branch, runner: object, qtbot: object) -> None:
    from branch_desktop.accounting.ledger.views.journal import JournalPage
    from branch_desktop.gui.session import Session

    _post(branch)
    session = Session(branch.ctx, branch.accountant, runner)  # type: ignore[arg-type]
    page = JournalPage(session)
    qtbot.addWidget(page)  # type: ignore[attr-defined]
    page.model.page_size = 10
    page.resize(900, 300)
    page.show()
    page.period.clear()
    page.apply_filter()
    runner.wait_idle(20)  # type: ignore[attr-defined]
    everything = queries.journal_line_ids(branch.ctx, branch.accountant, JournalFilter())
    # the first screen only: ten real rows, more to come, the count apart
    assert page.model.ids() == everything[:10]
    assert page.model.canFetchMore()
    assert page.count.text() == f"{len(everything)} lines"
    first = page.model.row_object(0)
    assert first is not None and first.description == "Earlier 7"  # the newest entry, though dated earlier
    shown = page.model.index(0, 3).data()
    assert shown == first.description
    _scroll_to_end(page, runner)
    assert page.model.ids() == everything  # every row once, in the service's order
    assert not page.model.canFetchMore()

    page.account.setText("2210")
    page.period.setText("1405-08")
    page.apply_filter()
    _scroll_to_end(page, runner)
    expected = queries.journal_line_ids(branch.ctx, branch.accountant,
                                        JournalFilter(period=YearMonth(1405, 8), account_code="2210"))
    assert page.model.ids() == expected and len(expected) == 10
    assert {page.model.index(r, 4).data() for r in range(page.model.rowCount())} == {"2210"}
    assert page.count.text() == "10 lines"


def _rare_oldest(branch: Branch) -> None:
    """The oldest entry (lowest id) carries a one-letter text nothing else has."""
    post_many(branch.ctx, branch.accountant, [EntryInput("GEN", EARLIER, "Ω", (
        LineInput("2210", debit=5), LineInput("1500", credit=5)))])


def test_a_short_text_is_read_a_window_of_entries_at_a_time(branch: Branch, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text without a trigram (1-2 characters) is matched in windows of entries, newest first: the
    pages join up to the whole filtered list; a window that holds nothing gives an empty page with the
    key to go on from, so a rare text is found without one page reading every line."""
    _rare_oldest(branch)
    _post(branch)
    ctx, actor = branch.ctx, branch.accountant
    monkeypatch.setattr(queries, "SHORT_TEXT_WINDOW", 4)
    for term in ("Ω", "1", "e", "%", "zq", "_5", "ω"):
        f = JournalFilter(text=term)
        everything = queries.journal_line_ids(ctx, actor, f)
        rows: list[JournalRow] = []
        after, pages, empty = None, 0, 0
        while True:
            page = queries.journal_page(ctx, actor, f, after, 3)
            assert len(page.rows) <= 3
            rows += page.rows
            pages, empty = pages + 1, empty + (not page.rows)
            if page.next is None:
                break
            after = page.next
        assert [r.line_id for r in rows] == everything, term
        assert pages >= 49 // 4  # a window at most per page
        if term in ("Ω", "zq"):
            assert empty >= pages - 1
    assert len(queries.journal_line_ids(ctx, actor, JournalFilter(text="Ω"))) == 2
    assert len(queries.journal_line_ids(ctx, actor, JournalFilter(text="1"))) > 20


def test_the_journal_page_goes_on_through_empty_windows(branch: Branch, runner: object, qtbot: object,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's model reads on by itself after a page that found nothing (the view has no rows to
    scroll), until it finds the rare short text in the oldest entry."""
    from branch_desktop.accounting.ledger.views.journal import JournalPage
    from branch_desktop.gui.session import Session

    _rare_oldest(branch)
    _post(branch)
    monkeypatch.setattr(queries, "SHORT_TEXT_WINDOW", 4)
    session = Session(branch.ctx, branch.accountant, runner)  # type: ignore[arg-type]
    page = JournalPage(session)
    qtbot.addWidget(page)  # type: ignore[attr-defined]
    page.resize(900, 300)
    page.show()
    page.period.clear()
    page.text.setText("Ω")
    page.apply_filter()
    qtbot.waitUntil(lambda: page.model.complete, timeout=10_000)  # type: ignore[attr-defined]
    assert page.model.ids() == queries.journal_line_ids(branch.ctx, branch.accountant, JournalFilter(text="Ω"))
    assert len(page.model.ids()) == 2
