"""The payroll pages' grids as table models (``gui/list_model.py``): staff, decrees, loans.
Unit-tested without a view (tests/accounting/payroll/test_payroll_grids.py).

(Named ``grids``, not ``models``: ``**.models`` are the SQL tables, which never import Qt.)"""

from __future__ import annotations

from branch_desktop.accounting.payroll import rules, services
from branch_desktop.accounting.payroll.types import DecreeView, EmployeeView, LoanView
from branch_desktop.core.i18n import N_
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.texts import join_list
from branch_desktop.gui.list_model import ListColumn, ListTableModel
from branch_desktop.gui.session import Session

LOAN_STATUS = {"applied": N_("Applied"), "granted": N_("Granted"), "rejected": N_("Rejected"), "repaid": N_("Repaid")}


def _group(s: Session, group: int | None) -> str:
    return s.digits(str(group)) if group else "-"


class StaffModel(ListTableModel[EmployeeView]):
    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("Personnel no."), lambda e: s.digits(e.personnel_no)),
            ListColumn(N_("Name"), lambda e: e.full_name),
            ListColumn(N_("Position"), lambda e: _(rules.POSTS.get(e.post, e.post))),
            ListColumn(N_("Group"), lambda e: _group(s, e.job_group), number=True),
            ListColumn(N_("Employment"), lambda e: _(rules.EMPLOYMENT_TYPES.get(e.employment, e.employment))),
            ListColumn(N_("Hire date"), lambda e: s.date(e.hire_date)),
            ListColumn(N_("IBAN"), lambda e: e.iban),
        ])


class DecreesModel(ListTableModel[DecreeView]):
    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("From"), lambda d: s.date(d.effective_from)),
            ListColumn(N_("Decree no."), lambda d: d.number, tooltip=lambda d: d.note),
            ListColumn(N_("Position"), lambda d: _(rules.POSTS.get(d.post, d.post))),
            ListColumn(N_("Group"), lambda d: _group(s, d.job_group), number=True),
            ListColumn(N_("Employment"), lambda d: _(rules.EMPLOYMENT_TYPES.get(d.employment, d.employment))),
            ListColumn(N_("Married"), lambda d: _("Yes") if d.married else _("No")),
            ListColumn(N_("Housing"), lambda d: _(rules.HOUSING_SITUATIONS.get(d.housing, d.housing))),
            ListColumn(N_("Other allowance"), lambda d: s.money_or_blank(d.other_allowance), number=True),
            ListColumn(N_("Other deductions"), lambda d: s.money_or_blank(d.other_deduction), number=True),
            ListColumn(N_("By"), lambda d: d.created_by),
        ])


def _approvals(loan: LoanView) -> str:
    return join_list([f"{_(services.COMMITTEE_SEATS.get(seat, seat))}: {user}" for seat, user in loan.approvals])


class LoansModel(ListTableModel[LoanView]):
    """The loan fund's loans; a rejected loan is tinted."""

    def __init__(self, s: Session) -> None:
        super().__init__([
            ListColumn(N_("Loan no."), lambda ln: s.digits(str(ln.id))),
            ListColumn(N_("Personnel no."), lambda ln: s.digits(ln.personnel_no)),
            ListColumn(N_("Name"), lambda ln: ln.name),
            ListColumn(N_("Status"), lambda ln: _(LOAN_STATUS.get(ln.status, ln.status))),
            ListColumn(N_("Loan amount"), lambda ln: s.money(ln.amount), number=True),
            ListColumn(N_("Insurance"), lambda ln: s.money(ln.insurance), number=True),
            ListColumn(N_("Fee"), lambda ln: s.money(ln.fee), number=True),
            ListColumn(N_("Paid out"), lambda ln: s.money(ln.net), number=True),
            ListColumn(N_("Instalment"), lambda ln: s.money(ln.instalment), number=True),
            ListColumn(N_("Repaid"), lambda ln: s.money(ln.repaid), number=True),
            ListColumn(N_("Approvals"), _approvals, tooltip=_approvals),
        ], warn=lambda ln: ln.status == "rejected")
