"""Chain heads anchored outside the database: signed checkpoints.

At each counter day close, 10-day report and month close, :func:`anchor` reads the head of every
chain (each journal's and each record kind's), records their digest in the audit log (so the
document can print it) and appends a checkpoint line to the branch's checkpoint file, signed with
the branch's Ed25519 key. :func:`verify_checkpoints` proves the database still holds, at each
checkpoint's chain positions, the very hashes the checkpoint recorded: whoever edits a posted
entry and recomputes its chain, balances and heads still cannot recompute a signed line kept
elsewhere.

Settings (environment): ``BRANCH_DESKTOP_CHECKPOINTS`` (the checkpoint file: appended to only
when set), ``BRANCH_DESKTOP_KEY`` (the encrypted private key, PEM; default in the user config
folder; its public key beside it, ``.pub``), ``BRANCH_DESKTOP_KEY_PASSPHRASE``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_config_dir
from sqlalchemy import Connection, select

from branch_desktop.core.branch import BranchContext
from branch_desktop.core.checkpoint_digest import ACTION as ACTION
from branch_desktop.core.checkpoint_digest import read_digest
from branch_desktop.core.errors import ValidationError
from branch_desktop.core.ledger.chain import GENESIS, encode
from branch_desktop.core.ledger.models import Entry, Journal
from branch_desktop.core.ledger.verify import VerifyReport
from branch_desktop.core.models import RecordHead, RecordLink, utcnow
from branch_desktop.core.security import Actor, audit
from branch_desktop.core.storage import DriverCursor

if TYPE_CHECKING:  # cryptography is imported where a key is made, opened or checked
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ENV_FILE = "BRANCH_DESKTOP_CHECKPOINTS"
ENV_KEY = "BRANCH_DESKTOP_KEY"
ENV_PASSPHRASE = "BRANCH_DESKTOP_KEY_PASSPHRASE"


def key_path() -> Path:
    configured = os.environ.get(ENV_KEY)
    return Path(configured) if configured else Path(user_config_dir("branch-desktop", "BranchDesktop")) / "branch-key.pem"


def public_key_path(private: Path) -> Path:
    return private.with_suffix(".pub")


def init_key(path: Path, passphrase: str) -> str:
    """Create the branch's signing key, encrypted with the passphrase; returns the public key (hex)."""
    if len(passphrase) < 8:
        raise ValidationError("The passphrase must be at least 8 characters long.")
    if path.exists():
        raise ValidationError("{path} exists already; a branch keeps its key.", path=str(path))
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.BestAvailableEncryption(passphrase.encode("utf-8")))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    public_key_path(path).write_text(public + "\n", encoding="ascii")
    return public


