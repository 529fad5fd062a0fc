"""The impact of cutting requirements or room types, before anything is changed (no Django).

A requirement is lost when it is cut itself, or when it is realised by room types (linked to at
least one) and every one of those room types is cut. A need *loses its last requirement* when it
had requirements and all of them are lost; it is *weakened* when some, not all, are lost.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from mulighetsrom.needs.rows import GroupRow, InsightRow, NeedRow, RequirementRow, RoomRow, TraceRows


@dataclass
class AffectedGroup:
    group: GroupRow
    needs_lost: list[NeedRow] = field(default_factory=list)
    needs_weakened: list[NeedRow] = field(default_factory=list)


@dataclass
class CutImpact:
    rooms_cut: list[RoomRow] = field(default_factory=list)
    requirements_cut: list[RequirementRow] = field(default_factory=list)
    requirements_left_without_rooms: list[RequirementRow] = field(default_factory=list)
    needs_losing_last_requirement: list[NeedRow] = field(default_factory=list)
    needs_weakened: list[NeedRow] = field(default_factory=list)
    groups: list[AffectedGroup] = field(default_factory=list)
    insights: list[InsightRow] = field(default_factory=list)
    observation_count: int = 0
    area_removed: Decimal = Decimal(0)

    @property
    def is_empty(self) -> bool:
        return not (self.rooms_cut or self.requirements_cut)


def cut_impact(rows: TraceRows, *, requirement_ids: Iterable[int] = (), room_ids: Iterable[int] = ()) -> CutImpact:
    cut_reqs, cut_rooms = set(requirement_ids), set(room_ids)
    rooms_of: dict[int, set[int]] = defaultdict(set)
    for room in rows.rooms:
        for req_id in room.requirement_ids:
            rooms_of[req_id].add(room.id)
    left_without_rooms = {
        r.id for r in rows.requirements if r.id not in cut_reqs and rooms_of.get(r.id) and rooms_of[r.id] <= cut_rooms
    }
    lost = cut_reqs | left_without_rooms
    reqs_of: dict[int, set[int]] = defaultdict(set)
    for need_id, req_id in rows.links:
        reqs_of[need_id].add(req_id)
    losing: list[NeedRow] = []
    weakened: list[NeedRow] = []
    for need in rows.needs:
        linked = reqs_of.get(need.id, set())
        if not linked & lost:
            continue
        (losing if linked <= lost else weakened).append(need)
    # The insights, and the distinct observations behind them, that stand behind the lost needs.
    wanted = {i for n in losing for i in n.insight_ids}
    lost_insights = [i for i in rows.insights if i.id in wanted]
    return CutImpact(
        rooms_cut=[r for r in rows.rooms if r.id in cut_rooms],
        requirements_cut=[r for r in rows.requirements if r.id in cut_reqs],
        requirements_left_without_rooms=[r for r in rows.requirements if r.id in left_without_rooms],
        needs_losing_last_requirement=losing,
        needs_weakened=weakened,
        groups=_affected_groups(rows.groups, losing, weakened),
        insights=lost_insights,
        observation_count=len({o for i in lost_insights for o in i.observation_ids}),
        area_removed=sum((r.net_area * r.quantity for r in rows.rooms if r.id in cut_rooms), Decimal(0)),
    )


def _affected_groups(groups: list[GroupRow], losing: list[NeedRow], weakened: list[NeedRow]) -> list[AffectedGroup]:
    by_id = {g.id: AffectedGroup(group=g) for g in groups}
    for need in losing:
        for group_id in need.beneficiary_ids:
            if group_id in by_id:
                by_id[group_id].needs_lost.append(need)
    for need in weakened:
        for group_id in need.beneficiary_ids:
            if group_id in by_id:
                by_id[group_id].needs_weakened.append(need)
    affected = [a for a in by_id.values() if a.needs_lost or a.needs_weakened]
    return sorted(affected, key=lambda a: (-len(a.needs_lost), -len(a.needs_weakened), a.group.name))
