"""Data-subject requests (GDPR art. 15–17): export, erasure and withdrawal of consent.

Erasure really deletes: the rows, what was made from them (observations made from survey answers,
published quotes, theme suggestions that list them), history rows that quote their text, and
generated documents that may embed them. Withdrawal of consent takes a record out of every use
(`Observation.objects.usable()`, `Response.objects.counted()`) without deleting it yet.

Every action leaves an `AuditEntry` with counts only: nothing erased can be read back from it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from mulighetsrom.accounts.models import Invitation, Organization, Person, User
from mulighetsrom.insight.models import ImportJob, Observation, ThemeSuggestion
from mulighetsrom.privacy.models import DETAIL_PHRASES, AuditEntry
from mulighetsrom.projects.models import Project
from mulighetsrom.surveys.models import Response

# History rows are searched for an erased text only when it is this long: a short text ("Ja")
# would match unrelated history.
MIN_TEXT_FOR_HISTORY = 15


def record(
    *,
    action: str,
    kind: str,
    count: int,
    organization: Organization,
    project: Project | None = None,
    actor: User | None = None,
    by_data_subject: bool = False,
    details: dict[str, int] | None = None,
) -> AuditEntry:
    """Add an audit entry. `details` holds counts only, under the keys of models.DETAIL_PHRASES."""
    return AuditEntry.objects.create(
        organization=organization,
        project=project,
        actor=actor if actor is not None and actor.is_authenticated else None,
        by_data_subject=by_data_subject,
        action=action,
        kind=kind,
        count=count,
        details={k: v for k, v in (details or {}).items() if k in DETAIL_PHRASES and v},
    )


@dataclass
class Erased:
    """What one erasure or withdrawal touched, for the audit entry's details."""

    observations: int = 0
    quotes: int = 0
    suggestions: int = 0
    history_rows: int = 0
    import_rows: int = 0
    documents: int = 0

    def details(self) -> dict[str, int]:
        return {
            "observations": self.observations,
            "quotes": self.quotes,
            "suggestions": self.suggestions,
            "history_rows": self.history_rows,
            "import_rows": self.import_rows,
            "documents": self.documents,
        }


# Shared helpers -----------------------------------------------------------------------------


def answer_observations(response: Response) -> models.QuerySet[Observation]:
    """The observations made from the response's answers (feedback.actions.send_answers_to_insight).

    They carry the hash of `survey-answer:<answer id>` as their import hash.
    """
    hashes = [
        hashlib.sha256(f"survey-answer:{pk}".encode()).hexdigest()
        for pk in response.answers.values_list("pk", flat=True)
    ]
    return Observation.objects.filter(project_id=response.survey.project_id, import_hash__in=hashes)


def _published_quotes(observation_ids: Sequence[int]) -> models.QuerySet[models.Model]:
    PublishedQuote = apps.get_model("feedback", "PublishedQuote")
    return PublishedQuote.objects.filter(observation_id__in=list(observation_ids))


def _drop_suggestions(project_id: int, observation_ids: Iterable[int]) -> int:
    """Delete theme suggestions whose members include the observations: their terms came from the text.

    Checked in Python: JSON containment is not portable to SQLite, and a project has few suggestions.
    """
    ids = set(observation_ids)
    doomed = [
        pk
        for pk, members in ThemeSuggestion.objects.filter(project_id=project_id).values_list("pk", "member_ids")
        if ids.intersection(members or [])
    ]
    ThemeSuggestion.objects.filter(pk__in=doomed).delete()
    return len(doomed)


def _history_models() -> list[type[models.Model]]:
    """The historical models of django-simple-history (one per model with `HistoricalRecords`)."""
    from simple_history.models import registered_models

    return [model.history.model for model in registered_models.values()]


def _erase_history_quoting(project_id: int, texts: Iterable[str]) -> int:
    """Delete history rows in the project whose text fields contain one of `texts` (a copied quote)."""
    texts = [t for t in texts if len(t) >= MIN_TEXT_FOR_HISTORY]
    if not texts:
        return 0
    removed = 0
    for model in _history_models():
        names = {f.name for f in model._meta.get_fields()}
        if "project" not in names:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.name.startswith("history_")
        ]
        condition = Q()
        for text in texts:
            for name in fields:
                condition |= Q(**{f"{name}__contains": text})
        if condition:
            removed += model._default_manager.filter(condition, project_id=project_id).delete()[0]
    return removed


