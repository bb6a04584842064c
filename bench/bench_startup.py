"""Start-up benchmark: every command's fresh process, and the GUI's cold start to the main window.

    python bench/bench_startup.py --db /tmp/small.db            # a demo branch (built when --db is missing)
    python bench/bench_startup.py --db /tmp/small.db --tree /path/to/other/checkout   # "before" figures

Targets (issue 17, 2-core machine): every command starts in <= 0.3 s; cold start to the main window
<= 0.8 s.

* help: ``branch-desktop <command...> --help`` for every node of the argparse tree (the parse-time
  start-up: interpreter, registration of every department, the parser).
* real runs of the cheap commands on a small branch (``report trial-balance``, ``verify``, ``pack show``,
  ``debt ageing``...): the whole command, logged in through a command-line session (``branch-desktop
  login`` once, then no password: no argon2), or with ``--password-each-time`` (or on a tree without
  ``login``) through ``BRANCH_DESKTOP_PASSWORD`` at every command.
* each figure is the median of ``--runs`` fresh processes: wall time (from just before the process is
  spawned to its exit) and CPU time (user + system of the child, ``RUSAGE_CHILDREN``), so a loaded machine
  shows in the wall time but hardly in the CPU time; the load average is printed.
* ``-X importtime``: for the real runs, the packages whose imports cost most (self time, one run).
* GUI cold start: a fresh process runs the application's own start path (``run_gui``: database, migrations
  check, login dialog answered from ``--user``/``--password``, main window) off screen, and prints the time
  the main window was shown and painted, and the time its home page's loading tasks finished and were painted.

By default the processes run from compiled bytecode (a warm ``__pycache__`` in a temporary folder, as an
installed application has); ``--source`` runs them as the environment says (``PYTHONDONTWRITEBYTECODE``: every
module of the project compiled again at each start).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
CHILD_GUI = "--child-gui"  # the child runs the timed tree's application: this checkout is not put on its path
if CHILD_GUI not in sys.argv and str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
DEMO_PASSWORD = "demo-pass-1"  # branch_desktop.demo.demo_password(), without importing the app here


# -- the child: the GUI's own start path, timed ------------------------------------------------------------


def _child_gui(db: str, user: str, password: str) -> int:
    """Runs in a fresh process: ``run_gui`` with the login dialog answered, then prints the moments."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:  # as ``gui_entry.launch`` does (a tree from before it has no such step)
        from branch_desktop.gui_entry import preload_before_qt
    except ImportError:
        pass
    else:
        preload_before_qt()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QDialog

    from branch_desktop.gui import app as gui_app
    from branch_desktop.gui import startup

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="bench-start-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)

    def answered(dialog: startup.LoginDialog) -> int:
        dialog.username.setText(user)
        dialog.password.setText(password)
        dialog.try_login()
        deadline = time.monotonic() + 60
        while dialog.actor is None and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.0005)
        print(f"LOGIN {time.time():.6f}", flush=True)
        return int(QDialog.DialogCode.Accepted if dialog.actor is not None else QDialog.DialogCode.Rejected)

    startup.LoginDialog.exec = answered  # type: ignore[method-assign, assignment]

    def shown(window: object) -> None:
        QApplication.processEvents()  # the window and its home page painted
        print(f"SHOWN {time.time():.6f} {time.process_time():.6f}", flush=True)
        runner = getattr(getattr(window, "session", None), "runner", None)
        if runner is not None:
            runner.wait_idle(120)
        QApplication.processEvents()
        print(f"IDLE {time.time():.6f} {time.process_time():.6f}", flush=True)
        os._exit(0)  # no automatic backup on exit, no teardown: the figures are printed

    gui_app.on_main_window_shown = shown
    gui_app.run_gui(db_url=db, user=user)
    print("the main window was not shown", file=sys.stderr)
    return 1


# -- the parent ---------------------------------------------------------------------------------------------


class Runner:
    def __init__(self, tree: Path, env: dict[str, str], runs: int) -> None:
        self.tree, self.env, self.runs = tree, env, runs

    def once(self, argv: list[str], extra: list[str] | None = None) -> tuple[float, float, subprocess.CompletedProcess[str]]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        out = subprocess.run([sys.executable, *(extra or []), "-m", "branch_desktop", *argv], env=self.env,
                             cwd=self.tree, capture_output=True, text=True, timeout=600)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu, out

    def median_of(self, argv: list[str]) -> tuple[float, float, int]:
        walls, cpus, code = [], [], 0
        for _ in range(self.runs):
            wall, cpu, out = self.once(argv)
            walls.append(wall)
            cpus.append(cpu)
            code = code or out.returncode
            if out.returncode not in (0,):
                sys.stderr.write(f"{' '.join(argv)}: exit {out.returncode}\n{out.stderr[-1500:]}\n")
                break
        return median(walls), median(cpus), code

    def importers(self, argv: list[str], top: int = 4) -> str:
        _wall, _cpu, out = self.once(argv, ["-X", "importtime"])
        return summarise_importtime(out.stderr, top)


