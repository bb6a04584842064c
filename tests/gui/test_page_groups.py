"""Issue 10, item 8: Accounting's pages in groups (Ledger, Banking, Payroll and staff) with Alt+1..3,
and the empty state of a page that has nothing to show yet (shown while empty, hidden once rows come)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabWidget

from branch_desktop.accounting.banking import services as banking
from branch_desktop.core.i18n import gettext as _
from branch_desktop.gui.department_view import DepartmentView
from branch_desktop.gui.registry import GROUP_BANKING, GROUP_LEDGER, GROUP_PAYROLL, group_pages, pages_of
from branch_desktop.gui.widgets import EmptyState
from tests.qt_fixtures import activate

LEDGER = ["accounting.journal", "accounting.entry", "accounting.accounts", "accounting.periods",
          "accounting.trial_balance", "accounting.account_ledger"]
BANKING = ["accounting.bank_reconciliation", "accounting.bank_statements", "accounting.cheques"]
PAYROLL = ["accounting.payroll_staff", "accounting.payroll_run", "accounting.loan_fund", "accounting.payroll_bonus"]


def _accounting(window) -> DepartmentView:  # type: ignore[no-untyped-def]
    view = window.open_department("accounting")
    assert isinstance(view, DepartmentView)
    return view


def test_every_accounting_page_is_in_its_group() -> None:
    from branch_desktop.gui.registry import load_views

    load_views()
    groups = dict(group_pages(pages_of("accounting")))
    assert list(groups) == [GROUP_LEDGER, GROUP_BANKING, GROUP_PAYROLL]
    assert [p.key for p in groups[GROUP_LEDGER]] == LEDGER
    assert [p.key for p in groups[GROUP_BANKING]] == BANKING
    assert [p.key for p in groups[GROUP_PAYROLL]] == PAYROLL


def test_accounting_shows_groups_with_their_pages_and_shortcuts(start_shell, qtbot) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("admin", "tr")
    view = _accounting(h.window)
    assert view.tabs is not None and view.tabs.count() == 3
    assert [view.tabs.tabText(i) for i in range(3)] == [_(GROUP_LEDGER), _(GROUP_BANKING), _(GROUP_PAYROLL)]
    assert _(GROUP_BANKING) != GROUP_BANKING  # Turkish
    for i, keys in enumerate((LEDGER, BANKING, PAYROLL)):
        row = view.tabs.widget(i)
        assert isinstance(row, QTabWidget)
        assert [row.widget(j).spec.key for j in range(row.count())] == keys  # type: ignore[attr-defined]
        assert f"Alt+{i + 1}" in view.tabs.tabToolTip(i)
    # no row holds all the department's pages any more: the longest has six
    assert max(row.count() for row in view.page_tabs) == 6

    # Alt+2 shows Banking (its first page is built), Alt+1 goes back to the Ledger's current page
    activate(h.window)
    qtbot.keyClick(QApplication.focusWidget() or h.window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    h.wait()
    assert view.tabs.currentIndex() == 1 and h.window.current_page_key() == "accounting.bank_reconciliation"
    qtbot.keyClick(QApplication.focusWidget() or h.window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    h.wait()
    assert h.window.current_page_key() == "accounting.journal"
    # opening a page by key selects its group
    page = h.window.open_page("accounting.payroll_bonus")
    h.wait()
    assert page is not None and view.tabs.currentIndex() == 2
    assert h.window.current_page_key() == "accounting.payroll_bonus"
    # a department with one group (Reports) keeps one row of page tabs
    reports = h.window.open_department("reports")
    assert reports.groups == [] and reports.tabs.count() == len(reports.hosts)  # one row of tabs


def test_empty_state_says_what_to_do_until_rows_come(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("accountant")
    page = h.window.open_page("accounting.account_ledger")
    h.wait()
    empty = page.findChild(EmptyState)
    assert empty is page.empty and empty.is_empty() and page.table.isHidden()
    assert "account code" in empty.label.text() and empty.label.isVisibleTo(page)
    # an account with nothing posted: the hint names it
    page.show_account("3110", h.ctx.today().replace(day=1), h.ctx.today())
    h.wait()
    assert empty.is_empty() and "3110" in empty.label.text()
    # the revenue bank account has lines: the grid replaces the hint
    bank = h.ctx.pack.account_code("revenue_bank")
    cal, today = h.ctx.pack.calendar, h.ctx.today()
    page.show_account(bank, cal.year_bounds(cal.year_month(today).year - 1)[0], today)
    h.wait()
    assert page.table.model().rowCount() > 0 and not empty.is_empty() and not page.table.isHidden()

    # the legal-obligation cheques page of a month without documents or cheques
    cheques = h.window.open_page("accounting.cheques")
    h.wait()
    cheques.month.setText(cheques.session.period(h.ctx.pack.calendar.year_month(h.ctx.today().replace(year=2000))))
    cheques.reload()
    h.wait()
    assert cheques.cheque_empty.is_empty() and "Ctrl+I" in cheques.cheque_empty.label.text()
    # payment documents waiting for a cheque (the demo's insured claims) are listed, not the hint
    waiting = [d for d in banking.list_payment_documents(h.ctx, h.actor) if d.status != "paid"]
    assert cheques.doc_empty.is_empty() == (not waiting) and cheques.doc_table.model().rowCount() == len(waiting)
    assert "Ctrl+N" in cheques.doc_empty.label.text()
