"""The department template's rules that a reviewer would otherwise check by eye (docs/architecture.md)."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "branch_desktop"
MAX_LINES = 600


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_file_over_600_lines() -> None:
    long = {str(p.relative_to(PACKAGE)): n for p in _sources()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these by subject (at most {MAX_LINES} lines each): {long}"


# A state compared with a string literal (`status == "posted"`, `r.state != 'open'`) instead of its enum.
_STATE_LITERAL = re.compile(r"""\b(status|state)\s*(==|!=)\s*["'][a-z_]+["']""")
# A view deciding on an error's English text instead of its type or field.
_ERROR_TEXT = re.compile(r"""["'][^"']*["']\s+in\s+(exc|err|error|e)\.(template|args)|in\s+str\((exc|err|error|e)\)""")


def test_no_state_or_error_compared_as_text() -> None:
    found = []
    for path in _sources():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if _STATE_LITERAL.search(line) or _ERROR_TEXT.search(line):
                found.append(f"{path.relative_to(PACKAGE)}:{n}: {line.strip()}")
    assert not found, "compare states with their enum and errors by type or field:\n" + "\n".join(found)


def test_every_department_has_the_template_files() -> None:
    from branch_desktop import app_registry

    for package in app_registry.DEPARTMENT_PACKAGES:
        root = PACKAGE.joinpath(*package.split(".")[1:])
        roots = [root / "banking", root / "payroll"] if package.endswith(".accounting") else [root]
        for dept in roots:
            names = {p.name for p in dept.iterdir()}
            missing = {"__init__.py", "exceptions.py", "types.py"} - names
            missing |= {"services"} - names - {"services.py"}
            assert not missing, f"{dept.relative_to(PACKAGE)} lacks {sorted(missing)}"
