"""Trial balance of a period (indented by level, PDF preview) and the account ledger it drills down to."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.accounting.ledger.views.entry_detail import printing_available
from branch_desktop.accounting.ledger.views.grids import AccountLedgerModel
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger import queries
from branch_desktop.core.ledger.queries import LedgerLine
from branch_desktop.core.ledger.types import TRIAL_BALANCE_HEADINGS, TrialBalance
from branch_desktop.gui.operations import LEDGER, PERIODS, read, watch
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import (
    EmptyState,
    grid_view,
    mark_field,
    message_label,
    set_message,
    show_only_if,
    with_shortcut,
)

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
COLUMNS = 2 + len(TRIAL_BALANCE_HEADINGS)  # code, account, the six amount columns


class TrialBalancePage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.tb: TrialBalance | None = None
        self.total_item: QTreeWidgetItem | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel(_("Period"))
        self.period = QLineEdit(session.period(session.today_period()))
        self.period.setToolTip(_("A month in the branch's calendar (YYYY-MM); either digit set"))
        self.period.setMaximumWidth(120)
        label.setBuddy(self.period)
        self.show_button = QPushButton(_("Show"))
        self.show_button.setToolTip(with_shortcut(_("Show the trial balance"), "Return"))
        self.pdf_button = QPushButton(_("PDF"))
        self.pdf_button.setToolTip(with_shortcut(_("Preview, print or save as PDF"), "Ctrl+P"))
        self.pdf_button.setShortcut("Ctrl+P")
        self.pdf_button.setEnabled(False)
        show_only_if(self.pdf_button, printing_available())
        for w in (label, self.period, self.show_button, self.pdf_button):
            top.addWidget(w)
        self.summary = QLabel()
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        self.message = message_label()
        layout.addWidget(self.message)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Code"), _("Account"), *(_(h) for h in TRIAL_BALANCE_HEADINGS)])
        self.tree.setAlternatingRowColors(True)
        # The amounts take the width they need; the account names the rest, elided when the window is
        # narrow (the tooltip has the whole name), so the credit-balance column stays on screen.
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.tree.setToolTip(_("Double-click an account to open its ledger"))
        self.tree.itemActivated.connect(self._drill)
        self.empty = EmptyState(self.tree, _(
            "Nothing is posted up to this month yet. Post an entry on the New entry page (or take receipts at "
            "the counter), then show the trial balance again."))
        layout.addWidget(self.empty, 1)
        self.period.returnPressed.connect(self.refresh)
        self.show_button.clicked.connect(self.refresh)
        self.pdf_button.clicked.connect(self.preview_pdf)
        watch(self, session, {LEDGER, PERIODS}, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        try:
            ym = self.session.parse_period(self.period.text())
        except DomainError as exc:
            mark_field(self.period, str(exc))
            set_message(self.message, str(exc))
            return
        mark_field(self.period, None)
        set_message(self.message, "")
        (read(self.session, queries.trial_balance, ym).on_done(self._loaded)
            .run(label=_("Computing the trial balance…")))

    def _loaded(self, tb: TrialBalance) -> None:
        s = self.session
        self.tb = tb
        self.tree.clear()
        stack: list[QTreeWidgetItem] = []
        for row in tb.rows:
            values = (s.digits(row.code), row.name, *(s.money_or_blank(v) for v in row.columns()))
            del stack[row.level:]
            parent = stack[-1] if stack else None
            item = QTreeWidgetItem(parent, list(values)) if parent is not None else QTreeWidgetItem(list(values))
            item.setData(0, Qt.ItemDataRole.UserRole, row.code)
            item.setToolTip(1, row.name)
            for c in range(2, COLUMNS):
                item.setTextAlignment(c, RIGHT)
            if not row.is_postable:
                font = QFont(item.font(1))
                font.setBold(True)
                for c in range(COLUMNS):
                    item.setFont(c, font)
            if parent is None:
                self.tree.addTopLevelItem(item)
            stack.append(item)
        self.total_item = None
        if not tb.rows:  # the empty state says what to do
            self.pdf_button.setEnabled(False)
            return
        total = QTreeWidgetItem(["", _("Total"), *(s.money(v) for v in tb.totals())])
        bold = QFont(total.font(0))
        bold.setBold(True)
        for c in range(COLUMNS):
            total.setFont(c, bold)
            if c >= 2:
                total.setTextAlignment(c, RIGHT)
        self.tree.addTopLevelItem(total)
        self.total_item = total
        self.tree.expandAll()
        self.summary.setText(_("{period}: {start} to {end}").format(
            period=s.period(tb.period), start=s.date(tb.start), end=s.date(tb.end)))
        self.pdf_button.setEnabled(True)

    def _drill(self, item: QTreeWidgetItem, _column: int) -> None:
        code = item.data(0, Qt.ItemDataRole.UserRole)
        if code and self.tb is not None:
            self.open_ledger(str(code), self.tb)

    def open_ledger(self, code: str, tb: TrialBalance) -> None:
        start = self.session.ctx.pack.calendar.year_bounds(tb.period.year)[0]
        page = self.session.open_page("accounting.account_ledger")
        if isinstance(page, AccountLedgerPage):
            page.show_account(code, start, tb.end)

    def preview_pdf(self) -> None:
        from branch_desktop.gui.pdf_preview import preview_pdf

        tb, info, lang = self.tb, self.session.ctx.info, current_language()
        if tb is None:
            return

        def build() -> bytes:
            from branch_desktop.accounting.ledger.documents import trial_balance_pdf

            return trial_balance_pdf(tb, info, lang)

        preview_pdf(self, build, _("Trial balance {period}").format(period=self.session.period(tb.period)),
                    f"trial-balance-{tb.period}.pdf", self.session.runner)


class AccountLedgerPage(QWidget):
    """The posted lines of an account (and its sub-accounts) with a running balance."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.account = QLineEdit()
        self.account.setPlaceholderText(_("Account code"))
        ym = session.today_period()
        cal = session.ctx.pack.calendar
        self.start = QLineEdit(session.date(cal.year_bounds(ym.year)[0]))
        self.end = QLineEdit(session.date(cal.month_bounds(ym)[1]))
        self.show_button = QPushButton(_("Show"))
        for text, w in ((_("Account"), self.account), (_("From"), self.start), (_("To"), self.end)):
            lab = QLabel(text)
            lab.setBuddy(w)
            top.addWidget(lab)
            top.addWidget(w)
            if isinstance(w, QLineEdit):
                w.returnPressed.connect(self.refresh)
        top.addWidget(self.show_button)
        self.summary = QLabel()
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        self.message = message_label()
        layout.addWidget(self.message)
        self.model = AccountLedgerModel(session)
        self.table = grid_view(self.model)
        self.empty = EmptyState(self.table, _(
            "Type an account code and press Enter, or double-click an account in the trial balance."))
        layout.addWidget(self.empty, 1)
        self.show_button.clicked.connect(self.refresh)
        self.lines: list[LedgerLine] = []
        self.shown_code = ""
        watch(self, session, {LEDGER}, lambda: self.refresh() if self.shown_code else None)

    def show_account(self, code: str, start: dt.date, end: dt.date) -> None:
        self.account.setText(self.session.digits(code))
        self.start.setText(self.session.date(start))
        self.end.setText(self.session.date(end))
        self.refresh()

    def refresh(self) -> None:
        s = self.session
        try:
            start, end = s.parse_date(self.start.text()), s.parse_date(self.end.text())
        except DomainError as exc:
            set_message(self.message, str(exc))
            return
        from branch_desktop.core.money import DIGITS_TO_ASCII

        code = self.account.text().strip().translate(DIGITS_TO_ASCII)
        if not code:
            set_message(self.message, _("Type an account code."))
            return
        set_message(self.message, "")
        self.shown_code = code
        read(s, queries.account_ledger, code, start, end).on_done(self._loaded).on_error(
            lambda exc: set_message(self.message, str(exc))).run(label=_("Reading the ledger…"))

    def _loaded(self, result: tuple[int, list[LedgerLine]]) -> None:
        s = self.session
        opening, lines = result
        self.lines = lines
        self.model.set_rows(lines)
        self.table.resizeColumnsToContents()
        if not lines:
            self.empty.set_text(_(
                "No posted line on account {code} from {start} to {end}. Widen the dates, or choose another "
                "account.").format(code=s.digits(self.shown_code), start=self.start.text(), end=self.end.text()))
        closing = lines[-1].running if lines else opening
        self.summary.setText(_("Opening {opening} · Closing {closing} · {count} lines").format(
            opening=s.money(opening), closing=s.money(closing), count=s.digits(str(len(lines)))))

