"""The revenue pages driven through real widgets (pytest-qt, offscreen): the counter by keyboard
only, then the day close; employer search and the stale-save refusal; a declaration's row errors."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from branch_desktop.revenue import services
from branch_desktop.revenue.types import EmployerInput
from tests.gui.helpers import focused, press, type_text
from tests.qt_fixtures import activate

# Screenshots go to docs/screenshots when BRANCH_DESKTOP_SCREENSHOTS=1 (to refresh the docs),
# otherwise to a temporary folder, so a test run leaves the checkout untouched.
SHOTS = (Path(__file__).resolve().parents[2] / "docs" / "screenshots" if os.environ.get("BRANCH_DESKTOP_SCREENSHOTS")
         else Path(tempfile.mkdtemp(prefix="revenue-shots-")))


def _page(h, key: str):  # type: ignore[no-untyped-def]
    page = h.window.open_page(key)
    h.wait()
    activate(h.window)
    return page


def test_counter_by_keyboard_posts_and_previews_the_receipt(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    page = _page(h, "revenue.counter")
    page.search.setFocus()
    assert focused() is page.search
    type_text("3100002")
    press(Qt.Key.Key_Return)  # the search runs, the first match is taken
    h.wait()
    assert page.employer is not None and page.employer.file_no == "3100002"
    assert focused() is page.amount
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("1250000")
    press(Qt.Key.Key_Return)
    assert focused() is page.method
    type_text("1")  # bank slip
    press(Qt.Key.Key_Return)
    assert focused() is page.bank
    type_text("Bank Refah")
    press(Qt.Key.Key_Return)
    assert focused() is page.reference
    type_text("SLIP-4711")
    press(Qt.Key.Key_Return)
    assert focused() is page.ref_date  # today, already filled in
    press(Qt.Key.Key_Return)
    assert focused() is page.month
    press(Qt.Key.Key_Return)  # the last field: post
    h.wait()
    receipt = page.last_receipt
    assert receipt is not None and receipt.amount == 1_250_000 and receipt.reference == "SLIP-4711"
    assert receipt.clerk == "clerk"
    assert "Receipt" in page.message.text()
    preview = getattr(page, "last_preview", None)
    assert preview is not None  # the receipt's preview opened
    assert page.employer is None and page.search.text() == ""  # ready for the next one
    preview.close()  # the clerk closes the preview (Esc) and takes the next payment
    activate(h.window)
    # the same slip again is refused, next to the form
    page.search.setFocus()
    type_text("3100002")
    press(Qt.Key.Key_Return)
    h.wait()
    press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text("1000")
    for text in ("", "", "Bank Refah", "SLIP-4711", "", ""):
        press(Qt.Key.Key_Return) if not text else (type_text(text), press(Qt.Key.Key_Return))
    h.wait()
    assert "already taken" in page.message.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    h.window.grab().save(str(SHOTS / "revenue-counter.png"))
    summary = services.day_summary(h.ctx, h.actor)
    assert [r.reference for r in summary.payments].count("SLIP-4711") == 1
    # the day close page lists it and closes the day
    day = _page(h, "revenue.day_close")
    h.wait()
    assert day.model.rowCount() == len(summary.receipts)
    services.close_day(h.ctx, h.actor)
    day.reload()
    h.wait()
    assert not day.close_button.isEnabled()
    h.window.grab().save(str(SHOTS / "revenue-day-close.png"))
    target = Path(tempfile.mkdtemp(prefix="revenue-xlsx-")) / "day.xlsx"
    day.save_xlsx(str(target))  # the "Excel…" button, the file already chosen
    h.wait()
    assert str(target) in day.message.text()
    ws = load_workbook(target).worksheets[0]
    assert ws.freeze_panes == "A7" and ws.cell(7 + len(summary.receipts), 7).value.startswith("=SUM(G7:")


def test_employer_search_and_stale_save(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    page = _page(h, "revenue.employers")
    page.picker.search.setFocus()
    type_text("3100003")
    press(Qt.Key.Key_Return)
    h.wait()
    h.wait()
    assert page.loaded is not None and page.loaded.file_no == "3100003"
    # someone else saves the file meanwhile
    e = page.loaded
    services.update_employer(h.ctx, h.actor, e.id, EmployerInput(
        file_no=e.file_no, name=e.name, national_id=e.national_id, address=e.address, phone="026-111", iban=e.iban,
        business_code=e.business_code, risk_class=e.risk_class, rate_class=e.rate_class, status=e.status,
        opened_on=e.opened_on, closed_on=e.closed_on), e.version)
    page.phone.setText("026-222")
    page.save()
    h.wait()
    assert f"changed by {h.actor.full_name} at" in page.message.text()  # named as the pages name users
    h.window.grab().save(str(SHOTS / "revenue-employers.png"))


def test_the_rate_class_shows_its_label_and_saves_its_code(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk", "fa")
    page = _page(h, "revenue.employers")
    assert page.rate_class.currentText() == "عادی"  # a new file: the standard class by its label, not "standard"
    assert page.data().rate_class == "standard"
    page.open(services.search_employers(h.ctx, h.actor, "3100003")[0])
    h.wait()
    assert page.loaded is not None and page.loaded.rate_class == "standard"
    assert page.rate_class.currentText() == "عادی" and page.data().rate_class == "standard"
    page.show_rate_class("B-2")  # a class the pack does not name: as it was typed
    assert page.rate_class.currentText() == "B-2" and page.data().rate_class == "B-2"


def test_declaration_grid_shows_row_errors(start_shell, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    page = _page(h, "revenue.declarations")
    emp = services.search_employers(h.ctx, h.actor, "3100001")[0]
    page._chosen(emp)
    csv = tmp_path / "decl.csv"
    csv.write_text("national_id,name,days,wage\n0499370898,Bad id,30,1\n0499370899,Ali,45,120000000\n",
                   encoding="utf-8")
    page.load_file(csv)
    page.month.setText(str(h.ctx.pack.calendar.year_month(h.ctx.today())))
    page.check()
    h.wait()
    assert "check digit" in page.model.index(0, 5).data()
    assert "days" in page.model.index(1, 5).data()
    assert page.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None  # the id at fault
    assert page.model.index(1, 1).data(Qt.ItemDataRole.BackgroundRole) is None  # the name is fine
    h.window.grab().save(str(SHOTS / "revenue-declaration.png"))


def test_cheques_and_statement_pages(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("accountant")
    cheques = _page(h, "revenue.cheques")
    cheques.which.setCurrentIndex(4)  # all cheques
    h.wait()
    assert cheques.model.rowCount() == len(services.list_cheques(h.ctx, h.actor, "all"))
    h.window.grab().save(str(SHOTS / "revenue-cheques.png"))
    st = _page(h, "revenue.statement")
    emp = services.search_employers(h.ctx, h.actor, "3100001")[0]
    st.load(emp)
    h.wait()
    assert st.lines_model.rowCount() > 0 and st.statement is not None
    st.save_xlsx(str(Path(h.ctx.db.sqlite_path).with_name("statement.xlsx")))
    h.wait()
    assert "Saved" in st.message.text()
    h.window.grab().save(str(SHOTS / "revenue-statement.png"))
    assert dt.date.today()  # keep the import used


def test_counter_in_persian_right_to_left(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk", "fa")
    page = _page(h, "revenue.counter")
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert page.method.itemText(1).startswith("۲  ")  # the digit a Persian keyboard types to choose it
    page.search.setFocus()
    page.search.setText("۳۱۰۰۰۰۴")  # Persian digits find the file too (QTest cannot type them)
    page._search_now(then_choose=True)
    h.wait()
    assert page.employer is not None and page.employer.file_no == "3100004"
    h.wait()
    SHOTS.mkdir(parents=True, exist_ok=True)
    h.window.grab().save(str(SHOTS / "revenue-counter-fa.png"))


def test_correction_starts_from_the_accepted_declaration(start_shell) -> None:  # type: ignore[no-untyped-def]
    h = start_shell("clerk")
    page = _page(h, "revenue.declarations")
    emp = services.search_employers(h.ctx, h.actor, "3100001")[0]
    accepted = services.list_declarations(h.ctx, h.actor, emp.id)[0]
    page._chosen(emp)
    page.month.setText(str(accepted.month))
    page.correction.setChecked(True)
    h.wait()
    assert page.model.rowCount() == accepted.insured_count
    wage = page.model.index(0, 3)
    page.model.setData(wage, str(int(wage.data()) + 1000))  # one wage corrected
    page.submit()
    h.wait()
    assert "accepted" in page.message.text()
    latest = services.list_declarations(h.ctx, h.actor, emp.id)[0]
    assert latest.seq == accepted.seq + 1 and latest.premium > accepted.premium


def test_counter_message_shows_the_split_between_premiums_and_charges(start_shell) -> None:  # type: ignore[no-untyped-def]
    """A receipt that paid late-payment charges names both parts in the counter's message."""
    from dataclasses import replace

    from branch_desktop.revenue.types import AllocationView, Method, PaymentInput

    h = start_shell("clerk")
    page = _page(h, "revenue.counter")
    emp = services.find_employer(h.ctx, h.actor, "3100002")
    taken = services.take_payment(h.ctx, h.actor, PaymentInput(employer_id=emp.id, amount=1_000_000,
                                                                method=Method.TRANSFER, reference="TR-SPLIT-1"),
                                  confirmed=True)
    month = taken.allocations[0].month if taken.allocations else h.ctx.pack.calendar.year_month(h.ctx.today())
    split = replace(taken, allocations=(AllocationView(month, 700_000),),
                    charge_allocations=(AllocationView(month, 300_000),))
    page._posted(split)
    h.wait()
    text = page.message.text()
    s = page.session
    assert s.money(700_000) in text and s.money(300_000) in text
    preview = getattr(page, "last_preview", None)
    if preview is not None:
        preview.close()
