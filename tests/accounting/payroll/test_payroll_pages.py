"""The payroll pages driven through real widgets offscreen (pytest-qt) on the GUI demo branch:
compute a month, see the differences against last month, post, write the bank list, preview the
payslips; record a decree; the loan fund committee."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from branch_desktop.accounting.payroll import services
from branch_desktop.accounting.payroll.states import LoanState, RunKind, RunStatus
from branch_desktop.accounting.payroll.views.grids import CHANGED
from branch_desktop.accounting.payroll.views.loans import LoanFundPage
from branch_desktop.accounting.payroll.views.run import PayrollRunPage
from branch_desktop.accounting.payroll.views.staff import StaffPage
from branch_desktop.core.ledger.verify import verify_books

pytestmark = pytest.mark.usefixtures("qtbot")


def _yes(box: QMessageBox) -> None:
    box.button(QMessageBox.StandardButton.Yes).click()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_run_flow_review_post_bank_list_and_payslips(start_shell, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    h = start_shell("accountant", lang)
    page = h.window.open_page("accounting.payroll_run")
    h.wait()
    assert isinstance(page, PayrollRunPage)
    assert page.run is None  # the current month has no run yet in the demo
    assert not page.post_button.isEnabled()
    page.compute_button.click()
    h.wait()
    assert page.run is not None and page.run.status is RunStatus.DRAFT
    review = page.review
    model = page.model
    assert review is not None and model.rowCount() == len(review.rows) + 1 == 51
    # differences against last month are highlighted, with last month's figure in the tooltip
    background = Qt.ItemDataRole.BackgroundRole
    changed = [(r, c) for r in range(len(review.rows)) for c in range(model.columnCount())
               if (brush := model.index(r, c).data(background)) is not None and brush.color() == CHANGED]
    expected = sum(1 for row in review.rows if row.previous is not None for _c in row.changed)
    assert len(changed) >= expected
    page.post_button.click()
    _yes(page.confirm_box)
    h.wait()
    assert page.run.status is RunStatus.POSTED
    assert not page.post_button.isEnabled() and page.bank_button.isEnabled()
    page.bank_list(tmp_path / "bank.csv")
    h.wait()
    assert page.last_bank_file is not None and len(page.last_bank_file.read_text("utf-8-sig").splitlines()) == 51
    page.table.setCurrentIndex(model.index(3, 1))
    page.slip_button.click()
    h.wait()
    preview = page.last_preview
    assert preview.document.pageCount() == 1
    preview.close()
    page.pay_button.click()
    _yes(page.confirm_box)
    h.wait()
    assert page.run.status is RunStatus.PAID
    assert verify_books(h.ctx).ok


def test_new_decree_from_the_staff_page(start_shell) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    h = start_shell("accountant")
    page = h.window.open_page("accounting.payroll_staff")
    h.wait()
    assert isinstance(page, StaffPage)
    assert page.staff_model.rowCount() == 50
    page.select_row(4)
    h.wait()
    before = len(page.history)
    page.new_decree()
    dialog = page.dialog
    assert dialog is not None
    dialog.group.setValue(min(20, dialog.group.value() + 1))
    dialog.number.setText("G-TEST")
    dialog.save()
    h.wait()
    h.wait()
    assert len(page.history) == before + 1 and page.history[-1].number == "G-TEST"


def test_loan_committee_on_the_loan_fund_page(start_shell) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    h = start_shell("manager")
    page = h.window.open_page("accounting.loan_fund")
    h.wait()
    assert isinstance(page, LoanFundPage)
    page.member.setText("00020")
    page.apply_button.click()
    h.wait()
    row = next(i for i, ln in enumerate(page.loans) if ln.personnel_no == "00020")
    page.table.setCurrentIndex(page.model.index(row, 0))
    page.seat.setCurrentIndex(0)
    page.approve_button.click()
    h.wait()
    assert len(page.loans[row].approvals) == 1
    page.approve_button.click()  # the same user again is refused by the service
    h.wait()
    assert len(page.loans[row].approvals) == 1
    loans = services.list_loans(h.ctx, h.actor)
    assert any(ln.personnel_no == "00020" and ln.status is LoanState.APPLIED for ln in loans)
    import tempfile
    from pathlib import Path

    from openpyxl import load_workbook

    target = Path(tempfile.mkdtemp(prefix="loan-xlsx-")) / "statement.xlsx"
    page.statement_xlsx(str(target))  # the "Member statement in Excel…" button, the file already chosen
    h.wait()
    sheet = load_workbook(target).worksheets[0]
    assert sheet.freeze_panes == "A7" and sheet.cell(2, 2).value == h.ctx.info.name


def test_register_an_employee_from_the_staff_page(start_shell) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    import random

    from branch_desktop.accounting.payroll.demo import iran_national_id, make_iban

    h = start_shell("accountant")
    page = h.window.open_page("accounting.payroll_staff")
    h.wait()
    page.new_employee()
    d = page.employee_dialog
    d.personnel_no.setText("09001")
    d.national_id.setText("123")  # wrong: the service says so in the dialog
    d.first_name.setText("Leyla")
    d.last_name.setText("Rahimi")
    d.group.setValue(8)
    d.save()
    h.wait()
    assert "national" in d.message.text() and d.isVisible()
    assert d.national_id.property("invalid") is True and d.iban.property("invalid") is False  # by the error's field
    rng = random.Random(5)
    d.national_id.setText(iran_national_id(rng))
    d.iban.setText(make_iban(rng, "IR"))
    d.save()
    h.wait()
    h.wait()
    assert any(e.personnel_no == "09001" for e in page.employees)
    assert services.decree_history(h.ctx, h.actor, "09001")[0].job_group == 8


def test_productivity_bonus_from_the_bonus_page_to_posting(start_shell) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from branch_desktop.accounting.payroll.views.bonus import BonusPage

    h = start_shell("accountant")
    page = h.window.open_page("accounting.payroll_bonus")
    h.wait()
    assert isinstance(page, BonusPage) and page.model.rowCount() == 50
    page.model.setData(page.model.index(0, 3), "100")  # the first employee scored 100 %
    page.model.setData(page.model.index(1, 3), "40")  # below the threshold: no bonus
    page.create_button.click()
    h.wait()
    h.wait()
    run_page = h.window.open_page("accounting.payroll_run")
    h.wait()
    assert isinstance(run_page, PayrollRunPage)
    assert run_page.current_kind() is RunKind.PRODUCTIVITY and run_page.run is not None
    assert run_page.run.id == page.created and run_page.review is not None
    rows = {r.personnel_no: r for r in run_page.review.rows}
    assert "00002" not in rows and rows["00001"].lines["productivity"] > rows["00003"].lines["productivity"]
    run_page.post_button.click()
    _yes(run_page.confirm_box)
    h.wait()
    assert run_page.run.status is RunStatus.POSTED
    # karaneh points shown as typed
    page.kind.setCurrentIndex(1)
    page.progress.setText("95")
    page.statements.setValue(2)
    assert page.points.text() == "14"
