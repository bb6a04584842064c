"""A claim is paid when what pays its payment document is posted: accounting's cheque (issued,
checked, signed twice, posted) or a bank transfer list. The change is a chained state change of
the claim's payment (``core.records``), which ``verify`` follows; on both databases."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from branch_desktop.accounting.banking import services as banking
from branch_desktop.core.errors import PermissionDenied
from branch_desktop.core.i18n import current_language
from branch_desktop.core.i18n import gettext as _
from branch_desktop.core.ledger import services as ledger
from branch_desktop.core.record_verify import verify_everything
from branch_desktop.insured import services
from branch_desktop.insured.documents import transfer_list_pdf
from branch_desktop.insured.exceptions import SamePreparer, TransferRefused
from branch_desktop.insured.exports import transfer_list_csv, transfer_list_xlsx
from branch_desktop.insured.types import ClaimState, ClaimView, PaymentMethod, PersonInput, TransferState
from tests.accounting.banking.helpers import setup_accounts
from tests.conftest import Branch
from tests.insured.test_services import _declare_months, _person


def approved_claim(b: Branch, n: int = 1, *, declare: bool = True) -> ClaimView:
    """A sickness claim of person ``n`` approved by the manager (its payment document is written)."""
    if declare:
        _declare_months(b, 4)
    pid = _person(b, n)
    start = b.ctx.today() - dt.timedelta(days=5)
    day = lambda d: b.ctx.pack.calendar.format(d).replace("/", "-")  # noqa: E731
    case = {"kind": "sickness", "start": day(start), "dependents": 1,
            "rest": [{"from": day(start), "to": day(start + dt.timedelta(days=9))}]}
    claim = services.prepare_claim(b.ctx, b.clerk, pid, case)
    return services.decide_claim(b.ctx, b.manager, claim.id, approve=True)


def test_posting_the_cheque_marks_the_claim_paid(branch: Branch) -> None:
    ctx, acct = branch.ctx, branch.accountant
    setup_accounts(branch)
    claim = approved_claim(branch)
    assert claim.state is ClaimState.APPROVED and claim.payment_reference == f"BEN-{claim.decision_number}"
    assert claim.paid_on is None
    doc = next(d for d in banking.list_payment_documents(ctx, acct) if d.reference == claim.payment_reference)
    banking.register_cheque_book(ctx, acct, "1600", 700001, 700010)
    banking.check_payment_document(ctx, acct, doc.id)
    cheque = banking.issue_cheque(ctx, acct, "1600", doc.id, ctx.today())
    banking.sign_cheque(ctx, acct, cheque.id)
    banking.sign_cheque(ctx, branch.manager, cheque.id)
    assert services.get_claim(ctx, acct, claim.id).state is ClaimState.APPROVED  # signed is not paid
    posted = banking.post_cheque(ctx, acct, cheque.id)

    paid = services.get_claim(ctx, branch.clerk, claim.id)
    assert paid.state is ClaimState.PAID and paid.paid_on == ctx.today()
    assert paid.payment_method is PaymentMethod.CHEQUE and paid.payment_instrument == "700001"
    with ctx.db.read() as s:
        events = s.execute(text("SELECT field, old_value, new_value FROM record_events WHERE kind = 'insured.payment' "
                                "ORDER BY id")).all()
        entry = s.execute(text("SELECT entry_id FROM insured_payments")).scalar()
    assert ("status", "due", "paid") in [tuple(e) for e in events] and entry == posted.entry_id
    report = verify_everything(ctx)
    assert report.ok, report.problems
    with pytest.raises(Exception, match="append-only"), ctx.db.write() as s:  # only through set_state
        s.execute(text("UPDATE insured_payments SET status = 'due'"))


def iban(country: str, bban: str) -> str:
    """A valid IBAN (ISO 13616 check digits) for a test payee."""
    digits = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def give_iban(b: Branch, person_id: int, n: int) -> None:
    """The person gets the Iranian test IBAN number ``n``."""
    person = services.get_person(b.ctx, b.clerk, person_id)
    services.update_person(b.ctx, b.clerk, person.id, PersonInput(
        national_id=person.national_id, first_name=person.first_name, last_name=person.last_name, sex=person.sex,
        iban=iban("IR", f"{n:022d}")), person.version)


def test_a_transfer_list_pays_approved_claims_in_one_entry(branch: Branch) -> None:
    ctx, acct, mgr = branch.ctx, branch.accountant, branch.manager
    setup_accounts(branch)
    first = approved_claim(branch, 1)
    second = approved_claim(branch, 2, declare=False)
    payable = services.payable_claims(ctx, acct)
    assert [p.claim_id for p in payable] == [first.id, second.id]
    with pytest.raises(TransferRefused) as no_iban:
        services.prepare_transfer_list(ctx, acct, "1600", [p.payment_id for p in payable])
    assert no_iban.value.field == "iban" and "Ahmadi 1" in str(no_iban.value)
    for n, p in enumerate(payable, start=1):
        give_iban(branch, services.get_claim(ctx, acct, p.claim_id).person_id, n)
    made = services.prepare_transfer_list(ctx, acct, "1600", [p.payment_id for p in payable])
    assert made.status is TransferState.PREPARED and made.count == 2
    assert made.total == first.amount + second.amount and made.lines[0].iban == iban("IR", f"{1:022d}")
    with pytest.raises(TransferRefused) as twice:  # a benefit is on one live list only
        services.prepare_transfer_list(ctx, mgr, "1600", [payable[0].payment_id])
    assert twice.value.field == "payments"
    with pytest.raises(SamePreparer):
        services.post_transfer_list(ctx, acct, made.id)
    with pytest.raises(PermissionDenied):
        services.post_transfer_list(ctx, branch.clerk, made.id)

    posted = services.post_transfer_list(ctx, mgr, made.id)
    assert posted.status is TransferState.POSTED and posted.entry_id
    entry = ledger.get_entry(ctx, acct, posted.entry_id)
    total = ctx.pack.currency.to_minor(made.total)
    assert [(x.account_code, x.debit, x.credit) for x in entry.lines] == [("5110", total, 0), ("1600", 0, total)]
    for claim in (first, second):
        paid = services.get_claim(ctx, acct, claim.id)
        assert paid.state is ClaimState.PAID and paid.payment_method is PaymentMethod.TRANSFER
        assert paid.payment_instrument == made.number and paid.paid_on == made.list_date
    docs = {d.reference: d.status for d in banking.list_payment_documents(ctx, acct)}
    assert docs[first.payment_reference] == docs[second.payment_reference] == "paid"  # no cheque can pay it again
    assert services.payable_claims(ctx, acct) == []
    with pytest.raises(TransferRefused):
        services.cancel_transfer_list(ctx, mgr, made.id)

    view = services.get_transfer_list(ctx, acct, made.id)
    csv_text = transfer_list_csv(view)
    assert csv_text.count(iban("IR", f"{2:022d}")) == 1 and first.payment_reference in csv_text
    book = load_workbook(io.BytesIO(transfer_list_xlsx(view, ctx.pack.currency)))
    sheet = book.active
    assert sheet is not None and sheet.sheet_view.rightToLeft is (current_language() == "fa")
    header = next(r for r in range(1, 10) if sheet.cell(r, 1).value == _("Line"))
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.cell(header + 1, 5).value == first.amount and sheet.cell(header + 1, 5).number_format != "General"
    assert sheet.cell(header + 3, 5).value == f"=SUM(E{header + 1}:E{header + 2})"
    assert isinstance(sheet.cell(3, 2).value, dt.datetime) and sheet.cell(3, 2).value.date() == made.list_date
    assert transfer_list_pdf(view, ctx.info, "fa").startswith(b"%PDF")
    report = verify_everything(ctx)
    assert report.ok, report.problems


def test_a_cancelled_list_frees_its_claims(branch: Branch) -> None:
    ctx, acct = branch.ctx, branch.accountant
    setup_accounts(branch)
    claim = approved_claim(branch, 1)
    give_iban(branch, claim.person_id, 7)
    payable = services.payable_claims(ctx, acct)
    made = services.prepare_transfer_list(ctx, acct, "1600", [payable[0].payment_id])
    assert services.payable_claims(ctx, acct) == []
    services.cancel_transfer_list(ctx, branch.manager, made.id)
    assert [p.payment_id for p in services.payable_claims(ctx, acct)] == [payable[0].payment_id]
    assert services.get_claim(ctx, acct, claim.id).state is ClaimState.APPROVED


def test_a_pack_without_transfer_lists_pays_by_cheque_only(branch: Branch, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, acct = branch.ctx, branch.accountant
    setup_accounts(branch)
    claim = approved_claim(branch, 1)
    give_iban(branch, claim.person_id, 7)
    payable = services.payable_claims(ctx, acct)
    monkeypatch.setitem(ctx.pack.settings, "benefit_transfer_lists", False)  # the pack's word
    with pytest.raises(TransferRefused) as refused:
        services.prepare_transfer_list(ctx, acct, "1600", [payable[0].payment_id])
    assert refused.value.field == "payments"
    assert [p.payment_id for p in services.payable_claims(ctx, acct)] == [payable[0].payment_id]  # nothing listed
