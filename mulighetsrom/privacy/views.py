"""Staff pages for data-subject requests: survey responses, observations about a person, own account,
erasing a staff member, and the audit list.

Project pages go through `projects.access`; responses and observations need an editor on the team
or an administrator of the municipality (outsiders get 404, viewers 403). Organization pages need an
organization administrator (accounts.access).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mulighetsrom.accounts.access import get_organization_for_admin
from mulighetsrom.accounts.models import Person
from mulighetsrom.insight.models import Observation
from mulighetsrom.insight.search import search_observations
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.lib.pagination import paginate
from mulighetsrom.privacy import actions, exports
from mulighetsrom.privacy.models import AuditEntry
from mulighetsrom.projects.access import ProjectAccess, get_project_for_user
from mulighetsrom.surveys.models import Response, Survey

PAGE_SIZE = 50
MAX_SELECTED = 500
MIN_CODE_DIGITS = 6


def get_privacy_access(user: Any, slug: str) -> ProjectAccess:
    """The project, for an editor on its team or an administrator of its municipality."""
    access = get_project_for_user(user, slug)
    if not (access.can_edit or access.is_org_admin):
        raise PermissionDenied
    return access


def _ctx(access: ProjectAccess, **extra: Any) -> dict[str, Any]:
    return {"project": access.project, "access": access, **extra}


def _download(content: str, name: str, fmt: str) -> HttpResponse:
    content_type = "application/json" if fmt == "json" else "text/plain"
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# Survey responses ---------------------------------------------------------------------------


def response_lookup(query: str) -> Q | None:
    """A filter for a response code ("ab12-cd34", at least 6 hex digits) or a pasted response link/token."""
    query = query.strip()
    if match := re.search(r"/r/([A-Za-z0-9_-]{16,})/", query):
        return Q(token=match.group(1))
    digits = re.sub(r"[\s-]", "", query).lower()
    if re.fullmatch(r"[0-9a-f]{6,32}", digits) and len(digits) >= MIN_CODE_DIGITS:
        # A UUID's text form in the database differs (hyphens on PostgreSQL, none on SQLite): compare ranges.
        low = uuid.UUID(digits.ljust(32, "0"))
        high = uuid.UUID(digits.ljust(32, "f"))
        return Q(code__gte=low, code__lte=high)
    if re.fullmatch(r"[A-Za-z0-9_-]{16,40}", query):
        return Q(token=query)
    return None


@login_required
def response_search(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_privacy_access(request.user, slug)
    surveys = list(Survey.objects.filter(project=access.project))
    survey = next((s for s in surveys if str(s.code) == request.GET.get("survey")), None)
    query = request.GET.get("q", "").strip()
    responses: QuerySet[Response] = Response.objects.filter(survey__project=access.project).select_related(
        "survey", "group"
    )
    error = ""
    if query:
        condition = response_lookup(query)
        if condition is None:
            error = _("Enter the response code the participant gave you (for example ab12-cd34), or their link.")
            responses = responses.none()
        else:
            responses = responses.filter(condition)
    elif survey is None:
        responses = responses.none()
    if survey is not None:
        responses = responses.filter(survey=survey)
    page = paginate(request, responses.order_by("-started_at", "-id"), PAGE_SIZE)
    for r in page:
        r.short_code = exports.short_code(r)
    context = _ctx(access, page=page, responses=page, surveys=surveys, survey=survey, query=query, error=error)
    return render(request, "privacy/response_search.html", context, status=400 if error else 200)


def _response(access: ProjectAccess, code: uuid.UUID) -> Response:
    return get_object_or_404(
        Response.objects.select_related("survey__project__organization", "group"),
        survey__project=access.project,
        code=code,
    )


@login_required
def response_detail(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    access = get_privacy_access(request.user, slug)
    response = _response(access, code)
    fmt = request.GET.get("format")
    if fmt in ("json", "txt"):
        data = exports.response_data(response)
        actions.record_response_export(response=response, acting_user=request.user)
        text = exports.as_json(data) if fmt == "json" else exports.as_text(data, str(data["survey"]))
        return _download(text, f"svar-{exports.short_code(response)}", fmt)
    context = _ctx(
        access,
        response=response,
        short_code=exports.short_code(response),
        answers=exports.response_answers(response),
        linked=actions.answer_observations(response).count(),
    )
    return render(request, "privacy/response_detail.html", context)


@login_required
def response_delete(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    access = get_privacy_access(request.user, slug)
    response = _response(access, code)
    if request.method == "POST":
        entry = actions.erase_responses(responses=[response], project=access.project, acting_user=request.user)
        messages.success(request, _("The response was deleted (reference %(ref)s).") % {"ref": entry.reference})
        return redirect(f"{reverse('privacy:responses', args=[slug])}?survey={response.survey.code}")
    context = _ctx(
        access,
        response=response,
        short_code=exports.short_code(response),
        linked=actions.answer_observations(response).count(),
    )
    return render(request, "privacy/response_confirm_delete.html", context)


@login_required
def response_withdraw(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    access = get_privacy_access(request.user, slug)
    response = _response(access, code)
    if request.method == "POST":
        entry = actions.withdraw_response_consent(response=response, acting_user=request.user)
        messages.success(
            request, _("Consent was recorded as withdrawn (reference %(ref)s).") % {"ref": entry.reference}
        )
        return redirect("privacy:response", slug, response.code)
    context = _ctx(access, response=response, short_code=exports.short_code(response))
    return render(request, "privacy/response_confirm_withdraw.html", context)


# Observations about a named person ----------------------------------------------------------


@login_required
def observation_search(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_privacy_access(request.user, slug)
    query = request.GET.get("q", "").strip()
    results: list[Observation] = []
    if query:
        # Withdrawn observations too: they are still stored until erased.
        qs = Observation.objects.filter(project=access.project).select_related("activity", "speaker_group")
        results = list(search_observations(qs, query)[: MAX_SELECTED + 1])
    context = _ctx(access, query=query, results=results[:MAX_SELECTED], truncated=len(results) > MAX_SELECTED)
    return render(request, "privacy/observation_search.html", context)


def _selected(request: AuthenticatedHttpRequest, access: ProjectAccess) -> list[Observation]:
    codes = []
    for value in request.POST.getlist("code")[:MAX_SELECTED]:
        try:
            codes.append(uuid.UUID(value))
        except ValueError:
            continue
    return list(
        Observation.objects.filter(project=access.project, code__in=codes)
        .select_related("activity", "speaker_group")
        .order_by("created_at", "id")
    )


@login_required
@require_POST
def observation_act(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Export, withdraw consent for or erase the selected observations (the last two after a confirmation)."""
    access = get_privacy_access(request.user, slug)
    selected = _selected(request, access)
    action = request.POST.get("action", "")
    query = request.POST.get("q", "")
    if not selected:
        messages.error(request, _("Select at least one observation."))
        return redirect(f"{reverse('privacy:observations', args=[slug])}?{urlencode({'q': query})}")
    if action in ("json", "txt"):
        data = exports.observations_data(selected)
        actions.record_observation_export(count=len(selected), project=access.project, acting_user=request.user)
        text = exports.as_json(data) if action == "json" else exports.as_text(data, str(_("Observations")))
        return _download(text, f"observasjoner-{access.project.slug}", action)
    if action not in ("withdraw", "erase"):
        raise Http404
    if request.POST.get("confirm") != "1":
        context = _ctx(access, selected=selected, action=action, query=query)
        return render(request, "privacy/observation_confirm.html", context)
    if action == "erase":
        entry = actions.erase_observations(observations=selected, project=access.project, acting_user=request.user)
        message = ngettext(
            "%(count)d observation was erased (reference %(ref)s).",
            "%(count)d observations were erased (reference %(ref)s).",
            entry.count,
        )
    else:
        entry = actions.withdraw_observation_consent(
            observations=selected, project=access.project, acting_user=request.user
        )
        message = ngettext(
            "Consent was withdrawn for %(count)d observation (reference %(ref)s).",
            "Consent was withdrawn for %(count)d observations (reference %(ref)s).",
            entry.count,
        )
    messages.success(request, message % {"count": entry.count, "ref": entry.reference})
    return redirect("privacy:observations", slug)


