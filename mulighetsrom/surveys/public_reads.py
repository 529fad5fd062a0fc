"""The reads of the public survey pages, each one SELECT compiled once per process (see compiled.py).

They return model instances with only the columns the pages use (the others are deferred, as
with `.only()`): the survey with its project and the municipality's name, and for the answering
pages the response with its survey, and on request its saved answers in the same query.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Model

from mulighetsrom.accounts.models import Organization
from mulighetsrom.projects.models import Project
from mulighetsrom.surveys.compiled import CompiledValues
from mulighetsrom.surveys.models import Answer, Response, Survey

# The page forms never show the introduction or the privacy notice, so the answering path leaves them.
_SURVEY_COLUMNS = (
    *("id", "code", "token", "project_id", "title", "title_nn", "title_en"),
    *("layout", "opens_at", "closes_at", "structure_version"),
)
_RESPONSE_COLUMNS = ("id", "token", "survey_id", "language", "channel", "submitted_at")
_ORGANIZATION_COLUMNS = ("project__organization_id", "project__organization__name")
_ANSWER_COLUMNS = ("answers__question_id", "answers__value", "answers__text")


def _all_survey_columns() -> list[str]:
    # Read when the query is first compiled, so a new column is included without a change here.
    return [f.attname for f in Survey._meta.concrete_fields]


_SURVEY_BY_TOKEN = CompiledValues(
    lambda token: (
        Survey.objects.filter(token=token).order_by().values_list(*_all_survey_columns(), *_ORGANIZATION_COLUMNS)
    ),
    token=Survey._meta.get_field("token"),
)


def _response_query(answers: bool) -> CompiledValues:
    survey_columns = [f"survey__{name}" for name in (*_SURVEY_COLUMNS, *_ORGANIZATION_COLUMNS)]
    return CompiledValues(
        lambda token, rtoken: (
            Response.objects.filter(token=rtoken, survey__token=token)
            .order_by()
            .values_list(*_RESPONSE_COLUMNS, *survey_columns, *(_ANSWER_COLUMNS if answers else ()))
        ),
        token=Survey._meta.get_field("token"),
        rtoken=Response._meta.get_field("token"),
    )


_RESPONSE = _response_query(answers=False)
_RESPONSE_WITH_ANSWERS = _response_query(answers=True)

_RESPONSE_TOKEN_BY_KEY = CompiledValues(
    lambda key: Response.objects.filter(submission_key=key).order_by().values_list("token"),
    key=Response._meta.get_field("submission_key"),
)


def _instance(model: type[Model], columns: tuple[str, ...] | list[str], values: Any) -> Any:
    return model.from_db(None, columns, values)


def _survey(columns: tuple[str, ...] | list[str], row: Any) -> Survey:
    """The survey from `row`, with its project and the project's municipality (id and name only)."""
    n = len(columns)
    survey: Survey = _instance(Survey, columns, row[:n])
    organization = _instance(Organization, ("id", "name"), row[n : n + 2])
    project = _instance(Project, ("id", "organization_id"), (survey.project_id, organization.pk))
    Project.organization.field.set_cached_value(project, organization)
    Survey.project.field.set_cached_value(survey, project)
    return survey


def survey_by_token(token: str) -> Survey | None:
    """The survey with public token `token` (every column), or None."""
    rows = _SURVEY_BY_TOKEN.rows(token=token)
    return _survey(_all_survey_columns(), rows[0]) if rows else None


def response_by_tokens(token: str, rtoken: str) -> Response | None:
    """The response `rtoken` to the survey `token`, with the survey, or None."""
    rows = _RESPONSE.rows(token=token, rtoken=rtoken)
    return _response(rows[0]) if rows else None


def response_and_answers(token: str, rtoken: str) -> tuple[Response, dict[int, Answer]] | None:
    """Like `response_by_tokens`, with the response's saved answers by question id, in one query."""
    rows = _RESPONSE_WITH_ANSWERS.rows(token=token, rtoken=rtoken)
    if not rows:
        return None
    response = _response(rows[0])
    answers = {}
    for row in rows:
        question_id, value, text = row[-3:]
        if question_id is not None:  # the outer join gives one row of NULLs when nothing is saved
            answers[question_id] = Answer(response=response, question_id=question_id, value=value, text=text)
    return response, answers


def response_token_for_key(key: uuid.UUID) -> str | None:
    """The token of the response started with submission key `key`, or None."""
    rows = _RESPONSE_TOKEN_BY_KEY.rows(key=key)
    return str(rows[0][0]) if rows else None


def _response(row: Any) -> Response:
    n = len(_RESPONSE_COLUMNS)
    response: Response = _instance(Response, _RESPONSE_COLUMNS, row[:n])
    Response.survey.field.set_cached_value(response, _survey(_SURVEY_COLUMNS, row[n:]))
    return response