def _scrub_import_tables(project_id: int, texts: Iterable[str]) -> int:
    """Drop rows holding an erased text from imports not yet run (a finished import keeps no table)."""
    texts = [t for t in texts if len(t) >= MIN_TEXT_FOR_HISTORY]
    dropped = 0
    if not texts:
        return dropped
    jobs = ImportJob.objects.filter(
        project_id=project_id, status__in=[ImportJob.Status.DRAFT, ImportJob.Status.FAILED]
    ).exclude(table=[])
    for job in jobs:
        kept = [row for row in job.table if not any(t in str(cell) for cell in row for t in texts)]
        if len(kept) != len(job.table):
            dropped += len(job.table) - len(kept)
            ImportJob.objects.filter(pk=job.pk).update(table=kept)
    return dropped


def _mark_documents_stale(project_id: int) -> int:
    """Delete the project's generated reports that embed observations; they can be made again.

    Paper survey forms hold no answers and are kept.
    """
    GeneratedDocument = apps.get_model("reports", "GeneratedDocument")
    docs = list(GeneratedDocument.objects.filter(project_id=project_id, kind__in=["insight", "needs"]))
    for doc in docs:
        if doc.file:
            doc.file.delete(save=False)
        doc.delete()
    return len(docs)


def _erase_observation_rows(project_id: int, observations: Sequence[Observation]) -> Erased:
    """Delete the observations and everything that holds their text; quotes go by cascade."""
    ids = [o.pk for o in observations]
    erased = Erased(observations=len(ids))
    if not ids:
        return erased
    erased.quotes = _published_quotes(ids).count()
    erased.suggestions = _drop_suggestions(project_id, ids)
    erased.history_rows = _erase_history_quoting(project_id, [o.text for o in observations])
    erased.import_rows = _scrub_import_tables(project_id, [o.text for o in observations])
    # The PostgreSQL search vector is a generated column of the row, so it goes with it; the
    # evidence links, tags, kept-identifier records and published quotes cascade.
    Observation.objects.filter(pk__in=ids).delete()
    erased.documents = _mark_documents_stale(project_id)
    return erased


def _withdraw_observation_rows(project_id: int, observations: models.QuerySet[Observation]) -> Erased:
    now = timezone.now()
    ids = list(observations.filter(consent_withdrawn_at__isnull=True).values_list("pk", flat=True))
    result = Erased(observations=len(ids))
    if not ids:
        return result
    Observation.objects.filter(pk__in=ids).update(consent_withdrawn_at=now)
    # Published quotes are withdrawn outright: an approval is not kept for words no longer usable.
    result.quotes = _published_quotes(ids).delete()[0]
    result.suggestions = _drop_suggestions(project_id, ids)
    result.documents = _mark_documents_stale(project_id)
    return result


# Survey responses ---------------------------------------------------------------------------


@transaction.atomic
def withdraw_response_consent(*, response: Response, acting_user: User | None = None) -> AuditEntry:
    """Take the response, and the observations made from its answers, out of every use.

    With no `acting_user` the respondent did it through their own response link.
    """
    project = response.survey.project
    Response.objects.filter(pk=response.pk, consent_withdrawn_at__isnull=True).update(
        consent_withdrawn_at=timezone.now()
    )
    response.refresh_from_db(fields=["consent_withdrawn_at"])
    linked = _withdraw_observation_rows(project.pk, answer_observations(response))
    return _record_responses(AuditEntry.Action.WITHDRAW, project, 1, acting_user, linked.details())


@transaction.atomic
def erase_responses(*, responses: Sequence[Response], project: Project, acting_user: User | None = None) -> AuditEntry:
    """Delete the responses with their answers and the observations made from those answers."""
    total = Erased()
    for response in responses:
        if response.survey.project_id != project.pk:
            raise ValueError("every response must belong to the project")
        linked = list(answer_observations(response))
        erased = _erase_observation_rows(project.pk, linked)
        total.observations += erased.observations
        total.quotes += erased.quotes
        total.suggestions += erased.suggestions
        total.history_rows += erased.history_rows
        total.import_rows += erased.import_rows
        total.documents = max(total.documents, erased.documents)
    # Answers cascade with their response.
    Response.objects.filter(pk__in=[r.pk for r in responses]).delete()
    return _record_responses(AuditEntry.Action.ERASE, project, len(responses), acting_user, total.details())


def record_response_export(*, response: Response, acting_user: User | None = None) -> AuditEntry:
    return _record_responses(AuditEntry.Action.EXPORT, response.survey.project, 1, acting_user)


