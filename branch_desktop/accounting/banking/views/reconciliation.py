"""The monthly bank reconciliation: unmatched statement lines and book items side by side.

Keyboard: Ctrl+Shift+A matches automatically, Ctrl+M matches the selected lines and items,
Ctrl+E books the selected statement line (bank charges, interest), Ctrl+U undoes the selected
match, Ctrl+Shift+L locks the month, Ctrl+P prints the report; Tab moves between the panes.

The amount is the first column of every grid and the description the only one that stretches
(elided, full text in its tooltip), so amounts stay on screen at any width. The month's matches
(statement lines <-> book items, rule, amount) are listed under the grids with Undo.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.accounting.banking import services
from branch_desktop.accounting.banking.types import MatchView, Reconciliation
from branch_desktop.accounting.banking.views.common import (
    FormDialog,
    account_combo,
    button,
    fill,
    fill_accounts,
    selected_ids,
    table,
)
from branch_desktop.accounting.banking.views.grids import BookItemsModel
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.i18n import current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.security import Actor
from branch_desktop.gui.operations import BANK, LEDGER, read, watch, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import (
    EmptyState,
    ask_reason,
    confirm,
    message_label,
    set_message,
    show_only_if,
)

DESCRIPTION = 4  # the column that stretches (and elides) in both grids
LIST_SEPARATOR = " · "



Rows = list[tuple[int, tuple[str, ...]]]
Loaded = tuple[Reconciliation, list[MatchView], Rows]  # the state, its matches, the statement lines' rows

class ReconciliationPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        actor = session.actor
        self.state: Reconciliation | None = None
        self.matches: list[MatchView] = []
        self.dialog: QWidget | None = None
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        label = QLabel(_("Bank account"))
        self.account = account_combo()
        label.setBuddy(self.account)
        top.addWidget(label)
        top.addWidget(self.account)
        month_label = QLabel(_("Month"))
        self.month = QLineEdit(session.period(session.today_period()))
        self.month.setMaximumWidth(110)
        month_label.setBuddy(self.month)
        top.addWidget(month_label)
        top.addWidget(self.month)
        top.addWidget(button(_("Show"), None, self.reload, self))
        top.addStretch(1)
        layout.addLayout(top)

        tools = QHBoxLayout()
        self.auto_button = button(_("Match automatically"), "Ctrl+Shift+A", self.auto_match, self)
        self.match_button = button(_("Match selected"), "Ctrl+M", self.match_selected, self)
        self.entry_button = button(_("Create entry…"), "Ctrl+E", self.create_entry, self)
        self.unmatch_button = button(_("Undo match"), "Ctrl+U", self.unmatch_selected, self)
        self.lock_button = button(_("Lock month"), "Ctrl+Shift+L", self.lock, self)
        self.reopen_button = button(_("Reopen…"), None, self.reopen, self)
        self.print_button = button(_("Print report…"), "Ctrl+P", self.print_report, self)
        self.close_button = button(_("Close accounting month…"), None, self.close_month, self)
        self.ten_day_button = button(_("Revenue account balance by ten days"), None, self.print_ten_day, self)
        self.ten_day_xlsx_button = button(_("Ten days in Excel…"), None, lambda: self.save_xlsx("ten-day"), self)
        self.xlsx_button = button(_("Excel…"), None, lambda: self.save_xlsx("reconciliation"), self)
        can_reconcile = actor.can("banking.reconcile")
        for b in (self.auto_button, self.match_button, self.entry_button, self.lock_button):
            show_only_if(b, can_reconcile)
            tools.addWidget(b)
        show_only_if(self.unmatch_button, can_reconcile)
        show_only_if(self.reopen_button, actor.can("banking.reopen"))
        tools.addWidget(self.reopen_button)
        tools.addStretch(1)
        layout.addLayout(tools)
        # the month's close and reports on a row of their own: on one row the Turkish labels made the
        # page (and so the window) wider than a 1366-pixel screen
        reports = QHBoxLayout()
        reports.addStretch(1)
        show_only_if(self.close_button, actor.can("banking.close"))
        for b in (self.close_button, self.ten_day_button, self.ten_day_xlsx_button, self.print_button, self.xlsx_button):
            reports.addWidget(b)
        layout.addLayout(reports)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QGroupBox(_("Statement lines not matched"))
        self.lines = table([_("Amount"), _("Date"), _("Reference"), _("Counterparty"), _("Description")], multi=True,
                           stretch=DESCRIPTION)
        self.lines_empty = EmptyState(self.lines, _(
            "No statement line left to match up to this month. Import the bank's statement with Ctrl+I on "
            "the Bank statements page."), action=(_("Bank statements"), self.open_statements))
        QVBoxLayout(left).addWidget(self.lines_empty)
        right = QGroupBox(_("Book items not matched"))
        # a month may leave 100,000s of book items open: they are read a page at a time as the grid scrolls
        self.book_model = BookItemsModel(session, [_("Amount"), _("Date"), _("Reference"), _("Entry"),
                                                   _("Description")])
        self.book = table(self.book_model.headers, multi=True, stretch=DESCRIPTION, model=self.book_model)
        self.book_empty = EmptyState(self.book, _("No book item left to match up to this month."))
        QVBoxLayout(right).addWidget(self.book_empty)
        split.addWidget(left)
        split.addWidget(right)
        # grids | figures | the month's matches, one above the other; the user drags the handles
        self.panes = QSplitter(Qt.Orientation.Vertical)
        self.panes.setChildrenCollapsible(False)
        self.panes.addWidget(split)
        layout.addWidget(self.panes, 1)
        self.lines.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.book.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())

        figures = QGridLayout()
        self.values: dict[str, QLabel] = {}
        names = [("statement", _("Statement balance")), ("outstanding", _("Outstanding cheques")),
                 ("transit", _("Deposits in transit")), ("book", _("Book balance")),
                 ("other", _("Other items")), ("difference", _("Difference"))]
        for i, (key, text) in enumerate(names):
            value = QLabel("")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.values[key] = value
            figures.addWidget(QLabel(text), i // 3, (i % 3) * 2)
            figures.addWidget(value, i // 3, (i % 3) * 2 + 1)
        middle = QWidget()
        middle_box = QVBoxLayout(middle)
        middle_box.setContentsMargins(0, 0, 0, 0)
        middle_box.addLayout(figures)
        self.selection = QLabel("")
        self.status = QLabel("")
        middle_box.addWidget(self.selection)
        middle_box.addWidget(self.status)
        self.panes.addWidget(middle)

        matched = QGroupBox(_("Matches of the month"))
        matched_box = QVBoxLayout(matched)
        self.match_table = table([_("Amount"), _("Date"), _("Rule"), _("Statement lines"), _("Book items")],
                                 stretch=3)
        self.match_empty = EmptyState(self.match_table, _(
            "No match in this month yet. Match automatically with Ctrl+Shift+A, or select statement lines and "
            "book items of the same total and press Ctrl+M."))
        matched_row = QHBoxLayout()
        matched_row.addWidget(self.match_empty, 1)
        undo_column = QVBoxLayout()
        undo_column.addWidget(self.unmatch_button)
        undo_column.addStretch(1)
        matched_row.addLayout(undo_column)
        matched_box.addLayout(matched_row)
        self.panes.addWidget(matched)
        self.panes.setStretchFactor(0, 3)
        self.panes.setStretchFactor(1, 0)
        self.panes.setStretchFactor(2, 2)
        self.panes.setSizes([300, middle.sizeHint().height(), 260])
        self.message = message_label()
        layout.addWidget(self.message)
        self.account.currentIndexChanged.connect(lambda _i: self.reload())
        self.month_chosen = False  # until then, the page opens on the latest statement's month
        self.month.textEdited.connect(self._month_edited)
        watch(self, session, {BANK, LEDGER}, self.reload)  # a statement imported, an entry posted
        self.load_accounts()

    def _month_edited(self, _text: str) -> None:
        self.month_chosen = True

    def open_statements(self) -> None:
        self.session.open_page("accounting.bank_statements")

    # -- loading ------------------------------------------------------------------------------
    def load_accounts(self) -> None:
        (read(self.session, services.list_bank_accounts).on_done(self._accounts_loaded)
            .on_error(lambda exc: set_message(self.message, str(exc))).run(quiet=True))

    def _accounts_loaded(self, accounts: list[services.BankAccountView]) -> None:
        self.account.blockSignals(True)
        fill_accounts(self.account, accounts, "revenue_bank")
        self.account.blockSignals(False)
        if not accounts:
            set_message(self.message, _("No bank account is registered yet."))
            self.lines_empty.set_text(_(
                "No bank account is registered yet. Register one on the Bank statements page, then import its "
                "statement with Ctrl+I."))
            return
        code = self.account.currentData()
        if self.month_chosen or not code:
            self.reload()
            return

        def latest(ym: YearMonth | None) -> None:
            if ym is not None and not self.month_chosen:
                self.month.setText(self.session.period(ym))
            self.reload()

        (read(self.session, services.latest_statement_month, code).on_done(latest)
            .on_error(lambda exc: set_message(self.message, str(exc))).run(quiet=True))

    def period(self) -> YearMonth | None:
        try:
            return self.session.parse_period(self.month.text())
        except Exception as exc:
            set_message(self.message, str(exc))
            return None

    def reload(self) -> None:
        code, ym = self.account.currentData(), self.period()
        if not code or ym is None:
            return
        s = self.session

        def load(ctx: BranchContext, actor: Actor) -> Loaded:
            state = services.reconciliation(ctx, actor, code, ym, items=False)
            # the rows' texts are made here, on the worker (the statement lines' all, the book items'
            # first page: the grid reads the others as it scrolls)
            return (state, services.list_matches(ctx, actor, code, ym),
                    [(x.id, (s.money(x.amount), s.date(x.day), s.digits(x.reference), x.counterparty,
                             x.description)) for x in state.unmatched_statement])

        self.book_model.show(code, ym)
        read(self.session, load).on_done(self._loaded).on_error(
            lambda exc: set_message(self.message, str(exc))).run(quiet=True)

    def _loaded(self, result: Loaded) -> None:
        s = self.session
        self.state, self.matches, statement_rows = result
        state = self.state
        fill(self.lines, statement_rows, numeric=[0])
        fill(self.match_table, [(m.id, (s.money(m.amount), s.date(m.last_date) if m.last_date else "",
                                        self.rule_text(m), self.lines_text(m), self.book_text(m)))
                                for m in self.matches], numeric=[0])
        f = state.figures
        for key, value in (("statement", f.statement_balance), ("outstanding", f.outstanding_cheques),
                           ("transit", f.deposits_in_transit), ("book", f.book_balance),
                           ("other", f.other_items), ("difference", f.difference)):
            self.values[key].setText(s.money(value))
        self.values["difference"].setStyleSheet("font-weight: bold; color: %s;" % (
            "#1b5e20" if f.difference == 0 else "#b00020"))
        if state.locked:
            self.status.setText(_("Reconciled and locked by {user}.").format(user=state.locked_by))
        else:
            self.status.setText(_("Open: {lines} statement lines and {items} book items not matched.").format(
                lines=s.digits(str(len(state.unmatched_statement))), items=s.digits(str(state.unmatched_book_count))))
        for b in (self.auto_button, self.match_button, self.entry_button, self.unmatch_button, self.lock_button):
            b.setEnabled(not state.locked)
        self.reopen_button.setEnabled(state.locked)
        self._selection_changed()

    def rule_text(self, m: MatchView) -> str:
        rules_text = {"cheque": _("cheque number"), "reference": _("reference"),
                      "reference_total": _("reference total"), "counterparty": _("counterparty"),
                      "amount_date": _("amount and date"), "day_total": _("day total"),
                      "many_to_one": _("several lines"), "manual": _("manual"), "entry": _("entry created")}
        rule = rules_text.get(m.rule, m.rule)
        return rule if m.manual else _("{rule} ({confidence}%)").format(
            rule=rule, confidence=self.session.digits(str(m.confidence)))

    def lines_text(self, m: MatchView) -> str:
        """The statement side: each line's date and reference (or description)."""
        s = self.session
        return LIST_SEPARATOR.join(f"{s.date(x.day)} {s.digits(x.reference) or x.description}".strip()
                                   for x in m.statement)

    def book_text(self, m: MatchView) -> str:
        """The book side: the entries' numbers (with the reference)."""
        s = self.session
        return LIST_SEPARATOR.join(f"{s.digits(b.number)} {s.digits(b.reference)}".strip() for b in m.book)

    def _selection_changed(self) -> None:
        if self.state is None:
            return
        s = self.session
        chosen_s = set(selected_ids(self.lines))
        chosen_b = set(selected_ids(self.book))
        a = sum(x.amount for x in self.state.unmatched_statement if x.id in chosen_s)
        b = sum(x.amount for x in self.book_model.rows() if x.id in chosen_b)
        self.selection.setText(_("Selected: statement {a}, books {b}, difference {c}").format(
            a=s.money(a), b=s.money(b), c=s.money(a - b)))

    # -- actions ------------------------------------------------------------------------------
    def _run(self, fn: Callable[[BranchContext, Actor], object], done_text: str) -> None:
        def done(_result: object) -> None:
            set_message(self.message, done_text, ok=True)
            self.session.status_message(done_text)
            self.reload()

        write(self.session, {BANK, LEDGER}, fn).on_done(done).on_error(
            lambda exc: set_message(self.message, str(exc))).run(label=_("Working…"))

    def auto_match(self) -> None:
        code, ym = self.account.currentData(), self.period()
        if not code or ym is None:
            return

        def done(result: services.AutoMatchResult) -> None:
            s = self.session
            text = _("{count} matches found automatically.").format(count=s.digits(str(result.matched_groups)))
            elsewhere = {m: n for m, n in result.by_month.items() if m != ym}
            if elsewhere:
                # Translators: the months where automatic matches are listed, e.g. "1405/07 (12), 1405/08 (3)"
                text += " " + _("They are listed under the month of their latest item: {months}.").format(
                    months=LIST_SEPARATOR.join(f"{s.period(m)} ({s.digits(str(n))})" for m, n in elsewhere.items()))
            set_message(self.message, text, ok=True)
            self.session.status_message(text)
            self.reload()

        (write(self.session, {BANK}, services.auto_match, code, ym).on_done(done)
            .on_error(lambda exc: set_message(self.message, str(exc))).run(label=_("Matching…")))

    def match_selected(self) -> None:
        code = self.account.currentData()
        lines, items = selected_ids(self.lines), selected_ids(self.book)
        if not lines or not items:
            set_message(self.message, _("Select statement lines on the left and book items on the right."))
            return
        self._run(lambda ctx, actor: services.manual_match(ctx, actor, code, lines, items), _("Matched."))

    def unmatch_selected(self) -> None:
        ids = selected_ids(self.match_table)
        if not ids:
            set_message(self.message, _("Select a match in the list of the month's matches first."))
            return
        gid = ids[0]
        self._run(lambda ctx, actor: services.unmatch(ctx, actor, gid), _("Match undone."))

    def create_entry(self) -> None:
        ids = selected_ids(self.lines)
        if len(ids) != 1 or self.state is None:
            set_message(self.message, _("Select one statement line to book."))
            return
        line = next(x for x in self.state.unmatched_statement if x.id == ids[0])
        pack = self.session.ctx.pack
        default = pack.account_code("bank_charges" if line.amount < 0 else "bank_interest")

        def then(values: dict[str, str]) -> None:
            self._run(lambda ctx, actor: services.create_entry_from_line(ctx, actor, line.id, values["account"],
                                                              values["description"]), _("Entry posted and matched."))

        self.dialog = FormDialog(self, _("Create entry from statement line"), [
            ("account", _("Other account"), default),
            ("description", _("Description"), line.description),
        ], then)
        self.dialog.finished.connect(lambda _result: self.lines.setFocus())
        self.dialog.open()

    def lock(self) -> None:
        code, ym = self.account.currentData(), self.period()
        if not code or ym is None:
            return
        self._run(lambda ctx, actor: services.lock_month(ctx, actor, code, ym), _("Month reconciled and locked."))

    def reopen(self) -> None:
        code, ym = self.account.currentData(), self.period()
        if not code or ym is None:
            return

        def go(reason: str) -> None:
            self._run(lambda ctx, actor: services.reopen_month(ctx, actor, code, ym, reason), _("Month reopened."))

        self.dialog = ask_reason(self, _("Reopen the reconciliation"), _("Why is it reopened? The reason is logged."),
                                 go)

    def close_month(self) -> None:
        """Close accounting's month: the list of what blocks it is shown when refused."""
        ym = self.period()
        if ym is None:
            return

        def go() -> None:
            self._run(lambda ctx, actor: services.close_month(ctx, actor, ym),
                      _("Period {period} closed.").format(period=self.session.period(ym)))

        self.dialog = confirm(self, _("Close accounting month"), _(
            "Close {period}? Every bank account must be reconciled, no draft entry left and no cheque "
            "too long in collection."
        ).format(period=self.session.period(ym)), go)

    def print_ten_day(self) -> None:
        """The account's balance and movements for days 1-10, 11-20 and 21-end, for head office."""
        from branch_desktop.gui.pdf_preview import preview_pdf

        code, ym = self.account.currentData(), self.period()
        if not code or ym is None:
            return
        ctx, actor, lang = self.session.ctx, self.session.actor, current_language()

        def build() -> bytes:
            from branch_desktop.accounting.banking.documents import ten_day_pdf

            return ten_day_pdf(services.ten_day_balance(ctx, actor, code, ym, issue=True), ctx.info, lang)

        preview_pdf(self, build, _("Revenue account balance by ten days"), f"ten-day-{code}-{ym}.pdf",
                    self.session.runner)

    def print_report(self) -> None:
        from branch_desktop.gui.pdf_preview import preview_pdf

        code, ym = self.account.currentData(), self.period()
        if not code or ym is None:
            return
        ctx, actor, lang = self.session.ctx, self.session.actor, current_language()

        def build() -> bytes:
            from branch_desktop.accounting.banking.documents import reconciliation_pdf

            return reconciliation_pdf(services.reconciliation(ctx, actor, code, ym), ctx.info, lang)

        preview_pdf(self, build, _("Bank reconciliation"), f"reconciliation-{code}-{ym}.pdf", self.session.runner)

    def save_xlsx(self, report: str, path: str | None = None) -> None:
        """The reconciliation (``reconciliation``) or the 10-day balance (``ten-day``) as Excel."""
        from branch_desktop.accounting.banking import exports
        from branch_desktop.gui.excel_file import save_workbook

        code, ym = self.account.currentData(), self.period()
        if not code or ym is None:
            return
        ctx, actor, lang = self.session.ctx, self.session.actor, current_language()

        def build() -> bytes:
            if report == "ten-day":
                return exports.ten_day_xlsx(services.ten_day_balance(ctx, actor, code, ym, issue=True), ctx.info, lang)
            return exports.reconciliation_xlsx(services.reconciliation(ctx, actor, code, ym), ctx.info, lang)

        save_workbook(self, self.session.runner, build, f"{report}-{code}-{ym}.xlsx",
                      lambda name: set_message(self.message, _("Saved to {file}").format(file=name), ok=True),
                      lambda exc: set_message(self.message, str(exc)), path=path)
