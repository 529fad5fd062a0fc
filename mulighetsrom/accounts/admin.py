from __future__ import annotations

from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from mulighetsrom.accounts import actions
from mulighetsrom.accounts.models import Invitation, Organization, Person, Unit, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Site administrators invite an organization's first administrator from here."""

    list_display = ["email", "organization", "org_role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["organization"]
    search_fields = ["email"]
    fields = ["organization", "email", "name", "unit", "org_role"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # an invitation is sent or revoked, never edited

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        invitation = actions.invite(
            organization=obj.organization,
            email=obj.email,
            name=obj.name,
            unit=obj.unit,
            org_role=obj.org_role,
            invited_by=request.user,
        )
        obj.pk = invitation.pk


admin.site.register(Organization)
admin.site.register(Unit)
admin.site.register(Person)


def session_has_second_factor(request: HttpRequest) -> bool:
    """Whether this session's login used a second factor (allauth MFA) or the organization's SSO."""
    records = get_authentication_records(request, request.user)
    methods = {record.get("method") for record in records}
    return bool(methods & {"mfa", "socialaccount"})


_site_has_permission = admin.site.has_permission
_site_login = admin.site.login


def has_admin_permission(request: HttpRequest) -> bool:
    if not _site_has_permission(request):
        return False
    return session_has_second_factor(request) or not getattr(settings, "ADMIN_REQUIRE_MFA", True)


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin's login page: never Django's own form, which would skip MFA and the rate limits.

    Anonymous visitors go to allauth's login (secure_admin_login), which asks for the TOTP code
    and throttles failures. A logged-in staff user without a second factor in this session is
    sent to set one up.
    """
    user = request.user
    if not user.is_authenticated:
        return secure_admin_login(_site_login)(request, extra_context)
    if not (user.is_active and user.is_staff):
        raise PermissionDenied
    if has_admin_permission(request):
        next_url = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            return redirect(next_url)
        return redirect("admin:index")
    messages.warning(
        request,
        _(
            "The administration pages require two-factor authentication. Turn it on here, "
            "then log out and log in again with your code."
        ),
    )
    return redirect("mfa_index")


admin.site.has_permission = has_admin_permission  # type: ignore[method-assign]
admin.site.login = admin_login  # type: ignore[method-assign]
