from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mulighetsrom.lib.forms import DSForm, DSModelForm
from mulighetsrom.surveys.models import Answer, Question, Response, Section, Survey, translated

DONT_KNOW = "dk"


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
            "is_background",
        ]

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = survey.sections.all()  # type: ignore[attr-defined]
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
            if q.kind == Question.Kind.PRIORITISE and picked and len(picked) > q.max_picks:
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
                initial[cls.name(q)] = [str(v) for v in answer.value or []]
            elif q.kind == Question.Kind.SINGLE:
                initial[cls.name(q)] = str((answer.value or [""])[0])
            else:
                initial[cls.name(q)] = str(answer.value or "")
        return initial
