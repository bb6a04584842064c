"""An employer field with search as you type (name, file number, id, business code)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.operations import read
from branch_desktop.gui.session import Session
from branch_desktop.revenue import services
from branch_desktop.revenue.states import EmployerStatus
from branch_desktop.revenue.types import EmployerRow


def directed(text: str) -> str:
    """Text mixing Persian names and Latin words, read in the interface's direction: a leading
    mark stops the first strong character (a Persian name) from flipping an English line."""
    from branch_desktop.core.i18n import is_rtl

    return ("\u200f" if is_rtl() else "\u200e") + text


def receipt_no(session: Session, text: str) -> str:
    """A receipt number written the one way of the language (``core.texts.format_document_number``)."""
    return session.docno(text)


class EmployerPicker(QWidget):
    chosen = Signal(object)  # EmployerRow

    def __init__(self, session: Session, *, list_height: int = 120, include_closed: bool = True) -> None:
        super().__init__()
        self.session = session
        self.include_closed = include_closed
        self.current: EmployerRow | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("File number, name, id or business code…"))
        self.results = QListWidget()
        self.results.setMaximumHeight(list_height)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.refresh)
        self.search.textEdited.connect(lambda _t: self._timer.start(120))
        self.search.installEventFilter(self)
        self.results.itemActivated.connect(lambda item: self._choose(item.data(Qt.ItemDataRole.UserRole)))
        self.rows: list[EmployerRow] = []

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.results.count():
                self.results.setFocus()
                self.results.setCurrentRow(0)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self._timer.stop()
                    self.refresh(choose_first=True)
                elif self.rows:
                    self._choose(self.rows[0])
                return True
        return False

    def refresh(self, choose_first: bool = False) -> None:
        text, closed = self.search.text(), self.include_closed

        def done(rows: list[EmployerRow]) -> None:
            if text != self.search.text():
                return
            self.rows = rows
            self.results.clear()
            for r in rows:
                label = f"{self.session.digits(r.file_no)}  —  {r.name}  ({self.session.digits(r.national_id)})"
                if r.status != EmployerStatus.ACTIVE:
                    label += "  " + _("[closed]")
                item = QListWidgetItem(directed(label))
                item.setData(Qt.ItemDataRole.UserRole, r)
                self.results.addItem(item)
            if choose_first and rows:
                self._choose(rows[0])

        read(self.session, services.search_employers, text, 50, closed).on_done(done).run(quiet=True)

    def _choose(self, row: EmployerRow) -> None:
        self.current = row
        self.chosen.emit(row)
