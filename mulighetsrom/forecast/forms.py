from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from mulighetsrom.forecast import cohort_model, texts
from mulighetsrom.forecast.actions import MAX_UPLOAD_BYTES
from mulighetsrom.forecast.models import ForecastRun, PopulationDataset
from mulighetsrom.forecast.runs import CUSTOM, RunChoices
from mulighetsrom.lib.forms import DSForm, set_queryset

PERCENT: dict[str, Any] = {
    "min_value": Decimal("-50"),
    "max_value": Decimal("50"),
    "max_digits": 6,
    "decimal_places": 2,
}


def parse_rates(text: str) -> dict[str, float]:
    """'0-66: 0,1; 67-79: 1,2; 80+: 12' (users per 100 inhabitants) → {band label: users per inhabitant}."""
    rates: dict[str, float] = {}
    for part in re.split(r"[;\n]+", text):
        if not part.strip():
            continue
        if ":" not in part:
            raise ValidationError(_("Write each rate as band: value, for example 80-89: 7,5."))
        band_text, value_text = part.split(":", 1)
        try:
            band = cohort_model.parse_band(band_text)
        except cohort_model.ModelError as exc:
            raise ValidationError(texts.error_message(exc)) from exc
        try:
            value = float(value_text.strip().replace(",", ".").replace("%", ""))
        except ValueError as exc:
            raise ValidationError(_("“%(value)s” is not a number.") % {"value": value_text.strip()}) from exc
        if value < 0 or value > 100:
            raise ValidationError(_("A rate must be between 0 and 100 users per 100 inhabitants."))
        rates[band.label] = value / 100
    try:
        cohort_model.parse_bands(list(rates))
    except cohort_model.ModelError as exc:
        raise ValidationError(texts.error_message(exc)) from exc
    return rates


