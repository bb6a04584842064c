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

    def render(self, translate: Callable[[str], str] | None = None, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the current language), its parameters written the
        language's way (``core.texts.format_param``: digits, document numbers, translated words).
        A custom ``translate`` replaces the catalogue lookup."""
        from branch_desktop.core.texts import format_param

        if translate is None:
            from branch_desktop.core.i18n import translate_to

            text = translate_to(lang, self.template) if lang else _current_gettext(self.template)
        else:
            text = translate(self.template)
        values = {k: format_param(v, lang) for k, v in self.params.items()}
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text

    def __str__(self) -> str:
        return self.render()


def _current_gettext(message: str) -> str:
    from branch_desktop.core.i18n import gettext

    return gettext(message)


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
