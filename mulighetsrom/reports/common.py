"""Shared bits of the report builders: the title block, number and strength formatting."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mulighetsrom.insight.evidence import EvidenceStrength
from mulighetsrom.projects.models import Project

Progress = Callable[[int], None]


def no_progress(percent: int) -> None:
    """The default progress callback: report nothing."""


def project_meta(project: Project) -> list[tuple[str, str]]:
    meta = [
        (_("Project"), project.name),
        (_("Organization"), project.organization.name),
        (_("Building type"), str(project.get_building_type_display())),
        (_("Current phase"), f"{project.current_phase.number}: {project.current_phase.name}"),
    ]
    if project.location:
        meta.append((_("Location"), project.location))
    meta.append((_("Generated"), date_format(timezone.localtime(), "DATETIME_FORMAT")))
    return meta


def num(value: Decimal | int | float | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def strength_label(level: str) -> str:
    return {
        "strong": _("Strong evidence"),
        "moderate": _("Moderate evidence"),
        "weak": _("Weak evidence"),
    }.get(level, _("No evidence"))


def strength_text(strength: EvidenceStrength) -> str:
    """ "Strong evidence: 5 observations · 3 activities · 2 groups heard directly"."""
    parts = [
        ngettext("%(n)d observation", "%(n)d observations", strength.observations) % {"n": strength.observations},
        ngettext("%(n)d activity", "%(n)d activities", strength.activities) % {"n": strength.activities},
        ngettext("%(n)d group heard directly", "%(n)d groups heard directly", strength.groups_heard_directly)
        % {"n": strength.groups_heard_directly},
    ]
    return f"{strength_label(strength.level)}: {' · '.join(parts)}"
