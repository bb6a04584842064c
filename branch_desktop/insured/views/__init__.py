"""Insured affairs' pages: the registry, claims and decisions, applications."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from branch_desktop.core.i18n import N_
from branch_desktop.gui.registry import PageSpec, register_page
from branch_desktop.gui.session import Session


def _registry(session: Session) -> QWidget:
    from branch_desktop.insured.views.registry import RegistryPage

    return RegistryPage(session)


def _claims(session: Session) -> QWidget:
    from branch_desktop.insured.views.claims import ClaimsPage

    return ClaimsPage(session)


def _applications(session: Session) -> QWidget:
    from branch_desktop.insured.views.applications import ApplicationsPage

    return ApplicationsPage(session)


def _payments(session: Session) -> QWidget:
    from branch_desktop.insured.views.payments import PaymentsPage

    return PaymentsPage(session)


def _income_test(session: Session) -> QWidget:
    from branch_desktop.insured.views.income_test import IncomeTestPage

    return IncomeTestPage(session)


register_page(PageSpec("insured.registry", "insured", N_("Insured persons"), _registry, "insured.view", 10))
register_page(PageSpec("insured.claims", "insured", N_("Claims"), _claims, "insured.view", 20))
register_page(PageSpec("insured.payments", "insured", N_("Payments"), _payments, "insured.view", 25))
register_page(PageSpec("insured.applications", "insured", N_("Applications"), _applications, "insured.view", 30))
register_page(PageSpec("insured.income_test", "insured", N_("Income test"), _income_test, "insured.view", 40))