# Staff accounts -----------------------------------------------------------------------------


@login_required
def my_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    fmt = request.GET.get("format")
    if fmt in ("json", "txt"):
        data = exports.account_data(request.user)
        actions.record_account_export(user=request.user)
        text = exports.as_json(data) if fmt == "json" else exports.as_text(data, str(_("My data in Mulighetsrom")))
        return _download(text, "mine-data", fmt)
    return render(request, "privacy/my_data.html", {})


@login_required
def person_erase(request: AuthenticatedHttpRequest, code: uuid.UUID) -> HttpResponse:
    organization, admin = get_organization_for_admin(request.user)
    person = get_object_or_404(Person, organization=organization, code=code)
    if person.pk == admin.pk:
        raise PermissionDenied
    if request.method == "POST":
        entry = actions.erase_person(person=person, acting_user=request.user)
        messages.success(request, _("The person's data was erased (reference %(ref)s).") % {"ref": entry.reference})
        return redirect("accounts:people")
    return render(request, "privacy/person_confirm_erase.html", {"person": person, "organization": organization})


@login_required
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization, _admin = get_organization_for_admin(request.user)
    entries = AuditEntry.objects.filter(organization=organization).select_related("actor", "project")
    page = paginate(request, entries, PAGE_SIZE)
    return render(request, "privacy/audit_list.html", {"organization": organization, "entries": page, "page": page})
