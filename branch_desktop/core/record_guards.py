"""Database guards of the legal records, and the check that every guard is in place.

For each record kind (``core.records``) a trigger (AFTER the row changed, so that a table's own
BEFORE guards speak first with their own message; the statement is still undone) refuses the DELETE of a final row (one in its
chain) and any UPDATE of it that changes a content column, or a state column to a value other
than its latest ``record_events`` row. The chain tables themselves are append-only.

:func:`expected_guards` lists every guard the migrations define: the kernel's and departments'
(``guard_statements(dialect)`` of a revision module) and those of the record kinds.
:func:`check_guards` names the missing or changed ones; :func:`repair_guards` puts them back and runs
the revision's :func:`refill_statements` (what a missing trigger left out is filled in).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, DateTime, Integer, Numeric, Table, text
from sqlalchemy.types import Date

from branch_desktop.core import records
from branch_desktop.core.branch import BranchContext
from branch_desktop.core.records import RecordKind
from branch_desktop.core.security import Actor, audit, require
from branch_desktop.paths import cache_dir, keep_in_cache, migrations_dir

MSG_FINAL = "records: {table} is append-only once final; a change is a new record"
MSG_CHAIN = "records: the chain of legal records is append-only"


def _render(t: Table, column: str, dialect: str) -> str:
    """SQL that renders NEW.<column> as ``records.as_text`` renders the Python value."""
    ctype = t.c[column].type
    ref = f"NEW.{column}"
    if dialect == "sqlite":
        return f"CAST({ref} AS TEXT)" if isinstance(ctype, Integer | Numeric) else ref
    if isinstance(ctype, DateTime):
        return f"to_char({ref}, 'YYYY-MM-DD HH24:MI:SS.US')"
    if isinstance(ctype, Date):
        return f"to_char({ref}, 'YYYY-MM-DD')"
    return f"{ref}::text"


def _conditions(k: RecordKind, dialect: str) -> str:
    t = records.table(k)
    differs = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
    parts = [f"NEW.{c} {differs} OLD.{c}" for c in ("id", *k.columns)]
    for c in k.state:
        latest = (f"(SELECT new_value FROM record_events WHERE kind = '{k.name}' AND record_id = OLD.id "
                  f"AND field = '{c}' ORDER BY id DESC LIMIT 1)")
        parts.append(f"(NEW.{c} {differs} OLD.{c} AND {_render(t, c, dialect)} {differs} {latest})")
    return "\n          OR ".join(parts)


def kind_guards(k: RecordKind, dialect: str) -> list[str]:
    final = f"EXISTS (SELECT 1 FROM record_links WHERE kind = '{k.name}' AND record_id = OLD.id)"
    msg = MSG_FINAL.format(table=k.table)
    name = k.guard_name
    if dialect == "sqlite":
        return [
            f"""CREATE TRIGGER {name}_update AFTER UPDATE ON {k.table}
        WHEN {final} AND ({_conditions(k, dialect)})
        BEGIN SELECT RAISE(ABORT, '{msg}'); END""",
            f"""CREATE TRIGGER {name}_delete AFTER DELETE ON {k.table}
        WHEN {final}
        BEGIN SELECT RAISE(ABORT, '{msg}'); END""",
        ]
    return [
        f"""CREATE FUNCTION rec_guard_{k.table}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF {final} THEN
        IF TG_OP = 'DELETE' THEN RAISE EXCEPTION '{msg}'; END IF;
        IF {_conditions(k, dialect)} THEN
          RAISE EXCEPTION '{msg}';
        END IF;
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$""",
        f"""CREATE TRIGGER {name} AFTER UPDATE OR DELETE ON {k.table}
       FOR EACH ROW EXECUTE FUNCTION rec_guard_{k.table}()""",
        f"""CREATE TRIGGER {name}_truncate BEFORE TRUNCATE ON {k.table}
       FOR EACH STATEMENT EXECUTE FUNCTION rec_chain_guard()""",
    ]


def chain_table_guards(dialect: str) -> list[str]:
    """The chain's own tables: links and events append-only, a head never shortened or removed."""
    if dialect == "sqlite":
        out = []
        for table in ("record_links", "record_events"):
            out += [f"""CREATE TRIGGER trg_{table}_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{MSG_CHAIN}'); END""",
                    f"""CREATE TRIGGER trg_{table}_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{MSG_CHAIN}'); END"""]
        return [*out, f"""CREATE TRIGGER trg_record_heads_update BEFORE UPDATE ON record_heads
        WHEN NEW.kind IS NOT OLD.kind OR NEW.length < OLD.length
        BEGIN SELECT RAISE(ABORT, '{MSG_CHAIN}'); END""",
                f"""CREATE TRIGGER trg_record_heads_delete BEFORE DELETE ON record_heads
        BEGIN SELECT RAISE(ABORT, '{MSG_CHAIN}'); END"""]
    out = [f"""CREATE FUNCTION rec_chain_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{MSG_CHAIN}'; END $$""",
           f"""CREATE FUNCTION rec_heads_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR NEW.kind IS DISTINCT FROM OLD.kind OR NEW.length < OLD.length THEN
        RAISE EXCEPTION '{MSG_CHAIN}';
      END IF;
      RETURN NEW;
    END $$"""]
    for table in ("record_links", "record_events"):
        out += [f"""CREATE TRIGGER trg_{table}_guard BEFORE UPDATE OR DELETE ON {table}
       FOR EACH ROW EXECUTE FUNCTION rec_chain_guard()""",
                f"""CREATE TRIGGER trg_{table}_truncate BEFORE TRUNCATE ON {table}
       FOR EACH STATEMENT EXECUTE FUNCTION rec_chain_guard()"""]
    return [*out, """CREATE TRIGGER trg_record_heads_guard BEFORE UPDATE OR DELETE ON record_heads
       FOR EACH ROW EXECUTE FUNCTION rec_heads_guard()""",
            """CREATE TRIGGER trg_record_heads_truncate BEFORE TRUNCATE ON record_heads
       FOR EACH STATEMENT EXECUTE FUNCTION rec_chain_guard()"""]


