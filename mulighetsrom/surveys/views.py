"""Staff pages for surveys: build, distribute, enter on behalf of a resident, see results."""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.projects.access import ProjectAccess, get_project_for_user
from mulighetsrom.projects.models import Role
from mulighetsrom.surveys import actions, charts, exports, results
from mulighetsrom.surveys.forms import AssistedForm, QuestionForm, SectionForm, SurveyCreateForm, SurveyForm
from mulighetsrom.surveys.models import Question, Response, Survey


def _survey(access: ProjectAccess, code: Any) -> Survey:
    return get_object_or_404(Survey, project=access.project, code=code)


def public_url(request: AuthenticatedHttpRequest, survey: Survey) -> str:
    return request.build_absolute_uri(reverse("surveys_public:intro", args=[survey.token]))


@login_required
def survey_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    form = SurveyCreateForm()
    if request.method == "POST":
        access = get_project_for_user(request.user, slug, need=Role.EDITOR)
        form = SurveyCreateForm(request.POST)
        if form.is_valid():
            survey = actions.create_survey(
                project=access.project,
                title=form.cleaned_data["title"],
                layout=form.cleaned_data["layout"],
                acting_user=request.user,
            )
            return redirect("surveys:detail", slug, survey.code)
    surveys = Survey.objects.filter(project=access.project)
    context = {"project": access.project, "access": access, "surveys": surveys, "form": form}
    return render(request, "surveys/survey_list.html", context, status=400 if form.errors else 200)


@login_required
def survey_detail(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    survey = _survey(access, code)
    context = {
        "project": access.project,
        "access": access,
        "survey": survey,
        "questions": survey.questions.select_related("section").prefetch_related("choices__group"),
        "sections": survey.sections.all(),
        "public_url": public_url(request, survey),
        "submitted": survey.responses.counted().count(),
        "started": survey.responses.count(),
        "section_form": SectionForm(),
    }
    return render(request, "surveys/survey_detail.html", context)


@login_required
def survey_edit(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    survey = _survey(access, code)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        actions.save_survey(survey=form.save(commit=False), acting_user=request.user)
        messages.success(request, _("The survey was saved."))
        return redirect("surveys:detail", slug, survey.code)
    context = {"project": access.project, "survey": survey, "form": form}
    return render(request, "surveys/survey_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def survey_open(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    survey = _survey(get_project_for_user(request.user, slug, need=Role.EDITOR), code)
    survey.open()
    messages.success(request, _("The survey is open for answers."))
    return redirect("surveys:detail", slug, survey.code)


@login_required
@require_POST
def survey_close(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    survey = _survey(get_project_for_user(request.user, slug, need=Role.EDITOR), code)
    survey.close()
    messages.success(request, _("The survey is closed."))
    return redirect("surveys:detail", slug, survey.code)


@login_required
@require_POST
def section_add(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    survey = _survey(get_project_for_user(request.user, slug, need=Role.EDITOR), code)
    form = SectionForm(request.POST)
    if form.is_valid():
        section = form.save(commit=False)
        section.survey = survey
        actions.add_section(section=section, acting_user=request.user)
    else:
        messages.error(request, _("Give the section a title."))
    return redirect("surveys:detail", slug, survey.code)


@login_required
def question_form(
    request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID, question: uuid.UUID | None = None
) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    survey = _survey(access, code)
    instance = get_object_or_404(Question, survey=survey, code=question) if question else Question(survey=survey)
    form = QuestionForm(request.POST or None, instance=instance, survey=survey)
    if request.method == "POST" and form.is_valid():
        actions.save_question(
            question=form.save(commit=False),
            choices=form.lines(form.cleaned_data["choices_text"]),
            choices_nn=form.lines(form.cleaned_data["choices_nn"]),
            choices_en=form.lines(form.cleaned_data["choices_en"]),
            groups_as_choices=form.cleaned_data["groups_as_choices"],
            acting_user=request.user,
        )
        return redirect("surveys:detail", slug, survey.code)
    context = {"project": access.project, "survey": survey, "form": form, "question": instance if question else None}
    return render(request, "surveys/question_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def question_move(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID, question: uuid.UUID) -> HttpResponse:
    survey = _survey(get_project_for_user(request.user, slug, need=Role.EDITOR), code)
    actions.move_question(question=get_object_or_404(Question, survey=survey, code=question), up="up" in request.POST)
    return redirect("surveys:detail", slug, survey.code)


@login_required
@require_POST
def question_delete(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID, question: uuid.UUID) -> HttpResponse:
    survey = _survey(get_project_for_user(request.user, slug, need=Role.EDITOR), code)
    actions.delete_question(
        question=get_object_or_404(Question, survey=survey, code=question), acting_user=request.user
    )
    return redirect("surveys:detail", slug, survey.code)


@login_required
def survey_qr(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID, fmt: str) -> HttpResponse:
    survey = _survey(get_project_for_user(request.user, slug), code)
    if fmt not in ("svg", "png"):
        raise Http404
    data, content_type = charts.qr_code(public_url(request, survey), fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="survey-qr.{fmt}"'
    return response


@login_required
def survey_print(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    survey = _survey(access, code)
    context = {
        "project": access.project,
        "survey": survey,
        "questions": survey.questions.select_related("section").prefetch_related("choices"),
        "public_url": public_url(request, survey),
        "qr_svg": charts.qr_code(public_url(request, survey), "svg")[0].decode(),
    }
    return render(request, "surveys/survey_print.html", context)


@login_required
def assisted_start(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    survey = _survey(access, code)
    # "?channel=paper" comes from the link for typing in returned paper forms.
    channel = Response.Channel.PAPER if request.GET.get("channel") == "paper" else Response.Channel.ASSISTED
    form = AssistedForm(request.POST or None, initial={"channel": channel})
    if request.method == "POST" and form.is_valid():
        response, _created = actions.start_response(
            survey=survey,
            submission_key=uuid.uuid4(),
            language="nb",
            channel=form.cleaned_data["channel"],
            assisted_by=request.user,
            consent_basis=form.cleaned_data["consent_basis"],
        )
        return redirect(reverse("surveys_public:page", args=[survey.token, response.token, 1]) + "?lang=nb")
    context = {"project": access.project, "survey": survey, "form": form}
    return render(request, "surveys/assisted.html", context, status=400 if form.errors else 200)


@login_required
def survey_results(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    survey = _survey(access, code)
    groups = list(access.project.stakeholder_groups.order_by("name"))
    group = next((g for g in groups if str(g.code) == request.GET.get("group")), None)
    summary = results.summarise(survey, group=group)
    context = {
        "project": access.project,
        "access": access,
        "survey": survey,
        "summary": summary,
        "groups": groups,
        "group": group,
        "cross": request.GET.get("cross") == "1",
        "timeline": (timeline := results.timeline(survey)),
        "timeline_svg": results.timeline_svg(timeline, _("Submitted responses per day")),
    }
    return render(request, "surveys/survey_results.html", context)


@login_required
def survey_export(request: AuthenticatedHttpRequest, slug: str, code: uuid.UUID) -> HttpResponse:
    survey = _survey(get_project_for_user(request.user, slug), code)
    buffer = io.BytesIO()
    exports.write_xlsx(survey, buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="survey-results.xlsx"'
    return response
