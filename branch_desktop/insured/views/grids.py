"""The insured pages' editable grid: the household of a health-insurance income test (relation
chosen from a list, monthly income typed in the user's locale). Unit-tested without a view
(tests/gui/test_grids.py).

(Named ``grids``, not ``models``: ``**.models`` are the SQL tables, which never import Qt.)"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.lazy import NUMBER_ALIGNMENT

Index = QModelIndex | QPersistentModelIndex
TITLES = (N_("Relation"), N_("Monthly income"))
KEY_ROLE = Qt.ItemDataRole.UserRole  # the relation's key ("self", "spouse"...)


class HouseholdModel(QAbstractTableModel):
    """Rows of (relation key, income text). The first row is the person tested: its relation stays
    ``self`` and the row cannot be removed."""

    def __init__(self, label: Callable[[str], str], relations: Sequence[str]) -> None:
        super().__init__()
        self.label = label  # a relation's name in the user's language
        self.relations = list(relations)
        self.rows: list[list[str]] = []

    def add(self, relation: str, income: str) -> None:
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append([relation, income])
        self.endInsertRows()

    def remove(self, row: int) -> bool:
        if row <= 0 or row >= len(self.rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()
        return True

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(TITLES)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(TITLES[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid() or (index.row() == 0 and index.column() == 0):
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        relation, income = self.rows[index.row()]
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.label(relation)
            if role in (KEY_ROLE, Qt.ItemDataRole.EditRole):
                return relation
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return income
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return NUMBER_ALIGNMENT
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        if index.column() == 0 and value not in self.relations:
            return False
        self.rows[index.row()][index.column()] = str(value)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True


class RelationDelegate(QStyledItemDelegate):
    """The relation column edited with a list of the relations, in the user's language."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        model = index.model()
        combo = QComboBox(parent)
        if isinstance(model, HouseholdModel):
            for rel in model.relations:
                combo.addItem(model.label(rel), rel)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(KEY_ROLE))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
