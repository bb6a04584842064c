"""Typed, translatable domain errors.

A domain error carries a message *template* (the msgid in the translation catalogue) and its
parameters, so the GUI and the CLI can show it in the user's language: ``str(err)`` renders it in
the current language, ``err.render(translate)`` in any.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class DomainError(Exception):
    """Base of every error the services raise on purpose (bad input, refused action...)."""

    code = "error"

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(self.render())

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        if translate is None:
            from branch_desktop.core.i18n import gettext as translate_default

            translate = translate_default
        text = translate(self.template)
        try:
            return text.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return text

    def __str__(self) -> str:
        return self.render()


class ValidationError(DomainError):
    """Input that breaks a rule; nothing was written."""

    code = "validation"


class PermissionDenied(DomainError):
    """The acting user's role may not do this."""

    code = "permission"


class NotFound(DomainError):
    code = "not_found"


class PeriodClosed(DomainError):
    """A posting or change falls into a closed fiscal period."""

    code = "period_closed"


class ConflictError(DomainError):
    """A stale edit or a duplicate (same slip twice, same statement twice...)."""

    code = "conflict"


class AuthenticationError(DomainError):
    code = "authentication"


class PackError(DomainError):
    """Invalid jurisdiction-pack data: names the file, the row and the reason."""

    code = "pack"


class IntegrityError(DomainError):
    """The books are not sound (broken hash chain, unbalanced entry, numbering gap...)."""

    code = "integrity"
