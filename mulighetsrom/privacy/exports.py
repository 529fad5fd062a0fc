"""What a person may ask to see (GDPR art. 15): their data gathered into plain, JSON-ready dicts.

Each `*_data` function returns only the person's own records; `as_text` turns any of them into a
readable plain-text document, so the JSON and the human-readable download always hold the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from mulighetsrom.accounts.models import User
from mulighetsrom.insight.models import Observation
from mulighetsrom.surveys.exports import _answer_text
from mulighetsrom.surveys.models import Answer, Response, translated


def short_code(response: Response) -> str:
    """The response code a participant gives staff: the first 8 hex digits of `code`, as "ab12-cd34"."""
    hex_code = response.code.hex[:8]
    return f"{hex_code[:4]}-{hex_code[4:]}"


def _when(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def response_answers(response: Response, language: str = "nb") -> list[dict[str, str]]:
    """The response's answers as question → answer text, in the survey's question order."""
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(response=response)
        .select_related("question")
        .prefetch_related("question__choices")
    }
    rows = []
    for question in response.survey.questions.prefetch_related("choices"):
        answer = answers.get(question.pk)
        if answer is None:
            continue
        choices = {c.pk: translated(c, "text", language) for c in question.choices.all()}
        rows.append(
            {
                "question": translated(question, "text", language),
                "answer": _answer_text(question, answer.value, answer.text, choices),
            }
        )
    return rows


def response_data(response: Response, language: str = "nb") -> dict[str, Any]:
    """Everything stored about one survey response. There is nothing else: responses are anonymous."""
    survey = response.survey
    return {
        "kind": "survey_response",
        "survey": translated(survey, "title", language),
        "organization": survey.project.organization.name,
        "response_code": short_code(response),
        "started": _when(response.started_at),
        "submitted": _when(response.submitted_at),
        "channel": str(response.get_channel_display()),
        "language": response.language,
        "consent_basis": str(response.get_consent_basis_display()),
        "consent_withdrawn": _when(response.consent_withdrawn_at),
        "group": response.group.name if response.group_id and response.group else None,
        "answers": response_answers(response, language),
    }


def observations_data(observations: Iterable[Observation]) -> dict[str, Any]:
    """The selected observations with their source, for a request about a named person."""
    return {
        "kind": "observations",
        "observations": [
            {
                "text": o.text,
                "kind": str(o.get_kind_display()),
                "activity": o.activity.title if o.activity else None,
                "speaker_group": o.speaker_group.name if o.speaker_group else None,
                "legal_basis": str(o.get_legal_basis_display()),
                "sensitivity": str(o.get_sensitivity_display()),
                "consent_withdrawn": _when(o.consent_withdrawn_at),
                "created": _when(o.created_at),
            }
            for o in observations
        ],
    }


def account_data(user: User) -> dict[str, Any]:
    """A staff member's own data: login, person records, memberships and what they wrote or were given.

    Observations they registered are not theirs (they are the participants' words) and are counted
    only; the decisions they recorded are listed by title.
    """
    from mulighetsrom.collaboration.models import (
        Assignment,
        CanvasVersion,
        Comment,
        CompetenceProfile,
        Decision,
        Notification,
    )
    from mulighetsrom.projects.models import GateDecision, Membership

    persons = list(user.persons.select_related("organization", "unit"))
    person_ids = [p.pk for p in persons]
    competence = {c.person_id: c for c in CompetenceProfile.objects.filter(person_id__in=person_ids)}
    return {
        "kind": "staff_account",
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
        },
        "people": [
            {
                "organization": p.organization.name,
                "name": p.name,
                "email": p.email,
                "title": p.title,
                "unit": p.unit.name if p.unit else None,
                "role": str(p.get_org_role_display()),
                "active": p.is_active,
                "competence": (
                    {
                        "tags": competence[p.pk].tags,
                        "experience": competence[p.pk].experience,
                        "interested": competence[p.pk].interested,
                        "available": competence[p.pk].available,
                    }
                    if p.pk in competence
                    else None
                ),
            }
            for p in persons
        ],
        "memberships": [
            {
                "project": m.project.name,
                "role": str(m.get_role_display()),
                "function": str(m.get_function_display()),
                "joined": _when(m.joined_at),
                "left": _when(m.left_at),
            }
            for m in Membership.objects.filter(person_id__in=person_ids).select_related("project")
        ],
        "comments": [
            {"project": c.project.name, "created": _when(c.created_at), "text": c.body}
            for c in Comment.objects.filter(author=user).select_related("project").order_by("created_at", "id")
        ],
        "assignments": [
            {"project": a.project.name, "task": a.title, "due": _when(a.due_on), "done": _when(a.done_at)}
            for a in Assignment.objects.filter(assignee_id__in=person_ids).select_related("project")
        ],
        "notifications": [
            {"project": n.project.name, "text": n.text, "created": _when(n.created_at), "read": _when(n.read_at)}
            for n in Notification.objects.filter(user=user).select_related("project")
        ],
        "decisions_recorded": [
            {"project": d.project.name, "title": d.title, "decided_on": _when(d.decided_on)}
            for d in Decision.objects.filter(recorded_by=user).select_related("project")
        ],
        "gate_decisions_recorded": [
            {"project": g.project.name, "decision": str(g), "decided_on": _when(g.decided_on)}
            for g in GateDecision.objects.filter(recorded_by=user).select_related("project", "from_phase", "to_phase")
        ],
        "canvas_texts_written": [
            {
                "project": v.section.project.name,
                "section": str(v.section),
                "created": _when(v.created_at),
                "text": v.text,
            }
            for v in CanvasVersion.objects.filter(author=user).select_related("section__project")
        ],
        "observations_registered": Observation.objects.filter(created_by=user).count(),
    }


# Readable text -------------------------------------------------------------------------------


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def as_text(data: dict[str, Any], title: str) -> str:
    """The same data as plain text, one "key: value" line per field, lists indented."""
    lines = [title, "=" * len(title), ""]
    _text_lines(data, lines, 0)
    return "\n".join(lines) + "\n"


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _text_lines(value: Any, lines: list[str], depth: int) -> None:
    pad = "  " * depth
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list):
                lines.append(f"{pad}{_label(key)}:")
                _text_lines(item, lines, depth + 1)
            else:
                lines.append(f"{pad}{_label(key)}: {_scalar(item)}")
    elif isinstance(value, list):
        if not value:
            lines.append(f"{pad}{_('(none)')}")
        for n, item in enumerate(value, start=1):
            lines.append(f"{pad}{n}.")
            _text_lines(item, lines, depth + 1)
    else:
        lines.append(f"{pad}{_scalar(value)}")


def _scalar(value: Any) -> str:
    if value is None:
        return "–"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value).replace("\n", "\n" + " " * 4)
