"""The one safe reader for uploaded tables (CSV and XLSX), used by every importer.

Uploaded spreadsheets are hostile input. This module reads them in time and memory bounded by
`TableLimits`, and turns every way a file can be wrong into a `TableError` whose message is a
sentence for the user (never a traceback, never a cell's content):

- XLSX: the zip directory is checked before anything is unpacked (member count, declared sizes,
  compression ratio: zip bombs); the XML is parsed by defusedxml's parser (no DTDs, no entity
  declarations: no "billion laughs"), in a streaming way, and only the cells that exist in the
  file are visited. The sheet's declared `<dimension>` is ignored: a 2 KB file that declares
  A1:XFD1048576 costs what its few cells cost. Rows and columns are capped as they are read.
- CSV: UTF-8 (with or without BOM), UTF-16/UTF-32 (with a BOM, or UTF-16 recognised by its NUL
  bytes), Windows-1252 line by line for the lines that are not UTF-8 (with a notice); a NUL
  character, a cell over the csv module's field limit and an unbalanced quotation mark that
  merges rows are reported with the line number.

Reading does not redact personal data: callers run the personal-data guard on the result.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

Value = str | int | float | bool | datetime | date | time | timedelta | None


@dataclass(frozen=True)
class TableLimits:
    """Caps for one kind of import; every importer passes its own (see `dataclasses.replace`)."""

    max_bytes: int = 5 * 1024 * 1024  # the file as uploaded
    max_rows: int = 20_000  # rows with content, not counting the header row
    max_columns: int = 200  # a value in a column further right is refused
    max_cells: int = 2_000_000  # cells kept in memory, over all rows
    max_unpacked: int = 64 * 1024 * 1024  # XLSX: all zip members together, as declared
    max_ratio: int = 100  # XLSX: unpacked size / compressed size of one member
    max_members: int = 1000  # XLSX: entries in the zip directory
    # XLSX: cells and rows that exist only for their formatting. Each costs parsing time while
    # holding nothing, so a file full of them is the slowest file that passes the other caps.
    max_empty: int = 1_000_000


class TableError(Exception):
    """The file cannot be read; the message is a sentence for the user."""


@dataclass(frozen=True)
class Notice:
    """Something the user should check before importing (the file was still read).

    `row` counts rows with content as a spreadsheet does (the header is row 1); `first_line` and
    `last_line` are lines of the file. Notices hold numbers only, never cell text, so they can be
    stored as they are.
    """

    kind: str  # one of the NOTICE_* constants
    row: int | None = None
    first_line: int | None = None
    last_line: int | None = None
    lines: tuple[int, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "row": self.row,
            "first_line": self.first_line,
            "last_line": self.last_line,
            "lines": list(self.lines),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Notice:
        return cls(
            kind=str(data.get("kind", "")),
            row=data.get("row"),
            first_line=data.get("first_line"),
            last_line=data.get("last_line"),
            lines=tuple(data.get("lines") or ()),
        )

    @property
    def message(self) -> str:
        if self.kind == NOTICE_MERGED_ROWS:
            return _(
                "Row %(row)d takes up lines %(first)d–%(last)d of the file and has line breaks with separators "
                "inside a cell: a quotation mark is probably missing, so several rows were read as one. "
                "Correct the file and upload it again, or check the row before importing."
            ) % {"row": self.row, "first": self.first_line, "last": self.last_line}
        if self.kind == NOTICE_UNBALANCED_QUOTES:
            return _(
                "The file has an odd number of quotation marks: one is probably missing. "
                "Check in the preview that the rows were read as intended."
            )
        if self.kind == NOTICE_CP1252:
            shown = ", ".join(str(n) for n in self.lines[:10]) + (" …" if len(self.lines) > 10 else "")
            return _(
                "These lines were not valid UTF-8 and were read as Windows-1252: %(lines)s. "
                "Check that æ, ø and å look right in the preview."
            ) % {"lines": shown}
        return _("Check the file before importing.")


NOTICE_MERGED_ROWS = "merged_rows"
NOTICE_UNBALANCED_QUOTES = "unbalanced_quotes"
NOTICE_CP1252 = "cp1252"


@dataclass(frozen=True)
class TableRow:
    number: int  # the row's number in the sheet, or its first line in a CSV file
    cells: list[Value]


@dataclass
class Table:
    rows: list[TableRow] = field(default_factory=list)  # only rows with at least one value
    notices: list[Notice] = field(default_factory=list)


def read_table(data: bytes, file_name: str, limits: TableLimits, *, sheet_name: str | None = None) -> Table:
    """Read a .csv/.txt or .xlsx upload by its name, or raise TableError with a sentence."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(data, limits, sheet_name=sheet_name)
    if suffix in (".csv", ".txt"):
        return read_csv(data, limits)
    raise TableError(_("Only CSV and Excel (.xlsx) files can be imported."))


