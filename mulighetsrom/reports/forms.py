from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mulighetsrom.reports.models import GeneratedDocument


class DocumentRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=GeneratedDocument.project_kinds)
    format = forms.ChoiceField(label=_("Format"), choices=GeneratedDocument.Format.choices)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        kind, format = cleaned.get("kind"), cleaned.get("format")
        if kind and format and format not in GeneratedDocument.formats_for(str(kind)):
            raise forms.ValidationError(_("This document is not made in that format."))
        return cleaned
