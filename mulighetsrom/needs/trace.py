"""Loading the golden thread of one project with a constant number of queries.

`load_rows` feeds the pure modules (`gaps.py`, `cuts.py`); `build_matrix`, `load_need_chain`
and `load_observation_chain` feed the traceability pages; `take_snapshot` feeds baselines.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import CharField, Prefetch, QuerySet
from django.db.models.functions import Cast

from mulighetsrom.insight.models import Insight, Observation
from mulighetsrom.needs.models import Adjacency, Need, NeedRequirement, Requirement, RoomType
from mulighetsrom.needs.rows import GroupRow, InsightRow, NeedRow, RequirementRow, RoomRow, TraceRows
from mulighetsrom.projects.access import ProjectAccess
from mulighetsrom.projects.models import Project
from mulighetsrom.stakeholders.models import StakeholderGroup

MATRIX_PAGE_SIZE = 50
# Beyond this many needs the grid gets unreadable; the matrix then lists linked needs per row.
MATRIX_MAX_COLUMNS = 40


def _pairs(qs: Any) -> dict[int, tuple[int, ...]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for a, b in qs:
        grouped[a].append(b)
    return {k: tuple(v) for k, v in grouped.items()}


def _code() -> Cast:
    """The UUID `code` as text: skips building a uuid.UUID per row (a third of the load time)."""
    return Cast("code", output_field=CharField())


def _dashed(text: str) -> str:
    # SQLite stores UUIDs as 32 hex digits, PostgreSQL returns the dashed form.
    if len(text) == 32:
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    return text


def load_rows(project: Project) -> TraceRows:
    """Every row the gap list and the cut impact need: 10 queries, whatever the size."""
    beneficiaries = _pairs(
        Need.beneficiaries.through.objects.filter(need__project=project).values_list("need_id", "stakeholdergroup_id")
    )
    need_insights = _pairs(
        Need.insights.through.objects.filter(need__project=project).values_list("need_id", "insight_id")
    )
    room_reqs = _pairs(
        RoomType.requirements.through.objects.filter(roomtype__project=project).values_list(
            "roomtype_id", "requirement_id"
        )
    )
    evidence = _pairs(
        Insight.evidence.through.objects.filter(
            insight__project=project, observation__consent_withdrawn_at__isnull=True
        ).values_list("insight_id", "observation_id")
    )
    need_values = Need.objects.filter(project=project).order_by("ref")
    requirement_values = Requirement.objects.filter(project=project).order_by("ref")
    room_values = RoomType.objects.filter(project=project).order_by("ref")
    insight_values = Insight.objects.filter(project=project).order_by("id")
    return TraceRows(
        needs=[
            NeedRow(
                id=i,
                ref=ref,
                statement=s,
                priority=p,
                status=st,
                beneficiary_ids=beneficiaries.get(i, ()),
                insight_ids=need_insights.get(i, ()),
                code=str(code),
            )
            for i, ref, s, p, st, code in need_values.values_list(
                "id", "ref", "statement", "priority", "status", "code"
            )
        ],
        requirements=[
            RequirementRow(i, ref, text, cat, st, nec, ver, _dashed(code))
            for i, ref, text, cat, st, nec, ver, code in requirement_values.values_list(
                "id", "ref", "text", "category", "status", "necessity", "verification_method", _code()
            )
        ],
        links=list(
            NeedRequirement.objects.filter(requirement__project=project).values_list("need_id", "requirement_id")
        ),
        rooms=[
            RoomRow(
                id=i, ref=ref, name=n, quantity=c, net_area=a, requirement_ids=room_reqs.get(i, ()), code=_dashed(code)
            )
            for i, ref, n, c, a, code in room_values.values_list("id", "ref", "name", "count", "net_area", _code())
        ],
        insights=[
            InsightRow(id=i, statement=s, status=st, observation_ids=evidence.get(i, ()), code=_dashed(code))
            for i, s, st, code in insight_values.values_list("id", "statement", "status", _code())
        ],
        groups=[
            GroupRow(id=i, name=n)
            for i, n in StakeholderGroup.objects.filter(project=project).order_by("name").values_list("id", "name")
        ],
    )


# --- the matrix -------------------------------------------------------------------------------


@dataclass
class MatrixFilter:
    priority: str = ""
    status: str = ""
    category: str = ""
    group: int | None = None


@dataclass
class MatrixRow:
    requirement: Requirement
    cells: list[str | None]  # per need column: the link's rationale ("" when none), None when not linked
    linked: list[tuple[Need, str]] = field(default_factory=list)  # (need, rationale) among the columns


@dataclass
class Matrix:
    needs: list[Need]
    rows: list[MatrixRow]
    page: Page[Requirement] | None
    grid: bool

    @property
    def column_count(self) -> int:
        return len(self.needs)


def filtered_needs(project: Project, flt: MatrixFilter) -> QuerySet[Need]:
    qs = Need.objects.filter(project=project)
    if flt.priority:
        qs = qs.filter(priority=flt.priority)
    if flt.status:
        qs = qs.filter(status=flt.status)
    if flt.group:
        qs = qs.filter(beneficiaries__id=flt.group)
    return qs.order_by("ref").only("id", "code", "ref", "statement", "priority", "status")


def filtered_requirements(project: Project, flt: MatrixFilter) -> QuerySet[Requirement]:
    qs = Requirement.objects.filter(project=project)
    if flt.category:
        qs = qs.filter(category=flt.category)
    return qs.order_by("ref").only("id", "code", "ref", "text", "category", "status", "necessity")


def build_matrix(project: Project, flt: MatrixFilter, *, page_number: Any = 1, paginate: bool = True) -> Matrix:
    """Needs (columns) × requirements (rows, a page at a time): 4 queries, whatever the size."""
    needs = list(filtered_needs(project, flt))
    requirements_qs = filtered_requirements(project, flt)
    page: Page[Requirement] | None = None
    if paginate:
        page = Paginator(requirements_qs, MATRIX_PAGE_SIZE).get_page(page_number)
        requirements = list(page.object_list)
    else:
        requirements = list(requirements_qs)
    links = NeedRequirement.objects.filter(requirement__in=[r.pk for r in requirements]).values_list(
        "requirement_id", "need_id", "rationale"
    )
    by_requirement: dict[int, dict[int, str]] = defaultdict(dict)
    for req_id, need_id, rationale in links:
        by_requirement[req_id][need_id] = rationale
    rows = []
    for req in requirements:
        linked = by_requirement.get(req.pk, {})
        rows.append(
            MatrixRow(
                requirement=req,
                cells=[linked.get(n.pk) for n in needs],
                linked=[(n, linked[n.pk]) for n in needs if n.pk in linked],
            )
        )
    return Matrix(needs=needs, rows=rows, page=page, grid=len(needs) <= MATRIX_MAX_COLUMNS)


# --- chains -----------------------------------------------------------------------------------


def visible_observations(access: ProjectAccess) -> QuerySet[Observation]:
    return Observation.objects.visible_to(access).select_related("speaker_group", "on_behalf_of", "activity")


def load_need_chain(access: ProjectAccess, need: Need) -> dict[str, Any]:
    """Evidence observations → insights → need → requirements → room types, for one need."""
    insights = list(need.insights.all().prefetch_related(Prefetch("evidence", queryset=visible_observations(access))))
    links = list(
        need.requirement_links.select_related("requirement").prefetch_related(
            Prefetch("requirement__room_types", queryset=RoomType.objects.order_by("ref"))
        )
    )
    return {
        "insights": insights,
        "observation_count": len({o.pk for i in insights for o in i.evidence.all()}),
        "links": links,
        "references": list(need.references.all()),
        "beneficiaries": list(need.beneficiaries.all()),
    }


def load_observation_chain(observation: Observation) -> list[Insight]:
    """What became of an observation: its insights, with their needs, requirements and room types."""
    requirement_links = NeedRequirement.objects.select_related("requirement").prefetch_related(
        Prefetch("requirement__room_types", queryset=RoomType.objects.order_by("ref"))
    )
    return list(
        observation.insights.prefetch_related(
            Prefetch("needs", queryset=Need.objects.order_by("ref")),
            Prefetch("needs__requirement_links", queryset=requirement_links),
        )
    )


# --- snapshots for baselines ------------------------------------------------------------------


def take_snapshot(project: Project) -> dict[str, Any]:
    """Needs, requirements and the room programme as plain JSON (see baseline_diff.py)."""
    from mulighetsrom.needs.models import ProgrammeSettings

    needs = Need.objects.filter(project=project).prefetch_related("beneficiaries", "references")
    need_refs = {}
    need_data = {}
    for n in needs:
        need_refs[n.pk] = n.ref
        need_data[str(n.code)] = {
            "ref": n.ref,
            "statement": n.statement,
            "description": n.description,
            "priority": n.priority,
            "horizon": n.horizon,
            "status": n.status,
            "rejection_reason": n.rejection_reason,
            "strategy": n.strategy,
            "beneficiaries": sorted(g.name for g in n.beneficiaries.all()),
            "references": sorted(r.text for r in n.references.all()),
        }
    links: dict[int, list[str]] = defaultdict(list)
    for req_id, need_id, rationale in NeedRequirement.objects.filter(requirement__project=project).values_list(
        "requirement_id", "need_id", "rationale"
    ):
        links[req_id].append(
            f"{need_refs.get(need_id, '?')}: {rationale}" if rationale else need_refs.get(need_id, "?")
        )
    requirements = Requirement.objects.filter(project=project).select_related("owner_member__person", "owner_unit")
    req_refs = {}
    req_data = {}
    for r in requirements:
        req_refs[r.pk] = r.ref
        req_data[str(r.code)] = {
            "ref": r.ref,
            "text": r.text,
            "category": r.category,
            "criterion": r.criterion,
            "verification_method": r.verification_method,
            "owner": r.owner_label,
            "status": r.status,
            "status_reason": r.status_reason,
            "necessity": r.necessity,
            "necessity_reference": r.necessity_reference,
            "needs": sorted(links.get(r.pk, [])),
        }
    room_reqs: dict[int, list[str]] = defaultdict(list)
    for room_id, req_id in RoomType.requirements.through.objects.filter(roomtype__project=project).values_list(
        "roomtype_id", "requirement_id"
    ):
        room_reqs[room_id].append(req_refs.get(req_id, "?"))
    rooms = list(RoomType.objects.filter(project=project))
    room_refs = {r.pk: r.ref for r in rooms}
    adjacency: dict[int, list[str]] = defaultdict(list)
    for room_id, other_id, kind in Adjacency.objects.filter(room__project=project).values_list(
        "room_id", "other_id", "kind"
    ):
        adjacency[room_id].append(f"{kind} {room_refs.get(other_id, '?')}")
    room_data = {
        str(r.code): {
            "ref": r.ref,
            "name": r.name,
            "function_group": r.function_group,
            "zone": r.zone,
            "count": r.count,
            "net_area": str(r.net_area),
            "area_term": r.area_term,
            "notes": r.notes,
            "requirements": sorted(room_reqs.get(r.pk, [])),
            "adjacency": sorted(adjacency.get(r.pk, [])),
        }
        for r in rooms
    }
    settings = ProgrammeSettings.objects.filter(project=project).first()
    return {
        "needs": need_data,
        "requirements": req_data,
        "rooms": room_data,
        "gross_factor": str(settings.gross_factor) if settings else None,
    }