def check_size(size: int, limits: TableLimits) -> None:
    if size > limits.max_bytes:
        raise TableError(
            _("The file is too large: at most %(size)s can be imported.") % {"size": _megabytes(limits.max_bytes)}
        )


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


class _Caps:
    """Counts rows and cells as they are read, and stops the read as soon as a cap is passed."""

    def __init__(self, limits: TableLimits) -> None:
        self.limits = limits
        self.cells = 0
        self.rows = 0
        self.empty = 0

    def add_empty(self) -> None:
        self.empty += 1
        if self.empty > self.limits.max_empty:
            raise TableError(
                _(
                    "The sheet has more than %(limit)d formatted but empty cells. Copy the data to a new sheet, "
                    "or clear the formatting of the unused cells, and try again."
                )
                % {"limit": self.limits.max_empty}
            )

    def add_row(self, width: int) -> None:
        self.rows += 1
        self.cells += width
        if self.rows > self.limits.max_rows + 1:  # + the header row
            raise TableError(
                _("The file has more than %(limit)d rows of data. Split it into smaller files.")
                % {"limit": self.limits.max_rows}
            )
        if self.cells > self.limits.max_cells:
            raise TableError(
                _("The file has more than %(limit)d cells. Remove columns that are not needed, or split it.")
                % {"limit": self.limits.max_cells}
            )

    def check_column(self, column: int, where: str) -> None:
        if column > self.limits.max_columns:
            raise TableError(
                _("The file has a value in column %(column)d (%(where)s), but at most %(limit)d columns can be read.")
                % {"column": column, "where": where, "limit": self.limits.max_columns}
            )


# --- CSV ----------------------------------------------------------------------------------------


def read_csv(data: bytes, limits: TableLimits) -> Table:
    check_size(len(data), limits)
    text, notices = decode_text(data)
    nul = text.find("\x00")
    if nul >= 0:
        raise TableError(
            _(
                "Line %(line)d contains a NUL character, which does not belong in a text file. "
                "Save the file again as CSV (UTF-8) and upload it again."
            )
            % {"line": text.count("\n", 0, nul) + 1}
        )
    # Other control characters (a vertical tab pasted from Word, say) are stored fine but make the
    # XLSX exports fail later (XML 1.0 cannot hold them): they become spaces.
    text = text.translate(_CONTROL_TO_SPACE)
    dialect = _sniff_dialect(text[:8192])
    table = Table(notices=notices)
    caps = _Caps(limits)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    first_line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise TableError(_csv_error_message(error, reader.line_num)) from None
        last_line = reader.line_num
        if any(cell.strip() for cell in record):
            if len(record) > limits.max_columns:
                caps.check_column(len(record), _("line %(line)d") % {"line": first_line})
            caps.add_row(len(record))
            table.rows.append(TableRow(first_line, list(record)))
            if last_line > first_line and _swallowed_rows(record, dialect.delimiter):
                table.notices.append(
                    Notice(NOTICE_MERGED_ROWS, row=len(table.rows), first_line=first_line, last_line=last_line)
                )
        first_line = last_line + 1
    if text.count('"') % 2 and not any(n.kind == NOTICE_MERGED_ROWS for n in table.notices):
        table.notices.append(Notice(NOTICE_UNBALANCED_QUOTES))
    return table


