"""The insight bank: activities, raw observations, themes, theme suggestions and insights."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mulighetsrom.lib.jobs import Job
from mulighetsrom.projects.models import Membership, Phase, Project
from mulighetsrom.stakeholders.models import StakeholderGroup

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from mulighetsrom.projects.access import ProjectAccess

TEXT_LIMIT = 5000


class Activity(models.Model):
    """An insight activity (innsiktsaktivitet): where observations come from."""

    class Type(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        WORKSHOP = "workshop", _("Workshop / focus group")
        SURVEY = "survey", _("Survey")
        OBSERVATION = "observation", _("Observation")
        DOCUMENT_STUDY = "document_study", _("Document study")
        SITE_VISIT = "site_visit", _("Site visit / study trip")
        CO_DESIGN = "co_design", _("Co-design session")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="insight_activities")
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    title = models.CharField(_("title"), max_length=150)
    date = models.DateField(_("date"))
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+", verbose_name=_("phase"))
    facilitators = models.ManyToManyField(Membership, blank=True, related_name="+", verbose_name=_("facilitators"))
    groups: models.ManyToManyField[StakeholderGroup, ActivityGroup] = models.ManyToManyField(
        StakeholderGroup, through="ActivityGroup", related_name="insight_activities", blank=True
    )
    method_notes = models.TextField(_("method notes"), max_length=TEXT_LIMIT, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("insight activity")
        verbose_name_plural = _("insight activities")
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_held(self) -> bool:
        return self.done_at is not None

    def set_held(self, held: bool) -> None:
        """Record whether the activity has been held; marking it held again keeps the first time."""
        if not held:
            self.done_at = None
        elif self.done_at is None:
            self.done_at = timezone.now()

    def mark_held(self) -> None:
        self.set_held(True)


class ActivityGroup(models.Model):
    """A stakeholder group reached by an activity, with how many took part."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reached")
    group = models.ForeignKey(StakeholderGroup, on_delete=models.CASCADE, related_name="+")
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)

    class Meta:
        verbose_name = _("group reached")
        verbose_name_plural = _("groups reached")
        constraints = [models.UniqueConstraint(fields=["activity", "group"], name="activity_group_unique")]

    def __str__(self) -> str:
        return f"{self.group} ({self.participants or '?'})"


def attachment_path(instance: Attachment, filename: str) -> str:
    # A random name: the original name (which may hold personal data) is kept only in the row.
    return f"insight/attachments/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Attachment(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Tag(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="insight_tags")
    name = models.CharField(_("name"), max_length=40)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="tag_unique_name_per_project")]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """An affinity group of observations (tema)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="insight_themes")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ObservationQuerySet(models.QuerySet["Observation"]):
    def usable(self) -> ObservationQuerySet:
        """Observations that may still be used: not those whose consent was withdrawn (privacy app).

        Every consumer (lists, exports, themes, suggestions, evidence, quotes, reports) reads through
        this, directly or through `visible_to`.
        """
        return self.filter(consent_withdrawn_at__isnull=True)

    def not_sensitive(self) -> ObservationQuerySet:
        """Observations not of a special category (see `Observation.is_sensitive`)."""
        return self.exclude(sensitivity=Observation.Sensitivity.SPECIAL)

    def visible_to(self, access: ProjectAccess) -> QuerySet[Observation]:
        """The project's usable observations the user may see (`ProjectAccess.may_see_sensitive`)."""
        qs = self.usable().filter(project=access.project)
        return qs if access.may_see_sensitive else qs.not_sensitive()


