"""What the command palette (Ctrl+K) finds in the ledger: entries by number or reference."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.palette import Hit, SearchProvider, register_search
from branch_desktop.gui.session import Session


def _entries(session: Session, text: str) -> list[Hit]:
    from branch_desktop.core.ledger import queries  # imported when the palette opens (not at the start)

    found = queries.search_entries(session.ctx, session.actor, text, limit=8)
    return [Hit(f"{session.digits(e.number) or _('draft')}  —  {session.date(e.entry_date)}  —  {e.description}", e.id)
            for e in found]


def _open_entry(session: Session, entry_id: object, window: QWidget) -> None:
    """The entry's detail, opened from the journal (so a reversal refreshes the journal)."""
    from branch_desktop.accounting.ledger.views.journal import JournalPage

    page = session.open_page("accounting.journal")
    if isinstance(page, JournalPage) and isinstance(entry_id, int):
        page.open_entry(entry_id)


register_search(SearchProvider("ledger.entries", N_("Entry"), "ledger.view", _entries, _open_entry, 30,
                               imports=("branch_desktop.core.ledger.queries",)))
