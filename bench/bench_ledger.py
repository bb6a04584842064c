"""Ledger benchmarks on a demo-generated database, on SQLite and PostgreSQL. Prints a table.

    python bench/bench_ledger.py [--lines 1000000] [--backends sqlite,postgresql] [--pg URL]

Measures: one 3-line entry posted (median and p95 over 1,000), bulk posting of 100,000 entries,
the trial balance and ``verify`` over the ~1M-line demo database, and a side-by-side run of
``hledger balance`` on the ``export ledger`` output (balances must agree to the minor unit).
Targets (2-core machine): post <= 5 ms median on SQLite, bulk >= 5,000 entries/s, trial balance
over 1M lines <= 0.5 s, verify over 1M lines <= 10 s.
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

from bench._common import OUT, fresh_pg_database, median, percentile, pg_url, table, timed  # noqa: E402
from branch_desktop.core.branch import init_branch  # noqa: E402
from branch_desktop.core.ledger import queries, services  # noqa: E402
from branch_desktop.core.ledger.export import export_ledger_file  # noqa: E402
from branch_desktop.core.ledger.types import EntryInput, LineInput  # noqa: E402
from branch_desktop.core.ledger.verify import verify_books  # noqa: E402
from branch_desktop.core.storage import Database  # noqa: E402
from branch_desktop.demo import DemoSize, build_demo  # noqa: E402

TODAY = dt.date(2026, 11, 24)


def _entry(i: int) -> EntryInput:
    amount = 1_000_000 + i
    return EntryInput("REV", TODAY - dt.timedelta(days=i % 200), f"bench entry {i}", (
        LineInput("1310", debit=amount, party_type="employer", party_id=i % 5000 + 1),
        LineInput("4110", credit=amount - amount // 10),
        LineInput("4120", credit=amount // 10),
    ), reference=f"B-{i}")


def _new_db(backend: str, name: str, pg: str | None) -> Database:
    if backend == "sqlite":
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return Database(f"sqlite:///{path}")
    assert pg
    return Database(fresh_pg_database(pg, f"bench_{name}"))


def bench_posting(backend: str, pg: str | None, bulk: int) -> list[tuple[str, ...]]:
    db = _new_db(backend, "posting", pg)
    ctx, admin = init_branch(db, "ir_sso", "Bench", "admin", "bench-pass-1")
    ctx.today_override = TODAY
    times = []
    for i in range(1000):
        t = time.perf_counter()
        services.post_entry(ctx, admin, _entry(i))
        times.append((time.perf_counter() - t) * 1000)
    secs, n = timed(lambda: services.post_many(ctx, admin, (_entry(i) for i in range(bulk))))
    ok = verify_books(ctx).ok
    db.dispose()
    return [
        (backend, "post one 3-line entry (median)", f"{median(times):.2f} ms", "<= 5 ms (SQLite)"),
        (backend, "post one 3-line entry (p95)", f"{percentile(times, 95):.2f} ms", ""),
        (backend, f"bulk post {n:,} entries", f"{n / secs:,.0f} entries/s ({secs:.1f} s)", ">= 5,000/s"),
        (backend, "verify after posting", "sound" if ok else "NOT SOUND", ""),
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
    ap.add_argument("--no-hledger", action="store_true")
    args = ap.parse_args()
    rows: list[tuple[str, ...]] = []
    for backend in args.backends.split(","):
        rows += bench_posting(backend, args.pg, args.bulk)
        rows += bench_big(backend, args.pg, args.lines, not args.no_hledger)
        print(table(rows, ("db", "measure", "result", "target")), flush=True)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
