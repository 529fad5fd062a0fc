"""XLSX export of requirements, the room programme and the matrix; import of the room programme.

The room programme template is documented in docs/room-programme-template.md. Every text cell we
write goes through `safe_cell`, so a value such as "=HYPERLINK(...)" is never run as a formula.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from mulighetsrom.lib.spreadsheets import safe_cell, unescape_cell
from mulighetsrom.lib.tabular import TableError, TableLimits, read_xlsx
from mulighetsrom.needs.models import AreaTerm, FunctionGroup

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# The template has 12 columns; a value far to the right means the wrong file (or a crafted one).
PROGRAMME_LIMITS = TableLimits(max_bytes=MAX_UPLOAD_BYTES, max_rows=MAX_ROWS, max_columns=100, max_cells=200_000)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetml"
PROGRAMME_SHEET = "Romprogram"


def workbook_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook with one sheet per (title, header, rows); header in bold, every cell made safe."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.append([safe_cell(h) for h in header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- the room programme template ----------------------------------------------------------------

# (key, header written on export, accepted header spellings after normalisation)
PROGRAMME_COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("code", "Kode", ("kode", "code", "romkode")),
    ("name", "Navn", ("navn", "name", "romnavn")),
    ("function_group", "Funksjonsgruppe", ("funksjonsgruppe", "function group")),
    ("zone", "Sone", ("sone", "zone")),
    ("count", "Antall", ("antall", "count")),
    ("net_area", "Nettoareal per rom (m²)", ("nettoareal per rom", "nettoareal", "net area per room", "net area")),
    ("area_term", "Arealbegrep", ("arealbegrep", "area term")),
    ("requirements", "Krav", ("krav", "requirements")),
    ("adjacent", "Inntil", ("inntil", "adjacent")),
    ("near", "Nær", ("nær", "near")),
    ("separated", "Adskilt fra", ("adskilt fra", "adskilt", "separated")),
    ("notes", "Merknad", ("merknad", "notes", "note")),
]
REQUIRED_COLUMNS = ("code", "name", "function_group", "count", "net_area")
ADJACENCY_COLUMNS = {"adjacent": "adjacent", "near": "near", "separated": "separated"}

# Short Norwegian names written on export; the importer also takes the keys and the labels.
FUNCTION_GROUP_NAMES = {
    FunctionGroup.RESIDENTIAL: "bogruppe",
    FunctionGroup.COMMON: "fellesareal",
    FunctionGroup.STAFF: "personal",
    FunctionGroup.TREATMENT: "behandling og aktivitet",
    FunctionGroup.LOGISTICS: "logistikk og støtte",
    FunctionGroup.TECHNICAL: "teknisk",
    FunctionGroup.OTHER: "annet",
}


def _norm(text: Any) -> str:
    text = re.sub(r"\(.*?\)", "", str(text or "")).replace("_", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def function_group_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {_norm(name): str(key) for key, name in FUNCTION_GROUP_NAMES.items()}
    for key, label in FunctionGroup.choices:
        lookup[_norm(key)] = str(key)
        lookup[_norm(label)] = str(key)
    return lookup


@dataclass
class ProgrammeRow:
    line: int
    ref: str
    name: str
    function_group: str
    zone: str
    count: int
    net_area: Decimal
    area_term: str
    notes: str
    requirement_refs: list[str] = field(default_factory=list)
    adjacency: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportError_:
    line: int | None  # spreadsheet row number, None for a problem with the whole file
    message: str


@dataclass
class ParsedProgramme:
    rows: list[ProgrammeRow] = field(default_factory=list)
    errors: list[ImportError_] = field(default_factory=list)


def _codes(value: Any) -> list[str]:
    return [c.strip() for c in re.split(r"[,;\n]", str(value or "")) if c.strip()]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_cell(str(value).strip())


def _number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidOperation
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    number = Decimal(text)
    if not number.is_finite():
        raise InvalidOperation
    return number


def read_programme_sheet(data: bytes) -> tuple[list[tuple[int, tuple[Any, ...]]] | None, str]:
    """(row number, values) of the programme sheet's rows with values (first sheet if none is called
    Romprogram), or None and an error sentence. Read by the shared safe reader: only cells that exist."""
    try:
        table = read_xlsx(data, PROGRAMME_LIMITS, sheet_name=PROGRAMME_SHEET)
    except TableError as error:
        return None, str(error)
    return [(row.number, tuple(row.cells)) for row in table.rows], ""


def parse_programme(data: bytes, *, requirement_refs: set[str], existing_room_refs: set[str]) -> ParsedProgramme:
    """Validate every row of an uploaded room programme; return rows only when all are valid."""
    result = ParsedProgramme()
    sheet, error = read_programme_sheet(data)
    if sheet is None:
        result.errors.append(ImportError_(None, error))
        return result
    if not sheet:
        result.errors.append(ImportError_(None, _("The sheet is empty.")))
        return result
    columns = _map_header(sheet[0][1], result)
    if result.errors:
        return result
    groups, terms = function_group_lookup(), {t.lower(): t for t in AreaTerm.values}
    seen: dict[str, int] = {}
    for line, raw in sheet[1:]:
        cells = {key: raw[i] if i < len(raw) else None for key, i in columns.items()}
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        row = _parse_row(line, cells, groups, terms, requirement_refs, result)
        if row is None:
            continue
        if row.ref in seen:
            result.errors.append(
                ImportError_(
                    line, _("The code %(code)s is also used in row %(row)d.") % {"code": row.ref, "row": seen[row.ref]}
                )
            )
            continue
        seen[row.ref] = line
        result.rows.append(row)
    known = existing_room_refs | set(seen)
    for row in result.rows:
        for kind, refs in row.adjacency.items():
            for ref in refs:
                if ref == row.ref:
                    result.errors.append(ImportError_(row.line, _("A room type cannot be related to itself.")))
                elif ref not in known:
                    result.errors.append(
                        ImportError_(
                            row.line,
                            _("Unknown room type code %(code)s in “%(column)s”.") % {"code": ref, "column": kind},
                        )
                    )
    if not result.rows and not result.errors:
        result.errors.append(ImportError_(None, _("The sheet has no rooms.")))
    if result.errors:
        result.rows = []
    return result


def _map_header(header: tuple[Any, ...], result: ParsedProgramme) -> dict[str, int]:
    aliases = {alias: key for key, _h, names in PROGRAMME_COLUMNS for alias in names}
    columns: dict[str, int] = {}
    for i, title in enumerate(header):
        key = aliases.get(_norm(title))
        if key and key not in columns:
            columns[key] = i
    missing = [h for key, h, _n in PROGRAMME_COLUMNS if key in REQUIRED_COLUMNS and key not in columns]
    if missing:
        result.errors.append(
            ImportError_(None, _("Columns missing in the first row: %(columns)s.") % {"columns": ", ".join(missing)})
        )
    return columns


def _parse_row(
    line: int,
    cells: dict[str, Any],
    groups: dict[str, str],
    terms: dict[str, str],
    requirement_refs: set[str],
    result: ParsedProgramme,
) -> ProgrammeRow | None:
    errors: list[str] = []
    ref, name = _text(cells.get("code")), _text(cells.get("name"))
    if not ref:
        errors.append(_("The code is missing."))
    elif len(ref) > 20:
        errors.append(_("The code is too long: at most 20 characters."))
    if not name:
        errors.append(_("The name is missing."))
    group = groups.get(_norm(cells.get("function_group")))
    if group is None:
        errors.append(
            _("Unknown function group “%(value)s”. Use one of: %(allowed)s.")
            % {"value": _text(cells.get("function_group")), "allowed": ", ".join(FUNCTION_GROUP_NAMES.values())}
        )
    count = _parse_count(cells.get("count"), errors)
    area = _parse_area(cells.get("net_area"), errors)
    term_text = _text(cells.get("area_term")) or "NTA"
    term = terms.get(term_text.lower())
    if term is None:
        errors.append(_("Unknown area term “%(value)s”: use NTA, FUA, TA or KA.") % {"value": term_text})
    req_refs = _codes(cells.get("requirements"))
    unknown = [r for r in req_refs if r not in requirement_refs]
    if unknown:
        errors.append(_("Unknown requirement codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    for message in errors:
        result.errors.append(ImportError_(line, message))
    if errors or group is None or count is None or area is None or term is None:
        return None
    return ProgrammeRow(
        line=line,
        ref=ref,
        name=name[:120],
        function_group=group,
        zone=_text(cells.get("zone"))[:60],
        count=count,
        net_area=area,
        area_term=term,
        notes=_text(cells.get("notes"))[:2000],
        requirement_refs=req_refs,
        adjacency={kind: _codes(cells.get(col)) for col, kind in ADJACENCY_COLUMNS.items() if _codes(cells.get(col))},
    )


def _parse_count(value: Any, errors: list[str]) -> int | None:
    try:
        number = _number(value)
    except (InvalidOperation, ValueError):
        errors.append(_("The count “%(value)s” is not a number.") % {"value": _text(value)})
        return None
    if number is None:
        errors.append(_("The count is missing."))
        return None
    if number != number.to_integral_value() or number < 1 or number > 10000:
        errors.append(_("The count must be a whole number from 1 to 10000."))
        return None
    return int(number)


def _parse_area(value: Any, errors: list[str]) -> Decimal | None:
    try:
        number = _number(value)
    except (InvalidOperation, ValueError):
        errors.append(_("The net area “%(value)s” is not a number.") % {"value": _text(value)})
        return None
    if number is None:
        errors.append(_("The net area is missing."))
        return None
    if number < 0:
        errors.append(_("The net area cannot be negative."))
        return None
    if number > 100000:
        errors.append(_("The net area is too large."))
        return None
    return number.quantize(Decimal("0.1"))


def programme_rows(rooms: Iterable[Any], adjacency: dict[int, dict[str, list[str]]]) -> list[list[Any]]:
    """Export rows in the template's column order (rooms with `requirement_refs` preloaded)."""
    rows = []
    for r in rooms:
        adj = adjacency.get(r.pk, {})
        rows.append(
            [
                r.ref,
                r.name,
                FUNCTION_GROUP_NAMES.get(r.function_group, r.function_group),
                r.zone,
                r.count,
                float(r.net_area),
                r.area_term,
                ", ".join(r.requirement_refs),
                ", ".join(adj.get("adjacent", [])),
                ", ".join(adj.get("near", [])),
                ", ".join(adj.get("separated", [])),
                r.notes,
            ]
        )
    return rows


PROGRAMME_HEADER = [h for _k, h, _n in PROGRAMME_COLUMNS]
