from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mulighetsrom.lib.forms import DateInput, DSModelForm, set_queryset
from mulighetsrom.projects.models import Membership, Project
from mulighetsrom.stakeholders.models import EngagementEntry, Method, StakeholderGroup


class StakeholderGroupForm(DSModelForm):
    class Meta:
        model = StakeholderGroup
        fields = ["name", "category", "is_main_user_group", "approximate_size", "description", "participation_needs"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "participation_needs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        self.project = project
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = StakeholderGroup.objects.filter(project=self.project, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("The project already has a stakeholder group with this name."))
        return name

    def _post_clean(self) -> None:
        self.instance.project = self.project
        super()._post_clean()  # type: ignore[misc]

    def validate_unique(self) -> None:
        pass


class EngagementEntryForm(DSModelForm):
    methods = forms.MultipleChoiceField(
        label=_("Methods"), choices=Method.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = EngagementEntry
        fields = ["level", "methods", "responsible", "period_start", "period_end", "status", "notes"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(
            self,
            "responsible",
            Membership.objects.on_team(project).select_related("person"),
            label=lambda m: m.person.name,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period cannot be before its start."))
        return data
