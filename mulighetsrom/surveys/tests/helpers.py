"""A small survey for tests: a background question, a scale, a required free-text question."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mulighetsrom.accounts.models import User
from mulighetsrom.projects.models import Project
from mulighetsrom.surveys import actions
from mulighetsrom.surveys.models import Question, Survey


def make_survey(
    project: Project, user: User, *, layout: str = Survey.Layout.ONE_PER_PAGE, open_: bool = True
) -> Survey:
    survey = actions.create_survey(project=project, title="Nytt helsehus", layout=layout, acting_user=user)
    survey.title_nn = "Nytt helsehus (nn)"
    survey.opens_at = timezone.now() - timedelta(days=1) if open_ else None
    survey.save()
    actions.save_question(
        question=Question(
            survey=survey,
            kind=Question.Kind.SINGLE,
            text="Hvem er du?",
            text_en="Who are you?",
            is_background=True,
            required=True,
        ),
        choices=[],
        groups_as_choices=True,
        acting_user=user,
    )
    actions.save_question(
        question=Question(
            survey=survey,
            kind=Question.Kind.SCALE,
            text="Hvor viktig er hage?",
            low_label="Lite",
            high_label="Svært",
            text_nn="Kor viktig er hage?",
        ),
        choices=[],
        acting_user=user,
    )
    actions.save_question(
        question=Question(survey=survey, kind=Question.Kind.TEXT, text="Hva ønsker du deg?", required=True),
        choices=[],
        acting_user=user,
    )
    return survey
