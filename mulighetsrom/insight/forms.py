from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mulighetsrom.insight.actions import parse_tags
from mulighetsrom.insight.capture import split_notes
from mulighetsrom.insight.models import TEXT_LIMIT, Activity, Insight, Observation, Theme
from mulighetsrom.lib.forms import DateInput, DSForm, DSModelForm, SubmissionKeyField, set_choices, set_queryset
from mulighetsrom.projects.models import Membership, Phase, Project
from mulighetsrom.stakeholders.models import StakeholderGroup

MAX_NOTES = 500


def _groups(project: Project) -> QuerySet[StakeholderGroup]:
    return StakeholderGroup.objects.filter(project=project)


def observation_label(o: Observation) -> str:
    text = o.text if len(o.text) <= 140 else o.text[:139] + "…"
    return f"{text} ({o.speaker_group})" if o.speaker_group_id else text


class ActivityForm(DSModelForm):
    groups = forms.ModelMultipleChoiceField(
        queryset=StakeholderGroup.objects.none(),
        required=False,
        label=_("Stakeholder groups reached"),
        widget=forms.CheckboxSelectMultiple,
    )
    held = forms.BooleanField(
        required=False,
        label=_("The activity has been held"),
        help_text=_("Marks the engagement plan as held for the groups reached in this phase."),
    )

    class Meta:
        model = Activity
        fields = ["type", "title", "date", "phase", "facilitators", "method_notes"]
        widgets = {
            "date": DateInput(),
            "facilitators": forms.CheckboxSelectMultiple,
            "method_notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.instance.project = project
        set_queryset(self, "phase", Phase.objects.filter(organization_id=project.organization_id))
        if not self.instance.pk:
            self.initial.setdefault("phase", project.current_phase_id)
        set_queryset(
            self,
            "facilitators",
            Membership.objects.on_team(project).select_related("person"),
            label=lambda m: m.person.name,
        )
        self.group_list = list(_groups(project))
        set_queryset(self, "groups", _groups(project))
        counts: dict[int, int | None] = {}
        if self.instance.pk:
            reached = list(self.instance.reached.all())
            counts = {r.group_id: r.participants for r in reached}
            self.initial.setdefault("groups", list(counts))
            self.initial.setdefault("held", self.instance.is_held)
        for group in self.group_list:
            name = f"participants_{group.pk}"
            self.fields[name] = forms.IntegerField(
                required=False,
                min_value=0,
                max_value=100000,
                label=_("Participants from %(group)s") % {"group": group.name},
                widget=forms.NumberInput(attrs={"class": "ds-input", "inputmode": "numeric"}),
            )
            if group.pk in counts:
                self.initial.setdefault(name, counts[group.pk])

    def participant_fields(self) -> list[tuple[StakeholderGroup, forms.BoundField]]:
        return [(g, self[f"participants_{g.pk}"]) for g in self.group_list]

    def reached(self) -> dict[StakeholderGroup, int | None]:
        return {g: self.cleaned_data.get(f"participants_{g.pk}") for g in self.cleaned_data["groups"]}


class AttachmentForm(DSForm):
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word, Excel or image, at most 10 MB."))


class CaptureForm(DSForm):
    notes = forms.CharField(
        label=_("Notes"),
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One observation per line, or per bullet (“- ”, “• ”, “* ”, “1. ”)."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Observation.Kind.choices, initial=Observation.Kind.QUOTE)
    activity = forms.ModelChoiceField(queryset=Activity.objects.none(), required=False, label=_("Source activity"))
    speaker_group = forms.ModelChoiceField(
        queryset=StakeholderGroup.objects.none(), required=False, label=_("Speaker's group")
    )
    on_behalf_of = forms.ModelChoiceField(
        queryset=StakeholderGroup.objects.none(),
        required=False,
        label=_("On behalf of (proxy for)"),
        help_text=_(
            "Fill in when the speakers report another group's view, e.g. relatives for residents with dementia."
        ),
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=Observation.LegalBasis.choices, initial=Observation.LegalBasis.ANONYMOUS
    )
    sensitivity = forms.ChoiceField(
        label=_("Sensitivity"), choices=Observation.Sensitivity.choices, initial=Observation.Sensitivity.ORDINARY
    )
    tags = forms.CharField(label=_("Tags"), max_length=400, required=False, help_text=_("Separate tags with commas."))
    submission_key = SubmissionKeyField()

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "activity", Activity.objects.filter(project=project))
        set_queryset(self, "speaker_group", _groups(project))
        set_queryset(self, "on_behalf_of", _groups(project))

    def clean_notes(self) -> list[str]:
        notes = split_notes(self.cleaned_data["notes"])
        if not notes:
            raise forms.ValidationError(_("Write at least one note."))
        if len(notes) > MAX_NOTES:
            raise forms.ValidationError(
                _("At most %(limit)d notes can be captured at once (there are %(count)d).")
                % {"limit": MAX_NOTES, "count": len(notes)}
            )
        too_long = [str(i) for i, n in enumerate(notes, 1) if len(n) > TEXT_LIMIT]
        if too_long:
            raise forms.ValidationError(
                _("Notes can be at most %(limit)d characters long. Shorten note %(numbers)s.")
                % {"limit": TEXT_LIMIT, "numbers": ", ".join(too_long)}
            )
        return notes

    def clean_tags(self) -> list[str]:
        return parse_tags(self.cleaned_data.get("tags", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("on_behalf_of") and data.get("on_behalf_of") == data.get("speaker_group"):
            self.add_error("on_behalf_of", _("A group cannot be its own proxy: leave “on behalf of” empty."))
        return data


class ObservationForm(DSModelForm):
    tag_list = forms.CharField(
        label=_("Tags"), max_length=400, required=False, help_text=_("Separate tags with commas.")
    )

    class Meta:
        model = Observation
        fields = ["text", "kind", "activity", "speaker_group", "on_behalf_of", "legal_basis", "sensitivity", "theme"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.project = project
        set_queryset(self, "activity", Activity.objects.filter(project=project))
        set_queryset(self, "speaker_group", _groups(project))
        set_queryset(self, "on_behalf_of", _groups(project))
        set_queryset(self, "theme", Theme.objects.filter(project=project))
        if self.instance.pk:
            self.initial.setdefault("tag_list", ", ".join(t.name for t in self.instance.tags.all()))

    def clean_tag_list(self) -> list[str]:
        return parse_tags(self.cleaned_data.get("tag_list", ""))


class ThemeForm(DSForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MergeThemeForm(DSForm):
    target = forms.ModelChoiceField(queryset=Theme.objects.none(), label=_("Merge into"))

    def __init__(self, *args: Any, theme: Theme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "target", Theme.objects.filter(project_id=theme.project_id).exclude(pk=theme.pk))


class SplitThemeForm(DSForm):
    name = forms.CharField(label=_("Name of the new theme"), max_length=120)
    observations = forms.ModelMultipleChoiceField(
        queryset=Observation.objects.none(), label=_("Observations to move"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, observations: QuerySet[Observation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "observations", observations, label=observation_label)


class MoveObservationsForm(DSForm):
    """Bulk assignment: the checkboxes live in the observation list; the theme select beside them."""

    observations = forms.ModelMultipleChoiceField(queryset=Observation.objects.none(), label=_("Observations"))
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(), required=False, label=_("Move to theme"), empty_label=_("No theme")
    )

    def __init__(self, *args: Any, observations: QuerySet[Observation], project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "observations", observations)
        self.fields["observations"].error_messages["required"] = _("Choose at least one observation.")
        set_queryset(self, "theme", Theme.objects.filter(project=project))


class AcceptSuggestionForm(DSForm):
    name = forms.CharField(label=_("Theme name"), max_length=120)


class InsightForm(DSModelForm):
    class Meta:
        model = Insight
        fields = ["statement", "description", "themes", "evidence", "status", "rejection_reason"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
            "evidence": forms.CheckboxSelectMultiple,
            "rejection_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, project: Project, visible: QuerySet[Observation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.project = project
        set_queryset(self, "themes", Theme.objects.filter(project=project))
        set_queryset(self, "evidence", visible.select_related("speaker_group"), label=observation_label)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Insight.Status.REJECTED and not data.get("rejection_reason", "").strip():
            self.add_error("rejection_reason", _("Say why the insight was rejected."))
        return data


class FilterForm(forms.Form):
    """Search and filters over observations (GET)."""

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    group = forms.ModelChoiceField(queryset=StakeholderGroup.objects.none(), required=False, label=_("Group"))
    activity = forms.ModelChoiceField(queryset=Activity.objects.none(), required=False, label=_("Activity"))
    kind = forms.ChoiceField(choices=[("", "–"), *Observation.Kind.choices], required=False, label=_("Kind"))
    tag = forms.CharField(max_length=40, required=False, label=_("Tag"))
    theme = forms.ChoiceField(choices=[], required=False, label=_("Theme"))
    sensitivity = forms.ChoiceField(
        choices=[("", "–"), *Observation.Sensitivity.choices], required=False, label=_("Sensitivity")
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")
        set_queryset(self, "group", _groups(project))
        set_queryset(self, "activity", Activity.objects.filter(project=project))
        themes = [(str(t.code), t.name) for t in Theme.objects.filter(project=project)]
        set_choices(self, "theme", [("", "–"), ("none", _("No theme")), *themes])


class ImportUploadForm(DSForm):
    file = forms.FileField(label=_("File"), help_text=_("CSV (semicolon or comma) or Excel (.xlsx), at most 5 MB."))


class ImportMappingForm(DSForm):
    """Which column holds what, and the values shared by every imported row."""

    TARGET_LABELS = {
        "text": _("Text"),
        "kind": _("Kind"),
        "speaker_group": _("Speaker's group"),
        "on_behalf_of": _("On behalf of"),
        "tags": _("Tags"),
    }

    activity = forms.ModelChoiceField(queryset=Activity.objects.none(), required=False, label=_("Source activity"))
    default_kind = forms.ChoiceField(
        label=_("Kind when the column is empty"), choices=Observation.Kind.choices, initial=Observation.Kind.ANSWER
    )
    default_group = forms.ModelChoiceField(
        queryset=StakeholderGroup.objects.none(), required=False, label=_("Speaker's group when the column is empty")
    )
    legal_basis = forms.ChoiceField(
        label=_("Legal basis"), choices=Observation.LegalBasis.choices, initial=Observation.LegalBasis.ANONYMOUS
    )
    sensitivity = forms.ChoiceField(
        label=_("Sensitivity"), choices=Observation.Sensitivity.choices, initial=Observation.Sensitivity.ORDINARY
    )

    def __init__(self, *args: Any, project: Project, header: list[str], mapping: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        columns = [("", _("(not in the file)")), *[(str(i), name) for i, name in enumerate(header)]]
        for target, label in self.TARGET_LABELS.items():
            self.fields[f"col_{target}"] = forms.ChoiceField(
                label=_("Column for %(field)s") % {"field": label},
                choices=columns,
                required=target == "text",
                initial=str(mapping[target]) if target in mapping else "",
                widget=forms.Select(attrs={"class": "ds-input"}),
            )
        set_queryset(self, "activity", Activity.objects.filter(project=project))
        set_queryset(self, "default_group", _groups(project))
        self.order_fields([f"col_{t}" for t in self.TARGET_LABELS])

    def mapping(self) -> dict[str, int | None]:
        return {
            t: int(self.cleaned_data[f"col_{t}"]) if self.cleaned_data.get(f"col_{t}") else None
            for t in self.TARGET_LABELS
        }

    def defaults(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "activity": data["activity"].pk if data.get("activity") else None,
            "kind": data["default_kind"],
            "speaker_group": data["default_group"].pk if data.get("default_group") else None,
            "legal_basis": data["legal_basis"],
            "sensitivity": data["sensitivity"],
        }
