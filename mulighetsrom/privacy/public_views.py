"""A participant's own survey response, through their personal response link: see, download, withdraw, delete.

Like the answering pages (surveys/public_views.py) these pages set no cookie and need no login:
the response link is the key. The two forms that change something carry the response token
signed with SECRET_KEY instead of a CSRF token, so a page on another site cannot post them.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from mulighetsrom.privacy import actions, exports
from mulighetsrom.surveys import public_reads
from mulighetsrom.surveys.actions import sign, unsign
from mulighetsrom.surveys.models import Response, translated
from mulighetsrom.surveys.public_views import public_language, public_page, render_public


def _response(request: HttpRequest, token: str, rtoken: str) -> Response | HttpResponse:
    found = public_reads.response_by_tokens(token, rtoken)
    # The compiled read defers most columns; the pages here are rare, so read the row in full
    # (and again by id: a concurrent deletion may have removed it in between).
    response = (
        Response.objects.select_related("survey__project__organization", "group").filter(pk=found.pk).first()
        if found is not None
        else None
    )
    if response is None:
        return render_public(request, "surveys/public/unknown.html", {}, status=404)
    return response


def _context(request: HttpRequest, response: Response) -> dict[str, object]:
    survey = response.survey
    args = [survey.token, response.token]
    return {
        "title": translated(survey, "title", public_language(request)),
        "organization_name": survey.project.organization.name,
        "response_code": exports.short_code(response),
        "withdrawn": response.consent_withdrawn_at is not None,
        "submitted": response.is_submitted,
        "mine_url": reverse("privacy_public:mine", args=args),
        "json_url": reverse("privacy_public:download", args=[*args, "json"]),
        "text_url": reverse("privacy_public:download", args=[*args, "txt"]),
        "withdraw_url": reverse("privacy_public:withdraw", args=args),
        "delete_url": reverse("privacy_public:delete", args=args),
        "page_url": reverse("surveys_public:page", args=[*args, 1]),
        "sig": sign(response.token),
    }


@public_page
def mine(request: HttpRequest, token: str, rtoken: str) -> HttpResponse:
    response = _response(request, token, rtoken)
    if isinstance(response, HttpResponse):
        return response
    context = {**_context(request, response), "answers": exports.response_answers(response, public_language(request))}
    return render_public(request, "privacy/public/mine.html", context)


@public_page
def download(request: HttpRequest, token: str, rtoken: str, fmt: str) -> HttpResponse:
    response = _response(request, token, rtoken)
    if isinstance(response, HttpResponse):
        return response
    if fmt not in ("json", "txt"):
        return render_public(request, "surveys/public/unknown.html", {}, status=404)
    data = exports.response_data(response, public_language(request))
    actions.record_response_export(response=response)
    name = f"svar-{exports.short_code(response)}"
    if fmt == "json":
        result = HttpResponse(exports.as_json(data), content_type="application/json; charset=utf-8")
        result["Content-Disposition"] = f'attachment; filename="{name}.json"'
    else:
        result = HttpResponse(exports.as_text(data, str(data["survey"])), content_type="text/plain; charset=utf-8")
        result["Content-Disposition"] = f'attachment; filename="{name}.txt"'
    return result


def _confirmed(request: HttpRequest, response: Response) -> bool:
    return request.method == "POST" and unsign(request.POST.get("sig", "")) == response.token


@csrf_exempt  # no cookies on public pages: protected by the signed response token (module docstring)
@public_page
def withdraw(request: HttpRequest, token: str, rtoken: str) -> HttpResponse:
    response = _response(request, token, rtoken)
    if isinstance(response, HttpResponse):
        return response
    context = _context(request, response)
    if request.method == "POST" and not _confirmed(request, response):
        return render_public(request, "privacy/public/confirm_withdraw.html", {**context, "expired": True}, 400)
    if _confirmed(request, response):
        entry = actions.withdraw_response_consent(response=response)
        return render_public(
            request, "privacy/public/withdrawn.html", {**context, "withdrawn": True, "reference": entry.reference}
        )
    return render_public(request, "privacy/public/confirm_withdraw.html", context)


@csrf_exempt  # no cookies on public pages: protected by the signed response token (module docstring)
@public_page
def delete(request: HttpRequest, token: str, rtoken: str) -> HttpResponse:
    response = _response(request, token, rtoken)
    if isinstance(response, HttpResponse):
        return response
    context = _context(request, response)
    if request.method == "POST" and not _confirmed(request, response):
        return render_public(request, "privacy/public/confirm_delete.html", {**context, "expired": True}, 400)
    if _confirmed(request, response):
        entry = actions.erase_responses(responses=[response], project=response.survey.project)
        context = {"title": context["title"], "organization_name": context["organization_name"]}
        return render_public(request, "privacy/public/deleted.html", {**context, "reference": entry.reference})
    return render_public(request, "privacy/public/confirm_delete.html", context)
