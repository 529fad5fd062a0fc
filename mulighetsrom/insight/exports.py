"""Spreadsheet export of observations, safe against formula injection."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from mulighetsrom.insight.forms import FilterForm
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.lib.spreadsheets import safe_cell
from mulighetsrom.projects.access import get_project_for_user


def observations_workbook(rows: list[list[Any]], header: list[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = str(_("Observations"))[:31]
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@login_required
def observations_export(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    from mulighetsrom.insight.views import filtered_observations

    access = get_project_for_user(request.user, slug)
    filters = FilterForm(request.GET or None, project=access.project)
    header = [
        str(h)
        for h in (
            _("Text"), _("Kind"), _("Source activity"), _("Speaker's group"), _("On behalf of"),
            _("Legal basis"), _("Sensitivity"), _("Theme"), _("Tags"), _("Created"),
        )
    ]  # fmt: skip
    rows = [
        [
            o.text,
            str(o.get_kind_display()),
            o.activity.title if o.activity else "",
            o.speaker_group.name if o.speaker_group else "",
            o.on_behalf_of.name if o.on_behalf_of else "",
            str(o.get_legal_basis_display()),
            str(o.get_sensitivity_display()),
            o.theme.name if o.theme else "",
            ", ".join(t.name for t in o.tags.all()),
            o.created_at.date().isoformat(),
        ]
        for o in filtered_observations(access, filters)
    ]
    response = HttpResponse(
        observations_workbook(rows, header),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="observasjoner-{access.project.slug}.xlsx"'
    return response
