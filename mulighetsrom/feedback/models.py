"""Feedback to participants («Dette sa dere – dette gjorde vi»): what is published, and who wants to hear."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mulighetsrom.insight.models import Activity, Observation
from mulighetsrom.projects.models import Project
from mulighetsrom.stakeholders.models import StakeholderGroup
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

    # The kinds an approved quote may illustrate.
    QUOTABLE_KINDS = (Kind.THEME, Kind.INSIGHT)

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

    @property
    def may_hold_quotes(self) -> bool:
        return self.kind in self.QUOTABLE_KINDS

    @property
    def is_theme(self) -> bool:
        return self.kind == self.Kind.THEME


class PublishedQuote(models.Model):
    """An observation's words, anonymised by an editor and approved for the public page.

    `text` is the approved quote, never the observation's own text, and it passed the personal-data
    guard when it was saved. Attribution is at most a stakeholder group, never a person. Deleting the
    observation (a participant's deletion request) deletes the quote with it; withdrawing the
    approval deletes the row too, so nothing unapproved is kept.
    """

    TEXT_LIMIT = 800

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="quotes")
    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("quote"), max_length=TEXT_LIMIT)
    group = models.ForeignKey(
        StakeholderGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attribution"),
    )
    # The published theme or insight the quote illustrates; when that item is taken off the page
    # the quote stays, shown among the quotes that belong to nothing in particular.
    item = models.ForeignKey(
        PublishedItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("illustrates"),
    )
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    approved_at = models.DateTimeField()

    class Meta:
        verbose_name = _("published quote")
        verbose_name_plural = _("published quotes")
        ordering = ["approved_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "observation"], name="published_quote_once_per_observation")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class SubscriberQuerySet(models.QuerySet["Subscriber"]):
    def confirmed(self) -> models.QuerySet[Subscriber]:
        return self.filter(confirmed_at__isnull=False)

    def expired(self, now: datetime) -> models.QuerySet[Subscriber]:
        """Sign-ups never confirmed within `Subscriber.CONFIRM_WITHIN`: deleted, so no address lingers."""
        return self.filter(confirmed_at__isnull=True, created_at__lt=now - Subscriber.CONFIRM_WITHIN)


class Subscriber(models.Model):
    """An e-mail address that wants to hear about new feedback. Kept apart from any survey answer.

    Double opt-in: a sign-up is stored unconfirmed and gets one e-mail with a confirmation link;
    only confirmed subscribers get notices, and unconfirmed ones are deleted after CONFIRM_WITHIN.
    The one `token` is in the confirmation link and in every unsubscribe link: whoever can read the
    mailbox may confirm or stop, nobody else can.
    """

    CONFIRM_WITHIN = timedelta(days=7)

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=40, unique=True, default=new_token)
    # The public page's language at sign-up (nb, nn or en): the e-mails are written in it.
    language = models.CharField(max_length=5, default="nb")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "email"], name="subscriber_once_per_project")]

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class SurveyActivity(models.Model):
    """The insight activity that a survey's free-text answers were sent to."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    def __str__(self) -> str:
        return str(self.survey)
