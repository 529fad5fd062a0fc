"""Staff pages for feedback: choose what to publish, preview, publish; send survey answers to insight."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mulighetsrom.feedback import actions
from mulighetsrom.feedback.forms import QuoteForm
from mulighetsrom.feedback.models import Publication, PublishedItem, PublishedQuote
from mulighetsrom.feedback.public_views import project_context
from mulighetsrom.insight.models import Observation
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.lib.pagination import paginate
from mulighetsrom.lib.pii import possible_names
from mulighetsrom.projects.access import get_project_for_user
from mulighetsrom.projects.models import Role
from mulighetsrom.surveys.models import Question, Survey


@login_required
def feedback_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    publication = actions.get_publication(access.project)
    if request.method == "POST":
        access = get_project_for_user(request.user, slug, need=Role.EDITOR)
        chosen = {
            tuple(key[5:].split("_", 1)): request.POST.get(f"text_{key[5:]}", "").strip()
            for key in request.POST
            if key.startswith("pick_")
        }
        actions.save_feedback_choice(
            project=access.project,
            intro=request.POST.get("intro", "").strip()[:3000],
            chosen=chosen,  # type: ignore[arg-type]
            acting_user=request.user,
        )
        messages.success(request, _("The selection was saved. Preview the page before you publish."))
        return redirect("feedback:edit", slug)
    context = {
        "project": access.project,
        "access": access,
        "publication": publication,
        "candidates": actions.candidates(access.project),
        "quotable_kinds": PublishedItem.QUOTABLE_KINDS,
        "quotes": _approved_quotes(publication, actions.quote_targets(publication)),
    }
    return render(request, "feedback/feedback_edit.html", context)


@login_required
def feedback_preview(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    publication = actions.get_publication(access.project)
    context = {"project": access.project, "preview": True, **project_context(publication)}
    return render(request, "feedback/preview.html", context)


@login_required
@require_POST
def feedback_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    if "unpublish" in request.POST:
        actions.unpublish_feedback(project=access.project, acting_user=request.user)
        messages.success(request, _("The public page is hidden."))
    else:
        actions.publish_feedback(project=access.project, acting_user=request.user)
        messages.success(request, _("The feedback is published."))
    return redirect("feedback:edit", slug)


@login_required
@require_POST
def send_to_insight(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    survey = get_object_or_404(Survey, project=access.project, code=code)
    count = actions.send_answers_to_insight(survey=survey, acting_user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d new observation in the insight bank.", "%(count)d new observations in the insight bank.", count
        )
        % {"count": count},
    )
    return redirect("surveys:results", slug, survey.code)


@login_required
@require_POST
def question_from_needs(
    request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID, question: uuid.UUID
) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    target = get_object_or_404(Question, survey__project=access.project, survey__code=code, code=question)
    count = actions.fill_choices_from_needs(question=target, acting_user=request.user)
    messages.success(
        request,
        ngettext("%(count)d candidate need is now the choice.", "%(count)d candidate needs are now the choices.", count)
        % {"count": count},
    )
    return redirect("surveys:detail", slug, code)


# Quotes ------------------------------------------------------------------------------------


Target = tuple[PublishedItem, str]


def _approved_quotes(publication: Publication, targets: list[Target]) -> list[tuple[PublishedQuote, str]]:
    """The approved quotes with the name of what each illustrates, in one query."""
    names = {item.pk: name for item, name in targets}
    quotes = PublishedQuote.objects.filter(publication=publication).select_related(
        "observation", "group", "approved_by", "item"
    )
    return [(quote, names.get(quote.item_id or 0, "")) for quote in quotes]


def _target(targets: list[Target], value: str) -> Target | None:
    """The published theme or insight named "<kind>_<code>" in the query string, with its name."""
    return next((t for t in targets if value == f"{t[0].kind}_{t[0].object_code}"), None)


def _candidates(publication: Publication, target: PublishedItem | None, q: str) -> QuerySet[Observation]:
    """The observations an editor may quote, optionally those supporting `target` or containing `q`."""
    qs = actions.quotable_observations(publication.project).select_related("speaker_group", "activity", "theme")
    if target is not None and target.is_theme:
        qs = qs.filter(theme__code=target.object_code)
    elif target is not None:
        qs = qs.filter(insights__code=target.object_code)
    if q:
        qs = qs.filter(text__icontains=q)
    quoted = PublishedQuote.objects.filter(publication=publication, observation=OuterRef("pk"))
    return qs.annotate(quoted=Exists(quoted)).distinct()


@login_required
def quote_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    publication = actions.get_publication(access.project)
    targets = actions.quote_targets(publication)
    chosen = _target(targets, request.GET.get("item", ""))
    q = request.GET.get("q", "").strip()[:100]
    page = paginate(request, _candidates(publication, chosen[0] if chosen else None, q), 20)
    params = {k: v for k, v in {"q": q, "item": request.GET.get("item", "") if chosen else ""}.items() if v}
    context = {
        "project": access.project,
        "access": access,
        "publication": publication,
        "targets": targets,
        "chosen": chosen,
        "q": q,
        "page": page,
        # Staff see each observation as the quote form would start it: identifiers already redacted.
        "rows": [(o, actions.suggested_quote(o)) for o in page],
        "params": urlencode(params),
        "item_param": params.get("item", ""),
        "quotes": _approved_quotes(publication, targets),
    }
    return render(request, "feedback/quote_list.html", context)


@login_required
def quote_edit(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    observation = get_object_or_404(
        Observation.objects.usable().select_related("speaker_group", "activity"), project=access.project, code=code
    )
    if observation.is_sensitive:
        messages.error(request, _("This observation is marked sensitive and cannot be quoted."))
        return redirect("feedback:quotes", slug)
    publication = actions.get_publication(access.project)
    quote = PublishedQuote.objects.filter(publication=publication, observation=observation).first()
    targets = actions.quote_targets(publication)
    groups = access.project.stakeholder_groups.all()
    if request.method == "POST":
        form = QuoteForm(request.POST, targets=targets, groups=groups)
        if form.is_valid():
            try:
                actions.approve_quote(
                    observation=observation,
                    text=form.cleaned_data["text"],
                    group=form.cleaned_data["group"],
                    item=form.cleaned_data["item"],
                    confirmed=form.cleaned_data["confirmed"],
                    acting_user=request.user,
                )
            except actions.QuoteRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request, _("The quote is approved. It shows on the public page when the feedback is published.")
                )
                return redirect("feedback:quotes", slug)
    else:
        form = QuoteForm(
            initial=_quote_initial(observation, quote, _target(targets, request.GET.get("item", ""))),
            targets=targets,
            groups=groups,
        )
    text = form.data.get("text", "") if form.is_bound else form.initial.get("text", "")
    context = {
        "project": access.project,
        "access": access,
        "observation": observation,
        "quote": quote,
        "form": form,
        "possible_names": possible_names(str(text)),
    }
    return render(request, "feedback/quote_form.html", context)


def _quote_initial(observation: Observation, quote: PublishedQuote | None, target: Target | None) -> dict[str, Any]:
    """Start from the approved quote, or else from the guarded observation text and its speaker's group."""
    if quote is not None:
        return {"text": quote.text, "group": quote.group_id, "item": quote.item_id}
    return {
        "text": actions.suggested_quote(observation),
        "group": observation.speaker_group_id,
        "item": target[0].pk if target else None,
    }


@login_required
@require_POST
def quote_withdraw(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    quote = get_object_or_404(
        PublishedQuote.objects.select_related("publication__project"), publication__project=access.project, code=code
    )
    actions.withdraw_quote(quote=quote, acting_user=request.user)
    messages.success(request, _("The approval is withdrawn. The quote is no longer on the public page."))
    return redirect("feedback:edit" if request.POST.get("next") == "edit" else "feedback:quotes", slug)
