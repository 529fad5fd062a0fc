"""Work on the insight bank that spans models or has side effects, each logged in the project feed.

Labels in the change feed never carry observation text: it may hold personal data.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mulighetsrom.accounts.models import User
from mulighetsrom.insight.models import (
    Activity,
    ActivityGroup,
    Attachment,
    Insight,
    Observation,
    PersonalDataKept,
    SuggestionRun,
    Tag,
    Theme,
    ThemeSuggestion,
)
from mulighetsrom.projects.actions import log_event
from mulighetsrom.projects.models import Membership, Project, ProjectEvent
from mulighetsrom.stakeholders.models import EngagementEntry, Level, StakeholderGroup

logger = logging.getLogger(__name__)


class InsightError(Exception):
    """A request that contradicts the data (message is user-facing)."""


# Activities ---------------------------------------------------------------------------------


@transaction.atomic
def save_activity(
    *,
    activity: Activity,
    reached: dict[StakeholderGroup, int | None],
    facilitators: Iterable[Membership],
    acting_user: User,
) -> Activity:
    """Save an activity with the groups it reached (group → participant count) and its facilitators."""
    created = activity.pk is None
    activity.save()
    activity.facilitators.set(list(facilitators))
    ActivityGroup.objects.filter(activity=activity).exclude(group__in=list(reached)).delete()
    for group, participants in reached.items():
        ActivityGroup.objects.update_or_create(activity=activity, group=group, defaults={"participants": participants})
    if activity.is_held:
        _mark_engagement_held(activity)
    verb = ProjectEvent.Verb.ADDED if created else ProjectEvent.Verb.UPDATED
    log_event(project=activity.project, actor=acting_user, verb=verb, obj=activity)
    return activity


@transaction.atomic
def mark_activity_done(*, activity: Activity, acting_user: User) -> Activity:
    """Mark an activity as held and record it in the engagement plan for every group it reached."""
    if not activity.is_held:
        activity.mark_held()
        activity.save(update_fields=["done_at"])
    _mark_engagement_held(activity)
    log_event(project=activity.project, actor=acting_user, verb=ProjectEvent.Verb.UPDATED, obj=activity)
    return activity


def _mark_engagement_held(activity: Activity) -> None:
    group_ids = list(ActivityGroup.objects.filter(activity=activity).values_list("group_id", flat=True))
    existing = EngagementEntry.objects.filter(group_id__in=group_ids, phase_id=activity.phase_id)
    EngagementEntry.objects.filter(pk__in=existing.values("pk")).mark_held()
    missing = set(group_ids) - set(existing.values_list("group_id", flat=True))
    EngagementEntry.objects.bulk_create(
        EngagementEntry(
            group_id=group_id,
            phase_id=activity.phase_id,
            level=Level.CONSULT,
            methods=[activity.type] if activity.type != Activity.Type.DOCUMENT_STUDY else [],
            status=EngagementEntry.Status.HELD,
        )
        for group_id in sorted(missing)
    )


@transaction.atomic
def delete_activity(*, activity: Activity, acting_user: User) -> None:
    log_event(project=activity.project, actor=acting_user, verb=ProjectEvent.Verb.DELETED, obj=activity)
    for attachment in activity.attachments.all():
        attachment.file.delete(save=False)
    activity.delete()


@transaction.atomic
def add_attachment(*, activity: Activity, upload: UploadedFile, content_type: str, acting_user: User) -> Attachment:
    """Store an already checked upload under a random name (see models.attachment_path)."""
    attachment = Attachment(
        activity=activity,
        original_name=(upload.name or "vedlegg")[-200:],
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=acting_user,
    )
    attachment.file.save(upload.name or "vedlegg", upload, save=False)
    attachment.save()
    log_event(project=activity.project, actor=acting_user, verb=ProjectEvent.Verb.ADDED, obj=attachment)
    return attachment


@transaction.atomic
def delete_attachment(*, attachment: Attachment, acting_user: User) -> None:
    log_event(project=attachment.activity.project, actor=acting_user, verb=ProjectEvent.Verb.DELETED, obj=attachment)
    attachment.file.delete(save=False)
    attachment.delete()


# Observations -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CapturedNote:
    """One note ready to store: text already redacted, plus the identifiers kept on purpose."""

    text: str
    kept: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (kind of identifier, reason)


def parse_tags(value: str) -> list[str]:
    """Comma-separated tags, trimmed, lower-cased, without duplicates."""
    seen: list[str] = []
    for raw in value.split(","):
        tag = " ".join(raw.split()).lower()[:40]
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def _tags(project: Project, names: Iterable[str]) -> list[Tag]:
    names = list(names)
    existing = {t.name: t for t in Tag.objects.filter(project=project, name__in=names)}
    missing = [Tag(project=project, name=n) for n in names if n not in existing]
    Tag.objects.bulk_create(missing, ignore_conflicts=True)
    return list(Tag.objects.filter(project=project, name__in=names))


@transaction.atomic
def capture_observations(
    *,
    project: Project,
    notes: Sequence[CapturedNote],
    kind: str,
    activity: Activity | None,
    speaker_group: StakeholderGroup | None,
    on_behalf_of: StakeholderGroup | None,
    legal_basis: str,
    sensitivity: str,
    tags: Sequence[str],
    acting_user: User,
    capture_key: uuid.UUID | None = None,
) -> list[Observation]:
    """Create one observation per note with shared source fields.

    A repeated `capture_key` returns the batch already stored (a double submit). The project row
    is locked so two submits of the same form cannot both pass the check.
    """
    if capture_key is not None:
        Project.objects.select_for_update().filter(pk=project.pk).first()
        existing = list(Observation.objects.filter(project=project, capture_key=capture_key))
        if existing:
            return existing
    observations = [
        Observation(
            project=project,
            text=note.text,
            kind=kind,
            activity=activity,
            speaker_group=speaker_group,
            on_behalf_of=on_behalf_of,
            legal_basis=legal_basis,
            sensitivity=sensitivity,
            created_by=acting_user,
            capture_key=capture_key,
        )
        for note in notes
    ]
    for obs in observations:
        obs.save()
    tag_objects = _tags(project, tags)
    if tag_objects:
        through = Observation.tags.through
        through.objects.bulk_create(
            [through(observation_id=o.pk, tag_id=t.pk) for o in observations for t in tag_objects]
        )
    PersonalDataKept.objects.bulk_create(
        PersonalDataKept(project=project, observation=obs, kind=kind_, reason=reason[:300], kept_by=acting_user)
        for obs, note in zip(observations, notes, strict=True)
        for kind_, reason in note.kept
    )
    label = ngettext("%(count)d observation", "%(count)d observations", len(observations)) % {
        "count": len(observations)
    }
    if observations:
        log_event(project=project, actor=acting_user, verb=ProjectEvent.Verb.ADDED, obj=observations[0], label=label)
    return observations


@transaction.atomic
def save_observation(*, observation: Observation, tags: Sequence[str], acting_user: User) -> Observation:
    observation.save()
    observation.tags.set(_tags(observation.project, tags))
    log_event(
        project=observation.project,
        actor=acting_user,
        verb=ProjectEvent.Verb.UPDATED,
        obj=observation,
        label=_("observation %(id)s") % {"id": str(observation.code)[:8]},
    )
    return observation


@transaction.atomic
def delete_observation(*, observation: Observation, acting_user: User) -> None:
    log_event(
        project=observation.project,
        actor=acting_user,
        verb=ProjectEvent.Verb.DELETED,
        obj=observation,
        label=_("observation %(id)s") % {"id": str(observation.code)[:8]},
    )
    observation.delete()


# Themes -------------------------------------------------------------------------------------


@transaction.atomic
def create_theme(
    *, project: Project, name: str, acting_user: User, observations: Iterable[Observation] = (), description: str = ""
) -> Theme:
    theme = Theme.objects.create(project=project, name=name, description=description)
    ids = [o.pk for o in observations]
    if ids:
        Observation.objects.filter(project=project, pk__in=ids).update(theme=theme)
    log_event(project=project, actor=acting_user, verb=ProjectEvent.Verb.ADDED, obj=theme)
    return theme


@transaction.atomic
def rename_theme(*, theme: Theme, name: str, acting_user: User, description: str | None = None) -> Theme:
    theme.name = name
    fields = ["name"]
    if description is not None:
        theme.description = description
        fields.append("description")
    theme.save(update_fields=fields)
    log_event(project=theme.project, actor=acting_user, verb=ProjectEvent.Verb.UPDATED, obj=theme)
    return theme


@transaction.atomic
def merge_themes(*, source: Theme, target: Theme, acting_user: User) -> Theme:
    """Move everything from `source` into `target` and delete `source`."""
    if source.pk == target.pk:
        raise InsightError(_("A theme cannot be merged with itself."))
    if source.project_id != target.project_id:
        raise InsightError(_("Only themes in the same project can be merged."))
    Observation.objects.filter(theme=source).update(theme=target)
    for insight in Insight.objects.filter(themes=source):
        insight.themes.add(target)
    ThemeSuggestion.objects.filter(theme=source).update(theme=target)
    label = f"{source.name} → {target.name}"
    source.delete()
    log_event(project=target.project, actor=acting_user, verb=ProjectEvent.Verb.UPDATED, obj=target, label=label)
    return target


@transaction.atomic
def split_theme(*, theme: Theme, observation_ids: Iterable[int], name: str, acting_user: User) -> Theme:
    """Move the chosen observations of `theme` into a new theme called `name`."""
    moving = Observation.objects.filter(theme=theme, pk__in=list(observation_ids))
    if not moving.exists():
        raise InsightError(_("Choose at least one observation of this theme to split off."))
    new = Theme.objects.create(project=theme.project, name=name)
    moving.update(theme=new)
    log_event(project=theme.project, actor=acting_user, verb=ProjectEvent.Verb.ADDED, obj=new)
    return new


@transaction.atomic
def move_observations(
    *, project: Project, observations: Iterable[Observation], theme: Theme | None, acting_user: User
) -> int:
    """Assign observations to a theme (or to none). Returns how many were moved."""
    if theme is not None and theme.project_id != project.pk:
        raise InsightError(_("The theme belongs to another project."))
    ids = [o.pk for o in observations]
    count = Observation.objects.filter(project=project, pk__in=ids).update(theme=theme)
    label = ngettext("%(count)d observation → %(theme)s", "%(count)d observations → %(theme)s", count) % {
        "count": count,
        "theme": theme.name if theme else "–",
    }
    log_event(
        project=project, actor=acting_user, verb=ProjectEvent.Verb.UPDATED, obj=theme or Observation(), label=label
    )
    return count


@transaction.atomic
def delete_theme(*, theme: Theme, acting_user: User) -> None:
    log_event(project=theme.project, actor=acting_user, verb=ProjectEvent.Verb.DELETED, obj=theme)
    theme.delete()


# Theme suggestions --------------------------------------------------------------------------


@transaction.atomic
def request_theme_suggestions(*, project: Project, acting_user: User) -> SuggestionRun:
    """Queue a suggestion run; the task gets only the run's id, after the transaction commits."""
    from mulighetsrom.insight.tasks import suggest_themes

    active = SuggestionRun.objects.filter(project=project).active().first()
    if active is not None:
        return active
    run = SuggestionRun.objects.create(project=project, requested_by=acting_user)
    transaction.on_commit(lambda: suggest_themes.enqueue(run.pk))
    return run