def _csv_error_message(error: csv.Error, line: int) -> str:
    if "field larger than field limit" in str(error):
        return _(
            "A cell on line %(line)d is longer than %(limit)d characters, the most a cell can hold. "
            "A quotation mark may be missing before that line."
        ) % {"line": line, "limit": csv.field_size_limit()}
    return _("The CSV file could not be read at line %(line)d. Save it again as CSV (UTF-8) and retry.") % {
        "line": line
    }


def _swallowed_rows(record: list[str], delimiter: str) -> bool:
    """A cell with line breaks, where a later line holds the separator: rows merged by a missing quote.

    A cell with ordinary line breaks (a multi-line answer, correctly quoted) has no separators on its
    later lines, so it does not count.
    """
    for cell in record:
        if "\n" in cell or "\r" in cell:
            later = cell.splitlines()[1:]
            if any(delimiter in line for line in later):
                return True
    return False


_CONTROL_TO_SPACE = dict.fromkeys([*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)], " ")
_QUOTED = re.compile(r'"[^"]*"')
DELIMITERS = ";,\t"  # in order of preference on a tie: Excel in Norway writes semicolons


def _sniff_dialect(sample: str) -> type[csv.Dialect]:
    """Excel's CSV dialect with the separator the first lines use most consistently.

    Not csv.Sniffer: its regular expressions take time that grows with the square of the sample on
    crafted input; this takes linear time. Quoted text is left out, so a comma inside an answer
    does not count.
    """
    lines = [line for line in _QUOTED.sub("", sample).splitlines()[:50] if line.strip()]

    def score(delimiter: str) -> tuple[int, int]:
        counts = [line.count(delimiter) for line in lines]
        if not counts or counts[0] == 0:
            return (0, 0)
        return (sum(1 for c in counts if c == counts[0]), sum(counts))

    best = max(DELIMITERS, key=score)  # max keeps the first of equals

    class Dialect(csv.excel):
        delimiter = best

    return Dialect


