"""Screenshots of the payroll pages and payslips in Persian (ir_sso demo) and Turkish (tr_sgk demo).

    QT_QPA_PLATFORM=offscreen python -m tests.accounting.payroll.make_payroll_screenshots [--out docs/screenshots]

Writes ``payroll-{fa,tr}-run.png`` (the current month computed, differences against last month
highlighted), ``payroll-{fa,tr}-staff.png`` and ``payroll-{fa,tr}-payslip.png`` (a payslip page
rendered with ``pdftoppm -r 60``). Persian must read right to left, with joined letters.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
MAX_BYTES = 150_000


def _save(window: object, path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = window.grab().toImage()  # type: ignore[attr-defined]
    image.save(str(path), "PNG", 0)
    if path.stat().st_size > MAX_BYTES:
        flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
        image.convertToFormat(QImage.Format.Format_Indexed8, flags).save(str(path), "PNG", 0)


def shoot(pack: str, lang: str, out: Path, tmp: Path) -> list[Path]:
    from PySide6.QtCore import QSettings

    from branch_desktop.accounting.payroll import documents, services
    from branch_desktop.core.security import login
    from branch_desktop.core.storage import Database
    from branch_desktop.demo import DemoSize, build_demo, demo_password
    from branch_desktop.gui.app import Shell, apply_language, make_app
    from branch_desktop.gui.tasks import TaskRunner

    app = make_app()
    QSettings().clear()
    db = Database(f"sqlite:///{tmp / f'{pack}.db'}")
    db.upgrade()
    ctx, _admin, _n = build_demo(db, pack, DemoSize(10, 50, 2, 7))
    apply_language(lang)
    runner = TaskRunner()
    actor = login(db, "accountant", demo_password())
    shell = Shell(ctx, actor, runner)
    window = shell.show()
    window.resize(1200, 750)
    written = []
    try:
        # a decree from this month for one employee, so the review shows a highlighted difference
        from decimal import Decimal

        from branch_desktop.accounting.payroll.types import DecreeInput

        last = services.decree_history(ctx, actor, "00011")[-1]
        first_day = ctx.pack.calendar.month_bounds(ctx.pack.calendar.year_month(ctx.today()))[0]
        services.add_decree(ctx, actor, "00011", DecreeInput(
            effective_from=first_day, post=last.post, employment=last.employment, job_group=(last.job_group or 8) + 1,
            married=last.married, housing=last.housing,
            other_allowance=Decimal(2_000_000 if ctx.pack.currency.minor_digits == 0 else 750), number="G-11"))
        page = window.open_page("accounting.payroll_run")
        runner.wait_idle(60)
        page.compute()  # type: ignore[union-attr]
        runner.wait_idle(60)
        model = page.model  # type: ignore[union-attr]
        page.table.setCurrentIndex(model.index(2, 1))  # type: ignore[union-attr]  (row 10, the changed one, stays unselected)
        page.table.scrollTo(model.index(10, model.columnCount() - 1))  # type: ignore[union-attr]
        app.processEvents()
        path = out / f"payroll-{lang}-run.png"
        _save(window, path)
        written.append(path)
        page = window.open_page("accounting.payroll_staff")
        runner.wait_idle(60)
        page.select_row(10)  # type: ignore[union-attr]
        runner.wait_idle(60)
        app.processEvents()
        path = out / f"payroll-{lang}-staff.png"
        _save(window, path)
        written.append(path)
        run = services.find_run(ctx, actor, ctx.pack.calendar.year_month(ctx.today()).previous())
        if run is not None and shutil.which("pdftoppm"):
            pdf = tmp / f"slip-{lang}.pdf"
            pdf.write_bytes(documents.payslips_pdf(services.payslips(ctx, actor, run.id, "00011"), ctx.info, lang))
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(tmp / f"slip-{lang}")],
                           check=True)
            path = out / f"payroll-{lang}-payslip.png"
            shutil.copyfile(tmp / f"slip-{lang}.png", path)
            written.append(path)
    finally:
        shell.close()
        runner.shutdown()
        db.dispose()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[3] / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        from PySide6.QtCore import QSettings

        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        for pack, lang in (("ir_sso", "fa"), ("tr_sgk", "tr")):
            for path in shoot(pack, lang, out, Path(tmp)):
                print(f"{path} {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
