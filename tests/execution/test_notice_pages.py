"""A batch of warning notices numbers each notice's pages on its own ("Page 1 of 2"), not across
the batch, whether laid out by one process or by several (the PDF's text read back)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from branch_desktop.core.calendar import YearMonth
from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.execution.documents import notices_pdf
from branch_desktop.execution.types import DocumentLine, NoticeView

INFO = BranchInfo(name="Kadıköy SGM", pack_code="tr_sgk", organisation="Sosyal Güvenlik Kurumu", currency_code="TRY",
                  currency_digits=2, calendar="gregorian", address="Kadıköy, İstanbul")


def _notice(i: int, months: int) -> NoticeView:
    ym, lines = YearMonth(2026, 10), []
    for k in range(months):
        ym = ym.previous()
        lines.append(DocumentLine(month=ym, due=dt.date(2026, 10, 31) - dt.timedelta(days=30 * k),
                                  principal=Decimal("1000.00"), charges=Decimal("37.00")))
    lines.reverse()
    return NoticeView(id=i, number=f"2026/{i:06d}", employer_id=i, file_no=f"B{i:07d}", name=f"Tekstil {i} A.Ş.",
                      prepared_on=dt.date(2026, 11, 24), principal=Decimal(1000 * months),
                      charges=Decimal(37 * months), period_days=15, state="prepared", served_on=None,
                      service_method=None, lines=tuple(lines))


@pytest.mark.parametrize("workers", [1, 2])
def test_each_notice_numbers_its_own_pages(tmp_path: Path, workers: int) -> None:
    batch = [_notice(1, 3), _notice(2, 60), _notice(3, 4), _notice(4, 60)]  # the 60-month ones run over a page
    pdf = tmp_path / "notices.pdf"
    pdf.write_bytes(notices_pdf(batch, INFO, "en", workers=workers))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    footers = [re.search(r"Page (\d+) of (\d+)", page) for page in text.split("\f") if page.strip()]
    numbers = [(int(m.group(1)), int(m.group(2))) for m in footers if m]
    assert len(numbers) == len(footers) > len(batch)
    long = numbers[1][1]
    assert long >= 2
    assert numbers == [(1, 1), *((p, long) for p in range(1, long + 1)), (1, 1),
                       *((p, long) for p in range(1, long + 1))]
