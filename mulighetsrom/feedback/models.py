"""Feedback to participants («Dette sa dere – dette gjorde vi»): what is published, and who wants to hear."""

from __future__ import annotations

import secrets
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from mulighetsrom.insight.models import Activity
from mulighetsrom.projects.models import Project
from mulighetsrom.surveys.models import Survey, new_token


def new_public_slug() -> str:
    return secrets.token_urlsafe(8).lower().replace("_", "x").replace("-", "y")


class Publication(models.Model):
    """A project's public page. Nothing shows until `published_at` is set."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="publication")
    public_slug = models.SlugField(max_length=80, unique=True, default=new_public_slug)
    intro = models.TextField(_("introduction in plain language"), max_length=3000, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.project)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class PublishedItem(models.Model):
    """One theme, insight, need, requirement or decision chosen for the public page, in plain words.

    Objects are referred to by kind and code, so the page can include decisions without this app
    depending on the collaboration app's migrations.
    """

    class Kind(models.TextChoices):
        THEME = "theme", _("Theme")
        INSIGHT = "insight", _("Insight")
        NEED = "need", _("Need")
        REQUIREMENT = "requirement", _("Requirement")
        DECISION = "decision", _("Decision")

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    object_code = models.UUIDField()
    text = models.TextField(_("plain-language text"), max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["publication", "kind", "object_code"], name="published_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_code}"


class Subscriber(models.Model):
    """An e-mail address that wants to hear about new feedback. Kept apart from any survey answer."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=40, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "email"], name="subscriber_once_per_project")]

    def __str__(self) -> str:
        return self.email


class SurveyActivity(models.Model):
    """The insight activity that a survey's free-text answers were sent to."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    def __str__(self) -> str:
        return str(self.survey)
