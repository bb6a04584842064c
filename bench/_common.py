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
    """(wall seconds, this process's CPU seconds, result): on a shared machine the wall time
    includes waiting for a core, the CPU time does not (nor the database server's work)."""
    t, c = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - t, time.process_time() - c, result


def load_average() -> str:
    return " ".join(f"{v:.1f}" for v in os.getloadavg())


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
