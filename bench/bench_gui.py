"""GUI benchmarks: cold start, every page's first open / reopen / filter, the journal's first screen
under each filter, trial balance PDF. Prints tables (wall time, the GUI thread's CPU time, the load).

    branch-desktop --db /tmp/big.db demo                                   # employers, statements, insured, debts
    branch-desktop --db /tmp/big.db --user admin demo --extend --ledger-only \
        --employers 17600 --insured 52800 --months 12 --seed 2            # + ~1,000,000 lines (post_many)
    QT_QPA_PLATFORM=offscreen python bench/bench_gui.py --db /tmp/big.db [--pages-only]
    QT_QPA_PLATFORM=offscreen python bench/bench_gui.py --db /tmp/big.db --journal-and-reconciliation

Targets (issue 17, on the 2-core machine): the journal's first screen over 1,000,000 lines <= 100 ms
unfiltered and filtered; every page's first open <= 100 ms.

* pages: every page the administrator may open, in a fresh process each pass: first open (the page
  built and painted: ``shown``; its data on screen: ``loaded``), a reopen after another page, and a
  filter (the page's search or month field, else its refresh). Two passes: ``cold`` imports each
  page's modules when it is first opened (``BRANCH_DESKTOP_NO_WARM_UP=1``), ``warm`` lets the window
  import them in the background first (what a user gets a few seconds after logging in). The
  package is byte-compiled first, as an installed or frozen application is.

Targets (issue 3, on the 2-core machine): cold start to the main window shown and logged in
<= 1.5 s; a filtered journal result shown <= 200 ms; trial balance PDF for a full year <= 2 s.

* cold start: a fresh ``python`` process (timed from just before it is spawned) imports the app,
  opens the database, checks migrations, logs in (argon2) and shows the main window on the
  journal; it prints the moment the window is shown.
* journal: from setting a filter (Enter in the filter bar) to the first block of rows displayed,
  through the same task runner and lazy model as the GUI.
* bank reconciliation: from Show to the month's figures and the first screen of its open book
  items (the month of the revenue bank's latest line), a reopen, and the whole month read with
  every item as documents and the command line read it.
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
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHILD_FLAG = "--child-cold-start"
PAGES_FLAG = "--child-pages"


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


def _gui(db_url: str, user: str, password: str) -> tuple[Any, Any, Any, Any]:
    from PySide6.QtCore import QSettings

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
    shell.show()
    return qapp, shell, runner, ctx


def _until(qapp: Any, done: Any, timeout: float = 600) -> float:
    """Process events until ``done()``; the moment it became true."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        qapp.processEvents()
        if done():
            return time.perf_counter()
        time.sleep(0.0005)
    raise SystemExit("timed out")


