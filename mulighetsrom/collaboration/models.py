"""Collaboration: decisions, process roles (RACI), the team canvas, comments and team health."""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from mulighetsrom.accounts.models import Person, Unit
from mulighetsrom.insight.models import Insight
from mulighetsrom.needs.models import Need, Requirement
from mulighetsrom.projects.models import Membership, Phase, Project


class Decision(models.Model):
    """A recorded choice with the alternatives considered and the rationale (beslutning)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DECIDED = "decided", _("Decided")
        SUPERSEDED = "superseded", _("Superseded")

    class TechnologyArea(models.TextChoices):
        NONE = "", _("Not a technology decision")
        WELFARE = "welfare", _("Welfare technology")
        ALARM = "alarm", _("Alarm and call systems")
        IT = "it", _("IT infrastructure")
        ENERGY = "energy", _("Energy systems")
        BUILDING_AUTOMATION = "automation", _("Building automation")
        OTHER = "other", _("Other technology")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    title = models.CharField(_("what was decided"), max_length=300)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DECIDED)
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("phase")
    )
    decided_on = models.DateField(_("date of decision"), null=True, blank=True)
    decided_by_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by (person)"),
    )
    decided_by_body = models.CharField(_("decided by (body)"), max_length=120, blank=True)
    alternatives = models.TextField(_("alternatives considered"), max_length=5000, blank=True)
    rationale = models.TextField(_("rationale"), max_length=5000, blank=True)
    consequences = models.TextField(_("consequences"), max_length=5000, blank=True)
    needs = models.ManyToManyField(Need, blank=True, related_name="decisions", verbose_name=_("needs"))
    requirements = models.ManyToManyField(
        Requirement, blank=True, related_name="decisions", verbose_name=_("requirements")
    )
    insights = models.ManyToManyField(Insight, blank=True, related_name="decisions", verbose_name=_("insights"))
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes"
    )
    technology_area = models.CharField(
        _("technology area"), max_length=12, choices=TechnologyArea.choices, default=TechnologyArea.NONE, blank=True
    )
    last_responsible_moment = models.DateField(_("last responsible moment"), null=True, blank=True)
    prerequisites = models.ManyToManyField(
        Requirement,
        blank=True,
        related_name="prerequisite_for_decisions",
        verbose_name=_("requirements that must be agreed first"),
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "submission_key"])

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-created_at", "-id"]
        indexes = [models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_technology(self) -> bool:
        return bool(self.technology_area)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_decided(self) -> bool:
        return self.status == self.Status.DECIDED

    def is_past_last_responsible_moment(self, today: date) -> bool:
        """Still open after its last responsible moment."""
        return self.is_open and self.last_responsible_moment is not None and self.last_responsible_moment < today

    @property
    def decided_by(self) -> str:
        return ", ".join(str(p) for p in (self.decided_by_person, self.decided_by_body) if p)

    def supersede(self, *, by: Decision) -> None:
        """Mark this decision as replaced by `by`; the old one is kept as part of the chain."""
        self.superseded_by = by
        self.status = self.Status.SUPERSEDED
        self.save(update_fields=["superseded_by", "status", "updated_at"])


class RaciTask(models.Model):
    """A key task or decision in a phase, whose responsibilities the RACI matrix assigns."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="raci_tasks")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+", verbose_name=_("phase"))
    name = models.CharField(_("task or decision"), max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("RACI task")
        verbose_name_plural = _("RACI tasks")
        ordering = ["phase__number", "position", "id"]

    def __str__(self) -> str:
        return self.name


class RaciLetter(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class RaciAssignment(models.Model):
    """One cell of the RACI matrix: a team member or a unit with a letter for a task."""

    task = models.ForeignKey(RaciTask, on_delete=models.CASCADE, related_name="assignments")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, null=True, blank=True, related_name="raci_assignments"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    letter = models.CharField(_("role"), max_length=1, choices=RaciLetter.choices)

    class Meta:
        verbose_name = _("RACI assignment")
        verbose_name_plural = _("RACI assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["task", "membership"], condition=models.Q(membership__isnull=False), name="raci_one_per_member"
            ),
            models.UniqueConstraint(
                fields=["task", "unit"], condition=models.Q(unit__isnull=False), name="raci_one_per_unit"
            ),
            models.CheckConstraint(
                condition=models.Q(membership__isnull=True, unit__isnull=False)
                | models.Q(membership__isnull=False, unit__isnull=True),
                name="raci_member_xor_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task}: {self.letter}"


class CanvasSection(models.Model):
    """One section of a project's team canvas. `version` is bumped on every save (optimistic locking)."""

    class Key(models.TextChoices):
        PURPOSE = "purpose", _("Purpose")
        COMMON_GOALS = "common_goals", _("Common goals")
        PERSONAL_GOALS = "personal_goals", _("Personal goals")
        ROLES = "roles", _("Roles and skills")
        VALUES = "values", _("Values")
        NEEDS = "needs", _("Needs and expectations")
        RULES = "rules", _("Rules and activities")
        STRENGTHS = "strengths", _("Strengths and weaknesses")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="canvas_sections")
    key = models.CharField(max_length=20, choices=Key.choices)
    text = models.TextField(_("text"), max_length=5000, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("team canvas section")
        verbose_name_plural = _("team canvas sections")
        constraints = [models.UniqueConstraint(fields=["project", "key"], name="canvas_one_section_per_key")]

    def __str__(self) -> str:
        return self.get_key_display()


class CanvasVersion(models.Model):
    """A saved version of a canvas section: who wrote what, when."""

    section = models.ForeignKey(CanvasSection, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    text = models.TextField(max_length=5000, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["section", "version"], name="canvas_version_unique")]

    def __str__(self) -> str:
        return f"{self.section} v{self.version}"


class Comment(models.Model):
    """A threaded comment on any project object (need, requirement, insight, decision, canvas section)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comments")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"), max_length=5000)
    mentions = models.ManyToManyField(Person, blank=True, related_name="mentioned_in")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.body[:60]


class Assignment(models.Model):
    """A piece of work on a project object, given to a team member with a due date."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="collab_assignments")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("task"), max_length=200)
    assignee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="collab_assignments")
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["done_at", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


class Notification(models.Model):
    class Kind(models.TextChoices):
        MENTION = "mention", _("Mention")
        ASSIGNMENT = "assignment", _("Assignment")
        COMMENT = "comment", _("Comment")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text


class DigestSetting(models.Model):
    """Which notifications a user gets by daily e-mail. Only direct mentions are on by default."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_setting")
    mentions = models.BooleanField(_("direct mentions"), default=True)
    assignments = models.BooleanField(_("assignments"), default=False)
    comments = models.BooleanField(_("comments on things I follow"), default=False)

    def __str__(self) -> str:
        return str(self.user)


class PulseStatement(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pulse_statements")
    text = models.CharField(pgettext_lazy("pulse survey", "statement"), max_length=200)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class PulseRound(models.Model):
    """One round of the team pulse (default monthly)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pulse_rounds")
    opens_on = models.DateField(_("opens"))
    closes_on = models.DateField(_("closes"))

    class Meta:
        ordering = ["opens_on", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "opens_on"], name="pulse_round_unique_start")]

    def __str__(self) -> str:
        return f"{self.opens_on:%Y-%m}"


class PulseAnswer(models.Model):
    """One anonymous score. Deliberately has no link to a person, a user or a time finer than the round."""

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(PulseStatement, on_delete=models.CASCADE, related_name="answers")
    value = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        # Ordered by value, never by insertion: the row order must not reveal who answered when.
        ordering = ["statement_id", "value"]

    def __str__(self) -> str:
        return str(self.value)


class PulseParticipation(models.Model):
    """That a person has answered a round (to prevent double answers), not what they answered."""

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="pulse_answer_once")]

    def __str__(self) -> str:
        return f"{self.person} – {self.round}"


