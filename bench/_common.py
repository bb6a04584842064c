"""Shared helpers of the benchmarks: timing, tables, demo databases."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"


def pg_url() -> str | None:
    return os.environ.get("BRANCH_DESKTOP_TEST_PG") or os.environ.get("BRANCH_DESKTOP_BENCH_PG")


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def timed_cpu(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall s, CPU s of this process and of the worker processes it waited for, result)."""
    import resource

    def cpu() -> float:
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    c, t = cpu(), time.perf_counter()
    result = fn()
    return time.perf_counter() - t, cpu() - c, result


def load_average() -> str:
    return "load average {:.1f} / {:.1f} / {:.1f}".format(*os.getloadavg())


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def median(values: list[float]) -> float:
    return statistics.median(values)


def table(rows: list[tuple[Any, ...]], header: tuple[str, ...]) -> str:
    cols = list(zip(header, *rows, strict=False))
    widths = [max(len(str(v)) for v in col) for col in cols]
    line = " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    sep = "-|-".join("-" * w for w in widths)
    body = [" | ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join([line, sep, *body])


def fresh_pg_database(admin_url: str, name: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from branch_desktop.core.storage import resolve_url

    admin = resolve_url(admin_url)
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def load_line() -> str:
    """The machine's load average (1, 5, 15 min), printed beside timings on a shared machine."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load average: unknown"
    return f"load average: {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} cores)"


def server_cpu(db: Any) -> float:
    """CPU seconds the PostgreSQL server processes of ``db``'s database have used so far (read
    from /proc: the server runs on this machine in the benchmarks); 0.0 for SQLite or elsewhere.
    Taken before and after a measure, it gives the server's share beside this process's CPU."""
    if db.engine.dialect.name != "postgresql":
        return 0.0
    import psycopg

    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as conn:  # its own connection, not one of the pool's
        pids = [int(r[0]) for r in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")]
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def new_database(backend: str, name: str, pg: str | None) -> Any:
    """A fresh benchmark database: ``bench/out/NAME.db`` (SQLite) or PostgreSQL database ``NAME``."""
    from branch_desktop.core.storage import Database

    if backend == "sqlite":
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return Database(f"sqlite:///{path}")
    assert pg
    return Database(fresh_pg_database(pg, name))