def journal_filters(db_url: str, user: str, password: str) -> list[tuple[str, float, float, str]]:
    """The journal: from Enter in the filter bar to its first screen of rows painted."""
    from branch_desktop.accounting.ledger.views.journal import JournalPage

    qapp, shell, runner, ctx = _gui(db_url, user, password)
    page = shell.window.open_page("accounting.journal")
    assert isinstance(page, JournalPage)
    runner.wait_idle(600)
    s = shell.session
    ym = s.today_period().previous()
    old = ym
    for _ in range(8):
        old = old.previous()
    acc = ctx.pack.account_code
    cases = [
        ("no filter (1,000,000 lines)", {}),
        (f"period {ym}", {"period": s.period(ym)}),
        (f"period {old} (eight months back)", {"period": s.period(old)}),
        (f"period {ym} + account {acc('revenue_bank')}", {"period": s.period(ym), "account": acc("revenue_bank")}),
        (f"account {acc('legal_obligation_bank')} (all periods)", {"account": acc("legal_obligation_bank")}),
        ("account 1100 and its sub-accounts (all periods)", {"account": "1100"}),
        (f"journal {ctx.pack.journal_code('legal_obligations')} (all periods)",
         {"journal": ctx.pack.journal_code("legal_obligations")}),
        ("text 'CHQ' (all periods)", {"text": "CHQ"}),
        (f"text '1234' in {ym}", {"period": s.period(ym), "text": "1234"}),
        *text_cases(ctx),
    ]
    results = []
    for label, values in cases:
        page.period.setText(values.get("period", ""))
        page.account.setText(values.get("account", ""))
        page.text.setText(values.get("text", ""))
        index = page.journal.findData(values.get("journal"))
        page.journal.setCurrentIndex(max(index, 0))
        runner.wait_idle(600)
        qapp.processEvents()
        shown: list[float] = []
        page.model.page_loaded.connect(lambda _first, shown=shown: shown.append(time.perf_counter()))
        c0, p0 = time.thread_time(), time.process_time()
        start = time.perf_counter()
        page.apply_filter()
        _until(qapp, lambda shown=shown: bool(shown))
        page.view.viewport().repaint()  # the rows are painted
        end = time.perf_counter()
        cpu, process = time.thread_time() - c0, time.process_time() - p0
        page.model.page_loaded.disconnect()
        runner.wait_idle(600)
        results.append((f"journal first screen: {label}", end - start, cpu,
                        f"process cpu {process * 1000:.0f}ms; {page.model.rowCount():,} rows shown of "
                        f"{page.model.total or 0:,}"))
    # scrolling: the next page each time the view reaches its end
    page.period.setText("")
    page.account.setText("")
    page.text.setText("")
    page.journal.setCurrentIndex(0)
    page.apply_filter()
    runner.wait_idle(600)
    times = []
    for _ in range(20):
        rows = page.model.rowCount()
        start = time.perf_counter()
        page.view.scrollToBottom()
        _until(qapp, lambda rows=rows: page.model.rowCount() > rows)
        times.append(time.perf_counter() - start)
    results.append(("journal: scrolled to the end, next 200 rows (median of 20)", sorted(times)[10], 0.0,
                    f"{page.model.rowCount():,} rows"))
    shell.close()
    runner.shutdown()
    return results


def text_cases(ctx: Any) -> list[tuple[str, dict[str, str]]]:
    """Rare texts, searched over every period: one entry's reference, and a text found nowhere."""
    from sqlalchemy import func, select

    from branch_desktop.core.ledger.models import Entry

    with ctx.db.read() as s:
        middle = s.scalar(select(func.max(Entry.id))) // 2
        ref = s.scalar(select(Entry.reference).where(Entry.id >= middle, Entry.reference != "")
                       .order_by(Entry.id).limit(1)) or "none"
    return [(f"a rare text: one entry's reference '{ref}'", {"text": ref}),
            ("a text found nowhere ('zq-no-such-text')", {"text": "zq-no-such-text"})]


def reconciliation_open(db_url: str, user: str, password: str) -> list[tuple[str, float, float, str]]:
    """The bank reconciliation of the month with the most book items left open: from Show to its
    figures and the first screen of its book items on screen (then a reopen of the same month)."""
    from sqlalchemy import func, select

    from branch_desktop.accounting.banking import services
    from branch_desktop.accounting.banking.views.reconciliation import ReconciliationPage

    qapp, shell, runner, ctx = _gui(db_url, user, password)
    page = shell.window.open_page("accounting.bank_reconciliation")
    assert isinstance(page, ReconciliationPage)
    runner.wait_idle(600)
    s = shell.session
    code = ctx.pack.account_code("revenue_bank")
    from branch_desktop.core.ledger.models import Account, Entry, EntryLine

    with ctx.db.read() as db:
        last = db.scalar(select(func.max(Entry.entry_date)).join(EntryLine, EntryLine.entry_id == Entry.id)
                         .join(Account, Account.id == EntryLine.account_id).where(Account.code == code))
    ym = ctx.pack.calendar.year_month(last) if last else s.today_period()
    page.account.setCurrentIndex(max(page.account.findData(code), 0))
    page.month.setText(s.period(ym))
    runner.wait_idle(600)
    _warmed_up(qapp)  # the other pages' imports in the background would be counted as this page's CPU
    results = []
    for label in ("first open", "reopen"):
        qapp.processEvents()
        page.state = None
        c0, p0 = time.thread_time(), time.process_time()
        start = time.perf_counter()
        page.reload()
        book = page.book.model()  # a page at a time (keyset) since issue 17; before, every item at once
        paged = hasattr(book, "loading")
        _until(qapp, lambda book=book, paged=paged: page.state is not None and book.rowCount() > 0
               and not (paged and book.loading))
        page.repaint()
        end = time.perf_counter()
        cpu, process = time.thread_time() - c0, time.process_time() - p0
        state = page.state
        total = getattr(state, "unmatched_book_count", len(state.unmatched_book))
        results.append((f"bank reconciliation {code} {ym}: {label}", end - start, cpu,
                        f"process cpu {process * 1000:.0f}ms; {book.rowCount():,} of {total:,} book items "
                        f"shown, difference {state.figures.difference}"))
    start = time.perf_counter()
    services.reconciliation(ctx, shell.session.actor, code, ym)  # with every item: documents, the CLI
    results.append((f"  (the whole month with every item, as before: {code} {ym})", time.perf_counter() - start, 0.0,
                    ""))
    shell.close()
    runner.shutdown()
    return results