class RunForm(DSForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    dataset = forms.ModelChoiceField(label=_("Population projection"), queryset=PopulationDataset.objects.none())
    service = forms.ChoiceField(label=_("Service"), choices=list(texts.SERVICES.items()))
    service_label = forms.CharField(
        label=_("Name of the other service"),
        max_length=100,
        required=False,
        help_text=_("Only for “Other service”."),
    )
    base_year = forms.IntegerField(
        label=_("Base year"),
        min_value=2007,
        max_value=2100,
        initial=2025,
        help_text=_("Use rates and today's capacity are taken from this year in the panel (2007–2025)."),
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[
            ("rates", _("Use rates by age band × projected population")),
            ("coverage", _("Coverage ratio × inhabitants aged 80+")),
        ],
        initial="rates",
        widget=forms.RadioSelect,
    )
    rates = forms.CharField(
        label=_("Use rates entered by hand (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Users per 100 inhabitants by age band, for example: 0-66: 0,1; 67-79: 1,4; 80-89: 8; 90+: 30. "
            "Leave empty to use the panel's base-year rates (bands 0–66, 67–79, 80+)."
        ),
    )
    coverage = forms.DecimalField(
        label=_("Coverage ratio (optional)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=6,
        decimal_places=2,
        help_text=_("Users per 100 inhabitants aged 80+. Leave empty to use the base year's."),
    )
    capacity = forms.IntegerField(
        label=_("Current capacity (optional)"),
        required=False,
        min_value=0,
        help_text=_("Places or users the municipality has today. Leave empty to use the base year's users."),
    )
    yearly_rate_change = forms.DecimalField(
        label=_("Yearly change in use rates (per cent)"),
        initial=Decimal(0),
        **PERCENT,
        help_text=_("For example -1 for one per cent fewer users per inhabitant each year (more care at home)."),
    )
    target_coverage = forms.DecimalField(
        label=_("Target coverage (optional)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=6,
        decimal_places=2,
        help_text=_("Coverage method only: users per 100 inhabitants aged 80+ to reach by the target year."),
    )
    target_year = forms.IntegerField(label=_("Target year (optional)"), required=False, min_value=2000, max_value=2100)
    pyramid_year = forms.IntegerField(
        label=_("Year for the population pyramid"), required=False, min_value=2000, max_value=2100, initial=2040
    )
    dependency_old = forms.CharField(label=_("Old-age band for the dependency ratio"), max_length=10, initial="67+")
    dependency_working = forms.CharField(
        label=_("Working-age band for the dependency ratio"), max_length=10, initial="20-66"
    )

    def __init__(self, *args: Any, datasets: QuerySet[PopulationDataset], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        projections = datasets.filter(kind=PopulationDataset.Kind.PROJECTION)
        set_queryset(self, "dataset", projections, label=_dataset_label)

    def clean_rates(self) -> dict[str, float] | None:
        text = self.cleaned_data.get("rates", "")
        return parse_rates(text) if text.strip() else None

    def _clean_band(self, name: str) -> str:
        try:
            return cohort_model.parse_band(self.cleaned_data[name]).label
        except cohort_model.ModelError as exc:
            raise ValidationError(texts.error_message(exc)) from exc

    def clean_dependency_old(self) -> str:
        return self._clean_band("dependency_old")

    def clean_dependency_working(self) -> str:
        return self._clean_band("dependency_working")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("service") == CUSTOM:
            if not data.get("service_label"):
                self.add_error("service_label", _("Name the service."))
            if data.get("method") == "rates" and not data.get("rates"):
                self.add_error("rates", _("Enter use rates for a service that is not in the panel."))
            if data.get("method") == "coverage" and data.get("coverage") is None:
                self.add_error("coverage", _("Enter a coverage ratio for a service that is not in the panel."))
        return data

    def choices(self) -> RunChoices:
        d = self.cleaned_data

        def fraction(value: Decimal | None) -> float | None:
            return None if value is None else float(value) / 100

        return RunChoices(
            service=d["service"],
            municipality=d["dataset"].municipality,
            base_year=d["base_year"],
            method=d["method"],
            service_label=d.get("service_label", ""),
            manual_rates=d.get("rates"),
            manual_coverage=fraction(d.get("coverage")),
            capacity=None if d.get("capacity") is None else float(d["capacity"]),
            yearly_rate_change=float(d["yearly_rate_change"]) / 100,
            target_coverage=fraction(d.get("target_coverage")),
            target_year=d.get("target_year"),
            pyramid_year=d.get("pyramid_year"),
            dependency_old=d["dependency_old"],
            dependency_working=d["dependency_working"],
        )


def _dataset_label(dataset: PopulationDataset) -> str:
    source = dataset.get_source_display()
    return f"{dataset.table_id} – {dataset.region_label or dataset.municipality} ({source})"


class UploadForm(DSForm):
    file = forms.FileField(
        label=_("JSON-stat 2.0 file"),
        help_text=_("A saved response from SSB for table 14746 (projections) or 07459 (registered population)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(texts.message_for("too_large"))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(texts.message_for("not_json")) from exc


class FetchForm(DSForm):
    kind = forms.ChoiceField(
        label=_("Table"),
        choices=[
            ("projection", _("Population projections (table 14746), three alternatives")),
            ("registered", _("Registered population (table 07459)")),
        ],
        widget=forms.RadioSelect,
        initial="projection",
    )
    municipality = forms.RegexField(
        label=_("Municipality number"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": _("A municipality number has four digits.")},
        help_text=_("Older numbers are translated to today's, for example 0219 → 3201 (Bærum)."),
    )


class CompareForm(DSForm):
    other = forms.ModelChoiceField(label=_("Compare with"), queryset=ForecastRun.objects.none(), to_field_name="code")

    def __init__(self, *args: Any, run: ForecastRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(
            self,
            "other",
            (ForecastRun.objects.filter(project=run.project).exclude(pk=run.pk).only("code", "name", "created_at")),
        )
