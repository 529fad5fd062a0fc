"""Reads for insight pages that keep a constant number of queries: coverage and evidence strength."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, QuerySet

from mulighetsrom.insight.evidence import EvidenceSource, EvidenceStrength, evidence_strength
from mulighetsrom.insight.models import Insight, Observation
from mulighetsrom.projects.access import ProjectAccess
from mulighetsrom.projects.models import Phase, Project
from mulighetsrom.stakeholders.models import EngagementEntry, StakeholderGroup

DIRECT = "direct"
PROXY = "proxy"
NONE = "none"


@dataclass(frozen=True)
class CoverageCell:
    phase: Phase
    status: str  # DIRECT, PROXY or NONE
    direct: int
    proxy: int
    entry: EngagementEntry | None
    is_due: bool  # the phase is the project's current phase or an earlier one

    @property
    def gap(self) -> bool:
        """Planned (or held) for a phase that has come, but nobody from the group heard directly."""
        return self.is_due and self.entry is not None and self.status != DIRECT


@dataclass(frozen=True)
class CoverageRow:
    group: StakeholderGroup
    cells: list[CoverageCell]
    status: str  # over all phases


@dataclass(frozen=True)
class Coverage:
    phases: list[Phase]
    rows: list[CoverageRow]


def build_coverage(project: Project) -> Coverage:
    """Per group and phase: heard directly, only through proxies, or not at all; beside the plan.

    Counts include observations the user may not open (they are numbers, not content); the
    lists the cells link to are filtered by visibility.
    """
    phases = list(Phase.objects.filter(organization_id=project.organization_id))
    groups = list(StakeholderGroup.objects.filter(project=project))
    observations = Observation.objects.usable().filter(project=project, activity__isnull=False)
    direct: dict[tuple[int, int], int] = {
        (r["speaker_group_id"], r["activity__phase_id"]): r["n"]
        for r in observations.filter(speaker_group__isnull=False)
        .values("speaker_group_id", "activity__phase_id")
        .annotate(n=Count("id"))
    }
    proxy: dict[tuple[int, int], int] = {
        (r["on_behalf_of_id"], r["activity__phase_id"]): r["n"]
        for r in observations.filter(on_behalf_of__isnull=False)
        .exclude(on_behalf_of=F("speaker_group"))
        .values("on_behalf_of_id", "activity__phase_id")
        .annotate(n=Count("id"))
    }
    entries = {(e.group_id, e.phase_id): e for e in EngagementEntry.objects.filter(group__project=project)}
    rows = []
    for group in groups:
        cells = []
        for phase in phases:
            key = (group.pk, phase.pk)
            d, p = direct.get(key, 0), proxy.get(key, 0)
            status = DIRECT if d else PROXY if p else NONE
            cells.append(
                CoverageCell(
                    phase=phase,
                    status=status,
                    direct=d,
                    proxy=p,
                    entry=entries.get(key),
                    is_due=phase.number <= project.current_phase.number,
                )
            )
        overall = DIRECT if any(c.direct for c in cells) else PROXY if any(c.proxy for c in cells) else NONE
        rows.append(CoverageRow(group=group, cells=cells, status=overall))
    return Coverage(phases=phases, rows=rows)


@dataclass(frozen=True)
class InsightRow:
    insight: Insight
    strength: EvidenceStrength
    proxy_group_names: list[str]
    visible_evidence: list[Observation]


def insights_with_strength(access: ProjectAccess, qs: QuerySet[Insight] | None = None) -> list[InsightRow]:
    """Insights with their evidence strength (counted over all evidence) and the evidence the user may see."""
    project = access.project
    qs = qs if qs is not None else Insight.objects.filter(project=project)
    evidence_qs = Observation.objects.usable().select_related("speaker_group", "activity").order_by("created_at", "id")
    insights = list(
        qs.prefetch_related(Prefetch("evidence", queryset=evidence_qs), "themes").order_by("-updated_at", "-id")
    )
    names = dict(StakeholderGroup.objects.filter(project=project).values_list("pk", "name"))
    rows = []
    for insight in insights:
        evidence: Sequence[Observation] = list(insight.evidence.all())
        strength = evidence_strength(
            EvidenceSource(o.activity_id, o.speaker_group_id, o.on_behalf_of_id) for o in evidence
        )
        visible = [o for o in evidence if o.is_visible_to(access)]
        rows.append(
            InsightRow(
                insight=insight,
                strength=strength,
                proxy_group_names=sorted(names.get(i, "?") for i in strength.proxy_only_group_ids),
                visible_evidence=visible,
            )
        )
    return rows


def observation_counts_by_theme(access: ProjectAccess) -> dict[int | None, int]:
    visible = Observation.objects.visible_to(access)
    out: dict[int | None, int] = defaultdict(int)
    for row in visible.values("theme_id").annotate(n=Count("id")):
        out[row["theme_id"]] = row["n"]
    return out
