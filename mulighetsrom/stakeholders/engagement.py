"""Checks of an engagement plan: is anyone involved too late, too little, or not at all?

Works on already-loaded objects and issues no queries, so pages can run it for many
projects at once (see `warnings_for_projects`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from mulighetsrom.projects.models import Phase
from mulighetsrom.stakeholders.models import EngagementEntry, Level, Method, StakeholderGroup

# A main user group should be involved (above "inform") no later than this step.
MAIN_GROUP_LATEST_STEP = 2
# The room programme is fixed in this step, so statutory councils must be heard before it.
PROGRAMME_FIXED_STEP = 3


@dataclass(frozen=True)
class PlanWarning:
    kind: str  # late_main_group | inform_only | council_too_late | no_involvement | overdue
    group: StakeholderGroup
    message: str
    entry: EngagementEntry | None = None


def group_warnings(group: StakeholderGroup, entries: list[EngagementEntry], today: date) -> list[PlanWarning]:
    """Warnings for one group; `entries` are the group's plan entries with `phase` loaded."""
    active = [e for e in entries if not e.is_cancelled]
    if not active:
        return [PlanWarning("no_involvement", group, _("%(group)s has no planned involvement.") % {"group": group})]
    found: list[PlanWarning] = []
    if group.is_main_user_group:
        found += _main_group_warnings(group, active)
    if group.is_statutory_council:
        heard_in_time = any(
            e.phase.number < PROGRAMME_FIXED_STEP and Level.rank(e.level) >= Level.rank(Level.CONSULT) for e in active
        )
        if not heard_in_time:
            found.append(
                PlanWarning(
                    "council_too_late",
                    group,
                    _("%(group)s is not planned to be heard before the room programme is fixed (step %(step)s).")
                    % {"group": group, "step": PROGRAMME_FIXED_STEP},
                )
            )
    for entry in active:
        if entry.is_overdue(today):
            found.append(
                PlanWarning(
                    "overdue",
                    group,
                    _("%(group)s, %(phase)s: the planned period ended %(date)s, but it is not marked as held.")
                    % {"group": group, "phase": entry.phase, "date": f"{entry.period_end:%d.%m.%Y}"},
                    entry,
                )
            )
    return found


def _main_group_warnings(group: StakeholderGroup, active: list[EngagementEntry]) -> list[PlanWarning]:
    involving = [e for e in active if Level.rank(e.level) > Level.rank(Level.INFORM)]
    if not involving:
        return [
            PlanWarning(
                "inform_only", group, _("%(group)s is a main user group but is only informed.") % {"group": group}
            )
        ]
    first = min(e.phase.number for e in involving)
    if first > MAIN_GROUP_LATEST_STEP:
        return [
            PlanWarning(
                "late_main_group",
                group,
                _(
                    "%(group)s is a main user group but is first involved in step %(step)s (should be step %(latest)s or earlier)."
                )
                % {"group": group, "step": first, "latest": MAIN_GROUP_LATEST_STEP},
            )
        ]
    return []


def plan_warnings(
    groups: Iterable[StakeholderGroup], entries: Iterable[EngagementEntry], today: date
) -> list[PlanWarning]:
    by_group: dict[int, list[EngagementEntry]] = defaultdict(list)
    for entry in entries:
        by_group[entry.group_id].append(entry)
    found: list[PlanWarning] = []
    for group in groups:
        found += group_warnings(group, by_group.get(group.pk, []), today)
    return found


def load_plan(project_ids: list[int]) -> tuple[list[StakeholderGroup], list[EngagementEntry]]:
    """Groups and entries of several projects in three queries.

    Only the fields the checks read are loaded (the portfolio runs this for a page of projects);
    other fields of the returned objects are deferred. The few phases are loaded once and shared
    by the entries rather than joined to every entry.
    """
    groups = list(
        StakeholderGroup.objects.filter(project_id__in=project_ids).only(
            "project", "name", "category", "is_main_user_group"
        )
    )
    entries = list(
        EngagementEntry.objects.filter(group__project_id__in=project_ids).only(
            "group", "phase", "level", "status", "period_end"
        )
    )
    phases = Phase.objects.in_bulk({entry.phase_id for entry in entries})
    for entry in entries:
        entry.phase = phases[entry.phase_id]
    return groups, entries


def warnings_for_projects(project_ids: list[int], today: date) -> dict[int, list[PlanWarning]]:
    groups, entries = load_plan(project_ids)
    result: dict[int, list[PlanWarning]] = {pid: [] for pid in project_ids}
    for warning in plan_warnings(groups, entries, today):
        result[warning.group.project_id].append(warning)
    return result


# Engagement methods that are events people can come to; the public project page lists them.
PUBLIC_EVENT_METHODS = (Method.MEETING, Method.WORKSHOP, Method.HEARING, Method.CO_DESIGN, Method.SITE_VISIT)


@dataclass(frozen=True)
class UpcomingEngagement:
    group_name: str
    methods: list[str]
    starts: date
    ends: date | None


def upcoming_engagements(project_id: int, today: date, limit: int = 10) -> list[UpcomingEngagement]:
    """Planned meetings, workshops and hearings of a project that have a date and are not over.

    Only the group, the kind of event and the period leave the plan: never the notes or who is
    responsible. One query.
    """
    entries = (
        EngagementEntry.objects.filter(
            group__project_id=project_id,
            status=EngagementEntry.Status.PLANNED,
            period_start__isnull=False,
        )
        .exclude(period_end__lt=today)
        .select_related("group")
        .only("methods", "period_start", "period_end", "group__name")
        .order_by("period_start", "group__name")
    )
    found: list[UpcomingEngagement] = []
    for entry in entries:
        events = [str(Method(m).label) for m in entry.methods if m in PUBLIC_EVENT_METHODS]
        if events and entry.period_start is not None:
            found.append(UpcomingEngagement(entry.group.name, events, entry.period_start, entry.period_end))
        if len(found) == limit:
            break
    return found
