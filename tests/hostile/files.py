"""Hostile upload files built on the fly: workbooks with a lying size tag, zip bombs, XML with
DTDs (billion laughs, external entities), for the declaration and statement importers' tests."""

from __future__ import annotations

import io
import zipfile

BILLION_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b"]>\n")
XXE = b'<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def workbook(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def rezip(data: bytes, changes: dict[str, bytes]) -> bytes:
    """The zip ``data`` with some members' contents replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, changes.get(info.filename, src.read(info.filename)))
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def member(data: bytes, name: str = SHEET) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def understated(data: bytes) -> bytes:
    """The workbook with its sheet's size tag claiming one row fewer than it has."""
    sheet = member(data)
    start = sheet.index(b'<dimension ref="') + len(b'<dimension ref="')
    end = sheet.index(b'"', start)
    ref = sheet[start:end]
    first, _sep, last = ref.partition(b":")
    col = last.rstrip(b"0123456789")
    row = int(last[len(col):])
    return rezip(data, {SHEET: sheet[:start] + first + b":" + col + str(row - 1).encode() + sheet[end:]})


def with_doctype(data: bytes, prolog: bytes, entity: bytes = b"&lol9;") -> bytes:
    """The workbook whose sheet XML starts with ``prolog`` (a DTD) and uses ``entity`` in a cell."""
    sheet = member(data)
    body = sheet[sheet.index(b"<worksheet"):]
    body = body.replace(b"<t>", b"<t>" + entity, 1)
    return rezip(data, {SHEET: prolog + body})


def zip_bomb(expanded_mb: int = 400) -> bytes:
    """An .xlsx-shaped zip of about 400 KB whose sheet expands to ``expanded_mb`` MB of blanks."""
    out = io.BytesIO()
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        with z.open(SHEET, "w") as f:
            f.write(b'<worksheet><sheetData>')
            for _ in range(expanded_mb):
                f.write(chunk)
            f.write(b"</sheetData></worksheet>")
    return out.getvalue()


def lying_bomb(data: bytes) -> bytes:
    """``data`` (a zip) with every member's declared size in the central directory set to 1000
    bytes, so the declared sizes pass and only reading can tell."""
    buf = bytearray(data)
    pos = 0
    while True:
        pos = buf.find(b"PK\x01\x02", pos)
        if pos < 0:
            return bytes(buf)
        if int.from_bytes(buf[pos + 24:pos + 28], "little") != 0xFFFFFFFF:
            buf[pos + 24:pos + 28] = (1000).to_bytes(4, "little")
        pos += 4
