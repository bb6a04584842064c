"""Where the application finds its bundled files, in a checkout and in a frozen (PyInstaller) build."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The folder that holds ``resources/``, ``db/`` and ``ui/``.

    In a PyInstaller build these are unpacked under ``sys._MEIPASS``; otherwise they sit beside the
    package in the source tree (the project is installed editable, see README).
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return app_root() / "resources"


def packs_dir() -> Path:
    return resources_dir() / "packs"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def migrations_dir() -> Path:
    return app_root() / "db"


def ui_dir() -> Path:
    return app_root() / "ui"
