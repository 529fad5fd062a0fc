"""Demo surveys and published feedback for Nye Lindeberg helsehus.

A closed survey with about 120 responses from residents, relatives and staff (some entered with
assistance, one question ranked), an open survey that asks for a ranking of candidate needs,
free-text answers sent to the insight bank, and a published page that links what was heard to
needs, requirements and a need that was not taken forward.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.utils import timezone

from mulighetsrom.accounts.models import User
from mulighetsrom.feedback import actions as feedback_actions
from mulighetsrom.feedback.models import PublishedItem
from mulighetsrom.insight.models import Insight
from mulighetsrom.needs.models import Need, Requirement
from mulighetsrom.projects.models import Project
from mulighetsrom.surveys import actions
from mulighetsrom.surveys.models import Choice, Question, Response, Survey

WISHES = [
    "Jeg vil kunne gå ut i hagen når jeg selv vil.",
    "Mer dagslys i fellesarealene, det er så mørkt om vinteren.",
    "Et stille rom der vi kan sitte med mor uten at alle hører på.",
    "Kjøkken i avdelingen, så det lukter middag.",
    "Korte avstander for oss som jobber natt, og et skikkelig pauserom.",
    "Plass til rullator og rullestol ved alle bord.",
    "At dyrene kan komme på besøk.",
    "Bedre skilting, jeg går meg bort i gangene.",
    "Et sted å overnatte for pårørende når det nærmer seg slutten.",
    "Varmtvannsbasseng hadde vært fint for trening.",
]

# The ranked question of the closed survey, and how much each group tends to value each room.
ROOMS = ["Felles stue med kjøkken", "Sansehage", "Kafé for besøkende", "Trimrom og fysioterapi", "Stillerom"]
ROOM_WEIGHTS = {
    "Beboere": [5, 4, 2, 2, 1],
    "Pårørende": [3, 3, 4, 1, 3],
    "Ansatte": [3, 3, 1, 4, 2],
}


def _q(survey: Survey, user: User, kind: str, text: str, choices: list[str] | None = None, **extra: object) -> Question:
    return actions.save_question(
        question=Question(survey=survey, kind=kind, text=text, **extra),
        choices=choices or [],
        groups_as_choices=bool(extra.get("is_background")),
        acting_user=user,
    )


def _build(project: Project, user: User, title: str) -> Survey:
    survey = actions.create_survey(project=project, title=title, layout=Survey.Layout.ONE_PER_PAGE, acting_user=user)
    survey.title_nn = title.replace("Hva", "Kva")
    survey.title_en = "What matters in the new health centre?"
    survey.intro = (
        "Kommunen bygger nytt helsehus på Lindeberg. Vi vil høre fra beboere, pårørende og ansatte om hva som "
        "er viktig for dere. Det tar omtrent fem minutter."
    )
    survey.save()
    background = _q(survey, user, Question.Kind.SINGLE, "Hvem svarer du som?", is_background=True, required=True)
    # Keep the three groups the survey is for.
    background.choices.exclude(group__name__in=["Beboere", "Pårørende", "Ansatte"]).delete()
    _q(
        survey,
        user,
        Question.Kind.SCALE,
        "Hvor viktig er det å kunne gå ut på egen hånd?",
        low_label="Ikke viktig",
        high_label="Svært viktig",
        text_nn="Kor viktig er det å kunne gå ut på eiga hand?",
        text_en="How important is it to be able to go outside on your own?",
        required=True,
    )
    _q(
        survey,
        user,
        Question.Kind.YES_NO,
        "Bør hver bogruppe ha eget kjøkken?",
        text_en="Should each unit have its own kitchen?",
    )
    _q(
        survey,
        user,
        Question.Kind.PRIORITISE,
        "Hva er viktigst for deg? Velg inntil tre.",
        ["Hage og uteområde", "Dagslys", "Stille rom", "Kjøkken i avdelingen", "Overnatting for pårørende", "Basseng"],
        max_picks=3,
    )
    _q(
        survey,
        user,
        Question.Kind.PRIORITISE,
        "Ranger de tre fellesrommene som er viktigst for deg.",
        ROOMS,
        text_nn="Ranger dei tre fellesromma som er viktigast for deg.",
        text_en="Rank the three shared rooms that matter most to you.",
        help_text="1 er det viktigste.",
        max_picks=3,
        ranked=True,
    )
    _q(
        survey,
        user,
        Question.Kind.TEXT,
        "Er det noe annet du vil si til oss?",
        text_en="Anything else you want to tell us?",
    )
    return survey


def _answer(survey: Survey, rng: random.Random, group_name: str, when: object, assisted_by: User | None) -> None:
    response, _created = actions.start_response(
        survey=survey,
        submission_key=uuid.uuid4(),
        language="nb",
        channel=Response.Channel.ASSISTED if assisted_by else Response.Channel.WEB,
        assisted_by=assisted_by,
        consent_basis=Response.ConsentBasis.CONSENT if assisted_by else Response.ConsentBasis.ANONYMOUS,
    )
    questions = list(survey.questions.prefetch_related("choices"))
    background, scale, yes_no, prioritise, ranked, text = questions
    choices = list(prioritise.choices.all())
    cleaned = {
        f"q{background.pk}": str(background.choices.get(group__name=group_name).pk),
        f"q{scale.pk}": str(rng.choice([3, 4, 4, 5, 5, 5])) if rng.random() > 0.05 else "dk",
        f"q{yes_no.pk}": rng.choice(["yes", "yes", "no", "dk"]),
        f"q{prioritise.pk}": [str(c.pk) for c in rng.sample(choices, 3)],
        f"q{ranked.pk}": _ranking(rng, list(ranked.choices.all()), ROOM_WEIGHTS[group_name]),
        f"q{text.pk}": rng.choice(WISHES) if rng.random() < 0.3 else "",
    }
    actions.save_answers(response=response, questions=questions, cleaned=cleaned)
    response.submit()
    Response.objects.filter(pk=response.pk).update(started_at=when, submitted_at=when)


def _ranking(rng: random.Random, choices: list[Choice], weights: list[int]) -> list[str]:
    """Choice ids in rank order: a weighted draw without replacement; some rank only one or two."""
    pool = list(zip(choices, weights, strict=True))
    order: list[str] = []
    for _rank in range(rng.choice([1, 2, 3, 3, 3, 3])):
        choice, weight = rng.choices(pool, weights=[w for _c, w in pool])[0]
        pool.remove((choice, weight))
        order.append(str(choice.pk))
    return order


def _rank_candidate_needs(survey: Survey, project: Project, user: User) -> None:
    """A ranked prioritise question whose choices are five of the project's candidate needs."""
    needs = list(Need.objects.filter(project=project).exclude(status=Need.Status.REJECTED).order_by("ref")[:5])
    if len(needs) < 2:
        return
    question = _q(
        survey,
        user,
        Question.Kind.PRIORITISE,
        "Ranger de tre behovene som er viktigst for deg.",
        [need.statement for need in needs],
        text_nn="Ranger dei tre behova som er viktigast for deg.",
        text_en="Rank the three needs that matter most to you.",
        help_text="Behovene kommer fra behovsregisteret. 1 er det viktigste.",
        max_picks=3,
        ranked=True,
    )
    for choice, need in zip(question.choices.all(), needs, strict=True):
        Choice.objects.filter(pk=choice.pk).update(source_code=need.code)


