"""Bank statements: the imported statements (account, period, lines, opening and closing balances)
and the import: choose the bank account and the file, check it (Ctrl+Shift+K, nothing written),
import it (Ctrl+I)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.accounting.banking import exceptions as banking_errors
from branch_desktop.accounting.banking import services
from branch_desktop.accounting.banking.types import StatementSummary
from branch_desktop.accounting.banking.views.common import (
    FormDialog,
    account_combo,
    button,
    fill,
    fill_accounts,
    table,
)
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.gui.forms import child, load_form
from branch_desktop.gui.operations import BANK, Op, read, watch, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import (
    EmptyState,
    fixed_row_table,
    message_label,
    ok_cancel,
    set_message,
    show_only_if,
)

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class StatementsModel(QAbstractTableModel):
    """The imported statements, latest first (``services.list_statements``)."""

    NUMERIC = frozenset({3, 4, 5})

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.rows: list[StatementSummary] = []
        self.headers = (_("Account"), _("Statement"), _("Period"), _("Lines"), _("Opening balance"),
                        _("Closing balance"))

    def set_rows(self, rows: list[StatementSummary]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def cells(self, row: StatementSummary) -> tuple[str, ...]:
        s = self.session
        period = _("{start} to {end}").format(start=s.date(row.start), end=s.date(row.end))
        return (s.digits(row.account), s.digits(row.statement_id), period, s.digits(str(row.lines)),
                s.money(row.opening), s.money(row.closing))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(self.rows[index.row()])[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.NUMERIC:
            return RIGHT
        return None


class StatementImportPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.dialog: QWidget | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.account = account_combo()
        account_row = QHBoxLayout()
        account_row.addWidget(self.account, 1)
        self.account_button = button(_("Register bank account…"), None, self.new_account, self)
        show_only_if(self.account_button, session.actor.can("banking.accounts"))
        account_row.addWidget(self.account_button)
        self.edit_account_button = button(_("Edit bank account…"), None, self.edit_account, self)
        show_only_if(self.edit_account_button, session.actor.can("banking.accounts"))
        account_row.addWidget(self.edit_account_button)
        form.addRow(_("Bank account"), account_row)
        row = QHBoxLayout()
        self.file = QLineEdit()
        self.file.setPlaceholderText(_("Statement file (camt.053, MT940 or CSV)"))
        row.addWidget(self.file, 1)
        row.addWidget(button(_("Browse…"), None, self.browse, self))
        form.addRow(_("File"), row)
        self.format = QComboBox()
        for text, key in ((_("Recognise automatically"), "auto"), ("camt.053", "camt053"), ("MT940", "mt940"),
                          ("CSV", "csv")):
            self.format.addItem(text, key)
        form.addRow(_("Format"), self.format)
        self.mapping = QComboBox()
        mapping_row = QHBoxLayout()
        mapping_row.addWidget(self.mapping, 1)
        self.mapping_button = button(_("New CSV mapping…"), None, self.new_mapping, self)
        show_only_if(self.mapping_button, session.actor.can("banking.import"))
        mapping_row.addWidget(self.mapping_button)
        form.addRow(_("CSV mapping"), mapping_row)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        self.check_button = button(_("Check"), "Ctrl+Shift+K", lambda: self.run(dry_run=True), self)
        self.import_button = button(_("Import"), "Ctrl+I", lambda: self.run(dry_run=False), self)
        can = session.actor.can("banking.import")
        show_only_if(self.check_button, can)
        show_only_if(self.import_button, can)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.result = table([_("Statement"), _("From"), _("To"), _("Opening balance"), _("Closing balance"),
                             _("Lines"), _("Sum of lines")])
        self.result.setMaximumHeight(self.result.fontMetrics().height() * 7)
        show_only_if(self.result, can)
        layout.addWidget(self.result)
        self.message = message_label()
        layout.addWidget(self.message)
        imported = QGroupBox(_("Imported statements"))
        self.statements = StatementsModel(session)
        self.statement_view = QTableView()
        self.statement_view.setModel(self.statements)
        fixed_row_table(self.statement_view)
        self.statement_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.statement_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the statement's id
        self.statements_empty = EmptyState(self.statement_view, _(
            "No statement yet. Choose the bank account and the bank's file above, check it with Ctrl+Shift+K "
            "and import it with Ctrl+I."))
        QVBoxLayout(imported).addWidget(self.statements_empty)
        layout.addWidget(imported, 1)
        self.reload_statements()
        read(session, lambda ctx, actor: (services.list_bank_accounts(ctx, actor), services.list_csv_mappings(ctx, actor))
             ).on_done(self._loaded).on_error(lambda exc: set_message(self.message, str(exc))).run(quiet=True)
        watch(self, session, {BANK}, self.reload_statements)

    def _loaded(self, result: tuple[list[services.BankAccountView], list[str]]) -> None:
        accounts, mappings = result
        fill_accounts(self.account, accounts, "revenue_bank")
        self.mapping.clear()
        self.mapping.addItem(_("(none)"), "")
        for name in mappings:
            self.mapping.addItem(name, name)

    def reload_statements(self) -> None:
        read(self.session, services.list_statements).on_done(self.statements.set_rows).on_error(
            lambda exc: set_message(self.message, str(exc))).run(quiet=True)

    def new_account(self) -> None:
        """One of the branch's bank accounts: its ledger account (code), bank and IBAN."""
        def saved(account: services.BankAccountView) -> None:
            self.reload_accounts()
            set_message(self.message, _("Bank account {code} ({iban}) registered.").format(
                code=account.code, iban=account.iban), ok=True)

        self.dialog = BankAccountDialog(self.session, self, saved)
        self.dialog.open()

    def edit_account(self) -> None:
        """The chosen account's bank and name (saved only over the version it was read at)."""
        code = self.account.currentData()
        if not code:
            set_message(self.message, _("No bank account is registered yet."))
            return

        def saved(account: services.BankAccountView) -> None:
            self.reload_accounts()
            set_message(self.message, _("Bank account {code} saved.").format(code=account.code), ok=True)

        def opened(account: services.BankAccountView) -> None:
            self.dialog = BankAccountDialog(self.session, self, saved, account)
            self.dialog.open()

        read(self.session, services.get_bank_account, code).on_done(opened).on_error(
            lambda exc: set_message(self.message, str(exc))).run(quiet=True)

    def reload_accounts(self) -> None:
        read(self.session, services.list_bank_accounts).on_done(
            lambda accounts: fill_accounts(self.account, accounts, "revenue_bank")).on_error(
            lambda exc: set_message(self.message, str(exc))).run(quiet=True)

    def new_mapping(self) -> None:
        """A bank's CSV layout: column titles as in the file's header, and its number and date formats."""
        from branch_desktop.accounting.banking.importers.csv import CsvLayout

        def then(v: dict[str, str]) -> Op[Any]:
            name, bank = v.pop("name"), v.pop("bank")
            layout = CsvLayout(**v)

            def saved(_result: object) -> None:
                self.mapping.addItem(name, name)
                self.mapping.setCurrentIndex(self.mapping.count() - 1)
                set_message(self.message, _("CSV mapping {name} saved.").format(name=name), ok=True)

            return write(self.session, {BANK}, services.save_csv_mapping, name, layout, bank=bank).on_done(saved)

        self.dialog = FormDialog(self, _("New CSV mapping"), [
            ("name", _("Name"), ""), ("bank", _("Bank"), ""),
            ("date", _("Date column"), ""), ("value_date", _("Value date column"), ""),
            ("amount", _("Amount column (signed)"), ""), ("debit", _("Debit column"), ""),
            ("credit", _("Credit column"), ""), ("balance", _("Balance column"), ""),
            ("reference", _("Reference column"), ""), ("counterparty", _("Counterparty column"), ""),
            ("description", _("Description column"), ""),
            ("date_format", _("Date format (auto, jalali or e.g. %d.%m.%Y)"), "auto"),
            ("decimal_mark", _("Decimal mark"), "."), ("group_mark", _("Thousands mark"), ","),
            ("delimiter", _("Delimiter"), ","), ("encoding", _("Encoding"), "utf-8"),
        ], then)
        self.dialog.open()

    def browse(self) -> None:
        dialog = QFileDialog(self, _("Statement file"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(self.file.setText)
        self.dialog = dialog
        dialog.open()

    def run(self, *, dry_run: bool) -> None:
        path = Path(self.file.text().strip())
        code = self.account.currentData()
        if not code:
            set_message(self.message, _("No bank account is registered yet."))
            return
        if not path.is_file():
            set_message(self.message, _("There is no file {file}.").format(file=str(path)))
            return
        fmt, mapping = self.format.currentData(), self.mapping.currentData() or None
        try:
            data = services.read_statement_file(path)
        except DomainError as exc:
            set_message(self.message, str(exc))
            return

        def go(ctx: BranchContext, actor: Actor) -> list[StatementSummary]:
            return services.import_statement(ctx, actor, code, data, file_name=path.name, fmt=fmt, mapping=mapping,
                                             dry_run=dry_run)

        def done(summaries: list[StatementSummary]) -> None:
            s = self.session
            fill(self.result, [(i, (x.statement_id, s.date(x.start), s.date(x.end), s.money(x.opening),
                                    s.money(x.closing), s.digits(str(x.lines)), s.money(x.lines_sum)))
                               for i, x in enumerate(summaries)], numeric=[3, 4, 5, 6])
            if dry_run:
                text = _("The file is sound: {count} statements; nothing was imported yet.").format(count=len(summaries))
            else:
                text = _("{count} statements with {lines} lines imported into {account}.").format(
                    count=len(summaries), lines=sum(x.lines for x in summaries), account=code)
            set_message(self.message, text, ok=True)
            self.session.status_message(text)
            if not dry_run:
                self.reload_statements()

        def failed(exc: BaseException) -> None:
            fill(self.result, [])
            set_message(self.message, str(exc))
            if getattr(exc, "field", None) == "mapping":  # a CSV file needs its column mapping
                self.mapping.setFocus()

        op = read(self.session, go) if dry_run else write(self.session, {BANK}, go)
        op.on_done(done).on_error(failed).run(label=_("Reading the statement…"))


class BankAccountDialog(QDialog):
    """A new bank account, or an edit of one (ui/accounting/banking/bank_account.ui), saved on the
    task runner; a refusal (a bad IBAN, a code in use, someone else's newer save) keeps the dialog
    open with the reason, and a stale edit offers to reload the account."""

    def __init__(self, session: Session, parent: QWidget, saved: Callable[[services.BankAccountView], None],
                 existing: services.BankAccountView | None = None) -> None:
        super().__init__(parent)
        self.session, self.saved, self.existing = session, saved, existing
        self.setWindowTitle(_("Edit bank account") if existing else _("Register bank account"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.form = load_form("accounting/banking/bank_account", self)
        layout.addWidget(self.form)
        self.edits = {key: child(self.form, QLineEdit, key) for key in ("code", "iban", "bank", "name")}
        if existing is None:
            self.edits["code"].setText(session.ctx.pack.account_code("revenue_bank"))
        else:
            self._fill(existing)
            for key in ("code", "iban"):  # what statements and cheques were recorded on
                self.edits[key].setReadOnly(True)
        self.message = message_label()
        layout.addWidget(self.message)
        self.reload_button = button(_("Reload"), None, self.reload, self)
        self.reload_button.setVisible(False)
        layout.addWidget(self.reload_button)
        layout.addWidget(ok_cancel(self._accept, self.reject))

    def _fill(self, account: services.BankAccountView) -> None:
        self.existing = account
        for key in ("code", "iban", "bank", "name"):
            self.edits[key].setText(getattr(account, key))

    def reload(self) -> None:
        """Someone saved the account meanwhile: show their version (this edit is dropped)."""
        assert self.existing is not None

        def loaded(account: services.BankAccountView) -> None:
            self._fill(account)
            self.reload_button.setVisible(False)
            set_message(self.message, _("Reloaded; make your change again."), ok=True)

        read(self.session, services.get_bank_account, self.existing.code).on_done(loaded).on_error(
            lambda exc: set_message(self.message, str(exc))).run(quiet=True)

    def _accept(self) -> None:
        v = {key: edit.text().strip() for key, edit in self.edits.items()}

        def done(account: services.BankAccountView) -> None:
            self.accept()
            self.saved(account)

        def refused(exc: BaseException) -> None:
            set_message(self.message, str(exc))
            self.reload_button.setVisible(isinstance(exc, banking_errors.StaleBankAccount))
            edit = self.edits.get(getattr(exc, "field", None) or "")  # the field the error names (InvalidIban)
            if edit is not None:
                edit.setFocus()
                edit.selectAll()

        if self.existing is not None:
            op = write(self.session, {BANK}, services.update_bank_account, self.existing.code, self.existing.version,
                       bank=v["bank"], name=v["name"])
        else:
            op = write(self.session, {BANK}, services.create_bank_account, v["code"], v["iban"], v["bank"],
                       name=v["name"])
        op.on_done(done).on_error(refused).run(quiet=True)
