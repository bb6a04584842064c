"""GUI benchmarks: cold start, filtered journal view, trial balance PDF. Prints a table.

    branch-desktop --db /tmp/big.db demo --employers 17600 --insured 52800 --months 12 --ledger-only   # ~1M lines
    QT_QPA_PLATFORM=offscreen python bench/bench_gui.py --db /tmp/big.db

Targets (issue 3, on the 2-core machine): cold start to the main window shown and logged in
<= 1.5 s; a filtered journal result shown <= 200 ms; trial balance PDF for a full year <= 2 s.

* cold start: a fresh ``python`` process (timed from just before it is spawned) imports the app,
  opens the database, checks migrations, logs in (argon2) and shows the main window on the
  journal; it prints the moment the window is shown.
* journal: from setting a filter (Enter in the filter bar) to the first block of rows displayed,
  through the same task runner and lazy model as the GUI.
* trial balance PDF: the trial balance of the year's last month (cumulative over the year) and
  its PDF, as the PDF button does; then loaded into QPdfDocument as the preview does.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHILD_FLAG = "--child-cold-start"


def _child_cold_start(db_url: str, user: str, password: str) -> int:
    """Runs in a fresh process: everything a user waits for, then prints the time it was shown."""
    from PySide6.QtCore import QSettings

    from branch_desktop.core.branch import open_branch
    from branch_desktop.core.security import login
    from branch_desktop.core.storage import Database
    from branch_desktop.gui import app as gui_app

    settings_dir = tempfile.mkdtemp(prefix="bench-gui-settings-")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    qapp = gui_app.make_app()
    db = Database(db_url)
    db.upgrade()
    ctx = open_branch(db)
    gui_app.apply_language(gui_app.language_for(ctx))
    actor = login(db, user, password)
    runner = gui_app.TaskRunner()
    shown: list[float] = []

    def on_shown(window: object) -> None:
        qapp.processEvents()  # painted
        shown.append(time.time())

    gui_app.on_main_window_shown = on_shown
    shell = gui_app.Shell(ctx, actor, runner)
    shell.show()
    print(f"SHOWN {shown[0]:.6f}", flush=True)
    runner.shutdown()
    return 0


def cold_start(db_url: str, user: str, password: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.time()
        out = subprocess.run([sys.executable, __file__, CHILD_FLAG, "--db", db_url, "--user", user,
                              "--password", password], capture_output=True, text=True, timeout=120)
        line = next((ln for ln in out.stdout.splitlines() if ln.startswith("SHOWN ")), None)
        if line is None:
            raise SystemExit(f"cold start failed:\n{out.stderr[-3000:]}")
        times.append(float(line.split()[1]) - start)
    return times


def journal_filters(ctx: object, db_url: str, user: str, password: str) -> list[tuple[str, float, int]]:
    from PySide6.QtCore import QSettings

    from branch_desktop.accounting.ledger.views.journal import JournalPage
    from branch_desktop.core.branch import open_branch
    from branch_desktop.core.security import login
    from branch_desktop.core.storage import Database
    from branch_desktop.gui import app as gui_app

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    qapp = gui_app.make_app()
    db = Database(db_url)
    ctx = open_branch(db)
    gui_app.apply_language(gui_app.language_for(ctx))
    runner = gui_app.TaskRunner()
    shell = gui_app.Shell(ctx, login(db, user, password), runner)
    window = shell.show()
    page = window.open_page("accounting.journal")
    assert isinstance(page, JournalPage)
    runner.wait_idle(600)
    s = shell.session
    ym = s.today_period().previous()
    acc = ctx.pack.account_code
    cases = [
        (f"period {ym}", {"period": s.period(ym)}),
        (f"period {ym} + account {acc('revenue_bank')}", {"period": s.period(ym), "account": acc("revenue_bank")}),
        (f"account {acc('legal_obligation_bank')} (all periods)", {"account": acc("legal_obligation_bank")}),
        (f"text 'employer 1234' in {ym}", {"period": s.period(ym), "text": "employer 1234"}),
        ("everything (no filter)", {}),
    ]
    results = []
    for label, values in cases:
        page.period.setText(values.get("period", ""))
        page.account.setText(values.get("account", ""))
        page.text.setText(values.get("text", ""))
        runner.wait_idle(600)
        shown: list[float] = []
        page.model.block_loaded.connect(lambda _first, shown=shown: shown.append(time.perf_counter()))
        start = time.perf_counter()
        page.apply_filter()
        deadline = start + 600
        while time.perf_counter() < deadline:
            qapp.processEvents()
            if shown or (runner.idle and page.model.rowCount() == 0 and page.count.text() != ""):
                break
            time.sleep(0.0005)
        qapp.processEvents()  # the rows are painted
        end = shown[0] if shown else time.perf_counter()
        results.append((label, end - start, page.model.rowCount()))
        page.model.block_loaded.disconnect()
        runner.wait_idle(600)
    # scrolling: jump to 20 places over the whole list, each time until the rows are there
    page.period.setText("")
    page.account.setText("")
    page.text.setText("")
    page.apply_filter()
    runner.wait_idle(600)
    rows = page.model.rowCount()
    if rows:
        start = time.perf_counter()
        for i in range(20):
            row = rows * i // 20
            page.view.scrollTo(page.model.index(row, 0))
            qapp.processEvents()
            runner.wait_idle(60)
        results.append(("scroll: 20 jumps over the list (each)", (time.perf_counter() - start) / 20, rows))
    shell.close()
    runner.shutdown()
    return results


def trial_balance_pdf_time(db_url: str, user: str, password: str) -> list[tuple[str, float, int]]:
    from branch_desktop.core.branch import open_branch
    from branch_desktop.core.calendar import YearMonth
    from branch_desktop.core.i18n import current_language
    from branch_desktop.core.ledger import queries
    from branch_desktop.core.security import login
    from branch_desktop.core.storage import Database

    try:
        from branch_desktop.accounting.ledger.documents import trial_balance_pdf
    except ImportError:
        return [("trial balance PDF: printing module missing", 0.0, 0)]
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    db = Database(db_url)
    ctx = open_branch(db)
    actor = login(db, user, password)
    year = ctx.pack.calendar.fiscal_year(ctx.today())
    period = YearMonth(year, 12)
    start = time.perf_counter()
    tb = queries.trial_balance(ctx, actor, period)
    t_tb = time.perf_counter() - start
    pdf = trial_balance_pdf(tb, ctx.info, current_language())
    t_pdf = time.perf_counter() - start
    data = QByteArray(pdf)
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc = QPdfDocument()
    doc.load(buf)
    doc.render(0, doc.pagePointSize(0).toSize())
    t_preview = time.perf_counter() - start
    return [
        (f"trial balance {period} (query)", t_tb, len(tb.rows)),
        (f"trial balance {period} query + PDF", t_pdf, len(pdf)),
        ("  ... + loaded and first page rendered in QtPdf", t_preview, doc.pageCount()),
    ]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", required=True, help="database URL or SQLite file (built with 'demo')")
    p.add_argument("--user", default="admin")
    p.add_argument("--password", default=None, help="default: the demo password")
    p.add_argument("--runs", type=int, default=3, help="cold starts to time")
    p.add_argument(CHILD_FLAG, action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    from branch_desktop.core.storage import resolve_url
    from branch_desktop.demo import demo_password

    url = resolve_url(args.db)
    password = args.password or demo_password()
    if args.child_cold_start:
        return _child_cold_start(url, args.user, password)

    rows: list[tuple[str, float, str]] = []
    starts = cold_start(url, args.user, password, args.runs)
    rows.append(("cold start to main window, logged in (best of runs)", min(starts),
                 "runs: " + ", ".join(f"{t:.2f}s" for t in starts)))
    for label, seconds, count in journal_filters(None, url, args.user, password):
        rows.append((f"journal: {label}", seconds, f"{count:,} lines"))
    for label, seconds, count in trial_balance_pdf_time(url, args.user, password):
        rows.append((label, seconds, f"{count:,}"))
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'time':>9}  detail")
    print("-" * (width + 30))
    for label, seconds, detail in rows:
        print(f"{label:<{width}}  {seconds * 1000:>7.0f}ms  {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
