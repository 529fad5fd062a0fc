"""RACI export to XLSX, safe against formula injection."""

from __future__ import annotations

import io

from openpyxl import Workbook

from mulighetsrom.collaboration.board import RaciMatrix
from mulighetsrom.lib.spreadsheets import safe_cell


def raci_xlsx(matrix: RaciMatrix, *, title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "RACI"
    header = ["Fase", "Oppgave / beslutning"]
    header += [m.person.name + (" (sluttet)" if m.left_at else "") for m in matrix.members]
    header += [u.name for u in matrix.units]
    ws.append([safe_cell(h) for h in header])
    for raci_phase in matrix.phases:
        for row in raci_phase.rows:
            values: list[object] = [str(raci_phase.phase), row.task.name]
            values += [letter for _m, letter in row.member_letters]
            values += [letter for _u, letter in row.unit_letters]
            ws.append([safe_cell(v) for v in values])
    ws.freeze_panes = "C2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