_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def decode_text(data: bytes) -> tuple[str, list[Notice]]:
    """Text of a CSV file and notices: UTF-8/16/32 by BOM, UTF-16 by its NULs, else UTF-8 with Windows-1252 lines."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data[len(bom) :], encoding), []
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        return _decode_strict(data, utf16), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    # Mixed files happen when rows are pasted together from several sources: decode each line on
    # its own, so that UTF-8 lines keep their æøå and Windows-1252 lines get theirs.
    parts: list[str] = []
    fallback: list[int] = []
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            parts.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            parts.append(line.decode("cp1252", errors="replace"))
            fallback.append(number)
    return "".join(parts), [Notice(NOTICE_CP1252, lines=tuple(fallback))]


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text in a Latin script has a NUL in every other byte: LE at odd offsets, BE at even ones."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode_strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise TableError(
            _("The file looks like %(encoding)s text but could not be read as such. Save it again as CSV (UTF-8).")
            % {"encoding": encoding.upper()}
        ) from None


# --- XLSX ---------------------------------------------------------------------------------------

_MAX_SHEET_ROW = 1_048_576  # Excel's last row; a row number past it means a damaged or crafted file
_READ_CHUNK = 64 * 1024


def read_xlsx(data: bytes, limits: TableLimits, *, sheet_name: str | None = None) -> Table:
    """The rows with values of one sheet (the one called `sheet_name`, else the first)."""
    check_size(len(data), limits)
    if not data.startswith(b"PK\x03\x04"):
        if _looks_like_text(data[:4096]):
            raise TableError(
                _(
                    "The file is named .xlsx but holds plain text (probably CSV), not an Excel workbook. "
                    "Open it in Excel and save it as an Excel workbook (.xlsx)."
                )
            )
        raise TableError(_("The file is not a valid Excel (.xlsx) file."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise TableError(_("The Excel file is damaged or incomplete. Save it again as .xlsx and retry.")) from None
    with archive:
        _check_archive(archive, limits)
        try:
            return _XlsxReader(archive, limits).read(sheet_name)
        except TableError:
            raise
        except DefusedXmlException:
            raise TableError(
                _("The Excel file contains XML declarations that are not allowed in a spreadsheet. It was not read.")
            ) from None
        except Exception:  # a damaged member: bad CRC, cut-off XML, unreadable numbers ...
            # Logged without the message: it could quote a cell.
            logger.warning("Unreadable XLSX upload", exc_info=False)
            raise TableError(_("The Excel file is damaged or incomplete. Save it again as .xlsx and retry.")) from None


def _looks_like_text(head: bytes) -> bool:
    """Whether the start of a file decodes to printable text (a CSV saved under an .xlsx name)."""
    if not head:
        return False
    try:
        decoded, _notices = decode_text(head[: len(head) // 4 * 4])
    except TableError:
        return False
    printable = sum(1 for ch in decoded if ch.isprintable() or ch in "\r\n\t")
    return printable >= 0.95 * len(decoded)


def _check_archive(archive: zipfile.ZipFile, limits: TableLimits) -> None:
    """Refuse zip bombs by the sizes the zip directory declares; zipfile then enforces them while reading."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise TableError(_("The Excel file has too many parts to be a spreadsheet. It was not read."))
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > limits.max_unpacked or (info.file_size > 1024 * 1024 and ratio > limits.max_ratio):
            raise TableError(
                _("The Excel file expands to far more data than a spreadsheet of this size should. It was not read.")
            )


class _XmlEvents:
    """A parser target that hands (event, local tag, attributes) to a callback; text is gathered on demand."""

    def __init__(self, on_start: Callable[[str, dict[str, str]], None], on_end: Callable[[str, str], None]) -> None:
        self.on_start = on_start
        self.on_end = on_end
        self.text: list[str] = []
        self.collect = False

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.on_start(tag.rpartition("}")[2], attrib)

    def end(self, tag: str) -> None:
        text = "".join(self.text)
        self.text.clear()
        self.on_end(tag.rpartition("}")[2], text)

    def data(self, text: str) -> None:
        if self.collect:
            self.text.append(text)

    def close(self) -> None:
        return None


def _parse(archive: zipfile.ZipFile, member: str, events: _XmlEvents) -> None:
    """Stream one zip member through defusedxml's parser (DTDs and entities refused)."""
    parser = DefusedXMLParser(target=events, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    with archive.open(member) as stream:
        while chunk := stream.read(_READ_CHUNK):
            parser.feed(chunk)
    parser.close()


def _resolve(base_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target)).lstrip("/")


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