class Observation(models.Model):
    """One raw piece of input with its source: who said it, for whom, on what legal basis."""

    class Kind(models.TextChoices):
        QUOTE = "quote", _("Quote")
        PARAPHRASE = "paraphrase", _("Paraphrase")
        OBSERVATION = "observation", _("Observation")
        IDEA = "idea", _("Idea")
        PROBLEM = "problem", _("Problem")
        ANSWER = "answer", _("Answer")

    class LegalBasis(models.TextChoices):
        ANONYMOUS = "anonymous", _("Anonymous")
        CONSENT = "consent", _("Consent")
        PUBLIC_TASK = "public_task", _("Public task")

    class Sensitivity(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary")
        SPECIAL = "special", _("Special category (e.g. health)")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="observations")
    text = models.TextField(_("text"), max_length=TEXT_LIMIT)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OBSERVATION)
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("source activity"),
    )
    speaker_group = models.ForeignKey(
        StakeholderGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("speaker's group"),
    )
    on_behalf_of = models.ForeignKey(
        StakeholderGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of (proxy for)"),
        help_text=_("The group whose view the speaker reports, e.g. relatives speaking for residents with dementia."),
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=12, choices=LegalBasis.choices, default=LegalBasis.ANONYMOUS
    )
    sensitivity = models.CharField(
        _("sensitivity"), max_length=10, choices=Sensitivity.choices, default=Sensitivity.ORDINARY
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="observations", verbose_name=_("tags"))
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="observations", verbose_name=_("theme")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Quick capture: one key per submitted form, so a double submit creates the batch once.
    capture_key = models.UUIDField(null=True, blank=True, editable=False, db_index=True)
    # Import: a hash of the normalised source row, so a re-import skips rows already imported.
    import_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Set when the person withdrew their consent: the observation leaves every use (see `usable`)
    # until it is erased. Never cleared by the application.
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True, editable=False)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_sensitive(self) -> bool:
        return self.sensitivity == self.Sensitivity.SPECIAL

    def is_visible_to(self, access: ProjectAccess) -> bool:
        """The row-by-row form of `ObservationQuerySet.visible_to`'s sensitivity rule."""
        return access.may_see_sensitive or not self.is_sensitive


class PersonalDataKept(models.Model):
    """Audit record: someone chose to keep a detected identifier in an observation.

    Stores what kind of identifier and why, never the identifier itself.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, null=True, related_name="kept_personal_data")
    kind = models.CharField(_("kind of identifier"), max_length=30)
    reason = models.CharField(_("reason"), max_length=300)
    kept_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kept personal data")
        verbose_name_plural = _("kept personal data")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.reason[:40]}"


class SuggestionRun(Job):
    """One background run of theme suggestions over a project's observations (a `lib.jobs.Job`)."""

    failure_text = _("The suggestions could not be computed.")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="suggestion_runs")
    observation_count = models.PositiveIntegerField(default=0)

    class Meta(Job.Meta):
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project} {self.created_at:%Y-%m-%d %H:%M} ({self.status})"


class ThemeSuggestion(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DISCARDED = "discarded", _("Discarded")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(SuggestionRun, on_delete=models.CASCADE, related_name="suggestions")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    terms = models.JSONField(default=list)
    member_ids = models.JSONField(default=list)
    representative_ids = models.JSONField(default=list)
    size = models.PositiveIntegerField(default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    theme = models.ForeignKey(Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-size", "id"]

    def __str__(self) -> str:
        return ", ".join(self.terms[:3])

    @property
    def label(self) -> str:
        return ", ".join(str(t) for t in self.terms[:3])


class Insight(models.Model):
    """A finding stated in words, backed by observations (innsikt)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        VALIDATED = "validated", _("Validated with users")
        REJECTED = "rejected", _("Rejected")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="insights")
    statement = models.CharField(_("statement"), max_length=300)
    description = models.TextField(_("description"), max_length=TEXT_LIMIT, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="insights", verbose_name=_("themes"))
    evidence = models.ManyToManyField(Observation, blank=True, related_name="insights", verbose_name=_("evidence"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.TextField(_("reason for rejection"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("insight")
        verbose_name_plural = _("insights")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.statement

    @property
    def is_rejected(self) -> bool:
        return self.status == self.Status.REJECTED


class ImportJob(Job):
    """An import of observations from a CSV or XLSX file: uploaded, mapped, previewed, then run in the background.

    A `lib.jobs.Job` with one state before the queue: a draft waits for its column mapping.
    `table` holds the file's cells *after* personal identifiers were redacted: the raw file is never stored.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Waiting for column mapping")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    failure_text = _(
        "The import stopped because of an error. Nothing from this file was imported; upload the file again to retry."
    )

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=200, blank=True)
    header = models.JSONField(default=list)
    table = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)  # target field -> column index
    defaults = models.JSONField(default=dict)  # activity id, kind, legal basis, sensitivity, group ids
    redacted = models.PositiveIntegerField(default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)

    class Meta(Job.Meta):
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project} import {self.created_at:%Y-%m-%d %H:%M}"

    def percent_of(self, processed: int) -> int:
        """The progress after `processed` of the file's rows."""
        return round(100 * processed / self.total) if self.total else 0
