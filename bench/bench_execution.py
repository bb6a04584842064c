"""Execution benchmarks: the debt register and its ageing over many employers and months.

    python bench/bench_execution.py [--employers 100000] [--months 60] [--backends sqlite,postgresql]

Builds the revenue side in bulk (employer files, one accrual per employer and month, allocations
paying ~88 % of the months in full, ~4 % in part, the rest unpaid) with executemany, then
measures: the register's first build (setup), an incremental refresh after 1,000 new
allocations (what a click pays after counter work), the branch's ageing, one employer's ageing,
the register's first page, and the debtors list's first page (plain and with a search); then a
batch of ``--notices`` warning notices prepared and printed to one PDF.
Targets: register and ageing within 1 s over 100,000 employers x 60 months; 10,000 notices to PDF
within 60 s.

    python bench/bench_execution.py --pdf-only [--notice-pdfs 10000] [--workers N]

prints only the notices' figure (issue 15): ``--notice-pdfs`` hand-made notices (3 to 10 months
each, half of them served) to one PDF in Persian (ir_sso: Jalali dates, rials) and in Turkish
(tr_sgk), wall time and CPU time (this process and its worker processes), with the load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text  # noqa: E402

from bench._common import (  # noqa: E402
    OUT,
    fresh_pg_database,
    load_average,
    median,
    pg_url,
    table,
    timed,
    timed_cpu,
)
from branch_desktop.core.branch import init_branch, open_branch  # noqa: E402
from branch_desktop.core.calendar import YearMonth  # noqa: E402
from branch_desktop.core.ledger.services import post_entry  # noqa: E402
from branch_desktop.core.ledger.types import EntryInput, LineInput  # noqa: E402
from branch_desktop.core.models import utcnow  # noqa: E402
from branch_desktop.core.security import login  # noqa: E402
from branch_desktop.core.storage import Database  # noqa: E402
from branch_desktop.execution import services  # noqa: E402
from branch_desktop.execution.documents import notices_pdf  # noqa: E402
from branch_desktop.execution.rules.charges import due_date  # noqa: E402
from branch_desktop.revenue.models import Accrual, Allocation, Employer, Receipt  # noqa: E402

TODAY = dt.date(2026, 11, 24)
CHUNK = 20_000


def _new_db(backend: str, pg: str | None) -> Database:
    if backend == "sqlite":
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / "execution.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return Database(f"sqlite:///{path}")
    assert pg
    return Database(fresh_pg_database(pg, "bench_execution"))


def _flush(db: Database, model: type, rows: list[dict[str, object]]) -> None:
    if rows:
        with db.write() as s:
            s.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]
        rows.clear()


def _build(db: Database, ctx: object, admin: object, n: int, months: int) -> tuple[int, int]:
    """Employers, accruals and allocations in bulk; returns (accruals, allocations)."""
    pack = ctx.pack  # type: ignore[attr-defined]
    now = utcnow()
    entry = post_entry(ctx, admin, EntryInput(pack.journal_code("revenue"), TODAY, "bench", (  # type: ignore[arg-type]
        LineInput(pack.account_code("revenue_bank"), debit=1), LineInput(pack.account_code("premiums_receivable"),
                                                                          credit=1)))).id
    rows: list[dict[str, object]] = []
    for i in range(1, n + 1):
        name = f"Bench Tekstil {i} A.Ş."
        rows.append({"file_no": f"B{i:07d}", "name": name, "national_id": f"{i:010d}", "address": "", "phone": "",
                     "iban": "", "business_code": "", "risk_class": "", "rate_class": "standard", "status": "active",
                     "opened_on": dt.date(2020, 1, 1), "closed_on": None,
                     "search_text": f"b{i:07d} | {name.lower()} | {i:010d} | ", "version": 1, "updated_by": None,
                     "updated_at": now})
        if len(rows) >= CHUNK:
            _flush(db, Employer, rows)
    _flush(db, Employer, rows)
    with db.write() as s:
        s.execute(insert(Receipt.__table__), [{  # type: ignore[arg-type]
            "fiscal_year": 2026, "number": 1, "kind": "payment", "employer_id": 1, "receipt_date": TODAY,
            "amount": 1, "method": "transfer", "reference": "BENCH", "ref_key": "bench", "status": "valid",
            "entry_id": entry, "clerk_id": 1, "created_at": now}])
    rnd = random.Random(15)
    last = pack.calendar.year_month(TODAY).previous()
    yms = []
    ym = last
    for _ in range(months):
        yms.append(ym)
        ym = ym.previous()
    dues = {m: due_date(pack, m) for m in yms}
    accs: list[dict[str, object]] = []
    allocs: list[dict[str, object]] = []
    n_acc = n_alloc = 0
    for e in range(1, n + 1):
        for m in yms:
            amount = rnd.randrange(100_000, 5_000_000)
            accs.append({"employer_id": e, "year": m.year, "month": m.month, "kind": "premium", "amount": amount,
                         "accrual_date": dues[m] - dt.timedelta(days=40), "due_date": dues[m],
                         "declaration_id": None, "receipt_id": None, "entry_id": entry})
            roll = rnd.random()
            paid = amount if roll < 0.88 else amount // 2 if roll < 0.92 else 0
            if paid and dues[m] < TODAY:
                allocs.append({"receipt_id": 1, "employer_id": e, "year": m.year, "month": m.month, "kind": "payment",
                               "amount": paid, "allocation_date": min(dues[m], TODAY)})
        if len(accs) >= CHUNK:
            n_acc += len(accs)
            n_alloc += len(allocs)
            _flush(db, Accrual, accs)
            _flush(db, Allocation, allocs)
    n_acc += len(accs)
    n_alloc += len(allocs)
    _flush(db, Accrual, accs)
    _flush(db, Allocation, allocs)
    return n_acc, n_alloc


def _more_payments(db: Database, n: int, count: int, month: YearMonth) -> None:
    with db.read() as s:
        receipt = int(s.scalar(text("SELECT min(id) FROM revenue_receipts")) or 1)
    rows: list[dict[str, object]] = [{"receipt_id": receipt, "employer_id": 1 + (i * 7919) % n, "year": month.year,
                                      "month": month.month, "kind": "payment", "amount": 1000,
                                      "allocation_date": TODAY} for i in range(count)]
    _flush(db, Allocation, rows)


def _best(fn: object, rounds: int = 5) -> float:
    """The median wall time of ``rounds`` calls; the median CPU time is kept in ``CPU[-1]``."""
    times, cpus = [], []
    for _ in range(rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    CPU.append(median(cpus))
    return median(times)


CPU: list[float] = []


def run(backend: str, pg: str | None, n: int, months: int, notices: int = 0, reuse: str | None = None
        ) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    if reuse:  # a database bench/_bigbranch.py built: its employers and months as they are
        db = Database(reuse)
        db.upgrade(backup=False)
        ctx = open_branch(db)
        admin = login(db, "admin", "bench-pass-1")
        with db.read() as s:
            n = int(s.scalar(text("SELECT count(*) FROM revenue_employers")) or 0)
            months = int(s.scalar(text("SELECT count(*) FROM (SELECT DISTINCT year, month FROM revenue_declarations) x"))
                         or 0)
            n_acc = int(s.scalar(text("SELECT count(*) FROM revenue_accruals")) or 0)
            n_alloc = int(s.scalar(text("SELECT count(*) FROM revenue_allocations")) or 0)
        rows.append((backend, f"reused {reuse.rsplit('/', 1)[-1]}: {n_acc:,} accruals + {n_alloc:,} allocations",
                     "", ""))
    else:
        db = _new_db(backend, pg)
        ctx, admin = init_branch(db, "tr_sgk", "Bench branch", "admin", "bench-pass-1")
        t, (n_acc, n_alloc) = timed(lambda: _build(db, ctx, admin, n, months))
        rows.append((backend, f"bulk insert {n_acc:,} accruals + {n_alloc:,} allocations (setup)", f"{t:.1f} s", ""))
        if backend == "sqlite":
            with db.write() as s:
                s.execute(text("ANALYZE"))
    ctx.today_override = TODAY
    size = f"{n:,} x {months}"
    with db.read() as s:  # an employer in the middle (the files are numbered differently by each builder)
        middle = str(s.scalar(text("SELECT file_no FROM revenue_employers WHERE id = :i"), {"i": n // 2}))
    t, _r = timed(lambda: services.ageing(ctx, admin, TODAY))
    rows.append((backend, f"register first build from revenue, {size} (setup)", f"{t:.1f} s", ""))
    with db.read() as s:
        owing = s.scalar(text("SELECT count(*) FROM execution_debt_months WHERE owed > 0"))
    rows.append((backend, "months still owed in the register", f"{owing:,}", ""))
    for rnd in (1, 2):  # the first with the pages it touches cold, the second as a click after more counter work
        _more_payments(db, n, 1000, ctx.pack.calendar.year_month(TODAY).previous().previous())
        t, cpu, _r = timed_cpu(lambda: services.ageing(ctx, admin, TODAY))
        rows.append((backend, f"incremental refresh after 1,000 allocations + branch ageing ({rnd})",
                     f"{t * 1000:.0f} ms (CPU {cpu * 1000:.0f} ms) {load_average()}", "<= 1 s"))
    t = _best(lambda: services.ageing(ctx, admin, TODAY))
    rows.append((backend, f"branch ageing (5 buckets), {size}", f"{t * 1000:.0f} ms (CPU {CPU[-1] * 1000:.0f} ms)", "<= 1 s"))
    t = _best(lambda: services.ageing(ctx, admin, TODAY, employer=middle))
    rows.append((backend, "one employer's ageing", f"{t * 1000:.1f} ms (CPU {CPU[-1] * 1000:.1f} ms)", "<= 1 s"))
    t = _best(lambda: services.debt_register(ctx, admin, TODAY, limit=200))
    rows.append((backend, "register, first page of 200 (oldest first)", f"{t * 1000:.1f} ms (CPU {CPU[-1] * 1000:.1f} ms)", "<= 1 s"))
    t = _best(lambda: services.debt_register(ctx, admin, TODAY, employer=middle))
    rows.append((backend, "register, one employer", f"{t * 1000:.1f} ms (CPU {CPU[-1] * 1000:.1f} ms)", "<= 1 s"))
    t = _best(lambda: services.debtors(ctx, admin, TODAY, limit=200))
    rows.append((backend, "debtors list, first page of 200 (largest first)", f"{t * 1000:.1f} ms (CPU {CPU[-1] * 1000:.1f} ms)", "<= 1 s"))
    t = _best(lambda: services.debtors(ctx, admin, TODAY, search=f"tekstil {n // 3}", limit=200))
    rows.append((backend, "debtors list with a search", f"{t * 1000:.1f} ms (CPU {CPU[-1] * 1000:.1f} ms)", "<= 1 s"))
    if notices:
        t, batch = timed(lambda: services.prepare_notices(ctx, admin, TODAY, min_age=30, limit=notices))
        rows.append((backend, f"prepare {len(batch):,} notices (charges per month, numbered)", f"{t:.1f} s", ""))
        t, cpu, pdf = timed_cpu(lambda: notices_pdf(batch, ctx.info, "tr"))
        rows.append((backend, f"{len(batch):,} notices to one PDF ({len(pdf) // 1024:,} KiB), CPU {cpu:.1f} s",
                     f"{t:.1f} s", f"<= {60 * len(batch) / 10_000:.0f} s (60 s per 10,000)"))
    db.dispose()
    return rows


def _hand_made_notices(lang: str, count: int) -> list[Any]:
    """``count`` notices as the service prepares them: 3 to 10 overdue months each, charges by age."""
    from decimal import Decimal

    from branch_desktop.execution.types import DocumentLine, NoticeView

    names = {"fa": ["شرکت نساجی البرز", "کارگاه صنایع چوب رضایی", "شرکت پخش دارویی سینا"],
             "tr": ["Tekstil Sanayi A.Ş.", "Yılmaz Ahşap Ltd. Şti.", "Çelik Gıda Dağıtım A.Ş."]}[lang]
    rnd = random.Random(7)
    cents = Decimal(1) if lang == "fa" else Decimal("0.01")
    out: list[Any] = []
    for i in range(count):
        ym = YearMonth(1405, 7) if lang == "fa" else YearMonth(2026, 10)
        lines = []
        for k in range(rnd.randint(3, 10)):
            ym = ym.previous()
            principal = Decimal(rnd.randrange(100_000, 5_000_000)) * (1000 if lang == "fa" else cents)
            lines.append(DocumentLine(month=ym, due=dt.date(2026, 10, 31) - dt.timedelta(days=30 * k),
                                      principal=principal,
                                      charges=(principal * Decimal("0.037") * (k + 1)).quantize(cents)))
        lines.reverse()
        out.append(NoticeView(id=i + 1, number=f"2026/{i + 1:06d}", employer_id=i + 1, file_no=f"B{i + 1:07d}",
                              name=f"{names[i % 3]} {i + 1}", prepared_on=TODAY,
                              principal=sum((x.principal for x in lines), Decimal(0)),
                              charges=sum((x.charges for x in lines), Decimal(0)), period_days=15,
                              state="prepared", served_on=TODAY if i % 2 else None, service_method=None,
                              lines=tuple(lines)))
    return out


def bench_notice_pdfs(count: int, workers: int | None) -> list[tuple[str, ...]]:
    """Issue 15: ``count`` notices to one PDF, in Persian and in Turkish."""
    from branch_desktop.core.ledger.types import BranchInfo

    infos = {"fa": BranchInfo(name="شعبه ۳ کرج", pack_code="ir_sso", organisation="سازمان تأمین اجتماعی",
                              currency_code="IRR", currency_digits=0, calendar="jalali",
                              address="کرج، خیابان بهار، پلاک ۱۲"),
             "tr": BranchInfo(name="Kadıköy SGM", pack_code="tr_sgk", organisation="Sosyal Güvenlik Kurumu",
                              currency_code="TRY", currency_digits=2, calendar="gregorian",
                              address="Kadıköy, İstanbul")}
    rows: list[tuple[str, ...]] = []
    for lang, info in infos.items():
        batch = _hand_made_notices(lang, count)
        wall, cpu, pdf = timed_cpu(partial(notices_pdf, batch, info, lang, workers=workers))
        rows.append((lang, f"{count:,} notices to one PDF ({len(pdf) / 1024 / 1024:.1f} MB)", f"{wall:.1f} s",
                     f"{cpu:.1f} s", f"<= {60 * count / 10_000:.0f} s (60 s per 10,000)", load_average()))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--employers", type=int, default=100_000)
    ap.add_argument("--months", type=int, default=60)
    ap.add_argument("--backends", default="sqlite")
    ap.add_argument("--notices", type=int, default=1000, help="notices prepared and printed (0: none)")
    ap.add_argument("--pg", default=pg_url())
    ap.add_argument("--pdf-only", action="store_true", help="only the notices' PDF figure, from hand-made notices")
    ap.add_argument("--notice-pdfs", type=int, default=10_000, help="hand-made notices printed in fa and tr")
    ap.add_argument("--workers", type=int, default=None, help="printing processes (default: by batch and cores)")
    ap.add_argument("--reuse", help="database URL of a branch bench/_bigbranch.py built (measured as it is)")
    args = ap.parse_args()
    if args.pdf_only:
        print(table(bench_notice_pdfs(args.notice_pdfs, args.workers),
                    ("lang", "measure", "wall", "CPU", "target", "machine")))
        return
    from branch_desktop import app_registry

    app_registry.load()
    rows: list[tuple[str, ...]] = []
    for backend in args.backends.split(","):
        if backend == "postgresql" and not args.pg and not args.reuse:
            print("postgresql: no URL (BRANCH_DESKTOP_TEST_PG)", file=sys.stderr)
            continue
        rows += run(backend, args.pg, args.employers, args.months, args.notices, args.reuse)
    print(load_average())
    print(table(rows, ("backend", "measure", "figure", "target")))


if __name__ == "__main__":
    main()
