"""Revenue benchmarks on SQLite and PostgreSQL. Prints a table.

    python bench/bench_revenue.py [--backends sqlite,postgresql] [--pg URL] [--employers 100000]

Measures: one counter receipt end to end through ``services.take_payment`` (check, allocate to
the oldest open months, post Dr bank / Cr premiums receivable, gapless receipt number, hash
chain; one transaction), median and p95 over 300 receipts; importing a 10,000-line declaration
(CSV read, every row checked, lines, service records and the accrual posted); employer search as
you type over 100,000 employer files (median and p95 over a mix of terms).
Targets (2-core machine): receipt <= 20 ms on SQLite, <= 40 ms on PostgreSQL; import <= 5 s;
search: first results within 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import OUT, fresh_pg_database, median, percentile, pg_url, table, timed  # noqa: E402
from branch_desktop.core.branch import init_branch  # noqa: E402
from branch_desktop.core.calendar import YearMonth  # noqa: E402
from branch_desktop.core.ids import iran_national_code_with_check  # noqa: E402
from branch_desktop.core.ledger.verify import verify_books  # noqa: E402
from branch_desktop.core.models import utcnow  # noqa: E402
from branch_desktop.core.security import create_user  # noqa: E402
from branch_desktop.core.storage import Database  # noqa: E402
from branch_desktop.revenue import rules, services  # noqa: E402
from branch_desktop.revenue.models import Employer  # noqa: E402
from branch_desktop.revenue.rules import RawLine  # noqa: E402
from branch_desktop.revenue.types import EmployerInput, Method, PaymentInput  # noqa: E402

TODAY = dt.date(2026, 11, 24)  # 1405/09/03
RECEIPTS = 300
WORDS = ["البرز", "کرج", "مهر", "آریا", "پارس", "بهار", "سپهر", "نوین", "کوثر", "امید", "دماوند", "زاگرس"]


def _new_db(backend: str, pg: str | None) -> Database:
    if backend == "sqlite":
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / "revenue.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return Database(f"sqlite:///{path}")
    assert pg
    return Database(fresh_pg_database(pg, "bench_revenue"))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def run(backend: str, pg: str | None, n_employers: int) -> list[tuple[str, ...]]:
    db = _new_db(backend, pg)
    ctx, admin = init_branch(db, "ir_sso", "Bench branch", "admin", "bench-pass-1")
    ctx.today_override = TODAY
    with db.write() as s:
        clerk = create_user(s, admin, "clerk", "bench-pass-1", "clerk")
    pack = ctx.pack
    ym = YearMonth(1405, 8)
    rows: list[tuple[str, ...]] = []

    # 100,000 employer files (bulk insert: the search is what is measured, not the form)
    t, _r = timed(lambda: _bulk_employers(db, n_employers))
    rows.append((backend, f"insert {n_employers:,} employer files (setup)", f"{t:.1f} s", ""))

    # the counter: employers with a declared month, then receipts one by one
    full = rules.max_days(pack, ym)
    floor, _ceiling = rules.wage_limits(pack, ym, full)
    n_decl = 60
    for e in range(1, n_decl + 1):
        lines = [RawLine(i + 2, iran_national_code_with_check(f"{e * 100 + i:09d}"), f"Worker {i}", str(full),
                         str(floor * 2)) for i in range(3)]
        services.submit_declaration(ctx, clerk, e, ym, lines, on=TODAY)
    times = []
    for i in range(RECEIPTS):
        p = PaymentInput(employer_id=i % n_decl + 1, amount=1_000_000 + i, method=Method.SLIP, reference=f"S{i:07d}", bank="Refah", ref_date=TODAY)
        t0 = time.perf_counter()
        services.take_payment(ctx, clerk, p)
        times.append(time.perf_counter() - t0)
    target = "<= 20 ms" if backend == "sqlite" else "<= 40 ms"
    rows.append((backend, f"counter receipt end to end, median of {RECEIPTS}", _ms(median(times)), target))
    rows.append((backend, f"counter receipt end to end, p95 of {RECEIPTS}", _ms(percentile(times, 95)), target))

    # a 10,000-line declaration, from a CSV file
    csv_path = OUT / f"declaration-10000-{backend}.csv"
    with csv_path.open("w", encoding="utf-8") as fh:
        fh.write("national_id,name,days,wage\n")
        for i in range(10_000):
            fh.write(f"{iran_national_code_with_check(f'{500_000_000 + i:09d}')},Worker {i},{full},{floor * 3 // 2}\n")
    employer = services.create_employer(ctx, clerk, EmployerInput(
        file_no="9999999", name="Big factory", national_id=iran_national_code_with_check("123456780"), opened_on=dt.date(2020, 1, 1)))
    t, d = timed(lambda: services.import_declaration_file(ctx, clerk, csv_path, employer.file_no, ym))
    assert d.insured_count == 10_000
    rows.append((backend, "import a 10,000-line declaration (CSV)", f"{t:.2f} s", "<= 5 s"))

    # search as you type over the employer files
    terms = ["31", "بهار", "کرج 12", "3154321", "zzz", "آریا 999", "پارس", iran_national_code_with_check("000077777")]
    services.search_employers(ctx, clerk, "warm-up")
    stimes = []
    for _round in range(5):
        for term in terms:
            t0 = time.perf_counter()
            services.search_employers(ctx, clerk, term, 30)
            stimes.append(time.perf_counter() - t0)
    rows.append((backend, f"employer search over {n_employers:,}, median", _ms(median(stimes)), "<= 100 ms"))
    rows.append((backend, f"employer search over {n_employers:,}, p95", _ms(percentile(stimes, 95)), "<= 100 ms"))
    worst = max(((term, _search_time(ctx, clerk, term)) for term in terms), key=lambda x: x[1])
    rows.append((backend, f"slowest term ('{worst[0]}')", _ms(worst[1]), "<= 100 ms"))
    report = verify_books(ctx)
    rows.append((backend, "verify after the run", "sound" if report.ok else "NOT SOUND", "sound"))
    db.dispose()
    return rows


def _search_time(ctx: object, actor: object, term: str) -> float:
    t0 = time.perf_counter()
    services.search_employers(ctx, actor, term, 30)  # type: ignore[arg-type]
    return time.perf_counter() - t0


def _bulk_employers(db: Database, n: int) -> None:
    now = utcnow()
    batch = []
    table_ = Employer.__table__
    with db.write() as s:
        for i in range(1, n + 1):
            file_no = f"{3100000 + i}"
            name = f"{WORDS[i % len(WORDS)]} {WORDS[(i // 12) % len(WORDS)]} {i}"
            nid = iran_national_code_with_check(f"{i:09d}")
            batch.append({"file_no": file_no, "name": name, "national_id": nid, "address": "", "phone": "", "iban": "",
                          "business_code": "", "risk_class": "", "rate_class": "standard", "status": "active",
                          "opened_on": dt.date(2020, 1, 1), "closed_on": None,
                          "search_text": f"{file_no} | {name} | {nid} | ".lower(), "version": 1, "updated_by": None,
                          "updated_at": now})
            if len(batch) == 5000:
                s.execute(table_.insert(), batch)  # type: ignore[attr-defined]
                batch = []
        if batch:
            s.execute(table_.insert(), batch)  # type: ignore[attr-defined]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--pg", default=pg_url() or "postgresql://postgres@127.0.0.1:5432/test")
    ap.add_argument("--employers", type=int, default=100_000)
    args = ap.parse_args()
    rows: list[tuple[str, ...]] = []
    for backend in args.backends.split(","):
        rows += run(backend, args.pg, args.employers)
        print(table(rows, ("db", "measure", "result", "target")), flush=True)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
