"""Room programme totals (no Django): net area per function group and for the project, gross area
(BTA = Σ net × gross factor, NS 3940) and area per place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol


class RoomLike(Protocol):
    function_group: str
    count: int
    net_area: Decimal


@dataclass
class GroupTotal:
    function_group: str
    label: str
    rooms: list[RoomLike] = field(default_factory=list)
    room_count: int = 0
    net_area: Decimal = Decimal(0)


@dataclass
class ProgrammeTotals:
    groups: list[GroupTotal]
    room_count: int
    net_area: Decimal
    gross_factor: Decimal
    gross_area: Decimal
    capacity: int | None
    gross_per_place: Decimal | None
    net_per_place: Decimal | None


def _round(value: Decimal, places: str = "0.1") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def programme_totals(
    rooms: Iterable[RoomLike],
    *,
    gross_factor: Decimal,
    capacity: int | None,
    group_labels: Sequence[tuple[str, Any]],
) -> ProgrammeTotals:
    """Totals in the order of `group_labels` ((value, label) pairs, e.g. FunctionGroup.choices)."""
    groups = {value: GroupTotal(function_group=value, label=str(label)) for value, label in group_labels}
    for room in rooms:
        group = groups.setdefault(room.function_group, GroupTotal(room.function_group, room.function_group))
        group.rooms.append(room)
        group.room_count += room.count
        group.net_area += room.net_area * room.count
    net = sum((g.net_area for g in groups.values()), Decimal(0))
    gross = _round(net * gross_factor)
    per_place = capacity if capacity and capacity > 0 else None
    return ProgrammeTotals(
        groups=[g for g in groups.values() if g.rooms],
        room_count=sum(g.room_count for g in groups.values()),
        net_area=net,
        gross_factor=gross_factor,
        gross_area=gross,
        capacity=per_place,
        gross_per_place=_round(gross / per_place) if per_place else None,
        net_per_place=_round(net / per_place) if per_place else None,
    )
