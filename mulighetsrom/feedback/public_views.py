"""The project's public page: what the project is, how to take part, what we heard and what we did.

Like the survey pages these set no cookies; the subscribe form is csrf_exempt for the same reason
(see mulighetsrom/surveys/public_views.py) and carries a signed value instead of a CSRF token.
Subscriptions are double opt-in with one-click unsubscribe (see feedback/subscriptions.py).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mulighetsrom.feedback import actions, subscriptions
from mulighetsrom.feedback.models import Publication, PublishedItem
from mulighetsrom.lib.forms import DSForm
from mulighetsrom.stakeholders.engagement import upcoming_engagements
from mulighetsrom.surveys.actions import sign, unsign
from mulighetsrom.surveys.models import Survey
from mulighetsrom.surveys.public_views import HONEYPOT, public_language, public_page, render_public


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
    signed = unsign(request.POST.get("sig", "")) == publication.public_slug and not request.POST.get(HONEYPOT)
    if not signed or not form.is_valid():
        context = {**project_context(publication), "form": form, "sig": sign(publication.public_slug)}
        return render_public(request, "feedback/public_project.html", context, status=400)
    # Buckets of its own: sign-ups never use up the survey-start allowance of an address.
    if not subscriptions.check_subscribe_rate_limits(
        project=publication.project, ip=request.META.get("REMOTE_ADDR", "")
    ):
        return render_public(request, "feedback/too_many.html", {"public_slug": public_slug}, status=429)
    subscriptions.subscribe(
        project=publication.project, email=form.cleaned_data["email"], language=public_language(request)
    )
    return render_public(request, "feedback/subscribed.html", {"publication": publication})


@csrf_exempt  # reached from a link in an e-mail; the unguessable token is the authorisation
@public_page
def confirm(request: HttpRequest, public_slug: str, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that follow links must not confirm for the reader."""
    subscriber = subscriptions.subscriber_for_link(public_slug=public_slug, token=token)
    if subscriber is None:
        context = {"public_slug": public_slug, "invalid": True}
        return render_public(request, "feedback/confirm.html", context, status=404)
    if request.method == "POST":
        subscriptions.confirm(subscriber=subscriber)
    context = {
        "public_slug": public_slug,
        "project": subscriber.project,
        "confirmed": request.method == "POST" or subscriber.is_confirmed,
    }
    return render_public(request, "feedback/confirm.html", context)


@csrf_exempt  # one-click unsubscribe (RFC 8058) POSTs without cookies; the unguessable token is the authorisation
@public_page
def unsubscribe(request: HttpRequest, public_slug: str, token: str) -> HttpResponse:
    done = False
    if request.method == "POST":
        done = subscriptions.unsubscribe(token=token)
    return render_public(request, "feedback/unsubscribe.html", {"done": done, "posted": request.method == "POST"})
