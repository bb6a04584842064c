"""Typed, translatable domain errors.

A domain error carries a message *template* (the msgid in the translation catalogue) and its
parameters, so the GUI and the CLI can show it in the user's language: ``str(err)`` renders it in
the current language, ``err.render(translate)`` in any.

This module imports nothing of the kernel (it is the lowest layer; see ``pyproject.toml``'s
import contracts): the rendering comes from ``core.texts`` through :func:`set_renderer`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# How a message is written in a language: ``(template, params, lang, translate) -> text``. The
# errors are the lowest module of the kernel (money, calendars and localisation raise them), so
# the renderer, which needs those, is wired in from above: ``core/__init__.py`` sets
# ``core.texts.render_error`` (translation, and parameters written the language's way).
Renderer = Callable[[str, Mapping[str, Any], str | None, Callable[[str], str] | None], str]
_renderer: Renderer | None = None


def set_renderer(renderer: Renderer) -> None:
    global _renderer
    _renderer = renderer


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
        if _renderer is not None:
            return _renderer(self.template, self.params, lang, translate)
        text = translate(self.template) if translate else self.template
        try:
            return text.format(**{k: str(v) for k, v in self.params.items()})
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