def _page_filter(page: Any, session: Any) -> str:
    """Start the page's filter (its search, month or period field), else its refresh; what was done."""
    from PySide6.QtWidgets import QLineEdit

    ym = session.today_period().previous()
    for name, value in (("search", "1"), ("text", "1"), ("month", session.period(ym)), ("period", session.period(ym))):
        field = getattr(page, name, None)
        if isinstance(field, QLineEdit):
            field.setText(value)
            field.returnPressed.emit()
            return f"{name} {value}"
    for name in ("apply_filter", "refresh", "reload"):
        fn = getattr(page, name, None)
        if callable(fn):
            fn()
            return name
    return ""


def _warmed_up(qapp: Any) -> None:
    """Wait for the window's background import of the pages' modules (unless it is turned off), so
    that its CPU time is not counted in what is measured next."""
    from branch_desktop.gui import department_view

    if not os.environ.get(department_view.NO_WARM_UP_ENV):
        time.sleep(department_view.WARM_UP_DELAY_MS / 1000)
        _until(qapp, lambda: not department_view._warm_queue)  # noqa: SLF001 - the bench waits for the warm-up
        for thread in __import__("threading").enumerate():
            if thread.name == "page-warm-up":
                thread.join()


def _child_pages(db_url: str, user: str, password: str) -> int:
    """Runs in a fresh process: every page's first open, reopen and filter; prints one line per page."""

    qapp, shell, runner, _ctx = _gui(db_url, user, password)
    window = shell.window
    runner.wait_idle(600)
    _warmed_up(qapp)
    keys = window.page_keys()
    for n, key in enumerate(keys):
        qapp.processEvents()
        c0 = time.thread_time()
        start = time.perf_counter()
        page = window.open_page(key)
        qapp.processEvents()
        window.repaint()
        shown = time.perf_counter()
        cpu = time.thread_time() - c0
        runner.wait_idle(600)
        qapp.processEvents()
        loaded = time.perf_counter()
        window.open_page(keys[n - 1] if n else keys[-1])
        runner.wait_idle(600)
        qapp.processEvents()
        start2 = time.perf_counter()
        window.open_page(key)
        qapp.processEvents()
        window.repaint()
        reopen = time.perf_counter()
        runner.wait_idle(600)
        qapp.processEvents()
        start3 = time.perf_counter()
        what = _page_filter(page, shell.session) if page is not None else ""
        runner.wait_idle(600)
        qapp.processEvents()
        window.repaint()
        filtered = time.perf_counter()
        print(f"PAGE {key} {shown - start:.6f} {cpu:.6f} {loaded - start:.6f} {reopen - start2:.6f} "
              f"{filtered - start3:.6f} {what}", flush=True)
    shell.close()
    runner.shutdown()
    return 0