def record_guards(dialect: str) -> list[str]:
    out = chain_table_guards(dialect)
    for k in records.kinds():
        out += kind_guards(k, dialect)
    return out


# -- what the migrations define, and what the database holds -------------------------------------

_TRIGGER = re.compile(r"CREATE (?:CONSTRAINT )?TRIGGER (\w+)\s.*?\sON (\w+)\s", re.S)
_FUNCTION = re.compile(r"CREATE (?:OR REPLACE )?FUNCTION (\w+)\(\).*?\$\$(.*)\$\$", re.S)


@dataclass(frozen=True)
class Guard:
    kind: str  # "trigger" | "function"
    name: str
    table: str  # the trigger's table ("" for a function)
    sql: str
    body: str = ""  # a function's body (PostgreSQL), compared with pg_proc.prosrc


def parse(sql: str) -> Guard:
    f = _FUNCTION.match(sql.strip())
    if f:
        return Guard("function", f.group(1), "", sql, f.group(2))
    m = _TRIGGER.match(sql.strip())
    if not m:
        raise ValueError(f"not a guard: {sql[:60]}")
    return Guard("trigger", m.group(1), m.group(2), sql)


def migration_guards(dialect: str) -> list[str]:
    """``guard_statements(dialect)`` of every revision module that defines its guards, in the order
    of the revisions. The revision scripts import Alembic (with Mako and Pygments, about as long as the
    rest of a small ``verify``), so what they give is kept in the cache folder under a hash of the
    scripts (a script's guards depend only on the scripts' own text) and read back from there."""
    scripts = hashlib.sha256()
    for path in sorted((migrations_dir() / "versions").glob("*.py")):
        scripts.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    cached = cache_dir() / "guards" / f"{dialect}-{scripts.hexdigest()[:24]}.json"
    try:
        found = json.loads(cached.read_text(encoding="utf-8"))
        if isinstance(found, list) and all(isinstance(sql, str) for sql in found):
            return found
    except (OSError, ValueError):
        pass
    out = _migration_guards(dialect)
    keep_in_cache(cached, json.dumps(out).encode("utf-8"), f"{dialect}-*.json")  # the earlier scripts' are gone
    return out


def _revision_modules() -> list[Any]:
    """The revision modules, oldest first (imports Alembic)."""
    from alembic.script import ScriptDirectory

    from branch_desktop.core.migrations import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    return [rev.module for rev in reversed(list(script.walk_revisions()))]


def _migration_guards(dialect: str) -> list[str]:
    out: list[str] = []
    for module in _revision_modules():
        fn = getattr(module, "guard_statements", None)
        if fn is not None:
            out += fn(dialect)
    return out


