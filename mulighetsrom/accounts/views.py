from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mulighetsrom.accounts import actions, invitations
from mulighetsrom.accounts.access import get_organization_for_admin, get_organization_for_member
from mulighetsrom.accounts.forms import InvitationForm, PersonForm, UnitForm
from mulighetsrom.accounts.models import Invitation, Person, Unit, User
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.lib.pagination import paginate

LIST_PAGE_SIZE = 50


@login_required
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization, person = get_organization_for_member(request.user)
    page = paginate(request, organization.units.order_by("name", "pk"), LIST_PAGE_SIZE)
    # Count people for the page's units only: annotating the whole list first would aggregate
    # over every unit of the organization on every page view.
    counts = dict(
        Person.objects.filter(unit__in=list(page), is_active=True)
        .values_list("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    for unit in page:
        unit.n_people = counts.get(unit.pk, 0)
    context = {"organization": organization, "units": page, "page": page, "is_admin": person.is_org_admin}
    return render(request, "accounts/unit_list.html", context)


@login_required
def unit_form(request: AuthenticatedHttpRequest, code: str | None = None) -> HttpResponse:
    organization, _admin = get_organization_for_admin(request.user)
    unit = get_object_or_404(Unit, organization=organization, code=code) if code else None
    form = UnitForm(request.POST or None, instance=unit, organization=organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The unit was saved."))
        return redirect("accounts:units")
    return render(request, "accounts/unit_form.html", {"form": form, "unit": unit, "organization": organization})


@login_required
def person_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization, person = get_organization_for_member(request.user)
    people = organization.people.select_related("unit", "user").order_by("-is_active", "name", "pk")
    page = paginate(request, people, LIST_PAGE_SIZE)
    context = {"organization": organization, "people": page, "page": page, "is_admin": person.is_org_admin}
    return render(request, "accounts/person_list.html", context)


@login_required
def person_form(request: AuthenticatedHttpRequest, code: str | None = None) -> HttpResponse:
    organization, admin = get_organization_for_admin(request.user)
    person = get_object_or_404(Person, organization=organization, code=code) if code else None
    form = PersonForm(request.POST or None, instance=person, organization=organization)
    if request.method == "POST" and form.is_valid():
        if person is not None and person.pk == admin.pk and not form.cleaned_data["is_active"]:
            form.add_error("is_active", _("You cannot deactivate yourself."))
        elif person is not None and actions.would_remove_last_admin(person, form.cleaned_data):
            form.add_error("org_role", _("The organization must keep at least one active administrator."))
        else:
            actions.save_person(person=form.instance)
            messages.success(request, _("The person was saved."))
            return redirect("accounts:people")
    return render(request, "accounts/person_form.html", {"form": form, "person": person, "organization": organization})


@login_required
def invitation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Invite someone by e-mail, and see and revoke the invitations still pending."""
    organization, _admin = get_organization_for_admin(request.user)
    form = InvitationForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        invitation = actions.invite(
            organization=organization,
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            unit=form.cleaned_data["unit"],
            org_role=form.cleaned_data["org_role"],
            invited_by=request.user,
        )
        messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
        return redirect("accounts:invitations")
    pending = Invitation.objects.pending().filter(organization=organization).select_related("unit", "invited_by")
    page = paginate(request, pending.order_by("-created_at", "pk"), LIST_PAGE_SIZE)
    context = {"organization": organization, "form": form, "invitations": page, "page": page}
    return render(request, "accounts/invitation_list.html", context)


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    organization, _admin = get_organization_for_admin(request.user)
    invitation = get_object_or_404(Invitation, organization=organization, code=code)
    actions.revoke_invitation(invitation=invitation)
    messages.success(request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email})
    return redirect("accounts:invitations")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation e-mail: sign up (or log in) as the invited address and join."""
    invitation = actions.find_invitation(token)
    if invitation is None or not invitation.is_pending:
        return render(request, "accounts/invitation_invalid.html", {"invitation": invitation}, status=404)
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            context = {"invitation": invitation}
            return render(request, "accounts/invitation_wrong_user.html", context, status=403)
        actions.accept_invitation(invitation=invitation, user=user)
        messages.success(request, _("You now have access to %(org)s.") % {"org": invitation.organization.name})
        return redirect("dashboard:portfolio")
    if User.objects.filter(email__iexact=invitation.email).exists():
        # An existing account accepts after logging in; the login page brings them back here.
        messages.info(request, _("Log in with %(email)s to accept the invitation.") % {"email": invitation.email})
        return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
    invitations.remember(request, invitation)
    # allauth marks the address verified when the account is created from this session.
    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect(f"{reverse('account_signup')}?{urlencode({'email': invitation.email})}")
