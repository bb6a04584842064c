"""Reconciliation, legal-obligation cheques, the 10-day balance and the month-end close, on the
database (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from branch_desktop.accounting.banking import exceptions as bx
from branch_desktop.accounting.banking import services as bank
from branch_desktop.accounting.banking.states import ChequeStatus, PaymentDocumentStatus
from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import ConflictError, PermissionDenied, ValidationError
from branch_desktop.core.ledger import services as ledger
from branch_desktop.core.ledger.exceptions import CloseBlocked
from branch_desktop.core.ledger.types import EntryInput, LineInput
from branch_desktop.core.security import Role

from .helpers import camt, post, setup_accounts

D = dt.date
MORDAD = YearMonth(1403, 5)  # 2024-07-22 .. 2024-08-21


def revenue_month(b):
    """Receipts, a cheque cleared, a day's deposit total and a statement for 1500."""
    post(b, D(2024, 7, 22), 5_000_000, "SLIP-1001", party=("employer", 7))
    post(b, D(2024, 7, 23), 1_000_000, "SLIP-1002")
    post(b, D(2024, 7, 23), 2_000_000, "SLIP-1003")
    post(b, D(2024, 7, 20), 4_000_000, "778899", account_role="cheques_in_collection")
    post(b, D(2024, 7, 25), 4_000_000, "778899", other_role="cheques_in_collection")
    post(b, D(2024, 8, 4), 450_000, "R-55", party=("employer", 9))
    post(b, D(2024, 8, 4), 450_000, "R-56", party=("employer", 9))
    post(b, D(2024, 8, 20), 700_000, "SLIP-1004")  # not yet on the statement: deposit in transit
    data = camt(b, "revenue_bank", "REFAH-1403-05", 0, [
        (D(2024, 7, 22), 5_000_000, "SLIP-1001", "Karaj Steel", "premium"),
        (D(2024, 7, 24), 3_000_000, "DEP-0723", "", "deposit of the counter"),
        (D(2024, 7, 26), 4_000_000, "", "", "CHQ 778899 clearing"),
        (D(2024, 7, 31), -12_000, "", "", "bank charges"),
        (D(2024, 8, 1), 250, "", "", "interest"),
        (D(2024, 8, 12), 900_000, "", "Alborz Steel", "transfer"),
    ])
    return bank.import_statement(b.ctx, b.accountant, "1500", data, file_name="refah.xml")


