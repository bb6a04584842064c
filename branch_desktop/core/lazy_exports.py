"""A package that re-exports its submodules' names without importing them all at once.

A department's ``services`` package offers every use case under one name (``services.close_month``),
but a command that lists bank accounts needs none of the statement importers (lxml, mt-940) or the
month-end close. The package names where each name lives and imports that submodule when the name
is first used (PEP 562 module ``__getattr__``)::

    if TYPE_CHECKING:  # what type checkers and readers see; the same names as below
        from branch_desktop.x.services.accounts import list_accounts

    __getattr__, __dir__ = lazy_exports(__name__, {"accounts": ("list_accounts",)})

``tests/core/test_lazy_exports.py`` holds both lists equal and every name importable.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def lazy_exports(package: str, names: Mapping[str, Sequence[str]]) -> tuple[Callable[[str], Any],
                                                                           Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: ``names`` maps a module (relative to the package,
    or absolute when it holds a dot) to the names it gives. A name is imported once, then kept in the
    package's namespace. A name that is also the name of the submodule it comes from
    (``reconciliation.reconciliation``), and in the GUI every name, is imported at once."""
    where: dict[str, str] = {}
    for module, exported in names.items():
        full = module if "." in module else f"{package}.{module}"
        for name in exported:
            if name in where:
                raise ValueError(f"{package}: {name} is exported by {where[name]} and {full}")
            where[name] = full

    # In the GUI (Qt loaded) every name is imported now, on the thread importing the package (a page
    # module's, the GUI thread's): a name looked up in a task would import its module on the task
    # runner's thread, and modules imported there after PySide6 ended a page walk with "bool_dealloc"
    # (a refcount error in the collection at exit). Elsewhere only a name that is also its submodule's
    # (importing the submodule anywhere binds the module to that name) is imported now.
    qt = "PySide6" in sys.modules
    for name, module in where.items():
        if qt or module == f"{package}.{name}":
            setattr(sys.modules[package], name, getattr(importlib.import_module(module), name))

    def __getattr__(name: str) -> Any:  # noqa: N807 - the module-level hook's own name
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:  # noqa: N807
        return sorted(set(vars(sys.modules[package])) | set(where))

    return __getattr__, __dir__
