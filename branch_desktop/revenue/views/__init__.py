"""The revenue department's pages: the counter, employer files, declarations, cheques received,
the employer's statement and the clerk's day close."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from branch_desktop.core.i18n import N_
from branch_desktop.gui.registry import PageSpec, register_page
from branch_desktop.gui.session import Session


def _counter(session: Session) -> QWidget:
    from branch_desktop.revenue.views.counter import CounterPage

    return CounterPage(session)


def _employers(session: Session) -> QWidget:
    from branch_desktop.revenue.views.employers import EmployersPage

    return EmployersPage(session)


def _declarations(session: Session) -> QWidget:
    from branch_desktop.revenue.views.declarations import DeclarationsPage

    return DeclarationsPage(session)


def _cheques(session: Session) -> QWidget:
    from branch_desktop.revenue.views.cheques import ChequesPage

    return ChequesPage(session)


def _statement(session: Session) -> QWidget:
    from branch_desktop.revenue.views.statement import StatementPage

    return StatementPage(session)


def _day_close(session: Session) -> QWidget:
    from branch_desktop.revenue.views.day_close import DayClosePage

    return DayClosePage(session)


register_page(PageSpec("revenue.counter", "revenue", N_("Counter"), _counter, "revenue.receipt", 10))
register_page(PageSpec("revenue.employers", "revenue", N_("Employers"), _employers, "revenue.view", 20))
register_page(PageSpec("revenue.declarations", "revenue", N_("Declarations"), _declarations, "revenue.declare", 30))
register_page(PageSpec("revenue.cheques", "revenue", N_("Cheques received"), _cheques, "revenue.view", 40))
register_page(PageSpec("revenue.statement", "revenue", N_("Employer statement"), _statement, "revenue.view", 50))
register_page(PageSpec("revenue.day_close", "revenue", N_("Day close"), _day_close, "revenue.view", 60))
