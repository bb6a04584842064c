"""The execution unit's pages: debtors with the employer's debt file, notices and orders with the
enforcement rate, instalment agreements, seizure requests to banks, an employer's debt file timeline."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from branch_desktop.core.i18n import N_
from branch_desktop.gui.registry import PageSpec, register_page
from branch_desktop.gui.session import Session


def _debtors(session: Session) -> QWidget:
    from branch_desktop.execution.views.debtors import DebtorsPage

    return DebtorsPage(session)


def _documents(session: Session) -> QWidget:
    from branch_desktop.execution.views.notices import DocumentsPage

    return DocumentsPage(session)


def _agreements(session: Session) -> QWidget:
    from branch_desktop.execution.views.agreements import AgreementsPage

    return AgreementsPage(session)


def _seizures(session: Session) -> QWidget:
    from branch_desktop.execution.views.seizures import SeizuresPage

    return SeizuresPage(session)


def _debt_file(session: Session) -> QWidget:
    from branch_desktop.execution.views.debt_file import DebtFilePage

    return DebtFilePage(session)


register_page(PageSpec("execution.debtors", "execution", N_("Debtors"), _debtors, "execution.view", 10))
register_page(PageSpec("execution.documents", "execution", N_("Notices and orders"), _documents, "execution.view", 20))
register_page(PageSpec("execution.agreements", "execution", N_("Agreements"), _agreements, "execution.view", 30))
register_page(PageSpec("execution.seizures", "execution", N_("Seizure requests"), _seizures, "execution.view", 40))
register_page(PageSpec("execution.debt_file", "execution", N_("Debt file"), _debt_file, "execution.view", 50))
