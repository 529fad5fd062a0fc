"""Innsiktsrapport: themes, insights with quotes and evidence strength, and coverage of the groups.

Reads through the insight app's own visibility rules: special-category observations appear only
when `access` may contribute. Observations are stored redacted, so quotes are printed as stored.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mulighetsrom.insight.models import Observation, Theme
from mulighetsrom.insight.reading import (
    DIRECT,
    PROXY,
    build_coverage,
    insights_with_strength,
    observation_counts_by_theme,
)
from mulighetsrom.projects.access import ProjectAccess
from mulighetsrom.reports.blocks import Heading, Paragraph, Quote, Report, Table
from mulighetsrom.reports.common import Progress, no_progress, project_meta, strength_text

QUOTES_PER_INSIGHT = 6


def _source(observation: Observation) -> str:
    parts = [str(observation.get_kind_display())]
    if observation.speaker_group:
        parts.append(observation.speaker_group.name)
    if observation.activity:
        parts.append(observation.activity.title)
    return " · ".join(parts)


def build_insight_report(access: ProjectAccess, progress: Progress = no_progress) -> Report:
    project = access.project
    report = Report(title=_("Insight report"), subtitle=project.name, meta=project_meta(project))
    rows = [r for r in insights_with_strength(access) if not r.insight.is_rejected]
    progress(20)
    themes = list(Theme.objects.filter(project=project).order_by("name"))
    counts = observation_counts_by_theme(access)
    report.add(
        Paragraph(
            _("Insights: %(insights)d · Themes: %(themes)d · Observations: %(observations)d")
            % {"insights": len(rows), "themes": len(themes), "observations": sum(counts.values())}
        )
    )
    if not access.may_see_sensitive:
        report.add(Paragraph(_("Observations in special categories (such as health) are left out."), muted=True))

    report.add(Heading(_("Themes")))
    by_theme: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        for theme in row.insight.themes.all():
            by_theme[theme.pk].append(row.insight.statement)
    if not themes:
        report.add(Paragraph(_("No themes yet.")))
    for theme in themes:
        report.add(Heading(theme.name, 2))
        if theme.description:
            report.add(Paragraph(theme.description))
        report.add(Paragraph(_("Observations: %(n)d") % {"n": counts.get(theme.pk, 0)}, muted=True))
        for statement in by_theme.get(theme.pk, []):
            report.add(Paragraph(f"• {statement}"))
    progress(40)

    report.add(Heading(_("Insights")))
    if not rows:
        report.add(Paragraph(_("No insights yet.")))
    for row in rows:
        insight = row.insight
        report.add(Heading(insight.statement, 2))
        theme_names = ", ".join(t.name for t in insight.themes.all()) or "–"
        report.add(
            Paragraph(f"{_('Status')}: {insight.get_status_display()} · {_('Themes')}: {theme_names}", muted=True)
        )
        if insight.description:
            report.add(Paragraph(insight.description))
        report.add(Paragraph(strength_text(row.strength)))
        if row.proxy_group_names:
            report.add(Paragraph(f"{_('Only via proxy')}: {', '.join(row.proxy_group_names)}", muted=True))
        for observation in row.visible_evidence[:QUOTES_PER_INSIGHT]:
            report.add(Quote(observation.text, _source(observation)))
        hidden = len(row.visible_evidence) - QUOTES_PER_INSIGHT
        if hidden > 0:
            report.add(
                Paragraph(
                    ngettext("… and %(n)d more observation.", "… and %(n)d more observations.", hidden) % {"n": hidden},
                    muted=True,
                )
            )
    progress(60)

    report.add(Heading(_("Coverage")))
    report.add(
        Paragraph(
            _("Per stakeholder group and phase: ✓ heard directly, (✓) only through others, – not heard."),
            muted=True,
        )
    )
    coverage = build_coverage(project)
    symbol = {DIRECT: "✓", PROXY: "(✓)"}
    report.add(
        Table(
            headers=[_("Stakeholder group"), *[str(p.number) for p in coverage.phases]],
            rows=[[r.group.name, *[symbol.get(c.status, "–") for c in r.cells]] for r in coverage.rows],
            widths=(6, *[1] * len(coverage.phases)),
            caption=_("Phases: %(phases)s") % {"phases": "; ".join(f"{p.number} {p.name}" for p in coverage.phases)},
        )
    )
    progress(70)
    return report
