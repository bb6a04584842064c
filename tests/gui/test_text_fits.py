"""Turkish and Persian texts are drawn whole: the dots of Ö İ Ü above the font's line (a bare title
"Ödeme emirleri" read "Odeme emirleri", an unselected tab "Işverenler") and a heading longer than
its column's default width ("İcraya intikal eden" was drawn ":raya intikal ede")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from branch_desktop.gui.list_model import ListColumn, ListTableModel


@pytest.fixture
def turkish() -> Iterator[None]:
    from branch_desktop.gui.app import apply_language

    apply_language("tr")
    try:
        yield
    finally:
        apply_language("en")


def _ink(widget: QWidget) -> int:
    """How much ink ``widget`` draws (the darkness of its pixels, a tenth of the sum; a 9-point
    "Ö" has about 70 more than an "O", an "İ" about 35 more than an "I"; cut off, less than 15)."""
    image = widget.grab().toImage()
    return sum(255 - image.pixelColor(x, y).lightness() for y in range(image.height())
               for x in range(image.width())) // 10


def _title(qtbot: Any, text: str, pages: list[QWidget]) -> QLabel:
    """A bare title at the top of a page, as the execution pages set it (no margins above)."""
    page = QWidget()
    qtbot.addWidget(page)
    pages.append(page)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    label = QLabel(text)
    layout.addWidget(label)
    layout.addStretch(1)
    page.resize(300, 100)
    page.show()
    return label


def test_a_bare_title_draws_the_dots_of_o_umlaut(qtbot: Any, turkish: None) -> None:
    pages: list[QWidget] = []
    dotted, plain = _title(qtbot, "Ödeme emirleri", pages), _title(qtbot, "Odeme emirleri", pages)
    assert _ink(dotted) - _ink(plain) >= 35
    metrics = dotted.fontMetrics()
    assert dotted.height() >= metrics.descent() - metrics.tightBoundingRect("Ö").top()


def test_an_unselected_tab_draws_the_dot_of_i_and_the_dots_of_o(qtbot: Any, turkish: None) -> None:
    def tabs(second: str) -> int:
        widget = QTabWidget()
        qtbot.addWidget(widget)
        widget.addTab(QWidget(), "Vezne")
        widget.addTab(QWidget(), second)
        widget.setCurrentIndex(0)
        widget.resize(400, 120)
        widget.show()
        return _ink(widget.tabBar())

    assert tabs("Ödenek talepleri") - tabs("Odenek talepleri") >= 35
    assert tabs("İşverenler") - tabs("Işverenler") >= 20


def test_a_group_title_keeps_the_dot_of_i(qtbot: Any, turkish: None) -> None:
    """A group box's title is aligned to the top: a rect grown above would move it up and cut the
    dot the title had ("1. Işveren" on the counter)."""
    def group(title: str) -> int:
        box = QGroupBox(title)
        qtbot.addWidget(box)
        QVBoxLayout(box).addWidget(QLabel("x"))
        box.resize(300, 80)
        box.show()
        return _ink(box)

    assert group("1. İşveren") - group("1. Işveren") >= 20


@pytest.mark.parametrize("factory", ["gui", "execution", "reports", "insured"])
def test_every_heading_fits_its_column(qtbot: Any, turkish: None, factory: str) -> None:
    from branch_desktop.execution.views.common import table as execution_table
    from branch_desktop.gui.widgets import grid_view
    from branch_desktop.insured.views.registry import table as insured_table
    from branch_desktop.reports.views.common import grid as reports_grid

    make = {"gui": grid_view, "execution": execution_table, "reports": reports_grid, "insured": insured_table}[factory]
    headings = ["Ödeme emri", "İcraya intikal eden", "Gecikme cezası ve zammı", "Durum", "Şu tarihe kadar durduruldu"]
    model = ListTableModel[int]([ListColumn(h, str, number=i == 1) for i, h in enumerate(headings)])
    view = make(model)
    qtbot.addWidget(view)
    view.resize(1000, 200)
    view.show()
    header = view.horizontalHeader()
    for section, heading in enumerate(headings):
        assert header.sectionSize(section) >= header.fontMetrics().horizontalAdvance(heading), heading
    assert model.headerData(1, Qt.Orientation.Horizontal) == "İcraya intikal eden"  # no catalogue entry: as is


def test_the_bank_reconciliation_fits_a_laptop_screen_in_turkish(start_shell: Any) -> None:
    """Its eleven buttons on one row made the page, and so the window, 1463 pixels wide in Turkish
    (wider than a 1366-pixel screen): the month's close and reports are on a row of their own."""
    h = start_shell("admin", "tr")
    page = h.window.open_page("accounting.bank_reconciliation")
    h.wait()
    assert page.minimumSizeHint().width() <= 1000
    assert h.window.minimumSizeHint().width() <= 1280
