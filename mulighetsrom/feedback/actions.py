"""Feedback work: survey answers into the insight bank, choosing and publishing feedback, notifying."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mulighetsrom.accounts.models import User
from mulighetsrom.feedback.models import Publication, PublishedItem, PublishedQuote, SurveyActivity
from mulighetsrom.insight.guard import redact_all
from mulighetsrom.insight.models import Activity, ActivityGroup, Insight, Observation, Theme
from mulighetsrom.lib.pii import find_personal_data
from mulighetsrom.needs.models import Need, Requirement
from mulighetsrom.projects.actions import log_event
from mulighetsrom.projects.models import Project, ProjectEvent
from mulighetsrom.stakeholders.models import StakeholderGroup
from mulighetsrom.surveys.models import Answer, Choice, Question, Response, Survey

# Consent recorded on a survey response → legal basis of the observation made from it.
LEGAL_BASIS: dict[str, str] = {
    Response.ConsentBasis.ANONYMOUS: Observation.LegalBasis.ANONYMOUS,
    Response.ConsentBasis.CONSENT: Observation.LegalBasis.CONSENT,
    Response.ConsentBasis.WRITTEN: Observation.LegalBasis.CONSENT,
    Response.ConsentBasis.GUARDIAN: Observation.LegalBasis.CONSENT,
}


def _answer_hash(answer: Answer) -> str:
    return hashlib.sha256(f"survey-answer:{answer.pk}".encode()).hexdigest()


@transaction.atomic
def send_answers_to_insight(*, survey: Survey, acting_user: User) -> int:
    """Make an observation of every submitted free-text answer not sent before; return how many.

    Text passes the personal-data guard (identifiers are redacted) before it is stored. Each
    observation carries the respondent's group and the survey's insight activity. Sending twice
    adds only answers that are new since the last time.
    """
    link = SurveyActivity.objects.select_related("activity").filter(survey=survey).first()
    project = survey.project
    if link is None:
        activity = Activity.objects.create(
            project=project,
            type=Activity.Type.SURVEY,
            title=survey.title[:150],
            date=(survey.opens_at or timezone.now()).date(),
            phase=project.current_phase,
            method_notes=_("Survey answers collected in Mulighetsrom."),
        )
        link = SurveyActivity.objects.create(survey=survey, activity=activity)
    activity = link.activity
    answers = list(
        Answer.objects.filter(response__in=survey.responses.counted(), question__kind=Question.Kind.TEXT)
        .exclude(text="")
        .select_related("response", "question")
        .order_by("pk")
    )
    hashes = {_answer_hash(a): a for a in answers}
    done = set(
        Observation.objects.filter(project=project, import_hash__in=list(hashes)).values_list("import_hash", flat=True)
    )
    created = []
    for digest, answer in hashes.items():
        if digest in done:
            continue
        text, _count = redact_all(answer.text)
        created.append(
            Observation.objects.create(
                project=project,
                text=text,
                kind=Observation.Kind.ANSWER,
                activity=activity,
                speaker_group_id=answer.response.group_id,
                legal_basis=LEGAL_BASIS.get(answer.response.consent_basis, Observation.LegalBasis.ANONYMOUS),
                created_by=acting_user,
                import_hash=digest,
            )
        )
    counts: dict[int, int] = {}
    for row in survey.responses.counted().filter(group__isnull=False).values("group_id"):
        counts[row["group_id"]] = counts.get(row["group_id"], 0) + 1
    for group_id, n in counts.items():
        ActivityGroup.objects.update_or_create(activity=activity, group_id=group_id, defaults={"participants": n})
    if created:
        label = ngettext("%(count)d observation", "%(count)d observations", len(created)) % {"count": len(created)}
        log_event(project=project, actor=acting_user, verb=ProjectEvent.Verb.ADDED, obj=created[0], label=label)
    return len(created)


# Publishing ---------------------------------------------------------------------------------


def decision_model() -> type[models.Model] | None:
    """The collaboration app's Decision model, if that app is installed."""
    try:
        return apps.get_model("collaboration", "Decision")
    except LookupError:
        return None


