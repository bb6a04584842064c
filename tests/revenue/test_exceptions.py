"""Revenue's refusals are typed: each is its own class with a stable msgid, its parameters and, for
an input, the field it concerns; screens branch on these, never on the text."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from branch_desktop.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from branch_desktop.core.packs import load_pack
from branch_desktop.core.security import create_user
from branch_desktop.revenue import rules, services
from branch_desktop.revenue.exceptions import (
    ChequeStateError,
    DayAlreadyClosed,
    DayClosed,
    DeclarationRefused,
    DuplicateEmployerFile,
    DuplicatePayment,
    EmployerInputError,
    NotOwnReceipt,
    OtherClerksDay,
    PaymentInputError,
    ReceiptNotVoidable,
    RevenueInputError,
    StaleRecord,
    UnknownClerk,
    UnknownEmployer,
    UnknownReceipt,
    VoidNeedsAccountant,
)
from branch_desktop.revenue.states import EmployerStatus
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import PASSWORD, Branch
from tests.revenue.helpers import employer_input, lines, make_employer, month_of

TODAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize(("changes", "field", "template"), [
    ({"file_no": " "}, "file_no", "The file number is required."),
    ({"name": ""}, "name", "The employer's name is required."),
    ({"business_code": "12a"}, "business_code", "The activity code '{code}' must be digits."),
    ({"phone": "call me"}, "phone", "'{phone}' is not a phone number."),
    ({"status": "asleep"}, "status", "The status must be active or closed."),
    ({"status": EmployerStatus.CLOSED, "closed_on": dt.date(2019, 1, 1)}, "closed_on",
     "The file cannot close before it opened."),
])
def test_an_employer_input_error_names_its_field(changes: dict[str, object], field: str, template: str) -> None:
    with pytest.raises(EmployerInputError) as err:
        rules.clean_employer(load_pack("ir_sso"), employer_input("ir_sso", 1, **changes), TODAY)
    assert isinstance(err.value, ValidationError)
    assert (err.value.field, err.value.template) == (field, template)


def test_the_turkish_business_code_has_four_digits() -> None:
    with pytest.raises(EmployerInputError) as err:
        rules.clean_employer(load_pack("tr_sgk"), employer_input("tr_sgk", 1, business_code="131"), TODAY)
    assert err.value.field == "business_code" and err.value.params == {"code": "131"}
    assert rules.clean_employer(load_pack("tr_sgk"), employer_input("tr_sgk", 1), TODAY)["business_code"] == "1310"


def _payment(**changes: object) -> PaymentInput:
    p = PaymentInput(employer_id=1, amount=100, method=Method.CHEQUE, reference="C-1", bank="Melli", drawer="Owner",
                     due_date=dt.date(2026, 12, 1))
    return dataclasses.replace(p, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(("changes", "field"), [
    ({"amount": 0}, "amount"), ({"reference": " "}, "reference"), ({"bank": ""}, "bank"),
    ({"due_date": None}, "due_date"), ({"drawer": " "}, "drawer"),
    ({"method": Method.SLIP, "ref_date": dt.date(2026, 11, 25)}, "ref_date"),
])
def test_a_payment_input_error_names_its_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(PaymentInputError) as err:
        rules.check_payment(_payment(**changes), TODAY)
    assert err.value.field == field
    rules.check_payment(_payment(), TODAY)  # the complete cheque is taken


def test_the_services_raise_typed_errors(branch: Branch) -> None:
    b = branch
    e = make_employer(b)
    with pytest.raises(DuplicateEmployerFile) as dup_file:
        make_employer(b)
    assert isinstance(dup_file.value, ConflictError) and dup_file.value.params == {"file_no": e.file_no}
    assert dup_file.value.field == "file_no"
    services.update_employer(b.ctx, b.accountant, e.id, employer_input("ir_sso", 1, phone="021-1"), e.version)
    with pytest.raises(StaleRecord) as stale:
        services.update_employer(b.ctx, b.clerk, e.id, employer_input("ir_sso", 1, phone="021-2"), e.version)
    assert stale.value.params["user"] == "accountant"
    with pytest.raises(UnknownEmployer) as unknown:
        services.get_employer(b.ctx, b.clerk, 999)
    assert isinstance(unknown.value, NotFound) and unknown.value.params == {"id": 999}
    with pytest.raises(UnknownEmployer):
        services.find_employer(b.ctx, b.clerk, "404")

    ym = month_of(b)
    services.submit_declaration(b.ctx, b.clerk, e.id, ym, lines(b, ym, 1))
    with pytest.raises(DeclarationRefused) as refused:
        services.submit_declaration(b.ctx, b.clerk, e.id, ym, lines(b, ym, 1))
    assert refused.value.params == {"count": 1} and refused.value.errors[0].column == "month"

    cheque = services.take_payment(b.ctx, b.clerk, _payment(employer_id=e.id))
    with pytest.raises(DuplicatePayment) as dup:
        services.take_payment(b.ctx, b.clerk, _payment(employer_id=e.id, amount=50))
    assert dup.value.field == "reference" and dup.value.params["reference"] == "C-1"
    assert dup.value.params["number"].canonical == cheque.display_number

    with pytest.raises(RevenueInputError) as no_reason:
        services.void_receipt(b.ctx, b.clerk, cheque.id, "  ")
    assert no_reason.value.field == "reason"
    with pytest.raises(UnknownReceipt):
        services.get_receipt(b.ctx, b.clerk, 999)
    services.deposit_cheque(b.ctx, b.accountant, cheque.id)
    with pytest.raises(ChequeStateError) as not_in_hand:
        services.deposit_cheque(b.ctx, b.accountant, cheque.id)
    assert not_in_hand.value.params["cheque"] == "C-1"
    with pytest.raises(ReceiptNotVoidable):
        services.void_receipt(b.ctx, b.accountant, cheque.id, "mistake")

    slip = services.take_payment(b.ctx, b.clerk, _payment(employer_id=e.id, method=Method.SLIP, reference="S-1"))
    with b.ctx.db.write() as s:
        other_clerk = create_user(s, b.admin, "clerk2", PASSWORD, "clerk")
    with pytest.raises(NotOwnReceipt) as not_own:
        services.void_receipt(b.ctx, other_clerk, slip.id, "mistake")
    assert isinstance(not_own.value, PermissionDenied)
    with pytest.raises(OtherClerksDay):
        services.close_day(b.ctx, b.clerk, "accountant")
    with pytest.raises(UnknownClerk) as no_user:
        services.day_summary(b.ctx, b.clerk, "nobody")
    assert no_user.value.params == {"username": "nobody"}
    services.close_day(b.ctx, b.clerk)
    with pytest.raises(VoidNeedsAccountant):
        services.void_receipt(b.ctx, b.clerk, slip.id, "mistake")
    with pytest.raises(DayAlreadyClosed) as closed_twice:
        services.close_day(b.ctx, b.clerk)
    assert closed_twice.value.params["user"] == "clerk"
    with pytest.raises(DayClosed) as day_closed:
        services.take_payment(b.ctx, b.clerk, _payment(employer_id=e.id, reference="C-2"))
    assert day_closed.value.params["user"] == "clerk"
