"""Survey work that spans models or has side effects: building, answering, rate limits."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from mulighetsrom.accounts.models import User
from mulighetsrom.lib.pii import redact_personal_data
from mulighetsrom.projects.actions import log_event
from mulighetsrom.projects.models import Project, ProjectEvent
from mulighetsrom.surveys.compiled import CompiledInsert, CompiledUpdate, CompiledUpsert
from mulighetsrom.surveys.forms import DONT_KNOW
from mulighetsrom.surveys.models import Answer, Choice, Question, RateBucket, Response, Section, Survey

SIGNING_SALT = "mulighetsrom.surveys.public-form"
# Starting responses: per IP address and per survey, refilled over an hour.
IP_CAPACITY = 30
SURVEY_CAPACITY = 3000
RATE_WINDOW = timedelta(hours=1)


def default_privacy_notice(project: Project, retention_months: int = 24, contact: str = "") -> str:
    """A privacy notice from the project's data; staff edit it before opening the survey."""
    municipality = project.organization.name
    purpose = project.purpose or _("planning the building project %(name)s") % {"name": project.name}
    lines = [
        _("Purpose: the answers are used in %(purpose)s.") % {"purpose": purpose.rstrip(".")},
        _("Controller: %(municipality)s is responsible for processing the answers.") % {"municipality": municipality},
        _(
            "Anonymity: we do not ask for your name, and the survey sets no cookies. Please do not write names, "
            "phone numbers or other personal details in the text fields; we remove those we find."
        ),
        _(
            "Retention: the answers are kept for %(months)d months and then deleted. Summaries without personal "
            "data may be kept as part of the project's documentation."
        )
        % {"months": retention_months},
        _("Contact: %(contact)s.") % {"contact": contact or municipality},
    ]
    return "\n\n".join(lines)


@transaction.atomic
def create_survey(*, project: Project, title: str, layout: str, acting_user: User) -> Survey:
    survey = Survey.objects.create(project=project, title=title, layout=layout, created_by=acting_user)
    survey.privacy_notice = default_privacy_notice(project, survey.retention_months)
    survey.save(update_fields=["privacy_notice"])
    log_event(project=project, actor=acting_user, verb=ProjectEvent.Verb.ADDED, obj=survey)
    return survey


@transaction.atomic
def save_survey(*, survey: Survey, acting_user: User) -> Survey:
    survey.save()
    log_event(project=survey.project, actor=acting_user, verb=ProjectEvent.Verb.UPDATED, obj=survey)
    return survey


@transaction.atomic
def add_section(*, section: Section, acting_user: User) -> Section:
    section.order = section.survey.sections.count() + 1
    section.save()
    return section


@transaction.atomic
def save_question(
    *,
    question: Question,
    choices: Sequence[str],
    choices_nn: Sequence[str] = (),
    choices_en: Sequence[str] = (),
    groups_as_choices: bool = False,
    acting_user: User,
) -> Question:
    """Save the question and replace its choices by `choices` (nb), with nn/en by position."""
    if question.pk is None:
        question.order = question.survey.questions.count() + 1
    question.save()
    if question.kind not in Question.CHOICE_KINDS:
        question.choices.all().delete()
        return question
    if groups_as_choices:
        groups = list(question.survey.project.stakeholder_groups.order_by("name"))
        question.choices.all().delete()
        Choice.objects.bulk_create(
            Choice(question=question, order=i, text=g.name, group=g) for i, g in enumerate(groups, start=1)
        )
        return question
    existing = list(question.choices.all())
    wanted = [c for c in choices if c]
    for i, text in enumerate(wanted):
        choice = existing[i] if i < len(existing) else Choice(question=question)
        choice.order, choice.text = i + 1, text[:200]
        choice.text_nn = (choices_nn[i] if i < len(choices_nn) else "")[:200]
        choice.text_en = (choices_en[i] if i < len(choices_en) else "")[:200]
        choice.save()
    for choice in existing[len(wanted) :]:
        choice.delete()
    log_event(project=question.survey.project, actor=acting_user, verb=ProjectEvent.Verb.UPDATED, obj=question.survey)
    return question


@transaction.atomic
def move_question(*, question: Question, up: bool) -> None:
    questions = list(question.survey.questions.all())
    i = questions.index(question)
    j = i - 1 if up else i + 1
    if 0 <= j < len(questions):
        questions[i], questions[j] = questions[j], questions[i]
    for n, q in enumerate(questions, start=1):
        if q.order != n:
            Question.objects.filter(pk=q.pk).update(order=n)
    Survey.structure_changed(question.survey_id)  # .update() sends no signal


@transaction.atomic
def delete_question(*, question: Question, acting_user: User) -> None:
    question.delete()


# Answering ----------------------------------------------------------------------------------


def sign(value: str) -> str:
    """A signed value for a hidden field: our CSRF-like check on public forms, which set no cookie."""
    return signing.dumps(value, salt=SIGNING_SALT)


