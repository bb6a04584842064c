"""Jurisdiction packs: plain data under ``resources/packs/<code>/``.

A pack has
- ``pack.toml``: organisation, currency and its minor digits, calendar, language and locale, and
  ``[accounts]``, a map from the roles the code uses (``revenue_bank``, ``premiums_receivable``...)
  to the pack's account codes, so no account code is written in Python;
- ``accounts.csv`` (code, parent, kind, postable, name, name_en): the chart of accounts;
- ``journals.csv`` (code, name, name_en);
- ``parameters.csv`` and ``parameters/*.csv`` (name, effective_from, value, unit, source, note):
  dated scalar parameters (a department keeps its own file under ``parameters/``); ``source`` names
  the law, article, gazette or decision and its date, ``note`` says what is uncertain;
- ``tables/<name>.csv``: dated tables (tax brackets, pay scales...) with an ``effective_from`` column
  (and ``source``/``note``); the rows in force on a date are those sharing the latest
  ``effective_from`` on or before it;
- in ``pack.toml``, ``[rules.<kind>]`` (which day of a period selects the figures of a computation
  and how its amounts round, see :class:`ComputationRule`) and ``[series."<name>"]`` (how often a
  series is revised and its plausible range, checked by ``branch-desktop pack check``).

``effective_from`` is written in the pack's own calendar. Invalid data fails at load with a
:class:`PackError` naming the file, the row and the reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from branch_desktop.core.calendar import Calendar, CalendarKind
from branch_desktop.core.errors import DomainError, PackError
from branch_desktop.core.ledger.types import AccountKind
from branch_desktop.core.money import Currency
from branch_desktop.paths import packs_dir

ACCOUNT_COLUMNS = ("code", "parent", "kind", "postable", "name", "name_en")
JOURNAL_COLUMNS = ("code", "name", "name_en")
PARAMETER_COLUMNS = ("name", "effective_from", "value", "unit", "note")  # ``source`` is optional at load
DATE_RULES = ("period_last_day", "period_first_day")
ROUNDING_RULES = ("component", "group", "total")


@dataclass(frozen=True)
class ComputationRule:
    """How a kind of computation (``premium``, ``payroll_tax``...) reads a pack.

    ``date``: which day of a period selects the figures (``period_last_day``: the rate in force on
    the last day of the month; ``period_first_day``). ``rounding``: ``component`` rounds each share
    of each component to the currency's minor unit, ``group`` each share of the summed rate of a
    rounding group (``round_group`` of ``premium_components``), ``total`` each share of the summed
    rate of every component; always half up."""

    kind: str
    date: str = "period_last_day"
    rounding: str = "component"


@dataclass(frozen=True)
class SeriesSpec:
    """What ``pack check`` expects of a dated series: ``revised`` (``yearly``: a row in every
    calendar year between its first row and ``until``; ``none``), and a plausible range."""

    name: str
    revised: str = "none"
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    first: int | None = None  # first year of the pack's calendar that must have its own row (``yearly``)
    until: int | None = None  # last year the series must reach (``yearly``)


@dataclass(frozen=True)
class ParamRow:
    """One dated row of a parameter, with where it came from."""

    name: str
    since: dt.date
    value: Decimal
    unit: str
    source: str
    note: str
    file: str
    line: int


@dataclass(frozen=True)
class PackIds:
    """The pack's ``[ids]`` table: the validator (``core.ids``) of a person's id and of an
    employer's id, the label of the employer id (a msgid), and the business-line code: the
    pattern the whole code matches, its label and its refusal (msgids; ``{code}`` is the typed code)."""

    person: str
    employer: str
    employer_label: str
    business_code: str
    business_code_label: str
    business_code_error: str


_IDS_KEYS = ("person", "employer", "employer_label", "business_code", "business_code_label", "business_code_error")
_NO_IDS = PackIds("", "", "", "", "", "")


@dataclass(frozen=True)
class PackAccount:
    code: str
    parent: str | None
    kind: AccountKind
    postable: bool
    name: str
    name_en: str


@dataclass(frozen=True)
class PackJournal:
    code: str
    name: str
    name_en: str


@dataclass
class Pack:
    code: str
    path: Path
    organisation: str
    organisation_en: str
    currency: Currency
    calendar: Calendar
    language: str
    locale: str
    accounts: tuple[PackAccount, ...]
    journals: tuple[PackJournal, ...]
    account_roles: dict[str, str]
    journal_roles: dict[str, str]
    settings: dict[str, object] = field(default_factory=dict)
    _params: dict[str, list[tuple[dt.date, Decimal]]] = field(default_factory=dict)
    _tables: dict[str, list[tuple[dt.date, list[dict[str, str]]]]] = field(default_factory=dict)
    _param_rows: dict[str, list[ParamRow]] = field(default_factory=dict)
    _table_lines: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    rules: dict[str, ComputationRule] = field(default_factory=dict)
    series: dict[str, SeriesSpec] = field(default_factory=dict)
    ids: PackIds = _NO_IDS

    # -- accounts ---------------------------------------------------------------------------
    @property
    def country(self) -> str:
        """The pack's country (ISO 3166, "IR", "TR"): the territory of its locale; IBANs of the
        branch, its employers and its staff are of this country."""
        return self.locale.replace("-", "_").partition("_")[2].upper()

    def account_code(self, role: str) -> str:
        try:
            return self.account_roles[role]
        except KeyError:
            raise PackError(
                "{file}: no account is assigned to the role '{role}'.",
                file=str(self.path / "pack.toml"),
                role=role,
            ) from None

    def journal_code(self, role: str) -> str:
        try:
            return self.journal_roles[role]
        except KeyError:
            raise PackError(
                "{file}: no journal is assigned to the role '{role}'.",
                file=str(self.path / "pack.toml"),
                role=role,
            ) from None

    # -- dated parameters -------------------------------------------------------------------
    def param(self, name: str, on: dt.date) -> Decimal:
        """The value of a dated parameter in force on a (Gregorian) date."""
        history = self._params.get(name)
        if not history:
            raise PackError("Pack {pack} has no parameter '{name}'.", pack=self.code, name=name)
        idx = bisect_right([d for d, _ in history], on) - 1
        if idx < 0:
            raise PackError(
                "Pack {pack}: parameter '{name}' has no value in force on {date}.",
                pack=self.code,
                name=name,
                date=self.calendar.format(on),
            )
        return history[idx][1]

    def param_history(self, name: str) -> list[tuple[dt.date, Decimal]]:
        return list(self._params.get(name, []))

    def parameter_names(self) -> list[str]:
        return sorted(self._params)

    def param_rows(self, name: str) -> list[ParamRow]:
        """Every dated row of a parameter (oldest first) with its unit, source and note."""
        return list(self._param_rows.get(name, []))

    def param_row(self, name: str, on: dt.date) -> ParamRow | None:
        """The row of a parameter in force on a date (None before its first row)."""
        rows = self._param_rows.get(name, [])
        idx = bisect_right([r.since for r in rows], on) - 1
        return rows[idx] if idx >= 0 else None

    def table_versions(self, name: str) -> list[tuple[dt.date, list[dict[str, str]]]]:
        return [(d, [dict(r) for r in rows]) for d, rows in self._tables.get(name, [])]

    def table_lines(self, name: str) -> list[tuple[int, dict[str, str]]]:
        """Every row of a table file with its line number (for ``pack check``)."""
        return list(self._table_lines.get(name, []))

    def table_file(self, name: str) -> Path:
        return self.path / "tables" / f"{name}.csv"

    def rule(self, kind: str) -> ComputationRule:
        """The date and rounding rule of a kind of computation (defaults: last day, component)."""
        return self.rules.get(kind, ComputationRule(kind))

    def table(self, name: str, on: dt.date) -> list[dict[str, str]]:
        """The rows of a dated table in force on a date."""
        versions = self._tables.get(name)
        if not versions:
            raise PackError("Pack {pack} has no table '{name}'.", pack=self.code, name=name)
        idx = bisect_right([d for d, _ in versions], on) - 1
        if idx < 0:
            raise PackError(
                "Pack {pack}: table '{name}' has no rows in force on {date}.",
                pack=self.code,
                name=name,
                date=self.calendar.format(on),
            )
        return [dict(r) for r in versions[idx][1]]

    def table_names(self) -> list[str]:
        return sorted(self._tables)


def available_packs() -> list[str]:
    return sorted(p.name for p in packs_dir().iterdir() if (p / "pack.toml").exists())


@cache
def load_pack(code: str) -> Pack:
    path = packs_dir() / code
    if not (path / "pack.toml").exists():
        raise PackError(
            "There is no jurisdiction pack '{code}' (available: {available}).",
            code=code,
            available=", ".join(available_packs()),
        )
    return load_pack_from(path)


def load_pack_from(path: Path) -> Pack:
    toml_path = path / "pack.toml"
    try:
        meta = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PackError("{file}: {reason}", file=str(toml_path), reason=str(exc)) from None

    def need(key: str) -> object:
        if key not in meta:
            raise PackError("{file}: the key '{key}' is missing.", file=str(toml_path), key=key)
        return meta[key]

    try:
        calendar = Calendar(str(need("calendar")))
    except ValueError:
        raise PackError(
            "{file}: calendar must be one of {kinds}.",
            file=str(toml_path),
            kinds=", ".join(k.value for k in CalendarKind),
        ) from None
    digits = need("currency_digits")
    if not isinstance(digits, int) or not 0 <= digits <= 4:
        raise PackError("{file}: currency_digits must be 0 to 4.", file=str(toml_path))
    pack = Pack(
        code=str(need("code")),
        path=path,
        organisation=str(need("organisation")),
        organisation_en=str(meta.get("organisation_en", need("organisation"))),
        currency=Currency(str(need("currency")), digits),
        calendar=calendar,
        language=str(need("language")),
        locale=str(need("locale")),
        accounts=(),
        journals=(),
        account_roles={str(k): str(v) for k, v in dict(meta.get("accounts", {})).items()},
        journal_roles={str(k): str(v) for k, v in dict(meta.get("journals", {})).items()},
        settings={k: v for k, v in meta.items() if k not in {"accounts", "journals", "rules", "series", "ids"}},
    )
    if pack.code != path.name:
        raise PackError(
            "{file}: code '{code}' differs from the folder name.", file=str(toml_path), code=pack.code
        )
    pack.accounts = _load_accounts(path / "accounts.csv")
    pack.journals = _load_journals(path / "journals.csv")
    codes = {a.code for a in pack.accounts}
    for role, code in pack.account_roles.items():
        if code not in codes:
            raise PackError(
                "{file}: account role '{role}' names account {code}, which is not in accounts.csv.",
                file=str(toml_path),
                role=role,
                code=code,
            )
        if not next(a for a in pack.accounts if a.code == code).postable:
            raise PackError(
                "{file}: account role '{role}' names account {code}, which is not postable.",
                file=str(toml_path),
                role=role,
                code=code,
            )
    journal_codes = {j.code for j in pack.journals}
    for role, code in pack.journal_roles.items():
        if code not in journal_codes:
            raise PackError(
                "{file}: journal role '{role}' names journal {code}, which is not in journals.csv.",
                file=str(toml_path),
                role=role,
                code=code,
            )
    pack._param_rows = _load_parameters(path / "parameters.csv", calendar)
    # Departments keep their own parameter files in parameters/*.csv (same columns).
    extra_dir = path / "parameters"
    if extra_dir.is_dir():
        for extra in sorted(extra_dir.glob("*.csv")):
            for name, history in _load_parameters(extra, calendar).items():
                if name in pack._param_rows:
                    raise PackError(
                        "{file}: parameter {name} is also defined in another parameter file.",
                        file=str(extra), name=name,
                    )
                pack._param_rows[name] = history
    pack._params = {name: [(r.since, r.value) for r in rows] for name, rows in pack._param_rows.items()}
    tables_dir = path / "tables"
    if tables_dir.is_dir():
        for table_file in sorted(tables_dir.glob("*.csv")):
            lines = _rows(table_file, ("effective_from",))
            pack._tables[table_file.stem] = _load_table(table_file, lines, calendar)
            pack._table_lines[table_file.stem] = lines
    pack.rules = _load_rules(toml_path, meta.get("rules", {}))
    pack.series = _load_series(toml_path, meta.get("series", {}))
    pack.ids = _load_ids(toml_path, meta.get("ids"))
    return pack


def _load_ids(file: Path, raw: object) -> PackIds:
    """The ``[ids]`` table, every key present, the validators known, the pattern valid."""
    from branch_desktop.core.ids import EMPLOYER_IDS, PERSON_IDS

    if not isinstance(raw, dict):
        raise PackError("{file}: the key '{key}' is missing.", file=str(file), key="ids")
    values: dict[str, str] = {}
    for key in _IDS_KEYS:
        value = raw.get(key)
        if not isinstance(value, str) or (not value and key != "business_code"):
            raise PackError("{file}: the key '{key}' is missing.", file=str(file), key=f"ids.{key}")
        values[key] = value
    for key, known in (("person", PERSON_IDS), ("employer", EMPLOYER_IDS)):
        if values[key] not in known:
            raise PackError("{file}: the key '{key}' names '{value}', which is none of {known}.", file=str(file),
                            key=f"ids.{key}", value=values[key], known=", ".join(sorted(known)))
    try:
        re.compile(values["business_code"])
    except re.error as exc:
        raise PackError("{file}: the key '{key}' is not a valid pattern ({reason}).", file=str(file),
                        key="ids.business_code", reason=str(exc)) from None
    return PackIds(**values)


def _load_rules(file: Path, raw: object) -> dict[str, ComputationRule]:
    out: dict[str, ComputationRule] = {}
    for kind, spec in dict(raw if isinstance(raw, dict) else {}).items():
        spec = dict(spec) if isinstance(spec, dict) else {}
        rule = ComputationRule(str(kind), str(spec.get("date", "period_last_day")),
                               str(spec.get("rounding", "component")))
        if rule.date not in DATE_RULES or rule.rounding not in ROUNDING_RULES:
            raise PackError(
                "{file}: rule '{kind}' needs date in {dates} and rounding in {roundings}.",
                file=str(file), kind=kind, dates=", ".join(DATE_RULES), roundings=", ".join(ROUNDING_RULES),
            )
        out[str(kind)] = rule
    return out


def _load_series(file: Path, raw: object) -> dict[str, SeriesSpec]:
    out: dict[str, SeriesSpec] = {}
    for name, spec in dict(raw if isinstance(raw, dict) else {}).items():
        spec = dict(spec) if isinstance(spec, dict) else {}

        def num(key: str, spec: dict[str, object] = spec) -> Decimal | None:
            return None if key not in spec else Decimal(str(spec[key]))

        revised = str(spec.get("revised", "none"))
        if revised not in {"none", "yearly"}:
            raise PackError("{file}: series '{name}': revised must be none or yearly.", file=str(file), name=name)
        first, until = spec.get("from"), spec.get("until")
        out[str(name)] = SeriesSpec(str(name), revised, num("min"), num("max"),
                                    int(str(first)) if first is not None else None,
                                    int(str(until)) if until is not None else None)
    return out


def _rows(file: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """CSV rows with their line numbers (header is row 1); checks the header."""
    if not file.exists():
        raise PackError("{file}: the file is missing.", file=str(file))
    try:
        with file.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            header = tuple(reader.fieldnames or ())
            missing = [c for c in columns if c not in header]
            if missing:
                raise PackError(
                    "{file}, row 1: missing column(s) {columns}.", file=str(file), columns=", ".join(missing)
                )
            rows = []
            for row in reader:
                if None in row:
                    raise PackError(
                        "{file}, row {row}: more fields than columns.", file=str(file), row=reader.line_num
                    )
                rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
            return rows
    except UnicodeDecodeError:
        raise PackError("{file}: not UTF-8 text.", file=str(file)) from None


def _bad(file: Path, row: int, reason: str, **params: object) -> PackError:
    from branch_desktop.core.i18n import gettext

    return PackError(
        "{file}, row {row}: {reason}", file=str(file), row=row, reason=gettext(reason).format(**params)
    )


def _load_accounts(file: Path) -> tuple[PackAccount, ...]:
    accounts: list[PackAccount] = []
    seen: dict[str, int] = {}
    for line, row in _rows(file, ACCOUNT_COLUMNS):
        code = row["code"]
        if not code:
            raise _bad(file, line, "the account code is empty.")
        if code in seen:
            raise _bad(file, line, "account {code} is already defined on row {first}.", code=code, first=seen[code])
        seen[code] = line
        try:
            kind = AccountKind(row["kind"])
        except ValueError:
            raise _bad(
                file, line, "kind '{kind}' is not one of {kinds}.",
                kind=row["kind"], kinds=", ".join(k.value for k in AccountKind),
            ) from None
        postable = row["postable"].lower()
        if postable not in {"yes", "no"}:
            raise _bad(file, line, "postable must be yes or no.")
        if not row["name"]:
            raise _bad(file, line, "the account name is empty.")
        accounts.append(
            PackAccount(code, row["parent"] or None, kind, postable == "yes", row["name"], row["name_en"])
        )
    by_code = {a.code: a for a in accounts}
    for acc in accounts:
        if acc.parent is None:
            continue
        parent = by_code.get(acc.parent)
        if parent is None:
            raise _bad(file, seen[acc.code], "parent {parent} is not defined.", parent=acc.parent)
        if parent.postable:
            raise _bad(
                file, seen[acc.code], "parent {parent} is postable; a parent must be a heading.", parent=acc.parent
            )
        # cycles
        hops, cur = 0, acc
        while cur.parent is not None:
            cur = by_code[cur.parent]
            hops += 1
            if hops > len(accounts):
                raise _bad(file, seen[acc.code], "the parents of account {code} form a cycle.", code=acc.code)
    return tuple(accounts)


def _load_journals(file: Path) -> tuple[PackJournal, ...]:
    journals: list[PackJournal] = []
    seen: set[str] = set()
    for line, row in _rows(file, JOURNAL_COLUMNS):
        if not row["code"] or not row["name"]:
            raise _bad(file, line, "a journal needs a code and a name.")
        if row["code"] in seen:
            raise _bad(file, line, "journal {code} is defined twice.", code=row["code"])
        seen.add(row["code"])
        journals.append(PackJournal(row["code"], row["name"], row["name_en"]))
    return tuple(journals)


def _parse_effective(file: Path, line: int, text: str, calendar: Calendar) -> dt.date:
    try:
        return calendar.parse(text)
    except DomainError:
        raise _bad(file, line, "effective_from '{text}' is not a date in the pack's calendar.", text=text) from None


def _load_parameters(file: Path, calendar: Calendar) -> dict[str, list[ParamRow]]:
    params: dict[str, list[ParamRow]] = {}
    for line, row in _rows(file, PARAMETER_COLUMNS):
        name = row["name"]
        if not name:
            raise _bad(file, line, "the parameter name is empty.")
        since = _parse_effective(file, line, row["effective_from"], calendar)
        try:
            value = Decimal(row["value"])
        except InvalidOperation:
            raise _bad(file, line, "value '{value}' is not a number.", value=row["value"]) from None
        if not value.is_finite():
            raise _bad(file, line, "value '{value}' is not a number.", value=row["value"])
        history = params.setdefault(name, [])
        if any(r.since == since for r in history):
            raise _bad(file, line, "parameter {name} already has a value from {date}.", name=name, date=row["effective_from"])
        history.append(ParamRow(name, since, value, row["unit"], row.get("source", ""), row["note"], str(file), line))
    for history in params.values():
        history.sort(key=lambda item: item.since)
    return params


def _load_table(file: Path, lines: list[tuple[int, dict[str, str]]], calendar: Calendar
                ) -> list[tuple[dt.date, list[dict[str, str]]]]:
    versions: dict[dt.date, list[dict[str, str]]] = {}
    for line, row in lines:
        since = _parse_effective(file, line, row["effective_from"], calendar)
        versions.setdefault(since, []).append(row)
    return sorted(versions.items(), key=lambda item: item[0])
