"""The banking pages of the accounting department: reconciliation, statement import, cheques."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from branch_desktop.core.i18n import N_
from branch_desktop.gui.registry import GROUP_BANKING, PageSpec, register_page
from branch_desktop.gui.session import Session


def _reconciliation(session: Session) -> QWidget:
    from branch_desktop.accounting.banking.views.reconciliation import ReconciliationPage

    return ReconciliationPage(session)


def _statements(session: Session) -> QWidget:
    from branch_desktop.accounting.banking.views.statements import StatementImportPage

    return StatementImportPage(session)


def _cheques(session: Session) -> QWidget:
    from branch_desktop.accounting.banking.views.cheques import ChequesPage

    return ChequesPage(session)


register_page(PageSpec("accounting.bank_reconciliation", "accounting", N_("Bank reconciliation"), _reconciliation,
                       "banking.view", 70, group=GROUP_BANKING))
register_page(PageSpec("accounting.bank_statements", "accounting", N_("Bank statements"), _statements,
                       "banking.view", 75, group=GROUP_BANKING))
register_page(PageSpec("accounting.cheques", "accounting", N_("Legal-obligation cheques"), _cheques,
                       "banking.view", 80, group=GROUP_BANKING))
