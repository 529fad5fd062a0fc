"""Plain rows of the traceability graph, as loaded by `trace.load_rows` (no Django here).

The pure modules `gaps.py` and `cuts.py` compute on these, so they can be tested on small
hand-made inputs and run in constant time per row. Rows are named tuples: tens of thousands are
built per request at the benchmark scale, and a tuple is several times cheaper than a dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple


class NeedRow(NamedTuple):
    id: int
    ref: str
    statement: str
    priority: str
    status: str
    beneficiary_ids: tuple[int, ...] = ()
    insight_ids: tuple[int, ...] = ()
    code: str = ""


class RequirementRow(NamedTuple):
    id: int
    ref: str
    text: str
    category: str = "functional"
    status: str = "draft"
    necessity: str = ""
    verification_method: str = ""
    code: str = ""


class RoomRow(NamedTuple):
    id: int
    ref: str
    name: str
    quantity: int = 1  # the room count ("count" would shadow tuple.count)
    net_area: Decimal = Decimal(0)
    requirement_ids: tuple[int, ...] = ()
    code: str = ""


class InsightRow(NamedTuple):
    id: int
    statement: str
    status: str = "draft"
    observation_ids: tuple[int, ...] = ()
    code: str = ""


class GroupRow(NamedTuple):
    id: int
    name: str


@dataclass
class TraceRows:
    """Everything the gap list and the cut impact need about one project."""

    needs: list[NeedRow] = field(default_factory=list)
    requirements: list[RequirementRow] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)  # (need id, requirement id)
    rooms: list[RoomRow] = field(default_factory=list)
    insights: list[InsightRow] = field(default_factory=list)
    groups: list[GroupRow] = field(default_factory=list)