def compute_theme_suggestions(*, run_id: int) -> SuggestionRun:
    """Run clustering over the project's observations and store the suggestions (task body)."""
    from mulighetsrom.insight import clustering

    run = SuggestionRun.objects.get(pk=run_id)
    if not run.claim():
        return run
    try:
        # Observations already in a theme are not suggested again.
        rows = list(
            Observation.objects.usable().filter(project_id=run.project_id, theme__isnull=True).values_list("pk", "text")
        )
        suggestions = clustering.suggest_themes(rows)
        with transaction.atomic():
            ThemeSuggestion.objects.filter(project_id=run.project_id, status=ThemeSuggestion.Status.OPEN).update(
                status=ThemeSuggestion.Status.DISCARDED
            )
            ThemeSuggestion.objects.bulk_create(
                ThemeSuggestion(
                    run=run,
                    project_id=run.project_id,
                    terms=list(s.label_terms),
                    member_ids=[int(i) for i in s.member_ids],
                    representative_ids=[int(i) for i in s.representative_ids],
                    size=s.size,
                )
                for s in suggestions
            )
            run.mark_done(observation_count=len(rows))
    except Exception:
        # Log the run id only: the exception text could quote observation text. The page shows
        # the run's `failure_text` in the reader's language.
        logger.exception("Theme suggestion run %s failed", run_id)
        run.mark_failed()
    return run


