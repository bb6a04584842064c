"""Batches of documents in one PDF (a day's notices, a day's decision letters), laid out by several
processes when the batch is long.

A batch document is ``story(ctx, items) -> flowables`` over a sequence of items (plain,
picklable data); :func:`batch_pdf` builds it in this process for a short batch, and for a long
one cuts the items into contiguous parts, one per worker process, which lay out their parts at
the same time. Every part tells the parent how many pages it has and is told where they start
and how many the whole batch has, so the footers read "page X of Y" over the batch exactly as
if one process had built it; the parts are joined in order (pypdf). Items are numbered before
they are printed (the services number them), so splitting changes nothing in them.

``progress(pages)`` is called with the number of pages laid out so far, in this process; it
may raise (the GUI's cancel) and the workers are then stopped.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from reportlab.platypus import Flowable

from branch_desktop.core.ledger.types import BranchInfo
from branch_desktop.core.workers import process_context
from branch_desktop.printing.base import A4_PORTRAIT, PageFormat, PrintContext, build_pdf

T = TypeVar("T")
Story = Callable[[PrintContext, Sequence[Any]], list[Flowable]]
Progress = Callable[[int], object]

PARALLEL_FROM = 300  # items: below this, starting processes costs more than it saves
PER_WORKER = 150  # at least this many items per worker
MAX_WORKERS = 4


class BatchFailed(RuntimeError):
    """A worker process failed; the message holds its traceback."""


def default_workers(count: int) -> int:
    """How many processes a batch of ``count`` items is worth on this machine."""
    if count < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, count // PER_WORKER))


def batch_pdf(story: Story, items: Sequence[T], info: BranchInfo, lang: str, *, title: str,
              page: PageFormat = A4_PORTRAIT, subtitle: str = "", printed_at: dt.datetime | None = None,
              progress: Progress | None = None, workers: int | None = None) -> bytes:
    """``story`` over ``items`` as one PDF; ``title`` is an msgid (translated here).
    ``story`` must be a module-level function (workers may be spawned, not forked)."""
    printed_at = printed_at or dt.datetime.now()
    n = default_workers(len(items)) if workers is None else max(1, min(workers, len(items)))
    if n <= 1:
        ctx = PrintContext.create(info, lang, printed_at)
        return build_pdf(ctx, ctx.gettext(title), story(ctx, items), page=page, subtitle=subtitle,
                         progress=progress)
    size, extra = divmod(len(items), n)
    parts: list[Sequence[T]] = []
    start = 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        parts.append(items[start:end])
        start = end
    return _parallel(parts, (story, info, lang, printed_at, title, page, subtitle), progress)


def _part(conn: Connection, part: Sequence[Any], job: tuple[Any, ...]) -> None:
    """A worker: lay out one part, report pages as they come, learn the numbering, send the PDF."""
    story, info, lang, printed_at, title, page, subtitle = job
    try:
        ctx = PrintContext.create(info, lang, printed_at)

        def numbering(pages: int) -> tuple[int, int]:
            conn.send(("pages", pages))
            offset, total = conn.recv()
            return offset, total

        pdf = build_pdf(ctx, ctx.gettext(title), story(ctx, part), page=page, subtitle=subtitle,
                        progress=lambda done: conn.send(("progress", done)), numbering=numbering)
        conn.send(("pdf", pdf))
    except BaseException:  # noqa: BLE001 - everything goes back to the parent
        conn.send(("error", traceback.format_exc()))
    finally:
        conn.close()


def _parallel(parts: list[Sequence[Any]], job: tuple[Any, ...], progress: Progress | None) -> bytes:
    mp: Any = process_context()
    procs: list[Any] = []
    conns: list[Connection] = []
    try:
        for part in parts:
            mine, theirs = mp.Pipe()
            proc = mp.Process(target=_part, args=(theirs, part, job), daemon=True)
            proc.start()
            theirs.close()
            procs.append(proc)
            conns.append(mine)
        done = [0] * len(parts)
        pages: list[int | None] = [None] * len(parts)
        pdfs: list[bytes | None] = [None] * len(parts)
        index = {id(c): i for i, c in enumerate(conns)}
        while any(p is None for p in pdfs):
            for ready in wait([c for c, p in zip(conns, pdfs, strict=True) if p is None]):
                i = index[id(ready)]
                try:
                    kind, value = conns[i].recv()
                except EOFError:
                    raise BatchFailed(f"printing worker {i + 1} ended without its part") from None
                if kind == "progress":
                    done[i] = value
                    if progress is not None:
                        progress(sum(done))
                elif kind == "pages":
                    pages[i] = value
                    if all(p is not None for p in pages):
                        counts = [p or 0 for p in pages]
                        for k, c in enumerate(conns):
                            c.send((sum(counts[:k]), sum(counts)))
                elif kind == "pdf":
                    pdfs[i] = value
                else:
                    raise BatchFailed(value)
        return _join([p or b"" for p in pdfs])
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
            proc.join()
        for conn in conns:
            conn.close()


def _join(pdfs: list[bytes]) -> bytes:
    """The parts' pages in order in one PDF, with the first part's title, author and language."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter()
    first = PdfReader(io.BytesIO(pdfs[0]))
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)))
    if first.metadata:
        writer.add_metadata({k: str(v) for k, v in first.metadata.items()})
    root: Any = first.trailer["/Root"]
    lang = root.get_object().get("/Lang")
    if lang is not None:
        writer._root_object[NameObject("/Lang")] = lang
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
