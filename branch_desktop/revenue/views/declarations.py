"""A monthly declaration: typed into the grid or imported from CSV or Excel; every row's problem
is shown next to the row; nothing is accrued until the whole declaration is clean.

A wage typed (or changed) in the grid is read in the user's locale, like every money field
(``Session.parse_money``: "45.000,50" in Turkish); one loaded from a file or an accepted
declaration keeps the file's plain format, read by the declaration's own rules."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.gui.forms import child, load_form, place
from branch_desktop.gui.operations import DECLARATIONS, LEDGER, read, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import fit_headings, message_label, set_message
from branch_desktop.revenue import services
from branch_desktop.revenue.rules import RawLine, RowError
from branch_desktop.revenue.types import DeclarationView, EmployerRow
from branch_desktop.revenue.views.grids import DECLARATION_COLUMNS, DeclarationGridModel
from branch_desktop.revenue.views.picker import EmployerPicker, directed


class DeclarationsPage(QWidget):
    COLUMNS = DECLARATION_COLUMNS

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.employer: EmployerRow | None = None
        layout = QVBoxLayout(self)
        self.form = load_form("revenue/declaration", self)  # ui/revenue/declaration.ui
        layout.addWidget(self.form)
        self.picker = EmployerPicker(session, list_height=90, include_closed=False)
        place(self.form, "picker_box", self.picker)
        self.employer_label = child(self.form, QLabel, "employer_label")
        self.month = child(self.form, QLineEdit, "month")
        self.month.setText(session.period(session.today_period().previous()))
        self.correction = child(self.form, QCheckBox, "correction")
        self.model = DeclarationGridModel()  # editable: typed rows, or a file's rows to correct
        self.grid = QTableView()
        self.grid.setModel(self.model)
        self.grid.horizontalHeader().setStretchLastSection(True)
        fit_headings(self.grid)
        place(self.form, "grid_box", self.grid)
        self.totals = child(self.form, QLabel, "totals")
        self.message = message_label()
        place(self.form, "message_box", self.message)
        button = functools.partial(child, self.form, QPushButton)
        self.import_button, self.add_button = button("import_button"), button("add_button")
        self.check_button, self.submit_button = button("check_button"), button("submit_button")
        self.import_button.clicked.connect(self.choose_file)
        self.add_button.clicked.connect(lambda: self.add_row(RawLine(0, "", "", "", "")))
        self.check_button.clicked.connect(self.check)
        self.submit_button.clicked.connect(self.submit)
        self.picker.chosen.connect(self._chosen)
        self.correction.toggled.connect(self._load_for_correction)
        self.picker.refresh()

    def _load_for_correction(self, on: bool) -> None:
        """A correction starts from the month's accepted declaration (its rows, to be edited)."""
        if not on or self.employer is None or self.model.rowCount():
            return
        emp = self.employer.id
        try:
            ym = self._month()
        except DomainError as exc:
            set_message(self.message, str(exc))
            return

        def work(ctx: BranchContext, actor: Actor) -> list[RawLine]:
            latest = [d for d in services.list_declarations(ctx, actor, emp) if d.month == ym]
            return services.declaration_lines(ctx, actor, latest[0].id) if latest else []

        def done(lines: list[RawLine]) -> None:
            if lines:
                self.set_lines(lines)
                set_message(self.message, _("The accepted declaration's rows are loaded; edit them and accept."),
                            ok=True)
            else:
                set_message(self.message, _("There is no declaration of {month} to correct.").format(
                    month=self.session.period(ym)))

        read(self.session, work).on_done(done).on_error(lambda exc: set_message(self.message, str(exc))).run(quiet=True)

    def _chosen(self, row: EmployerRow) -> None:
        self.employer = row
        self.employer_label.setText(directed(_("{name}, file {file_no}").format(
            name=row.name, file_no=self.session.digits(row.file_no))))

    # -- grid ---------------------------------------------------------------------------------------
    def add_row(self, line: RawLine) -> None:
        self.model.add_line(line)

    def set_lines(self, lines: list[RawLine]) -> None:
        self.model.set_lines(lines)

    def lines(self) -> list[RawLine]:
        """The grid's rows; a typed wage is read in the user's locale and handed on as a plain amount.
        Raises ``DeclarationRefused`` naming the rows whose typed wage cannot be read that way."""
        out, errors = [], []
        wage_col = self.COLUMNS.index("wage")
        for r, row in enumerate(self.model.rows):
            cells = list(row.cells)
            if not any(x.strip() for x in cells):
                continue
            if cells[wage_col].strip() and self.model.typed(r, wage_col):
                try:
                    cells[wage_col] = self.session.ctx.pack.currency.plain(self.session.parse_money(cells[wage_col]))
                except DomainError as exc:
                    errors.append(RowError(r + 1, "wage", exc.template, exc.params))
            out.append(RawLine(r + 1, *cells))
        if errors:
            raise services.DeclarationRefused(errors)
        return out

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Declaration file"), "",
                                                    _("Declarations (*.csv *.xlsx)"))
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> None:
        try:
            lines = services.read_declaration_path(path)
        except (DomainError, OSError) as exc:
            set_message(self.message, str(exc))
            return
        self.set_lines(lines)
        self.source = path.name
        set_message(self.message, _("{count} rows read from {file}; check them, then accept.").format(
            count=self.session.digits(str(len(lines))), file=path.name), ok=True)

    def _month(self) -> YearMonth:
        return self.session.parse_period(self.month.text())

    def _form(self) -> tuple[YearMonth, list[RawLine], bool] | None:
        """The month, the rows and the correction flag; None (the problems shown) when unreadable."""
        try:
            return self._month(), self.lines(), self.correction.isChecked()
        except services.DeclarationRefused as exc:
            self.show_errors(exc.errors)
        except DomainError as exc:
            set_message(self.message, str(exc))
        return None

    def show_errors(self, errors: list[RowError]) -> None:
        general = []
        col_index = {name: i for i, name in enumerate(self.COLUMNS)}
        problems = []
        for e in errors:
            if e.row <= 0 or e.row > self.model.rowCount():
                general.append(e.message)
                continue
            problems.append((e.row - 1, col_index.get(e.column, -1), e.message))
        self.model.set_problems(problems)
        if errors:
            set_message(self.message, "\n".join(general + [_("{count} problem(s); nothing was saved.").format(
                count=self.session.digits(str(len(errors))))]))

    def check(self) -> None:
        if self.employer is None:
            set_message(self.message, _("Choose the employer first."))
            return
        emp = self.employer.id
        form = self._form()
        if form is None:
            return
        ym, lines, corr = form

        def done(errors: list[RowError]) -> None:
            self.show_errors(errors)
            if not errors:
                set_message(self.message, _("The declaration is clean: {count} workers.").format(
                    count=self.session.digits(str(len(lines)))), ok=True)

        read(self.session, services.check_declaration, emp, ym, lines, corr).on_done(done).on_error(
            lambda exc: set_message(self.message, str(exc))).run(quiet=True)

    def submit(self) -> None:
        if self.employer is None:
            set_message(self.message, _("Choose the employer first."))
            return
        emp = self.employer.id
        form = self._form()
        if form is None:
            return
        ym, lines, corr = form
        source = getattr(self, "source", "")

        def refused(exc: BaseException) -> None:
            if isinstance(exc, services.DeclarationRefused):
                self.show_errors(exc.errors)
            else:
                set_message(self.message, str(exc))

        def done(d: DeclarationView) -> None:
            self.show_errors([])
            s = self.session
            set_message(self.message, _("Declaration {month} accepted: {count} workers, premium {premium}, "
                                        "accrued {accrued}, due {due}.").format(
                month=s.period(d.month), count=s.digits(str(d.insured_count)), premium=s.money(d.premium),
                accrued=s.money(d.accrued), due=s.date(d.due_date)), ok=True)

        write(self.session, {DECLARATIONS, LEDGER}, services.submit_declaration, emp, ym, lines, corr, source).on_done(
            done).on_error(refused).run(label=_("Accruing…"))
