"""PySide6's import hook, made cheap.

Once PySide6 is imported, its ``__feature__`` support is told of every module imported after it and
asks whether that module uses PySide6 (``shibokensupport.feature._mod_uses_pyside``): it reads the
module's source through ``inspect.getsource`` (the file read into ``linecache``, line by line) to
look for the word. For the few hundred modules the window imports (SQLAlchemy's, the pages') that
is a good part of their import time. :func:`quicken_feature_hook` gives it the same answer from the
file's bytes (read once, no lines, no cache); a module without a ``.py`` file is left to PySide's
own check. Nothing here selects a feature: the application uses none.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

_MARK = "_branch_desktop_quick"


def quicken_feature_hook() -> bool:
    """Replace PySide's source check by a bytes search (once; False when PySide has no such check,
    e.g. another version: then nothing is changed)."""
    import PySide6.QtCore  # noqa: F401 - installs the hook (and loads shibokensupport.feature)

    feature: Any = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, _MARK, False):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(original(module))

    setattr(uses_pyside, _MARK, True)
    feature._mod_uses_pyside = uses_pyside
    return True
