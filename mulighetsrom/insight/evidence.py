"""How strongly an insight is evidenced, computed from its observations' sources (pure, no Django)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EvidenceSource:
    """The parts of an observation that count as evidence: ids only."""

    activity_id: int | None
    speaker_group_id: int | None
    on_behalf_of_id: int | None


@dataclass(frozen=True)
class EvidenceStrength:
    observations: int
    activities: int
    groups_heard_directly: int
    proxy_only_group_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def has_proxy_only_groups(self) -> bool:
        """True when some group's view is known only through others speaking on its behalf."""
        return bool(self.proxy_only_group_ids)

    @property
    def level(self) -> str:
        """A coarse label: "strong" (3+ activities and 2+ groups), "moderate", "weak" or "none"."""
        if self.observations == 0:
            return "none"
        if self.activities >= 3 and self.groups_heard_directly >= 2:
            return "strong"
        if self.activities >= 2 or self.groups_heard_directly >= 2:
            return "moderate"
        return "weak"


def evidence_strength(sources: Iterable[EvidenceSource]) -> EvidenceStrength:
    items = list(sources)
    direct = {s.speaker_group_id for s in items if s.speaker_group_id is not None}
    # A group a speaker reports for, when the speaker is not themselves in it.
    proxied = {
        s.on_behalf_of_id for s in items if s.on_behalf_of_id is not None and s.on_behalf_of_id != s.speaker_group_id
    }
    return EvidenceStrength(
        observations=len(items),
        activities=len({s.activity_id for s in items if s.activity_id is not None}),
        groups_heard_directly=len(direct),
        proxy_only_group_ids=frozenset(proxied - direct),
    )
