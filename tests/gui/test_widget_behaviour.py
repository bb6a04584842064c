"""Small widget behaviours: a page's shortcuts stay on their page (PySide6 drops a ``context=``
given to QShortcut's constructor with a slot), and Qt's number widgets write the language's digits."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QWidget

from branch_desktop.accounting.banking.views.common import button
from branch_desktop.gui.widgets import shortcut


def test_a_page_shortcut_has_the_page_context_and_fires(qtbot: Any) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    fired: list[str] = []
    button("Import", "Ctrl+I", lambda: fired.append("import"), page)
    sc = shortcut("Ctrl+Shift+K", page, lambda: fired.append("check"))
    [on_button] = [s for s in page.findChildren(QShortcut) if s is not sc]
    assert on_button.context() == sc.context() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    on_button.activated.emit()
    sc.activated.emit()
    assert fired == ["import", "check"]
    window_wide = shortcut("Ctrl+L", page, lambda: None, Qt.ShortcutContext.WindowShortcut)
    assert window_wide.context() == Qt.ShortcutContext.WindowShortcut


def test_spin_boxes_write_the_languages_digits(qtbot: Any) -> None:
    from PySide6.QtWidgets import QSpinBox

    from branch_desktop.gui.app import apply_language

    try:
        apply_language("fa")
        box = QSpinBox()
        qtbot.addWidget(box)
        box.setRange(0, 3000)
        box.setValue(1405)
        assert box.text() == "۱۴۰۵"
        box.lineEdit().setText("12")  # Latin digits typed are read
        box.interpretText()
        assert box.value() == 12
    finally:
        apply_language("en")
    latin = QSpinBox()
    qtbot.addWidget(latin)
    latin.setValue(12)
    assert latin.text() == "12"
