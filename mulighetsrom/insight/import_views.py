"""Import pages: upload → map columns and preview → run in the background with progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mulighetsrom.insight import importing
from mulighetsrom.insight.forms import ImportMappingForm, ImportUploadForm
from mulighetsrom.insight.models import ImportJob
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.lib.jobs import render_job_status
from mulighetsrom.projects.access import get_project_for_user
from mulighetsrom.projects.models import Role

MAX_IMPORT_SIZE = importing.MAX_IMPORT_BYTES
PREVIEW_ROWS = 20


@login_required
def import_upload(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_IMPORT_SIZE:
                raise importing.ImportFileError(_("The file is too large: imports can be at most 5 MB."))
            job = importing.create_import_job(
                project=access.project, file_name=upload.name or "", data=upload.read(), acting_user=request.user
            )
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return redirect("insight:import_map", slug=slug, code=job.code)
    jobs = ImportJob.objects.filter(project=access.project).exclude(status=ImportJob.Status.DRAFT)[:10]
    context = {"project": access.project, "access": access, "form": form, "jobs": jobs}
    return render(request, "insight/import_upload.html", context, status=400 if form.errors else 200)


@login_required
def import_map(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    job = get_object_or_404(ImportJob, project=access.project, code=code)
    if job.status != ImportJob.Status.DRAFT:
        return redirect("insight:import_status", slug=slug, code=code)
    form = ImportMappingForm(request.POST or None, project=access.project, header=job.header, mapping=job.mapping)
    rows = None
    notices = importing.job_notices(job)
    if request.method == "POST" and form.is_valid():
        job.mapping = {k: v for k, v in form.mapping().items() if v is not None}
        job.defaults = importing.keep_notices(job, form.defaults())
        if "run" in request.POST:
            importing.start_import(job=job, mapping=form.mapping(), defaults=form.defaults(), acting_user=request.user)
            messages.info(request, _("The import has started."))
            return redirect("insight:import_status", slug=slug, code=code)
        rows = importing.prepare_rows(job)
    context = {
        "project": access.project,
        "access": access,
        "job": job,
        "form": form,
        "notices": notices,
        "warned_rows": {n.row for n in notices if n.row},
        "preview": rows[:PREVIEW_ROWS] if rows is not None else None,
        "summary": _summary(rows) if rows is not None else None,
    }
    return render(request, "insight/import_map.html", context)


def _summary(rows: list[importing.PreparedRow]) -> dict[str, int]:
    return {
        "total": len(rows),
        "errors": sum(1 for r in rows if r.errors),
        "duplicates": sum(1 for r in rows if r.duplicate),
        "new": sum(1 for r in rows if not r.errors and not r.duplicate),
    }


@login_required
def import_status(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    job = get_object_or_404(ImportJob, project=access.project, code=code)
    return render_job_status(request, "insight/import_status.html", job, {"project": access.project, "access": access})
