"""Typed errors of the execution unit: each carries a stable message id and, where it concerns
one input, the field."""

from __future__ import annotations

from branch_desktop.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError


class ChargeInputError(ValidationError):
    """A late-charge case that cannot be computed as given (a missing or malformed field)."""

    def __init__(self, template: str, *, field: str | None = None, **params: object) -> None:
        if field is not None:
            params["field"] = field
        super().__init__(template, **params)
        self.field = field


class ExecutionInputError(ChargeInputError):
    """A notice, order or agreement asked for with input that breaks a rule."""


class UnknownEmployer(NotFound):
    """No employer with that file number."""


class UnknownDocument(NotFound):
    """No notice, order or agreement with that number."""


class TooEarly(ConflictError):
    """An escalation asked for before the pack's notice period has run from the service date,
    or while an objection suspends it."""


class WrongState(ConflictError):
    """The document is not in a state that allows this step."""


class SameOfficer(PermissionDenied):
    """Four eyes: a cancellation is approved by a manager other than the one who asks."""
