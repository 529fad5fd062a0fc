"""Building projects, the phase model and gate decisions, and the project team (access roles)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from mulighetsrom.accounts.models import Organization, Person, Unit

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from mulighetsrom.accounts.models import User


class BuildingType(models.TextChoices):
    NURSING_HOME = "nursing_home", _("Nursing home / health centre (sykehjem/helsehus)")
    SUPPORTED_HOUSING = "supported_housing", _("Supported housing (omsorgsboliger)")
    SCHOOL = "school", _("School")
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    CULTURE = "culture", _("Culture building")
    MULTI_USE = "multi_use", _("Multi-use building")
    OTHER = "other", _("Other")


class Phase(models.Model):
    """One step of an organization's phase model (default: Bygg21 Neste Steg 1–8).

    `number` is the step's position (1-based) and is what engagement checks compare
    against, so a municipality may rename steps freely.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="phases")
    number = models.PositiveSmallIntegerField(_("step number"))
    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["organization", "number"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="phase_unique_number_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ExpectedUnit(models.Model):
    """A unit kind a project of a building type normally needs on its team (editable per organization)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="expected_units")
    building_type = models.CharField(_("building type"), max_length=20, choices=BuildingType.choices)
    unit_kind = models.CharField(_("unit kind"), max_length=20, choices=Unit.Kind.choices)

    class Meta:
        verbose_name = _("expected unit")
        verbose_name_plural = _("expected units")
        constraints = [
            models.UniqueConstraint(fields=["organization", "building_type", "unit_kind"], name="expected_unit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_building_type_display()}: {self.get_unit_kind_display()}"


class ProjectQuerySet(models.QuerySet["Project"]):
    def visible_to(self, user: User) -> QuerySet[Project]:
        """Projects the user may see. The rule lives in projects/access.py (`visible_project_condition`)."""
        from mulighetsrom.projects.access import visible_project_condition

        return self.filter(visible_project_condition(user))


class Project(models.Model):
    """One building project: the access boundary for everything project-scoped."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=80, unique=True)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(_("name"), max_length=150)
    building_type = models.CharField(_("building type"), max_length=20, choices=BuildingType.choices)
    purpose = models.TextField(_("purpose"), max_length=5000, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    budget_ceiling = models.DecimalField(
        _("budget ceiling (NOK)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    capacity_target = models.PositiveIntegerField(_("capacity target"), null=True, blank=True)
    capacity_unit = models.CharField(
        _("capacity unit"), max_length=40, blank=True, help_text=_("For example “places” or “pupils”.")
    )
    quality_ambitions = models.TextField(_("quality ambitions"), max_length=5000, blank=True)
    current_phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, related_name="projects", verbose_name=_("current phase")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="project_unique_name_per_org"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            base = slugify(self.name)[:60] or "prosjekt"
            self.slug = f"{base}-{uuid.uuid4().hex[:6]}"
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Role(models.TextChoices):
    """Access roles, in increasing order of rights."""

    VIEWER = "viewer", _("Viewer")
    CONTRIBUTOR = "contributor", _("Contributor")
    EDITOR = "editor", _("Editor")
    OWNER = "owner", _("Owner")

    @classmethod
    def rank(cls, role: str) -> int:
        return [cls.VIEWER, cls.CONTRIBUTOR, cls.EDITOR, cls.OWNER].index(cls(role))


class ProjectFunction(models.TextChoices):
    PROJECT_MANAGER = "project_manager", _("Project manager")
    PROJECT_OWNER = "project_owner", _("Project owner (prosjekteier)")
    SERVICE_REPRESENTATIVE = "service_rep", _("Service representative")
    USER_REPRESENTATIVE = "user_rep", _("User representative")
    WELFARE_TECHNOLOGY = "welfare_tech", _("IT / welfare technology")
    ADVISER = "adviser", _("Adviser")
    SAFETY_REPRESENTATIVE = "safety_rep", _("Safety representative (verneombud)")
    UNION_REPRESENTATIVE = "union_rep", _("Union representative")
    OTHER = "other", _("Other")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> models.QuerySet[Membership]:
        """Memberships that have not ended (see `Membership.is_current`). Whether one gives access
        also depends on the person being active: see `projects.access.active_memberships`."""
        return self.filter(left_at__isnull=True)

    def on_team(self, project: Project) -> models.QuerySet[Membership]:
        """The project's current team."""
        return self.filter(project=project).current()


class Membership(models.Model):
    """A person on a project team, with an access role and a project function."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("access role"), max_length=12, choices=Role.choices, default=Role.VIEWER)
    function = models.CharField(
        _("project function"), max_length=20, choices=ProjectFunction.choices, default=ProjectFunction.OTHER
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person"],
                condition=models.Q(left_at__isnull=True),
                name="membership_one_active_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    @property
    def is_current(self) -> bool:
        """Still on the team: the person has not left."""
        return self.left_at is None


class GateDecision(models.Model):
    """A decision at a gate between phases (beslutningspunkt)."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("Continue to a later phase")
        GO_BACK = "go_back", _("Go back to an earlier phase")
        MORE_WORK = "more_work", _("More work needed in this phase")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="gate_decisions")
    from_phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+", verbose_name=_("from phase"))
    to_phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+", verbose_name=_("to phase"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    decided_on = models.DateField(_("date of decision"))
    decided_by_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by (person)"),
    )
    decided_by_body = models.CharField(
        _("decided by (body)"), max_length=120, blank=True, help_text=_("For example formannskapet or kommunestyret.")
    )
    basis = models.TextField(_("basis for the decision"), max_length=5000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # A per-form token: a double submit of the same form records one decision.
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("gate decision")
        verbose_name_plural = _("gate decisions")
        ordering = ["-decided_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.from_phase} → {self.to_phase} ({self.get_outcome_display()})"

    @property
    def decided_by(self) -> str:
        parts = [str(p) for p in (self.decided_by_person, self.decided_by_body) if p]
        return ", ".join(parts)


class ProjectEvent(models.Model):
    """One entry in a project's feed of recent changes (who changed what, when)."""

    class Verb(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        DELETED = "deleted", _("deleted")
        ADDED = "added", _("added")
        REMOVED = "removed", _("removed")
        DECIDED = "decided", _("recorded a decision on")
        PLANNED = "planned", _("planned")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    verb = models.CharField(max_length=10, choices=Verb.choices)
    object_type = models.CharField(max_length=60)
    object_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor} {self.verb} {self.object_type} {self.object_label}"

    @property
    def object_type_label(self) -> str:
        """The translated verbose name of the changed model (object_type is its app_label.model)."""
        try:
            return str(apps.get_model(self.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.object_type
