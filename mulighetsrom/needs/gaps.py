"""Gaps in the golden thread, computed on loaded rows (no Django, no queries).

`trace.load_rows(project)` loads the rows with a constant number of queries; `find_gaps` then
runs in time linear in the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from mulighetsrom.needs.rows import GroupRow, InsightRow, NeedRow, RequirementRow, TraceRows

MUST = "must"
AGREED = "agreed"
REJECTED = "rejected"
# Priorities that do not commit the project to anything: "kan" and "ikke nå".
WEAK_PRIORITIES = frozenset({"could", "wont"})
# Requirements that no longer count (waived) are not expected to trace or verify.
INACTIVE_REQUIREMENT_STATUSES = frozenset({"waived"})


@dataclass
class Gaps:
    must_needs_without_requirements: list[NeedRow] = field(default_factory=list)
    requirements_without_needs: list[RequirementRow] = field(default_factory=list)
    insights_without_needs: list[InsightRow] = field(default_factory=list)
    requirements_without_verification: list[RequirementRow] = field(default_factory=list)
    groups_with_only_weak_needs: list[GroupRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return (
            len(self.must_needs_without_requirements)
            + len(self.requirements_without_needs)
            + len(self.insights_without_needs)
            + len(self.requirements_without_verification)
            + len(self.groups_with_only_weak_needs)
        )


def is_weak(need: NeedRow) -> bool:
    return need.status == REJECTED or need.priority in WEAK_PRIORITIES


def find_gaps(rows: TraceRows) -> Gaps:
    linked_needs = {need_id for need_id, _ in rows.links}
    linked_requirements = {req_id for _, req_id in rows.links}
    insights_used = {insight_id for n in rows.needs if n.status != REJECTED for insight_id in n.insight_ids}
    needs_by_group: dict[int, list[NeedRow]] = defaultdict(list)
    for need in rows.needs:
        for group_id in need.beneficiary_ids:
            needs_by_group[group_id].append(need)
    active = [r for r in rows.requirements if r.status not in INACTIVE_REQUIREMENT_STATUSES]
    return Gaps(
        must_needs_without_requirements=[
            n for n in rows.needs if n.priority == MUST and n.status == AGREED and n.id not in linked_needs
        ],
        requirements_without_needs=[r for r in active if r.id not in linked_requirements and not r.necessity],
        insights_without_needs=[i for i in rows.insights if i.status != REJECTED and i.id not in insights_used],
        requirements_without_verification=[r for r in active if not r.verification_method],
        # A group with no needs at all is a different gap (never heard); this one is about
        # groups whose needs were all set aside.
        groups_with_only_weak_needs=[
            g for g in rows.groups if needs_by_group.get(g.id) and all(is_weak(n) for n in needs_by_group[g.id])
        ],
    )
