"""Counting answers per question, per respondent group and per day. Reads only; no writes."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
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


@dataclass(frozen=True)
class RankRow:
    """One item of a ranked question: Borda points, how many ranked it first, how many ranked it at all."""

    label: str
    points: int
    first: int
    ranked: int


@dataclass(frozen=True)
class Ranking:
    points: list[int]
    first: list[int]
    ranked: list[int]


def borda(orders: Iterable[Sequence[object]], keys: Sequence[object], ranks: int) -> Ranking:
    """Borda points per key over answers given as keys in rank order (rank 1 first).

    Rank r of `ranks` gets ranks − r + 1 points: with three ranks, 1st = 3, 2nd = 2, 3rd = 1.
    Ranks beyond `ranks` (an answer given before the number was lowered) get no points.
    """
    points: Counter[object] = Counter()
    first: Counter[object] = Counter()
    ranked: Counter[object] = Counter()
    for order in orders:
        for position, key in enumerate(order, start=1):
            points[key] += max(0, ranks - position + 1)
            ranked[key] += 1
            if position == 1:
                first[key] += 1
    return Ranking([points[k] for k in keys], [first[k] for k in keys], [ranked[k] for k in keys])


@dataclass
class QuestionSummary:
    question: Question
    labels: list[str]
    counts: list[int]
    answered: int
    texts: list[str] = field(default_factory=list)
    # group name → counts in the order of `labels` (Borda points for a ranked question)
    by_group: dict[str, list[int]] = field(default_factory=dict)
    # Ranked prioritise questions: the items by points, highest first, and the number of ranks.
    ranking: list[RankRow] = field(default_factory=list)
    ranks: int = 0

    @property
    def svg(self) -> SafeString:
        if self.ranking:
            labels = [row.label for row in self.ranking]
            points = [row.points for row in self.ranking]
            return mark_safe(  # noqa: S308 (bar_chart_svg escapes labels and title)
                bar_chart_svg(labels, points, _("%(question)s – points") % {"question": self.question.text})
            )
        return mark_safe(bar_chart_svg(self.labels, self.counts, self.question.text))  # noqa: S308 (escaped in the chart)

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
    answers = Answer.objects.filter(response__in=survey.responses.counted()).select_related("response__group")
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
        if q.is_ranked:
            summaries.append(_ranked_summary(q, qa, keys, labels))
            continue
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


def _ranked_summary(q: Question, qa: list[Answer], keys: list[object], labels: list[str]) -> QuestionSummary:
    ranks = q.rank_count(len(keys))
    total = borda((_values(a) for a in qa), keys, ranks)
    rows = [RankRow(*row) for row in zip(labels, total.points, total.first, total.ranked, strict=True)]
    # Highest score first; ties keep the order of the list.
    rows.sort(key=lambda row: -row.points)
    by_group: dict[str, list[list[object]]] = defaultdict(list)
    for a in qa:
        by_group[a.response.group.name if a.response.group else _("No group given")].append(_values(a))
    return QuestionSummary(
        q,
        labels,
        total.ranked,
        len(qa),
        by_group={name: borda(orders, keys, ranks).points for name, orders in sorted(by_group.items())},
        ranking=rows,
        ranks=ranks,
    )


def timeline(survey: Survey) -> list[tuple[date, int]]:
    """Submitted responses per day."""
    rows = (
        survey.responses.counted()
        .annotate(day=TruncDate("submitted_at"))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    )
    return [(row["day"], row["n"]) for row in rows]


def timeline_svg(points: list[tuple[date, int]], title: str) -> SafeString:
    return mark_safe(bar_chart_svg([d.strftime("%d.%m.%Y") for d, _n in points], [n for _d, n in points], title))  # noqa: S308 (escaped in the chart)
