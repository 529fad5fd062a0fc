"""Organization-level settings that live beside projects: the phase model and expected units."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from mulighetsrom.accounts.models import Organization, Unit
from mulighetsrom.lib.forms import DSForm, DSModelForm
from mulighetsrom.projects.models import BuildingType, ExpectedUnit, Phase


class PhaseForm(DSModelForm):
    class Meta:
        model = Phase
        fields = ["number", "name", "description"]


class BasePhaseFormSet(BaseModelFormSet):
    def clean(self) -> None:
        super().clean()
        numbers = [
            f.cleaned_data["number"] for f in self.forms if f.cleaned_data and f.cleaned_data.get("number") is not None
        ]
        if len(numbers) != len(set(numbers)):
            raise forms.ValidationError(_("Two phases have the same step number. Each step needs its own number."))
        if numbers and sorted(numbers) != list(range(1, len(numbers) + 1)):
            raise forms.ValidationError(_("Number the steps 1, 2, 3 … without gaps."))


PhaseFormSet = modelformset_factory(Phase, form=PhaseForm, formset=BasePhaseFormSet, extra=1, can_delete=False)


class ExpectedUnitsForm(DSForm):
    """One checkbox group per building type: which unit kinds a team normally needs."""

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        self.organization = organization
        super().__init__(*args, **kwargs)
        current: dict[str, list[str]] = {}
        for row in ExpectedUnit.objects.filter(organization=organization):
            current.setdefault(row.building_type, []).append(row.unit_kind)
        for value, label in BuildingType.choices:
            self.fields[value] = forms.MultipleChoiceField(
                label=label,
                choices=Unit.Kind.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=current.get(value, []),
            )

    @transaction.atomic
    def save(self) -> None:
        # Replace the organization's rows as one change: a failure must not leave them empty.
        ExpectedUnit.objects.filter(organization=self.organization).delete()
        ExpectedUnit.objects.bulk_create(
            ExpectedUnit(organization=self.organization, building_type=building_type, unit_kind=kind)
            for building_type, kinds in self.cleaned_data.items()
            for kind in kinds
        )
