"""Ledger benchmarks on a demo-generated database, on SQLite and PostgreSQL. Prints a table.

    python bench/bench_ledger.py [--lines 1000000] [--backends sqlite,postgresql] [--pg URL]
                                 [--bulk 100000] [--singles 1000] [--posting-only]

Measures: one 3-line entry posted (median and p95 over ``--singles``), bulk posting of ``--bulk``
3-line entries (lines/s, wall and CPU time of this process), the trial balance and ``verify``
over the ~1M-line demo database, and a side-by-side run of ``hledger balance`` on the ``export
ledger`` output (balances must agree to the minor unit). ``--posting-only`` skips the big database.
Targets (2-core machine, issue 17): one entry <= 2 ms on SQLite; bulk >= 20,000 lines/s on
PostgreSQL; trial balance over 1M lines <= 0.5 s; verify over 1M lines <= 3 s.
The load average is printed beside the figures (a shared machine makes wall times noisy).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (  # noqa: E402
    OUT,
    load_line,
    median,
    new_database,
    percentile,
    pg_url,
    server_cpu,
    table,
    timed,
)
from branch_desktop.core.branch import init_branch  # noqa: E402
from branch_desktop.core.ledger import queries, services  # noqa: E402
from branch_desktop.core.ledger.export import export_ledger_file  # noqa: E402
from branch_desktop.core.ledger.types import EntryInput, LineInput  # noqa: E402
from branch_desktop.core.ledger.verify import verify_books  # noqa: E402
from branch_desktop.core.storage import Database  # noqa: E402
from branch_desktop.demo import DemoSize, build_demo  # noqa: E402

TODAY = dt.date(2026, 11, 24)
PREFIX = "bench"  # PostgreSQL databases are named PREFIX_posting, PREFIX_big (--db-prefix)


def _entry(i: int) -> EntryInput:
    amount = 1_000_000 + i
    return EntryInput("REV", TODAY - dt.timedelta(days=i % 200), f"bench entry {i}", (
        LineInput("1310", debit=amount, party_type="employer", party_id=i % 5000 + 1),
        LineInput("4110", credit=amount - amount // 10),
        LineInput("4120", credit=amount // 10),
    ), reference=f"B-{i}")


def _new_db(backend: str, name: str, pg: str | None) -> Database:
    return new_database(backend, name if backend == "sqlite" else f"{PREFIX}_{name}", pg)


def bench_posting(backend: str, pg: str | None, bulk: int, singles: int) -> list[tuple[str, ...]]:
    db = _new_db(backend, "posting", pg)
    ctx, admin = init_branch(db, "ir_sso", "Bench", "admin", "bench-pass-1")
    ctx.today_override = TODAY
    services.post_entry(ctx, admin, _entry(0))  # warm-up: caches, prepared plans
    times = []
    cpu0, server0 = time.process_time(), server_cpu(db)
    for i in range(1, singles + 1):
        t = time.perf_counter()
        services.post_entry(ctx, admin, _entry(i))  # its own transaction, and the posted entry read back
        times.append((time.perf_counter() - t) * 1000)
    single_cpu = (time.process_time() - cpu0) * 1000 / singles
    single_server = (server_cpu(db) - server0) * 1000 / singles
    cpu0, server0 = time.process_time(), server_cpu(db)
    secs, n = timed(lambda: services.post_many(ctx, admin, (_entry(i) for i in range(bulk))))
    bulk_cpu, bulk_server = time.process_time() - cpu0, server_cpu(db) - server0
    lines = n * 3
    ok = verify_books(ctx).ok
    db.dispose()
    target_one = "<= 2 ms" if backend == "sqlite" else ""
    target_bulk = ">= 20,000 lines/s" if backend == "postgresql" else ""
    return [
        (backend, f"post one 3-line entry (median of {singles:,})", f"{median(times):.2f} ms", target_one),
        (backend, "post one 3-line entry (p95)", f"{percentile(times, 95):.2f} ms", target_one),
        (backend, "post one 3-line entry (CPU, mean)", f"{single_cpu:.2f} ms"
         + (f" + {single_server:.2f} ms server" if db.engine.dialect.name == "postgresql" else ""), ""),
        (backend, f"bulk post {n:,} entries ({lines:,} lines)",
         f"{lines / secs:,.0f} lines/s ({secs:.1f} s wall, {bulk_cpu:.1f} s CPU"
         + (f" + {bulk_server:.1f} s server CPU" if db.engine.dialect.name == "postgresql" else "") + ")", target_bulk),
        (backend, "bulk post: lines per CPU second (this process + server)",
         f"{lines / max(bulk_cpu + bulk_server, 1e-9):,.0f} lines/s", ""),
        (backend, "verify after posting", "sound" if ok else "NOT SOUND", "sound"),
    ]


def bench_big(backend: str, pg: str | None, lines: int, hledger: bool) -> list[tuple[str, ...]]:
    employers = max(10, lines // 57)  # the demo posts about 4.75 lines per employer and month
    db = _new_db(backend, "big", pg)
    secs, (ctx, admin, count) = timed(lambda: build_demo(db, "ir_sso", DemoSize(employers, employers * 3, 12, 1),
                                                         today=TODAY, modules=()))
    rows = [(backend, f"demo build ({count:,} entries)", f"{secs:.1f} s ({count / secs:,.0f} entries/s)", "")]
    report_secs, report = timed(lambda: verify_books(ctx))
    period = ctx.pack.calendar.year_month(TODAY)
    queries.trial_balance(ctx, admin, period)  # warm the cache once, as a running app would be
    tb_times = []
    for _ in range(5):
        t, tb = timed(lambda: queries.trial_balance(ctx, admin, period))
        tb_times.append(t)
    rows += [
        (backend, f"trial balance over {report.lines:,} lines", f"{median(tb_times) * 1000:.0f} ms", "<= 500 ms"),
        (backend, f"verify over {report.lines:,} lines", f"{report_secs:.1f} s ({'sound' if report.ok else 'NOT SOUND'})",
         "<= 10 s"),
    ]
    if hledger and shutil.which("hledger"):
        journal = OUT / f"{backend}-books.journal"
        exp_secs, _ = timed(lambda: export_ledger_file(ctx, admin, journal))
        h_secs, result = timed(lambda: subprocess.run(
            ["hledger", "-f", str(journal), "balance", "--flat", "--no-total", "-O", "csv"],
            capture_output=True, text=True, check=True))
        theirs = {rec[0].split(" ", 1)[0]: Decimal(rec[1].split()[-1].replace(",", ""))
                  for rec in list(csv.reader(io.StringIO(result.stdout)))[1:]}
        ours = {r.code: ctx.pack.currency.from_minor(r.balance) for r in tb.postable_rows}
        agree = {k: v for k, v in theirs.items() if v} == {k: v for k, v in ours.items() if v}
        rows += [
            (backend, "export ledger (hledger format)", f"{exp_secs:.1f} s", ""),
            (backend, "hledger balance on the export", f"{h_secs:.1f} s", "compare: trial balance above"),
            (backend, "hledger balances == trial balance", "yes, to the rial" if agree else "NO", "must agree"),
        ]
    db.dispose()
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--bulk", type=int, default=100_000)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--pg", default=pg_url() or "postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--singles", type=int, default=1000)
    ap.add_argument("--posting-only", action="store_true", help="skip the big database (trial balance, verify)")
    ap.add_argument("--no-hledger", action="store_true")
    ap.add_argument("--db-prefix", default=PREFIX, help="PostgreSQL databases are named PREFIX_posting, PREFIX_big")
    args = ap.parse_args()
    globals()["PREFIX"] = args.db_prefix
    rows: list[tuple[str, ...]] = []
    for backend in args.backends.split(","):
        rows += bench_posting(backend, args.pg, args.bulk, args.singles)
        if not args.posting_only:
            rows += bench_big(backend, args.pg, args.lines, not args.no_hledger)
        print(table(rows, ("db", "measure", "result", "target")), flush=True)
        print(load_line(), flush=True)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
