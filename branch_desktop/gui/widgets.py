"""Shared widgets: a reason dialog, a non-blocking confirmation, field error marks, icons, the
empty state of a list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.texts import directed

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20;"


def std_icon(which: QStyle.StandardPixmap) -> QIcon:
    return QApplication.style().standardIcon(which)


def shortcut_text(seq: str | QKeySequence.StandardKey) -> str:
    return QKeySequence(seq).toString(QKeySequence.SequenceFormat.NativeText)


def with_shortcut(text: str, seq: str) -> str:
    """A tooltip that names its shortcut: ``Post (Ctrl+Return)``."""
    return f"{text} ({shortcut_text(seq)})"


def shortcut(keys: str, parent: QWidget, slot: Callable[[], object],
             context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut) -> QShortcut:
    """A keyboard shortcut on ``parent`` with its context set. (PySide6 drops a ``context=`` given to
    QShortcut's constructor together with a slot, leaving a window-wide shortcut that collides with
    another page's same keys.)"""
    sc = QShortcut(QKeySequence(keys), parent)
    sc.setContext(context)
    sc.activated.connect(slot)
    return sc


def show_only_if(widget: QWidget, condition: bool) -> None:
    """Hide a widget the user may not use. Never ``setVisible(True)`` a widget that has no parent
    yet: it would flash up as a window of its own (and take the focus from the main window)."""
    if not condition:
        widget.hide()


def mark_field(widget: QWidget, error: str | None) -> None:
    """Show (or clear) a field's problem on the field itself."""
    widget.setProperty("invalid", bool(error))
    widget.setStyleSheet("border: 1px solid #b00020;" if error else "")
    widget.setToolTip(error or "")


def message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setObjectName("message")
    return label


def set_message(label: QLabel, text: str, ok: bool = False) -> None:
    """Show a message under a form, laid out by the language's direction whatever its first
    word (a Persian message starting with a code or a Latin name still starts at the right)."""
    label.setText(directed(text))
    label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)


def fixed_row_table(view: QTableView) -> None:
    """Uniform row heights and no per-row sizing: cheap for a million rows."""
    vh = view.verticalHeader()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(view.fontMetrics().height() + 8)
    vh.hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setHighlightSections(False)


def fit_headings(view: QTableView) -> None:
    """Widen every column the user may resize that is narrower than its heading (the style's
    margins and sort arrow included), now and whenever the model brings columns: a long Turkish or
    Persian heading is read whole, never clipped at both ends. Wider columns are left alone."""
    header = view.horizontalHeader()

    def fit() -> None:
        for section in range(header.count()):
            if header.sectionResizeMode(section) != QHeaderView.ResizeMode.Interactive:
                continue
            wanted = header.sectionSizeHint(section)
            if header.sectionSize(section) < wanted:
                header.resizeSection(section, wanted)

    fit()
    header.sectionCountChanged.connect(lambda _old, _new: fit())


def grid_view(model: QAbstractItemModel, *, stretch_last: bool = True) -> QTableView:
    """A read-only view over a grid's model (``gui/list_model.py``): whole rows selected, one at a time."""
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(stretch_last)
    fit_headings(view)
    return view


def selected_row(view: QAbstractItemView) -> int:
    """The current row of ``view`` (-1 when none)."""
    index = view.currentIndex()
    return index.row() if index.isValid() else -1


def ok_cancel(accept: Callable[[], object], reject: Callable[[], object]) -> QDialogButtonBox:
    """OK and Cancel, in the interface's language."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(accept)
    buttons.rejected.connect(reject)
    return buttons


class ReasonDialog(QDialog):
    """Asks for a reason (a reversal, a reopening). Enter accepts, Esc cancels."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.reason = QLineEdit()
        self.reason.setMaxLength(400)
        layout.addWidget(self.reason)
        self.message = message_label()
        layout.addWidget(self.message)
        self.buttons = ok_cancel(self._accept, self.reject)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

    def _accept(self) -> None:
        if not self.reason.text().strip():
            set_message(self.message, _("Please give a reason."))
            self.reason.setFocus()
            return
        self.accept()

    def text(self) -> str:
        return self.reason.text().strip()


def ask_reason(parent: QWidget, title: str, prompt: str, then: Callable[[str], None]) -> ReasonDialog:
    """Open a :class:`ReasonDialog` without blocking; ``then(reason)`` runs when it is accepted."""
    dialog = ReasonDialog(title, prompt, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: then(dialog.text()))
    dialog.open()
    dialog.reason.setFocus()
    return dialog


