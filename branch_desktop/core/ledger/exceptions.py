"""Typed errors of the ledger kernel: each a subclass of a ``core.errors`` class, with a stable
message id (``msgid``, the class's default template) and, where it concerns one input, the
``field`` (for a line, ``params["line"]`` is its number).

Views and tests branch on the type (or ``.field`` / ``.params``), never on the message text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from branch_desktop.core.errors import ConflictError, DomainError, NotFound, PeriodClosed, ValidationError
from branch_desktop.core.i18n import N_


class _LedgerError(DomainError):
    """The class's ``msgid`` unless a template is given; ``field``: the input concerned."""

    msgid: ClassVar[str] = ""
    field: str | None = None

    def __init__(self, template: str | None = None, *, field: str | None = None, **params: Any) -> None:
        super().__init__(template or self.msgid, **params)
        if field is not None:
            self.field = field


class LedgerInputError(_LedgerError, ValidationError):
    """An entry, a line or a request that breaks a ledger rule; nothing was written."""


class TooFewLines(LedgerInputError):
    msgid = N_("An entry needs at least two lines.")
    field = "lines"


class LineError(LedgerInputError):
    """One line is malformed (not whole minor units, negative, two-sided, too large, half a party);
    ``params["line"]`` is its number, from 1."""

    field = "lines"

    @property
    def line(self) -> int:
        return int(self.params["line"])


class Unbalanced(LedgerInputError):
    """Debits and credits differ; ``params["debit"]`` and ``params["credit"]`` in minor units."""

    msgid = N_("The entry does not balance: debits {debit}, credits {credit} (minor units).")
    field = "lines"


class UnknownAccount(LedgerInputError):
    msgid = N_("There is no account {code}.")
    field = "account"


class AccountNotPostable(LedgerInputError):
    """A heading of the chart, or a closed account (the template says which)."""

    field = "account"


class UnknownJournal(LedgerInputError):
    msgid = N_("There is no journal {code}.")
    field = "journal"


class DraftsInPeriod(LedgerInputError):
    """Drafts dated in the month keep it from closing; ``params["count"]``."""

    msgid = N_("The period {period} has {count} draft entries; post or delete them before closing.")


class CloseBlocked(LedgerInputError):
    """What the departments' close checks (and the month's drafts) name keeps the month from
    closing; ``blockers`` holds the sentences."""

    msgid = N_("The month {period} cannot be closed:\n{items}")

    def __init__(self, *, blockers: list[str], **params: Any) -> None:
        super().__init__(items="\n".join("- " + b for b in blockers), **params)
        self.blockers = list(blockers)


class PeriodIsClosed(_LedgerError, PeriodClosed):
    """A posting dated in a closed month; ``params["period"]`` is the month."""

    msgid = N_("The period {period} is closed; nothing can be posted into it. A manager can reopen it.")
    field = "entry_date"


class EntryNotFound(_LedgerError, NotFound):
    msgid = N_("There is no entry {id}.")


class NotADraft(_LedgerError, ConflictError):
    """A posted entry is not edited or deleted; it is corrected by a reversal."""

    msgid = N_("Entry {id} is posted; correct it by a reversal.")


class AlreadyPosted(_LedgerError, ConflictError):
    msgid = N_("Entry {id} is already posted.")


class NotPosted(_LedgerError, ConflictError):
    """A draft is not reversed: it is deleted or edited."""

    msgid = N_("Entry {id} is a draft; delete or edit it instead.")


class ReversalOfReversal(_LedgerError, ConflictError):
    msgid = N_("Entry {id} is itself a reversal; post a new entry instead.")


class AlreadyReversed(_LedgerError, ConflictError):
    msgid = N_("Entry {id} has already been reversed.")


class PeriodAlreadyClosed(_LedgerError, ConflictError):
    msgid = N_("The period {period} is already closed.")


class PeriodNotClosed(_LedgerError, ConflictError):
    msgid = N_("The period {period} is open.")
