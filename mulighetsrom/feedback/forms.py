"""Forms for the staff feedback pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mulighetsrom.feedback import actions
from mulighetsrom.feedback.models import PublishedItem, PublishedQuote
from mulighetsrom.lib.forms import DSForm
from mulighetsrom.stakeholders.models import StakeholderGroup


class QuoteForm(DSForm):
    """Approve an anonymised quote. The guard runs again here, so the editor sees the refusal next to the text."""

    text = forms.CharField(
        label=_("Quote"),
        max_length=PublishedQuote.TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Phone numbers, e-mail addresses and national identity numbers have been removed. Remove names, "
            "addresses and details that could point to one person, and shorten the text if you can."
        ),
    )
    item = forms.TypedChoiceField(label=_("Illustrates"), required=False, coerce=int, empty_value=None)
    group = forms.ModelChoiceField(
        label=_("Attribution"),
        queryset=StakeholderGroup.objects.none(),
        required=False,
        empty_label=_("No attribution"),
        help_text=_("Only a stakeholder group, never a name."),
    )
    confirmed = forms.BooleanField(
        label=_("I have checked that this quote cannot identify anyone"),
        error_messages={"required": _("Confirm that you have checked that the quote cannot identify anyone.")},
    )

    def __init__(self, *args: Any, targets: list[tuple[PublishedItem, str]], groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item, _name in targets}
        item_field: forms.TypedChoiceField = self.fields["item"]  # type: ignore[assignment]
        item_field.choices = [("", _("Nothing in particular")), *((item.pk, name[:120]) for item, name in targets)]
        group_field: forms.ModelChoiceField = self.fields["group"]  # type: ignore[assignment]
        group_field.queryset = groups

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        if kinds := actions.identifiers_in(text):
            raise forms.ValidationError(actions.identifier_message(kinds))
        return text

    def clean_item(self) -> PublishedItem | None:
        pk = self.cleaned_data.get("item")
        return self.items.get(pk) if pk is not None else None