def load(project: Project, acting_user: User) -> None:
    rng = random.Random(2026)
    now = timezone.now()
    closed = _build(project, acting_user, "Hva er viktig i nye Lindeberg helsehus?")
    closed.opens_at, closed.closes_at = now - timedelta(days=60), now - timedelta(days=30)
    closed.save()
    ola = User.objects.filter(email="ola@demo.no").first()
    mix = [("Beboere", 35), ("Pårørende", 50), ("Ansatte", 35)]
    for group_name, count in mix:
        for i in range(count):
            when = closed.opens_at + timedelta(days=rng.randint(0, 29), hours=rng.randint(8, 20))
            assisted = ola or acting_user if group_name == "Beboere" and i % 3 == 0 else None
            _answer(closed, rng, group_name, when, assisted)
    feedback_actions.send_answers_to_insight(survey=closed, acting_user=acting_user)

    open_survey = actions.create_survey(
        project=project,
        title="Navn på det nye helsehuset",
        layout=Survey.Layout.ALL_ON_ONE_PAGE,
        acting_user=acting_user,
    )
    open_survey.opens_at, open_survey.closes_at = now - timedelta(days=2), now + timedelta(days=28)
    open_survey.save()
    _q(
        open_survey,
        acting_user,
        Question.Kind.SINGLE,
        "Hvilket navn liker du best?",
        ["Lindeberg helsehus", "Lindetunet", "Bjørkely"],
        required=True,
    )
    _q(open_survey, acting_user, Question.Kind.TEXT, "Har du et annet forslag?")
    _rank_candidate_needs(open_survey, project, acting_user)

    _publish(project, acting_user)


