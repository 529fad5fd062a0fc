"""Staff pages for feedback: choose what to publish, preview, publish; send survey answers to insight."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mulighetsrom.feedback import actions
from mulighetsrom.feedback.public_views import project_context
from mulighetsrom.lib.http import AuthenticatedHttpRequest
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