def test_revenue_month_reconciles_to_zero_and_locks(branch):
    setup_accounts(branch)
    revenue_month(branch)
    ctx, acct = branch.ctx, branch.accountant
    result = bank.auto_match(ctx, acct, "1500", MORDAD)
    assert result.by_rule == {"reference": 2, "day_total": 1}
    state = bank.reconciliation(ctx, acct, "1500", MORDAD)
    assert sorted(x.amount for x in state.unmatched_statement) == [-12_000, 250, 900_000]
    assert sorted(x.amount for x in state.unmatched_book) == [450_000, 450_000, 700_000]
    with pytest.raises(bx.UnaccountedLines, match="neither matched nor booked") as refused:
        bank.lock_month(ctx, acct, "1500", MORDAD)
    assert refused.value.params == {"count": 3, "account": "1500"}
    # manual: one bank line against the two receipts
    line = next(x for x in state.unmatched_statement if x.amount == 900_000)
    items = [x.id for x in state.unmatched_book if x.amount == 450_000]
    with pytest.raises(bx.MatchTotalsDiffer, match="equal totals") as refused:
        bank.manual_match(ctx, acct, "1500", [line.id], items[:1])
    assert refused.value.params == {"a": "900000", "b": "450000"}
    gid = bank.manual_match(ctx, acct, "1500", [line.id], items)
    with pytest.raises(bx.AlreadyMatched):
        bank.manual_match(ctx, acct, "1500", [line.id], items)
    # the bank's own items become entries
    fee = next(x for x in state.unmatched_statement if x.amount == -12_000)
    interest = next(x for x in state.unmatched_statement if x.amount == 250)
    with pytest.raises(bx.OutgoingRefused) as refused:
        bank.create_entry_from_line(ctx, acct, fee.id, ctx.pack.account_code("benefit_sickness"))
    assert refused.value.params == {"code": "1500"} and refused.value.field == "account"
    bank.create_entry_from_line(ctx, acct, fee.id, ctx.pack.account_code("bank_charges"))
    bank.create_entry_from_line(ctx, acct, interest.id, ctx.pack.account_code("bank_interest"))
    state = bank.reconciliation(ctx, acct, "1500", MORDAD)
    assert state.unmatched_statement == ()
    assert [x.amount for x in state.deposits_in_transit] == [700_000]
    f = state.figures
    assert f.deposits_in_transit == 700_000 and f.outstanding_cheques == 0 and f.other_items == 0
    assert f.statement_balance == 12_888_250 and f.book_balance == 13_588_250 and f.difference == 0
    locked = bank.lock_month(ctx, acct, "1500", MORDAD)
    assert locked.locked and locked.locked_by == "accountant"
    # locked: no unmatch, no new statement lines in the month, no automatic matching
    with pytest.raises(bx.MonthLocked, match="locked") as refused:
        bank.unmatch(ctx, acct, gid)
    assert refused.value.params["account"] == "1500" and isinstance(refused.value, ConflictError)
    with pytest.raises(bx.MonthLocked):
        bank.auto_match(ctx, acct, "1500", MORDAD)
    with pytest.raises(bx.AlreadyLocked):
        bank.lock_month(ctx, acct, "1500", MORDAD)
    late = camt(branch, "revenue_bank", "REFAH-late", 12_888_250, [(D(2024, 8, 21), 5, "", "", "x")])
    with pytest.raises(bx.StatementInLockedMonth, match="locked") as refused:
        bank.import_statement(ctx, acct, "1500", late)
    assert refused.value.field == "file" and isinstance(refused.value, ValidationError)
    # reopening is a manager's act, with a reason
    with pytest.raises(PermissionDenied):
        bank.reopen_month(ctx, acct, "1500", MORDAD, "typo")
    with pytest.raises(bx.ReopenReasonMissing) as refused:
        bank.reopen_month(ctx, branch.manager, "1500", MORDAD, " ")
    assert refused.value.field == "reason"
    bank.reopen_month(ctx, branch.manager, "1500", MORDAD, "a late bank correction")
    with pytest.raises(bx.NotLocked):
        bank.reopen_month(ctx, branch.manager, "1500", MORDAD, "again")
    bank.unmatch(ctx, acct, gid)
    assert len(bank.reconciliation(ctx, acct, "1500", MORDAD).unmatched_statement) == 1


def test_learning_counterparty_links_from_confirmed_matches(branch):
    setup_accounts(branch)
    ctx, acct = branch.ctx, branch.accountant
    e1 = post(branch, D(2024, 7, 22), 300_000, "R-1", party=("employer", 42))
    del e1
    data = camt(branch, "revenue_bank", "S1", 0, [(D(2024, 7, 30), 300_000, "", "Pars Tile Co", "")])
    bank.import_statement(ctx, acct, "1500", data)
    state = bank.reconciliation(ctx, acct, "1500", MORDAD)
    assert bank.auto_match(ctx, acct, "1500", MORDAD).matched_groups == 0  # 8 days apart: outside the window
    bank.manual_match(ctx, acct, "1500", [state.unmatched_statement[0].id], [state.unmatched_book[0].id])
    # next month the same payer is recognised through the learned link, 10 days apart
    post(branch, D(2024, 8, 25), 410_000, "R-2", party=("employer", 42))
    post(branch, D(2024, 8, 26), 410_000, "R-3", party=("employer", 43))
    data = camt(branch, "revenue_bank", "S2", 300_000, [(D(2024, 9, 5), 410_000, "", "PARS TILE  CO", "")])
    bank.import_statement(ctx, acct, "1500", data)
    result = bank.auto_match(ctx, acct, "1500", YearMonth(1403, 6))
    assert result.by_rule == {"counterparty": 1}
    (match,) = [m for m in bank.list_matches(ctx, acct, "1500", YearMonth(1403, 6)) if m.rule == "counterparty"]
    assert match.book[0].reference == "R-2" and match.confidence == 90


