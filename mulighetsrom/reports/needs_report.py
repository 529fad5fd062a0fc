"""Behovs- og kravdokument med romprogram: needs by priority with an evidence summary,
requirements by category, the room programme with totals, future demand (when the project has
forecasts) and a traceability appendix.

A constant number of queries whatever the size; the evidence summary is counts only (no
observation text), so the document is the same for every role.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mulighetsrom.forecast.models import ForecastRun
from mulighetsrom.insight.evidence import EvidenceSource, evidence_strength
from mulighetsrom.insight.models import Insight
from mulighetsrom.needs.actions import programme_settings
from mulighetsrom.needs.models import FunctionGroup, Need, NeedRequirement, Requirement, RoomType
from mulighetsrom.needs.programme import programme_totals
from mulighetsrom.projects.access import ProjectAccess
from mulighetsrom.reports.blocks import Chart, Heading, PageBreak, Paragraph, Report, Table
from mulighetsrom.reports.common import Progress, no_progress, num, project_meta, strength_label

FORECAST_FIGURES = ("users", "population")


def _needs_section(report: Report, project_id: int) -> dict[int, str]:
    """Needs grouped by priority; returns need id → ref for the appendix."""
    needs = list(Need.objects.filter(project_id=project_id).prefetch_related("beneficiaries").order_by("ref"))
    need_insights: dict[int, set[int]] = defaultdict(set)
    for need_id, insight_id in Need.insights.through.objects.filter(need__project_id=project_id).values_list(
        "need_id", "insight_id"
    ):
        need_insights[need_id].add(insight_id)
    sources: dict[int, dict[int, EvidenceSource]] = defaultdict(dict)
    for insight_id, obs_id, activity_id, speaker_id, proxy_id in Insight.evidence.through.objects.filter(
        insight__project_id=project_id, observation__consent_withdrawn_at__isnull=True
    ).values_list(
        "insight_id",
        "observation_id",
        "observation__activity_id",
        "observation__speaker_group_id",
        "observation__on_behalf_of_id",
    ):
        sources[insight_id][obs_id] = EvidenceSource(activity_id, speaker_id, proxy_id)

    report.add(Heading(_("Needs")))
    report.add(Paragraph(ngettext("%(n)d need, by priority. Evidence is counted over the insights behind each need.", "%(n)d needs, by priority. Evidence is counted over the insights behind each need.", len(needs))
                         % {"n": len(needs)}, muted=True))  # fmt: skip
    headers = [_("Code"), _("Need"), _("For"), _("Time horizon"), _("Status"), _("Insights"), _("Evidence")]
    for priority, label in Need.Priority.choices:
        group = [n for n in needs if n.priority == priority]
        if not group:
            continue
        rows = []
        for need in group:
            observations: dict[int, EvidenceSource] = {}
            for insight_id in need_insights.get(need.pk, ()):
                observations.update(sources.get(insight_id, {}))
            strength = evidence_strength(observations.values())
            rows.append(
                [
                    need.ref,
                    need.statement,
                    ", ".join(g.name for g in need.beneficiaries.all()) or "–",
                    str(need.get_horizon_display()),
                    str(need.get_status_display()),
                    str(len(need_insights.get(need.pk, ()))),
                    f"{strength_label(strength.level)} ({strength.observations})",
                ]
            )
        report.add(
            Heading(f"{label} ({len(group)})", 2),
            Table(headers=headers, rows=rows, numeric=frozenset({5}), widths=(3, 10, 5, 4, 3, 2, 5)),
        )
    if not needs:
        report.add(Paragraph(_("No needs yet.")))
    return {n.pk: n.ref for n in needs}


def _requirements_section(
    report: Report, project_id: int, need_refs: dict[int, str]
) -> tuple[list[Requirement], dict[int, list[str]]]:
    requirements = list(
        Requirement.objects.filter(project_id=project_id)
        .only("id", "ref", "text", "category", "status", "verification_method", "necessity")
        .order_by("ref")
    )
    links: dict[int, list[str]] = defaultdict(list)
    for req_id, need_id, rationale in (
        NeedRequirement.objects.filter(requirement__project_id=project_id)
        .order_by("need__ref")
        .values_list("requirement_id", "need_id", "rationale")
    ):
        ref = need_refs.get(need_id, "?")
        links[req_id].append(f"{ref} ({rationale})" if rationale else ref)
    report.add(PageBreak(), Heading(_("Requirements")))
    report.add(
        Paragraph(
            ngettext("%(n)d requirement, by category.", "%(n)d requirements, by category.", len(requirements))
            % {"n": len(requirements)},
            muted=True,
        )
    )
    headers = [_("Code"), _("Requirement"), _("Verification"), _("Status"), _("Needs")]
    for category, label in Requirement.Category.choices:
        group = [r for r in requirements if r.category == category]
        if not group:
            continue
        rows = [
            [
                r.ref,
                r.text,
                str(r.get_verification_method_display()) or "–",
                str(r.get_status_display()),
                ", ".join(need_refs_only(links.get(r.pk, [])))
                or (str(r.get_necessity_display()) if r.necessity else "–"),
            ]
            for r in group
        ]
        report.add(Heading(f"{label} ({len(group)})", 2), Table(headers=headers, rows=rows, widths=(3, 12, 4, 3, 5)))
    if not requirements:
        report.add(Paragraph(_("No requirements yet.")))
    return requirements, links


def need_refs_only(labels: list[str]) -> list[str]:
    return [label.split(" (", 1)[0] for label in labels]


def _programme_section(report: Report, access: ProjectAccess) -> None:
    project = access.project
    rooms = list(RoomType.objects.filter(project=project).order_by("ref"))
    settings = programme_settings(project)
    totals = programme_totals(
        rooms, gross_factor=settings.gross_factor, capacity=project.capacity_target, group_labels=FunctionGroup.choices
    )
    report.add(PageBreak(), Heading(_("Room programme")))
    headers = [_("Code"), _("Name"), _("Zone"), _("Count"), _("Net area per room (m²)"), _("Net area (m²)")]
    numeric = frozenset({3, 4, 5})
    for group in totals.groups:
        rows = [
            [r.ref, r.name, r.zone, num(r.count), num(r.net_area, 1), num(r.net_area * r.count, 1)]
            for r in rooms
            if r.function_group == group.function_group
        ]
        footer = [_("Total"), group.label, "", num(group.room_count), "", num(group.net_area, 1)]
        report.add(
            Heading(group.label, 2),
            Table(headers=headers, rows=rows, footer=footer, numeric=numeric, widths=(3, 8, 5, 2, 4, 4)),
        )
    if not rooms:
        report.add(Paragraph(_("No room types yet.")))
    report.add(Heading(_("Totals"), 2))
    summary = [
        [_("Rooms"), num(totals.room_count)],
        [_("Net programme area (m²)"), num(totals.net_area, 1)],
        [_("Gross factor"), num(totals.gross_factor, 2)],
        [_("Gross area, BTA (m²)"), num(totals.gross_area, 1)],
    ]
    if totals.capacity:
        unit = project.capacity_unit or _("places")
        summary += [
            [_("Capacity"), f"{num(totals.capacity)} {unit}"],
            [_("Net area per place (m²)"), num(totals.net_per_place, 1)],
            [_("Gross area per place (m²)"), num(totals.gross_per_place, 1)],
        ]
    report.add(
        Table(
            headers=[_("Function group"), _("Rooms"), _("Net area (m²)")],
            rows=[[g.label, num(g.room_count), num(g.net_area, 1)] for g in totals.groups],
            footer=[_("Total"), num(totals.room_count), num(totals.net_area, 1)],
            numeric=frozenset({1, 2}),
        ),
        Table(headers=[_("Figure"), _("Value")], rows=summary, numeric=frozenset({1})),
        Paragraph(_("Gross area (BTA) = net programme area × gross factor (NS 3940)."), muted=True),
    )


def _forecast_section(report: Report, project_id: int) -> None:
    from mulighetsrom.forecast import presenters

    run = ForecastRun.objects.filter(project_id=project_id).first()  # newest first
    if run is None:
        return
    report.add(PageBreak(), Heading(_("Future demand")))
    report.add(Paragraph(_("From the forecast “%(name)s”.") % {"name": run.name}, muted=True))
    for figure in presenters.figures(run):
        if figure.id not in FORECAST_FIGURES:
            continue
        report.add(
            Heading(figure.title, 2),
            Chart(svg=figure.svg, title=figure.title),
            Paragraph(figure.summary),
            Table(headers=figure.headers, rows=figure.rows, numeric=frozenset(range(1, len(figure.headers)))),
            Paragraph(figure.attribution, muted=True),
        )


def _appendix(
    report: Report, requirements: list[Requirement], links: dict[int, list[str]], need_refs: dict[int, str]
) -> None:
    report.add(PageBreak(), Heading(_("Appendix: traceability")))
    report.add(
        Paragraph(_("Every requirement with the needs it satisfies (and the rationale of each link)."), muted=True)
    )
    report.add(
        Table(
            headers=[_("Requirement"), _("Needs")],
            widths=(1, 4),
            rows=[[r.ref, "; ".join(links.get(r.pk, [])) or "–"] for r in requirements],
        )
    )
    linked = {ref for labels in links.values() for ref in need_refs_only(labels)}
    orphans = sorted(ref for ref in need_refs.values() if ref not in linked)
    report.add(Heading(_("Needs without requirements"), 2))
    report.add(Paragraph(", ".join(orphans) if orphans else _("None.")))


def build_needs_report(access: ProjectAccess, progress: Progress = no_progress) -> Report:
    project = access.project
    report = Report(
        title=_("Needs and requirements with room programme"), subtitle=project.name, meta=project_meta(project)
    )
    need_refs = _needs_section(report, project.pk)
    progress(20)
    requirements, links = _requirements_section(report, project.pk, need_refs)
    progress(30)
    _programme_section(report, access)
    progress(40)
    _forecast_section(report, project.pk)
    progress(45)
    _appendix(report, requirements, links, need_refs)
    return report
