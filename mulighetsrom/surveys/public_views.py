"""Public survey pages: no login, no cookies, no JavaScript needed.

The pages set no cookie at all, so Django's CSRF cookie cannot be used. Each form instead
carries a value signed with SECRET_KEY (a fresh key on the start form, the response's token on
the page forms), which a cross-site page cannot forge for a response it does not know. That is
why these views are csrf_exempt. Language (?lang=nb|nn|en) and large text (?size=lg) travel in
the URL, never in a cookie; the state of a half-finished survey lives in its Response row.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mulighetsrom.surveys import actions, public_reads, rendering
from mulighetsrom.surveys.forms import AnswerForm
from mulighetsrom.surveys.models import PUBLIC_LANGUAGES, Answer, Response, Survey, translated

HONEYPOT = "website"

View = Callable[..., HttpResponse]


def public_language(request: HttpRequest) -> str:
    lang = request.GET.get("lang") or request.POST.get("lang") or ""
    if lang in PUBLIC_LANGUAGES:
        return lang
    code = getattr(request, "LANGUAGE_CODE", "nb")
    return code if code in PUBLIC_LANGUAGES else "nb"


def is_large(request: HttpRequest) -> bool:
    return "lg" in (request.GET.get("size"), request.POST.get("size"))


def keep_params(request: HttpRequest, **extra: str) -> str:
    """The query string that carries language and text size to the next page."""
    params = {"lang": public_language(request)}
    if is_large(request):
        params["size"] = "lg"
    params.update(extra)
    return urlencode(params)


def public_page(view: View) -> View:
    """Activate the public language for the request and keep the page out of shared caches."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(public_language(request)):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        response["Cache-Control"] = "no-store"
        return response

    return wrapper


def render_public(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    status: int = 200,
    fills: Mapping[str, str] | None = None,
) -> HttpResponse:
    """Render a public page. The templates get the request only when no `fills` are given.

    With `fills` (the respondent's own values, which the context holds as `rendering.hole(name)`)
    a page whose other context values are all plain is rendered once per process and then only
    filled in (see rendering.render_page); the page's address is a hole too.
    """
    lang = public_language(request)
    large = is_large(request)
    path = rendering.hole("path")
    switch = [
        (code, name, f"{path}?{urlencode({'lang': code, **({'size': 'lg'} if large else {})})}")
        for code, name in (("nb", "Bokmål"), ("nn", "Nynorsk"), ("en", "English"))
    ]
    size_params = {"lang": lang} if large else {"lang": lang, "size": "lg"}
    context.update(
        public_lang=lang,
        large_text=large,
        keep=keep_params(request),
        language_links=switch,
        size_link=f"{path}?{urlencode(size_params)}",
    )
    if fills is None:
        context["request"] = request
    # Without a RequestContext, so the staff context processors (user, messages, notifications) do
    # not run: the public templates read only this context.
    html = rendering.render_page(template, context, {"path": request.path, **(fills or {})})
    return HttpResponse(html, status=status)


