"""The journal list: a keyset-paged grid over the posted lines (the first screen at once, more as it
scrolls, the count apart), a filter bar, entry detail and reversal."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger import queries, services
from branch_desktop.core.ledger.queries import JournalFilter, JournalKey, JournalRow
from branch_desktop.core.ledger.types import EntryView
from branch_desktop.core.money import DIGITS_TO_ASCII
from branch_desktop.core.texts import format_count
from branch_desktop.gui.keyset import KeysetTableModel
from branch_desktop.gui.operations import LEDGER, read, watch, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import (
    EmptyState,
    ask_reason,
    fit_headings,
    fixed_row_table,
    mark_field,
    message_label,
    set_message,
    show_only_if,
    std_icon,
    with_shortcut,
)


class JournalModel(KeysetTableModel[JournalRow, JournalKey]):
    def __init__(self, session: Session) -> None:
        super().__init__(session.runner)
        self.session = session
        self.filter = JournalFilter()
        self.headers = (_("Number"), _("Date"), _("Journal"), _("Description"), _("Account"),
                        _("Account name"), _("Debit"), _("Credit"))
        self.numeric_columns = frozenset({6, 7})

    def load_page(self, after: JournalKey | None, limit: int) -> tuple[list[JournalRow], JournalKey | None]:
        found = queries.journal_page(self.session.ctx, self.session.actor, self.filter, after, limit)
        return list(found.rows), found.next

    def show(self, f: JournalFilter) -> None:
        """Read the lines matching ``f`` from the first one; count them apart."""
        self.filter = f
        ctx, actor = self.session.ctx, self.session.actor
        self.restart(lambda: queries.journal_count(ctx, actor, f))

    def ids(self) -> list[int]:
        """The line ids loaded so far."""
        return [r.line_id for r in self.rows()]

    def cells(self, row: JournalRow) -> tuple[str, ...]:
        s = self.session
        number = s.digits(row.number)
        if row.reversed:
            number += " ↺"
        return (number, s.date(row.entry_date), row.journal_code, row.description, s.digits(row.account_code),
                row.account_name, s.money_or_blank(row.debit), s.money_or_blank(row.credit))


class JournalPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        actor = session.actor
        layout = QVBoxLayout(self)

        bar = QHBoxLayout()
        self.journal = QComboBox()
        self.journal.addItem(_("All journals"), None)
        # opens on the current month: a million-line journal is not read in full at start-up
        self.period = QLineEdit(session.period(session.today_period()))
        self.period.setPlaceholderText(_("Period YYYY-MM"))
        self.period.setToolTip(_("A month in the branch's calendar, e.g. {example}").format(
            example=session.period(session.today_period())))
        self.account = QLineEdit()
        self.account.setPlaceholderText(_("Account code"))
        self.text = QLineEdit()
        self.text.setPlaceholderText(_("Text in description, reference or memo"))
        self.apply_button = QPushButton(_("Filter"))
        self.apply_button.setToolTip(with_shortcut(_("Apply the filter"), "Return"))
        self.apply_button.setIcon(std_icon(QStyle.StandardPixmap.SP_BrowserReload))
        for label, w in ((_("Journal"), self.journal), (_("Period"), self.period),
                         (_("Account"), self.account), (_("Text"), self.text)):
            lab = QLabel(label)
            lab.setBuddy(w)
            bar.addWidget(lab)
            bar.addWidget(w, 2 if w is self.text else 1)
        bar.addWidget(self.apply_button)
        layout.addLayout(bar)

        self.message = message_label()
        layout.addWidget(self.message)

        self.model = JournalModel(session)
        self.model.counted.connect(self._counted)
        self.view = QTableView()
        self.view.setModel(self.model)
        fixed_row_table(self.view)
        header = self.view.horizontalHeader()
        for col, width in enumerate((140, 85, 80, 300, 60, 210, 120, 120)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the description takes the rest
        fit_headings(self.view)
        self.view.doubleClicked.connect(self._open_index)
        self.view.activated.connect(self._open_index)
        self.empty = EmptyState(self.view, _(
            "No posted entry matches this filter. Clear the period to see every month, or post an entry on the "
            "New entry page."))
        layout.addWidget(self.empty, 1)

        foot = QHBoxLayout()
        self.count = QLabel()
        foot.addWidget(self.count, 1)
        self.detail_button = QPushButton(_("Open entry"))
        self.detail_button.setToolTip(with_shortcut(_("Show the selected entry with its lines"), "Return"))
        self.detail_button.clicked.connect(self.open_selected)
        foot.addWidget(self.detail_button)
        self.reverse_button = QPushButton(_("Reverse…"))
        self.reverse_button.setToolTip(with_shortcut(_("Post a reversal of the selected entry"), "Ctrl+R"))
        self.reverse_button.clicked.connect(self.reverse_selected)
        show_only_if(self.reverse_button, actor.can("ledger.reverse"))
        foot.addWidget(self.reverse_button)
        layout.addLayout(foot)
        if actor.can("ledger.reverse"):
            QShortcut(QKeySequence("Ctrl+R"), self, self.reverse_selected,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        for edit in (self.period, self.account, self.text):
            edit.returnPressed.connect(self.apply_filter)
        self.apply_button.clicked.connect(self.apply_filter)
        self.journal.activated.connect(lambda _i: self.apply_filter())
        self.reason_dialog: QWidget | None = None
        self.detail: QWidget | None = None

        read(session, queries.list_journals).on_done(self._journals_loaded).run(quiet=True)
        # an entry posted anywhere (the counter, a payroll run, a statement) appears here
        watch(self, session, {LEDGER}, lambda: self.apply_filter(keep_message=True))
        self.apply_filter()

    def _journals_loaded(self, journals: list[tuple[str, str]]) -> None:
        for code, name in journals:
            self.journal.addItem(f"{code} – {name}", code)

    # -- filtering ------------------------------------------------------------------------------
    def current_filter(self) -> JournalFilter | None:
        period = None
        mark_field(self.period, None)
        if self.period.text().strip():
            try:
                period = self.session.parse_period(self.period.text())
            except DomainError as exc:
                mark_field(self.period, str(exc))
                set_message(self.message, str(exc))
                return None
        return JournalFilter(
            journal_code=self.journal.currentData(),
            period=period,
            account_code=self.account.text().strip().translate(DIGITS_TO_ASCII) or None,
            text=self.text.text().strip() or None,
        )

    def apply_filter(self, keep_message: bool = False) -> None:
        f = self.current_filter()
        if f is None:
            return
        if not keep_message:
            set_message(self.message, "")
        self.count.setText(_("Searching…"))
        self.model.show(f)

    def _counted(self, total: int) -> None:
        self.count.setText(_("{count} lines").format(count=format_count(total)))

    # -- entries --------------------------------------------------------------------------------
    def selected_row(self) -> JournalRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_object(index.row())

    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.row_object(index.row())
        if row is not None:
            self.open_entry(row.entry_id)

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            set_message(self.message, _("Select a line of the entry first."))
            return
        self.open_entry(row.entry_id)

    def open_entry(self, entry_id: int) -> None:
        from branch_desktop.accounting.ledger.views.entry_detail import EntryDetailDialog

        def shown(view: EntryView) -> None:
            dialog = EntryDetailDialog(self.session, view, self)
            dialog.reversed.connect(lambda _id: self.apply_filter(keep_message=True))
            self.detail = dialog
            dialog.show()

        read(self.session, services.get_entry, entry_id).on_done(shown).run()

    def reverse_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            set_message(self.message, _("Select a line of the entry to reverse first."))
            return
        self.reverse_entry(row.entry_id, row.number)

    def reverse_entry(self, entry_id: int, number: str) -> None:
        def go(reason: str) -> None:
            def done(view: EntryView) -> None:
                text = _("Entry {number} reversed by {reversal}.").format(
                    number=self.session.docno(number), reversal=self.session.docno(view.display_number))
                set_message(self.message, text, ok=True)
                self.session.status_message(text)
                self.apply_filter(keep_message=True)

            write(self.session, {LEDGER}, services.reverse, entry_id, reason).on_done(done).run(
                label=_("Posting the reversal…"))

        self.reason_dialog = ask_reason(
            self, _("Reverse entry {number}").format(number=self.session.digits(number)),
            _("Why is this entry reversed? The reason is kept with the reversal."), go)

