from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mulighetsrom.lib.forms import DSForm, DSModelForm, set_queryset
from mulighetsrom.surveys.models import Answer, Question, Response, Section, Survey, translated

DONT_KNOW = "dk"


class RankWidget(forms.MultiWidget):
    """One <select> per item ("not ranked" / 1 … N), each labelled by its item; works without JavaScript.

    The sub-fields are named after the choice ids (`q5_12` for choice 12 of question 5), so a
    posted rank always belongs to the same item. The value is a dict {choice id: rank}; an ordered
    list of choice ids (rank 1 first, as stored in Answer.value) is accepted as well.
    """

    template_name = "surveys/widgets/rank.html"

    def __init__(self, items: Sequence[tuple[str, str]], ranks: int, attrs: dict[str, Any] | None = None) -> None:
        self.items = list(items)
        self.ranks = ranks
        options = [("", _("Not ranked")), *((str(n), str(n)) for n in range(1, ranks + 1))]
        super().__init__(
            {key: forms.Select(attrs={"class": "ds-input"}, choices=options) for key, _label in self.items}, attrs
        )

    def use_required_attribute(self, initial: Any) -> bool:
        # A required question needs one rank, not a rank on every item.
        return False

    def decompress(self, value: Any) -> list[str]:
        return [str(value.get(key, "")) for key, _label in self.items] if isinstance(value, dict) else []

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        if isinstance(value, (list, tuple)):
            value = ranks_from_order(value)  # a saved answer: choice ids in rank order
        context = super().get_context(name, value, attrs)
        for sub, (_key, label) in zip(context["widget"]["subwidgets"], self.items, strict=True):
            sub["item_label"] = label
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, str]:  # type: ignore[override]
        return {
            key: str(data.get(f"{name}_{key}", "") or "")
            for key, _label in self.items
            if data.get(f"{name}_{key}") not in (None, "")
        }

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return all(f"{name}_{key}" not in data for key, _label in self.items)


def ranks_from_order(order: Sequence[Any]) -> dict[str, str]:
    """{choice id: rank} from choice ids in rank order (rank 1 first)."""
    return {str(key): str(rank) for rank, key in enumerate(order, start=1)}


class RankField(forms.Field):
    """Ranks 1 … N given to a list of items; cleans to the choice ids in rank order (rank 1 first).

    Rendered as a fieldset whose legend is the question (surveys/widgets/rank_field.html).
    """

    def __init__(self, *, items: Sequence[tuple[str, str]], ranks: int, **kwargs: Any) -> None:
        self.items = list(items)
        self.ranks = ranks
        kwargs.setdefault("widget", RankWidget(self.items, ranks))
        kwargs.setdefault("template_name", "surveys/widgets/rank_field.html")
        super().__init__(**kwargs)
        if ranks == 1:
            self.instruction = _("Give the most important item rank 1.")
        else:
            self.instruction = _(
                "Give up to %(count)d items a rank: 1 is the most important, 2 the next, and so on."
            ) % {"count": ranks}

    def prepare_value(self, value: Any) -> Any:
        return ranks_from_order(value) if isinstance(value, (list, tuple)) else value

    def clean(self, value: Any) -> list[str]:
        given = value if isinstance(value, dict) else {}
        known = {key for key, _label in self.items}
        by_rank: dict[int, list[str]] = {}
        for key, raw in given.items():
            try:
                rank = int(raw)
            except (TypeError, ValueError):
                rank = 0
            if key not in known or not 1 <= rank <= self.ranks:
                raise forms.ValidationError(
                    _("Choose a rank from 1 to %(count)d, or “%(none)s”.")
                    % {"count": self.ranks, "none": _("Not ranked")},
                    code="invalid",
                )
            by_rank.setdefault(rank, []).append(key)
        if not by_rank:
            if self.required:
                raise forms.ValidationError(_("Give at least one item a rank."), code="required")
            return []
        for rank, keys in sorted(by_rank.items()):
            if len(keys) > 1:
                raise forms.ValidationError(
                    _("You gave %(count)d items rank %(rank)d. Each rank can be used once.")
                    % {"count": len(keys), "rank": rank},
                    code="duplicate",
                )
        missing = next((n for n in range(1, max(by_rank) + 1) if n not in by_rank), None)
        if missing is not None:
            raise forms.ValidationError(
                _("No item has rank %(rank)d. Use the ranks in order from 1, without gaps.") % {"rank": missing},
                code="gap",
            )
        return [by_rank[rank][0] for rank in sorted(by_rank)]


class SurveyCreateForm(DSModelForm):
    class Meta:
        model = Survey
        fields = ["title", "layout"]


class SurveyForm(DSModelForm):
    class Meta:
        model = Survey
        fields = [
            "title",
            "title_nn",
            "title_en",
            "intro",
            "intro_nn",
            "intro_en",
            "privacy_notice",
            "privacy_notice_nn",
            "privacy_notice_en",
            "layout",
            "contact",
            "paper_return",
            "paper_return_nn",
            "paper_return_en",
            "retention_months",
            "opens_at",
            "closes_at",
        ]
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "intro": forms.Textarea(attrs={"rows": 4}),
            "intro_nn": forms.Textarea(attrs={"rows": 3}),
            "intro_en": forms.Textarea(attrs={"rows": 3}),
            "privacy_notice": forms.Textarea(attrs={"rows": 8}),
            "privacy_notice_nn": forms.Textarea(attrs={"rows": 4}),
            "privacy_notice_en": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The closing time must be after the opening time."))
        return data


