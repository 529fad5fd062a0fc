"""Stakeholder groups and the engagement plan (medvirkningsplan)."""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mulighetsrom.projects.models import Membership, Phase, Project


class StakeholderGroup(models.Model):
    class Category(models.TextChoices):
        RESIDENTS = "residents", _("Residents / future users")
        RELATIVES = "relatives", _("Relatives")
        STAFF = "staff", _("Staff")
        UNIONS = "unions", _("Unions and safety representatives")
        COUNCIL_ELDERLY = "council_elderly", _("Council for the elderly (eldreråd)")
        COUNCIL_DISABILITY = "council_disability", _("Council for people with disabilities")
        COUNCIL_YOUTH = "council_youth", _("Youth council (ungdomsråd)")
        NEIGHBOURS = "neighbours", _("Neighbours")
        CITIZENS = "citizens", _("Citizens")
        OTHER_SERVICES = "other_services", _("Other municipal services")
        EXTERNAL = "external", _("External bodies")
        OTHER = "other", _("Other")

    STATUTORY_COUNCILS = (Category.COUNCIL_ELDERLY, Category.COUNCIL_DISABILITY, Category.COUNCIL_YOUTH)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stakeholder_groups")
    name = models.CharField(_("name"), max_length=120)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    approximate_size = models.PositiveIntegerField(_("approximate size"), null=True, blank=True)
    participation_needs = models.TextField(
        _("participation needs"),
        max_length=2000,
        blank=True,
        help_text=_("For example: people with dementia need assisted participation."),
    )
    is_main_user_group = models.BooleanField(
        _("main user group"),
        default=False,
        help_text=_("The people who will live or work in the building. They should be involved by step 2."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")
        ordering = ["-is_main_user_group", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="group_unique_name_per_project"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_statutory_council(self) -> bool:
        return self.category in self.STATUTORY_COUNCILS


class Level(models.TextChoices):
    """IAP2 participation levels, in increasing order of influence."""

    INFORM = "inform", _("Inform")
    CONSULT = "consult", _("Consult")
    INVOLVE = "involve", _("Involve")
    COLLABORATE = "collaborate", _("Collaborate")
    EMPOWER = "empower", _("Empower")

    @classmethod
    def rank(cls, level: str) -> int:
        return list(cls.values).index(level)


class Method(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    WORKSHOP = "workshop", _("Workshop / focus group")
    SURVEY = "survey", _("Survey")
    OBSERVATION = "observation", _("Observation")
    SITE_VISIT = "site_visit", _("Site visit / study trip")
    HEARING = "hearing", _("Hearing")
    MEETING = "meeting", _("Information meeting")
    CO_DESIGN = "co_design", _("Co-design session")
    REPRESENTATION = "representation", _("Representation in the project group")


class EngagementEntryQuerySet(models.QuerySet["EngagementEntry"]):
    def mark_held(self) -> int:
        """Mark the planned entries among these as held (a cancelled one stays cancelled)."""
        return self.filter(status=EngagementEntry.Status.PLANNED).update(
            status=EngagementEntry.Status.HELD, updated_at=timezone.now()
        )


class EngagementEntry(models.Model):
    """One cell of the engagement plan: a group's involvement in a phase."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(StakeholderGroup, on_delete=models.CASCADE, related_name="engagements")
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("participation level"), max_length=12, choices=Level.choices)
    methods = models.JSONField(_("methods"), default=list, blank=True)
    responsible = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    period_start = models.DateField(_("planned from"), null=True, blank=True)
    period_end = models.DateField(_("planned until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EngagementEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement plan entry")
        verbose_name_plural = _("engagement plan")
        constraints = [
            models.UniqueConstraint(fields=["group", "phase"], name="engagement_one_per_group_and_phase"),
        ]

    def __str__(self) -> str:
        return f"{self.group} – {self.phase}: {self.get_level_display()}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def is_overdue(self, today: date) -> bool:
        """Still planned although its planned period has ended."""
        return self.status == self.Status.PLANNED and self.period_end is not None and self.period_end < today

    @property
    def method_labels(self) -> list[str]:
        return [str(Method(m).label) for m in self.methods if m in Method.values]