def refill_statements(dialect: str, repaired: set[str]) -> list[str]:
    """What the revisions whose guards were put back (``repaired``: their names) run to refill what
    those guards keep (``refill_statements(dialect, names)`` of a revision module: a text index,
    kept totals), so the rows written while a guard was missing are counted again."""
    out: list[str] = []
    for module in _revision_modules():
        guards, refill = getattr(module, "guard_statements", None), getattr(module, "refill_statements", None)
        if guards is None or refill is None:
            continue
        mine = {parse(sql).name for sql in guards(dialect)} & repaired
        if mine:
            out += refill(dialect, mine)
    return out


def expected_guards(dialect: str) -> list[Guard]:
    """Every guard once: a later revision's definition of a name replaces an earlier one's."""
    latest: dict[tuple[str, str, str], Guard] = {}
    for g in (parse(sql) for sql in (*migration_guards(dialect), *record_guards(dialect))):
        latest[(g.kind, g.name, g.table)] = g
    return list(latest.values())


def _norm(sql: str | None) -> str:
    return " ".join((sql or "").split())


def check_guards(conn: Connection) -> list[str]:
    """The guards that are missing, disabled or not as the migrations define them."""
    dialect = conn.dialect.name
    problems = []
    if dialect == "sqlite":
        have: dict[str, str] = {r[0]: r[1] for r in conn.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))}
        for g in expected_guards(dialect):
            if g.name not in have:
                problems.append(f"trigger {g.name} on {g.table} is missing")
            elif _norm(have[g.name]) != _norm(g.sql):
                problems.append(f"trigger {g.name} on {g.table} differs from its definition")
        return problems
    triggers = {(r[0], r[1]): (r[2], r[3]) for r in conn.execute(text(
        "SELECT t.tgname, c.relname, t.tgenabled, p.proname FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal"))}
    functions: dict[str, str] = dict(conn.execute(text(
        "SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = current_schema()")).all())
    for g in expected_guards(dialect):
        if g.kind == "function":
            if g.name not in functions:
                problems.append(f"function {g.name} is missing")
            elif _norm(functions[g.name]) != _norm(g.body):
                problems.append(f"function {g.name} differs from its definition")
            continue
        found = triggers.get((g.name, g.table))
        want = re.search(r"EXECUTE FUNCTION (\w+)\(", g.sql)
        if found is None:
            problems.append(f"trigger {g.name} on {g.table} is missing")
        elif found[0] == "D":
            problems.append(f"trigger {g.name} on {g.table} is disabled")
        elif want and found[1] != want.group(1):
            problems.append(f"trigger {g.name} on {g.table} differs from its definition")
    return problems


def install_record_guards(conn: Connection) -> None:
    """Create the record kinds' guards (a migration; existing ones are replaced). A kind whose
    table or hashed column a later revision adds is skipped: that revision installs its guards."""
    sqls = chain_table_guards(conn.dialect.name)
    for k in records.present_kinds(conn):
        sqls += kind_guards(k, conn.dialect.name)
    _install(conn, [parse(sql) for sql in sqls])


def repair_guards(conn: Connection) -> list[str]:
    """Put back every missing or changed guard; returns their names."""
    bad = set()
    for problem in check_guards(conn):
        bad.add(problem.split()[1])
    todo = [g for g in expected_guards(conn.dialect.name) if g.name in bad]
    # a replaced PostgreSQL function keeps its triggers; a missing one took them with it
    _install(conn, todo)
    for sql in refill_statements(conn.dialect.name, {g.name for g in todo}):
        conn.exec_driver_sql(sql)
    return [g.name for g in todo]


def _install(conn: Connection, guards: list[Guard]) -> None:
    sqlite = conn.dialect.name == "sqlite"
    for g in sorted(guards, key=lambda g: g.kind != "function"):
        if g.kind == "function":
            conn.exec_driver_sql(g.sql.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
            continue
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {g.name}" if sqlite else f"DROP TRIGGER IF EXISTS {g.name} ON {g.table}")
        conn.exec_driver_sql(g.sql)


def repair_database_guards(ctx: BranchContext, actor: Actor) -> list[str]:
    """Put back the missing or changed guards (administrator only); the repair is audited."""
    require(actor, "records.repair_guards")
    from branch_desktop import app_registry

    app_registry.import_models()
    with ctx.db.write() as s:
        conn = s.connection()
        problems = check_guards(conn)
        names = repair_guards(conn)
        if names:
            audit(s, actor, "records.repair_guards", "database", "", guards=names, problems=problems)
    return names
