"""Small pieces the banking pages share: read-only tables holding row ids, account and month
pickers, a one-field dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.accounting.banking.types import BankAccountView
from branch_desktop.accounting.banking.views.grids import IdRowsModel
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.i18n import localise_digits
from branch_desktop.gui.operations import Op
from branch_desktop.gui.widgets import fit_headings, message_label, set_message, shortcut, with_shortcut

SIZED_ROWS = 100  # the rows the columns are sized to (not the thousands a month may hold)


def table(headers: Sequence[str], *, multi: bool = False, stretch: int | None = None,
          model: QAbstractItemModel | None = None) -> QTableView:
    """A read-only grid over an :class:`IdRowsModel` (or ``model``, whose rows have ``row_id``).
    ``stretch``: the column (a description) that takes the width left by the others and elides its
    text (the full text is its tooltip), so no column is pushed off screen."""
    t = QTableView()
    t.setModel(model if model is not None else IdRowsModel(headers, stretch=stretch))
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                       else QAbstractItemView.SelectionMode.SingleSelection)
    t.setAlternatingRowColors(True)
    t.setWordWrap(False)
    t.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = t.horizontalHeader()
    if stretch is None:
        header.setStretchLastSection(True)
        fit_headings(t)
    else:  # the others sized to their texts, this one to the rest
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        fit_to_texts(t, stretch)
    return t


def fit_to_texts(t: QTableView, stretch: int) -> None:
    """Widen each column but ``stretch`` to its heading and to the texts of its first
    :data:`SIZED_ROWS` rows, measured with the grid's font, as rows come (a fill, a page read);
    columns only widen, so a reload never makes them jump. The model gives a row's texts
    (``row_texts``). Qt's own sizing to contents (``ResizeToContents``) asked the model for every
    role of every cell of those rows again at each reset, page and show: thousands of calls into
    Python before the first screen of the reconciliation was painted."""
    header = t.horizontalHeader()
    model: Any = t.model()
    fitted: dict[int, int] = {}  # the width each column was given

    def fit(first: int, last: int) -> None:
        last = min(last, SIZED_ROWS - 1)
        metrics = t.fontMetrics()
        margin = 2 * (t.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, t) + 1) + 8
        widths = [max(fitted.get(c, 0), header.sectionSizeHint(c)) for c in range(header.count())]
        for row in range(first, last + 1):
            for column, text in enumerate(model.row_texts(row)):
                if column < len(widths) and text:
                    widths[column] = max(widths[column], metrics.horizontalAdvance(text) + margin)
        for column, width in enumerate(widths):
            if column != stretch and fitted.get(column) != width:
                fitted[column] = width
                header.resizeSection(column, width)

    model.modelReset.connect(lambda: fit(0, model.rowCount() - 1))
    model.rowsInserted.connect(lambda _parent, first, last: fit(first, last))
    fit(0, model.rowCount() - 1)


def rows_of(t: QTableView) -> IdRowsModel:
    model = t.model()
    assert isinstance(model, IdRowsModel)
    return model


def fill(t: QTableView, rows: Sequence[tuple[int, Sequence[str]]], numeric: Sequence[int] = ()) -> None:
    """Rows of (id, texts); the id is kept with the row."""
    model = rows_of(t)
    model.set_rows(rows, numeric)
    if model.stretch < 0:
        t.resizeColumnsToContents()
        t.horizontalHeader().setStretchLastSection(True)


def selected_ids(t: QTableView) -> list[int]:
    """The ids of the selected rows (of an :class:`IdRowsModel`, or any model with ``row_id``)."""
    model: Any = t.model()
    rows = sorted({i.row() for i in t.selectionModel().selectedIndexes()})
    return [row_id for r in rows if (row_id := model.row_id(r)) is not None]


def button(text: str, keys: str | None, slot: Callable[[], None], parent: QWidget) -> QPushButton:
    b = QPushButton(text)
    b.clicked.connect(lambda _checked=False: slot())
    if keys:
        b.setToolTip(with_shortcut(text, keys))
        shortcut(keys, parent, slot)
    return b


def account_combo() -> QComboBox:
    combo = QComboBox()
    combo.setMinimumWidth(260)
    return combo


def fill_accounts(combo: QComboBox, accounts: Sequence[BankAccountView], prefer_role: str = "") -> None:
    current = combo.currentData()
    combo.clear()
    for a in accounts:
        combo.addItem(f"{localise_digits(a.code)} – {a.name}", a.code)  # the code in the language's digits
    codes = [a.code for a in accounts]
    preferred = next((a.code for a in accounts if a.role == prefer_role), None)
    target = current if current in codes else preferred
    if target is not None:
        combo.setCurrentIndex(codes.index(target))


class FormDialog(QDialog):
    """A small non-blocking form: labelled line edits; ``then(values)`` runs on OK. It may raise
    (a value it cannot read) to keep the dialog open with the message shown, or return the
    operation that saves (``gui/operations.py``): the dialog runs it, closes when it is done and
    stays open with the service's refusal otherwise."""

    def __init__(self, parent: QWidget, title: str, fields: Sequence[tuple[str, str, str]],
                 then: Callable[[dict[str, str]], Op[Any] | None]) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.then = then
        layout = QVBoxLayout(self)
        form = self.form = QFormLayout()
        self.edits: dict[str, QLineEdit | QComboBox] = {}
        for key, label, default in fields:
            edit = QLineEdit(default)
            self.edits[key] = edit
            form.addRow(label, edit)
        layout.addLayout(form)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def add_combo(self, key: str, label: str, items: Sequence[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        for text, data in items:
            combo.addItem(text, data)
        self.edits[key] = combo
        self.form.addRow(label, combo)
        return combo

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, w in self.edits.items():
            out[key] = str(w.currentData()) if isinstance(w, QComboBox) else w.text().strip()
        return out

    def _accept(self) -> None:
        try:
            op = self.then(self.values())
        except Exception as exc:  # shown next to the fields, the dialog stays open
            set_message(self.message, str(exc))
            self.focus_field(exc)
            return
        if op is None:
            self.accept()
            return

        def refused(exc: BaseException) -> None:
            set_message(self.message, str(exc))
            self.focus_field(exc)

        op.on_done(lambda _result: self.accept()).on_error(refused).run(quiet=True)

    def focus_field(self, exc: BaseException) -> None:
        """Put the cursor in the field a typed error names (``exc.field``: an InvalidIban's "iban")."""
        edit = self.edits.get(getattr(exc, "field", None) or "")
        if edit is None:
            return
        edit.setFocus()
        if isinstance(edit, QLineEdit):
            edit.selectAll()
