"""The counter: a clerk takes a payment without the mouse.

Find the employer (type part of the name, file number or id; the list follows as you type; Down
moves into it), Enter -> amount, Enter -> method (1 slip, 2 transfer, 3 cheque, or the arrows),
Enter -> the method's details, Enter on the last field posts: the receipt is numbered, posted,
and its preview opens (A5 or 80 mm roll). Esc starts over.
"""

from __future__ import annotations

import datetime as dt
import functools

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import DomainError
from branch_desktop.core.i18n import current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.texts import join_list
from branch_desktop.gui.department_view import warm_up
from branch_desktop.gui.forms import child, load_form
from branch_desktop.gui.operations import LEDGER, RECEIPTS, read, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import (
    AmountAgainDialog,
    ask_amount_again,
    mark_field,
    message_label,
    set_message,
)
from branch_desktop.revenue import services
from branch_desktop.revenue.exceptions import ImplausibleAmount
from branch_desktop.revenue.types import METHOD_LABELS, EmployerRow, Method, PaymentInput, ReceiptView
from branch_desktop.revenue.views.picker import directed, receipt_no

SEARCH_DELAY_MS = 120
PRINTING_MODULES = ("branch_desktop.revenue.documents", "branch_desktop.gui.pdf_preview")  # warmed up, see __init__


class _Keys(QObject):
    """Enter moves along the counter's chain of fields; Esc starts over."""

    def __init__(self, page: CounterPage) -> None:
        super().__init__(page)
        self.page = page

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.page.start_over()
            return True
        if obj is self.page.search and key == Qt.Key.Key_Down and self.page.results.count():
            self.page.results.setFocus()
            self.page.results.setCurrentRow(0)
            return True
        if obj is self.page.method and event.text() in ("1", "2", "3"):
            self.page.method.setCurrentIndex(int(event.text()) - 1)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.page.enter_from(obj)
            return True
        return False


