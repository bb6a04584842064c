"""The command palette (Ctrl+K): jump to a page, an employer file, a receipt or an entry by typing.

Pages come from the page registry (translated titles, only the pages the user may open) and are
matched at once, without the database. Everything else comes from *search providers* that the
departments register next to their pages::

    register_search(SearchProvider("revenue.employers", N_("Employer"), "revenue.view",
                                   search=_find_employers, open=_open_employer, order=10))

``search(session, text)`` runs on the task runner (services only, never SQL here) and returns
:class:`Hit` rows; ``open(session, payload, window)`` runs on the GUI thread when the user picks
one. The searches start once typing pauses (:data:`DEBOUNCE_MS`); stale answers are dropped.
Keyboard only: type, Up/Down, Enter opens, Esc closes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.gui.registry import DEPARTMENTS, all_pages
from branch_desktop.gui.session import Session

DEBOUNCE_MS = 200
HITS_PER_KIND = 8


@dataclass(frozen=True)
class Hit:
    text: str  # the line shown (already formatted for the language)
    payload: object  # what ``open`` gets back


@dataclass(frozen=True)
class SearchProvider:
    key: str
    label: str  # msgid: what kind of thing it finds ("Employer")
    permission: str | None
    search: Callable[[Session, str], list[Hit]]  # worker thread
    open: Callable[[Session, object, QWidget], None]  # GUI thread
    order: int = 100
    # the modules ``search`` uses, imported when the palette opens, on the GUI thread (not at the start,
    # and never first on the task runner's thread: see core.lazy_exports)
    imports: tuple[str, ...] = ()

    def allowed(self, actor: Actor) -> bool:
        return self.permission is None or actor.can(self.permission)


_PROVIDERS: dict[str, SearchProvider] = {}


def register_search(provider: SearchProvider) -> None:
    _PROVIDERS[provider.key] = provider


def providers_for(actor: Actor) -> list[SearchProvider]:
    return sorted((p for p in _PROVIDERS.values() if p.allowed(actor)), key=lambda p: (p.order, p.key))


def _matches(words: list[str], haystack: str) -> bool:
    low = haystack.casefold()
    return all(w in low for w in words)


def page_hits(actor: Actor, text: str, offered: set[str] | None = None) -> list[tuple[str, str]]:
    """``(key, "Department › Page")`` of the pages the user may open whose titles contain every word."""
    words = text.casefold().split()
    titles = {d.key: _(d.title) for d in DEPARTMENTS}
    out = []
    for spec in all_pages():
        if not spec.allowed(actor) or (offered is not None and spec.key not in offered):
            continue
        shown = f"{titles.get(spec.department, spec.department)} › {_(spec.title)}"
        if _matches(words, f"{shown} {spec.key}"):
            out.append((spec.key, shown))
    return out


class CommandPalette(QDialog):
    PAGE = "page"

    def __init__(self, session: Session, window: QWidget, offered: set[str] | None = None) -> None:
        super().__init__(window)
        self.setObjectName("CommandPalette")
        self.session = session
        self.window_ = window
        self.offered = offered
        for provider in providers_for(session.actor):
            for module in provider.imports:
                importlib.import_module(module)
        self.setWindowTitle(_("Go to"))
        layout = QVBoxLayout(self)
        self.query = QLineEdit()
        self.query.setPlaceholderText(_("Page, employer, receipt or entry…"))
        self.query.setClearButtonEnabled(True)
        layout.addWidget(self.query)
        self.results = QListWidget()
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the search box
        layout.addWidget(self.results, 1)
        self.status = QLabel()
        layout.addWidget(self.status)
        hint = QLabel(_("Type to search; Up and Down choose, Enter opens, Esc closes."))
        hint.setEnabled(False)
        layout.addWidget(hint)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.search)
        self._generation = 0
        self._pending = False  # a search is on the runner
        self._open_when_found = False  # Enter was pressed before the answers came
        self.query.textEdited.connect(self._edited)
        self.query.installEventFilter(self)
        self.results.itemActivated.connect(self.activate)
        self._show(self._page_items(""), [])
        self.resize(560, 420)

    # -- searching --------------------------------------------------------------------------------
    def _page_items(self, text: str) -> list[tuple[str, object]]:
        label = _("Page")
        return [(f"{label}: {shown}", (self.PAGE, key))
                for key, shown in page_hits(self.session.actor, text, self.offered)]

    def _edited(self, text: str) -> None:
        self._generation += 1
        self._show(self._page_items(text), [])
        if text.strip():
            self.status.setText(_("Searching…"))
            self._timer.start(DEBOUNCE_MS)
        else:
            self._timer.stop()
            self.status.clear()

    def search(self) -> None:
        """Ask every provider the user may use, on the task runner (one task, newest answer wins)."""
        self._timer.stop()
        text = self.query.text().strip()
        if not text:
            return
        session, generation = self.session, self._generation
        providers = providers_for(session.actor)

        def work() -> list[tuple[SearchProvider, list[Hit]]]:
            return [(p, p.search(session, text)[:HITS_PER_KIND]) for p in providers]

        def done(found: list[tuple[SearchProvider, list[Hit]]]) -> None:
            if generation != self._generation:
                return
            self._pending = False
            items: list[tuple[str, object]] = [(f"{_(p.label)}: {hit.text}", (p.key, hit.payload))
                                               for p, hits in found for hit in hits]
            self._show(self._page_items(text), items)
            if self._open_when_found:
                self._open_when_found = False
                self.activate(self.results.currentItem())

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._pending = False
                self._open_when_found = False
                self.status.setText(str(exc))

        self._pending = True
        session.runner.submit(work, done, failed, quiet=True)

    def _show(self, pages: list[tuple[str, object]], found: list[tuple[str, object]]) -> None:
        """List the answers; the line the user chose with the arrows stays chosen if still there."""
        current = self.results.currentItem()
        chosen = current.text() if current is not None else None
        self.results.clear()
        row = 0
        for text, data in pages + found:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, data)
            self.results.addItem(item)
            if text == chosen:
                row = self.results.count() - 1
        if self.results.count():
            self.results.setCurrentRow(row)
        if not self._timer.isActive():
            self.status.setText("" if self.results.count() or not self.query.text().strip() else _("Nothing found."))

    # -- keys -------------------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = Qt.Key(event.key())
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.enter()
                return True
        return False

    def _move(self, key: Qt.Key) -> None:
        count = self.results.count()
        if not count:
            return
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8, Qt.Key.Key_PageUp: -8}[key]
        self.results.setCurrentRow(max(0, min(count - 1, self.results.currentRow() + step)))

    def enter(self) -> None:
        """Enter: open the chosen line; typed too fast for the search, open the first answer."""
        if self._timer.isActive() or (self._pending and self.results.currentRow() <= 0):
            self._open_when_found = True
            if self._timer.isActive():
                self.search()
            return
        self.activate(self.results.currentItem())

    def activate(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        kind, payload = item.data(Qt.ItemDataRole.UserRole)
        session, window = self.session, self.window_
        self.accept()
        if kind == self.PAGE:
            session.open_page(str(payload))
            return
        provider = _PROVIDERS.get(kind)
        if provider is not None:
            provider.open(session, payload, window)
