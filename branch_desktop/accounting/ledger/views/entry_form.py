"""The manual journal entry form (accountants): balanced as you type, Ctrl+Enter posts, Ctrl+S drafts.

Keyboard first: Tab and Enter move from field to field (journal, date, description, reference,
then account/debit/credit/memo per line; a new line appears when the last one is used);
Ctrl+Enter posts, Ctrl+S saves a draft, Esc clears the message. Amounts are typed in the user's
locale with either digit set; the date in the pack's calendar (Jalali for Iran), either digit set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger import queries, services
from branch_desktop.core.ledger.queries import AccountNode
from branch_desktop.core.ledger.types import EntryInput, EntryView, LineInput
from branch_desktop.core.money import DIGITS_TO_ASCII
from branch_desktop.core.security import Actor
from branch_desktop.gui.operations import LEDGER, read, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import (
    EnterMovesOn,
    mark_field,
    message_label,
    set_message,
    shortcut,
    show_only_if,
    std_icon,
    with_shortcut,
)

POST_KEYS = ("Ctrl+Return", "Ctrl+Enter")
INITIAL_LINES = 4


@dataclass
class LineRow:
    account: QLineEdit
    name: QLabel
    debit: QLineEdit
    credit: QLineEdit
    memo: QLineEdit

    def fields(self) -> tuple[QLineEdit, ...]:
        return (self.account, self.debit, self.credit, self.memo)

    def is_empty(self) -> bool:
        return not any(f.text().strip() for f in (self.account, self.debit, self.credit))


class EntryFormPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.draft_id: int | None = None
        self.accounts: dict[str, AccountNode] = {}
        self._enter = EnterMovesOn(self)
        outer = QVBoxLayout(self)

        head = QFormLayout()
        self.journal = QComboBox()
        self.date = QLineEdit(session.date(session.ctx.today()))
        self.date.setToolTip(_("Date in the branch's calendar (YYYY/MM/DD); either digit set"))
        self.description = QLineEdit()
        self.description.setMaxLength(500)
        self.reference = QLineEdit()
        self.reference.setMaxLength(100)
        self.date.setMaximumWidth(160)
        self.date_error = QLabel()
        head.addRow(_("&Journal"), self.journal)
        head.addRow(_("&Date"), self.date)
        head.addRow("", self.date_error)
        head.addRow(_("De&scription"), self.description)
        head.addRow(_("&Reference"), self.reference)
        for label_widget in (self.journal, self.date, self.description, self.reference):
            lab = head.labelForField(label_widget)
            if isinstance(lab, QLabel):
                lab.setBuddy(label_widget)
        outer.addLayout(head)

        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setColumnStretch(1, 2)
        self.grid.setColumnStretch(4, 3)
        for col, title in enumerate((_("Account"), _("Account name"), _("Debit"), _("Credit"), _("Memo"))):
            lab = QLabel(f"<b>{title}</b>")
            self.grid.addWidget(lab, 0, col)
        self.rows: list[LineRow] = []
        grid_page = QWidget()
        grid_column = QVBoxLayout(grid_page)
        grid_column.setContentsMargins(0, 0, 0, 0)
        grid_column.addWidget(self.grid_host)
        grid_column.addStretch(1)  # the lines stay at the top of the scroll area
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_page)
        outer.addWidget(scroll, 1)

        totals = QHBoxLayout()
        self.add_line_button = QPushButton(_("Add line"))
        self.add_line_button.setToolTip(with_shortcut(_("Add a line"), "Ctrl+Shift+L"))
        self.add_line_button.clicked.connect(lambda: self.add_line(focus=True))
        self.add_line_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        totals.addWidget(self.add_line_button)
        self.totals = QLabel()
        totals.addWidget(self.totals, 1)
        outer.addLayout(totals)
        self.message = message_label()
        outer.addWidget(self.message)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.clear_button = QPushButton(_("Clear"))
        self.clear_button.clicked.connect(self.clear)
        self.draft_button = QPushButton(_("Save draft"))
        self.draft_button.setIcon(std_icon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.draft_button.setToolTip(with_shortcut(_("Save as a draft (need not balance)"), "Ctrl+S"))
        self.draft_button.clicked.connect(self.save_draft)
        show_only_if(self.draft_button, session.actor.can("ledger.draft"))
        self.post_button = QPushButton(_("Post"))
        self.post_button.setIcon(std_icon(QStyle.StandardPixmap.SP_DialogApplyButton))
        self.post_button.setToolTip(with_shortcut(_("Post the entry"), "Ctrl+Return"))
        self.post_button.clicked.connect(self.post)
        for b in (self.clear_button, self.draft_button, self.post_button):
            b.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            buttons.addWidget(b)
        outer.addLayout(buttons)

        for keys in POST_KEYS:  # on this form only (the context: widget with children)
            shortcut(keys, self, self.post)
        shortcut("Ctrl+S", self, self.save_draft)
        shortcut("Ctrl+Shift+L", self, lambda: self.add_line(focus=True))
        shortcut("Escape", self, lambda: set_message(self.message, ""))

        for w in (self.date, self.description, self.reference):
            w.installEventFilter(self._enter)
        self.date.textChanged.connect(self._check_date)
        self.completer_model = QStandardItemModel(self)
        for _i in range(INITIAL_LINES):
            self.add_line()
        self.update_totals()
        self.setFocusProxy(self.journal)
        read(session, lambda ctx, actor: (queries.list_journals(ctx, actor), queries.list_accounts(ctx, actor))
             ).on_done(self._loaded).run(quiet=True)

    # -- set-up ---------------------------------------------------------------------------------
    def _loaded(self, data: tuple[list[tuple[str, str]], list[AccountNode]]) -> None:
        journals, accounts = data
        self.journal.clear()
        for code, name in journals:
            self.journal.addItem(f"{code} – {name}", code)
        self.accounts = {a.code: a for a in accounts}
        self.completer_model.clear()
        for a in accounts:
            if a.is_postable and a.active:
                item = QStandardItem(f"{self.session.digits(a.code)}  {a.name}")
                item.setData(a.code, Qt.ItemDataRole.EditRole)
                self.completer_model.appendRow(item)
        for row in self.rows:
            self._check_account(row)

    def add_line(self, focus: bool = False) -> LineRow:
        r = len(self.rows) + 1
        account = QLineEdit()
        account.setPlaceholderText(_("code"))
        completer = QCompleter(self.completer_model, account)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionRole(Qt.ItemDataRole.EditRole)
        account.setCompleter(completer)
        name = QLabel()
        name.setMinimumWidth(160)
        debit, credit, memo = QLineEdit(), QLineEdit(), QLineEdit()
        for amount in (debit, credit):
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        memo.setMaxLength(200)
        row = LineRow(account, name, debit, credit, memo)
        self.grid.addWidget(account, r, 0)
        self.grid.addWidget(name, r, 1)
        self.grid.addWidget(debit, r, 2)
        self.grid.addWidget(credit, r, 3)
        self.grid.addWidget(memo, r, 4)
        if self.rows:
            QWidget.setTabOrder(self.rows[-1].memo, account)
        else:
            QWidget.setTabOrder(self.reference, account)
        QWidget.setTabOrder(account, debit)
        QWidget.setTabOrder(debit, credit)
        QWidget.setTabOrder(credit, memo)
        self.rows.append(row)
        for f in row.fields():
            f.installEventFilter(self._enter)
        account.textChanged.connect(lambda _t, row=row: self._account_changed(row))
        debit.textChanged.connect(lambda _t, w=debit: self._amount_changed(w))
        credit.textChanged.connect(lambda _t, w=credit: self._amount_changed(w))
        if focus:
            account.setFocus()
        return row

    # -- live validation ------------------------------------------------------------------------
    def _check_date(self) -> dt.date | None:
        try:
            day = self.session.parse_date(self.date.text())
        except DomainError as exc:
            mark_field(self.date, str(exc))
            self.date_error.setText(str(exc))
            self.date_error.setStyleSheet("color: #b00020;")
            return None
        mark_field(self.date, None)
        self.date_error.setText("")
        return day

    def _account_changed(self, row: LineRow) -> None:
        self._check_account(row)
        if row is self.rows[-1] and row.account.text().strip():
            self.add_line()
        self.update_totals()

    def _check_account(self, row: LineRow) -> str | None:
        code = row.account.text().strip().translate(DIGITS_TO_ASCII)
        error = None
        if not code or not self.accounts:
            row.name.setText("")
        elif code not in self.accounts:
            error = _("There is no account {code}.").format(code=code)
        elif not self.accounts[code].is_postable:
            error = _("Account {code} is a heading; post to one of its sub-accounts.").format(code=code)
        elif not self.accounts[code].active:
            error = _("Account {code} is closed.").format(code=code)
        if code and code in self.accounts and error is None:
            row.name.setText(self.accounts[code].name)
            row.name.setStyleSheet("")
        elif error:
            row.name.setText(error)
            row.name.setStyleSheet("color: #b00020;")
        mark_field(row.account, error)
        return error

    def _read_amount(self, edit: QLineEdit) -> tuple[int | None, str | None]:
        """Minor units typed in a field (0 when empty), or None and why it is not an amount (the
        locale's way of writing one, as every money field reads it: ``Session.parse_money``)."""
        text = edit.text().strip()
        if not text:
            return 0, None
        try:
            value = self.session.parse_money(text)
        except DomainError as exc:
            return None, str(exc)
        if value < 0:
            return None, _("'{text}' is not an amount.").format(text=edit.text())
        return value, None

    def _amount(self, edit: QLineEdit) -> int | None:
        return self._read_amount(edit)[0]

    def _amount_changed(self, edit: QLineEdit) -> None:
        mark_field(edit, self._read_amount(edit)[1])
        self.update_totals()

    def totals_minor(self) -> tuple[int, int]:
        debit = credit = 0
        for row in self.rows:
            debit += self._amount(row.debit) or 0
            credit += self._amount(row.credit) or 0
        return debit, credit

    def update_totals(self) -> None:
        debit, credit = self.totals_minor()
        diff = debit - credit
        s = self.session
        text = _("Debits {debit} · Credits {credit} · Difference {difference}").format(
            debit=s.money(debit), credit=s.money(credit), difference=s.money(abs(diff)))
        self.totals.setText(text)
        self.totals.setStyleSheet("color: #b00020;" if diff else "color: #1b5e20;")

    # -- building the entry ---------------------------------------------------------------------
    def build_entry(self, *, for_posting: bool) -> EntryInput | None:
        """The entry typed so far, or None after showing what is wrong next to the grid."""
        day = self._check_date()
        if day is None:
            set_message(self.message, self.date_error.text())
            self.date.setFocus()
            return None
        if not self.description.text().strip():
            mark_field(self.description, _("An entry needs a description."))
            set_message(self.message, _("An entry needs a description."))
            self.description.setFocus()
            return None
        mark_field(self.description, None)
        code_of = self.journal.currentData()
        if not code_of:
            set_message(self.message, _("Choose a journal."))
            return None
        lines: list[LineInput] = []
        for n, row in enumerate(self.rows, start=1):
            if row.is_empty():
                continue
            error = self._check_account(row)
            if not row.account.text().strip():
                error = _("Line {line}: choose an account.").format(line=n)
            debit, credit = self._amount(row.debit), self._amount(row.credit)
            if error is None and (debit is None or credit is None):
                error = _("Line {line}: the amount is not a number.").format(line=n)
            elif error is None and for_posting and (bool(debit) == bool(credit)):
                error = _("Line {line}: give either a debit or a credit.").format(line=n)
            if error:
                set_message(self.message, error)
                row.account.setFocus()
                return None
            lines.append(LineInput(row.account.text().strip().translate(DIGITS_TO_ASCII), debit or 0, credit or 0,
                                   memo=row.memo.text().strip()))
        if for_posting:
            if len(lines) < 2:
                set_message(self.message, _("An entry needs at least two lines."))
                return None
            debit_total, credit_total = self.totals_minor()
            if debit_total != credit_total:
                set_message(self.message, _(
                    "The entry does not balance: debits {debit}, credits {credit}; the difference is {difference}."
                ).format(debit=self.session.money(debit_total), credit=self.session.money(credit_total),
                         difference=self.session.money(abs(debit_total - credit_total))))
                return None
        return EntryInput(code_of, day, self.description.text().strip(), tuple(lines),
                          reference=self.reference.text().strip())

    # -- actions --------------------------------------------------------------------------------
    def post(self) -> None:
        entry = self.build_entry(for_posting=True)
        if entry is None:
            return
        draft_id = self.draft_id

        def work(ctx: BranchContext, actor: Actor) -> EntryView:
            if draft_id is not None:
                services.save_draft(ctx, actor, entry, draft_id)
                return services.post_draft(ctx, actor, draft_id)
            return services.post_entry(ctx, actor, entry)

        set_message(self.message, "")
        self.post_button.setEnabled(False)
        (write(self.session, {LEDGER}, work).on_done(self._posted).on_error(self._refused)
            .run(label=_("Posting…")))

    def _posted(self, view: EntryView) -> None:
        self.post_button.setEnabled(True)
        self.last_posted = view
        text = _("Entry {number} posted.").format(number=self.session.docno(view.display_number))
        self.clear(keep_message=True)
        set_message(self.message, text, ok=True)
        self.session.status_message(text)

    def _refused(self, exc: BaseException) -> None:
        self.post_button.setEnabled(True)
        if isinstance(exc, DomainError):
            set_message(self.message, str(exc))
            field = {"description": self.description, "entry_date": self.date}.get(getattr(exc, "field", None) or "")
            if field is not None:  # the ledger's typed errors name the input they concern
                mark_field(field, str(exc))
        else:
            self.session.runner.report_unexpected(exc)

    def save_draft(self) -> None:
        if not self.session.actor.can("ledger.draft"):
            return
        entry = self.build_entry(for_posting=False)
        if entry is None:
            return
        draft_id = self.draft_id

        def saved(new_id: int) -> None:
            self.draft_id = new_id
            set_message(self.message, _("Draft {id} saved.").format(id=self.session.digits(str(new_id))), ok=True)

        write(self.session, {LEDGER}, services.save_draft, entry, draft_id).on_done(saved).on_error(
            self._refused).run(label=_("Saving the draft…"))

    def clear(self, keep_message: bool = False) -> None:
        self.draft_id = None
        self.description.clear()
        self.reference.clear()
        for row in self.rows:
            for f in row.fields():
                f.clear()
            mark_field(row.account, None)
            row.name.clear()
        if not keep_message:
            set_message(self.message, "")
        self.update_totals()
        self.description.setFocus()
