"""How worker processes are started (the ledger's verify, batches of printed documents)."""

from __future__ import annotations

import threading
from multiprocessing import get_all_start_methods, get_context
from multiprocessing.context import BaseContext


def process_context() -> BaseContext:
    """Workers are forked from a single-threaded process (the command line: they start at once and
    import nothing) and spawned from a threaded one (the GUI), where forking is unsafe."""
    if threading.active_count() == 1 and "fork" in get_all_start_methods():
        return get_context("fork")
    return get_context("spawn")
