"""Audit and listing of a jurisdiction pack's dated figures (``branch-desktop pack check/show`` and
the "Rates and parameters" page).

:func:`check_pack` returns every problem as a :class:`Problem` (file, row, translatable reason):
a row without a source, a value out of its plausible range, a series revised yearly with a
missing year, overlapping rows in a table version (two brackets from the same amount, two pay
rows for one group, two allowance rows whose group ranges overlap), a premium component whose
rate parameter has no value on the component's date. :func:`figures_on` lists what is in force
on a date with its source and note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from branch_desktop.core.i18n import N_, gettext
from branch_desktop.core.packs import Pack, ParamRow

UNCERTAIN = "UNCERTAIN"
# Plausible ranges by unit (a series may narrow them in pack.toml [series."name"]).
UNIT_RANGES: dict[str, tuple[Decimal, Decimal]] = {
    "ratio": (Decimal(0), Decimal(1)),
    "times": (Decimal(0), Decimal(50)),
    "days": (Decimal(0), Decimal(366)),
    "day": (Decimal(1), Decimal(31)),
    "months": (Decimal(0), Decimal(120)),
    "years": (Decimal(0), Decimal(50)),
    "flag": (Decimal(0), Decimal(1)),
    "group": (Decimal(1), Decimal(100)),
    "points": (Decimal(0), Decimal(1000)),
}
# Table columns that identify a row inside a version (two rows with the same key overlap).
KEY_COLUMNS = ("lower", "group", "code", "component", "progress_from")
TABLE_NUMBER_COLUMNS = {"rate": (Decimal(0), Decimal(1)), "lower": (Decimal(0), None), "base": (Decimal(0), None)}


@dataclass(frozen=True)
class Problem:
    file: str
    row: int  # 0: the file as a whole
    template: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return gettext(self.template).format(**self.params)

    def __str__(self) -> str:
        where = f"{Path(self.file).name}, {gettext('row')} {self.row}" if self.row else Path(self.file).name
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Figure:
    """A figure in force on a date: a parameter's value or one row of a table."""

    kind: str  # "parameter" | "table"
    name: str
    since: dt.date
    value: str  # the value, or the table row's columns "col=value; ..."
    unit: str
    source: str
    note: str

    @property
    def uncertain(self) -> bool:
        return UNCERTAIN in self.note


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _check_param(pack: Pack, name: str, rows: list[ParamRow], out: list[Problem]) -> None:
    spec = pack.series.get(name)
    low, high = UNIT_RANGES.get(rows[0].unit, (Decimal(0), None)) if rows else (Decimal(0), None)
    if spec is not None:
        low = spec.minimum if spec.minimum is not None else low
        high = spec.maximum if spec.maximum is not None else high
    for r in rows:
        if not r.source:
            out.append(Problem(r.file, r.line, N_("{name} from {date} has no source."),
                               {"name": name, "date": pack.calendar.format(r.since)}))
        if r.value < low or (high is not None and r.value > high):
            out.append(Problem(r.file, r.line, N_("{name} = {value} is outside the plausible range {low} to {high}."),
                               {"name": name, "value": r.value, "low": low, "high": "∞" if high is None else high}))
    if spec is not None and spec.revised == "yearly":
        years = {pack.calendar.parts(r.since)[0] for r in rows}
        _check_years(pack, name, years, spec.first, spec.until, rows[0].file if rows else str(pack.path), out)


def _check_years(pack: Pack, name: str, years: set[int], first: int | None, until: int | None, file: str,
                 out: list[Problem]) -> None:
    if not years:
        return
    start = first if first is not None else min(years)
    end = until if until is not None else max(years)
    missing = [y for y in range(start, end + 1) if y not in years]
    if missing:
        out.append(Problem(file, 0, N_("{name} is revised every year but has no row for {years}."),
                           {"name": name, "years": ", ".join(str(y) for y in missing)}))


