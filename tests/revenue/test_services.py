"""Revenue services on SQLite and PostgreSQL: employer files, declarations and accrual, the
counter, voids, cheques, the statement, the day close; refusals; the books stay sound."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import text

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from branch_desktop.core.ledger import queries
from branch_desktop.core.ledger.verify import verify_books
from branch_desktop.revenue import services
from branch_desktop.revenue.rules import RawLine
from branch_desktop.revenue.services import DeclarationRefused
from branch_desktop.revenue.types import Method, PaymentInput
from tests.conftest import Branch
from tests.revenue.helpers import employer_input, lines, make_employer, month_of, person_id


def _balance(b: Branch, role: str) -> int:
    ym = b.ctx.pack.calendar.year_month(b.ctx.today())
    tb = queries.trial_balance(b.ctx, b.accountant, ym)
    code = b.ctx.pack.account_code(role)
    return next((r.balance for r in tb.rows if r.code == code), 0)


def slip(employer_id: int, amount: int, ref: str = "S-1", **kw: object) -> PaymentInput:
    data: dict[str, object] = dict(employer_id=employer_id, amount=amount, method=Method.SLIP, reference=ref,
                                   bank="Refah", ref_date=dt.date(2026, 11, 23))
    data.update(kw)
    return PaymentInput(**data)  # type: ignore[arg-type]


# -- employer files ---------------------------------------------------------------------------


def test_employer_create_search_and_version_check(branch: Branch) -> None:
    b = branch
    e = make_employer(b, 1)
    make_employer(b, 2, name="نانوایی بربری")
    assert e.version == 1 and e.updated_by == "clerk"
    assert [r.file_no for r in services.search_employers(b.ctx, b.clerk, "بربری")] == ["3000002"]
    assert services.search_employers(b.ctx, b.clerk, e.national_id)[0].id == e.id
    assert services.search_employers(b.ctx, b.clerk, "3000001")[0].id == e.id
    assert len(services.search_employers(b.ctx, b.clerk, "")) == 2
    # accountant saves first; the clerk's stale save is refused naming who changed it
    services.update_employer(b.ctx, b.accountant, e.id, employer_input("ir_sso", 1, phone="021-1"), e.version)
    with pytest.raises(ConflictError, match="changed by accountant at"):
        services.update_employer(b.ctx, b.clerk, e.id, employer_input("ir_sso", 1, phone="021-2"), e.version)
    fresh = services.get_employer(b.ctx, b.clerk, e.id)
    assert (fresh.version, fresh.phone) == (2, "021-1")
    with pytest.raises(ConflictError, match="already an employer file"):
        make_employer(b, 1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"national_id": "0499370898"}, "check digit"),
        ({"iban": "IR270170000000100324200002"}, "IBAN"),
        ({"name": "  "}, "name is required"),
        ({"file_no": ""}, "file number"),
    ],
)
def test_employer_bad_input_refused(branch: Branch, change: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        make_employer(branch, 1, **change)


def test_tr_workplaces_need_business_code(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("tr_sgk")
    with pytest.raises(ValidationError, match="işkolu"):
        make_employer(b, 1, business_code="13")
    # the same employer (same VKN) may register two workplaces
    a = make_employer(b, 1)
    w2 = make_employer(b, 2, national_id=a.national_id)
    assert w2.national_id == a.national_id and w2.file_no != a.file_no


# -- declarations and accrual -----------------------------------------------------------------


def test_declaration_accrues_and_correction_posts_difference(branch: Branch) -> None:
    b = branch
    e = make_employer(b)
    ym = month_of(b)
    rows = lines(b, ym, 3)
    d = services.submit_declaration(b.ctx, b.clerk, e.id, ym, rows)
    assert d.insured_count == 3 and d.premium == d.accrued > 0
    assert d.premium == d.employee_share + d.employer_share
    assert d.total_wage * 30 // 100 == d.premium  # 30 % (wages are whole rials in the factory)
    assert _balance(b, "premiums_receivable") == d.premium
    assert services.service_records(b.ctx, b.clerk, rows[0].national_id)[0][0] == ym
    # a second one for the month is refused unless it is a correction
    with pytest.raises(DeclarationRefused) as info:
        services.submit_declaration(b.ctx, b.clerk, e.id, ym, rows)
    assert "correction" in str(info.value.errors[0])
    corrected = rows[:2]  # one worker dropped
    c = services.submit_declaration(b.ctx, b.clerk, e.id, ym, corrected, correction=True)
    assert c.seq == 2 and c.accrued == c.premium - d.premium < 0
    assert _balance(b, "premiums_receivable") == c.premium
    assert [x[0] for x in services.service_records(b.ctx, b.clerk, rows[2].national_id)] == []
    assert services.open_months(b.ctx, b.clerk, e.id) == [(ym, c.premium)]
    assert verify_books(b.ctx).ok


def test_declaration_with_row_errors_writes_nothing(branch: Branch) -> None:
    b = branch
    e = make_employer(b)
    ym = month_of(b)
    rows = lines(b, ym, 2) + [RawLine(4, "0499370898", "Bad", "30", "1"), RawLine(5, person_id("ir_sso", 1), "Dup",
                                                                                     "40", "1")]
    with pytest.raises(DeclarationRefused) as info:
        services.submit_declaration(b.ctx, b.clerk, e.id, ym, rows)
    rows_with_errors = {x.row for x in info.value.errors}
    assert rows_with_errors == {4, 5}
    assert services.list_declarations(b.ctx, b.clerk, e.id) == []
    assert _balance(b, "premiums_receivable") == 0
    assert services.check_declaration(b.ctx, b.clerk, e.id, ym, rows[:2]) == []
    future = b.ctx.pack.calendar.year_month(b.ctx.today()).next()
    assert "not begun" in str(services.check_declaration(b.ctx, b.clerk, e.id, future, rows[:2])[0])


def test_import_csv_and_excel(branch: Branch, tmp_path: object) -> None:
    from openpyxl import Workbook

    b = branch
    e = make_employer(b)
    ym = month_of(b)
    rows = lines(b, ym, 2)
    csv_text = "national_id,name,days,wage\n" + "".join(f"{r.national_id},{r.name},{r.days},{r.wage}\n" for r in rows)
    parsed = services.read_declaration_file(csv_text.encode(), "d.csv")
    assert [(p.row, p.national_id) for p in parsed] == [(2, rows[0].national_id), (3, rows[1].national_id)]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["کد ملی", "نام", "روز", "دستمزد"])
    for r in rows:
        ws.append([r.national_id, r.name, int(r.days), int(r.wage)])
    import io

    buf = io.BytesIO()
    wb.save(buf)
    parsed_x = services.read_declaration_file(buf.getvalue(), "d.xlsx")
    assert [(p.national_id, p.days, p.wage) for p in parsed_x] == [(r.national_id, r.days, r.wage) for r in rows]
    d = services.submit_declaration(b.ctx, b.clerk, e.id, ym, parsed_x, source="d.xlsx")
    assert d.insured_count == 2
    with pytest.raises(ValidationError, match="missing: wage"):
        services.read_declaration_file(b"national_id,name,days\n1,2,3\n", "x.csv")


# -- the counter ------------------------------------------------------------------------------


def _declared(b: Branch, n: int = 1, months: int = 2) -> tuple[int, list[YearMonth], int]:
    e = make_employer(b, n)
    ym = month_of(b)
    ms = []
    total = 0
    for _ in range(months):
        ms.append(ym)
        ym = ym.previous()
    ms.reverse()
    for m in ms:
        total += services.submit_declaration(b.ctx, b.clerk, e.id, m, lines(b, m, 2)).premium
    return e.id, ms, total


def test_receipts_allocate_number_post_and_refuse_duplicates(branch: Branch) -> None:
    b = branch
    emp, ms, total = _declared(b)
    per_month = dict(services.open_months(b.ctx, b.clerk, emp))
    first = services.take_payment(b.ctx, b.clerk, slip(emp, per_month[ms[0]] + 1000))
    assert first.display_number == "1405-000001" and first.clerk == "clerk"
    assert [(a.month, a.amount) for a in first.allocations] == [(ms[0], per_month[ms[0]]), (ms[1], 1000)]
    second = services.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=emp, amount=5000, method=Method.TRANSFER, reference="TRF-9", month=ms[1]))
    assert second.number == 2 and second.allocations[0].month == ms[1]
    with pytest.raises(ConflictError, match="slip S-1 was already taken on receipt 1405-000001"):
        services.take_payment(b.ctx, b.clerk, slip(emp, 10, ref="s-1"))
    with pytest.raises(ConflictError, match="transfer TRF-9"):
        services.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=emp, amount=7, method=Method.TRANSFER, reference="TRF-9"))
    cheque = services.take_payment(b.ctx, b.clerk, PaymentInput(
        employer_id=emp, amount=3000, method=Method.CHEQUE, reference="778899", bank="Melli", bank_branch="Karaj", due_date=dt.date(2026, 11, 28),
        drawer="Ali Rezaei"))
    assert cheque.number == 3 and cheque.cheque_status == "in_hand"
    assert _balance(b, "revenue_bank") == first.amount + 5000
    assert _balance(b, "cheques_in_collection") == 3000
    assert _balance(b, "premiums_receivable") == total - first.amount - 5000 - 3000
    for bad, msg in [(slip(emp, 0, ref="S-2"), "more than zero"), (slip(emp, 5, ref=""), "required"),
                     (PaymentInput(employer_id=emp, amount=5, method=Method.CHEQUE, reference="1", bank="M"), "due date")]:
        with pytest.raises(ValidationError, match=msg):
            services.take_payment(b.ctx, b.clerk, bad)
    with pytest.raises(NotFound):
        services.take_payment(b.ctx, b.clerk, slip(9999, 5, ref="S-3"))
    assert verify_books(b.ctx).ok


def test_void_reverses_on_a_new_number_and_frees_the_slip(branch: Branch) -> None:
    b = branch
    emp, ms, total = _declared(b, months=1)
    r = services.take_payment(b.ctx, b.clerk, slip(emp, 1000))
    v = services.void_receipt(b.ctx, b.clerk, r.id, "wrong employer")
    assert v.kind == "void" and v.number == 2 and v.voids_number == r.display_number
    again = services.get_receipt(b.ctx, b.clerk, r.id)
    assert again.status == "voided" and again.voided_by_number == v.display_number
    assert _balance(b, "revenue_bank") == 0 and _balance(b, "premiums_receivable") == total
    with pytest.raises(ConflictError, match="already voided"):
        services.void_receipt(b.ctx, b.clerk, r.id, "again")
    with pytest.raises(ValidationError, match="reason"):
        services.void_receipt(b.ctx, b.clerk, v.id, " ")
    # the slip can now be taken correctly
    ok = services.take_payment(b.ctx, b.clerk, slip(emp, 1000))
    assert ok.number == 3
    # a clerk cannot void someone else's receipt
    other = services.take_payment(b.ctx, b.accountant, slip(emp, 5, ref="S-77"))
    with pytest.raises(PermissionDenied):
        services.void_receipt(b.ctx, b.clerk, other.id, "not mine")
    # receipts are never deleted, even by raw SQL
    with pytest.raises(Exception, match="never deleted"), b.ctx.db.write() as s:
        s.execute(text("DELETE FROM revenue_receipts WHERE id = :id"), {"id": r.id})
    with pytest.raises(Exception, match="cannot change"), b.ctx.db.write() as s:
        s.execute(text("UPDATE revenue_receipts SET amount = 1 WHERE id = :id"), {"id": r.id})
    assert verify_books(b.ctx).ok


def test_cheque_clear_and_bounce(branch: Branch) -> None:
    b = branch
    emp, ms, total = _declared(b, months=1)
    def cheque(no: str, amount: int) -> int:
        return services.take_payment(b.ctx, b.clerk, PaymentInput(
            employer_id=emp, amount=amount, method=Method.CHEQUE, reference=no, bank="Melli", bank_branch="Karaj", due_date=dt.date(2026, 11, 27),
            drawer="Ali Rezaei")).id
    c1, c2 = cheque("111", 4000), cheque("222", 6000)
    assert {c.cheque_no for c in services.list_cheques(b.ctx, b.clerk, "due_week")} == {"111", "222"}
    with pytest.raises(PermissionDenied):
        services.clear_cheque(b.ctx, b.clerk, c1)
    services.deposit_cheque(b.ctx, b.accountant, c1)
    services.deposit_cheque(b.ctx, b.accountant, c2)
    assert len(services.list_cheques(b.ctx, b.clerk, "deposited")) == 2
    services.clear_cheque(b.ctx, b.accountant, c1)
    charge = services.bounce_cheque(b.ctx, b.accountant, c2, "no funds")
    assert charge == 1_000_000
    assert [c.cheque_no for c in services.list_cheques(b.ctx, b.clerk, "bounced")] == ["222"]
    assert _balance(b, "revenue_bank") == 4000
    assert _balance(b, "cheques_in_collection") == 0
    assert _balance(b, "premiums_receivable") == total - 4000 + charge
    assert _balance(b, "bounced_cheque_charges") == -charge
    owed = dict(services.open_months(b.ctx, b.clerk, emp))
    assert owed[ms[0]] == total - 4000
    with pytest.raises(ConflictError, match="cannot be voided"):
        services.void_receipt(b.ctx, b.accountant, c2, "late")
    st = services.employer_statement(b.ctx, b.clerk, emp)
    assert st.balance == total - 4000 + charge
    assert [x.kind for x in st.lines] == ["accrual", "receipt", "receipt", "bounce", "charge"]
    assert verify_books(b.ctx).ok


def test_day_close_locks_the_clerks_day(branch: Branch) -> None:
    b = branch
    emp, _ms, _total = _declared(b, months=1)
    r1 = services.take_payment(b.ctx, b.clerk, slip(emp, 1000))
    services.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=emp, amount=500, method=Method.TRANSFER, reference="T-1"))
    services.void_receipt(b.ctx, b.clerk, r1.id, "typo")
    summary = services.day_summary(b.ctx, b.clerk)
    assert (len(summary.payments), len(summary.voids), summary.total) == (2, 1, 500)
    with pytest.raises(PermissionDenied):
        services.close_day(b.ctx, b.clerk, "accountant")
    closed = services.close_day(b.ctx, b.clerk)
    assert closed.closed
    with pytest.raises(ConflictError, match="closed"):
        services.take_payment(b.ctx, b.clerk, slip(emp, 7, ref="S-9"))
    with pytest.raises(ConflictError, match="already closed"):
        services.close_day(b.ctx, b.clerk)
    # other clerks still work; the next day is open
    services.take_payment(b.ctx, b.accountant, slip(emp, 7, ref="S-9"))
    services.take_payment(b.ctx, b.clerk, slip(emp, 8, ref="S-10", on=b.ctx.today() + dt.timedelta(days=1)))


def test_tr_sgk_full_flow(make_branch: Callable[[str], Branch]) -> None:
    b = make_branch("tr_sgk")
    emp, ms, total = _declared(b, months=2)
    r = services.take_payment(b.ctx, b.clerk, PaymentInput(employer_id=emp, amount=total // 2, method=Method.TRANSFER, reference="TR-EFT-1"))
    assert r.display_number == "2026-000001"
    st = services.employer_statement(b.ctx, b.clerk, emp)
    # shared in proportion with the late charges the counter accrued to the day (a month is late)
    assert r.premium_part + r.charges_part == total // 2
    assert st.balance == total - r.premium_part
    assert "600.03" in {row.code for row in queries.trial_balance(b.ctx, b.accountant, ms[-1].next()).rows}
    assert verify_books(b.ctx).ok


def test_concurrent_counters_get_gapless_numbers(branch: Branch) -> None:
    """Two workstations taking payments at once: every receipt gets the next number, none lost."""
    import threading

    b = branch
    emp, _ms, _total = _declared(b, months=1)
    errors: list[BaseException] = []

    def counter(prefix: str, actor: object) -> None:
        try:
            for i in range(8):
                services.take_payment(b.ctx, actor, slip(emp, 100 + i, ref=f"{prefix}-{i}"))  # type: ignore[arg-type]
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=counter, args=("A", b.clerk)),
               threading.Thread(target=counter, args=("B", b.accountant))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    numbers = sorted(r.number for who in ("clerk", "accountant")
                     for r in services.day_summary(b.ctx, b.admin, who).receipts)
    assert numbers == list(range(1, 17))
    paid = sum(100 + i for i in range(8)) * 2
    assert services.open_total(b.ctx, b.clerk, emp) == _total - paid  # every cent allocated once
    assert verify_books(b.ctx).ok
