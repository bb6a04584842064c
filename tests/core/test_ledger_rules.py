"""The ledger's pure checks, alone (no database): each refusal is a typed error with its params."""

from __future__ import annotations

import pytest

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.errors import PeriodClosed, ValidationError
from branch_desktop.core.ledger import exceptions as exc
from branch_desktop.core.ledger import rules
from branch_desktop.core.ledger.types import LineInput, PeriodStatus


def test_balanced_lines_pass_and_each_fault_is_named() -> None:
    rules.check_lines((LineInput("1500", debit=5), LineInput("1310", credit=3), LineInput("1320", credit=2)))
    with pytest.raises(exc.TooFewLines):
        rules.check_lines((LineInput("1500", debit=5),))
    with pytest.raises(exc.Unbalanced) as unbalanced:
        rules.check_lines((LineInput("1500", debit=5), LineInput("1310", credit=4)))
    assert unbalanced.value.params == {"debit": 5, "credit": 4} and unbalanced.value.field == "lines"
    faults = [
        LineInput("1310", debit=5, credit=5),
        LineInput("1310", credit=-5),
        LineInput("1310", credit=rules.MAX_AMOUNT),
        LineInput("1310", credit=5, party_type="employer"),
        LineInput("1310", credit=5.0),  # type: ignore[arg-type]
    ]
    for fault in faults:
        with pytest.raises(exc.LineError) as bad:
            rules.check_lines((LineInput("1500", debit=5), fault))
        assert bad.value.line == 2 and isinstance(bad.value, ValidationError)


def test_accounts_and_periods() -> None:
    ok = rules.AccountRef(7, "1500", postable=True, active=True)
    assert rules.check_account("1500", ok) is ok
    with pytest.raises(exc.UnknownAccount) as unknown:
        rules.check_account("4242", None)
    assert unknown.value.params == {"code": "4242"} and unknown.value.field == "account"
    with pytest.raises(exc.AccountNotPostable):
        rules.check_account("1000", rules.AccountRef(1, "1000", postable=False, active=True))
    with pytest.raises(exc.AccountNotPostable):
        rules.check_account("1501", rules.AccountRef(2, "1501", postable=True, active=False))
    rules.check_open(PeriodStatus.OPEN, YearMonth(1405, 8))
    with pytest.raises(PeriodClosed) as closed:
        rules.check_open(PeriodStatus.CLOSED, YearMonth(1405, 8))
    assert isinstance(closed.value, exc.PeriodIsClosed) and str(closed.value.params["period"]) == "1405-08"


def test_reversal_swaps_each_line_and_reasons_are_required() -> None:
    lines = (LineInput("1500", debit=9, memo="m"), LineInput("1310", credit=9, party_type="employer", party_id=4))
    swapped = rules.reversal_lines(lines)
    assert swapped == (LineInput("1500", credit=9, memo="m"),
                       LineInput("1310", debit=9, party_type="employer", party_id=4))
    assert rules.reversal_lines(swapped) == lines
    assert rules.check_reason("  wrong employer ") == "wrong employer"
    with pytest.raises(exc.LedgerInputError) as empty:
        rules.check_reason(" ")
    assert empty.value.field == "reason"