class MethodEvaluation(models.Model):
    """The six-month evaluation of the way of working, stored with the project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="method_evaluations")
    continue_answer = models.TextField(_("Do we want to continue working this way?"), max_length=5000)
    how_answer = models.TextField(_("How?"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.continue_answer[:60]


class CompetenceProfile(models.Model):
    """What a person in the organization knows, has done, and whether they can join projects."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="competence")
    tags = models.JSONField(_("competence"), default=list, blank=True)
    experience = models.TextField(_("experience from earlier building projects"), max_length=3000, blank=True)
    building_types = models.JSONField(default=list, blank=True)
    interested = models.BooleanField(_("interested in project work"), default=False)
    available = models.BooleanField(_("available for project work"), default=False)

    def __str__(self) -> str:
        return str(self.person)


class MethodTemplate(models.Model):
    """An organization's template (RACI tasks, pulse statements, canvas prompts …) per building type."""

    class Kind(models.TextChoices):
        RACI = "raci", _("RACI task list")
        PULSE = "pulse", _("Pulse statements")
        CANVAS = "canvas", _("Team canvas prompts")
        ENGAGEMENT = "engagement", _("Engagement plan defaults")

    organization = models.ForeignKey("accounts.Organization", on_delete=models.CASCADE, related_name="method_templates")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    building_type = models.CharField(max_length=20, blank=True)
    items = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind", "building_type"], name="method_template_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.building_type}"
