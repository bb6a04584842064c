"""Packages that re-export their submodules' names lazily (``core.lazy_exports``): the names type
checkers read (the ``if TYPE_CHECKING:`` imports) are the names given at run time, each is the very
object of its module, and a package imports only the submodule a name needs."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from branch_desktop.core.lazy_exports import lazy_exports

LAZY = ("branch_desktop.accounting.banking.services", "branch_desktop.execution.services")


def _checked_imports(package: str) -> dict[str, str]:
    """name -> module of the package's ``if TYPE_CHECKING:`` imports."""
    module = importlib.import_module(package)
    tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom) and imp.module
                out.update({alias.name: imp.module for alias in imp.names})
    return out


@pytest.mark.parametrize("package", LAZY)
def test_every_name_is_its_modules_and_typed(package: str) -> None:
    module = importlib.import_module(package)
    checked = _checked_imports(package)
    assert set(checked) == set(module.__all__)
    for sub in pkgutil.iter_modules(module.__path__):  # a submodule imported anywhere shadows no name
        importlib.import_module(f"{package}.{sub.name}")
    for name, source in checked.items():
        assert getattr(module, name) is getattr(importlib.import_module(source), name), name
    assert set(checked) <= set(dir(module))
    with pytest.raises(AttributeError):
        module.no_such_use_case  # noqa: B018 - the attribute error is what is checked


def test_a_package_imports_only_what_a_name_needs() -> None:
    code = ("import sys\nfrom branch_desktop.accounting.banking import services\n"
            "services.list_bank_accounts\n"
            "print(sorted(m for m in sys.modules if m.startswith('branch_desktop.accounting.banking.services.')))\n"
            "print('lxml' in sys.modules, 'mt940' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    loaded, libraries = out.stdout.splitlines()
    assert "services.statements" not in loaded and "services.month_end" not in loaded
    assert "services.accounts" in loaded
    assert libraries == "False False"


def test_a_name_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice|exported by"):
        lazy_exports("x", {"a": ("f",), "b": ("f",)})