def pay(b, ref: str, amount: int, *, approvals: bool = True) -> bank.PaymentDocumentView:
    doc = bank.create_payment_document(b.ctx, b.clerk, bank.PaymentDocumentInput(
        reference=ref, insured_id="0012345679", insured_name="Ali Rezaei", benefit_type="benefit_sickness",
        amount=amount, period="1403-05", document_date=D(2024, 7, 23),
        prepared_by="Insured affairs clerk" if approvals else "", checked_by="Unit head",
        approved_by="Deputy" if approvals else ""))
    return doc


def test_legal_obligation_cheque_two_signatures_and_posting(branch):
    setup_accounts(branch)
    ctx, acct, mgr = branch.ctx, branch.accountant, branch.manager
    with pytest.raises(bx.OutgoingRefused, match="refuses outgoing"):
        bank.register_cheque_book(ctx, acct, "1500", 1, 50)
    with pytest.raises(bx.ChequeBookRange) as refused:
        bank.register_cheque_book(ctx, acct, "1600", 50, 1)
    assert refused.value.field == "first"
    bank.register_cheque_book(ctx, acct, "1600", 100001, 100003, series="A/12")
    with pytest.raises(bx.ChequeBookOverlap, match="overlap") as refused:
        bank.register_cheque_book(ctx, acct, "1600", 100003, 100010)
    assert refused.value.params == {"first": 100003, "last": 100010}
    unsigned = pay(branch, "GH-1", 2_500_000, approvals=False)
    with pytest.raises(bx.MissingApprovals, match="lacks its approvals: prepared by, approved by") as refused:
        bank.check_payment_document(ctx, acct, unsigned.id)
    assert refused.value.params["reference"] == "GH-1"
    doc = pay(branch, "GH-2", 2_500_000)
    assert doc.status is PaymentDocumentStatus.ENTERED
    with pytest.raises(bx.DocumentNotChecked, match="checked by accounting first") as refused:
        bank.issue_cheque(ctx, acct, "1600", doc.id, D(2024, 7, 25))
    assert str(refused.value.params["status"]) == "entered"
    assert bank.check_payment_document(ctx, acct, doc.id).status is PaymentDocumentStatus.CHECKED
    with pytest.raises(bx.PaymentDocumentStateError):
        bank.check_payment_document(ctx, acct, doc.id)
    with pytest.raises(bx.OutgoingRefused):
        bank.issue_cheque(ctx, acct, "1500", doc.id, D(2024, 7, 25))
    spoiled = bank.issue_cheque(ctx, acct, "1600", doc.id, D(2024, 7, 25))
    assert spoiled.number == 100001 and spoiled.status is ChequeStatus.ISSUED
    with pytest.raises(bx.SpoilReasonMissing):
        bank.spoil_cheque(ctx, acct, spoiled.id, "  ")
    assert bank.spoil_cheque(ctx, acct, spoiled.id, "torn while printing").status is ChequeStatus.SPOILED
    with pytest.raises(bx.ChequeStateError, match="cannot be spoiled") as refused:
        bank.spoil_cheque(ctx, acct, spoiled.id, "twice")
    assert refused.value.params["number"] == 100001 and str(refused.value.params["status"]) == "spoiled"
    with pytest.raises(bx.ChequeNotSignable):
        bank.sign_cheque(ctx, acct, spoiled.id)
    cheque = bank.issue_cheque(ctx, acct, "1600", doc.id, D(2024, 7, 25))
    assert cheque.number == 100002  # a spoiled number is never reused
    with pytest.raises(bx.ChequeNotSigned, match="both signatures"):
        bank.post_cheque(ctx, acct, cheque.id)
    bank.sign_cheque(ctx, acct, cheque.id)
    with pytest.raises(bx.AlreadySignedForRole):
        bank.sign_cheque(ctx, acct, cheque.id)
    # the same person (promoted to manager meanwhile) may not give the second signature
    promoted = dataclasses.replace(acct, role=Role.MANAGER)
    with pytest.raises(bx.SameSigner, match="another person") as refused:
        bank.sign_cheque(ctx, promoted, cheque.id)
    assert refused.value.params == {"number": 100002, "user": "accountant"}
    assert isinstance(refused.value, PermissionDenied)
    with pytest.raises(PermissionDenied):
        bank.sign_cheque(ctx, branch.clerk, cheque.id)
    signed = bank.sign_cheque(ctx, mgr, cheque.id)
    assert signed.status is ChequeStatus.SIGNED and signed.signed_accounting_by and signed.signed_head_by
    posted = bank.post_cheque(ctx, acct, cheque.id)
    assert posted.status is ChequeStatus.POSTED and posted.document is not None
    assert posted.document.status is PaymentDocumentStatus.PAID
    entry = ledger.get_entry(ctx, acct, posted.entry_id)
    assert entry.reference == "100002" and entry.journal_code == "LOB"
    assert [(x.account_code, x.debit, x.credit) for x in entry.lines] == [("5110", 2_500_000, 0),
                                                                           ("1600", 0, 2_500_000)]
    # the book runs out after 100003
    other = pay(branch, "GH-3", 100_000)
    bank.check_payment_document(ctx, acct, other.id)
    assert bank.issue_cheque(ctx, acct, "1600", other.id, D(2024, 7, 26)).number == 100003
    last = pay(branch, "GH-4", 100_000)
    bank.check_payment_document(ctx, acct, last.id)
    with pytest.raises(bx.NoChequeLeft, match="no unused cheque") as refused:
        bank.issue_cheque(ctx, acct, "1600", last.id, D(2024, 7, 26))
    assert refused.value.params == {"code": "1600"}
    report = bank.payment_report(ctx, acct, MORDAD)
    assert [c.number for c in report.cheques] == [100002] and [c.number for c in report.spoiled] == [100001]
    assert report.total == 2_500_000 and report.totals_by_benefit() == [("benefit_sickness", 1, 2_500_000)]
    # the bank cashes it: matched by cheque number and amount
    data = camt(branch, "legal_obligation_bank", "LOB-1", 0, [(D(2024, 7, 29), -2_500_000, "100002", "", "cheque")])
    bank.import_statement(ctx, acct, "1600", data)
    assert bank.auto_match(ctx, acct, "1600", MORDAD).by_rule == {"cheque": 1}
    assert bank.reconciliation(ctx, acct, "1600", MORDAD).difference == 0


