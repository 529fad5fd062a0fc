"""Small builders for needs tests (plain functions; the object graphs here are shallow)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from mulighetsrom.accounts.models import User
from mulighetsrom.insight.models import Activity, Insight, Observation
from mulighetsrom.needs import actions
from mulighetsrom.needs.models import Need, Requirement, RoomType
from mulighetsrom.projects.models import Project
from mulighetsrom.stakeholders.models import StakeholderGroup


def make_need(project: Project, user: User, statement: str = "Trygg utetilgang", **fields: Any) -> Need:
    groups = fields.pop("beneficiaries", [])
    insights = fields.pop("insights", None)
    need = Need(project=project, statement=statement, **fields)
    return actions.save_need(need=need, beneficiaries=groups, insights=insights, acting_user=user)


def make_requirement(
    project: Project, user: User, text: str = "Alle beboerrom skal ha egen terrasse.", *, needs: tuple[Need, ...] = (),
    **fields: Any,
) -> Requirement:  # fmt: skip
    fields.setdefault("category", Requirement.Category.FUNCTIONAL)
    requirement = actions.save_requirement(
        requirement=Requirement(project=project, text=text, **fields), acting_user=user
    )
    for need in needs:
        actions.link_requirement_to_need(need=need, requirement=requirement, rationale="", acting_user=user)
    return requirement


def make_room(
    project: Project, user: User, ref: str = "BO-01", *, requirements: tuple[Requirement, ...] = (), **fields: Any
) -> RoomType:
    fields.setdefault("name", "Beboerrom")
    fields.setdefault("function_group", "residential")
    fields.setdefault("net_area", Decimal("25"))
    fields.setdefault("count", 1)
    return actions.save_room_type(
        room=RoomType(project=project, ref=ref, **fields), requirements=requirements, acting_user=user
    )


def make_insight(
    project: Project,
    statement: str = "Beboere vil ut",
    *,
    groups: tuple[StakeholderGroup, ...] = (),
    observations: int = 2,
) -> Insight:
    phase = project.current_phase
    activity = Activity.objects.create(
        project=project, type="interview", title="Intervju", date=dt.date(2026, 3, 1), phase=phase
    )
    insight = Insight.objects.create(project=project, statement=statement)
    for i in range(observations):
        group = groups[i % len(groups)] if groups else None
        obs = Observation.objects.create(project=project, text=f"Sitat {i}", activity=activity, speaker_group=group)
        insight.evidence.add(obs)
    return insight