def page_latencies(db_url: str, user: str, password: str, warm: bool) -> list[tuple[str, list[float], str]]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if warm:
        env.pop("BRANCH_DESKTOP_NO_WARM_UP", None)
    else:
        env["BRANCH_DESKTOP_NO_WARM_UP"] = "1"
    out = subprocess.run([sys.executable, __file__, PAGES_FLAG, "--db", db_url, "--user", user, "--password", password],
                         capture_output=True, text=True, timeout=3600, env=env)
    rows = []
    for line in out.stdout.splitlines():
        if line.startswith("PAGE "):
            parts = line.split(" ", 7)
            rows.append((parts[1], [float(x) for x in parts[2:7]], parts[7] if len(parts) > 7 else ""))
    if not rows:
        raise SystemExit(f"pages failed:\n{out.stderr[-3000:]}")
    return rows


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


def pages_table(url: str, user: str, password: str) -> None:
    passes = {"cold": page_latencies(url, user, password, warm=False),
              "warm": page_latencies(url, user, password, warm=True)}
    cold = {key: (v, what) for key, v, what in passes["cold"]}
    print(f"{'page':<32} {'cold first open':>22} {'warm first open':>22} {'reopen':>8} {'filter':>8}  filter by")
    print(f"{'':<32} {'shown (cpu)  loaded':>22} {'shown (cpu)  loaded':>22}")
    for key, v, what in passes["warm"]:
        c = cold.get(key, ([0.0] * 5, ""))[0]
        print(f"{key:<32} {c[0]*1000:5.0f} ({c[1]*1000:4.0f}) {c[2]*1000:6.0f}   "
              f"{v[0]*1000:5.0f} ({v[1]*1000:4.0f}) {v[2]*1000:6.0f}   {v[3]*1000:6.0f}   {v[4]*1000:6.0f}  {what}")
    print("(ms; shown: the page built and painted; cpu: the GUI thread's CPU time for it; loaded: its data shown)")
    print(f"load average after the pages: {os.getloadavg()}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", required=True, help="database URL or SQLite file (built with 'demo')")
    p.add_argument("--user", default="admin")
    p.add_argument("--password", default=None, help="default: the demo password")
    p.add_argument("--runs", type=int, default=3, help="cold starts to time")
    p.add_argument("--pages-only", action="store_true", help="only the pages' table")
    p.add_argument("--no-pages", action="store_true", help="without the pages' table")
    p.add_argument("--journal-and-reconciliation", action="store_true",
                   help="only the journal's filters and the bank reconciliation's first open")
    p.add_argument(CHILD_FLAG, action="store_true", help=argparse.SUPPRESS)
    p.add_argument(PAGES_FLAG, action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    from branch_desktop.core.storage import resolve_url
    from branch_desktop.demo import demo_password

    url = resolve_url(args.db)
    password = args.password or demo_password()
    if args.child_cold_start:
        return _child_cold_start(url, args.user, password)
    if args.child_pages:
        return _child_pages(url, args.user, password)
    import compileall

    compileall.compile_dir(str(ROOT / "branch_desktop"), quiet=1)  # as installed: no source compiled at start
    print(f"database: {url.split('@')[-1]}   load average before: {os.getloadavg()}")
    cpu0 = time.process_time()
    if not args.no_pages and not args.journal_and_reconciliation:
        pages_table(url, args.user, password)
    if args.pages_only:
        return 0
    rows: list[tuple[str, float, float, str]] = []
    if not args.journal_and_reconciliation:
        starts = cold_start(url, args.user, password, args.runs)
        rows.append(("cold start to main window, logged in (best of runs)", min(starts), 0.0,
                     "runs: " + ", ".join(f"{t:.2f}s" for t in starts)))
    rows += journal_filters(url, args.user, password)
    rows += reconciliation_open(url, args.user, password)
    for label, seconds, count in ([] if args.journal_and_reconciliation
                                  else trial_balance_pdf_time(url, args.user, password)):
        rows.append((label, seconds, 0.0, f"{count:,}"))
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'wall':>7}  {'cpu':>6}  detail")
    print("-" * (width + 40))
    for label, seconds, cpu, detail in rows:
        print(f"{label:<{width}}  {seconds * 1000:>5.0f}ms  {cpu * 1000:>4.0f}ms  {detail}")
    print(f"(cpu: the GUI thread's CPU time)  load average: {os.getloadavg()}  "
          f"this process's CPU: {time.process_time() - cpu0:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
