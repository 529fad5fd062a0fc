"""The groups × phases grid of the engagement plan, loaded in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from mulighetsrom.projects.models import Phase, Project
from mulighetsrom.stakeholders.models import EngagementEntry, Level, StakeholderGroup


@dataclass
class MatrixRow:
    group: StakeholderGroup
    cells: list[tuple[Phase, EngagementEntry | None]]


@dataclass
class EngagementMatrix:
    phases: list[Phase]
    groups: list[StakeholderGroup]
    entries: list[EngagementEntry]
    rows: list[MatrixRow]

    def level_counts(self) -> list[tuple[str, int]]:
        counts = {level: 0 for level in Level.values}
        for entry in self.entries:
            if not entry.is_cancelled:
                counts[entry.level] += 1
        return [(str(Level(level).label), n) for level, n in counts.items()]


def build_matrix(project: Project) -> EngagementMatrix:
    phases = list(Phase.objects.filter(organization_id=project.organization_id))
    groups = list(StakeholderGroup.objects.filter(project=project))
    entries = list(
        EngagementEntry.objects.filter(group__project=project).select_related("phase", "responsible__person")
    )
    index = {(e.group_id, e.phase_id): e for e in entries}
    rows = [MatrixRow(group=g, cells=[(p, index.get((g.pk, p.pk))) for p in phases]) for g in groups]
    return EngagementMatrix(phases=phases, groups=groups, entries=entries, rows=rows)
