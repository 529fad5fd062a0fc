from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mulighetsrom.forecast import actions, export, presenters, texts
from mulighetsrom.forecast.forms import CompareForm, FetchForm, RunForm, UploadForm
from mulighetsrom.forecast.models import FetchJob, ForecastRun, PopulationDataset
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.lib.jobs import render_job_status
from mulighetsrom.projects.access import ProjectAccess, get_project_for_user
from mulighetsrom.projects.models import Role


def _run(access: ProjectAccess, code: str) -> ForecastRun:
    return get_object_or_404(
        ForecastRun.objects.select_related("dataset", "created_by"), project=access.project, code=code
    )


@login_required
def index(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    actions.ensure_shipped_datasets()
    context = {
        "project": access.project,
        "access": access,
        "runs": access.project.forecast_runs.select_related("created_by").defer("outputs"),
        "datasets": actions.datasets_for(access.project.organization),
        "jobs": access.project.fetch_jobs.select_related("dataset")[:5],
        "services": texts.SERVICES,
    }
    return render(request, "forecast/index.html", context)


@login_required
def run_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    actions.ensure_shipped_datasets()
    datasets = actions.datasets_for(access.project.organization)
    form = RunForm(request.POST or None, datasets=datasets, initial=_initial(access, datasets))
    if request.method == "POST" and form.is_valid():
        try:
            run = actions.create_run(
                project=access.project,
                dataset=form.cleaned_data["dataset"],
                name=form.cleaned_data["name"],
                choices=form.choices(),
                acting_user=request.user,
            )
        except actions.ForecastInputError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The forecast was saved."))
            return redirect("forecast:run", slug=slug, code=run.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "forecast/run_form.html", {"project": access.project, "access": access, "form": form}, status=status
    )


def _initial(access: ProjectAccess, datasets: QuerySet[PopulationDataset]) -> dict[str, object]:
    projections = datasets.filter(kind=PopulationDataset.Kind.PROJECTION)
    own = projections.filter(municipality=access.project.organization.kommunenummer).first()
    return {"dataset": own or projections.first(), "name": _("Forecast")}


@login_required
def run_detail(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    run = _run(access, code)
    context = {
        "project": access.project,
        "access": access,
        "run": run,
        "figures": presenters.figures(run),
        "inputs": presenters.inputs_table(run),
        "history": presenters.history_table(run),
        "need": presenters.need_seam(run),
        "compare_form": CompareForm(run=run),
        "other_municipality": run.municipality != access.project.organization.kommunenummer,
    }
    return render(request, "forecast/run_detail.html", context)


@login_required
def run_compare(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    run = _run(access, code)
    form = CompareForm(request.GET or None, run=run)
    if not form.is_valid():
        return redirect("forecast:run", slug=slug, code=run.code)
    other = form.cleaned_data["other"]
    context = {
        "project": access.project,
        "access": access,
        "run": run,
        "other": other,
        "comparison": presenters.comparison(run, other),
    }
    return render(request, "forecast/run_compare.html", context)


@login_required
def run_export(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    run = _run(access, code)
    response = HttpResponse(
        export.run_xlsx(run), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="framskriving-{run.code}.xlsx"'
    return response


@login_required
@require_POST
def run_delete(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    run = _run(access, code)
    actions.delete_run(run=run, acting_user=request.user)
    messages.success(request, _("The forecast “%(name)s” was deleted.") % {"name": run.name})
    return redirect("forecast:index", slug=slug)


@login_required
def dataset_upload(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = actions.import_dataset(
                text=form.cleaned_data["file"],
                source=PopulationDataset.Source.UPLOAD,
                organization=access.project.organization,
                acting_user=request.user,
            )
        except actions.ForecastInputError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("The data for %(region)s was saved.") % {"region": dataset.region_label})
            return redirect("forecast:index", slug=slug)
    status = 400 if request.method == "POST" else 200
    context = {"project": access.project, "access": access, "form": form}
    return render(request, "forecast/dataset_upload.html", context, status=status)


@login_required
def fetch_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    initial = {"municipality": access.project.organization.kommunenummer}
    form = FetchForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        job = actions.request_fetch(
            project=access.project, kind=form.cleaned_data["kind"], municipality=form.cleaned_data["municipality"],
            acting_user=request.user,
        )  # fmt: skip
        return redirect("forecast:fetch", slug=slug, code=job.code)
    status = 400 if request.method == "POST" else 200
    context = {"project": access.project, "access": access, "form": form}
    return render(request, "forecast/fetch_form.html", context, status=status)


@login_required
def fetch_status(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    """The job's status; htmx polls the job fragment while the job is active."""
    access = get_project_for_user(request.user, slug)
    job = get_object_or_404(FetchJob.objects.select_related("dataset"), project=access.project, code=code)
    return render_job_status(request, "forecast/fetch_status.html", job, {"project": access.project, "access": access})