def get_publication(project: Project) -> Publication:
    publication, _created = Publication.objects.get_or_create(project=project)
    return publication


@dataclass
class Candidate:
    kind: str
    code: str
    title: str
    detail: str
    chosen: bool
    text: str


def candidates(project: Project) -> dict[str, list[Candidate]]:
    """Everything that may be published, grouped by kind, with the current choice and text."""
    publication = get_publication(project)
    chosen = {(i.kind, str(i.object_code)): i.text for i in publication.items.all()}

    def rows(kind: str, objects: Iterable[Any], title: str, detail: str = "") -> list[Candidate]:
        return [
            Candidate(
                kind,
                str(o.code),
                str(getattr(o, title)),
                str(getattr(o, detail, "") or "") if detail else "",
                (kind, str(o.code)) in chosen,
                chosen.get((kind, str(o.code)), ""),
            )
            for o in objects
        ]

    K = PublishedItem.Kind
    result: dict[str, list[Candidate]] = {
        K.THEME: rows(K.THEME, Theme.objects.filter(project=project), "name", "description"),
        K.INSIGHT: rows(K.INSIGHT, Insight.objects.filter(project=project), "statement", "description"),
        K.NEED: rows(K.NEED, Need.objects.filter(project=project), "statement", "rejection_reason"),
        K.REQUIREMENT: rows(K.REQUIREMENT, Requirement.objects.filter(project=project), "text"),
    }
    Decision = decision_model()
    if Decision is not None:
        result[K.DECISION] = rows(K.DECISION, Decision.objects.filter(project=project), "title", "rationale")  # type: ignore[attr-defined]
    return result


@transaction.atomic
def save_feedback_choice(
    *, project: Project, intro: str, chosen: dict[tuple[str, str], str], acting_user: User
) -> Publication:
    """Replace the published selection by `chosen` ((kind, code) → plain-language text)."""
    publication = get_publication(project)
    publication.intro = intro
    publication.save(update_fields=["intro", "updated_at"])
    # Items that stay chosen keep their row, so the quotes that illustrate them keep their link.
    existing = {(item.kind, str(item.object_code)): item for item in publication.items.all()}
    keep = [existing[key] for key in chosen if key in existing]
    publication.items.exclude(pk__in=[item.pk for item in keep]).delete()
    changed = []
    for item in keep:
        text = chosen[(item.kind, str(item.object_code))][:2000]
        if item.text != text:
            item.text = text
            changed.append(item)
    PublishedItem.objects.bulk_update(changed, ["text"])
    PublishedItem.objects.bulk_create(
        PublishedItem(publication=publication, kind=kind, object_code=code, text=text[:2000])
        for (kind, code), text in chosen.items()
        if (kind, code) not in existing
    )
    log_event(project=project, actor=acting_user, verb=ProjectEvent.Verb.UPDATED, obj=publication, label=_("feedback"))
    return publication


@transaction.atomic
def publish_feedback(*, project: Project, acting_user: User) -> Publication:
    publication = get_publication(project)
    publication.published_at = timezone.now()
    publication.save(update_fields=["published_at", "updated_at"])
    log_event(
        project=project,
        actor=acting_user,
        verb=ProjectEvent.Verb.UPDATED,
        obj=publication,
        label=_("feedback published"),
    )
    from mulighetsrom.feedback.tasks import notify_subscribers

    transaction.on_commit(lambda: notify_subscribers.enqueue(project.pk))
    return publication


@transaction.atomic
def unpublish_feedback(*, project: Project, acting_user: User) -> Publication:
    publication = get_publication(project)
    publication.published_at = None
    publication.save(update_fields=["published_at", "updated_at"])
    return publication