def test_ten_day_balance(branch):
    setup_accounts(branch)
    revenue_month(branch)
    report = bank.ten_day_balance(branch.ctx, branch.accountant, "1500", MORDAD)
    assert [(r.start, r.end) for r in report.rows] == [(D(2024, 7, 22), D(2024, 7, 31)),
                                                        (D(2024, 8, 1), D(2024, 8, 10)),
                                                        (D(2024, 8, 11), D(2024, 8, 21))]
    assert [(r.opening, r.debit, r.credit, r.closing) for r in report.rows] == [
        (0, 12_000_000, 0, 12_000_000), (12_000_000, 900_000, 0, 12_900_000), (12_900_000, 700_000, 0, 13_600_000)]


def test_month_end_close_lists_what_blocks_it(branch):
    setup_accounts(branch)
    ctx, acct = branch.ctx, branch.accountant
    revenue_month(branch)
    old = post(branch, D(2024, 6, 1), 800_000, "CHQ-555", account_role="cheques_in_collection")
    draft = ledger.save_draft(ctx, acct, EntryInput("GEN", D(2024, 8, 2), "draft", (
        LineInput("8310", debit=10), LineInput("1500", credit=10))))
    blockers = bank.month_end_blockers(ctx, acct, MORDAD)
    assert any("1500 is not reconciled" in b for b in blockers)
    assert any("Draft entry" in b for b in blockers)
    assert any("CHQ-555" in b and "45 days" in b for b in blockers)
    assert not any("1600" in b for b in blockers)  # no activity on 1600 this month
    with pytest.raises(CloseBlocked) as err:
        bank.close_month(ctx, acct, MORDAD)
    assert any("CHQ-555" in b for b in err.value.blockers)
    ledger.delete_draft(ctx, acct, draft)
    ledger.reverse(ctx, acct, old, "returned unpaid", on=D(2024, 8, 2))
    bank.auto_match(ctx, acct, "1500", MORDAD)
    state = bank.reconciliation(ctx, acct, "1500", MORDAD)
    line = next(x for x in state.unmatched_statement if x.amount == 900_000)
    bank.manual_match(ctx, acct, "1500", [line.id], [x.id for x in state.unmatched_book if x.amount == 450_000])
    for x in bank.reconciliation(ctx, acct, "1500", MORDAD).unmatched_statement:
        bank.create_entry_from_line(ctx, acct, x.id, "8310" if x.amount < 0 else "4410")
    bank.lock_month(ctx, acct, "1500", MORDAD)
    assert bank.month_end_blockers(ctx, acct, MORDAD) == []
    bank.close_month(ctx, acct, MORDAD)
    periods = {p.ym: p.status for p in ledger.list_periods(ctx, acct, 1403)}
    assert periods[MORDAD] == "closed"


