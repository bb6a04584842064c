"""Factories for revenue tests: employers with valid ids, declaration rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ids import (
    iban_with_check,
    iran_national_code_with_check,
    tc_kimlik_with_check,
    vkn_with_check,
)
from branch_desktop.revenue import rules, services
from branch_desktop.revenue.rules import RawLine
from branch_desktop.revenue.types import EmployerInput, EmployerView
from tests.conftest import Branch

OPENED = dt.date(2020, 1, 1)


def person_id(pack: str, n: int) -> str:
    if pack == "tr_sgk":
        return tc_kimlik_with_check(f"{100000000 + n:09d}")
    return iran_national_code_with_check(f"{n:09d}")


def employer_input(pack: str, n: int = 1, **changes: object) -> EmployerInput:
    if pack == "tr_sgk":
        data = dict(file_no=f"4.1234.01.01.{1000000 + n}.006.01", name=f"Anadolu Tekstil {n} A.Ş.",
                    national_id=vkn_with_check(f"{454053600 + n:09d}"), business_code="1310", risk_class="4",
                    iban=iban_with_check("TR", "0006100519786457841326"), phone="0312 555 00 00",
                    address="Çankaya, Ankara")
    else:
        data = dict(file_no=f"{3000000 + n}", name=f"کارگاه نمونه {n}", national_id=person_id(pack, 5000 + n),
                    iban=iban_with_check("IR", "0170000000100324200001"), business_code="2811",
                    address="کرج، خیابان بهار", phone="026-3255 0000")
    data["opened_on"] = OPENED
    data.update(changes)
    return EmployerInput(**data)  # type: ignore[arg-type]


def make_employer(b: Branch, n: int = 1, **changes: object) -> EmployerView:
    return services.create_employer(b.ctx, b.clerk, employer_input(b.ctx.pack.code, n, **changes))


def month_of(b: Branch) -> YearMonth:
    """The month before 'today' of the test branch."""
    return b.ctx.pack.calendar.year_month(b.ctx.today()).previous()


def wage_text(b: Branch, ym: YearMonth, days: int, factor: str = "1.5") -> str:
    floor, _ceiling = rules.wage_limits(b.ctx.pack, ym, days)
    cur = b.ctx.pack.currency
    return format(cur.round(cur.from_minor(floor) * Decimal(factor)), "f")


def lines(b: Branch, ym: YearMonth, count: int = 3, start: int = 1) -> list[RawLine]:
    pack = b.ctx.pack.code
    full = rules.max_days(b.ctx.pack, ym)
    return [RawLine(i + 1, person_id(pack, start + i), f"Worker {start + i}", str(full), wage_text(b, ym, full))
            for i in range(count)]