class AmountAgainDialog(ReasonDialog):
    """A second look at an implausible amount: says why, and has the user type the amount again.

    OK with the same amount accepts; another amount, or one that cannot be read, keeps the dialog
    open and says so; Cancel (Esc) rejects, and the caller leaves its form as it was."""

    def __init__(self, title: str, why: str, expected: int, parse: Callable[[str], int],
                 parent: QWidget | None = None) -> None:
        super().__init__(title, why + "\n\n" + _("Type the amount again to confirm it, or cancel to go back to the form."),
                         parent)
        self.expected, self.parse = expected, parse
        self.amount = self.reason
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Confirm"))

    def _accept(self) -> None:
        from branch_desktop.core.errors import DomainError

        try:
            value = self.parse(self.amount.text())
        except DomainError as exc:
            set_message(self.message, str(exc))
            return
        if value != self.expected:
            set_message(self.message, _("That is not the same amount. Type it again, or cancel and correct the form."))
            self.amount.selectAll()
            self.amount.setFocus()
            return
        self.accept()


def ask_amount_again(parent: QWidget, title: str, why: str, expected: int, parse: Callable[[str], int],
                     then: Callable[[], None], otherwise: Callable[[], None]) -> AmountAgainDialog:
    """Open an :class:`AmountAgainDialog` without blocking: ``then()`` runs once the amount is typed
    again the same, ``otherwise()`` when the user cancels."""
    dialog = AmountAgainDialog(title, why, expected, parse, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(then)
    dialog.rejected.connect(otherwise)
    dialog.open()
    dialog.amount.setFocus()
    return dialog


def confirm(parent: QWidget, title: str, text: str, then: Callable[[], None]) -> QMessageBox:
    """A Yes/No question without blocking; ``then()`` runs on Yes."""
    box = QMessageBox(QMessageBox.Icon.Question, title, directed(text),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText(_("Yes"))
    box.button(QMessageBox.StandardButton.No).setText(_("No"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(result: int) -> None:
        if result == QMessageBox.StandardButton.Yes:
            then()

    box.finished.connect(done)
    box.open()
    return box


class EnterMovesOn(QObject):
    """Event filter: Return/Enter in a line edit moves to the next field (Ctrl+Enter is left alone)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(obj, QLineEdit):
            key_event = event
            assert isinstance(key_event, QKeyEvent)
            if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                key_event.modifiers() & Qt.KeyboardModifier.ControlModifier
            ):
                obj.focusNextChild()
                return True
        return False


def item_model_rows(model: QAbstractItemModel) -> int:
    return model.rowCount()


def multiline(text: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setReadOnly(True)
    return edit


class EmptyState(QStackedWidget):
    """A list (table, tree) that says what to do while it has no row.

    ``EmptyState(view, text)`` takes the view's place in a layout: it shows ``text`` (and, when
    ``action`` is given, a button) instead of the view while the view's model has no row, and the
    view as soon as rows arrive; it follows the model by its signals, so a page only fills its view.
    ``set_text`` changes the hint (e.g. with the filter that found nothing)::

        self.table = grid_view(StatementsModel(session))
        layout.addWidget(EmptyState(self.table, _("No statement yet. Import one with Ctrl+I."),
                                    action=(_("Import a statement…"), self.import_file)), 1)
    """

    shown_changed = Signal(bool)  # True: the hint is shown

    def __init__(self, view: QAbstractItemView, text: str, *,
                 action: tuple[str, Callable[[], None]] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("emptyState")
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.addStretch(1)
        self.label = QLabel(text)
        self.label.setObjectName("emptyStateText")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color: palette(mid); font-size: 11pt; padding: 12px;")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.label)
        self.button: QPushButton | None = None
        if action is not None:
            self.button = QPushButton(action[0])
            self.button.clicked.connect(lambda _checked=False: action[1]())
            box.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(1)
        self.panel = panel
        self.addWidget(view)
        self.addWidget(panel)
        self._model: QAbstractItemModel | None = None
        self.follow(view.model())

    def follow(self, model: QAbstractItemModel | None) -> None:
        """Watch ``model`` (call again after ``view.setModel``)."""
        if self._model is not None:
            for signal in self._signals(self._model):
                signal.disconnect(self.refresh)
        self._model = model
        if model is not None:
            for signal in self._signals(model):
                signal.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _signals(model: QAbstractItemModel) -> list[Any]:
        signals = [model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged]
        paged = getattr(model, "page_loaded", None)  # a keyset model: its first page read (rows or none)
        return [*signals, paged] if paged is not None else signals

    def set_text(self, text: str) -> None:
        self.label.setText(text)

    def is_empty(self) -> bool:
        return self.currentWidget() is self.panel

    def refresh(self, *_args: object) -> None:
        model = self.view.model()
        if model is not self._model:
            self.follow(model)
            return
        empty = model is None or model.rowCount() == 0
        if empty and getattr(model, "loading", False) and not self.is_empty():
            return  # a paged list read again (a reload): its grid stays until the first page says it is empty
        if empty != self.is_empty():
            self.setCurrentWidget(self.panel if empty else self.view)
            self.shown_changed.emit(empty)
