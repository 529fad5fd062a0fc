"""XLSX export of a survey's submitted responses, one row per response."""

from __future__ import annotations

from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from mulighetsrom.lib.spreadsheets import safe_cell
from mulighetsrom.surveys.models import Question, Response, Survey


def _answer_text(question: Question, value: Any, text: str, choices: dict[int, str]) -> str:
    if question.kind == Question.Kind.TEXT:
        return text
    if isinstance(value, list) and question.is_ranked:
        # Rank order: "1. Garden; 2. Daylight".
        return "; ".join(f"{rank}. {choices.get(v, '?')}" for rank, v in enumerate(value, start=1))
    if isinstance(value, list):
        return "; ".join(choices.get(v, "?") for v in value)
    if value == "dk":
        return _("Don't know")
    if value == "yes":
        return _("Yes")
    if value == "no":
        return _("No")
    return "" if value is None else str(value)


def write_xlsx(survey: Survey, out: IO[bytes]) -> None:
    questions = list(survey.questions.prefetch_related("choices"))
    choices = {c.pk: c.text for q in questions for c in q.choices.all()}
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Responses")[:31]
    ws.append([_("Submitted"), _("Group"), _("Channel"), *[safe_cell(q.text) for q in questions]])
    responses = (
        Response.objects.counted()
        .filter(survey=survey)
        .select_related("group")
        .prefetch_related("answers")
        .order_by("submitted_at")
    )
    for r in responses:
        by_q = {a.question_id: a for a in r.answers.all()}
        row: list[Any] = [
            r.submitted_at.replace(tzinfo=None) if r.submitted_at else None,
            safe_cell(r.group.name if r.group else ""),
            r.get_channel_display(),
        ]
        for q in questions:
            a = by_q.get(q.pk)
            row.append(safe_cell(_answer_text(q, a.value, a.text, choices)) if a else "")
        ws.append(row)
    wb.save(out)