def summarise_importtime(stderr: str, top: int) -> str:
    """The packages whose imports took longest (self time summed per top-level package; the
    project's own per department)."""
    by: Counter[str] = Counter()
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        try:
            self_us, _cum, name = line.split(":", 1)[1].split("|")
        except ValueError:
            continue
        parts = name.strip().split(".")
        key = ".".join(parts[:2]) if parts[0] == "branch_desktop" and len(parts) > 1 else parts[0]
        by[key] += int(self_us)
    total = sum(by.values()) / 1000
    head = ", ".join(f"{name} {us / 1000:.0f}" for name, us in by.most_common(top))
    return f"{total:.0f} ms: {head}"


def command_tree(tree: Path, env: dict[str, str]) -> list[list[str]]:
    """Every node of the command line's argparse tree (as argv prefixes), read in a child process of the
    tree being timed."""
    code = ("import argparse\nfrom branch_desktop import cli\n"
            "def walk(p, path):\n"
            "    for a in p._actions:\n"
            "        if isinstance(a, argparse._SubParsersAction):\n"
            "            for name, child in dict((n, c) for n, c in a.choices.items()).items():\n"
            "                print(' '.join(path + [name]))\n"
            "                walk(child, path + [name])\n"
            "walk(cli._parser(), [])\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tree, capture_output=True, text=True, check=True)
    return [line.split() for line in out.stdout.splitlines() if line.strip()]


def cheap_commands(db: str, period: str) -> list[tuple[str, list[str]]]:
    base = ["--db", db]
    return [
        ("report trial-balance (csv)", [*base, "report", "trial-balance", "--period", period]),
        ("verify (tiny branch)", [*base, "verify"]),
        ("pack show ir_sso", ["pack", "show", "ir_sso"]),
        ("pack check", ["pack", "check"]),
        ("debt ageing", [*base, "debt", "ageing"]),
        ("debt register", [*base, "debt", "register"]),
        ("bank-account list", [*base, "bank-account", "list"]),
        ("db current", [*base, "db", "current"]),
    ]


def current_period(db: str, env: dict[str, str], tree: Path) -> str:
    code = ("from branch_desktop.core.branch import open_branch\nfrom branch_desktop.core.storage import Database\n"
            f"ctx = open_branch(Database({db!r}))\nprint(ctx.pack.calendar.year_month(ctx.today()))\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tree, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"cannot open {db}:\n{out.stderr[-2000:]}")
    return out.stdout.strip()


def gui_cold_start(tree: Path, env: dict[str, str], db: str, user: str, password: str,
                   runs: int) -> list[tuple[float, float, float, float]]:
    """(shown, cpu at shown, idle, cpu at idle) of each run, seconds from just before the spawn."""
    results = []
    child_env = dict(env, QT_QPA_PLATFORM="offscreen")
    for _ in range(runs):
        start = time.time()
        out = subprocess.run([sys.executable, str(Path(__file__).resolve()), CHILD_GUI, "--db", db, "--user", user,
                              "--password", password], env=child_env, cwd=tree, capture_output=True, text=True,
                             timeout=300)
        marks = {ln.split()[0]: ln.split()[1:] for ln in out.stdout.splitlines() if ln.split()[:1]
                 and ln.split()[0] in ("SHOWN", "IDLE")}
        if "SHOWN" not in marks:
            raise SystemExit(f"GUI cold start failed:\n{out.stdout[-1000:]}\n{out.stderr[-3000:]}")
        shown, shown_cpu = (float(v) for v in marks["SHOWN"])
        idle, idle_cpu = (float(v) for v in marks.get("IDLE", marks["SHOWN"]))
        results.append((shown - start, shown_cpu, idle - start, idle_cpu))
    return results


def build_demo(tree: Path, env: dict[str, str]) -> str:
    folder = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    path = folder / "small.db"
    subprocess.run([sys.executable, "-m", "branch_desktop", "--db", str(path), "demo", "--employers", "20",
                    "--insured", "100", "--months", "2"], env=env, cwd=tree, check=True, capture_output=True)
    return str(path)


def main(argv: list[str] | None = None) -> int:
    from bench._common import table

    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", help="a small demo branch (SQLite file or URL); built in a temporary folder when omitted")
    p.add_argument("--user", default="admin")
    p.add_argument("--password", default=DEMO_PASSWORD)
    p.add_argument("--runs", type=int, default=5, help="fresh processes per figure (the median is printed)")
    p.add_argument("--tree", default=str(ROOT), help="the checkout to time (default: this one)")
    p.add_argument("--source", action="store_true", help="no bytecode cache: compile the project at each start")
    p.add_argument("--skip-help", action="store_true", help="only the real runs and the GUI")
    p.add_argument("--skip-gui", action="store_true")
    p.add_argument("--password-each-time", action="store_true",
                   help="log in with the password at every command instead of one command-line session")
    p.add_argument(CHILD_GUI, action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child_gui:
        return _child_gui(args.db, args.user, args.password)

    tree = Path(args.tree).resolve()
    env = dict(os.environ, PYTHONPATH=str(tree), BRANCH_DESKTOP_USER=args.user,
               BRANCH_DESKTOP_PASSWORD=args.password, QT_QPA_PLATFORM="offscreen")
    env.pop("BRANCH_DESKTOP_DB", None)
    if not args.source:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="bench-startup-pyc-")
    db = args.db or build_demo(tree, env)
    period = current_period(db, env, tree)
    run = Runner(tree, env, args.runs)
    print(f"tree {tree}; {'source (no bytecode cache)' if args.source else 'compiled bytecode'}; "
          f"{args.runs} runs per figure; load average before: {os.getloadavg()[0]:.2f} "
          f"{os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}; {os.cpu_count()} cores", flush=True)
    for warm in (["--help"], ["--db", db, "report", "trial-balance", "--period", period]):
        run.once(warm)  # compile the bytecode, warm the disk cache
    with_gui = [] if args.skip_gui else ["--db", db, "--user", args.user]
    login = "password at every command"
    if not args.password_each_time:
        env["BRANCH_DESKTOP_STATE"] = tempfile.mkdtemp(prefix="bench-startup-state-")
        if run.once(["--db", db, "login"])[2].returncode == 0:
            env.pop("BRANCH_DESKTOP_PASSWORD")
            login = "one command-line session (branch-desktop login)"
    print(f"logged in with: {login}", flush=True)

    rows: list[tuple[str, ...]] = []
    for label, command in cheap_commands(db, period):
        wall, cpu, code = run.median_of(command)
        rows.append((label, f"{wall * 1000:.0f}", f"{cpu * 1000:.0f}", "ok" if code == 0 else f"exit {code}",
                     run.importers(command)))
    print("\nReal runs of cheap commands (ms, median of fresh processes; imports: one -X importtime run)")
    print(table(rows, ("command", "wall", "cpu", "", "imports (self ms by package)")), flush=True)

    if not args.skip_help:
        rows = []
        walls = []
        for command in [[], *command_tree(tree, env)]:
            wall, cpu, code = run.median_of([*command, "--help"])
            walls.append(wall)
            rows.append((" ".join(command) or "(top level)", f"{wall * 1000:.0f}", f"{cpu * 1000:.0f}",
                         "ok" if code == 0 else f"exit {code}"))
        print("\n--help of every command (ms, median of fresh processes)")
        print(table(rows, ("command", "wall", "cpu", "")))
        print(f"slowest --help: {max(walls) * 1000:.0f} ms wall; imports of the top level --help: "
              f"{run.importers(['--help'], 6)}", flush=True)

    if with_gui:
        starts = gui_cold_start(tree, env, db, args.user, args.password, args.runs)
        print("\nGUI cold start (fresh process, off screen, logged in through the login dialog; "
              f"median of {len(starts)})")
        print(table([
            ("main window shown and painted", f"{median([s[0] for s in starts]) * 1000:.0f}",
             f"{median([s[1] for s in starts]) * 1000:.0f}", ", ".join(f"{s[0]:.2f}" for s in starts)),
            ("home page loaded (tasks idle) and painted", f"{median([s[2] for s in starts]) * 1000:.0f}",
             f"{median([s[3] for s in starts]) * 1000:.0f}", ", ".join(f"{s[2]:.2f}" for s in starts)),
        ], ("measure", "wall ms", "cpu ms", "runs (s)")))
    print(f"\nload average after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
