from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mulighetsrom.accounts.models import Organization, Person
from mulighetsrom.lib.forms import DateInput, DSForm, DSModelForm, NOKField, SubmissionKeyField, set_queryset
from mulighetsrom.projects.models import GateDecision, Membership, Phase, Project

if TYPE_CHECKING:
    from django.http import QueryDict


class ProjectForm(DSModelForm):
    budget_ceiling = NOKField(label=_("Budget ceiling (NOK)"), required=False)

    class Meta:
        model = Project
        fields = [
            "name",
            "building_type",
            "purpose",
            "location",
            "budget_ceiling",
            "target_year",
            "capacity_target",
            "capacity_unit",
            "quality_ambitions",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "quality_ambitions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        self.organization = organization
        super().__init__(*args, **kwargs)
        self.fields["target_year"].widget.attrs.update({"min": "2000", "max": "2100"})

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Project.objects.filter(organization=self.organization, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("The organization already has a project with this name."))
        return name

    def clean_target_year(self) -> int | None:
        year = self.cleaned_data.get("target_year")
        if year is not None and not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Give a year between 2000 and 2100."))
        return year

    def _post_clean(self) -> None:
        self.instance.organization = self.organization
        super()._post_clean()  # type: ignore[misc]

    def validate_unique(self) -> None:
        # clean_name gives the friendly message; the database constraint backs it up.
        pass


class GateDecisionForm(DSForm):
    to_phase = forms.ModelChoiceField(queryset=Phase.objects.none(), label=_("To phase"))
    outcome = forms.ChoiceField(choices=GateDecision.Outcome.choices, label=_("Outcome"), widget=forms.RadioSelect)
    decided_on = forms.DateField(label=_("Date of decision"), widget=DateInput())
    decided_by_person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label=_("Decided by (person)")
    )
    decided_by_body = forms.CharField(
        max_length=120,
        required=False,
        label=_("Decided by (body)"),
        help_text=_("For example formannskapet, kommunestyret or the project board."),
    )
    basis = forms.CharField(
        max_length=5000,
        label=_("Basis for the decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the decision rests on: documents, assessments, conditions."),
    )
    from_phase = forms.ModelChoiceField(queryset=Phase.objects.none(), widget=forms.HiddenInput)
    submission_key = SubmissionKeyField()

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        phases = Phase.objects.filter(organization_id=project.organization_id)
        set_queryset(self, "to_phase", phases)
        set_queryset(self, "from_phase", phases)
        # The team and the organization's administrators: an organization may have thousands of
        # people, and whoever else decides is usually a body (formannskapet, kommunestyret).
        on_team = Membership.objects.on_team(project).values("person_id")
        set_queryset(
            self,
            "decided_by_person",
            Person.objects.filter(
                Q(pk__in=on_team) | Q(org_role=Person.OrgRole.ADMIN),
                organization_id=project.organization_id,
                is_active=True,
            ),
        )

    def carry_current_phase(self, phase: Phase) -> None:
        """After a stale submit, show the form again from the phase the project is in now.

        The user has been told the project moved; resubmitting then records the decision
        from the current phase instead of failing the same way again.
        """
        data = cast("QueryDict", self.data).copy()  # a mutable copy; QueryDict and dict both have copy()
        data[self.add_prefix("from_phase")] = str(phase.pk)
        self.data = data

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("decided_by_person") and not data.get("decided_by_body"):
            raise forms.ValidationError(_("Say who decided: a person, a body, or both."))
        return data


class MembershipForm(DSModelForm):
    class Meta:
        model = Membership
        fields = ["person", "role", "function"]

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organization_id=project.organization_id, is_active=True).select_related("unit")
        if self.instance.pk:
            del self.fields["person"]
        else:
            on_team = Membership.objects.on_team(project).values("person_id")
            set_queryset(self, "person", people.exclude(pk__in=on_team), label=_person_label)
            self.fields["person"].error_messages["invalid_choice"] = _(
                "That person cannot be added: they are already on the team or not in the organization."
            )


def _person_label(person: Person) -> str:
    return f"{person.name} – {person.unit}" if person.unit else person.name