@dataclass
class PublicEntry:
    kind: str
    obj: Any
    text: str
    links: list[Any]
    quotes: list[PublishedQuote] = field(default_factory=list)


def public_content(publication: Publication) -> dict[str, list[PublicEntry]]:
    """The published objects with their texts, and for needs the linked requirements/insights."""
    items = list(publication.items.all())
    by_kind: dict[str, dict[str, str]] = {}
    for item in items:
        by_kind.setdefault(item.kind, {})[str(item.object_code)] = item.text
    project = publication.project
    K = PublishedItem.Kind
    models_by_kind: dict[str, Any] = {
        K.THEME: Theme.objects.filter(project=project),
        K.INSIGHT: Insight.objects.filter(project=project).prefetch_related("themes"),
        K.NEED: Need.objects.filter(project=project).prefetch_related("insights", "requirement_links__requirement"),
        K.REQUIREMENT: Requirement.objects.filter(project=project),
    }
    Decision = decision_model()
    if Decision is not None:
        models_by_kind[K.DECISION] = Decision.objects.filter(project=project)  # type: ignore[attr-defined]
    result: dict[str, list[PublicEntry]] = {}
    published_codes = {code for texts in by_kind.values() for code in texts}
    for kind, qs in models_by_kind.items():
        texts = by_kind.get(kind, {})
        if not texts:
            result[kind] = []
            continue
        entries = []
        for obj in qs.filter(code__in=list(texts)):
            links: list[Any] = []
            if kind == K.NEED:
                links = [i for i in obj.insights.all() if str(i.code) in published_codes]
                links += [link.requirement for link in obj.requirement_links.all()]
            entries.append(PublicEntry(kind, obj, texts[str(obj.code)], links))
        result[kind] = entries
    return result


def public_quotes(publication: Publication, content: dict[str, list[PublicEntry]]) -> list[PublishedQuote]:
    """Put each approved quote under the published theme or insight it illustrates; return the rest.

    Only the approved text and the group are loaded: the observation's own text never reaches the
    page. A quote whose observation has since been marked sensitive is left out.
    """
    quotes = (
        PublishedQuote.objects.filter(
            publication=publication, observation__in=quotable_observations(publication.project)
        )
        .select_related("group", "item")
        .only("text", "approved_at", "group__name", "item__kind", "item__object_code")
    )
    entries = {(e.kind, str(e.obj.code)): e for kind in PublishedItem.QUOTABLE_KINDS for e in content.get(kind, [])}
    loose = []
    for quote in quotes:
        entry = entries.get((quote.item.kind, str(quote.item.object_code))) if quote.item else None
        if entry is None:
            loose.append(quote)
        else:
            entry.quotes.append(quote)
    return loose


# Quotes -------------------------------------------------------------------------------------


class QuoteRefused(Exception):
    """The quote may not be approved; the message says why, in a sentence for the editor."""


def quotable_observations(project: Project) -> models.QuerySet[Observation]:
    """The project's observations that may be quoted at all: not those of a special category.

    An observation deleted on a participant's request is gone from the table, and its quote with it.
    """
    return Observation.objects.usable().filter(project=project).not_sensitive()


def suggested_quote(observation: Observation) -> str:
    """The observation's text with every identifier the personal-data guard finds redacted."""
    text, _count = redact_all(observation.text)
    return text


def identifiers_in(text: str) -> list[str]:
    """The kinds of identifier the personal-data guard still finds in `text`, each named once."""
    return list(dict.fromkeys(hit.kind.value for hit in find_personal_data(text)))


def identifier_message(kinds: list[str]) -> str:
    return _(
        "The quote still contains something that can identify a person (%(kinds)s). "
        "Remove it or write the sentence another way before you approve."
    ) % {"kinds": ", ".join(kinds)}


