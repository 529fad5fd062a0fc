from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from mulighetsrom.accounts import invitations, throttle
from mulighetsrom.accounts.actions import accept_invitation, link_persons_to_user


def _login_of(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Closed by default; an invitation opens it for the invited address only (SignupForm).
        if settings.ACCOUNT_ALLOW_SIGNUP:
            return True
        return invitations.pending_invitation(request) is not None

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            invitation = invitations.pending_invitation(request)
            if invitation is not None and invitation.email.lower() == user.email.lower():
                # allauth records the address as verified right after this (stash_verified_email).
                accept_invitation(invitation=invitation, user=user, verify_email=False)
                invitations.forget(request)
            elif self.is_email_verified(request, user.email):
                # An organization admin may have registered this person already: link them. An
                # unverified address is linked only once it is confirmed (confirm_email below).
                link_persons_to_user(user)
        return user

    def confirm_email(self, request: HttpRequest, email_address: Any) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed and email_address.primary and email_address.email.lower() == email_address.user.email.lower():
            link_persons_to_user(email_address.user)
        return bool(confirmed)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # allauth's own limit per client address first, then the growing delay per account.
        super().pre_authenticate(request, **credentials)
        attempt = throttle.begin_attempt(_login_of(credentials))
        if not attempt.allowed:
            raise forms.ValidationError(
                _("Too many failed login attempts for this account. Wait %(seconds)s s and try again.")
                % {"seconds": attempt.retry_after},
                code="too_many_login_attempts",
            )

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        if user is not None:
            throttle.attempt_succeeded(_login_of(credentials))
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Sign-up through the organization's identity provider (OIDC), which vouches for the address."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return bool(getattr(settings, "SOCIALACCOUNT_ALLOW_SIGNUP", True))

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> Any:
        user = super().save_user(request, sociallogin, form=form)
        # Link to the person record only for an address the provider vouches for: some identity
        # providers let users set their own e-mail claim (settings: OIDC_VERIFIED_EMAIL_DOMAINS).
        if EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
            link_persons_to_user(user)
        return user