def _publish(project: Project, user: User) -> None:
    K = PublishedItem.Kind
    chosen: dict[tuple[str, str], str] = {}
    for insight in Insight.objects.filter(project=project).order_by("created_at")[:4]:
        chosen[(K.INSIGHT, str(insight.code))] = (
            "Dette hørte vi fra mange av dere i intervjuer, verksteder og spørreundersøkelsen."
        )
    needs = list(Need.objects.filter(project=project, insights__isnull=False).distinct().order_by("ref")[:4])
    for need in needs:
        chosen[(K.NEED, str(need.code))] = "Dette er tatt med i behovene helsehuset skal dekke."
    rejected = Need.objects.filter(project=project, status=Need.Status.REJECTED).exclude(rejection_reason="").first()
    if rejected is not None:
        chosen[(K.NEED, str(rejected.code))] = "Vi har vurdert dette, men tar det ikke videre."
    for requirement in Requirement.objects.filter(project=project, need_links__need__in=needs).distinct()[:4]:
        chosen[(K.REQUIREMENT, str(requirement.code))] = ""
    feedback_actions.save_feedback_choice(
        project=project,
        intro="Her ser du hva vi har hørt fra beboere, pårørende og ansatte, og hva vi har gjort med det.",
        chosen=chosen,
        acting_user=user,
    )
    _approve_quotes(project, user)
    feedback_actions.publish_feedback(project=project, acting_user=user)


def _approve_quotes(project: Project, user: User) -> None:
    """Approve an anonymised quote for each of the first three published insights that has one to give."""
    from mulighetsrom.insight.models import Observation  # local: keeps this file's import block untouched

    publication = feedback_actions.get_publication(project)
    items = {str(i.object_code): i for i in publication.items.filter(kind=PublishedItem.Kind.INSIGHT)}
    used: set[int] = set()
    for insight in Insight.objects.filter(project=project, code__in=list(items)).order_by("created_at"):
        observation = (
            feedback_actions.quotable_observations(project)
            .filter(insights=insight, kind=Observation.Kind.QUOTE, speaker_group__isnull=False)
            .exclude(pk__in=used)
            .select_related("speaker_group")
            .order_by("created_at", "pk")
            .first()
        )
        if observation is None:
            continue
        used.add(observation.pk)
        feedback_actions.approve_quote(
            observation=observation,
            text=feedback_actions.suggested_quote(observation),
            group=observation.speaker_group,
            item=items[str(insight.code)],
            confirmed=True,
            acting_user=user,
        )
        if len(used) == 3:
            break