def redirect_public(request: HttpRequest, url: str, **extra: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(f"{url}?{keep_params(request, **extra)}")
    response.status_code = 303  # see other: the browser GETs the next page, a reload does not repost
    return response


def _survey_or_page(request: HttpRequest, token: str) -> Survey | HttpResponse:
    survey = public_reads.survey_by_token(token)
    if survey is None:
        return render_public(request, "surveys/public/unknown.html", {}, status=404)
    return survey


def _survey_context(survey: Survey, lang: str, *, texts: bool = False) -> dict[str, Any]:
    """The survey's title and municipality; with `texts` also what the intro page shows.

    Plain values only, so the pages built on it can be kept by rendering.render_page.
    """
    context: dict[str, Any] = {
        "title": translated(survey, "title", lang),
        "organization_name": survey.project.organization.name,
    }
    if texts:
        context["intro"] = translated(survey, "intro", lang)
        context["privacy_notice"] = translated(survey, "privacy_notice", lang)
        context["question_count"] = sum(len(page) for page in actions.cached_pages(survey))
    return context


@public_page
def survey_intro(request: HttpRequest, token: str) -> HttpResponse:
    survey = _survey_or_page(request, token)
    if isinstance(survey, HttpResponse):
        return survey
    context = _survey_context(survey, public_language(request), texts=True)
    if not survey.is_open():
        return render_public(request, "surveys/public/closed.html", {**context, "survey": survey})
    context.update(key=rendering.hole("key"), start_url=reverse("surveys_public:start", args=[survey.token]))
    return render_public(request, "surveys/public/intro.html", context, fills={"key": actions.sign(uuid.uuid4().hex)})


@csrf_exempt  # public form without cookies: protected by the signed key instead (see module docstring)
@require_POST
@public_page
def survey_start(request: HttpRequest, token: str) -> HttpResponse:
    survey = _survey_or_page(request, token)
    if isinstance(survey, HttpResponse):
        return survey
    lang = public_language(request)
    context = {**_survey_context(survey, lang, texts=True), "survey": survey}
    if not survey.is_open():
        return render_public(request, "surveys/public/closed.html", context)
    key = actions.unsign(request.POST.get("key", ""))
    if key is None:
        context["key"] = actions.sign(uuid.uuid4().hex)
        context["start_url"] = reverse("surveys_public:start", args=[survey.token])
        context["error"] = _("The page was too old. Please press “Start” again.")
        return render_public(request, "surveys/public/intro.html", context, status=400)
    if request.POST.get(HONEYPOT):
        return render_public(request, "surveys/public/blocked.html", context, status=400)
    # A double click or retry of "Start" finds its response again, without spending a rate-limit token.
    rtoken = public_reads.response_token_for_key(uuid.UUID(key))
    if rtoken is None:
        if not actions.check_rate_limits(survey=survey, ip=request.META.get("REMOTE_ADDR", "")):
            return render_public(request, "surveys/public/too_many.html", context, status=429)
        response, _created = actions.start_response(
            survey=survey, submission_key=uuid.UUID(key), language=lang, looked_up=True
        )
        rtoken = response.token
    return redirect_public(request, reverse("surveys_public:page", args=[survey.token, rtoken, 1]))


def _response_or_page(
    request: HttpRequest, token: str, rtoken: str
) -> tuple[Response, dict[int, Answer]] | HttpResponse:
    """The response with its survey, and on a GET its saved answers (the form shows them), in one query."""
    if request.method == "GET":
        found = public_reads.response_and_answers(token, rtoken)
    else:
        response = public_reads.response_by_tokens(token, rtoken)
        found = (response, {}) if response is not None else None
    if found is None:
        return render_public(request, "surveys/public/unknown.html", {}, status=404)
    response = found[0]
    survey = response.survey
    # Staff may finish assisted and paper entries after the survey has closed.
    if response.channel == Response.Channel.WEB and not response.is_submitted and not survey.is_open():
        context = {**_survey_context(survey, public_language(request)), "survey": survey}
        return render_public(request, "surveys/public/closed.html", context)
    return found


@csrf_exempt  # public form without cookies: protected by the signed response token (see module docstring)
@public_page
def response_page(request: HttpRequest, token: str, rtoken: str, number: int) -> HttpResponse:
    found = _response_or_page(request, token, rtoken)
    if isinstance(found, HttpResponse):
        return found
    response, saved = found
    survey = response.survey
    if response.is_submitted:
        return redirect_public(request, reverse("surveys_public:done", args=[token, rtoken]))
    # Every respondent reads the same questions: kept per process until the survey's structure changes.
    survey_pages = actions.cached_pages(survey)
    if not 1 <= number <= len(survey_pages):
        return redirect_public(request, reverse("surveys_public:page", args=[token, rtoken, 1]))
    questions = survey_pages[number - 1]
    lang = public_language(request)
    page_url = reverse("surveys_public:page", args=[token, rtoken, number])
    if request.method == "POST":
        if actions.unsign(request.POST.get("sig", "")) != response.token:
            return render_public(request, "surveys/public/expired.html", {"page_url": page_url}, status=400)
        form = AnswerForm(request.POST, questions=questions, language=lang)
        valid = form.is_valid()
        # Keep every valid answer even when others fail, so nothing entered is lost.
        actions.save_answers(response=response, questions=questions, cleaned=form.cleaned_data)
        action = request.POST.get("action", "next")
        if action == "save":
            return render_public(
                request, "surveys/public/saved.html", {**_survey_context(survey, lang), "page_url": page_url}
            )
        if action == "back":
            target = max(1, number - 1)
            return redirect_public(request, reverse("surveys_public:page", args=[token, rtoken, target]))
        if valid and number < len(survey_pages):
            return redirect_public(request, reverse("surveys_public:page", args=[token, rtoken, number + 1]))
        if valid:
            missing = actions.submit_response(response=response, survey_pages=survey_pages)
            if missing is None:
                return redirect_public(request, reverse("surveys_public:done", args=[token, rtoken]))
            return redirect_public(request, reverse("surveys_public:page", args=[token, rtoken, missing]), missing="1")
        status = 400
    else:
        form = AnswerForm(initial=AnswerForm.initial_from(questions, saved), questions=questions, language=lang)
        status = 200
    section = questions[0].section if questions else None
    context = {
        **_survey_context(survey, lang),
        "fields": rendering.hole("fields"),
        "number": number,
        "total": len(survey_pages),
        "is_last": number == len(survey_pages),
        "sig": rendering.hole("sig"),
        "page_url": rendering.hole("pageurl"),
        "missing": request.GET.get("missing") == "1",
        "section_title": translated(section, "title", lang) if section else "",
    }
    if form.errors:
        context["form"] = form  # the error summary links to each field with an error
    fills = {"fields": rendering.render_fields(form), "sig": actions.sign(response.token), "pageurl": page_url}
    return render_public(request, "surveys/public/page.html", context, status=status, fills=fills)


@public_page
def response_done(request: HttpRequest, token: str, rtoken: str) -> HttpResponse:
    response = public_reads.response_by_tokens(token, rtoken)
    if response is None or not response.is_submitted:
        return render_public(request, "surveys/public/unknown.html", {}, status=404)
    context = {**_survey_context(response.survey, public_language(request)), "mine_url": rendering.hole("mine")}
    # The respondent's own page (privacy app): see, download, withdraw or delete the answers.
    mine = reverse("privacy_public:mine", args=[token, rtoken])
    return render_public(request, "surveys/public/done.html", context, fills={"mine": mine})
