"""Throughput of the work done through the services (issue 17: >= 2,000 journal lines/s on SQLite).

    python bench/bench_services.py [--backends sqlite,postgresql] [--pg URL] [--receipts 1000]
                                   [--employers 300] [--months 3] [--db-prefix bench]

Measures, each on a fresh branch, the journal lines posted per second (wall), with this process's
CPU time (and the PostgreSQL server's, read from /proc) and the load average:
- receipts at the counter: ``revenue.services.take_payment`` one by one (each its own transaction:
  the employer locked, the payment split between open months, the receipt numbered and chained,
  its entry posted), then as many in batches (``take_payments``: one transaction, a savepoint per
  receipt);
- declarations: ``submit_declaration`` per employer and month (lines, service records, the accrual
  posted) for two months, then ``submit_declarations`` (a batch per month) for two more, and
  one 10,000-line declaration imported from a CSV file (declaration lines/s);
- demo months: ``demo`` through every department's services (revenue, payroll, banking, insured,
  execution) for ``--employers`` employers over ``--months`` months.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from bench._common import OUT, load_line, new_database, pg_url, server_cpu, table  # noqa: E402
from branch_desktop.core.branch import init_branch  # noqa: E402
from branch_desktop.core.calendar import YearMonth  # noqa: E402
from branch_desktop.core.ids import iran_national_code_with_check  # noqa: E402
from branch_desktop.core.ledger.models import EntryLine  # noqa: E402
from branch_desktop.core.record_verify import verify_everything  # noqa: E402
from branch_desktop.core.security import create_user  # noqa: E402
from branch_desktop.core.storage import Database  # noqa: E402
from branch_desktop.demo import DemoSize, build_demo  # noqa: E402
from branch_desktop.revenue import rules, services  # noqa: E402
from branch_desktop.revenue.rules import RawLine  # noqa: E402
from branch_desktop.revenue.types import EmployerInput, Method, PaymentInput  # noqa: E402

TODAY = dt.date(2026, 11, 24)  # 1405/09/03
PREFIX = "bench"
BANK_FILE = 250  # slips per batch of receipts (a day's bank file)


def _new_db(backend: str, name: str, pg: str | None) -> Database:
    return new_database(backend, f"services-{name}" if backend == "sqlite" else f"{PREFIX}_services_{name}", pg)


def _lines(db: Database) -> int:
    if not db.has_schema():
        return 0
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(EntryLine)) or 0)


def _measure(db: Database, work: Callable[[], Any]) -> tuple[int, float, float, float, Any]:
    """(journal lines posted, wall, CPU of this process, server CPU, result) of ``work()``."""
    before = _lines(db)
    server0, cpu0, t0 = server_cpu(db), time.process_time(), time.perf_counter()
    result = work()
    wall, cpu, server = time.perf_counter() - t0, time.process_time() - cpu0, server_cpu(db) - server0
    return _lines(db) - before, wall, cpu, server, result


def _row(backend: str, what: str, lines: int, wall: float, cpu: float, server: float, extra: str = "") -> tuple[str, ...]:
    srv = f" + {server:.1f} s server" if backend == "postgresql" else ""
    return (backend, what, f"{lines / wall:,.0f} lines/s",
            f"{lines:,} lines, {wall:.1f} s wall, {cpu:.1f} s CPU{srv}{extra}", ">= 2,000 (SQLite)")


def _employers(ctx: Any, clerk: Any, n: int) -> list[Any]:
    return [services.create_employer(ctx, clerk, EmployerInput(
        file_no=f"{3100000 + i}", name=f"Bench employer {i}", national_id=iran_national_code_with_check(f"{i * 13:09d}"),
        opened_on=dt.date(2020, 1, 1))) for i in range(1, n + 1)]


def _workers(ctx: Any, ym: YearMonth, e: int, count: int) -> list[RawLine]:
    full = rules.max_days(ctx.pack, ym)
    floor, _ceiling = rules.wage_limits(ctx.pack, ym, full)
    return [RawLine(i + 2, iran_national_code_with_check(f"{e * 100 + i:09d}"), f"Worker {i}", str(full),
                    str(floor * 2)) for i in range(count)]


def bench_revenue(backend: str, pg: str | None, receipts: int) -> list[tuple[str, ...]]:
    db = _new_db(backend, "revenue", pg)
    ctx, admin = init_branch(db, "ir_sso", "Bench branch", "admin", "bench-pass-1")
    ctx.today_override = TODAY
    with db.write() as s:
        clerk = create_user(s, admin, "clerk", "bench-pass-1", "clerk")
    n_employers = max(10, receipts // 4)
    employers = _employers(ctx, clerk, n_employers)
    months = [YearMonth(1405, m) for m in (5, 6, 7, 8)]
    rows = []

    # the same work one by one (a transaction each) and in batches (services.take_payments and
    # submit_declarations: one transaction, a savepoint per item), on the same branch, alternately
    half = len(months) // 2

    def declare(one_by_one: bool, of: list[YearMonth]) -> int:
        for ym in of:
            if one_by_one:
                for e in employers:
                    services.submit_declaration(ctx, clerk, e.id, ym, _workers(ctx, ym, e.id, 5), on=TODAY)
            else:
                done = services.submit_declarations(ctx, clerk, [services.DeclarationInput(
                    employer_id=e.id, month=ym, lines=_workers(ctx, ym, e.id, 5), on=TODAY) for e in employers])
                assert not done.refused, done.refused
        return len(of) * len(employers)

    for one_by_one, of in ((True, months[:half]), (False, months[half:])):
        lines, wall, cpu, server, count = _measure(db, lambda one_by_one=one_by_one, of=of: declare(one_by_one, of))
        how = "submit_declaration" if one_by_one else "submit_declarations, one batch a month"
        rows.append(_row(backend, f"declarations, 5 workers each ({count:,}, {how})", lines, wall, cpu, server,
                         f", {count / wall:,.0f} declarations/s"))

    def payment(i: int) -> PaymentInput:
        # one by one: the first half of the employers; in batches: the other half (the same work:
        # a first payment also accrues the employer's late charges)
        n = i % (n_employers // 2) + (0 if i < receipts else n_employers // 2)
        return PaymentInput(employer_id=employers[n].id, amount=500_000 + i, method=Method.SLIP,
                            reference=f"S{i:08d}", bank="Refah", ref_date=TODAY)

    def pay(one_by_one: bool, numbers: range) -> int:
        if one_by_one:
            for i in numbers:
                services.take_payment(ctx, clerk, payment(i))
        else:
            for start in range(numbers.start, numbers.stop, BANK_FILE):  # a bank file's slips per batch
                done = services.take_payments(ctx, clerk, [payment(i) for i in range(start, min(numbers.stop,
                                                                                             start + BANK_FILE))])
                assert not done.refused, done.refused
        return len(numbers)

    for one_by_one, numbers in ((True, range(receipts)), (False, range(receipts, 2 * receipts))):
        lines, wall, cpu, server, count = _measure(db, lambda one_by_one=one_by_one, numbers=numbers:
                                                   pay(one_by_one, numbers))
        how = "take_payment" if one_by_one else f"take_payments, {BANK_FILE} a batch"
        rows.append(_row(backend, f"counter receipts ({count:,}, {how})", lines, wall, cpu, server,
                         f", {wall * 1000 / count:.2f} ms each"))

    ym = YearMonth(1405, 8)
    csv_path = OUT / f"declaration-10000-{backend}.csv"
    full = rules.max_days(ctx.pack, ym)
    floor, _ceiling = rules.wage_limits(ctx.pack, ym, full)
    with csv_path.open("w", encoding="utf-8") as fh:
        fh.write("national_id,name,days,wage\n")
        for i in range(10_000):
            fh.write(f"{iran_national_code_with_check(f'{500_000_000 + i:09d}')},Worker {i},{full},{floor * 3 // 2}\n")
    big = services.create_employer(ctx, clerk, EmployerInput(
        file_no="9999999", name="Big factory", national_id=iran_national_code_with_check("123456780"),
        opened_on=dt.date(2020, 1, 1)))
    lines, wall, cpu, server, d = _measure(
        db, lambda: services.import_declaration_file(ctx, clerk, csv_path, big.file_no, ym))
    rows.append((backend, "import a 10,000-line declaration (CSV)", f"{d.insured_count / wall:,.0f} declaration lines/s",
                 f"{wall:.2f} s wall, {cpu:.2f} s CPU" + (f" + {server:.1f} s server" if backend == "postgresql" else ""),
                 ""))
    report = verify_everything(ctx)
    rows.append((backend, "verify after the run", "sound" if report.ok else "NOT SOUND", "", "sound"))
    db.dispose()
    return rows


def bench_demo(backend: str, pg: str | None, employers: int, months: int) -> list[tuple[str, ...]]:
    db = _new_db(backend, "demo", pg)
    size = DemoSize(employers, employers * 10, months, 1)
    steps: dict[str, tuple[float, float]] = {}  # the step's name: (wall, CPU) when it began

    def on_step(name: str, _number: int, _steps: int) -> None:
        steps.setdefault(name, (time.perf_counter(), time.process_time()))

    lines, wall, cpu, server, (ctx, _admin, _count) = _measure(
        db, lambda: build_demo(db, "ir_sso", size, today=TODAY, on_step=on_step))
    end = (time.perf_counter(), time.process_time())
    rows = [_row(backend, f"demo through the services ({employers:,} employers, {months} months)",
                 lines, wall, cpu, server)]
    # the branch's creation (schema, users, passwords hashed) is the same whatever the demo's size
    after = steps.get("ledger")
    if after is not None:
        rows.append(_row(backend, "  the same, the steps after the branch is made (ledger, departments)", lines,
                         end[0] - after[0], end[1] - after[1], 0.0, f"; the branch {after[0] - steps['branch'][0]:.1f} s"))
    report = verify_everything(ctx)
    rows.append((backend, "verify after the demo", "sound" if report.ok else "NOT SOUND", "", "sound"))
    db.dispose()
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--pg", default=pg_url() or "postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--receipts", type=int, default=1000)
    ap.add_argument("--employers", type=int, default=300, help="employers of the demo")
    ap.add_argument("--months", type=int, default=3, help="months of the demo")
    ap.add_argument("--skip", default="", help="comma-separated: revenue, demo")
    ap.add_argument("--db-prefix", default=PREFIX, help="PostgreSQL databases are named PREFIX_services_*")
    args = ap.parse_args()
    globals()["PREFIX"] = args.db_prefix
    skip = set(args.skip.split(","))
    rows: list[tuple[str, ...]] = []
    for backend in args.backends.split(","):
        if "revenue" not in skip:
            rows += bench_revenue(backend, args.pg, args.receipts)
        if "demo" not in skip:
            rows += bench_demo(backend, args.pg, args.employers, args.months)
        print(table(rows, ("db", "measure", "result", "detail", "target")), flush=True)
        print(load_line(), flush=True)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
