"""The banking grids size their columns to their texts (not Qt's sizing to contents, which asks the
model for every role of every cell again at each reset), and a paged grid read again keeps its rows
on screen until its first page answers (no flash of the empty hint)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QHeaderView

from branch_desktop.accounting.banking.views.common import fill, table
from branch_desktop.gui.keyset import KeysetTableModel
from branch_desktop.gui.widgets import EmptyState


def test_columns_fit_their_longest_text_and_only_widen(qtbot: Any) -> None:
    grid = table(["Amount", "Date", "Description"], stretch=2)
    qtbot.addWidget(grid)
    header = grid.horizontalHeader()
    assert header.sectionResizeMode(2) == QHeaderView.ResizeMode.Stretch
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Interactive
    long_amount = "1,234,567,890,123"
    fill(grid, [(1, ("12", "1403/05/01", "a")), (2, (long_amount, "1403/05/02", "b"))], numeric=[0])
    metrics = grid.fontMetrics()
    assert header.sectionSize(0) > metrics.horizontalAdvance(long_amount)
    assert header.sectionSize(1) > metrics.horizontalAdvance("1403/05/02")
    wide = header.sectionSize(0)
    fill(grid, [(3, ("7", "1403/05/03", "c"))], numeric=[0])  # a month of small amounts: no jump
    assert header.sectionSize(0) == wide
    assert header.sectionSize(0) >= header.sectionSizeHint(0)  # the heading is read whole


class _Runner:
    """Runs a submitted task when told (the worker's answer arrives later)."""

    def __init__(self) -> None:
        self.queue: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []

    def submit(self, fn: Callable[[], Any], done: Callable[[Any], None], _error: Any = None, **_kw: Any) -> None:
        self.queue.append((fn, done))

    def answer(self) -> None:
        while self.queue:
            fn, done = self.queue.pop(0)
            done(fn())


class _Items(KeysetTableModel[int, int]):
    headers = ("Amount", "Description")

    def __init__(self, runner: _Runner) -> None:
        super().__init__(runner)  # type: ignore[arg-type]  # the fake runner has what the model uses
        self.items: list[int] = []

    def load_page(self, after: int | None, limit: int) -> tuple[Sequence[int], int | None]:
        return self.items[:limit], None

    def cells(self, row: int) -> tuple[str, ...]:
        return (str(row), f"item {row}")


def test_a_paged_grid_read_again_keeps_its_rows_until_the_answer(qtbot: Any) -> None:
    runner = _Runner()
    model = _Items(runner)
    grid = table(list(model.headers), stretch=1, model=model)
    empty = EmptyState(grid, "nothing")
    qtbot.addWidget(empty)
    assert empty.is_empty()
    model.items = [1, 2, 3]
    model.restart()
    runner.answer()
    assert not empty.is_empty() and model.rowCount() == 3
    assert grid.horizontalHeader().sectionSize(0) >= grid.fontMetrics().horizontalAdvance("3")
    model.restart()  # a reload: no row until the worker answers, and the grid stays
    assert model.rowCount() == 0 and model.loading
    assert not empty.is_empty()
    model.items = []
    runner.answer()  # the first page is empty: now the hint
    assert empty.is_empty()
    model.items = [4]
    model.restart()
    assert empty.is_empty()  # still empty while it reads
    runner.answer()
    assert not empty.is_empty()
