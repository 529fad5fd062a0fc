"""Form helpers: Designsystemet markup, accessible errors, Norwegian number input."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

_M = TypeVar("_M", bound=models.Model)


class FormRenderer(TemplatesSetting):
    """Renders every form with templates/forms/*.html (Designsystemet markup)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class DSFormMixin:
    """Adds Designsystemet classes to widgets and links each field to its error message."""

    fields: dict[str, forms.Field]
    errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")
            if isinstance(field, forms.CharField) and field.max_length:
                field.widget.attrs.setdefault("maxlength", str(field.max_length))

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                described = widget.attrs.get("aria-describedby", "")
                error_id = f"{self[name].auto_id}_error"  # type: ignore[index]
                if error_id not in described:
                    widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()


class DSForm(DSFormMixin, forms.Form):
    pass


class DSModelForm(DSFormMixin, forms.ModelForm):
    pass


class NOKField(forms.DecimalField):
    """A whole-kroner amount that accepts Norwegian formatting: "120 000 000", "1.500.000", "kr 5 000"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 0)
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = re.sub(r"(?i)\s|kr\.?|nok|\u00a0|\u202f", "", value)
            value = (
                value.replace(".", "") if value.count(".") > 1 or re.fullmatch(r"\d{1,3}(\.\d{3})+", value) else value
            )
            value = value.replace(",-", "").replace(",", ".")
        return super().to_python(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class SubmissionKeyField(forms.UUIDField):
    """A hidden per-form token that makes a double submit record one object."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


def new_submission_key() -> uuid.UUID:
    return uuid.uuid4()


def set_queryset(
    form: forms.BaseForm,
    name: str,
    queryset: QuerySet[_M],
    *,
    label: Callable[[_M], str] | None = None,
) -> None:
    """Limit the model choice field `name` to `queryset`, and optionally say how each choice reads.

    A form's fields are typed as plain `Field`; this is the one place that checks the field
    really is a ModelChoiceField (or ModelMultipleChoiceField) before setting its queryset.
    """
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a ModelChoiceField")
    field.queryset = queryset
    if label is not None:
        # Django documents replacing this method per instance; the stubs only know the method.
        field.label_from_instance = label  # type: ignore[method-assign, assignment]


def set_choices(form: forms.BaseForm, name: str, choices: Iterable[tuple[Any, Any]]) -> None:
    """Replace the choices of the choice field `name` (checked to be a ChoiceField)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a ChoiceField")
    field.choices = list(choices)


TEXT_TOO_LONG = _("The text is too long: at most %(limit_value)d characters (it has %(show_value)d).")
