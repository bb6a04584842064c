"""A use case that loses a deadlock or a serialization check is run again, a bounded number of
times; other database errors are not retried."""

from __future__ import annotations

import psycopg.errors
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from branch_desktop.core import storage
from branch_desktop.core.storage import WRITE_ATTEMPTS, retry_transient


def _failing(errors: list[Exception]) -> tuple[list[int], object]:
    calls: list[int] = []

    @retry_transient
    def use_case(x: int) -> int:
        calls.append(x)
        if errors:
            raise errors.pop(0)
        return x * 2

    return calls, use_case


def _db_error(kind: type[Exception], orig: Exception) -> Exception:
    return kind("UPDATE ...", {}, orig)  # type: ignore[call-arg]


def test_deadlock_and_serialization_failures_are_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage.time, "sleep", lambda _s: None)
    calls, use_case = _failing([_db_error(OperationalError, psycopg.errors.DeadlockDetected("deadlock")),
                                _db_error(OperationalError, psycopg.errors.SerializationFailure("serial"))])
    assert use_case(21) == 42  # type: ignore[operator]
    assert calls == [21, 21, 21]


def test_retries_are_bounded_and_other_errors_pass_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage.time, "sleep", lambda _s: None)
    calls, use_case = _failing([_db_error(OperationalError, psycopg.errors.DeadlockDetected("d"))
                                for _ in range(WRITE_ATTEMPTS + 3)])
    with pytest.raises(OperationalError):
        use_case(1)  # type: ignore[operator]
    assert len(calls) == WRITE_ATTEMPTS
    calls, use_case = _failing([_db_error(IntegrityError, psycopg.errors.UniqueViolation("dup"))])
    with pytest.raises(IntegrityError):
        use_case(1)  # type: ignore[operator]
    assert calls == [1]