def test_roles(branch):
    setup_accounts(branch)
    with pytest.raises(PermissionDenied):
        bank.auto_match(branch.ctx, branch.clerk, "1500", MORDAD)
    with pytest.raises(PermissionDenied):
        bank.import_statement(branch.ctx, branch.clerk, "1500", b"")
    with pytest.raises(PermissionDenied):
        bank.close_month(branch.ctx, branch.clerk, MORDAD)


def test_tr_sgk_month_both_accounts_reconciled_and_closed(make_branch):
    """Turkey: TRY with kuruş, Gregorian months, MT940 for the premium account, camt.053 for the
    benefit account; both reconciled, locked, and the month closed."""
    from decimal import Decimal

    from .helpers import mt940_text

    b = make_branch("tr_sgk")
    setup_accounts(b)
    ctx, acct = b.ctx, b.accountant
    rev, lob = ctx.pack.account_code("revenue_bank"), ctx.pack.account_code("legal_obligation_bank")
    july = YearMonth(2024, 7)
    post(b, D(2024, 7, 3), 1_250_075, "DEKONT-1", party=("employer", 1))
    post(b, D(2024, 7, 3), 500_000, "DEKONT-2")
    post(b, D(2024, 7, 15), 99_999, "EFT-77")
    text = mt940_text(bank.default_ibans("tr_sgk")["revenue_bank"], "TRY", "7/1", Decimal("0"), [
        (D(2024, 7, 3), Decimal("12500.75"), "DEKONT-1"), (D(2024, 7, 3), Decimal("5000.00"), "DEKONT-2"),
        (D(2024, 7, 16), Decimal("999.99"), ""), (D(2024, 7, 31), Decimal("-12.50"), "")])
    bank.import_statement(ctx, acct, rev, text)
    assert bank.auto_match(ctx, acct, rev, july).by_rule == {"reference": 2, "amount_date": 1}
    (fee,) = bank.reconciliation(ctx, acct, rev, july).unmatched_statement
    bank.create_entry_from_line(ctx, acct, fee.id, ctx.pack.account_code("bank_charges"))
    assert bank.lock_month(ctx, acct, rev, july).figures.statement_balance == 1_848_824
    bank.register_cheque_book(ctx, acct, lob, 5001, 5100)
    doc = bank.create_payment_document(ctx, b.clerk, bank.PaymentDocumentInput(
        reference="ÖD-2024-7", insured_id="10000000146", insured_name="Ayşe Yılmaz", benefit_type="benefit_sickness",
        amount=3_456_78, period="2024-07", document_date=D(2024, 7, 10), prepared_by="Hazırlayan",
        checked_by="Kontrol", approved_by="Onay"))
    bank.check_payment_document(ctx, acct, doc.id)
    cheque = bank.issue_cheque(ctx, acct, lob, doc.id, D(2024, 7, 10))
    bank.sign_cheque(ctx, acct, cheque.id)
    bank.sign_cheque(ctx, b.manager, cheque.id)
    bank.post_cheque(ctx, acct, cheque.id)
    blockers = bank.month_end_blockers(ctx, acct, july)
    assert blockers == [f"Bank account {lob} is not reconciled for 2024-07."]
    data = camt(b, "legal_obligation_bank", "ODN-07", 0, [(D(2024, 7, 12), -3_456_78, "", "", "CEK 0005001")])
    bank.import_statement(ctx, acct, lob, data)
    assert bank.auto_match(ctx, acct, lob, july).by_rule == {"cheque": 1}
    bank.lock_month(ctx, acct, lob, july)
    ten = bank.ten_day_balance(ctx, acct, rev, july)
    assert [(r.end.day, r.closing) for r in ten.rows] == [(10, 1_750_075), (20, 1_850_074), (31, 1_848_824)]
    bank.close_month(ctx, acct, july)
    assert {p.ym: p.status for p in ledger.list_periods(ctx, acct, 2024)}[july] == "closed"