def _record_responses(
    action: str, project: Project, count: int, acting_user: User | None, details: dict[str, int] | None = None
) -> AuditEntry:
    """The audit entry for `count` survey responses; no acting user means the respondent did it."""
    return record(
        action=action,
        kind=AuditEntry.Kind.RESPONSE,
        count=count,
        organization=project.organization,
        project=project,
        actor=acting_user,
        by_data_subject=acting_user is None,
        details=details,
    )


# Observations about a named person ---------------------------------------------------------


@transaction.atomic
def erase_observations(*, observations: Sequence[Observation], project: Project, acting_user: User) -> AuditEntry:
    if any(o.project_id != project.pk for o in observations):
        raise ValueError("every observation must belong to the project")
    erased = _erase_observation_rows(project.pk, list(observations))
    return record(
        action=AuditEntry.Action.ERASE,
        kind=AuditEntry.Kind.OBSERVATION,
        count=erased.observations,
        organization=project.organization,
        project=project,
        actor=acting_user,
        details={**erased.details(), "observations": 0},
    )


@transaction.atomic
def withdraw_observation_consent(
    *, observations: Sequence[Observation], project: Project, acting_user: User
) -> AuditEntry:
    qs = Observation.objects.filter(project=project, pk__in=[o.pk for o in observations])
    result = _withdraw_observation_rows(project.pk, qs)
    return record(
        action=AuditEntry.Action.WITHDRAW,
        kind=AuditEntry.Kind.OBSERVATION,
        count=result.observations,
        organization=project.organization,
        project=project,
        actor=acting_user,
        details={**result.details(), "observations": 0},
    )


def record_observation_export(*, count: int, project: Project, acting_user: User) -> AuditEntry:
    return record(
        action=AuditEntry.Action.EXPORT,
        kind=AuditEntry.Kind.OBSERVATION,
        count=count,
        organization=project.organization,
        project=project,
        actor=acting_user,
    )


# Staff accounts ------------------------------------------------------------------------------


def record_account_export(*, user: User) -> AuditEntry | None:
    person = user.current_person
    if person is None:
        return None
    return record(
        action=AuditEntry.Action.EXPORT,
        kind=AuditEntry.Kind.ACCOUNT,
        count=1,
        organization=person.organization,
        actor=user,
        by_data_subject=True,
    )


def _end_sessions(user_id: int) -> int:
    """Delete the database sessions logged in as the user (the default session engine)."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            ended.append(session.pk)
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic
def erase_person(*, person: Person, acting_user: User) -> AuditEntry:
    """Erase a staff member of `person.organization`.

    The person row stays as an anonymous "former user" so decisions, assignments and memberships
    keep their shape; name, e-mail, title, unit and competence are removed and the memberships are
    ended. Their comments, canvas texts and recorded decisions stay, without an author: the
    project needs what was said and decided, not who typed it. The login is deleted (with its
    e-mail addresses, MFA keys, notifications and sessions) unless it also belongs to another
    organization, where it is only detached from this one. History rows keep no link to the user.
    """
    from mulighetsrom.collaboration.models import CompetenceProfile, Notification

    organization = person.organization
    user = person.user
    name = person.name
    # Stored, so in the site's language (bokmål), whatever language the administrator uses.
    with translation.override(settings.LANGUAGE_CODE):
        former_name = gettext("former user")
    now = timezone.now()
    person.memberships.current().update(left_at=now)
    CompetenceProfile.objects.filter(person=person).delete()
    # Invitations to this organization hold the address (and the name typed with it).
    addresses = {a.lower() for a in (person.email, user.email if user else "") if a}
    for address in addresses:
        Invitation.objects.filter(organization=organization, email__iexact=address).delete()
    Person.objects.filter(pk=person.pk).update(
        name=former_name, email="", title="", unit=None, user=None, is_active=False, org_role=Person.OrgRole.MEMBER
    )
    # Other people's notifications name the person ("Kari mentioned you"): replace the name.
    if len(name) >= 3:
        for note in Notification.objects.filter(project__organization=organization, text__contains=name):
            note.text = note.text.replace(name, former_name)
            note.save(update_fields=["text"])
    history_rows = 0
    sessions = 0
    if user is not None:
        # No history row may point at the user: set the link to null before the user goes.
        for model in _history_models():
            history_rows += model._default_manager.filter(history_user_id=user.pk).update(history_user=None)
        if not user.persons.exclude(pk=person.pk).exists():
            sessions = _end_sessions(user.pk)
            user.delete()
    return record(
        action=AuditEntry.Action.ERASE,
        kind=AuditEntry.Kind.ACCOUNT,
        count=1,
        organization=organization,
        actor=acting_user,
        details={"history_links": history_rows, "sessions": sessions},
    )
