"""The kinds of legal records and their registry (``core.records`` chains, guards and verifies them).

Light on purpose (dataclasses, no database): the departments declare their kinds at start-up
(``reg.add_record_kinds``, from ``app_registry.load``), before the command line has parsed its arguments.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Numbering:
    """A gapless series: ``number`` counts 1, 2, 3... (``start=None``: from its lowest number on)
    within each combination of the ``series`` columns."""

    number: str
    series: tuple[str, ...] = ()
    start: int | None = 1


@dataclass(frozen=True)
class RecordKind:
    name: str  # "revenue.receipt": unique, never renamed (it is part of every hash)
    table: str
    columns: tuple[str, ...]  # the canonical content, in this order
    state: tuple[str, ...] = ()  # columns that change only through set_state once final
    final_when: str | None = None  # SQL on the row's own columns; None: final as soon as written
    parent: tuple[str, str] | None = None  # (foreign key column, parent kind): final with its parent
    numbering: Numbering | None = None

    @property
    def guard_name(self) -> str:
        return f"trg_rec_{self.table}"


_KINDS: dict[str, RecordKind] = {}
_BY_TABLE: dict[str, RecordKind] = {}


def declare(*kinds: RecordKind) -> None:
    """Register record kinds (parents before their children); declaring one again is a no-op."""
    for kind in kinds:
        known = _KINDS.get(kind.name)
        if known is not None:
            if known != kind:
                raise ValueError(f"record kind {kind.name} declared twice, differently")
            continue
        if kind.parent and kind.parent[1] not in _KINDS:
            raise ValueError(f"record kind {kind.name}: declare its parent {kind.parent[1]} first")
        _KINDS[kind.name] = kind
        _BY_TABLE[kind.table] = kind


def kinds() -> list[RecordKind]:
    return list(_KINDS.values())


def kind(name: str) -> RecordKind:
    return _KINDS[name]


def kind_of_table(table: str) -> RecordKind | None:
    return _BY_TABLE.get(table)


# -- the kernel's own kinds ---------------------------------------------------------------------

STATE_EVENT = "core.state_event"

KERNEL_KINDS = (
    RecordKind(STATE_EVENT, "record_events", ("kind", "record_id", "field", "old_value", "new_value", "at", "user_id")),
    RecordKind("core.audit", "audit_log", ("at", "user_id", "username", "action", "object_type", "object_id",
                                           "details")),
    RecordKind("ledger.period", "fiscal_periods", ("year", "month", "start_date", "end_date"),
               state=("status", "closed_by", "closed_at")),
)