def quote_targets(publication: Publication) -> list[tuple[PublishedItem, str]]:
    """The published themes and insights a quote may illustrate, with their names."""
    items = list(publication.items.filter(kind__in=PublishedItem.QUOTABLE_KINDS))
    codes = [item.object_code for item in items]
    names = {str(t.code): t.name for t in Theme.objects.filter(project_id=publication.project_id, code__in=codes)}
    names |= {
        str(i.code): i.statement for i in Insight.objects.filter(project_id=publication.project_id, code__in=codes)
    }
    return [(item, names[str(item.object_code)]) for item in items if str(item.object_code) in names]


@transaction.atomic
def approve_quote(
    *,
    observation: Observation,
    text: str,
    group: StakeholderGroup | None,
    item: PublishedItem | None,
    confirmed: bool,
    acting_user: User,
) -> PublishedQuote:
    """Publish `text` as an anonymised quote of `observation`, or replace the quote already approved for it.

    The caller has checked that the acting user is an editor of the project. Refuses (QuoteRefused)
    when the editor has not confirmed that nobody can be identified, when the personal-data guard
    still finds an identifier, or when the observation has been marked sensitive or deleted.
    """
    text = text.strip()
    if not confirmed:
        raise QuoteRefused(_("Confirm that you have checked that the quote cannot identify anyone."))
    if not text:
        raise QuoteRefused(_("Write the quote before you approve it."))
    if len(text) > PublishedQuote.TEXT_LIMIT:
        raise QuoteRefused(
            _("The quote is too long: at most %(limit)d characters.") % {"limit": PublishedQuote.TEXT_LIMIT}
        )
    if kinds := identifiers_in(text):
        raise QuoteRefused(identifier_message(kinds))
    # Lock the observation so a deletion request running at the same time either comes first (and
    # there is nothing to quote) or waits and then deletes the quote with the observation.
    current = Observation.objects.usable().select_for_update().filter(pk=observation.pk).first()
    if current is None:
        raise QuoteRefused(_("The observation has been deleted."))
    if current.is_sensitive:
        raise QuoteRefused(_("This observation is marked sensitive and cannot be quoted."))
    project = current.project
    publication = get_publication(project)
    if group is not None and group.project_id != project.pk:
        raise QuoteRefused(_("Choose one of the project's stakeholder groups."))
    if item is not None and (item.publication_id != publication.pk or not item.may_hold_quotes):
        raise QuoteRefused(_("Choose a published theme or insight."))
    quote, created = PublishedQuote.objects.update_or_create(
        publication=publication,
        observation=current,
        defaults={
            "text": text,
            "group": group,
            "item": item,
            "approved_by": acting_user,
            "approved_at": timezone.now(),
        },
    )
    log_event(
        project=project,
        actor=acting_user,
        verb=ProjectEvent.Verb.ADDED if created else ProjectEvent.Verb.UPDATED,
        obj=quote,
    )
    return quote


@transaction.atomic
def withdraw_quote(*, quote: PublishedQuote, acting_user: User) -> None:
    """Take the quote off the public page and forget its text."""
    log_event(
        project=quote.publication.project,
        actor=acting_user,
        verb=ProjectEvent.Verb.DELETED,
        obj=quote,
    )
    quote.delete()


# Subscriptions (double opt-in, their own rate limit, one-click unsubscribe) live in feedback/subscriptions.py.


@transaction.atomic
def fill_choices_from_needs(*, question: Question, acting_user: User) -> int:
    """Replace a prioritise question's choices by the project's candidate needs (proposed or agreed)."""
    needs = Need.objects.filter(project=question.survey.project).exclude(status=Need.Status.REJECTED).order_by("ref")
    question.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(question=question, order=i, text=need.statement[:200], source_code=need.code)
        for i, need in enumerate(needs, start=1)
    )
    Survey.structure_changed(question.survey_id)  # bulk_create sends no signal
    log_event(project=question.survey.project, actor=acting_user, verb=ProjectEvent.Verb.UPDATED, obj=question.survey)
    return question.choices.count()
