"""The ledger's use cases under one name: callers write ``from branch_desktop.core.ledger import
services`` (or import a name from here) whichever module of the kernel holds it.

- ``posting``: drafts, ``post_entry``, ``post_many``, ``post_draft``, ``reverse`` and the
  ``post_entry_in`` / ``reverse_in`` a department calls inside its own transaction;
- ``periods``: periods, ``close_period`` (its close checks in the same transaction),
  ``reopen_period``;
- ``reading``: ``get_entry``;
- ``rules``: the pure checks; ``exceptions``: the typed errors.
"""

from __future__ import annotations

from branch_desktop.core.ledger.periods import (
    CLOSE_CHECKS,
    DRAFTS_BLOCK,
    CloseCheck,
    PeriodCache,
    PeriodView,
    close_blockers,
    close_period,
    ensure_period,
    list_periods,
    register_close_check,
    reopen_period,
)
from branch_desktop.core.ledger.posting import (
    Chart,
    delete_draft,
    post_draft,
    post_entries_in,
    post_entry,
    post_entry_in,
    post_many,
    post_many_in,
    reverse,
    reverse_in,
    save_draft,
)
from branch_desktop.core.ledger.reading import get_entry, load_entry_view
from branch_desktop.core.ledger.rules import MAX_AMOUNT

__all__ = [
    "CLOSE_CHECKS",
    "DRAFTS_BLOCK",
    "MAX_AMOUNT",
    "Chart",
    "CloseCheck",
    "PeriodCache",
    "PeriodView",
    "close_blockers",
    "close_period",
    "delete_draft",
    "ensure_period",
    "get_entry",
    "list_periods",
    "load_entry_view",
    "post_draft",
    "post_entry",
    "post_entries_in",
    "post_entry_in",
    "post_many",
    "post_many_in",
    "register_close_check",
    "reopen_period",
    "reverse",
    "reverse_in",
    "save_draft",
]
