from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mulighetsrom.accounts.models import Person
from mulighetsrom.collaboration.models import (
    Assignment,
    CanvasSection,
    Decision,
    DigestSetting,
    MethodEvaluation,
    RaciLetter,
)
from mulighetsrom.insight.models import Insight
from mulighetsrom.lib.forms import DateInput, DSForm, DSModelForm, SubmissionKeyField, set_choices, set_queryset
from mulighetsrom.needs.models import Need, Requirement
from mulighetsrom.projects.models import BuildingType, Membership, Phase, Project


class DecisionForm(DSModelForm):
    submission_key = SubmissionKeyField()

    class Meta:
        model = Decision
        fields = [
            "title", "status", "phase", "decided_on", "decided_by_person", "decided_by_body",
            "alternatives", "rationale", "consequences", "needs", "requirements", "insights",
            "technology_area", "last_responsible_moment", "prerequisites",
        ]  # fmt: skip
        widgets = {
            "decided_on": DateInput(),
            "last_responsible_moment": DateInput(),
            "alternatives": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "consequences": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        kwargs.setdefault("instance", Decision(project=project, phase=project.current_phase))
        super().__init__(*args, **kwargs)
        self.instance.project = project
        f = self.fields
        set_choices(self, "status", [c for c in Decision.Status.choices if c[0] != Decision.Status.SUPERSEDED])
        set_queryset(self, "phase", Phase.objects.filter(organization_id=project.organization_id))
        set_queryset(self, "decided_by_person", Person.objects.filter(organization_id=project.organization_id))
        set_queryset(self, "needs", Need.objects.filter(project=project).order_by("ref"))
        set_queryset(self, "requirements", Requirement.objects.filter(project=project).order_by("ref"))
        set_queryset(self, "prerequisites", Requirement.objects.filter(project=project).order_by("ref"))
        set_queryset(self, "insights", Insight.objects.filter(project=project).order_by("statement"))
        for name in ("needs", "requirements", "insights", "prerequisites"):
            f[name].widget.attrs["size"] = "6"
        f["last_responsible_moment"].help_text = _("For technology decisions: the latest date the choice can wait to.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Decision.Status.DECIDED and not data.get("decided_on"):
            self.add_error("decided_on", _("Give the date of the decision."))
        if data.get("last_responsible_moment") and not data.get("technology_area"):
            self.add_error("technology_area", _("A last responsible moment is for technology decisions only."))
        return data


class SupersedeForm(DSForm):
    by = forms.ModelChoiceField(queryset=Decision.objects.none(), label=_("Superseded by"), to_field_name="code")

    def __init__(self, *args: Any, decision: Decision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "by", Decision.objects.filter(project=decision.project).exclude(pk=decision.pk))


LETTER_CHOICES = [("", "–"), *RaciLetter.choices]


class RaciTaskForm(DSForm):
    name = forms.CharField(label=_("Task or decision"), max_length=200)
    phase = forms.ModelChoiceField(queryset=Phase.objects.none(), label=_("Phase"))

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "phase", Phase.objects.filter(organization_id=project.organization_id))
        self.fields["phase"].initial = project.current_phase_id


class CanvasSectionForm(DSForm):
    text = forms.CharField(label=_("Text"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class MethodEvaluationForm(DSModelForm):
    class Meta:
        model = MethodEvaluation
        fields = ["continue_answer", "how_answer"]
        widgets = {
            "continue_answer": forms.Textarea(attrs={"rows": 3}),
            "how_answer": forms.Textarea(attrs={"rows": 3}),
        }


class CommentForm(DSForm):
    body = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mention a team member with @name or @e-mail."),
    )


class AssignmentForm(DSModelForm):
    class Meta:
        model = Assignment
        fields = ["title", "assignee", "due_on"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(
            self,
            "assignee",
            Person.objects.filter(memberships__in=Membership.objects.on_team(project)).distinct(),
        )


class CompetenceProfileForm(DSForm):
    tags = forms.CharField(
        label=_("Competence"), required=False, max_length=1000, help_text=_("Separate the tags with commas.")
    )
    experience = forms.CharField(
        label=_("Experience from earlier building projects"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    building_types = forms.MultipleChoiceField(
        label=_("Building types the person knows"),
        required=False,
        choices=BuildingType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    interested = forms.BooleanField(label=_("Interested in project work"), required=False)
    available = forms.BooleanField(label=_("Available for project work"), required=False)


class DigestSettingForm(DSModelForm):
    class Meta:
        model = DigestSetting
        fields = ["mentions", "assignments", "comments"]


class MethodLibraryImportForm(DSForm):
    file = forms.FileField(label=_("Method library file (JSON)"))


__all__ = ["CanvasSection"]
