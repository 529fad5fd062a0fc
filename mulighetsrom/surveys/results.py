"""Counting answers per question, per respondent group and per day. Reads only; no writes."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from mulighetsrom.stakeholders.models import StakeholderGroup
from mulighetsrom.surveys.charts import bar_chart_svg
from mulighetsrom.surveys.forms import DONT_KNOW
from mulighetsrom.surveys.models import Answer, Question, Survey


@dataclass
class QuestionSummary:
    question: Question
    labels: list[str]
    counts: list[int]
    answered: int
    texts: list[str] = field(default_factory=list)
    # group name → counts in the order of `labels`
    by_group: dict[str, list[int]] = field(default_factory=dict)

    @property
    def svg(self) -> SafeString:
        return mark_safe(bar_chart_svg(self.labels, self.counts, self.question.text))

    @property
    def rows(self) -> list[tuple[str, int]]:
        return list(zip(self.labels, self.counts, strict=True))


def _keys_and_labels(q: Question) -> tuple[list[object], list[str]]:
    if q.kind == Question.Kind.SCALE:
        keys: list[object] = [1, 2, 3, 4, 5]
        labels = [str(n) for n in range(1, 6)]
        if q.low_label:
            labels[0] = f"1 – {q.low_label}"
        if q.high_label:
            labels[4] = f"5 – {q.high_label}"
    elif q.kind == Question.Kind.YES_NO:
        keys, labels = ["yes", "no"], [_("Yes"), _("No")]
    else:
        choices = list(q.choices.all())
        keys, labels = [c.pk for c in choices], [c.text for c in choices]
    if q.kind in (Question.Kind.SCALE, Question.Kind.YES_NO) and q.allow_dont_know:
        keys.append(DONT_KNOW)
        labels.append(_("Don't know"))
    return keys, labels


def _values(answer: Answer) -> list[object]:
    value = answer.value
    return list(value) if isinstance(value, list) else [value]


def summarise(survey: Survey, group: StakeholderGroup | None = None) -> list[QuestionSummary]:
    """One summary per question over submitted responses, optionally of one respondent group."""
    answers = Answer.objects.filter(response__survey=survey, response__submitted_at__isnull=False).select_related(
        "response__group"
    )
    if group is not None:
        answers = answers.filter(response__group=group)
    per_question: dict[int, list[Answer]] = defaultdict(list)
    for answer in answers:
        per_question[answer.question_id].append(answer)
    summaries = []
    for q in survey.questions.prefetch_related("choices"):
        qa = per_question.get(q.pk, [])
        if q.kind == Question.Kind.TEXT:
            summaries.append(QuestionSummary(q, [], [], len(qa), texts=[a.text for a in qa]))
            continue
        keys, labels = _keys_and_labels(q)
        counter: Counter[object] = Counter(v for a in qa for v in _values(a))
        by_group: dict[str, Counter[object]] = defaultdict(Counter)
        for a in qa:
            name = a.response.group.name if a.response.group else _("No group given")
            by_group[name].update(_values(a))
        summaries.append(
            QuestionSummary(
                q,
                labels,
                [counter.get(k, 0) for k in keys],
                len(qa),
                by_group={name: [c.get(k, 0) for k in keys] for name, c in sorted(by_group.items())},
            )
        )
    return summaries


def timeline(survey: Survey) -> list[tuple[date, int]]:
    """Submitted responses per day."""
    rows = (
        survey.responses.filter(submitted_at__isnull=False)
        .annotate(day=TruncDate("submitted_at"))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    return [(row["day"], row["n"]) for row in rows]


def timeline_svg(points: list[tuple[date, int]], title: str) -> SafeString:
    return mark_safe(bar_chart_svg([d.strftime("%d.%m.%Y") for d, _n in points], [n for _d, n in points], title))
