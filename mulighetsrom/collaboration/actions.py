"""Collaboration work with side effects: decisions, RACI cells, canvas edits, pulse answers, comments."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mulighetsrom.accounts.models import Person, Unit, User
from mulighetsrom.collaboration import defaults
from mulighetsrom.collaboration.models import (
    Assignment,
    CanvasSection,
    CanvasVersion,
    Comment,
    Decision,
    MethodEvaluation,
    MethodTemplate,
    Notification,
    PulseAnswer,
    PulseParticipation,
    PulseRound,
    PulseStatement,
    RaciAssignment,
    RaciTask,
)
from mulighetsrom.projects.actions import log_event
from mulighetsrom.projects.models import Membership, Phase, Project, ProjectEvent


class CanvasConflict(Exception):
    """Someone saved the section after the user opened it. Carries the current section."""

    def __init__(self, section: CanvasSection) -> None:
        super().__init__("conflict")
        self.section = section


class RaciError(Exception):
    """A RACI change that cannot be made (message is user-facing)."""


class PulseError(Exception):
    """A pulse answer that cannot be stored (message is user-facing)."""


def _template_items(project: Project, kind: str) -> list | None:
    template = MethodTemplate.objects.filter(
        organization_id=project.organization_id, kind=kind, building_type__in=[project.building_type, ""]
    ).order_by("-building_type")  # the building type's own template before the general one
    first = template.first()
    return first.items if first is not None else None


def seed_collaboration(project: Project) -> None:
    """Seed a new project's RACI tasks, canvas sections and pulse statements from templates."""
    phases = {p.number: p for p in Phase.objects.filter(organization_id=project.organization_id)}
    raci_items = _template_items(project, MethodTemplate.Kind.RACI)
    tasks = (
        [(int(i["phase"]), str(i["name"])) for i in raci_items]
        if raci_items is not None
        else defaults.raci_tasks_for(project.building_type)
    )
    RaciTask.objects.bulk_create(
        RaciTask(project=project, phase=phases[number], name=name, position=i)
        for i, (number, name) in enumerate(tasks)
        if number in phases
    )
    CanvasSection.objects.bulk_create(CanvasSection(project=project, key=key) for key in CanvasSection.Key.values)
    pulse_items = _template_items(project, MethodTemplate.Kind.PULSE)
    statements = [str(s) for s in pulse_items] if pulse_items is not None else defaults.PULSE_STATEMENTS
    PulseStatement.objects.bulk_create(
        PulseStatement(project=project, text=text, position=i) for i, text in enumerate(statements)
    )


# Decisions ------------------------------------------------------------------------------------


@transaction.atomic
def record_decision(
    *,
    decision: Decision,
    needs: Iterable[object] = (),
    requirements: Iterable[object] = (),
    insights: Iterable[object] = (),
    prerequisites: Iterable[object] = (),
    acting_user: User,
    submission_key: uuid.UUID | None = None,
) -> Decision:
    """Save a new or changed decision and its links. A repeated `submission_key` returns the first one."""
    is_new = decision.pk is None
    if is_new and submission_key is not None:
        existing = Decision.objects.filter(submission_key=submission_key, project=decision.project).first()
        if existing is not None:
            return existing
        decision.submission_key = submission_key
    if is_new:
        decision.recorded_by = acting_user
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        if submission_key is None:
            raise
        return Decision.objects.get(submission_key=submission_key)
    decision.needs.set(needs)  # type: ignore[arg-type]
    decision.requirements.set(requirements)  # type: ignore[arg-type]
    decision.insights.set(insights)  # type: ignore[arg-type]
    decision.prerequisites.set(prerequisites)  # type: ignore[arg-type]
    verb = ProjectEvent.Verb.DECIDED if is_new else ProjectEvent.Verb.UPDATED
    log_event(project=decision.project, actor=acting_user, verb=verb, obj=decision)
    return decision


@transaction.atomic
def supersede_decision(*, old: Decision, new: Decision, acting_user: User) -> None:
    if old.pk == new.pk or old.project_id != new.project_id:
        raise ValueError("A decision is superseded by another decision in the same project.")
    old.supersede(by=new)
    log_event(project=old.project, actor=acting_user, verb=ProjectEvent.Verb.UPDATED, obj=old)


def unagreed_prerequisites(decision: Decision) -> list[object]:
    """Prerequisite requirements not yet agreed (or verified): fixing the choice now is premature."""
    return [r for r in decision.prerequisites.all() if r.status not in ("agreed", "verified")]


# RACI -----------------------------------------------------------------------------------------


@transaction.atomic
def set_raci_cell(
    *, task: RaciTask, letter: str, membership: Membership | None = None, unit: Unit | None = None, acting_user: User
) -> RaciAssignment | None:
    """Set (or with an empty letter, clear) one cell. A person who has left the team gets no new role."""
    if (membership is None) == (unit is None):
        raise ValueError("Give exactly one of membership and unit.")
    if membership is not None:
        if membership.project_id != task.project_id:
            raise RaciError(_("That person is not on this project's team."))
        if membership.left_at is not None and letter:
            raise RaciError(
                _("%(name)s has left the team and cannot be given a role.") % {"name": membership.person.name}
            )
        lookup: dict[str, object] = {"task": task, "membership": membership}
    else:
        assert unit is not None
        if unit.organization_id != task.project.organization_id:
            raise RaciError(_("That unit does not belong to this organization."))
        lookup = {"task": task, "unit": unit}
    if not letter:
        RaciAssignment.objects.filter(**lookup).delete()
        return None
    cell, _created = RaciAssignment.objects.update_or_create(**lookup, defaults={"letter": letter})  # type: ignore[arg-type]
    return cell