class SectionForm(DSModelForm):
    class Meta:
        model = Section
        fields = ["title", "title_nn", "title_en"]


class QuestionForm(DSModelForm):
    choices_text = forms.CharField(
        label=gettext_lazy("Choices (bokmål), one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("For single choice, multiple choice and prioritise questions."),
    )
    choices_nn = forms.CharField(
        label=gettext_lazy("Choices (nynorsk), same order"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    choices_en = forms.CharField(
        label=gettext_lazy("Choices (English), same order"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    groups_as_choices = forms.BooleanField(
        label=gettext_lazy("Use the project's stakeholder groups as choices"), required=False
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "kind",
            "text",
            "text_nn",
            "text_en",
            "help_text",
            "help_text_nn",
            "help_text_en",
            "required",
            "low_label",
            "low_label_nn",
            "low_label_en",
            "high_label",
            "high_label_nn",
            "high_label_en",
            "allow_dont_know",
            "max_picks",
            "ranked",
            "is_background",
        ]

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "section", survey.sections.all())
        if self.instance.pk:
            choices = list(self.instance.choices.all())
            self.initial.setdefault("choices_text", "\n".join(c.text for c in choices))
            self.initial.setdefault("choices_nn", "\n".join(c.text_nn for c in choices))
            self.initial.setdefault("choices_en", "\n".join(c.text_en for c in choices))

    @staticmethod
    def lines(value: str) -> list[str]:
        return [line.strip() for line in value.splitlines()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        nb = [c for c in self.lines(data.get("choices_text", "")) if c]
        if kind in Question.CHOICE_KINDS and not nb and not data.get("groups_as_choices"):
            self.add_error("choices_text", _("Give at least one choice, one per line."))
        if data.get("ranked") and kind != Question.Kind.PRIORITISE:
            self.add_error("ranked", _("Only prioritise questions can be ranked."))
        if kind == Question.Kind.PRIORITISE and data.get("max_picks") == 0:
            self.add_error("max_picks", _("Give how many to pick or rank: at least 1."))
        if data.get("is_background") and kind != Question.Kind.SINGLE:
            self.add_error("is_background", _("A background question must be a single-choice question."))
        return data


class AssistedForm(DSForm):
    consent_basis = forms.ChoiceField(
        label=gettext_lazy("Consent basis"), choices=Response.ConsentBasis.choices, widget=forms.RadioSelect
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("How were the answers given?"),
        choices=[
            (Response.Channel.ASSISTED, gettext_lazy("Assisted entry")),
            (Response.Channel.PAPER, gettext_lazy("Paper form")),
        ],
        widget=forms.RadioSelect,
        initial=Response.Channel.ASSISTED,
    )


class AnswerForm(DSForm):
    """The questions of one page, in the respondent's language.

    Built fresh per request so labels and error messages follow the active language.
    """

    def __init__(self, *args: Any, questions: Sequence[Question], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[self.name(q)] = self._field(q, language)

    @staticmethod
    def name(question: Question) -> str:
        return f"q{question.pk}"

    def _field(self, q: Question, language: str) -> forms.Field:
        label = translated(q, "text", language)
        help_text = translated(q, "help_text", language)
        common: dict[str, Any] = {"label": label, "help_text": help_text, "required": q.required}
        choices = [(str(c.pk), translated(c, "text", language)) for c in q.choices.all()] if q.has_choices else []
        if q.kind == Question.Kind.SINGLE:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
        if q.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
        if q.is_ranked:
            return RankField(items=choices, ranks=q.rank_count(len(choices)), **common)
        if q.kind == Question.Kind.PRIORITISE:
            common["help_text"] = help_text or _("Pick up to %(count)d.") % {"count": q.max_picks}
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
        if q.kind == Question.Kind.SCALE:
            low, high = translated(q, "low_label", language), translated(q, "high_label", language)
            scale = [(str(n), str(n)) for n in range(1, 6)]
            if low:
                scale[0] = ("1", f"1 – {low}")
            if high:
                scale[4] = ("5", f"5 – {high}")
            if q.allow_dont_know:
                scale.append((DONT_KNOW, _("Don't know")))
            return forms.ChoiceField(choices=scale, widget=forms.RadioSelect, **common)
        if q.kind == Question.Kind.YES_NO:
            yes_no = [("yes", _("Yes")), ("no", _("No"))]
            if q.allow_dont_know:
                yes_no.append((DONT_KNOW, _("Don't know")))
            return forms.ChoiceField(choices=yes_no, widget=forms.RadioSelect, **common)
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=2000, **common)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for q in self.questions:
            picked = data.get(self.name(q))
            if q.kind == Question.Kind.PRIORITISE and not q.ranked and picked and len(picked) > q.max_picks:
                self.add_error(
                    self.name(q),
                    _("Pick at most %(count)d, you picked %(picked)d.") % {"count": q.max_picks, "picked": len(picked)},
                )
        return data

    @classmethod
    def initial_from(cls, questions: Sequence[Question], answers: dict[int, Answer]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for q in questions:
            answer = answers.get(q.pk)
            if answer is None:
                continue
            if q.kind == Question.Kind.TEXT:
                initial[cls.name(q)] = answer.text
            elif q.kind in (Question.Kind.MULTIPLE, Question.Kind.PRIORITISE):
                # For a ranked question the list is in rank order; RankField turns it into ranks.
                initial[cls.name(q)] = [str(v) for v in answer.value or []]
            elif q.kind == Question.Kind.SINGLE:
                initial[cls.name(q)] = str((answer.value or [""])[0])
            else:
                initial[cls.name(q)] = str(answer.value or "")
        return initial
