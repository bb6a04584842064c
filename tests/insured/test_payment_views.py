"""The payments page driven as a user would (offscreen): the accountant chooses the demo's
approved benefits and prepares a bank transfer list, the manager posts it, and the decided
claims show as paid by that list."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from branch_desktop.core.security import login
from branch_desktop.demo import demo_password
from branch_desktop.insured import services
from branch_desktop.insured.types import ClaimState, PersonInput, TransferState
from tests.accounting.banking.helpers import setup_accounts
from tests.insured.test_payments import iban


def _give_ibans(h) -> int:  # type: ignore[no-untyped-def]
    """Every payee of a payable demo benefit gets an IBAN; returns how many benefits."""
    clerk = login(h.ctx.db, "clerk", demo_password())
    payable = services.payable_claims(h.ctx, clerk)
    for n, p in enumerate(payable, start=1):
        person = services.get_person(h.ctx, clerk, services.get_claim(h.ctx, clerk, p.claim_id).person_id)
        services.update_person(h.ctx, clerk, person.id, PersonInput(
            national_id=person.national_id, first_name=person.first_name, last_name=person.last_name, sex=person.sex,
            iban=iban("IR" if h.ctx.pack.code == "ir_sso" else "TR", f"{n:022d}")), person.version)
    return len(payable)


def test_transfer_list_prepared_posted_and_claims_paid(start_shell, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = start_shell("accountant")
    setup_accounts(SimpleNamespace(ctx=a.ctx, accountant=login(a.ctx.db, "accountant", demo_password())))
    count = _give_ibans(a)
    assert count >= 1  # the demo approves some claims
    page = a.window.open_page("insured.payments")
    a.wait()
    qtbot.waitUntil(lambda: page.payable.rowCount() == count, timeout=5000)
    assert page.bank.count() >= 1, page.message.text()
    page.payable_view.selectAll()
    page.prepare_button.click()
    a.wait()
    qtbot.waitUntil(lambda: page.lists.rowCount() == 1, timeout=5000)
    assert page.payable.rowCount() == 0 and "prepared" in page.message.text()
    page.lists_view.selectRow(0)
    page.write_file(page.lists.rows[0].id, tmp_path / "bank.csv")
    a.wait()
    assert (tmp_path / "bank.csv").read_text(encoding="utf-8-sig").count("\n") == count + 1
    page.post_button.click()  # the preparer may not post it
    a.wait()
    qtbot.waitUntil(lambda: "four eyes" in page.message.text(), timeout=5000)

    m = start_shell("manager")
    mine = m.window.open_page("insured.payments")
    m.wait()
    qtbot.waitUntil(lambda: mine.lists.rowCount() == 1, timeout=5000)
    mine.lists_view.selectRow(0)
    mine.post_button.click()
    m.wait()
    qtbot.waitUntil(lambda: mine.lists.rows and mine.lists.rows[0].status is TransferState.POSTED, timeout=5000)
    paid = [c for c in mine.decided.rows if c.state is ClaimState.PAID]
    assert len(paid) == count and all(c.payment_instrument == mine.lists.rows[0].number for c in paid)
    column = [mine.decided.columns[i].title for i in range(mine.decided.columnCount())].index("State")
    assert mine.decided.index(mine.decided.rows.index(paid[0]), column).data() == "Paid"
    mine.letters_button.click()  # every decided claim's letter in one PDF, built on the task runner
    m.wait()
    qtbot.waitUntil(lambda: getattr(mine, "last_preview", None) is not None, timeout=15000)
    assert mine.last_preview.document.pageCount() >= len(mine.decided.rows)
