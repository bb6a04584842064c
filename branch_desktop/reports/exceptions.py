"""Typed errors of the manager's reports: each carries a stable message id and the field it concerns."""

from __future__ import annotations

from branch_desktop.core.errors import NotFound, ValidationError
from branch_desktop.core.i18n import N_


class BadHalf(ValidationError):
    """A half-year not written YYYY-H1 or YYYY-H2."""

    MSGID = N_("'{text}' is not a half-year: write YYYY-H1 or YYYY-H2.")
    field = "half"

    def __init__(self, **params: object) -> None:
        super().__init__(self.MSGID, **params)


class BadMonth(ValidationError):
    """A month not written YYYY-MM (in the pack's calendar)."""

    MSGID = N_("'{text}' is not a month: write YYYY-MM.")
    field = "month"

    def __init__(self, **params: object) -> None:
        super().__init__(self.MSGID, **params)


class NoTarget(NotFound):
    """The pack has no performance targets in force on the date."""

    MSGID = N_("The pack has no performance targets in force on {date}.")
    field = "half"

    def __init__(self, **params: object) -> None:
        super().__init__(self.MSGID, **params)


class UnknownEmployer(NotFound):
    """No employer file with that number."""

    MSGID = N_("There is no employer file {file_no}.")
    field = "employer"

    def __init__(self, **params: object) -> None:
        super().__init__(self.MSGID, **params)
