"""Hand-made hostile spreadsheets for the import tests: zip archives with hand-written XML.

Each builder returns bytes as an attacker (or a broken exporter) would upload them. They are made
here rather than with openpyxl, which would not write a lying dimension, entities or a zip bomb.
"""

from __future__ import annotations

import io
import struct
import zipfile

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
    '<sheets><sheet name="Romprogram" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    '<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
    '<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
    '<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
    '<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
    '<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>'
    f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&secret;</t></si></sst>'
)


def inline(ref: str, text: str) -> str:
    """An inline-string cell (no shared strings needed)."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def number(ref: str, value: object) -> str:
    return f'<c r="{ref}"><v>{value}</v></c>'


def sheet_xml(rows: dict[int, list[str]], dimension: str = "A1:XFD1048576") -> str:
    """A worksheet whose <dimension> claims `dimension`, with the given cells per row number."""
    body = "".join(f'<row r="{n}">{"".join(cells)}</row>' for n, cells in rows.items())
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    )


SHARED_STRINGS = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="0" uniqueCount="0"></sst>'


def workbook(sheet: str, shared_strings: str = SHARED_STRINGS, extra: dict[str, bytes | str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", shared_strings)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def huge_dimension_last_cell() -> bytes:
    """The finding: about 1 KB that declares A1:XFD1048576 and has its one value in the very last cell."""
    return workbook(sheet_xml({1: [inline("A1", "Tekst")], 1048576: [inline("XFD1048576", "x")]}))


def huge_dimension_last_row(header: list[str], last: list[str]) -> bytes:
    """A header in row 1 and one row of values in row 1048576, column A onwards; nothing between."""
    columns = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    first = [inline(f"{columns[i]}1", text) for i, text in enumerate(header)]
    far = [inline(f"{columns[i]}1048576", text) for i, text in enumerate(last)]
    return workbook(sheet_xml({1: first, 1048576: far}))


def zip_bomb(megabytes: int = 50) -> bytes:
    """A valid-looking workbook whose sheet unpacks to `megabytes` of XML whitespace."""
    padding = " " * (megabytes * 1024 * 1024)
    return workbook(sheet_xml({1: [inline("A1", "Tekst")]}).replace("<sheetData>", padding + "<sheetData>"))


def lying_zip_directory() -> bytes:
    """A workbook whose zip directory declares the sheet far smaller than it unpacks to.

    The declared size passes every check made before unpacking; reading must still stop at it.
    """
    data = bytearray(workbook(sheet_xml({n: [inline(f"A{n}", "Tekst " * 50)] for n in range(1, 2000)})))
    name = b"xl/worksheets/sheet1.xml"
    # (signature, offset of the uncompressed size, of the name's length, of the name): local header, directory
    for signature, size_offset, length_offset, name_offset in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_length = struct.unpack_from("<H", data, start + length_offset)[0]
            if data[start + name_offset : start + name_offset + name_length] == name:
                struct.pack_into("<I", data, start + size_offset, 1000)
            start += 4
    return bytes(data)


def not_a_zip() -> bytes:
    return b"\x00\x01\x02\x03" + bytes(range(256)) * 4


def truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]
