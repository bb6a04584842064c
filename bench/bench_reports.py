"""The manager's reports at scale: the performance table of a half-year, the dashboard's data (its
first paint waits for nothing else) and the three-way check of a month. Prints a table.

    python bench/bench_reports.py [--employers 100000] [--insured 1000000] [--months 60] [--db URL]

The revenue tables are filled in bulk (rows as the services write them: employers, monthly
declarations, service records, accruals, receipts with their allocations; the postings behind them
are one shared entry, since the ledger is not what is measured). The issue's size is 100,000
employers, 1,000,000 insured and 5 years (60 months: 60 million service records); on a shared
2-core machine run it reduced (the defaults) and read the figures as such.
Targets: performance table <= 2 s, dashboard data (first paint) <= 1 s, three-way month <= 5 s.
The bench has no bank statements, so every employer's month shows "paid but not in the bank";
the three-way time is that of reading and classifying every employer's legs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from bench._common import OUT, load_average, table, timed, timed_cpu  # noqa: E402
from branch_desktop import app_registry  # noqa: E402
from branch_desktop.core.branch import init_branch, open_branch  # noqa: E402
from branch_desktop.core.calendar import YearMonth  # noqa: E402
from branch_desktop.core.ledger import services as ledger  # noqa: E402
from branch_desktop.core.ledger.types import EntryInput, LineInput  # noqa: E402
from branch_desktop.core.security import create_user, login  # noqa: E402
from branch_desktop.core.storage import Database  # noqa: E402
from branch_desktop.reports import services, sources  # noqa: E402
from branch_desktop.reports.rules import Half  # noqa: E402
from branch_desktop.revenue.models import (  # noqa: E402
    Accrual,
    Allocation,
    Declaration,
    Employer,
    Receipt,
    ServiceRecord,
)

TODAY = dt.date(2026, 11, 24)
PASSWORD = "bench-pass-1"
BATCH = 50_000


def _months(last: YearMonth, count: int) -> list[YearMonth]:
    out = [last]
    while len(out) < count:
        out.append(out[-1].previous())
    return out[::-1]


def fill(db: Database, ctx: object, admin: object, n_employers: int, n_insured: int, n_months: int) -> int:
    """Bulk rows; returns the number of service records written."""
    cal = ctx.pack.calendar  # type: ignore[attr-defined]
    entry = ledger.post_entry(ctx, admin, EntryInput(  # type: ignore[arg-type]
        ctx.pack.journal_code("revenue"), TODAY, "bench", (  # type: ignore[attr-defined]
            LineInput(ctx.pack.account_code("revenue_bank"), debit=1),  # type: ignore[attr-defined]
            LineInput(ctx.pack.account_code("premiums_receivable"), credit=1))))  # type: ignore[attr-defined]
    rnd = random.Random(1)
    months = _months(cal.year_month(TODAY).previous(), n_months)
    per = max(1, n_insured // n_employers)
    written = 0
    with db.engine.begin() as conn:
        conn.execute(Employer.__table__.insert(), [  # type: ignore[attr-defined]
            {"id": e, "file_no": f"B{e:07d}", "name": f"Employer {e}", "national_id": f"{e:010d}", "opened_on":
             dt.date(2015, 1, 1), "search_text": f"b{e:07d}", "status": "active", "version": 1}
            for e in range(1, n_employers + 1)])
        receipt_no = 0
        for ym in months:
            first, last = cal.month_bounds(ym)
            decl, accr, recs, allocs, srs = [], [], [], [], []
            for e in range(1, n_employers + 1):
                wage = per * 2_000_000
                premium = wage * 35 // 100
                decl.append({"id": len(decl) + 1 + (months.index(ym) * n_employers), "employer_id": e, "year": ym.year,
                             "month": ym.month, "seq": 1, "insured_count": per, "total_days": per * 30,
                             "total_wage": wage, "premium": premium, "accrued": premium, "due_date": last,
                             "created_by": 1, "entry_id": entry.id})
                accr.append({"employer_id": e, "year": ym.year, "month": ym.month, "kind": "premium",
                             "amount": premium, "accrual_date": last, "due_date": last,
                             "declaration_id": decl[-1]["id"], "entry_id": entry.id})
                if rnd.random() < 0.9:  # nine in ten pay, on some day of the next weeks
                    receipt_no += 1
                    day = min(last + dt.timedelta(days=rnd.randint(1, 20)), TODAY)
                    recs.append({"id": receipt_no, "fiscal_year": cal.fiscal_year(day), "number": receipt_no,
                                 "kind": "payment", "employer_id": e, "receipt_date": day, "amount": premium,
                                 "method": "slip", "reference": f"S{receipt_no}", "ref_key": f"S{receipt_no}",
                                 "status": "valid", "entry_id": entry.id, "clerk_id": 1})
                    allocs.append({"receipt_id": receipt_no, "employer_id": e, "year": ym.year, "month": ym.month,
                                   "kind": "payment", "amount": premium, "allocation_date": day})
                for k in range(per):
                    person = (e - 1) * per + k + (rnd.randint(0, 3) if rnd.random() < 0.05 else 0)
                    srs.append({"national_id": f"{person:010d}", "employer_id": e, "year": ym.year, "month": ym.month,
                                "days": 30, "wage": 2_000_000, "declaration_id": decl[-1]["id"]})
            for model, rows in ((Declaration, decl), (Accrual, accr), (Receipt, recs), (Allocation, allocs)):
                for i in range(0, len(rows), BATCH):
                    conn.execute(model.__table__.insert(), rows[i:i + BATCH])  # type: ignore[attr-defined]
            seen: set[tuple[str, int]] = set()
            unique = [r for r in srs if (r["national_id"], r["employer_id"]) not in seen
                      and not seen.add((r["national_id"], r["employer_id"]))]  # type: ignore[func-returns-value]
            for i in range(0, len(unique), BATCH):
                conn.execute(ServiceRecord.__table__.insert(), unique[i:i + BATCH])  # type: ignore[attr-defined]
            written += len(unique)
        from sqlalchemy import text

        from tests.revisions import load_revision

        for sql in load_revision("reports_0002_insured_counts.py").backfill_statements():  # as revenue keeps them
            conn.execute(text(sql))
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--employers", type=int, default=5_000)
    p.add_argument("--insured", type=int, default=50_000)
    p.add_argument("--months", type=int, default=24)
    p.add_argument("--db", help="database URL (default: a fresh SQLite file in bench/out)")
    p.add_argument("--reuse", action="store_true",
                   help="time again on the database as it is (--db, default bench/out/reports.db), e.g. one "
                        "bench/_bigbranch.py built")
    p.add_argument("--rounds", type=int, default=3, help="calls of each measure (the first, then the median)")
    a = p.parse_args(argv)
    app_registry.load()
    path = OUT / "reports.db"
    if a.db:
        url = a.db
    else:
        OUT.mkdir(parents=True, exist_ok=True)
        if not a.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    db = Database(url)
    if a.reuse:
        db.upgrade(backup=False)  # indexes added since the data was filled
        ctx = open_branch(db)
        manager = login(db, "manager", PASSWORD)
        with db.read() as s:
            n_records = int(s.scalar(select(func.count()).select_from(ServiceRecord)) or 0)
        rows: list[tuple[str, ...]] = [("setup", f"reused ({n_records:,} service records)", "", "")]
    else:
        ctx, admin = init_branch(db, "tr_sgk", "Bench branch", "admin", PASSWORD)
        with db.write() as s:
            manager = create_user(s, admin, "manager", PASSWORD, "manager")
        ctx.today_override = TODAY
        t_fill, n_records = timed(lambda: fill(db, ctx, admin, a.employers, a.insured, a.months))
        rows = [("setup", f"{a.employers:,} employers, {a.insured:,} insured, {a.months} months "
                 f"({n_records:,} service records)", f"{t_fill:.1f} s", "")]
    ctx.today_override = TODAY
    # the execution register is kept incrementally in use: its first build is setup
    t, cpu, _r = timed_cpu(lambda: sources.debt_by_age(ctx, manager, TODAY))
    rows.append(("setup: execution register's first build", "", f"{t:.1f} s (CPU {cpu:.1f} s)", ""))
    half = Half(2026, 1)
    ym = YearMonth(2026, 10)
    from branch_desktop.reports.monthly import branch_month_pdf

    measures: list[tuple[str, str, Callable[[], Any], str]] = [
        ("performance table", str(half), lambda: services.performance_table(ctx, manager, half), "<= 2 s"),
        ("dashboard data (first paint)", str(ym), lambda: services.dashboard(ctx, manager, ym), "<= 1 s"),
        ("three-way check", str(ym), lambda: services.three_way(ctx, manager, ym), "<= 5 s"),
        ("monthly branch report (fa PDF)", str(ym),
         lambda: branch_month_pdf(services.branch_month(ctx, manager, ym), ctx.info, "fa"), ""),
    ]
    results = {}
    for name, size, fn, target in measures:
        runs = [timed_cpu(fn) for _ in range(a.rounds)]
        results[name] = runs[0][2]
        first = f"{runs[0][0]:.2f} s (CPU {runs[0][1]:.2f} s)"
        rest = sorted(runs[1:], key=lambda r: r[0])
        again = f"{rest[len(rest) // 2][0]:.2f} s (CPU {rest[len(rest) // 2][1]:.2f} s)" if rest else ""
        rows.append((name, size, first, again, target))
    print(load_average())
    print(table([r if len(r) == 5 else (*r[:3], "", r[3]) for r in rows],
                ("what", "size", "first call: wall (CPU)", "median of the next: wall (CPU)", "target")))
    table_, board, report = (results["performance table"], results["dashboard data (first paint)"],
                             results["three-way check"])
    print(f"three-way {ym}: {len(report.rows):,} employers, {len(report.variance_rows):,} with variances")
    rate = next(r for r in table_.rows if r.indicator.value == "collection_rate").current.value
    print(f"collection rate {half}: {rate} %; dashboard tiles: {len(board.tiles)}")
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