@transaction.atomic
def accept_suggestion(*, suggestion: ThemeSuggestion, name: str, acting_user: User) -> Theme:
    """Create a theme from a suggestion with those of its observations that are still unthemed."""
    if suggestion.status != ThemeSuggestion.Status.OPEN:
        raise InsightError(_("This suggestion has already been accepted or discarded."))
    project = suggestion.project
    theme = Theme.objects.create(project=project, name=name)
    Observation.objects.usable().filter(project=project, pk__in=suggestion.member_ids, theme__isnull=True).update(
        theme=theme
    )
    suggestion.status = ThemeSuggestion.Status.ACCEPTED
    suggestion.theme = theme
    suggestion.save(update_fields=["status", "theme"])
    log_event(project=project, actor=acting_user, verb=ProjectEvent.Verb.ADDED, obj=theme)
    return theme


@transaction.atomic
def discard_suggestion(*, suggestion: ThemeSuggestion, acting_user: User) -> None:
    if suggestion.status == ThemeSuggestion.Status.OPEN:
        suggestion.status = ThemeSuggestion.Status.DISCARDED
        suggestion.save(update_fields=["status"])


# Insights -----------------------------------------------------------------------------------


@transaction.atomic
def save_insight(
    *,
    insight: Insight,
    themes: Iterable[Theme],
    evidence: Iterable[Observation],
    acting_user: User,
    hidden_evidence: Iterable[Observation] = (),
) -> Insight:
    """Save an insight and its links.

    `hidden_evidence` is evidence the acting user cannot see (sensitive observations): it is kept
    as it was rather than silently unlinked by someone who never saw it.
    """
    created = insight.pk is None
    if not insight.is_rejected:
        insight.rejection_reason = ""
    try:
        with transaction.atomic():
            insight.save()
    except IntegrityError as error:  # pragma: no cover - no unique constraints today
        raise InsightError(_("The insight could not be saved.")) from error
    insight.themes.set(list(themes))
    insight.evidence.set([*evidence, *hidden_evidence])
    verb = ProjectEvent.Verb.ADDED if created else ProjectEvent.Verb.UPDATED
    log_event(project=insight.project, actor=acting_user, verb=verb, obj=insight)
    return insight


@transaction.atomic
def delete_insight(*, insight: Insight, acting_user: User) -> None:
    log_event(project=insight.project, actor=acting_user, verb=ProjectEvent.Verb.DELETED, obj=insight)
    insight.delete()
