"""The command palette's searches (Ctrl+K) on a big book, on SQLite (and PostgreSQL with --pg).

    python bench/bench_palette.py [--lines 300000] [--receipts 500000] [--backends sqlite,postgresql]

A ledger-only demo of about ``--lines`` journal lines, 100,000 employer files and ``--receipts``
receipt rows (bulk-inserted: the searches are what is measured). Prints the median and worst of
each kind of search the palette sends (entries by full number, by number alone, by reference;
receipts by printed number, by number alone, by slip number; employers by file number and by a
word of the name). Target: each well under the palette's 200 ms typing pause.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from bench._common import OUT, fresh_pg_database, median, pg_url, table, timed  # noqa: E402
from bench.bench_revenue import _bulk_employers  # noqa: E402
from branch_desktop import app_registry  # noqa: E402
from branch_desktop.core.ledger import queries  # noqa: E402
from branch_desktop.core.ledger.models import Entry  # noqa: E402
from branch_desktop.core.models import utcnow  # noqa: E402
from branch_desktop.core.storage import Database  # noqa: E402
from branch_desktop.demo import DemoSize, build_demo  # noqa: E402
from branch_desktop.revenue import services  # noqa: E402
from branch_desktop.revenue.models import Employer, Receipt  # noqa: E402

TODAY = dt.date(2026, 11, 24)


def _db(backend: str, pg: str | None) -> Database:
    if backend == "sqlite":
        path = OUT / "palette.db"
        path.unlink(missing_ok=True)
        db = Database(f"sqlite:///{path}")
    else:
        assert pg
        db = Database(fresh_pg_database(pg, "bd_bench_palette"))
    db.upgrade(backup=False)
    return db


def _bulk_receipts(db: Database, n: int, clerk_id: int) -> None:
    now = utcnow()
    with db.write() as s:
        employer_ids = list(s.scalars(select(Employer.id).limit(50_000)))
        entry_id = s.scalar(select(Entry.id).limit(1))
        batch = []
        for i in range(1, n + 1):
            batch.append({"fiscal_year": 1400 + i % 6, "number": i // 6 + 1, "kind": "payment",
                          "employer_id": employer_ids[i % len(employer_ids)], "receipt_date": dt.date(2025, 1, 1),
                          "amount": 1_000_000 + i, "method": "slip", "bank": "bank", "bank_branch": "",
                          "reference": f"S{i:08d}", "ref_key": f"bank|S{i:08d}", "drawer": "", "status": "valid",
                          "reason": "", "entry_id": entry_id, "clerk_id": clerk_id, "created_at": now})
            if len(batch) == 10_000:
                s.execute(Receipt.__table__.insert(), batch)
                batch = []
        if batch:
            s.execute(Receipt.__table__.insert(), batch)


def run(backend: str, pg: str | None, lines: int, receipts: int) -> list[tuple[str, ...]]:
    db = _db(backend, pg)
    employers = max(10, lines // 57)
    secs, (ctx, admin, count) = timed(lambda: build_demo(db, "ir_sso", DemoSize(employers, employers * 3, 12, 1),
                                                         today=TODAY, modules=()))
    _bulk_employers(db, 100_000)
    _bulk_receipts(db, receipts, admin.id)
    with db.read() as s:
        last = s.execute(select(Entry.id, Entry.fiscal_year, Entry.number, Entry.reference)
                         .where(Entry.number.is_not(None)).order_by(Entry.id.desc()).limit(1)).one()
    found = queries.search_entries(ctx, admin, str(last[2]))
    full = next(e.number for e in found if e.id == last[0])
    probes = {
        "entry by full number": full,
        "entry by number alone": str(last[2]),
        "entry by reference": last[3] or "none",
        "receipt by printed number": f"1403-{receipts // 12:06d}",
        "receipt by number alone": str(receipts // 12),
        "receipt by slip number": f"S{receipts // 2:08d}",
        "employer by file number": "3150000",
        "employer by a word of the name": "rose",
    }
    search = {"entry": lambda t: queries.search_entries(ctx, admin, t, 8),
              "receipt": lambda t: services.search_receipts(ctx, admin, t, 8),
              "employer": lambda t: services.search_employers(ctx, admin, t, 8)}
    rows = [(backend, f"demo: {count:,} entries, 100,000 employers, {receipts:,} receipts", f"{secs:.0f} s build", "")]
    for label, text in probes.items():
        fn = search[label.split()[0]]
        fn(text)  # warm
        times = [timed(lambda fn=fn, text=text: fn(text))[0] for _ in range(7)]  # type: ignore[misc]
        hits = len(fn(text))
        rows.append((backend, f"{label} ({hits} found)", f"{median(times) * 1000:.1f} ms median, "
                     f"{max(times) * 1000:.1f} ms worst", "< 200 ms"))
    db.dispose()
    return rows


def main() -> int:
    app_registry.load()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=300_000)
    parser.add_argument("--receipts", type=int, default=500_000)
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--pg", default=pg_url())
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    rows: list[tuple[str, ...]] = []
    for backend in args.backends.split(","):
        rows += run(backend, args.pg, args.lines, args.receipts)
    print(table(rows, ("backend", "search", "time", "target")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
