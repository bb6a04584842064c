"""Payroll benchmarks. Prints tables.

    python bench/bench_payroll.py [--employees 1000] [--backends sqlite,postgresql] [--pg URL]

1. A run of N employees (default 1,000) with decrees and loans: register the staff, compute the
   draft, review it, post it (one journal entry with a line per employee), the bank list, the
   payment, ``verify``. Target: compute + post <= 10 s.
2. Payslips to one PDF at 250 / 500 / 1,000 employees, each count in its own process: wall time,
   peak resident memory (``VmHWM``), and the peak of Python allocations (``tracemalloc``, in a
   second process since tracing slows the work). Target: 1,000 payslips <= 15 s; memory flat
   (the pages stream: the payslips are read in batches and no page is kept for a page count).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import OUT, fresh_pg_database, pg_url, table, timed  # noqa: E402
from branch_desktop import app_registry  # noqa: E402
from branch_desktop.core.branch import BranchContext, init_branch  # noqa: E402
from branch_desktop.core.calendar import YearMonth  # noqa: E402
from branch_desktop.core.security import Actor, create_user  # noqa: E402
from branch_desktop.core.storage import Database  # noqa: E402

TODAY = dt.date(2026, 11, 24)  # 1405/09/03
MONTH = YearMonth(1405, 8)
PASSWORD = "bench-pass-1"


def make_branch(url: str, employees: int) -> tuple[BranchContext, Actor, list[Actor]]:
    from branch_desktop.accounting.payroll import services
    from branch_desktop.accounting.payroll.demo import make_staff

    db = Database(url)
    ctx, admin = init_branch(db, "ir_sso", "Bench branch", "admin", PASSWORD)
    ctx.today_override = TODAY
    with db.write() as s:
        others = [create_user(s, admin, u, PASSWORD, r) for u, r in (("accountant", "accountant"), ("manager", "manager"))]
    t, _ = timed(lambda: services.register_employees(ctx, admin, make_staff(ctx, employees, seed=9)))
    print(f"  registered {employees} employees in {t:.2f} s")
    return ctx, admin, others


def run_bench(url: str, employees: int) -> list[tuple[str, str]]:
    from branch_desktop.accounting.payroll import services
    from branch_desktop.core.ledger.verify import verify_books

    ctx, admin, (accountant, manager) = make_branch(url, employees)
    # last month posted, and a few loans granted, so this month has differences and instalments
    services.post_run(ctx, admin, services.create_run(ctx, admin, MONTH.previous()))
    day = ctx.pack.calendar.month_bounds(MONTH.previous())[1]
    for n in range(1, min(employees, 40) + 1):
        loan_id = services.apply_for_loan(ctx, admin, f"{n:05d}", 12, on=day)
        for actor, seat in ((admin, "branch_head"), (accountant, "finance_head"), (manager, "admin_head")):
            services.approve_loan(ctx, actor, loan_id, seat)
        services.grant_loan(ctx, admin, loan_id, on=day)
    rows: list[tuple[str, str]] = []
    t_compute, run_id = timed(lambda: services.create_run(ctx, admin, MONTH))
    rows.append((f"compute a draft run ({employees} employees)", f"{t_compute:.2f} s"))
    t, review = timed(lambda: services.review_run(ctx, admin, run_id))
    rows.append(("review with last month's differences", f"{t:.2f} s"))
    t, _ = timed(lambda: services.recompute_run(ctx, admin, run_id))
    rows.append(("recompute the draft", f"{t:.2f} s"))
    t_post, _ = timed(lambda: services.post_run(ctx, admin, run_id))
    rows.append(("post (one entry, a net-pay line per employee)", f"{t_post:.2f} s"))
    rows.append(("compute + post (target <= 10 s)", f"{t_compute + t_post:.2f} s"))
    t, bank = timed(lambda: services.bank_list(ctx, admin, run_id))
    rows.append(("bank list", f"{t:.2f} s"))
    out = OUT / "payroll-bank.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    t, _ = timed(lambda: services.export_bank_list(ctx, admin, run_id, out))
    rows.append(("bank list to Excel", f"{t:.2f} s"))
    t, _ = timed(lambda: services.pay_run(ctx, admin, run_id))
    rows.append(("record the payment", f"{t:.2f} s"))
    t, report = timed(lambda: verify_books(ctx))
    rows.append(("verify the books", f"{t:.2f} s ({'ok' if report.ok else 'FAILED'})"))
    run = services.get_run(ctx, admin, run_id)
    assert sum(r.amount for r in bank) == run.net and len(review.rows) == employees and report.ok
    ctx.db.dispose()
    return rows


def payslip_child(db_path: str, count: int, trace: bool) -> None:
    """In a child process: print JSON with the time and memory of writing ``count`` payslips."""
    import resource
    import tracemalloc

    from branch_desktop.accounting.payroll import documents, services
    from branch_desktop.core.branch import open_branch
    from branch_desktop.core.security import first_admin

    ctx = open_branch(Database(f"sqlite:///{db_path}"))
    with ctx.db.read() as s:
        admin = first_admin(s)
    run = services.find_run(ctx, admin, MONTH)
    assert run is not None
    slips = services.payslips(ctx, admin, run.id)

    def limited():  # type: ignore[no-untyped-def]
        for i, slip in enumerate(slips):
            if i >= count:
                return
            yield slip

    if trace:
        tracemalloc.start()
    out = OUT / f"payslips-{count}.pdf"
    t = time.perf_counter()
    with out.open("wb") as fh:
        written = documents.write_payslips(limited(), ctx.info, "fa", fh)
    elapsed = time.perf_counter() - t
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux; kept across exec, so
    status = Path("/proc/self/status")  # prefer the high-water mark of this process's own memory
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                rss = int(line.split()[1])
    print(json.dumps({"count": written, "seconds": elapsed, "rss_mb": rss / 1024, "traced_mb": peak / 2**20,
                      "size_mb": out.stat().st_size / 2**20}))


def payslip_bench(employees: int) -> list[tuple[str, ...]]:
    from branch_desktop.accounting.payroll import services

    path = OUT / "payroll-slips.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    ctx, admin, _others = make_branch(f"sqlite:///{path}", employees)
    services.post_run(ctx, admin, services.create_run(ctx, admin, MONTH))
    ctx.db.dispose()
    rows: list[tuple[str, ...]] = []
    for count in (250, 500, 1000):
        if count > employees:
            break
        results = []
        for trace in (False, True):
            proc = subprocess.run([sys.executable, __file__, "--child", str(path), str(count), str(int(trace))],
                                  capture_output=True, text=True, check=True)
            results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        plain, traced = results
        rows.append((str(count), f"{plain['seconds']:.2f} s", f"{plain['seconds'] / count * 1000:.1f} ms",
                     f"{plain['rss_mb']:.0f} MB", f"{traced['traced_mb']:.1f} MB", f"{plain['size_mb']:.1f} MB"))
    return rows


def main() -> int:
    app_registry.load()  # the permissions (the child process runs no migration, which would load them)
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        payslip_child(sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1")
        return 0
    p = argparse.ArgumentParser()
    p.add_argument("--employees", type=int, default=1000)
    p.add_argument("--backends", default="sqlite,postgresql")
    p.add_argument("--pg", default=pg_url())
    args = p.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for backend in args.backends.split(","):
        if backend == "postgresql":
            if not args.pg:
                print("PostgreSQL: skipped (set BRANCH_DESKTOP_TEST_PG or --pg)")
                continue
            url = fresh_pg_database(args.pg, "bd_bench_payroll")
        else:
            path = OUT / "payroll.db"
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            url = f"sqlite:///{path}"
        print(f"\nPayroll run, {args.employees} employees, {backend}")
        print(table(run_bench(url, args.employees), ("step", "time")))
    print("\nPayslips to one PDF (Persian, SQLite), each count in a fresh process")
    print(table(payslip_bench(args.employees),
                ("payslips", "time", "per payslip", "peak RSS", "peak Python allocations", "PDF size")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
