"""Screenshots of the main pages in Persian (ir_sso demo) and Turkish (tr_sgk demo).

    QT_QPA_PLATFORM=offscreen python -m tests.gui.make_screenshots [--out docs/screenshots]

Writes ``fa-journal.png``, ``fa-entry.png``, ``fa-trial-balance.png``, ``fa-periods.png``,
``fa-reconciliation.png`` (after matching automatically), ``fa-statements.png``, the insured pages,
``fa-claim-form.png`` (a sickness claim with two rest periods, filled) and the same with
``tr-``; each window is 1200x750. Look at them after a change to the shell: Persian
must read right to left, with joined letters and Persian digits.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PAGES = (
    ("counter", "revenue.counter"),
    ("journal", "accounting.journal"),
    ("entry", "accounting.entry"),
    ("trial-balance", "accounting.trial_balance"),
    ("periods", "accounting.periods"),
    ("reconciliation", "accounting.bank_reconciliation"),
    ("statements", "accounting.bank_statements"),
    ("insured-registry", "insured.registry"),
    ("insured-claims", "insured.claims"),
    ("insured-applications", "insured.applications"),
    ("claim-form", "insured.claims"),
)
MAX_BYTES = 150_000


def _fill_entry_form(form: object, lang: str) -> None:
    from branch_desktop.accounting.ledger.views.entry_form import EntryFormPage

    assert isinstance(form, EntryFormPage)
    s = form.session
    acc = s.ctx.pack.account_code
    form.description.setText("برگشت کارمزد بانک" if lang == "fa" else "Banka masrafı iadesi")
    form.reference.setText("BNK-2024-117")
    big = 1_250_000 if s.ctx.pack.currency.minor_digits == 0 else 125_000
    rows = [(acc("revenue_bank"), s.money(big), "", ""), (acc("head_office_current"), "", s.money(big - 50_000), "")]
    for row, (code, debit, credit, memo) in zip(form.rows, rows, strict=False):
        row.account.setText(s.digits(code))
        row.debit.setText(debit)
        row.credit.setText(credit)
        row.memo.setText(memo)
    form.update_totals()
    form.post()  # refused: it does not balance, and the message shows next to the grid


def _fill_claim_form(page: object) -> None:
    """A claim of a demo insured person with two rest periods (the second in hospital) and, where
    the pack's rules take them, a gross fault and the doctor's advice ignored."""
    import datetime as dt

    from sqlalchemy import text

    from branch_desktop.insured.views.claim_inputs import INCAPACITY
    from branch_desktop.insured.views.claims import ClaimsPage

    assert isinstance(page, ClaimsPage)
    s = page.session
    with s.ctx.db.read() as db:
        nid = db.execute(text("SELECT p.national_id FROM insured_persons p JOIN revenue_service_records r"
                              " ON r.national_id = p.national_id GROUP BY p.national_id"
                              " ORDER BY count(*) DESC, p.national_id LIMIT 1")).scalar()
    turkish = page.family == INCAPACITY
    # the Turkish demo declares two months: a work accident (no minimum premium days) this month
    page.kind.setCurrentIndex(page.kind.findData("work_accident" if turkish else "sickness"))
    page.national_id.setText(s.digits(str(nid)))
    first = s.ctx.today().replace(day=1) if turkish else s.ctx.today() - dt.timedelta(days=20)
    day = lambda n: s.digits(s.ctx.pack.calendar.format(first + dt.timedelta(days=n)))  # noqa: E731
    page.start.setText(day(0))
    rest = page.inputs.rest
    rest.rows[0].end.setText(day(6))
    second = rest.add_row()
    second.end.setText(day(13))
    second.inpatient.setChecked(True)
    if page.inputs.form.isRowVisible(page.inputs.fault_degree):
        page.inputs.fault_degree.setText(s.digits("40"))
        page.inputs.ignored_advice.setChecked(True)
    else:
        page.dependents.setValue(2)
    page.timer.stop()
    page.compute()


def shoot(pack: str, lang: str, out: Path, tmp: Path, only: tuple[str, ...] = ()) -> list[Path]:
    from PySide6.QtCore import QSettings

    from branch_desktop.core.security import login
    from branch_desktop.core.storage import Database
    from branch_desktop.demo import DemoSize, build_demo, demo_password
    from branch_desktop.gui.app import Shell, apply_language, make_app
    from branch_desktop.gui.tasks import TaskRunner

    app = make_app()
    QSettings().clear()
    db = Database(f"sqlite:///{tmp / f'{pack}.db'}")
    db.upgrade()
    ctx, _admin, _n = build_demo(db, pack, DemoSize(40, 400, 3, 7))
    apply_language(lang)
    runner = TaskRunner()
    shell = Shell(ctx, login(db, "accountant", demo_password()), runner)
    window = shell.show()
    window.resize(1200, 750)
    written = []
    try:
        for name, key in PAGES:
            if only and name not in only:
                continue
            page = window.open_page(key)
            runner.wait_idle(60)
            if name == "journal":
                page.period.clear()  # type: ignore[union-attr]
                page.apply_filter()  # type: ignore[union-attr]
                runner.wait_idle(60)
            if name == "entry":
                _fill_entry_form(page, lang)
                runner.wait_idle(60)
            if name == "claim-form":
                _fill_claim_form(page)
                runner.wait_idle(60)
            if name == "reconciliation":
                page.auto_match()  # type: ignore[union-attr]
                runner.wait_idle(60)
                app.processEvents()
                runner.wait_idle(60)
            app.processEvents()
            runner.wait_idle(60)
            path = out / f"{lang}-{name}.png"
            image = window.grab().toImage()
            image.save(str(path), "PNG", 0)
            if path.stat().st_size > MAX_BYTES:  # fall back to a palette image
                from PySide6.QtCore import Qt
                from PySide6.QtGui import QImage

                flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
                image.convertToFormat(QImage.Format.Format_Indexed8, flags).save(str(path), "PNG", 0)
            written.append(path)
    finally:
        shell.close()
        runner.shutdown()
        db.dispose()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[2] / "docs" / "screenshots"))
    parser.add_argument("--only", nargs="*", default=[], help="only these pages (e.g. claim-form)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        from PySide6.QtCore import QSettings

        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        for pack, lang in (("ir_sso", "fa"), ("tr_sgk", "tr")):
            for path in shoot(pack, lang, out, Path(tmp), tuple(args.only)):
                print(f"{path} {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
