"""A page's shortcuts stay on their page: the context asked for is the context set (PySide6 drops a
``context=`` given to QShortcut's constructor together with a slot)."""

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
