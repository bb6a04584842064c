"""The three-way premium check of a month: every employer's legs (declared earnings x rate, accrual,
receipts, bank), the variances shaded and explained, the branch's totals; selecting an employer
shows its receipts and bank lines. Printable and in Excel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import N_, current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.operations import BANK, DECLARATIONS, EXECUTION, RECEIPTS, read, watch
from branch_desktop.gui.pdf_preview import preview_pdf
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import message_label, set_message
from branch_desktop.reports import exports, services
from branch_desktop.reports.types import VARIANCE_LABELS, Drill, ThreeWayReport, ThreeWayRow
from branch_desktop.reports.views.common import DrillModel, grid, save_excel

METHOD_LABELS = {"slip": N_("Bank slip"), "transfer": N_("Transfer"), "cheque": N_("Cheque")}


class ThreeWayPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        s = session
        self.report: ThreeWayReport | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Month")))
        self.month = QLineEdit(s.period(s.today_period().previous()))
        self.month.returnPressed.connect(self.refresh)
        top.addWidget(self.month)
        top.addWidget(QLabel(_("Employer file")))
        self.employer = QLineEdit()
        self.employer.setPlaceholderText(_("all employers"))
        self.employer.returnPressed.connect(self.refresh)
        top.addWidget(self.employer)
        check = QPushButton(_("Check"))
        check.clicked.connect(self.refresh)
        top.addWidget(check)
        top.addStretch(1)
        for text, slot in ((_("Print…"), self.print_report), (_("Excel…"), self.save_excel)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            top.addWidget(b)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.message = message_label()
        layout.addWidget(self.message)
        self.model = ListTableModel[ThreeWayRow]([
            ListColumn(N_("Employer file"), lambda r: s.digits(r.file_no) or "-"),
            ListColumn(N_("Employer"), lambda r: r.name or _("(no employer named)")),
            ListColumn(N_("Earnings x rate"), lambda r: s.money(r.expected), number=True),
            ListColumn(N_("Accrued"), lambda r: s.money(r.accrued), number=True),
            ListColumn(N_("Receipted"), lambda r: s.money(r.receipted), number=True),
            ListColumn(N_("In the bank"), lambda r: s.money(r.banked), number=True),
            ListColumn(N_("Bank only"), lambda r: s.money(r.bank_only), number=True),
            ListColumn(N_("Variances"), lambda r: "; ".join(f"{_(VARIANCE_LABELS[k])}: {s.money(a)}"
                                                            for k, a in r.variances) or _("none")),
        ], warn=lambda r: bool(r.variances))
        self.view = grid(self.model)
        self.drill = DrillModel(session)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(grid(self.drill))
        layout.addWidget(split, 1)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_drill(cur.row()))
        watch(self, session, {RECEIPTS, DECLARATIONS, BANK, EXECUTION}, self._changed)

    def _changed(self) -> None:
        """Another page changed a leg: check the month again, if one was checked (quietly)."""
        if self.report is not None:
            self.refresh(quiet=True)

    def _args(self) -> tuple[YearMonth, str | None] | None:
        try:
            ym = services.parse_month(self.session.ctx, self.month.text())
        except Exception as exc:  # BadMonth
            set_message(self.message, str(exc))
            return None
        return ym, (self.employer.text().strip() or None)

    def refresh(self, *, quiet: bool = False) -> None:
        args = self._args()
        if args is None:
            return
        ym, employer = args
        set_message(self.message, "")
        read(self.session, services.three_way, ym, employer).on_done(self._show).on_error(
            lambda exc: set_message(self.message, str(exc))).run(label=_("Checking the month…"), quiet=quiet)

    def _show(self, report: ThreeWayReport) -> None:
        s = self.session
        self.report = report
        self.model.set_rows(list(report.rows))
        self.drill.set_drill(Drill())
        if report.clean:
            text = _("No variances: the three legs agree for every employer.")
        else:
            text = "; ".join(f"{_(VARIANCE_LABELS[k])}: {s.digits(str(n))} ({s.money(a)})"
                             for k, (n, a) in report.totals.items())
        self.summary.setText(_("Accrued {accrued}, receipted {receipted}, in the bank {banked}. {variances}").format(
            accrued=s.money(report.accrued), receipted=s.money(report.receipted), banked=s.money(report.banked),
            variances=text))
        self.view.resizeColumnsToContents()

    def show_drill(self, row: int) -> None:
        if self.report is None or not 0 <= row < len(self.report.rows):
            return
        r = self.report.rows[row]

        def rows() -> tuple[tuple[object, ...], ...]:  # what each receipt is: read by a worker (DrillModel.show)
            return tuple((_("Receipt"), number, day, _(METHOD_LABELS.get(method, method)), amount, banked)
                         for number, day, method, amount, banked in r.receipts) + tuple(
                (_("Bank line"), ref, day, account, amount, amount) for day, account, amount, ref in r.bank_lines)

        self.drill.show(Drill((N_("Document"), N_("Number"), N_("Date"), N_("Method or account"), N_("Amount"),
                               N_("In the bank")), ("text", "text", "date", "text", "money", "money"), rows))

    def print_report(self) -> None:
        args = self._args()
        if args is None:
            return
        ctx, actor, lang = self.session.ctx, self.session.actor, current_language()
        ym, employer = args

        def build() -> bytes:
            from branch_desktop.reports.documents import three_way_pdf

            return three_way_pdf(services.three_way(ctx, actor, ym, employer), ctx.info, lang)

        preview_pdf(self, build, _("Three-way premium check"), f"three-way-{ym}.pdf", self.session.runner)

    def save_excel(self) -> None:
        args = self._args()
        if args is None:
            return
        lang = current_language()
        ym, employer = args
        save_excel(self, self.session,
                   lambda ctx, actor: exports.three_way_xlsx(services.three_way(ctx, actor, ym, employer), lang,
                                                             ctx.pack.currency),
                   f"three-way-{ym}.xlsx", lambda path: set_message(self.message, path, ok=True))
