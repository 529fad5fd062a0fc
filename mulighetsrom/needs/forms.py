from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mulighetsrom.accounts.models import Unit
from mulighetsrom.lib.forms import DSForm, DSModelForm, set_choices, set_queryset
from mulighetsrom.needs.models import Adjacency, Need, NeedReference, Requirement, RoomType
from mulighetsrom.needs.spreadsheets import MAX_UPLOAD_BYTES
from mulighetsrom.projects.models import GateDecision, Membership, Project
from mulighetsrom.stakeholders.models import StakeholderGroup


class CommaDecimalField(forms.DecimalField):
    """A decimal that also accepts the Norwegian decimal comma ("25,5")."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)


def comma_decimals(db_field: Any, **kwargs: Any) -> Any:
    if db_field.get_internal_type() == "DecimalField":
        return db_field.formfield(form_class=CommaDecimalField, **kwargs)
    return db_field.formfield(**kwargs)


class VersionedForm(DSModelForm):
    """A model form for a versioned record (see versioning.py): it carries the version it was
    opened with, asks for a reason for the change, and requires one when the record is agreed."""

    # Shown instead of the usual help when the record as saved needs a reason to change.
    reason_required_help: Any = ""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=100,
        required=False,
        help_text=_("Kept in the change history."),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        self.project = project
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["change_reason"]
            return
        self.fields["version"].initial = self.instance.version
        # The record as saved (before this form changes it) decides whether a reason is required.
        if self.instance.change_needs_reason():
            self.fields["change_reason"].required = True
            self.fields["change_reason"].help_text = self.reason_required_help

    def _post_clean(self) -> None:
        self.instance.project = self.project
        super()._post_clean()  # type: ignore[misc]

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version") if self.instance.pk else None

    def changed_data_against(self, current: Any) -> list[str]:
        """The form fields whose submitted value differs from `current` (the row as saved now)."""
        names = []
        for name in self._meta.fields or ():
            if name not in self.cleaned_data:
                continue
            mine, field = self.cleaned_data[name], current._meta.get_field(name)
            if field.many_to_many:
                theirs: Any = set(getattr(current, name).values_list("pk", flat=True))
                mine = {obj.pk for obj in mine}
            else:
                theirs = getattr(current, field.attname)
                mine = getattr(mine, "pk", mine)
                if mine in (None, "") and theirs in (None, ""):
                    continue
            if mine != theirs:
                names.append(name)
        return names

    def refresh_version(self, version: int) -> None:
        """After a conflict: let the next submit overwrite the version the user has now seen."""
        data = self.data.copy()  # type: ignore[attr-defined]
        data[self.add_prefix("version")] = str(version)
        self.data = data


class NeedForm(VersionedForm):
    class Meta:
        model = Need
        fields = [
            "statement",
            "description",
            "beneficiaries",
            "priority",
            "horizon",
            "status",
            "rejection_reason",
            "strategy",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "strategy": forms.Textarea(attrs={"rows": 2}),
            "rejection_reason": forms.Textarea(attrs={"rows": 2}),
            "beneficiaries": forms.CheckboxSelectMultiple,
            "priority": forms.RadioSelect,
            "horizon": forms.RadioSelect,
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, project=project, **kwargs)
        set_queryset(self, "beneficiaries", StakeholderGroup.objects.filter(project=project))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Need.Status.REJECTED and not (data.get("rejection_reason") or "").strip():
            self.add_error("rejection_reason", _("Give a reason when a need is rejected."))
        return data


class NeedReferenceForm(DSModelForm):
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = NeedReference
        fields = ["kind", "text", "url"]


class RequirementForm(VersionedForm):
    class Meta:
        model = Requirement
        formfield_callback = comma_decimals
        fields = [
            "text",
            "category",
            "metric",
            "operator",
            "target_value",
            "unit",
            "verification_method",
            "owner_member",
            "owner_unit",
            "status",
            "status_reason",
            "necessity",
            "necessity_reference",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "status_reason": forms.Textarea(attrs={"rows": 2})}

    reason_required_help = _(
        "This requirement is agreed: say why it changes. The reason is kept in the change history."
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, project=project, **kwargs)
        members = Membership.objects.on_team(project).select_related("person")
        set_queryset(self, "owner_member", members, label=lambda m: m.person.name)
        set_queryset(self, "owner_unit", Unit.objects.filter(organization_id=project.organization_id))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Requirement.Status.WAIVED and not (data.get("status_reason") or "").strip():
            self.add_error("status_reason", _("Give a reason when a requirement is waived."))
        if data.get("necessity") and not (data.get("necessity_reference") or "").strip():
            self.add_error(
                "necessity_reference", _("Give the regulation or technical source the requirement rests on.")
            )
        criterion = [data.get("metric"), data.get("operator"), data.get("target_value")]
        if any(v not in (None, "") for v in criterion) and not all(v not in (None, "") for v in criterion):
            self.add_error("target_value", _("A measurable criterion needs a metric, an operator and a target value."))
        return data


class LinkNeedForm(DSForm):
    need = forms.ModelChoiceField(label=_("Need"), queryset=Need.objects.none())
    rationale = forms.CharField(label=_("Rationale"), max_length=300, required=False)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "need", Need.objects.filter(project=project).order_by("ref"))


class RoomTypeForm(VersionedForm):
    class Meta:
        model = RoomType
        formfield_callback = comma_decimals
        fields = ["ref", "name", "function_group", "zone", "count", "net_area", "area_term", "requirements", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2}), "requirements": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, project=project, **kwargs)
        set_queryset(self, "requirements", Requirement.objects.filter(project=project).order_by("ref"))
        self.fields["count"].widget.attrs["min"] = "1"

    def clean_ref(self) -> str:
        ref = self.cleaned_data["ref"].strip()
        clash = RoomType.objects.filter(project=self.project, ref__iexact=ref)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another room type in this project has this code."))
        return ref

    def clean_count(self) -> int:
        count = self.cleaned_data["count"]
        if count < 1:
            raise forms.ValidationError(_("The count must be at least 1."))
        return int(count)

    def validate_unique(self) -> None:
        pass


class AdjacencyForm(DSModelForm):
    class Meta:
        model = Adjacency
        fields = ["kind", "other", "note"]

    def __init__(self, *args: Any, room: RoomType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "other", RoomType.objects.filter(project_id=room.project_id).exclude(pk=room.pk))


class GrossFactorForm(DSForm):
    gross_factor = CommaDecimalField(
        label=_("Gross factor (påslagsfaktor)"),
        min_value=1,
        max_value=3,
        max_digits=4,
        decimal_places=2,
        help_text=_("Gross area (BTA) = net programme area × this factor. Typical for a health building: 1.4–1.6."),
    )


class ProgrammeImportForm(DSForm):
    file = forms.FileField(label=_("Room programme (.xlsx)"), help_text=_("At most 2 MB, in the documented template."))

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large: at most 2 MB."))
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel workbook (.xlsx)."))
        return f


class MatrixFilterForm(DSForm):
    priority = forms.ChoiceField(label=_("Priority"), required=False)
    status = forms.ChoiceField(label=_("Need status"), required=False)
    category = forms.ChoiceField(label=_("Requirement category"), required=False)
    group = forms.TypedChoiceField(label=_("Stakeholder group"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_ = [("", _("All"))]
        set_choices(self, "priority", any_ + list(Need.Priority.choices))
        set_choices(self, "status", any_ + list(Need.Status.choices))
        set_choices(self, "category", any_ + list(Requirement.Category.choices))
        groups = StakeholderGroup.objects.filter(project=project).values_list("id", "name")
        set_choices(self, "group", any_ + list(groups))


class BaselineForm(DSForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    gate_decision = forms.ModelChoiceField(
        label=_("Gate decision (optional)"), queryset=GateDecision.objects.none(), required=False
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(
            self, "gate_decision", GateDecision.objects.filter(project=project).select_related("from_phase", "to_phase")
        )
