"""Changes to stakeholder groups and the engagement plan, each logged in the project feed."""

from __future__ import annotations

from django.db import transaction

from mulighetsrom.accounts.models import User
from mulighetsrom.projects.actions import log_event
from mulighetsrom.projects.models import Project, ProjectEvent
from mulighetsrom.stakeholders import defaults
from mulighetsrom.stakeholders.models import EngagementEntry, StakeholderGroup


def seed_stakeholder_groups(project: Project) -> None:
    """Give a new project the typical groups for its building type."""
    StakeholderGroup.objects.bulk_create(
        StakeholderGroup(
            project=project, name=name, category=category, is_main_user_group=main, participation_needs=needs
        )
        for name, category, main, needs in defaults.groups_for(project.building_type)
    )


@transaction.atomic
def save_group(*, group: StakeholderGroup, acting_user: User) -> StakeholderGroup:
    created = group.pk is None
    group.save()
    verb = ProjectEvent.Verb.ADDED if created else ProjectEvent.Verb.UPDATED
    log_event(project=group.project, actor=acting_user, verb=verb, obj=group)
    return group


@transaction.atomic
def delete_group(*, group: StakeholderGroup, acting_user: User) -> None:
    log_event(project=group.project, actor=acting_user, verb=ProjectEvent.Verb.DELETED, obj=group)
    group.delete()


@transaction.atomic
def save_engagement(*, entry: EngagementEntry, acting_user: User) -> EngagementEntry:
    entry.save()
    log_event(
        project=entry.group.project,
        actor=acting_user,
        verb=ProjectEvent.Verb.PLANNED,
        obj=entry,
        label=f"{entry.group} – {entry.phase}",
    )
    return entry


@transaction.atomic
def clear_engagement(*, entry: EngagementEntry, acting_user: User) -> None:
    log_event(
        project=entry.group.project,
        actor=acting_user,
        verb=ProjectEvent.Verb.REMOVED,
        obj=entry,
        label=f"{entry.group} – {entry.phase}",
    )
    entry.delete()
