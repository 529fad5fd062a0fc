from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mulighetsrom.accounts import actions
from mulighetsrom.accounts.access import get_organization_for_admin, get_organization_for_member
from mulighetsrom.accounts.forms import PersonForm, UnitForm
from mulighetsrom.accounts.models import Person, Unit
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
        unit.n_people = counts.get(unit.pk, 0)  # type: ignore[attr-defined]
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
