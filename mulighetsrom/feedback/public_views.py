"""The project's public page: what the project is, how to take part, what we heard and what we did.

Like the survey pages these set no cookies; the subscribe form is csrf_exempt for the same reason
(see mulighetsrom/surveys/public_views.py) and carries a signed value instead of a CSRF token.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mulighetsrom.feedback import actions
from mulighetsrom.feedback.models import Publication, PublishedItem
from mulighetsrom.lib.forms import DSForm
from mulighetsrom.stakeholders.engagement import upcoming_engagements
from mulighetsrom.surveys.actions import check_rate_limits, sign, unsign
from mulighetsrom.surveys.models import Survey
from mulighetsrom.surveys.public_views import HONEYPOT, public_page, render_public


class SubscribeForm(DSForm):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)


def project_context(publication: Publication) -> dict[str, Any]:
    project = publication.project
    open_surveys = [s for s in Survey.objects.filter(project=project) if s.is_open()]
    content = actions.public_content(publication)
    K = PublishedItem.Kind
    return {
        "publication": publication,
        "project": project,
        "open_surveys": open_surveys,
        "upcoming": upcoming_engagements(project.pk, timezone.localdate()),
        "quotes": actions.public_quotes(publication, content),
        "themes": content.get(K.THEME, []),
        "insights": content.get(K.INSIGHT, []),
        "needs": content.get(K.NEED, []),
        "requirements": content.get(K.REQUIREMENT, []),
        "decisions": content.get(K.DECISION, []),
    }


def _publication(public_slug: str) -> Publication | None:
    return (
        Publication.objects.select_related("project__organization", "project__current_phase")
        .filter(public_slug=public_slug, published_at__isnull=False)
        .first()
    )


@public_page
def project_page(request: HttpRequest, public_slug: str) -> HttpResponse:
    publication = _publication(public_slug)
    if publication is None:
        return render_public(request, "surveys/public/unknown.html", {}, status=404)
    context = {**project_context(publication), "form": SubscribeForm(), "sig": sign(publication.public_slug)}
    return render_public(request, "feedback/public_project.html", context)


@csrf_exempt  # no cookies on public pages: the signed `sig` field stands in for the CSRF token
@require_POST
@public_page
def subscribe(request: HttpRequest, public_slug: str) -> HttpResponse:
    publication = _publication(public_slug)
    if publication is None:
        return render_public(request, "surveys/public/unknown.html", {}, status=404)
    form = SubscribeForm(request.POST)
    context = {**project_context(publication), "form": form, "sig": sign(publication.public_slug)}
    if unsign(request.POST.get("sig", "")) != publication.public_slug or request.POST.get(HONEYPOT):
        return render_public(request, "feedback/public_project.html", context, status=400)
    if not form.is_valid():
        return render_public(request, "feedback/public_project.html", context, status=400)
    if not check_rate_limits(survey=Survey(pk=0), ip=request.META.get("REMOTE_ADDR", "")):
        return render_public(request, "surveys/public/too_many.html", {}, status=429)
    actions.subscribe(project=publication.project, email=form.cleaned_data["email"])
    return render_public(request, "feedback/subscribed.html", {"publication": publication})


@csrf_exempt  # reached from a link in an e-mail; the unguessable token is the authorisation
@public_page
def unsubscribe(request: HttpRequest, public_slug: str, token: str) -> HttpResponse:
    done = False
    if request.method == "POST":
        done = actions.unsubscribe(token=token)
    return render_public(request, "feedback/unsubscribe.html", {"done": done, "posted": request.method == "POST"})
