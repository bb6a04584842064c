"""Insured affairs: the insured registry, short-term benefit claims and their decisions, the
health-insurance income test, applications with their deadlines."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from branch_desktop.app_registry import AppRegistry


def register(reg: AppRegistry) -> None:
    """The insured-affairs department: so far its pure benefit rules and ``benefit compute``."""
    reg.add_commands("branch_desktop.insured.cli")
