"""The command palette (Ctrl+K): a page, an employer file, a receipt and an entry, found by typing and
opened with Enter, keyboard only."""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from branch_desktop.core.ledger import queries
from branch_desktop.gui.palette import CommandPalette, page_hits
from branch_desktop.revenue import services
from tests.gui.helpers import press, type_text
from tests.qt_fixtures import activate


def _palette(qtbot, h) -> CommandPalette:  # type: ignore[no-untyped-def]
    window = h.shell.window
    activate(window)
    QTest.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "command_palette", None), CommandPalette)
                    and window.command_palette.isVisible(), timeout=5000)
    palette = window.command_palette
    activate(palette)
    assert palette.query.hasFocus()
    return palette


def _go(qtbot, h, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the palette and press Enter at once (before the search answered)."""
    palette = _palette(qtbot, h)
    type_text(text)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(palette) or not palette.isVisible(), timeout=10_000)
    h.wait()


def test_palette_finds_and_opens_a_page_an_employer_a_receipt_and_an_entry(start_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("accountant")
    ctx, actor = h.ctx, h.actor
    employer = services.search_employers(ctx, actor, "", 5)[3]
    receipt = next(iter(services.receipts_between(ctx, actor, dt.date(2000, 1, 1), dt.date(2100, 1, 1))))
    line_ids = queries.journal_line_ids(ctx, actor, queries.JournalFilter())
    entry = queries.journal_rows(ctx, actor, line_ids[-1:])[0]
    window = h.window

    # a page: the arrows choose among the matches, Enter opens
    palette = _palette(qtbot, h)
    type_text("trial balance")
    assert [palette.results.item(i).text() for i in range(palette.results.count())] == [
        "Page: Accounting › Trial balance", "Page: Reports › Trial balance"]
    press(Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: not palette._timer.isActive() and not palette._pending, timeout=5000)  # noqa: SLF001
    press(Qt.Key.Key_Return)
    h.wait()
    assert window.current_page_key() == "reports.trial_balance"

    # an employer file, by its file number
    _go(qtbot, h, employer.file_no)
    page = window.open_page("revenue.employers")
    assert window.current_page_key() == "revenue.employers"
    qtbot.waitUntil(lambda: page.file_no.text() == employer.file_no, timeout=5000)
    assert page.name.text() == employer.name

    # a receipt, by its printed number: its receipt opens in the preview
    _go(qtbot, h, receipt.display_number)
    qtbot.waitUntil(lambda: getattr(window, "last_preview", None) is not None, timeout=10_000)
    assert receipt.display_number in window.last_preview.windowTitle()

    # an entry, by its number: its detail opens from the journal
    _go(qtbot, h, entry.number)
    journal = window.open_page("accounting.journal")
    qtbot.waitUntil(lambda: getattr(journal, "detail", None) is not None, timeout=10_000)
    assert journal.detail.entry.id == entry.entry_id
    assert h.runner.errors == []


def test_palette_offers_only_the_pages_the_user_may_open(start_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    keys = [key for key, _title in page_hits(h.actor, "")]
    assert "revenue.counter" in keys and "accounting.journal" in keys
    assert "accounting.entry" not in keys  # the clerk may not post entries
    palette = _palette(qtbot, h)
    type_text("new entry")
    qtbot.waitUntil(lambda: not palette._timer.isActive() and not palette._pending, timeout=5000)  # noqa: SLF001
    assert palette.results.count() == 0 and palette.status.text() == "Nothing found."
    press(Qt.Key.Key_Escape)
    assert not palette.isVisible()


def test_search_services_find_by_number_and_reference(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    ctx, actor = h.ctx, h.actor
    receipt = next(iter(services.receipts_between(ctx, actor, dt.date(2000, 1, 1), dt.date(2100, 1, 1))))
    persian = receipt.display_number.replace("-", "/").translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    for text in (receipt.display_number, persian, str(receipt.number)):
        assert receipt.id in [r.id for r in services.search_receipts(ctx, actor, text)], text
    if receipt.reference:
        assert receipt.id in [r.id for r in services.search_receipts(ctx, actor, receipt.reference)]
    assert services.search_receipts(ctx, actor, "no such thing") == []
    line_ids = queries.journal_line_ids(ctx, actor, queries.JournalFilter())
    entry = queries.journal_rows(ctx, actor, line_ids[:1])[0]
    found = queries.search_entries(ctx, actor, entry.number)
    assert [e.id for e in found] == [entry.entry_id] and found[0].number == entry.number
    year_and_number = entry.number.split("-", 1)[1]
    assert entry.entry_id in [e.id for e in queries.search_entries(ctx, actor, year_and_number)]