def unsign(signed: str, max_age: timedelta = timedelta(days=60)) -> str | None:
    try:
        return str(signing.loads(signed, salt=SIGNING_SALT, max_age=max_age))
    except signing.BadSignature:
        return None


def _ip_key(ip: str) -> str:
    # Only a keyed hash of the address is stored, never the address itself.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:40]
    return f"ip:{digest}"


def check_rate_limits(*, survey: Survey, ip: str) -> bool:
    """True if a new response from `ip` to `survey` is allowed now."""
    # Settings may raise the limits (a load benchmark, a care home where many answer from one network).
    per_ip = getattr(settings, "SURVEY_RATE_PER_IP", IP_CAPACITY)
    per_survey = getattr(settings, "SURVEY_RATE_PER_SURVEY", SURVEY_CAPACITY)
    # One read for both buckets; the survey's bucket is charged only if the address still had room.
    return RateBucket.authorize_all([(_ip_key(ip), per_ip), (f"survey:{survey.pk}", per_survey)], RATE_WINDOW)


def start_response(
    *,
    survey: Survey,
    submission_key: uuid.UUID,
    language: str,
    channel: str = Response.Channel.WEB,
    assisted_by: User | None = None,
    consent_basis: str = Response.ConsentBasis.ANONYMOUS,
    looked_up: bool = False,
) -> tuple[Response, bool]:
    """The response for `submission_key`, created once: a double click or retry returns the same row.

    `looked_up=True` says the caller has just looked the key up and found nothing, so the lookup
    is skipped; the unique key still catches a concurrent request with the same key.
    """
    if not looked_up:
        existing = Response.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing, False
    response = Response(
        survey=survey,
        submission_key=submission_key,
        language=language,
        channel=channel,
        assisted_by=assisted_by,
        consent_basis=consent_basis,
    )
    try:
        if transaction.get_connection().in_atomic_block:
            # Inside a transaction a failed INSERT must be rolled back to a savepoint.
            with transaction.atomic():
                _INSERT_RESPONSE.insert(response)
        else:
            # In autocommit mode the single INSERT is its own transaction: no BEGIN/COMMIT round trips.
            _INSERT_RESPONSE.insert(response)
    except IntegrityError:
        # A concurrent request with the same key won the race.
        return Response.objects.get(submission_key=submission_key), False
    return response, True


_INSERT_RESPONSE = CompiledInsert(Response)


def pages(survey: Survey) -> list[list[Question]]:
    """The survey's questions split into pages, read from the database (see also `cached_pages`)."""
    return _split(survey, list(survey.questions.select_related("section").prefetch_related("choices")))


def _split(survey: Survey, questions: list[Question]) -> list[list[Question]]:
    if survey.layout == Survey.Layout.ALL_ON_ONE_PAGE:
        return [list(questions)] if questions else []
    return [[q] for q in questions]


# The questions (with sections and choices) of recently answered surveys, per process, keyed by
# survey and `structure_version`: every page of every respondent reads the same structure, and an
# edit raises the version, so the next request loads the new structure. Treat as read-only.
_STRUCTURE: dict[tuple[int, uuid.UUID, int], list[Question]] = {}
_STRUCTURE_MAX = 256


def cached_pages(survey: Survey) -> list[list[Question]]:
    """Like `pages`, from the per-process structure cache when `survey.structure_version` is unchanged."""
    key = (survey.pk, survey.code, survey.structure_version)
    questions = _STRUCTURE.get(key)
    if questions is None:
        questions = list(survey.questions.select_related("section").prefetch_related("choices"))
        if len(_STRUCTURE) >= _STRUCTURE_MAX:
            _STRUCTURE.clear()
        _STRUCTURE[key] = questions
    return _split(survey, questions)


def _to_value(question: Question, raw: Any) -> tuple[Any, str]:
    if question.kind == Question.Kind.TEXT:
        # The privacy notice promises it: identifiers a respondent types (fødselsnummer, phone,
        # e-mail) are replaced by a label before the answer is stored, on every channel (web,
        # assisted and paper entry all post through `save_answers`).
        return None, redact_personal_data(str(raw or "").strip())
    if question.kind in (Question.Kind.MULTIPLE, Question.Kind.PRIORITISE):
        return [int(v) for v in raw or []], ""
    if question.kind == Question.Kind.SINGLE:
        return ([int(raw)] if raw else None), ""
    if question.kind == Question.Kind.SCALE:
        return (DONT_KNOW if raw == DONT_KNOW else int(raw)) if raw else None, ""
    return raw or None, ""


