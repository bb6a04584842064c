"""Files a user hands the application (declarations, bank statements): size limits, zip archives
checked before a library opens them, XML without document type declarations.

Every refusal is a ``ValidationError`` naming the file and, where it applies, the member or line.
Nothing here writes anything.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from branch_desktop.core.errors import ValidationError


@dataclass(frozen=True)
class ZipLimits:
    """What a zip-based upload (an .xlsx workbook) may expand to."""

    max_members: int = 2_000
    max_total: int = 200 * 1024 * 1024  # bytes, all members decompressed
    max_ratio: int = 200  # decompressed / compressed, for members past ``ratio_floor``
    ratio_floor: int = 1024 * 1024


DEFAULT_ZIP_LIMITS = ZipLimits()
_CHUNK = 64 * 1024
# A document type declaration or an entity declaration: refused in every uploaded XML (billion
# laughs, external entities). Matched in ASCII-compatible encodings and in UTF-16.
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DTD_UTF16 = [re.compile(b"\\x00?".join(bytes([c]) for c in word), re.IGNORECASE) for word in (b"<!DOCTYPE", b"<!ENTITY")]
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def read_upload(path: Path, max_bytes: int) -> bytes:
    """The bytes of a file the user chose, refused (before reading it) when missing or too large."""
    try:
        size = path.stat().st_size
    except OSError:
        raise ValidationError("The file {file} does not exist or cannot be read.", file=str(path)) from None
    if not path.is_file():
        raise ValidationError("The file {file} does not exist or cannot be read.", file=str(path))
    check_size(size, max_bytes, path.name)
    try:
        return path.read_bytes()
    except OSError:
        raise ValidationError("The file {file} does not exist or cannot be read.", file=str(path)) from None


def check_size(size: int, max_bytes: int, name: str) -> None:
    if size > max_bytes:
        raise ValidationError("{file} is larger than {limit} MB.", file=name, limit=max(1, max_bytes // (1024 * 1024)))


def refuse_dtd(data: bytes, where: str) -> None:
    """Refuse XML that declares a document type or entities (billion laughs, XXE)."""
    if _DTD.search(data) or any(p.search(data) for p in _DTD_UTF16):
        raise ValidationError("{where}: a document type or entity declaration (DTD) is not allowed.", where=where)


def check_zip(data: bytes, name: str, limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> None:
    """Check a zip archive before any library opens it: member count, every member's declared
    size and compression ratio, then its actual decompressed size (read in chunks, stopping at the
    limit, so a lying header cannot make it expand), and no DTD in any XML member."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ValidationError("{file} is not a readable Excel workbook (not a zip archive).", file=name) from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise ValidationError("{file} holds {count} parts; at most {limit} are allowed.", file=name,
                                  count=len(members), limit=limits.max_members)
        declared = 0
        for info in members:
            declared += info.file_size
            _check_ratio(name, info.filename, info.file_size, info.compress_size, limits)
        if declared > limits.max_total:
            raise ValidationError("{file} expands to more than {limit} MB.", file=name,
                                  limit=limits.max_total // (1024 * 1024))
        total = 0
        for info in members:
            total += _read_member(archive, info, name, limits, limits.max_total - total)


def _check_ratio(name: str, member: str, size: int, compressed: int, limits: ZipLimits) -> None:
    if size > limits.ratio_floor and size > limits.max_ratio * max(compressed, 1):
        raise ValidationError("{file}: the part {member} expands {ratio} times; a zip bomb is refused.", file=name,
                              member=member[:80], ratio=size // max(compressed, 1))


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: ZipLimits, room: int) -> int:
    xml = info.filename.lower().endswith(_XML_SUFFIXES)
    read = 0
    tail = b""
    try:
        with archive.open(info) as f:
            while True:
                chunk = f.read(_CHUNK)
                if not chunk:
                    break
                read += len(chunk)
                if read > room or read > info.file_size:
                    raise ValidationError("{file} expands to more than {limit} MB.", file=name,
                                          limit=limits.max_total // (1024 * 1024))
                _check_ratio(name, info.filename, read, info.compress_size, limits)
                if xml:
                    window = tail + chunk
                    refuse_dtd(window, f"{name}: {info.filename[:80]}")
                    tail = window[-32:]
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
        raise ValidationError("{file}: the part {member} is damaged.", file=name, member=info.filename[:80]) from None
    return read
