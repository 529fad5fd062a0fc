"""Surveys for public participation: questions in nb with optional nn/en, anonymous responses.

Texts come in three languages: the bokmål field is required, `<field>_nn` and `<field>_en` are
optional and fall back to bokmål (see `translated`).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mulighetsrom.projects.models import Project
from mulighetsrom.stakeholders.models import StakeholderGroup

PUBLIC_LANGUAGES = ("nb", "nn", "en")


def new_token() -> str:
    # 128 bits from the OS: a public survey or resume link cannot be guessed.
    return secrets.token_urlsafe(16)


def translated(obj: Any, field: str, language: str) -> str:
    """The text of `field` in `language` ("nb", "nn" or "en"), falling back to bokmål."""
    if language in ("nn", "en"):
        value = getattr(obj, f"{field}_{language}", "")
        if value:
            return str(value)
    return str(getattr(obj, field))


class Survey(models.Model):
    class Layout(models.TextChoices):
        ONE_PER_PAGE = "one", _("One question per page")
        ALL_ON_ONE_PAGE = "all", _("All questions on one page")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("title"), max_length=150)
    title_nn = models.CharField(_("title (nynorsk)"), max_length=150, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=150, blank=True)
    intro = models.TextField(_("introduction"), max_length=3000, blank=True)
    intro_nn = models.TextField(_("introduction (nynorsk)"), max_length=3000, blank=True)
    intro_en = models.TextField(_("introduction (English)"), max_length=3000, blank=True)
    privacy_notice = models.TextField(_("privacy notice"), max_length=5000, blank=True)
    privacy_notice_nn = models.TextField(_("privacy notice (nynorsk)"), max_length=5000, blank=True)
    privacy_notice_en = models.TextField(_("privacy notice (English)"), max_length=5000, blank=True)
    layout = models.CharField(_("layout"), max_length=3, choices=Layout.choices, default=Layout.ONE_PER_PAGE)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    retention_months = models.PositiveSmallIntegerField(_("keep answers for (months)"), default=24)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    paper_return = models.CharField(
        _("where to hand in the paper form"),
        max_length=300,
        blank=True,
        help_text=_("Printed on the paper version, e.g. “Put the form in the box at the reception.”"),
    )
    paper_return_nn = models.CharField(_("where to hand in the paper form (nynorsk)"), max_length=300, blank=True)
    paper_return_en = models.CharField(_("where to hand in the paper form (English)"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Raised whenever a question, choice or section changes, in the same transaction: the answering
    # pages keep the question structure per process under (survey, version) and read the version
    # with the response they already fetch, so a change is seen by the very next request.
    structure_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        if self.opens_at is None or self.opens_at > now:
            return False
        return self.closes_at is None or self.closes_at > now

    def open(self, now: datetime | None = None) -> None:
        now = now or timezone.now()
        self.opens_at = now
        if self.closes_at is not None and self.closes_at <= now:
            self.closes_at = None
        self.save(update_fields=["opens_at", "closes_at"])

    def close(self, now: datetime | None = None) -> None:
        self.closes_at = now or timezone.now()
        self.save(update_fields=["closes_at"])

    @staticmethod
    def structure_changed(survey_id: int | None) -> None:
        """Note that the questions of survey `survey_id` changed (see `structure_version`)."""
        if survey_id is not None:
            Survey.objects.filter(pk=survey_id).update(structure_version=models.F("structure_version") + 1)

    def status_label(self) -> str:
        now = timezone.now()
        if self.is_open(now):
            return str(_("Open"))
        if self.opens_at is None or self.opens_at > now:
            return str(_("Not open yet"))
        return str(_("Closed"))


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=150)
    title_nn = models.CharField(_("title (nynorsk)"), max_length=150, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=150, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale 1–5")
        YES_NO = "yesno", _("Yes / no")
        TEXT = "text", _("Free text")
        PRIORITISE = "prioritise", _("Prioritise (pick the most important)")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.PRIORITISE)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions", verbose_name=_("section")
    )
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=400)
    text_nn = models.CharField(_("question (nynorsk)"), max_length=400, blank=True)
    text_en = models.CharField(_("question (English)"), max_length=400, blank=True)
    help_text = models.CharField(_("help text"), max_length=400, blank=True)
    help_text_nn = models.CharField(_("help text (nynorsk)"), max_length=400, blank=True)
    help_text_en = models.CharField(_("help text (English)"), max_length=400, blank=True)
    required = models.BooleanField(_("required"), default=False)
    low_label = models.CharField(_("label for 1"), max_length=60, blank=True)
    low_label_nn = models.CharField(_("label for 1 (nynorsk)"), max_length=60, blank=True)
    low_label_en = models.CharField(_("label for 1 (English)"), max_length=60, blank=True)
    high_label = models.CharField(_("label for 5"), max_length=60, blank=True)
    high_label_nn = models.CharField(_("label for 5 (nynorsk)"), max_length=60, blank=True)
    high_label_en = models.CharField(_("label for 5 (English)"), max_length=60, blank=True)
    allow_dont_know = models.BooleanField(_("offer “don't know”"), default=True)
    max_picks = models.PositiveSmallIntegerField(
        _("how many to pick"),
        default=3,
        help_text=_("For prioritise questions: how many of the list to pick, or to rank (“rank your top 3”)."),
    )
    ranked = models.BooleanField(
        _("rank instead of pick"),
        default=False,
        help_text=_(
            "For prioritise questions: respondents give the items ranks 1, 2, 3 … (1 is the most important) "
            "instead of ticking them."
        ),
    )
    is_background = models.BooleanField(
        _("background question"),
        default=False,
        help_text=_("The answer places the respondent in a stakeholder group."),
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in self.CHOICE_KINDS

    @property
    def is_ranked(self) -> bool:
        """A prioritise question answered by giving ranks; its answer lists choice ids, rank 1 first."""
        return self.kind == self.Kind.PRIORITISE and self.ranked

    def rank_count(self, choice_count: int | None = None) -> int:
        """How many ranks a respondent may give: `max_picks`, at most the number of choices."""
        count = len(self.choices.all()) if choice_count is None else choice_count
        return max(1, min(self.max_picks or 1, count)) if count else 0

    def mode_label(self) -> str:
        """ "Rank the top 3" or "pick up to 3" for prioritise questions, "" for the others."""
        if self.kind != self.Kind.PRIORITISE:
            return ""
        n = self.max_picks
        if self.ranked:
            return ngettext("Rank the most important", "Rank the top %(count)d", n) % {"count": n}
        return ngettext("Pick the most important", "Pick up to %(count)d", n) % {"count": n}


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveIntegerField(default=0)
    text = models.CharField(_("choice"), max_length=200)
    text_nn = models.CharField(_("choice (nynorsk)"), max_length=200, blank=True)
    text_en = models.CharField(_("choice (English)"), max_length=200, blank=True)
    group = models.ForeignKey(
        StakeholderGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stakeholder group"),
    )
    # Set when the choice was made from another register (e.g. a candidate need's code).
    source_code = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class ResponseQuerySet(models.QuerySet["Response"]):
    def counted(self) -> models.QuerySet[Response]:
        """Responses that count in results, exports and insight: submitted, consent not withdrawn."""
        return self.filter(submitted_at__isnull=False, consent_withdrawn_at__isnull=True)


class Response(models.Model):
    class Channel(models.TextChoices):
        WEB = "web", _("Online")
        ASSISTED = "assisted", _("Assisted entry")
        PAPER = "paper", _("Paper form")

    class ConsentBasis(models.TextChoices):
        ANONYMOUS = "anonymous", _("Anonymous")
        CONSENT = "consent", _("Consent given orally")
        WRITTEN = "written", _("Written consent")
        GUARDIAN = "guardian", _("Consent from guardian or next of kin")

    # The resume link and the key that page forms are signed with.
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    # One per start form: a double click or retry of "Start" finds the same response.
    submission_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    group = models.ForeignKey(
        StakeholderGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("group")
    )
    language = models.CharField(max_length=2, default="nb")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent_basis = models.CharField(
        _("consent basis"), max_length=10, choices=ConsentBasis.choices, default=ConsentBasis.ANONYMOUS
    )
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The respondent's reference for a data-subject request (its first 8 hex digits are shown as the
    # response code); unlike `token` it opens nothing, so staff may see and use it.
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Set when the respondent withdrew consent: left out of results, exports and insight (`counted`).
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.survey} – {self.token[:6]}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def submit(self) -> bool:
        """Mark as submitted once; a repeated submit changes nothing. True if this call submitted it."""
        now = timezone.now()
        # A conditional UPDATE, so two concurrent submits cannot both "win".
        won = Response.objects.filter(pk=self.pk, submitted_at__isnull=True).update(submitted_at=now) == 1
        if won:
            self.submitted_at = now
        else:
            self.refresh_from_db(fields=["submitted_at"])
        return won


class Answer(models.Model):
    """One answer. `value` holds choice ids (list), 1–5, "yes"/"no", "dk" (don't know); `text` free text.

    For a ranked prioritise question the list of choice ids is in rank order: rank 1 first.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField(null=True, blank=True)
    text = models.TextField(max_length=5000, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value or self.text[:30]}"


class RateBucket(models.Model):
    """A token bucket in the database (after healthchecks' TokenBucket): no Redis needed.

    `key` is a hash, never a raw IP address.
    """

    key = models.CharField(max_length=80, unique=True)
    tokens = models.FloatField(default=1.0)
    updated = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key

    @staticmethod
    def authorize(key: str, capacity: int, refill: timedelta) -> bool:
        """Take one token from the bucket `key` (capacity tokens, refilled over `refill`)."""
        return RateBucket.authorize_all([(key, capacity)], refill)

    @staticmethod
    def authorize_all(limits: Sequence[tuple[str, int]], refill: timedelta) -> bool:
        """Take one token from each bucket in `limits` ((key, capacity) pairs), in order.

        Stops at the first bucket that is empty (the later ones are not charged) and returns False.
        One SELECT reads all the buckets; each token is then taken with a compare-and-swap UPDATE
        (autocommit, no SELECT … FOR UPDATE), so a busy per-survey bucket is never held locked
        across round trips while the request does other work.
        """
        now = timezone.now()
        keys = [key for key, _capacity in limits]
        rows = {
            r[0]: (r[1], r[2], r[3])
            for r in RateBucket.objects.filter(key__in=keys).values_list("key", "pk", "tokens", "updated")
        }
        return all(RateBucket._take(key, capacity, refill, now, rows.get(key)) for key, capacity in limits)

    @staticmethod
    def _take(
        key: str, capacity: int, refill: timedelta, now: datetime, row: tuple[int, float, datetime] | None
    ) -> bool:
        # tokens is the fraction of capacity used; it drains back to 0 over `refill`.
        step = 1 / capacity
        for _attempt in range(50):
            if row is None:
                if step > 1.0 + 1e-9:
                    return False
                try:
                    with transaction.atomic():
                        RateBucket.objects.create(key=key, tokens=step, updated=now)
                    return True
                except IntegrityError:
                    # Another request created the bucket first: take from it instead.
                    row = RateBucket.objects.filter(key=key).values_list("pk", "tokens", "updated").first()
                    continue
            pk, tokens, updated = row
            elapsed = max(0.0, (now - updated).total_seconds())
            level = max(0.0, tokens - elapsed / refill.total_seconds())
            if level + step > 1.0 + 1e-9:
                # Refused: nothing to write, the level keeps draining from `updated` just the same.
                return False
            # Compare-and-swap: applies only if no other request changed the bucket since we read it.
            changed = RateBucket.objects.filter(pk=pk, tokens=tokens, updated=updated).update(
                tokens=level + step, updated=max(now, updated)
            )
            if changed:
                return True
            row = RateBucket.objects.filter(pk=pk).values_list("pk", "tokens", "updated").first()
        return False


@receiver([post_save, post_delete], sender=Section)
@receiver([post_save, post_delete], sender=Question)
def _section_or_question_changed(sender: type[models.Model], instance: Section | Question, **kwargs: Any) -> None:
    Survey.structure_changed(instance.survey_id)


@receiver([post_save, post_delete], sender=Choice)
def _choice_changed(sender: type[Choice], instance: Choice, **kwargs: Any) -> None:
    survey_id = Question.objects.filter(pk=instance.question_id).values_list("survey_id", flat=True).first()
    Survey.structure_changed(survey_id)
