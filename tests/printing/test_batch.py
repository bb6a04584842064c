"""Batches of documents laid out by several processes read exactly as when one process builds them:
the same pages in the same order, "page X of Y" over the whole batch, the same metadata."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import pypdf
import pytest
from reportlab.platypus import Flowable, PageBreak

from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.printing.base import PrintContext
from branch_desktop.printing.batch import batch_pdf
from tests.printing.pdf_helpers import has, norm

INFO = BranchInfo(name="Kadıköy SGM", pack_code="tr_sgk", organisation="Sosyal Güvenlik Kurumu",
                  currency_code="TRY", currency_digits=2, calendar="gregorian")
AT = dt.datetime(2026, 11, 24, 10, 30)


def story(ctx: PrintContext, items: Sequence[int]) -> list[Flowable]:
    out: list[Flowable] = []
    for n, item in enumerate(items):
        if n:
            out.append(PageBreak())
        out.append(ctx.para(f"Letter {item}"))
        if item % 3 == 0:  # a letter of two pages
            out += [PageBreak(), ctx.para(f"Letter {item}, appendix")]
    return out


def pages(pdf: bytes) -> list[str]:
    return [norm(p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_parts_laid_out_by_workers_read_as_one_document() -> None:
    items = list(range(1, 11))  # 13 pages
    seen: list[int] = []
    one = batch_pdf(story, items, INFO, "tr", title="Benefit decision", printed_at=AT, workers=1)
    three = batch_pdf(story, items, INFO, "tr", title="Benefit decision", printed_at=AT, workers=3,
                      progress=seen.append)
    assert pages(three) == pages(one)
    assert len(pages(one)) == 13
    assert has(pages(three)[9], "Letter 8") and has(pages(three)[9], "10 / 13")
    assert seen and max(seen) == 13  # pages laid out, summed over the workers
    meta = pypdf.PdfReader(io.BytesIO(three)).metadata
    assert meta is not None and meta.title == pypdf.PdfReader(io.BytesIO(one)).metadata.title  # type: ignore[union-attr]


class Stop(Exception):
    pass


def test_a_progress_callback_that_raises_stops_the_workers() -> None:
    def stop(_pages: int) -> None:
        raise Stop()

    with pytest.raises(Stop):
        batch_pdf(story, list(range(1, 41)), INFO, "tr", title="Benefit decision", printed_at=AT, workers=2,
                  progress=stop)