class _XlsxReader:
    def __init__(self, archive: zipfile.ZipFile, limits: TableLimits) -> None:
        self.archive = archive
        self.names = set(archive.namelist())
        self.limits = limits
        self.caps = _Caps(limits)

    def read(self, sheet_name: str | None) -> Table:
        workbook_part = self._relations("").get("officeDocument", ["xl/workbook.xml"])[0]
        if workbook_part not in self.names:
            raise TableError(_("The file is not a valid Excel (.xlsx) file."))
        sheets, date1904 = self._sheets(workbook_part)
        if not sheets:
            raise TableError(_("The Excel file has no sheets."))
        target = next((t for name, t in sheets if name == sheet_name), sheets[0][1])
        related = self._relations(workbook_part)
        strings_part = related.get("sharedStrings", [""])[0]
        styles_part = related.get("styles", [""])[0]
        shared = self._shared_strings(strings_part) if strings_part in self.names else []
        date_styles = self._date_styles(styles_part) if styles_part in self.names else set()
        if target not in self.names:
            raise TableError(_("The Excel file is damaged or incomplete. Save it again as .xlsx and retry."))
        return _SheetReader(self, shared, date_styles, date1904).read(target)

    def _relations(self, part: str) -> dict[str, list[str]]:
        """Relationship type (last path segment) -> target parts, for a part ("" for the package)."""
        rels = "_rels/.rels" if part == "" else _rels_path(part)
        found: dict[str, list[str]] = {}
        if rels not in self.names:
            return found

        def on_start(tag: str, attrib: dict[str, str]) -> None:
            if tag == "Relationship" and attrib.get("TargetMode") != "External":
                kind = attrib.get("Type", "").rpartition("/")[2]
                found.setdefault(kind, []).append(_resolve(part or "/", attrib.get("Target", "")))

        _parse(self.archive, rels, _XmlEvents(on_start, lambda tag, text: None))
        return found

    def _sheets(self, workbook_part: str) -> tuple[list[tuple[str, str]], bool]:
        targets: dict[str, str] = {}
        rels = _rels_path(workbook_part)
        if rels in self.names:

            def on_rel(tag: str, attrib: dict[str, str]) -> None:
                if tag == "Relationship":
                    targets[attrib.get("Id", "")] = _resolve(workbook_part, attrib.get("Target", ""))

            _parse(self.archive, rels, _XmlEvents(on_rel, lambda tag, text: None))
        sheets: list[tuple[str, str]] = []
        flags = {"date1904": False}

        def on_start(tag: str, attrib: dict[str, str]) -> None:
            if tag == "sheet" and len(sheets) < 1000:
                # r:id, in the transitional or the strict relationships namespace
                rel_id = next((v for k, v in attrib.items() if k.endswith("}id")), "")
                target = targets.get(rel_id)
                if target:
                    sheets.append((attrib.get("name", ""), target))
            elif tag == "workbookPr":
                flags["date1904"] = attrib.get("date1904", "").lower() in ("1", "true")

        _parse(self.archive, workbook_part, _XmlEvents(on_start, lambda tag, text: None))
        return sheets, flags["date1904"]

    def _shared_strings(self, part: str) -> list[str]:
        strings: list[str] = []
        current: list[str] = []
        state = {"phonetic": 0}
        events: _XmlEvents

        def on_start(tag: str, attrib: dict[str, str]) -> None:
            if tag == "rPh":  # phonetic guide text (Japanese) is not part of the value
                state["phonetic"] += 1
            elif tag == "t":
                events.collect = state["phonetic"] == 0

        def on_end(tag: str, text: str) -> None:
            if tag == "t":
                current.append(text)
                events.collect = False
            elif tag == "rPh":
                state["phonetic"] -= 1
            elif tag == "si":
                # "_x005F_" escapes an underscore that would otherwise start an escape such as
                # "_x000D_"; like openpyxl, undo that and leave the other escapes as text.
                strings.append("".join(current).replace("x005F_", ""))
                current.clear()
                if len(strings) > self.limits.max_cells:
                    raise TableError(
                        _("The file has more than %(limit)d cells. Remove columns that are not needed, or split it.")
                        % {"limit": self.limits.max_cells}
                    )

        events = _XmlEvents(on_start, on_end)
        _parse(self.archive, part, events)
        return strings

    def _date_styles(self, part: str) -> set[int]:
        """Indices of cell styles whose number format shows a date or time."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        formats: dict[int, str] = dict(BUILTIN_FORMATS)
        xf_formats: list[int] = []
        state = {"in_cell_xfs": False}

        def on_start(tag: str, attrib: dict[str, str]) -> None:
            if tag == "numFmt":
                formats[_int(attrib.get("numFmtId"))] = attrib.get("formatCode", "")
            elif tag == "cellXfs":
                state["in_cell_xfs"] = True
            elif tag == "xf" and state["in_cell_xfs"] and len(xf_formats) < 65_536:
                xf_formats.append(_int(attrib.get("numFmtId")))

        def on_end(tag: str, text: str) -> None:
            if tag == "cellXfs":
                state["in_cell_xfs"] = False

        _parse(self.archive, part, _XmlEvents(on_start, on_end))
        return {i for i, fmt in enumerate(xf_formats) if fmt in formats and is_date_format(formats[fmt])}


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return -1


def _column_number(ref: str) -> int:
    """1-based column of a cell reference such as "AB12" (0 if it has no letters)."""
    number = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            number = number * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            number = number * 26 + ord(ch) - 96
        else:
            break
        if number > 1_000_000:
            break
    return number


class _SheetReader:
    """Streams a worksheet: keeps each row's values, nothing for empty cells or missing rows."""

    def __init__(self, book: _XlsxReader, shared: list[str], date_styles: set[int], date1904: bool) -> None:
        self.book = book
        self.shared = shared
        self.date_styles = date_styles
        self.epoch = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
        self.table = Table()
        self.row_number = 0
        self.row: dict[int, Value] = {}
        self.column = 0
        self.cell_type = "n"
        self.cell_style = 0
        self.value_text: str | None = None
        self.inline: list[str] = []
        self.phonetic = 0
        self.events = _XmlEvents(self.on_start, self.on_end)

    def read(self, part: str) -> Table:
        _parse(self.book.archive, part, self.events)
        return self.table

    def on_start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == "row":
            self.row_number = _int(attrib["r"]) if "r" in attrib else self.row_number + 1
            if not 0 < self.row_number <= _MAX_SHEET_ROW:
                raise TableError(_("The Excel file is damaged or incomplete. Save it again as .xlsx and retry."))
            self.row = {}
            self.column = 0
        elif tag == "c":
            ref = attrib.get("r")
            self.column = _column_number(ref) if ref else self.column + 1
            self.cell_type = attrib.get("t", "n")
            self.cell_style = _int(attrib.get("s"))
            self.value_text = None
            self.inline = []
        elif tag == "v":
            self.events.collect = True
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "t":
            self.events.collect = self.phonetic == 0

    def on_end(self, tag: str, text: str) -> None:
        if tag == "v":
            self.value_text = text
            self.events.collect = False
        elif tag == "t":
            if self.events.collect:
                self.inline.append(text)
            self.events.collect = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "c":
            value = self._value()
            if value is not None and value != "":
                self.book.caps.check_column(self.column, _("row %(row)d") % {"row": self.row_number})
                self.row[self.column] = value
            else:
                self.book.caps.add_empty()
        elif tag == "row" and not self.row:
            self.book.caps.add_empty()
        elif tag == "row":
            width = max(self.row)
            self.book.caps.add_row(width)
            cells: list[Value] = [None] * width
            for column, value in self.row.items():
                cells[column - 1] = value
            self.table.rows.append(TableRow(self.row_number, cells))

    def _value(self) -> Value:
        kind, text = self.cell_type, self.value_text
        if kind == "inlineStr":
            return "".join(self.inline)
        if text is None:
            return None
        if kind == "s":
            index = _int(text)
            if not 0 <= index < len(self.shared):
                raise TableError(_("The Excel file is damaged or incomplete. Save it again as .xlsx and retry."))
            return self.shared[index]
        if kind in ("str", "e", "d"):  # a formula's text result, an error such as #N/A, an ISO date
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        return self._number(text.strip())

    def _number(self, text: str) -> Value:
        if not text:
            return None
        number: int | float = int(text) if text.lstrip("-").isdigit() else float(text)
        if self.cell_style in self.date_styles and 0 <= number < 2_958_466:  # up to 9999-12-31
            moment = self.epoch + timedelta(days=float(number))
            if float(number) < 1:
                return moment.time()
            return moment if moment.time() != time() else moment.date()
        return number
