"""A forecast run as an Excel workbook (openpyxl), safe against formula injection."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from mulighetsrom.forecast import presenters, texts
from mulighetsrom.forecast.models import ForecastRun
from mulighetsrom.forecast.results import MAIN
from mulighetsrom.lib.spreadsheets import safe_cell


def run_xlsx(run: ForecastRun) -> bytes:
    result = run.result
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Inputs")[:31]
    sheet.append([safe_cell(run.name)])
    for label, value in presenters.inputs_table(run):
        sheet.append([safe_cell(label), safe_cell(value)])
    sheet.append([])
    sheet.append([f"Kilde: Statistisk sentralbyrå, tabell {run.inputs['dataset']['table_id']}"])
    alts = result.alternatives
    alt_names = [str(texts.ALTERNATIVES.get(a, a)) for a in alts]
    gap = result.gap

    users = book.create_sheet(_("Projected users")[:31])
    users.append([_("Year"), *alt_names, *([_("Gap to capacity (main)")] if gap else [])])
    for i, year in enumerate(result.years):
        row = [year, *[result.users[a][i] for a in alts]]
        if gap:
            row.append(gap[MAIN][i] if MAIN in gap else None)
        users.append(row)

    population = book.create_sheet(_("Population")[:31])
    population.append([_("Year"), *[f"{band} {a}" for band in result.bands for a in alts]])
    for i, year in enumerate(result.years):
        population.append([year, *[result.population[band][a][i] for band in result.bands for a in alts]])

    indicators = book.create_sheet(_("Indicators")[:31])
    dependency_headers = [f"{_('Old-age dependency')} {a}" for a in alts]
    care_headers = [f"{_('Care ratio')} {a}" for a in alts]
    indicators.append([_("Year"), *dependency_headers, *care_headers])
    for i, year in enumerate(result.years):
        dependency = [result.dependency[a][i] for a in alts]
        indicators.append([year, *dependency, *[result.care_ratio[a][i] for a in alts]])

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