@transaction.atomic
def add_raci_task(*, project: Project, phase: Phase, name: str, acting_user: User) -> RaciTask:
    position = (RaciTask.objects.filter(project=project).aggregate(m=models.Max("position"))["m"] or 0) + 1
    task = RaciTask.objects.create(project=project, phase=phase, name=name, position=position)
    log_event(project=project, actor=acting_user, verb=ProjectEvent.Verb.ADDED, obj=task)
    return task


# Team canvas ----------------------------------------------------------------------------------


@transaction.atomic
def save_canvas_section(
    *, section: CanvasSection, text: str, expected_version: int, acting_user: User
) -> CanvasSection:
    """Save `text` if nobody saved the section since the user read `expected_version`.

    Raises CanvasConflict (carrying the current section) otherwise; nothing is written.
    """
    updated = CanvasSection.objects.filter(pk=section.pk, version=expected_version).update(
        text=text, version=expected_version + 1, updated_by=acting_user, updated_at=timezone.now()
    )
    section.refresh_from_db()
    if not updated:
        raise CanvasConflict(section)
    CanvasVersion.objects.create(section=section, version=section.version, text=text, author=acting_user)
    log_event(project=section.project, actor=acting_user, verb=ProjectEvent.Verb.UPDATED, obj=section)
    return section


# Team health ----------------------------------------------------------------------------------


def current_round(project: Project, today: date | None = None) -> PulseRound:
    """The monthly round covering `today`, created on first use."""
    today = today or timezone.localdate()
    start = today.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    pulse_round, _created = PulseRound.objects.get_or_create(
        project=project, opens_on=start, defaults={"closes_on": end}
    )
    return pulse_round


@transaction.atomic
def answer_pulse(*, pulse_round: PulseRound, person: Person, values: dict[int, int]) -> None:
    """Store one member's anonymous answers. The participation row and the answers are not linked.

    `values` maps statement id → 1..5. Raises PulseError when the person already answered.
    """
    try:
        with transaction.atomic():
            PulseParticipation.objects.create(round=pulse_round, person=person)
    except IntegrityError:
        raise PulseError(_("You have already answered this round.")) from None
    valid = set(PulseStatement.objects.filter(project=pulse_round.project, is_active=True).values_list("id", flat=True))
    PulseAnswer.objects.bulk_create(
        PulseAnswer(round=pulse_round, statement_id=sid, value=value)
        for sid, value in sorted(values.items())
        if sid in valid and 1 <= value <= 5
    )


@transaction.atomic
def record_method_evaluation(*, evaluation: MethodEvaluation, acting_user: User) -> MethodEvaluation:
    evaluation.recorded_by = acting_user
    evaluation.save()
    log_event(project=evaluation.project, actor=acting_user, verb=ProjectEvent.Verb.ADDED, obj=evaluation)
    return evaluation


# Comments, mentions, assignments --------------------------------------------------------------

MENTION = re.compile(r"@(?:\"([^\"]+)\"|([\w.+-]+@[\w-]+\.[\w.-]+)|(\w+(?:\s\w+)?))")


def resolve_mentions(body: str, members: list[Person]) -> list[Person]:
    """@ola@example.org, @"Ola Hansen" or @Ola: matched against the project's members (case-insensitive)."""
    found: list[Person] = []
    for quoted, email, word in MENTION.findall(body):
        key = (quoted or email or word).casefold()
        for person in members:
            names = {person.name.casefold(), person.email.casefold(), person.name.split(" ")[0].casefold()}
            if (key in names or (word and word.split(" ")[0].casefold() in names)) and person not in found:
                found.append(person)
                break
    return found


@transaction.atomic
def add_comment(
    *, project: Project, target: models.Model, body: str, acting_user: User, parent: Comment | None = None
) -> Comment:
    members = [
        m.person
        for m in Membership.objects.filter(project=project, left_at__isnull=True).select_related("person__user")
    ]
    comment = Comment.objects.create(
        project=project,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        parent=parent,
        author=acting_user,
        body=body,
    )
    mentioned = resolve_mentions(body, members)
    comment.mentions.set(mentioned)
    Notification.objects.bulk_create(
        Notification(
            user=person.user,
            project=project,
            kind=Notification.Kind.MENTION,
            text=(_("%(who)s mentioned you: %(text)s") % {"who": str(acting_user), "text": body})[:300],
        )
        for person in mentioned
        if person.user is not None and person.user != acting_user
    )
    return comment


@transaction.atomic
def add_assignment(*, assignment: Assignment, acting_user: User) -> Assignment:
    assignment.created_by = acting_user
    assignment.save()
    if assignment.assignee.user is not None and assignment.assignee.user != acting_user:
        Notification.objects.create(
            user=assignment.assignee.user,
            project=assignment.project,
            kind=Notification.Kind.ASSIGNMENT,
            text=(_("You were given a task: %(title)s") % {"title": assignment.title})[:300],
        )
    return assignment
