"""Documents: the project's list, a request, a progress page that polls, and the download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mulighetsrom.lib.htmx import render_page_or_partial
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.lib.jobs import render_job_status
from mulighetsrom.projects.access import get_project_for_user
from mulighetsrom.reports import actions
from mulighetsrom.reports.forms import DocumentRequestForm
from mulighetsrom.reports.models import GeneratedDocument
from mulighetsrom.reports.render_pdf import pdf_problem, unavailable_message
from mulighetsrom.surveys.models import Survey

LIST_LIMIT = 50


@login_required
def document_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    documents = GeneratedDocument.objects.filter(project=access.project).select_related("requested_by")[:LIST_LIMIT]
    context = {
        "project": access.project,
        "access": access,
        "documents": [(d, d.may_download(access)) for d in documents],
        "any_active": any(d.is_active for d in documents),
        "kinds": [
            (value, label, GeneratedDocument.formats_for(value)) for value, label in GeneratedDocument.project_kinds()
        ],
        "pdf_problem": pdf_problem(),
    }
    return render_page_or_partial(request, "reports/document_list.html", "rows", context)


@login_required
@require_POST
def document_request(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    # Any team member may ask for a document: its content follows their own visibility.
    access = get_project_for_user(request.user, slug)
    form = DocumentRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a document and a format."))
        return redirect("reports:documents", slug=slug)
    if form.cleaned_data["format"] == GeneratedDocument.Format.PDF and pdf_problem():
        messages.error(request, unavailable_message(pdf_problem()))
        return redirect("reports:documents", slug=slug)
    document = actions.request_document(
        access=access,
        kind=form.cleaned_data["kind"],
        format=form.cleaned_data["format"],
        language=request.LANGUAGE_CODE,
        acting_user=request.user,
    )
    return redirect("reports:document", slug=slug, code=document.code)


@login_required
@require_POST
def survey_paper(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    """Make the PDF paper form of a survey, in the language chosen on the survey's page."""
    # Like the other documents, any team member may make it: the form holds questions, no answers.
    access = get_project_for_user(request.user, slug)
    survey = get_object_or_404(Survey, project=access.project, code=code)
    if pdf_problem():
        messages.error(request, unavailable_message(pdf_problem()))
        return redirect("surveys:detail", slug, survey.code)
    document = actions.request_document(
        access=access,
        kind=GeneratedDocument.Kind.SURVEY_PAPER,
        format=GeneratedDocument.Format.PDF,
        language=request.POST.get("language", "nb"),
        acting_user=request.user,
        subject_code=survey.code,
    )
    return redirect("reports:document", slug=slug, code=document.code)


@login_required
def document_status(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    document = get_object_or_404(GeneratedDocument, project=access.project, code=code)
    context = {
        "project": access.project,
        "access": access,
        "document": document,
        "may_download": document.may_download(access),
    }
    return render_job_status(request, "reports/document_status.html", document, context)


@login_required
def document_download(request: AuthenticatedHttpRequest, slug: str, code: str) -> FileResponse:
    access = get_project_for_user(request.user, slug)
    document = get_object_or_404(GeneratedDocument, project=access.project, code=code)
    if not document.may_download(access):
        raise PermissionDenied
    if not document.is_done:
        raise Http404
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.download_name)
    response["Cache-Control"] = "private, no-store"
    return response
