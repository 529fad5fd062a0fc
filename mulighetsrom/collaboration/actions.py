"""Collaboration work with side effects: decisions, RACI cells, canvas edits, pulse answers, comments."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mulighetsrom.accounts.models import Organization, Person, Unit, User
from mulighetsrom.collaboration import defaults, method_library
from mulighetsrom.collaboration.models import (
    Assignment,
    CanvasSection,
    CanvasVersion,
    Comment,
    CompetenceProfile,
    Decision,
    DigestSetting,
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
from mulighetsrom.projects.access import visible_projects
from mulighetsrom.projects.actions import log_event
from mulighetsrom.projects.models import BuildingType, Membership, Phase, Project, ProjectEvent
from mulighetsrom.projects.team import team_coverage
from mulighetsrom.stakeholders.models import EngagementEntry, Level, Method, StakeholderGroup


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
    canvas_items = _template_items(project, MethodTemplate.Kind.CANVAS) or []
    prompts = {str(i.get("key")): str(i.get("prompt", ""))[:5000] for i in canvas_items if isinstance(i, dict)}
    CanvasSection.objects.bulk_create(
        CanvasSection(project=project, key=key, text=prompts.get(key, "")) for key in CanvasSection.Key.values
    )
    _seed_engagement_defaults(project, phases)
    pulse_items = _template_items(project, MethodTemplate.Kind.PULSE)
    statements = [str(s) for s in pulse_items] if pulse_items is not None else defaults.PULSE_STATEMENTS
    PulseStatement.objects.bulk_create(
        PulseStatement(project=project, text=text, position=i) for i, text in enumerate(statements)
    )


def _seed_engagement_defaults(project: Project, phases: dict[int, Phase]) -> None:
    """Plan entries from the organization's engagement template, for the groups the project got.

    Runs after the stakeholders seeder (INSTALLED_APPS order). An item names its group by
    "category" (e.g. "residents") or by "group" (the group's name, e.g. "Elever"), a step number
    in "phase", and optionally "level" (default consult) and "methods" (or one "method"). Items
    that fit neither the organization's phases nor the known values are skipped.
    """
    items = _template_items(project, MethodTemplate.Kind.ENGAGEMENT) or []
    groups = list(StakeholderGroup.objects.filter(project=project))
    entries = {}
    for item in items:
        if not isinstance(item, dict) or not str(item.get("phase", "")).isdigit():
            continue
        phase = phases.get(int(item["phase"]))
        level = item.get("level", Level.CONSULT)
        if phase is None or level not in Level.values:
            continue
        raw = item.get("methods", [item.get("method", "")])
        methods = (
            [str(m).strip().lower() for m in raw if str(m).strip().lower() in Method.values]
            if isinstance(raw, list)
            else []
        )
        for group in groups:
            if item.get("category") == group.category or item.get("group") == group.name:
                entries[(group.pk, phase.pk)] = EngagementEntry(group=group, phase=phase, level=level, methods=methods)
    EngagementEntry.objects.bulk_create(entries.values())


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
    return [r for r in decision.prerequisites.all() if not r.is_settled]


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
        if not membership.is_current and letter:
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
    *,
    project: Project,
    target: models.Model,
    body: str,
    acting_user: User,
    parent: Comment | None = None,
    url: str = "",
) -> Comment:
    """Add a comment; notify the people it mentions and, as plain comments, the earlier commenters."""
    members = [m.person for m in Membership.objects.on_team(project).select_related("person__user")]
    content_type = ContentType.objects.get_for_model(target)
    followers = set(
        Comment.objects.filter(content_type=content_type, object_id=target.pk, author__isnull=False)
        .values_list("author_id", flat=True)
        .distinct()
    )
    comment = Comment.objects.create(
        project=project, content_type=content_type, object_id=target.pk, parent=parent, author=acting_user, body=body
    )
    mentioned = resolve_mentions(body, members)
    comment.mentions.set(mentioned)
    person = acting_user.current_person
    who = person.name if person is not None else str(acting_user)
    mentioned_users = {p.user_id for p in mentioned if p.user_id is not None and p.user_id != acting_user.pk}
    notifications = [
        Notification(
            user_id=user_id,
            project=project,
            kind=Notification.Kind.MENTION,
            text=(_("%(who)s mentioned you: %(text)s") % {"who": who, "text": body})[:300],
            url=url,
        )
        for user_id in sorted(mentioned_users)
    ]
    notifications += [
        Notification(
            user_id=user_id,
            project=project,
            kind=Notification.Kind.COMMENT,
            text=(_("%(who)s commented: %(text)s") % {"who": who, "text": body})[:300],
            url=url,
        )
        for user_id in sorted(followers - mentioned_users - {acting_user.pk})
    ]
    Notification.objects.bulk_create(notifications)
    return comment


def comments_for(target: models.Model) -> models.QuerySet[Comment]:
    """The thread on one object, oldest first."""
    return Comment.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("author")


class AssignmentError(Exception):
    """An assignment that cannot be made (message is user-facing)."""


@transaction.atomic
def add_assignment(*, assignment: Assignment, acting_user: User, url: str = "") -> Assignment:
    """Give a task on a project object to a team member, and notify them (unless they gave it themselves)."""
    if (
        not Membership.objects.current()
        .filter(project_id=assignment.project_id, person_id=assignment.assignee_id)
        .exists()
    ):
        raise AssignmentError(_("Tasks can only be given to members of the team."))
    assignment.created_by = acting_user
    assignment.save()
    if assignment.assignee.user is not None and assignment.assignee.user != acting_user:
        Notification.objects.create(
            user=assignment.assignee.user,
            project=assignment.project,
            kind=Notification.Kind.ASSIGNMENT,
            text=(_("You were given a task: %(title)s") % {"title": assignment.title})[:300],
            url=url,
        )
    return assignment


def assignments_for(target: models.Model) -> models.QuerySet[Assignment]:
    """The tasks given on one object: open ones first, by due date."""
    return Assignment.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    ).select_related("assignee")


def complete_assignment(*, assignment: Assignment, acting_user: User) -> None:
    """Mark a task done (idempotent)."""
    Assignment.objects.filter(pk=assignment.pk, done_at__isnull=True).update(done_at=timezone.now())


def mark_notifications_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# Daily digest ---------------------------------------------------------------------------------


def digest_kinds(setting: DigestSetting | None) -> list[str]:
    """The notification kinds a user gets by e-mail. Without a setting: direct mentions only."""
    if setting is None:
        return [Notification.Kind.MENTION]
    wanted = [
        (setting.mentions, Notification.Kind.MENTION),
        (setting.assignments, Notification.Kind.ASSIGNMENT),
        (setting.comments, Notification.Kind.COMMENT),
    ]
    return [kind for on, kind in wanted if on]


def send_digests(*, now: datetime | None = None, base_url: str = "") -> int:
    """Send each user one e-mail with the notifications not yet digested. Returns the number sent.

    Every pending notification is marked digested (also the kinds the user opted out of), so a
    later change of setting does not flood the user with old news. Notifications from projects the
    user can no longer see (they left the team) are marked digested too, but never mailed.
    """
    now = now or timezone.now()
    pending = Notification.objects.filter(digested_at__isnull=True)
    user_ids = sorted(set(pending.values_list("user_id", flat=True)))
    settings_by_user = {s.user_id: s for s in DigestSetting.objects.filter(user_id__in=user_ids)}
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids, is_active=True)}
    sent = 0
    for user_id in user_ids:
        user = users.get(user_id)
        kinds = digest_kinds(settings_by_user.get(user_id))
        with transaction.atomic():
            rows = list(pending.filter(user_id=user_id).select_for_update().select_related("project"))
            visible = (
                set(visible_projects(user).filter(pk__in={n.project_id for n in rows}).values_list("pk", flat=True))
                if user is not None
                else set()
            )
            chosen = [n for n in rows if n.kind in kinds and n.project_id in visible]
            if user is not None and user.email and chosen:
                with translation.override(settings.LANGUAGE_CODE):
                    subject = ngettext(
                        "Mulighetsrom: %(n)d new notification", "Mulighetsrom: %(n)d new notifications", len(chosen)
                    ) % {"n": len(chosen)}
                    lines = [
                        f"{n.project.name}: {n.text}" + (f"\n  {base_url}{n.url}" if n.url else "") for n in chosen
                    ]
                    body = "\n\n".join(lines)
                send_mail(subject, body, None, [user.email])
                sent += 1
            Notification.objects.filter(pk__in=[n.pk for n in rows]).update(digested_at=now)
    return sent


# Competence map -------------------------------------------------------------------------------

# Tags that suggest experience relevant to a building type (lower case; matched as substrings).
BUILDING_TYPE_TAGS: dict[str, tuple[str, ...]] = {
    "nursing_home": ("velferdsteknologi", "helse", "omsorg", "sykehjem", "demens", "universell utforming"),
    "supported_housing": ("velferdsteknologi", "omsorg", "bolig", "universell utforming"),
    "school": ("skole", "pedagog", "ikt", "undervisning", "universell utforming"),
    "kindergarten": ("barnehage", "pedagog", "universell utforming"),
    "culture": ("kultur", "bibliotek", "scene"),
    "multi_use": ("sambruk", "flerbruk", "kultur"),
}


def normalize_tags(raw: str | Iterable[str]) -> list[str]:
    """Comma-separated text (or a list) → unique, trimmed, lower-case tags in their first order."""
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    tags: list[str] = []
    for part in parts:
        tag = " ".join(str(part).split()).casefold()[:60]
        if tag and tag not in tags:
            tags.append(tag)
    return tags[:30]


@transaction.atomic
def save_competence_profile(
    *,
    person: Person,
    tags: str | Iterable[str],
    experience: str,
    building_types: Iterable[str],
    interested: bool,
    available: bool,
    acting_user: User,
) -> CompetenceProfile:
    profile, _created = CompetenceProfile.objects.update_or_create(
        person=person,
        defaults={
            "tags": normalize_tags(tags),
            "experience": experience,
            "building_types": sorted(set(building_types)),
            "interested": interested,
            "available": available,
        },
    )
    return profile


def profile_of(person: Person) -> CompetenceProfile | None:
    try:
        return person.competence
    except CompetenceProfile.DoesNotExist:
        return None


def filter_competence(
    people: Iterable[Person], *, q: str = "", tag: str = "", unit: str = "", available: bool = False
) -> list[Person]:
    """Filter people (with `competence` and `unit` loaded) in Python: the tags are JSON lists."""
    needle = q.strip().casefold()
    tag = tag.strip().casefold()
    result = []
    for person in people:
        profile = profile_of(person)
        tags = profile.tags if profile else []
        if needle and needle not in person.name.casefold() and not any(needle in t for t in tags):
            continue
        if tag and tag not in tags:
            continue
        if unit and (person.unit is None or str(person.unit.code) != unit):
            continue
        if available and not (profile and profile.available):
            continue
        result.append(person)
    return result


def all_tags(organization_id: int) -> list[str]:
    tags: set[str] = set()
    for row in CompetenceProfile.objects.filter(person__organization_id=organization_id).values_list("tags", flat=True):
        tags.update(str(t) for t in row or [])
    return sorted(tags)


@dataclass
class Suggestion:
    person: Person
    profile: CompetenceProfile | None
    fills_unit: bool  # the person's unit is one the team lacks
    matching_tags: list[str]
    knows_building_type: bool

    @property
    def available(self) -> bool:
        return bool(self.profile and self.profile.available)


def suggest_people(project: Project, *, limit: int = 30) -> list[Suggestion]:
    """People not on the team from the units it lacks, or with competence fitting the building type.

    Available people first, then those who fill a missing unit, then the best tag match.
    """
    missing = set(team_coverage(project).missing_kinds)
    on_team = Membership.objects.on_team(project).values("person_id")
    keywords = BUILDING_TYPE_TAGS.get(project.building_type, ())
    people = (
        Person.objects.active()
        .filter(organization_id=project.organization_id)
        .exclude(pk__in=on_team)
        .select_related("unit", "competence")
    )
    suggestions = []
    for person in people:
        profile = profile_of(person)
        tags = profile.tags if profile else []
        matching = [t for t in tags if any(k in t for k in keywords)]
        knows = bool(profile and project.building_type in (profile.building_types or []))
        fills = person.unit is not None and person.unit.kind in missing
        if fills or matching or knows:
            suggestions.append(Suggestion(person, profile, fills, matching, knows))
    suggestions.sort(
        key=lambda s: (
            not s.available,
            not s.fills_unit,
            -(len(s.matching_tags) + s.knows_building_type),
            s.person.name,
        )
    )
    return suggestions[:limit]


# Method library -------------------------------------------------------------------------------


def export_method_library(organization: Organization) -> str:
    templates = [
        method_library.TemplateData(kind=t.kind, building_type=t.building_type, items=t.items)
        for t in MethodTemplate.objects.filter(organization=organization).order_by("kind", "building_type")
    ]
    return method_library.dump_library(
        templates, organization=organization.name, exported_at=timezone.now().isoformat(timespec="seconds")
    )


@dataclass
class ImportReport:
    created: list[MethodTemplate]
    updated: list[MethodTemplate]


@transaction.atomic
def import_method_library(*, organization: Organization, data: bytes, acting_user: User) -> ImportReport:
    """Validate the whole file, then create or replace the organization's templates.

    Raises method_library.LibraryError (nothing is written) for a file that cannot be imported.
    """
    templates = method_library.parse_library(
        data, building_types=set(BuildingType.values), canvas_keys=set(CanvasSection.Key.values)
    )
    report = ImportReport(created=[], updated=[])
    for t in templates:
        row, created = MethodTemplate.objects.update_or_create(
            organization=organization, kind=t.kind, building_type=t.building_type, defaults={"items": t.items}
        )
        (report.created if created else report.updated).append(row)
    return report
