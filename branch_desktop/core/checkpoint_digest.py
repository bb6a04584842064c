"""The digest a checkpoint recorded for a document (a month close, a day close), read on the driver's
statements (``core.driver``): shared by ``core.checkpoints`` and the command line's fast path, which
imports neither SQLAlchemy nor the signing keys' library."""

from __future__ import annotations

import json
from typing import Any

ACTION = "chain.checkpoint"  # the audit action of a checkpoint

_LATEST = ("SELECT details FROM audit_log WHERE action = ? AND object_type = ? AND object_id = ? "
           "ORDER BY id DESC LIMIT 1")


def read_digest(cursor: Any, event: str, ref: str) -> str:
    """The digest of the latest checkpoint taken for this document ("" if none)."""
    found = cursor.rows(_LATEST, (ACTION, event, ref))
    details = found[0][0] if found else None
    if not details:
        return ""
    try:
        return str(json.loads(details).get("digest", ""))
    except (ValueError, AttributeError):
        return ""