# The statements of every page post, compiled once per process (see compiled.py).
_UPSERT_ANSWERS = CompiledUpsert(Answer, unique=["response", "question"], update=["value", "text"])
# The group is read from the choice row, not from a possibly cached Choice: deleting a
# stakeholder group sets the choice's group to NULL without any signal.
_SET_GROUP = CompiledUpdate(
    lambda response, choice: (
        Response.objects.filter(pk=response),
        {"group_id": Coalesce(Subquery(Choice.objects.filter(pk=choice).values("group_id")), F("group_id"))},
    ),
    response=Response._meta.get_field("id"),
    choice=Choice._meta.get_field("id"),
)


def save_answers(*, response: Response, questions: Sequence[Question], cleaned: Mapping[str, Any]) -> None:
    """Store the answers of one page (an answer per question, replaced on resubmit).

    `cleaned` holds a value for every question that was valid on the page (an empty one clears
    the answer); a question missing from it keeps its saved answer.

    One INSERT … ON CONFLICT DO UPDATE stores the page (the unique (response, question) pair keeps
    one answer per question even when the same page is posted twice at once); cleared answers
    are deleted in one statement. A transaction is opened only when more than one statement runs.
    The insert and the group update are compiled to SQL once per process.
    """
    upserts: list[Answer] = []
    cleared: list[int] = []
    group_choice: int | None = None  # a picked background choice that places the respondent in a group
    for q in questions:
        name = f"q{q.pk}"
        if name not in cleaned:
            # Not valid on this post (a form leaves invalid fields out of cleaned_data): keep the
            # answer saved earlier rather than clearing it.
            continue
        value, text = _to_value(q, cleaned[name])
        if value in (None, []) and not text:
            cleared.append(q.pk)
            continue
        upserts.append(Answer(response=response, question=q, value=value, text=text))
        if q.is_background and isinstance(value, list) and value:
            choice = next((c for c in q.choices.all() if c.pk == value[0]), None)
            if choice is not None and choice.group_id:
                group_choice = choice.pk
    statements = bool(upserts) + bool(cleared) + (group_choice is not None)
    with transaction.atomic() if statements > 1 else nullcontext():
        if cleared:
            Answer.objects.filter(response=response, question_id__in=cleared).delete()
        if upserts:
            _UPSERT_ANSWERS.execute(upserts)
        if group_choice is not None:
            _SET_GROUP.execute(response=response.pk, choice=group_choice)


def first_missing_page(response: Response, survey_pages: Sequence[Sequence[Question]]) -> int | None:
    """The 1-based number of the first page with an unanswered required question, or None."""
    answered = set(response.answers.values_list("question_id", flat=True))
    for number, page in enumerate(survey_pages, start=1):
        if any(q.required and q.pk not in answered for q in page):
            return number
    return None


# Submit when every one of `count` required questions has an answer, compiled once per count.
_SUBMIT_IF_COMPLETE: dict[int, CompiledUpdate] = {}


def _submit_if_complete(count: int) -> CompiledUpdate:
    if count not in _SUBMIT_IF_COMPLETE:

        def build(response: int, now: datetime, **required: int) -> tuple[QuerySet[Response], dict[str, Any]]:
            complete = Response.objects.filter(pk=response, submitted_at__isnull=True)
            for pk in required.values():
                complete = complete.filter(Exists(Answer.objects.filter(response_id=response, question_id=pk)))
            return complete, {"submitted_at": now}

        question = Question._meta.get_field("id")
        _SUBMIT_IF_COMPLETE[count] = CompiledUpdate(
            build,
            response=Response._meta.get_field("id"),
            now=Response._meta.get_field("submitted_at"),
            **{f"q{i}": question for i in range(count)},
        )
    return _SUBMIT_IF_COMPLETE[count]


def submit_response(*, response: Response, survey_pages: Sequence[Sequence[Question]]) -> int | None:
    """Submit the response once. Returns the page to go back to if a required answer is missing.

    The usual case is one conditional UPDATE: set submitted_at if it is still empty and every
    required question has an answer. Only when that changes nothing do we look at why.
    """
    if response.is_submitted:
        return None
    required = [q.pk for page in survey_pages for q in page if q.required]
    now = timezone.now()
    values = {"response": response.pk, "now": now, **{f"q{i}": pk for i, pk in enumerate(required)}}
    if _submit_if_complete(len(required)).execute(**values) == 1:
        response.submitted_at = now
        return None
    response.refresh_from_db(fields=["submitted_at"])
    if response.is_submitted:  # a concurrent post of the same page submitted it
        return None
    missing = first_missing_page(response, survey_pages)
    if missing is not None:
        return missing
    response.submit()  # answered in the meantime
    return None


def delete_expired_responses(now: datetime | None = None) -> int:
    """Delete every response (and its answers) whose survey closed more than its retention period ago."""
    now = now or timezone.now()
    deleted = 0
    for survey in Survey.objects.filter(closes_at__isnull=False, closes_at__lt=now):
        assert survey.closes_at is not None
        if survey.closes_at + timedelta(days=30 * survey.retention_months) < now:
            count, _rows = Response.objects.filter(survey=survey).delete()
            deleted += count
    return deleted
