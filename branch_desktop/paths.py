"""Where the application finds its bundled files, in a checkout and in a frozen (PyInstaller) build."""

from __future__ import annotations

import os
import sys
from pathlib import Path

CACHE_ENV = "BRANCH_DESKTOP_CACHE"  # where derived files are kept (default: the user's cache folder)


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


def cache_dir() -> Path:
    """The folder of files derived from the bundled ones (compiled catalogues, the migrations' guards),
    each kept under a hash of what it was derived from: ``BRANCH_DESKTOP_CACHE`` or the user's cache folder."""
    folder = os.environ.get(CACHE_ENV)
    if folder:
        return Path(folder)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("branch-desktop", "BranchDesktop"))


def keep_in_cache(path: Path, data: bytes, earlier: str) -> None:
    """Write a derived file into the cache folder whole (then renamed: a reader never sees half a file)
    and remove the files of ``earlier`` (a glob in the same folder) it replaces; a read-only cache is
    no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(f".{os.getpid()}.part")
        part.write_bytes(data)
        os.replace(part, path)
        for old in path.parent.glob(earlier):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
