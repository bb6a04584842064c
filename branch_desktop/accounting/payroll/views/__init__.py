"""Payroll pages under Accounting: staff and decrees, the payroll run (review, post, bank list,
payment, payslips) and the loan fund."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from branch_desktop.core.i18n import N_
from branch_desktop.gui.registry import GROUP_PAYROLL, PageSpec, register_page
from branch_desktop.gui.session import Session


def _staff(session: Session) -> QWidget:
    from branch_desktop.accounting.payroll.views.staff import StaffPage

    return StaffPage(session)


def _run(session: Session) -> QWidget:
    from branch_desktop.accounting.payroll.views.run import PayrollRunPage

    return PayrollRunPage(session)


def _loans(session: Session) -> QWidget:
    from branch_desktop.accounting.payroll.views.loans import LoanFundPage

    return LoanFundPage(session)


register_page(PageSpec("accounting.payroll_staff", "accounting", N_("Staff and decrees"), _staff, "payroll.view", 70, group=GROUP_PAYROLL))
register_page(PageSpec("accounting.payroll_run", "accounting", N_("Payroll"), _run, "payroll.view", 71, group=GROUP_PAYROLL))
def _bonus(session: Session) -> QWidget:
    from branch_desktop.accounting.payroll.views.bonus import BonusPage

    return BonusPage(session)


register_page(PageSpec("accounting.payroll_bonus", "accounting", N_("Bonuses"), _bonus, "payroll.view", 73, group=GROUP_PAYROLL))
register_page(PageSpec("accounting.loan_fund", "accounting", N_("Loan fund"), _loans, "loanfund.view", 72, group=GROUP_PAYROLL))
