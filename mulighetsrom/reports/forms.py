from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mulighetsrom.reports.models import GeneratedDocument


class DocumentRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=GeneratedDocument.Kind.choices)
    format = forms.ChoiceField(label=_("Format"), choices=GeneratedDocument.Format.choices)
