"""An entry with its lines; Voucher (PDF) and Reverse."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branch_desktop.accounting.ledger.views.grids import EntryLinesModel
from branch_desktop.core.i18n import current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger import services
from branch_desktop.core.ledger.types import EntryStatus, EntryView
from branch_desktop.gui.operations import LEDGER, write
from branch_desktop.gui.session import Session
from branch_desktop.gui.widgets import (
    ask_reason,
    grid_view,
    message_label,
    set_message,
    show_only_if,
    with_shortcut,
)


def printing_available() -> bool:
    try:
        import branch_desktop.accounting.ledger.documents  # noqa: F401
    except Exception:  # noqa: BLE001 - the printing module may still be missing or broken
        return False
    return True


class EntryDetailDialog(QDialog):
    reversed = Signal(int)

    def __init__(self, session: Session, entry: EntryView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entry = entry
        s = session
        self.setWindowTitle(_("Entry {number}").format(number=s.docno(entry.display_number) or entry.id))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        status = _("posted") if entry.status == EntryStatus.POSTED else _("draft")
        form.addRow(_("Number"), QLabel(s.docno(entry.display_number) or "—"))
        form.addRow(_("Journal"), QLabel(f"{entry.journal_code} – {entry.journal_name}"))
        form.addRow(_("Date"), QLabel(s.date(entry.entry_date)))
        form.addRow(_("Description"), QLabel(entry.description))
        form.addRow(_("Reference"), QLabel(entry.reference or "—"))
        form.addRow(_("Status"), QLabel(status))
        who = entry.created_by
        if entry.posted_by:
            who = _("{prepared}, posted by {posted}").format(prepared=entry.created_by, posted=entry.posted_by)
        form.addRow(_("Prepared by"), QLabel(who))
        if entry.reverses_id:
            form.addRow(_("Reverses"), QLabel(_("entry {id}: {reason}").format(
                id=s.digits(str(entry.reverses_id)), reason=entry.reversal_reason)))
        if entry.reversed_by_id:
            form.addRow(_("Reversed by"), QLabel(_("entry {id}").format(id=s.digits(str(entry.reversed_by_id)))))
        layout.addLayout(form)

        self.model = EntryLinesModel(s)
        self.model.set_rows(entry.lines)
        self.lines = grid_view(self.model)
        self.lines.resizeColumnsToContents()
        layout.addWidget(self.lines, 1)
        layout.addWidget(QLabel(_("Total: {amount}").format(amount=s.money(entry.total))))
        self.message = message_label()
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.voucher_button = QPushButton(_("Voucher"))
        self.voucher_button.setToolTip(with_shortcut(_("Preview and print the voucher"), "Ctrl+P"))
        self.voucher_button.setShortcut("Ctrl+P")
        self.voucher_button.clicked.connect(self.voucher)
        self.voucher_button.setEnabled(printing_available() and entry.status == EntryStatus.POSTED)
        buttons.addWidget(self.voucher_button)
        self.reverse_button = QPushButton(_("Reverse…"))
        self.reverse_button.clicked.connect(self.reverse)
        can_reverse = (session.actor.can("ledger.reverse") and entry.status == EntryStatus.POSTED
                       and not entry.reverses_id and not entry.reversed_by_id)
        show_only_if(self.reverse_button, session.actor.can("ledger.reverse"))
        self.reverse_button.setEnabled(can_reverse)
        buttons.addWidget(self.reverse_button)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(820, 460)
        self.reason_dialog: QDialog | None = None

    def voucher(self) -> None:
        from branch_desktop.gui.pdf_preview import preview_pdf

        ctx, entry, lang = self.session.ctx, self.entry, current_language()

        def build() -> bytes:
            from branch_desktop.accounting.ledger.documents import journal_voucher_pdf

            return journal_voucher_pdf(entry, ctx.info, lang)

        preview_pdf(self, build, _("Voucher {number}").format(number=self.session.docno(entry.display_number)),
                    f"voucher-{entry.display_number or entry.id}.pdf", self.session.runner)

    def reverse(self) -> None:
        entry = self.entry

        def go(reason: str) -> None:
            def done(view: EntryView) -> None:
                set_message(self.message, _("Reversed by {number}.").format(
                    number=self.session.docno(view.display_number)), ok=True)
                self.reverse_button.setEnabled(False)
                self.reversed.emit(view.id)

            write(self.session, {LEDGER}, services.reverse, entry.id, reason).on_done(done).run(
                label=_("Posting the reversal…"))

        self.reason_dialog = ask_reason(
            self, _("Reverse entry {number}").format(number=self.session.docno(entry.display_number)),
            _("Why is this entry reversed? The reason is kept with the reversal."), go)