def _check_table(pack: Pack, name: str, out: list[Problem]) -> None:
    file = str(pack.table_file(name))
    lines = pack.table_lines(name)
    has_source = bool(lines) and "source" in lines[0][1]
    if not has_source:
        out.append(Problem(file, 1, N_("the table has no source column.")))
    by_version: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, row in lines:
        by_version.setdefault(row["effective_from"], []).append((line, row))
        if has_source and not row.get("source"):
            out.append(Problem(file, line, N_("the row has no source.")))
        for column, (low, high) in TABLE_NUMBER_COLUMNS.items():
            if column in row and row[column]:
                value = _number(row[column])
                if value is None or value < low or (high is not None and value > high):
                    out.append(Problem(file, line, N_("{column} = {value} is outside the plausible range."),
                                       {"column": column, "value": row[column]}))
    for rows in by_version.values():
        _check_overlaps(file, rows, out)
        lowers = [_number(r.get("lower", "")) for _, r in rows]
        if name.endswith("_income_tax") and Decimal(0) not in lowers:
            out.append(Problem(file, rows[0][0], N_("the brackets of {date} do not start at 0."),
                               {"date": rows[0][1]["effective_from"]}))
    spec = pack.series.get(f"table:{name}")
    if spec is not None and spec.revised == "yearly":
        years = {pack.calendar.parts(d)[0] for d, _ in pack.table_versions(name)}
        _check_years(pack, name, years, spec.first, spec.until, file, out)
    if name == "premium_components":
        for since, rows_ in pack.table_versions(name):
            for row in rows_:
                for column in ("employee_param", "employer_param"):
                    param = row.get(column, "")
                    if param and pack.param_row(param, since) is None:
                        out.append(Problem(file, 0, N_("component {component} from {date}: {param} has no value then."),
                                           {"component": row["component"], "date": pack.calendar.format(since),
                                            "param": param}))


def _check_overlaps(file: str, rows: list[tuple[int, dict[str, str]]], out: list[Problem]) -> None:
    seen: dict[tuple[str, ...], int] = {}
    ranges: dict[tuple[str, ...], list[tuple[int, int, int]]] = {}
    for line, row in rows:
        if "group_from" in row and "group_to" in row:
            key = tuple(v for k, v in row.items() if k not in {"group_from", "group_to", "rate", "source", "note"})
            lo, hi = int(_number(row["group_from"]) or 0), int(_number(row["group_to"]) or 0)
            for other_lo, other_hi, other_line in ranges.get(key, []):
                if lo <= other_hi and other_lo <= hi:
                    out.append(Problem(file, line, N_("overlaps row {other}."), {"other": other_line}))
            ranges.setdefault(key, []).append((lo, hi, line))
            continue
        columns = [c for c in KEY_COLUMNS if c in row]
        if not columns:
            continue
        key = (row["effective_from"], *(row[c] for c in columns))
        if key in seen:
            out.append(Problem(file, line, N_("overlaps row {other}."), {"other": seen[key]}))
        seen.setdefault(key, line)


def check_pack(pack: Pack) -> list[Problem]:
    """Every problem of a loaded pack's dated data (empty when the pack is sound)."""
    out: list[Problem] = []
    for name in pack.parameter_names():
        _check_param(pack, name, pack.param_rows(name), out)
    for name in pack.table_names():
        _check_table(pack, name, out)
    for series in pack.series:
        base = series.removeprefix("table:")
        if base not in pack.parameter_names() and base not in pack.table_names():
            out.append(Problem(str(pack.path / "pack.toml"), 0, N_("series {name} is not in the pack."), {"name": series}))
    return out


def figures_on(pack: Pack, on: dt.date) -> list[Figure]:
    """What is in force on a date: each parameter's row and each table's rows, with sources."""
    out: list[Figure] = []
    for name in pack.parameter_names():
        r = pack.param_row(name, on)
        if r is not None:
            out.append(Figure("parameter", name, r.since, format(r.value, "f"), r.unit, r.source, r.note))
    for name in pack.table_names():
        versions = [v for v in pack.table_versions(name) if v[0] <= on]
        if not versions:
            continue
        since, rows = versions[-1]
        note = next((r.get("note", "") for r in rows if r.get("note")), "")
        for row in rows:
            shown = "; ".join(f"{k}={v}" for k, v in row.items() if k not in {"effective_from", "source", "note"})
            out.append(Figure("table", name, since, shown, "", row.get("source", ""), row.get("note", "") or note))
    return out
