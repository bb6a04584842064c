"""Typed errors of insured affairs: each carries a stable message id and the field it concerns."""

from __future__ import annotations

from branch_desktop.core.errors import ConflictError, NotFound, PermissionDenied, ValidationError


class FieldError(ValidationError):
    """A value the user typed that cannot be taken: ``field`` names the input it concerns (the
    form puts the message beside that field)."""

    def __init__(self, template: str, *, field: str | None = None, **params: object) -> None:
        if field is not None:
            params["field"] = field
        super().__init__(template, **params)
        self.field = field


class BenefitInputError(FieldError):
    """A benefit case that cannot be computed as given (a missing or malformed field, a figure the
    pack does not have for the date)."""


class PersonInputError(FieldError):
    """An insured person's or household member's record that cannot be saved as typed
    (``field``: national_id, first_name, last_name, birth_date, iban, full_name, valid_from...)."""


class CoverageConflict(FieldError):
    """A claim gives an insurance status other than the one the registry holds for its date
    (``field``: coverage): the clerk records the change in the registry or corrects the claim."""


class TransferRefused(FieldError):
    """A bank transfer list that cannot be made or posted as asked (``field``: payments,
    bank_account, iban, status)."""


class StaleRecord(ConflictError):
    """A save over a newer version of the record; names who changed it and when."""


class SamePreparer(PermissionDenied):
    """Four eyes: the person who prepared a claim may not decide it."""


class AlreadyDecided(ConflictError):
    """The claim has a decision already; a correction supersedes it."""


class UnknownPerson(NotFound):
    """No insured person with that national id or number."""
