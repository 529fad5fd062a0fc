"""Which units a project team covers, and which it lacks for its building type."""

from __future__ import annotations

from dataclasses import dataclass, field

from mulighetsrom.accounts.models import Unit
from mulighetsrom.projects.models import ExpectedUnit, Membership, Project


@dataclass
class UnitGroup:
    unit: Unit | None
    members: list[Membership] = field(default_factory=list)


@dataclass
class TeamCoverage:
    groups: list[UnitGroup]
    missing_kinds: list[str]  # Unit.Kind values expected for the building type but not on the team

    @property
    def missing_labels(self) -> list[str]:
        return [str(Unit.Kind(kind).label) for kind in self.missing_kinds]


def active_members(project: Project) -> list[Membership]:
    return list(Membership.objects.on_team(project).select_related("person", "person__unit").order_by("person__name"))


def team_coverage(project: Project, members: list[Membership] | None = None) -> TeamCoverage:
    members = active_members(project) if members is None else members
    by_unit: dict[int | None, UnitGroup] = {}
    for membership in members:
        unit = membership.person.unit
        key = unit.pk if unit else None
        by_unit.setdefault(key, UnitGroup(unit=unit)).members.append(membership)
    groups = sorted(by_unit.values(), key=lambda g: (g.unit is None, g.unit.name if g.unit else ""))
    present = {g.unit.kind for g in groups if g.unit}
    expected = ExpectedUnit.objects.filter(
        organization_id=project.organization_id, building_type=project.building_type
    ).values_list("unit_kind", flat=True)
    order = [k.value for k in Unit.Kind]
    missing = sorted({k for k in expected if k not in present}, key=order.index)
    return TeamCoverage(groups=groups, missing_kinds=missing)