def load_key(path: Path, passphrase: str) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(path.read_bytes(), passphrase.encode("utf-8"))
    except (ValueError, TypeError):
        raise ValidationError("The passphrase does not open the key {path}.", path=str(path)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ValidationError("{path} is not an Ed25519 key.", path=str(path))
    return key


def _signer() -> Ed25519PrivateKey | None:
    path, passphrase = key_path(), os.environ.get(ENV_PASSPHRASE)
    if not path.exists() or not passphrase:
        return None
    return load_key(path, passphrase)


# -- the heads ----------------------------------------------------------------------------------


def read_heads(conn: Connection) -> dict[str, dict[str, list[object]]]:
    return {
        "journals": {code: [length, head] for code, length, head in
                     conn.execute(select(Journal.code, Journal.chain_length, Journal.chain_head).order_by(Journal.code))},
        "records": {kind: [length, head] for kind, length, head in
                    conn.execute(select(RecordHead.kind, RecordHead.length, RecordHead.head).order_by(RecordHead.kind))},
    }


def digest_of(heads: dict[str, dict[str, list[object]]]) -> str:
    return hashlib.sha256(encode(heads).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    event: str
    ref: str
    digest: str
    signed: bool
    file: Path | None


def anchor(ctx: BranchContext, actor: Actor, event: str, ref: str, file: Path | None = None) -> Checkpoint:
    """Take a checkpoint of every chain head now (after the caller's transaction committed)."""
    with ctx.db.write() as s:
        heads = read_heads(s.connection())
        digest = digest_of(heads)
        audit(s, actor, ACTION, event, ref, digest=digest)
    target = file or (Path(os.environ[ENV_FILE]) if os.environ.get(ENV_FILE) else None)
    signed = False
    if target is not None:
        doc: dict[str, object] = {"v": 1, "branch": ctx.name, "event": event, "ref": ref,
                                  "at": utcnow().isoformat(timespec="seconds"), "by": actor.username,
                                  "heads": heads, "digest": digest}
        key = _signer()
        if key is not None:
            from cryptography.hazmat.primitives import serialization

            doc["public_key"] = key.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
            doc["signature"] = key.sign(encode(doc).encode("utf-8")).hex()
            signed = True
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as f:
            f.write(encode(doc) + "\n")
            f.flush()
            os.fsync(f.fileno())
    return Checkpoint(event, ref, digest, signed, target)


def recorded_digest(conn: Connection, event: str, ref: str) -> str:
    """The digest of the latest checkpoint taken for this document ("" if none)."""
    return read_digest(DriverCursor(conn), event, ref)


# -- verifying ----------------------------------------------------------------------------------


def verify_checkpoints(ctx: BranchContext, file: Path, report: VerifyReport, public_key: str | None = None) -> int:
    """Check every line of the checkpoint file: its signature, then that each chain still holds
    the recorded hash at the recorded length. Returns how many checkpoints were checked."""
    if not file.is_file():
        report.bad(f"checkpoints {file}", "the file does not exist")
        return 0
    trusted = public_key
    pub = public_key_path(key_path())
    if trusted is None and pub.exists():
        trusted = pub.read_text(encoding="ascii").strip()
    count = 0
    with ctx.db.read() as s:
        conn = s.connection()
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            count += 1
            where = f"checkpoint {n} of {file.name}"
            try:
                doc = json.loads(line)
                heads = doc["heads"]
            except (ValueError, KeyError, TypeError):
                report.bad(where, "not a checkpoint line")
                continue
            where = f"checkpoint {n} ({doc.get('event')} {doc.get('ref')}, {doc.get('at')})"
            problem = _signature_problem(doc, trusted)
            if problem:
                report.bad(where, problem)
                continue
            if digest_of(heads) != doc.get("digest"):
                report.bad(where, "its digest does not match its heads")
                continue
            for what in _mismatches(conn, heads):
                report.bad(where, what)
    return count


def _signature_problem(doc: dict, trusted: str | None) -> str:
    signature = doc.get("signature")
    if not signature:
        return "" if trusted is None else "it is not signed"
    key_hex = str(doc.get("public_key", ""))
    if trusted is not None and key_hex != trusted:
        return "it is signed with another key than the branch's"
    body = {k: v for k, v in doc.items() if k != "signature"}
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(key_hex)).verify(bytes.fromhex(signature),
                                                                          encode(body).encode("utf-8"))
    except (InvalidSignature, ValueError):
        return "its signature is not valid (the line was changed)"
    return ""


def _mismatches(conn: Connection, heads: dict) -> list[str]:
    out = []
    journal_ids = dict(conn.execute(select(Journal.code, Journal.id)).all())
    for code, (length, head) in heads.get("journals", {}).items():
        have = GENESIS if length == 0 else conn.execute(select(Entry.hash).where(
            Entry.journal_id == journal_ids.get(code, -1), Entry.chain_index == length)).scalar()
        if have != head:
            out.append(f"journal {code} no longer holds the checkpoint's entry {length} of its chain "
                       "(posted entries were changed, removed or re-chained)")
    for kind, (length, head) in heads.get("records", {}).items():
        have = GENESIS if length == 0 else conn.execute(select(RecordLink.hash).where(
            RecordLink.kind == kind, RecordLink.position == length)).scalar()
        if have != head:
            out.append(f"the {kind} chain no longer holds the checkpoint's record {length}")
    return out
