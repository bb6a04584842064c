"""What the command palette (Ctrl+K) finds in revenue: employer files and receipts.

Registered while the window is prepared; the services and the picker are imported when the palette
opens (``SearchProvider.imports``), not at the start."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from branch_desktop.core.i18n import N_, current_language
from branch_desktop.gui.palette import Hit, SearchProvider, register_search
from branch_desktop.gui.session import Session


def _employers(session: Session, text: str) -> list[Hit]:
    from branch_desktop.revenue import services
    from branch_desktop.revenue.views.picker import directed

    rows = services.search_employers(session.ctx, session.actor, text, limit=8)
    return [Hit(directed(f"{session.digits(r.file_no)}  —  {r.name}"), r) for r in rows]


def _open_employer(session: Session, row: object, window: QWidget) -> None:
    from branch_desktop.revenue.types import EmployerRow
    from branch_desktop.revenue.views.employers import EmployersPage

    page = session.open_page("revenue.employers")
    if isinstance(page, EmployersPage) and isinstance(row, EmployerRow):
        page.open(row)


def _receipts(session: Session, text: str) -> list[Hit]:
    from branch_desktop.revenue import services
    from branch_desktop.revenue.views.picker import directed, receipt_no

    found = services.search_receipts(session.ctx, session.actor, text, limit=8)
    return [Hit(directed(f"{receipt_no(session, r.display_number)}  —  {session.date(r.receipt_date)}  —  "
                         f"{r.employer_name}  —  {session.money(r.amount)}"), r) for r in found]


def _open_receipt(session: Session, receipt: object, window: QWidget) -> None:
    """The receipt as printed, in the PDF preview (print it again or save it from there)."""
    from branch_desktop.core.i18n import gettext as _
    from branch_desktop.gui.pdf_preview import preview_pdf
    from branch_desktop.revenue.documents import receipt_pdf
    from branch_desktop.revenue.types import ReceiptView
    from branch_desktop.revenue.views.picker import receipt_no

    if not isinstance(receipt, ReceiptView):
        return
    info, lang = session.ctx.info, current_language()
    preview_pdf(window, lambda: receipt_pdf(receipt, info, lang), _("Receipt {number}").format(
        number=receipt_no(session, receipt.display_number)), f"receipt-{receipt.display_number}.pdf", session.runner)


_USES = ("branch_desktop.revenue.services", "branch_desktop.revenue.views.picker")
register_search(SearchProvider("revenue.employers", N_("Employer"), "revenue.view", _employers, _open_employer, 10,
                               imports=_USES))
register_search(SearchProvider("revenue.receipts", N_("Receipt"), "revenue.view", _receipts, _open_receipt, 20,
                               imports=_USES))
