"""A calculation trace: every input, every pack figure read (with its date and legal source),
every intermediate figure and every condition tested, in the order computed.

Pure rules (benefits, late-payment charges, premiums) fill one while they compute, so a decision
letter, the ``--explain`` output of a command and a screen all show the same reasoning. Values
are kept as given (``Decimal``, dates, strings); :meth:`Trace.as_list` turns them into JSON-ready
strings (amounts as decimal strings, dates as ISO dates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

DateText = Callable[[dt.date], str]


@dataclass(frozen=True)
class Step:
    kind: str  # "input" | "param" | "figure" | "condition" | "note"
    name: str
    value: Any = None
    effective_from: dt.date | None = None
    source: str = ""
    note: str = ""
    passed: bool | None = None  # conditions only


@dataclass
class Trace:
    steps: list[Step] = field(default_factory=list)
    recording = True  # class attribute: False for :class:`NoTrace`

    def input(self, name: str, value: Any) -> Any:
        self.steps.append(Step("input", name, value))
        return value

    def param(self, name: str, value: Any, *, effective_from: dt.date | None = None, source: str = "",
              note: str = "") -> Any:
        self.steps.append(Step("param", name, value, effective_from, source, note))
        return value

    def figure(self, name: str, value: Any, note: str = "") -> Any:
        self.steps.append(Step("figure", name, value, note=note))
        return value

    def condition(self, name: str, passed: bool, note: str = "", **figures: Any) -> bool:
        self.steps.append(Step("condition", name, figures or None, note=note, passed=passed))
        return passed

    def note(self, name: str, text: str) -> None:
        self.steps.append(Step("note", name, note=text))

    def failed(self) -> Step | None:
        """The first condition that did not hold."""
        return next((s for s in self.steps if s.kind == "condition" and s.passed is False), None)

    def as_list(self, date_text: DateText | None = None) -> list[dict[str, Any]]:
        """JSON-ready steps; dates written by ``date_text`` (the pack's calendar; default ISO)."""
        out: list[dict[str, Any]] = []
        for s in self.steps:
            item: dict[str, Any] = {"kind": s.kind, "name": s.name}
            if s.value is not None:
                item["value"] = plain(s.value, date_text)
            if s.effective_from is not None:
                item["effective_from"] = plain(s.effective_from, date_text)
            if s.source:
                item["source"] = s.source
            if s.note:
                item["note"] = s.note
            if s.passed is not None:
                item["passed"] = s.passed
            out.append(item)
        return out


class NoTrace(Trace):
    """A trace that keeps nothing: the rule computes the same figures, faster, when no one reads
    the steps (each method returns what it was given, as :class:`Trace`'s do)."""

    recording = False

    def input(self, name: str, value: Any) -> Any:
        return value

    def param(self, name: str, value: Any, *, effective_from: dt.date | None = None, source: str = "",
              note: str = "") -> Any:
        return value

    def figure(self, name: str, value: Any, note: str = "") -> Any:
        return value

    def condition(self, name: str, passed: bool, note: str = "", **figures: Any) -> bool:
        return passed

    def note(self, name: str, text: str) -> None:
        return None


def plain(value: Any, date_text: DateText | None = None) -> Any:
    """JSON-ready: Decimal -> str, date -> ``date_text(date)`` (ISO by default), containers
    recursively."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return date_text(value) if date_text else value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v, date_text) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, date_text) for v in value]
    return value
