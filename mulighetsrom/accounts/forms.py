from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth_forms
from allauth.core import context
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mulighetsrom.accounts import invitations
from mulighetsrom.accounts.models import Invitation, Organization, Person, Unit
from mulighetsrom.lib.forms import DSFormMixin, DSModelForm, set_queryset


class _OrgScopedForm(DSModelForm):
    """A model form for an object that belongs to one organization and has a unique name there."""

    duplicate_message = _("The name is already in use.")

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        self.organization = organization
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = self._meta.model.objects.filter(organization=self.organization, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(self.duplicate_message)
        return name

    def _post_clean(self) -> None:
        self.instance.organization = self.organization
        super()._post_clean()  # type: ignore[misc]

    def validate_unique(self) -> None:
        pass


class UnitForm(_OrgScopedForm):
    duplicate_message = _("The organization already has a unit with this name.")

    class Meta:
        model = Unit
        fields = ["name", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class PersonForm(_OrgScopedForm):
    class Meta:
        model = Person
        fields = ["name", "email", "unit", "title", "org_role", "is_active"]
        help_texts = {
            "email": _("If the person signs up or logs in with this address, they are linked to this record."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "unit", Unit.objects.filter(organization=self.organization))

    def clean_name(self) -> str:
        # Two people may share a name; only units must be unique.
        return self.cleaned_data["name"].strip()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if not email:
            return email
        clash = Person.objects.filter(organization=self.organization, email__iexact=email)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another person in the organization has this e-mail address."))
        return email


class OrganizationForm(DSModelForm):
    """A site administrator registers a municipality; its first administrator gets an invitation."""

    admin_email = forms.EmailField(label=_("E-mail address of the first administrator"))
    admin_name = forms.CharField(label=_("Name of the first administrator"), max_length=120, required=False)

    class Meta:
        model = Organization
        fields = ["name", "kommunenummer"]
        labels = {"name": _("Name of the municipality")}
        error_messages = {
            "name": {"unique": _("An organization with this name already exists.")},
            "kommunenummer": {"unique": _("An organization with this municipality number already exists.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kommunenummer"].widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9]{4}"})

    def clean_name(self) -> str:
        # The database constraint is case-sensitive; "TESTVIK KOMMUNE" is still the same municipality.
        name = self.cleaned_data["name"].strip()
        clash = Organization.objects.filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(self._meta.error_messages["name"]["unique"])  # type: ignore[index]
        return name


class InvitationForm(DSModelForm):
    """An organization administrator invites someone by e-mail."""

    class Meta:
        model = Invitation
        fields = ["email", "name", "unit", "org_role"]
        help_texts = {"name": _("Optional. Used for the person record if the organization has none yet.")}

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        self.organization = organization
        super().__init__(*args, **kwargs)
        set_queryset(self, "unit", Unit.objects.filter(organization=organization))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        member = (
            Person.objects.filter(
                organization=self.organization, email__iexact=email, user__isnull=False, is_active=True
            ).exists()
            or Person.objects.filter(organization=self.organization, user__email__iexact=email, is_active=True).exists()
        )
        if member:
            raise forms.ValidationError(_("Someone with this address already has access to the organization."))
        return email


# django-allauth's forms with Designsystemet markup (settings.ACCOUNT_FORMS).
class LoginForm(DSFormMixin, allauth_forms.LoginForm):
    pass


class SignupForm(DSFormMixin, allauth_forms.SignupForm):
    def clean_email(self) -> str:
        email = super().clean_email()
        if settings.ACCOUNT_ALLOW_SIGNUP:
            return email
        # Sign-up is open only because of an invitation: only for the invited address.
        invitation = invitations.pending_invitation(context.request)
        if invitation is None:
            raise forms.ValidationError(_("The invitation is no longer valid. Ask your administrator for a new one."))
        if invitation.email.lower() != str(email).lower():
            raise forms.ValidationError(
                _("Sign up with the address the invitation was sent to: %(email)s.") % {"email": invitation.email}
            )
        return email


class ChangePasswordForm(DSFormMixin, allauth_forms.ChangePasswordForm):
    pass


class ResetPasswordForm(DSFormMixin, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(DSFormMixin, allauth_forms.ResetPasswordKeyForm):
    pass


class AddEmailForm(DSFormMixin, allauth_forms.AddEmailForm):
    pass
