"""The income-test page takes seed 004's windows: the day the decision was notified and the day of
an objection (their deadlines shown), and the last test's date (a new test within six months is
refused unless the income changed)."""

from __future__ import annotations


def test_objection_and_renewal_windows_on_the_page(sqlite_db, runner, qtbot) -> None:  # type: ignore[no-untyped-def]
    from branch_desktop.core.branch import init_branch
    from branch_desktop.gui.app import apply_language, make_app
    from branch_desktop.gui.session import Session
    from branch_desktop.insured.views.income_test import IncomeTestPage

    make_app()
    apply_language("en")
    ctx, admin = init_branch(sqlite_db, "tr_sgk", "Test", "admin", "correct-horse-1")
    page = IncomeTestPage(Session(ctx, admin, runner))  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.date.setText("2012/03/01")
    page.household_model.setData(page.household_model.index(0, 1), "400.00")
    page.notice_date.setText("2012/03/10")
    page.objection_date.setText("2012/03/20")
    assert page.result is not None and page.result["bracket"] == "G1"
    assert (page.result["objection_deadline"], page.result["objection_decided_by"]) == ("2012-03-25", "2012-04-04")
    assert "Objection by" in page.outcome.text() and page.print_button.isEnabled()
    page.previous_test_date.setText("2011/12/01")  # three months ago: too soon
    assert page.result is None and "Not eligible" in page.outcome.text() and not page.print_button.isEnabled()
    page.income_changed.setChecked(True)  # unless the income changed
    assert page.result is not None and page.result["bracket"] == "G1"
    page.objection_date.setText("2012/13/40")  # a day that cannot be read is said, not computed
    assert page.result is None and not page.print_button.isEnabled()