class CounterPage(QWidget):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        warm_up(PRINTING_MODULES)  # the receipt's PDF, printed after each payment
        self.employer: EmployerRow | None = None
        self.last_receipt: ReceiptView | None = None
        self.confirm_dialog: AmountAgainDialog | None = None  # open while an implausible amount is re-typed
        layout = QVBoxLayout(self)

        self.form = load_form("revenue/receipt", self)  # ui/revenue/receipt.ui: employer and payment
        layout.addWidget(self.form)
        self.search = child(self.form, QLineEdit, "search")
        self.results = child(self.form, QListWidget, "results")
        self.employer_label = child(self.form, QLabel, "employer_label")
        field = functools.partial(child, self.form, QLineEdit)
        self.amount, self.bank, self.bank_branch = field("amount"), field("bank"), field("bank_branch")
        self.reference, self.ref_date, self.due_date = field("reference"), field("ref_date"), field("due_date")
        self.drawer, self.month = field("drawer"), field("month")
        self.method = child(self.form, QComboBox, "method")
        for i, m in enumerate(Method, start=1):
            self.method.addItem(f"{self.session.digits(str(i))}  {_(METHOD_LABELS[m])}", m.value)  # typed to choose
        self.detail_rows: dict[QLineEdit, QLabel] = {
            edit: child(self.form, QLabel, f"{edit.objectName()}_label")
            for edit in (self.bank, self.bank_branch, self.reference, self.ref_date, self.due_date, self.drawer,
                         self.month)}
        self.layout_choice = child(self.form, QComboBox, "layout_choice")
        self.layout_choice.addItem(_("A5 receipt"), "a5")
        self.layout_choice.addItem(_("80 mm roll"), "roll")
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.post_button = QPushButton(_("Post and print (Enter)"))
        self.post_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.post_button.clicked.connect(self.post)
        self.new_button = QPushButton(_("Start over (Esc)"))
        self.new_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.new_button.clicked.connect(self.start_over)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.post_button)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self._keys = _Keys(self)
        for w in (self.search, self.results, self.amount, self.method, self.bank, self.bank_branch, self.reference,
                  self.ref_date, self.due_date, self.drawer, self.month):
            w.installEventFilter(self._keys)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._search_now)
        self.search.textEdited.connect(lambda _t: self._timer.start(SEARCH_DELAY_MS))
        self.results.itemActivated.connect(lambda item: self.choose(item.data(Qt.ItemDataRole.UserRole)))
        self.method.currentIndexChanged.connect(lambda _i: self._show_details())
        self._show_details()
        self.start_over()

    # -- the chain of fields ----------------------------------------------------------------------
    def chain(self) -> list[QWidget]:
        m = self.current_method()
        details: list[QLineEdit] = {
            Method.SLIP: [self.bank, self.reference, self.ref_date],
            Method.TRANSFER: [self.reference, self.bank],
            Method.CHEQUE: [self.bank, self.bank_branch, self.reference, self.due_date, self.drawer],
        }[m]
        return [self.search, self.amount, self.method, *details, self.month]

    def current_method(self) -> Method:
        return Method(self.method.currentData())

    def _show_details(self) -> None:
        chain = self.chain()
        for edit, label in self.detail_rows.items():
            visible = edit in chain
            edit.setVisible(visible)
            label.setVisible(visible)

    def enter_from(self, widget: QObject) -> None:
        if widget is self.search:
            if self._timer.isActive():
                self._timer.stop()
                self._search_now(then_choose=True)
                return
            if self.results.count():
                self.choose(self.results.item(0).data(Qt.ItemDataRole.UserRole))
            return
        if widget is self.results:
            item = self.results.currentItem()
            if item is not None:
                self.choose(item.data(Qt.ItemDataRole.UserRole))
            return
        chain = self.chain()
        if widget is self.amount and not self._amount_ok():
            return
        if widget in chain:
            i = chain.index(widget)
            if i == len(chain) - 1:
                self.post()
            else:
                chain[i + 1].setFocus()

    def _amount_ok(self) -> bool:
        problem: str | None = None
        try:
            value = self.session.parse_money(self.amount.text())
        except DomainError as exc:
            problem = str(exc) if self.amount.text().strip() else _("Type the amount received.")
        else:
            if value <= 0:
                problem = _("Type the amount received.")
        if problem is not None:
            mark_field(self.amount, problem)
            set_message(self.message, problem)
            return False
        mark_field(self.amount, None)
        self.amount.setText(self.session.money(value))
        return True

    # -- employer search --------------------------------------------------------------------------
    def _search_now(self, then_choose: bool = False) -> None:
        text = self.search.text()

        def done(rows: list[EmployerRow]) -> None:
            if text != self.search.text():
                return
            self._fill(rows)
            if then_choose and rows:
                self.choose(rows[0])

        read(self.session, services.search_employers, text, 30).on_done(done).run(quiet=True)

    def _fill(self, rows: list[EmployerRow]) -> None:
        self.results.clear()
        for r in rows:
            item = QListWidgetItem(directed(f"{self.session.digits(r.file_no)}  —  {r.name}  ({self.session.digits(r.national_id)})"))
            item.setData(Qt.ItemDataRole.UserRole, r)
            self.results.addItem(item)

    def choose(self, row: EmployerRow) -> None:
        self.employer = row
        self.employer_label.setText(directed(_("{name}, file {file_no}").format(
            name=row.name, file_no=self.session.digits(row.file_no))))

        def owed(due: tuple[list[tuple[YearMonth, int]], int]) -> None:
            if self.employer is not row:
                return
            months, charges = due
            total = sum(v for _m, v in months) + charges  # premiums and the late charges to date
            parts = [f"{self.session.period(m)}: {self.session.money(v)}" for m, v in months[:4]]
            if charges:
                parts.append(_("late charges: {amount}").format(amount=self.session.money(charges)))
            text = _("{name}, file {file_no}. Owed: {total}").format(
                name=row.name, file_no=self.session.digits(row.file_no), total=self.session.money(total))
            listed = join_list(parts, self.session.lang)
            self.employer_label.setText(directed(text + (f" ({listed})" if listed else "")))
            if not self.amount.text() and total > 0:
                self.amount.setText(self.session.money(total))
                self.amount.selectAll()

        read(self.session, services.owed_to_date, row.id).on_done(owed).run(quiet=True)
        self.amount.setFocus()
        self.amount.selectAll()

    # -- posting ----------------------------------------------------------------------------------
    def payment(self) -> PaymentInput:
        s = self.session
        if self.employer is None:
            raise_validation(_("Choose the employer first."))
        assert self.employer is not None
        m = self.current_method()

        def date_of(edit: QLineEdit) -> dt.date | None:
            return s.parse_date(edit.text()) if edit.text().strip() else None

        return PaymentInput(
            employer_id=self.employer.id,
            amount=s.parse_money(self.amount.text()),
            method=m,
            reference=self.reference.text(),
            bank=self.bank.text(),
            bank_branch=self.bank_branch.text() if m is Method.CHEQUE else "",
            ref_date=date_of(self.ref_date) if m is Method.SLIP else None,
            due_date=date_of(self.due_date) if m is Method.CHEQUE else None,
            drawer=self.drawer.text() if m is Method.CHEQUE else "",
            month=s.parse_period(self.month.text()) if self.month.text().strip() else None,
        )

    def post(self) -> None:
        try:
            payment = self.payment()
        except DomainError as exc:
            set_message(self.message, str(exc))
            return
        self._submit(payment, confirmed=False)

    def _submit(self, payment: PaymentInput, confirmed: bool) -> None:
        self.post_button.setEnabled(False)
        write(self.session, {RECEIPTS, LEDGER}, services.take_payment, payment, confirmed=confirmed).on_done(
            self._posted).on_error(lambda exc: self._refused(exc, payment)).run(label=_("Posting…"))

    def _refused(self, exc: BaseException, payment: PaymentInput) -> None:
        self.post_button.setEnabled(True)
        set_message(self.message, str(exc))
        if isinstance(exc, ImplausibleAmount):
            # a second look: the clerk types the amount again; cancelling leaves the form as it was
            def back_to_form() -> None:
                set_message(self.message, _("Nothing was posted: correct the amount, or post again."))
                self.amount.setFocus()
                self.amount.selectAll()

            self.confirm_dialog = ask_amount_again(self, _("Check the amount"), str(exc), payment.amount,
                                                   self.session.parse_money, lambda: self._submit(payment, True),
                                                   back_to_form)
            self.confirm_dialog.finished.connect(lambda _result: setattr(self, "confirm_dialog", None))
            return
        widget = {"amount": self.amount, "reference": self.reference, "bank": self.bank, "ref_date": self.ref_date,
                  "due_date": self.due_date, "drawer": self.drawer}.get(getattr(exc, "field", None) or "")
        if widget is not None:
            widget.setFocus()

    def _posted(self, receipt: ReceiptView) -> None:
        self.post_button.setEnabled(True)
        self.last_receipt = receipt
        s = self.session
        text = _("Receipt {number}: {amount} from {name}.").format(
            number=receipt_no(s, receipt.display_number), amount=s.money(receipt.amount), name=receipt.employer_name)
        if receipt.charges_part:  # the split between premiums and the late-payment charges
            text += " " + _("Premiums {premium}, late charges {charges}.").format(
                premium=s.money(receipt.premium_part), charges=s.money(receipt.charges_part))
        set_message(self.message, text, ok=True)
        s.status_message(_("Receipt {number} posted").format(number=receipt_no(s, receipt.display_number)))
        self.print_receipt(receipt)
        self.start_over(keep_message=True)

    def print_receipt(self, receipt: ReceiptView) -> None:
        # imported here (ahead, in the background, since the page was built): the PDF's libraries
        # (reportlab, Qt PDF) are a third of a second that the page's first open does not wait for
        from branch_desktop.gui.pdf_preview import preview_pdf
        from branch_desktop.revenue.documents import receipt_pdf

        info, lang, layout = self.session.ctx.info, current_language(), self.layout_choice.currentData()
        preview_pdf(self, lambda: receipt_pdf(receipt, info, lang, layout), _("Receipt {number}").format(
            number=receipt_no(self.session, receipt.display_number)), f"receipt-{receipt.display_number}.pdf", self.session.runner)

    def start_over(self, keep_message: bool = False) -> None:
        self.employer = None
        for w in (self.search, self.amount, self.bank, self.bank_branch, self.reference, self.due_date, self.drawer,
                  self.month):
            w.clear()
            mark_field(w, None)
        self.ref_date.setText(self.session.date(self.session.ctx.today()))
        self.results.clear()
        self.method.setCurrentIndex(0)
        self.employer_label.setText(_("No employer chosen."))
        if not keep_message:
            self.message.clear()
        self.search.setFocus()


def raise_validation(text: str) -> None:
    from branch_desktop.core.errors import ValidationError

    raise ValidationError(text)
