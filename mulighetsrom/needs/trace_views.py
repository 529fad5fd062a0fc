"""Traceability, cut impact, baselines, the library and spreadsheets (views over the whole thread)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from mulighetsrom.insight.models import Observation
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.needs import actions, spreadsheets
from mulighetsrom.needs.baseline_diff import diff_snapshots
from mulighetsrom.needs.cuts import cut_impact
from mulighetsrom.needs.forms import BaselineForm, MatrixFilterForm, ProgrammeImportForm
from mulighetsrom.needs.gaps import find_gaps
from mulighetsrom.needs.models import Adjacency, FunctionGroup, LibraryItem, Need, Requirement, RoomType
from mulighetsrom.needs.trace import MatrixFilter, build_matrix, load_observation_chain, load_rows, take_snapshot
from mulighetsrom.projects.access import get_project_for_user
from mulighetsrom.projects.models import Project, Role


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=spreadsheets.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(project: Project, what: str) -> str:
    return f"{project.slug}-{what}-{timezone.localdate():%Y-%m-%d}.xlsx"


def _matrix_filter(form: MatrixFilterForm) -> MatrixFilter:
    data = form.cleaned_data if form.is_valid() else {}
    return MatrixFilter(
        priority=data.get("priority", ""),
        status=data.get("status", ""),
        category=data.get("category", ""),
        group=data.get("group"),
    )


@login_required
def matrix(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    form = MatrixFilterForm(request.GET, project=access.project)
    built = build_matrix(access.project, _matrix_filter(form), page_number=request.GET.get("page", 1))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"project": access.project, "access": access, "form": form, "matrix": built, "query": query.urlencode()}
    return render(request, "needs/matrix.html", context)


@login_required
def matrix_export(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    form = MatrixFilterForm(request.GET, project=access.project)
    built = build_matrix(access.project, _matrix_filter(form), paginate=False)
    header = [_("Code"), _("Requirement"), *[n.ref for n in built.needs]]
    rows = (
        [row.requirement.ref, row.requirement.text, *[("X " + c).strip() if c is not None else "" for c in row.cells]]
        for row in built.rows
    )
    needs = ([n.ref, n.statement, n.get_priority_display(), n.get_status_display()] for n in built.needs)
    content = spreadsheets.workbook_bytes(
        [
            (_("Matrix"), header, rows),
            (_("Needs"), [_("Code"), _("Need"), _("Priority"), _("Status")], needs),
        ]
    )
    return _xlsx(content, _filename(access.project, "sporbarhet"))


@login_required
def gaps(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    context = {"project": access.project, "access": access, "gaps": find_gaps(load_rows(access.project))}
    return render(request, "needs/gaps.html", context)


@login_required
def observation_trace(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    """What became of an observation (or that it is not yet used)."""
    access = get_project_for_user(request.user, slug)
    observation = get_object_or_404(
        Observation.objects.visible_to(access).select_related("speaker_group", "activity"), code=code
    )
    context = {
        "project": access.project,
        "access": access,
        "observation": observation,
        "insights": load_observation_chain(observation),
    }
    return render(request, "needs/observation_trace.html", context)


@login_required
def cuts(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Pick requirements and room types to cut and see the impact; nothing is changed."""
    access = get_project_for_user(request.user, slug)
    rows = load_rows(access.project)
    picked_reqs, picked_rooms = set(request.GET.getlist("requirement")), set(request.GET.getlist("room"))
    impact = cut_impact(
        rows,
        requirement_ids=[r.id for r in rows.requirements if r.code in picked_reqs],
        room_ids=[r.id for r in rows.rooms if r.code in picked_rooms],
    )
    # The pick list can be narrowed to one category; picks in the others ride along as hidden fields.
    category = request.GET.get("category", "")
    shown = [r for r in rows.requirements if not category or r.category == category]
    shown_codes = {r.code for r in shown}
    context = {
        "project": access.project,
        "access": access,
        "rows": rows,
        "shown_requirements": shown,
        "hidden_picks": sorted(picked_reqs - shown_codes),
        "categories": Requirement.Category.choices,
        "category": category,
        "impact": impact,
        "picked_reqs": picked_reqs,
        "picked_rooms": picked_rooms,
    }
    return render(request, "needs/cuts.html", context)


# --- baselines ----------------------------------------------------------------------------------


@login_required
def baselines(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR if request.method == "POST" else Role.VIEWER)
    form = BaselineForm(request.POST or None, project=access.project)
    if request.method == "POST" and form.is_valid():
        baseline = actions.freeze_baseline(
            project=access.project,
            name=form.cleaned_data["name"],
            gate_decision=form.cleaned_data["gate_decision"],
            acting_user=request.user,
        )
        messages.success(request, _("The baseline “%(name)s” was frozen.") % {"name": baseline.name})
        return redirect("needs:baselines", slug=slug)
    items = access.project.baselines.select_related("created_by", "gate_decision__to_phase").defer("snapshot")
    context = {"project": access.project, "access": access, "form": form, "baselines": items}
    return render(request, "needs/baselines.html", context, status=400 if form.errors else 200)


HISTORY_MODELS = {"needs": Need, "requirements": Requirement, "rooms": RoomType}
EXTRA_LABELS = {
    "criterion": _lazy("measurable criterion"),
    "owner": _lazy("owner"),
    "needs": _lazy("needs"),
    "references": _lazy("references"),
    "adjacency": _lazy("adjacency requirements"),
}


def _describe(model: Any, name: str, before: Any, after: Any) -> tuple[str, Any, Any]:
    """A field change in words: the field's label, and choice values shown by their labels."""
    try:
        db_field = model._meta.get_field(name)
    except Exception:  # a snapshot key that is not a model field (criterion, owner, ...)
        return str(EXTRA_LABELS.get(name, name)), before, after
    choices = dict(db_field.flatchoices) if db_field.choices else {}

    def show(value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or None
        return choices.get(value, value) if choices else value

    return str(db_field.verbose_name), show(before), show(after)


def _history(project: Project, since: Any, until: Any) -> dict[str, list[Any]]:
    """History records per object code in (since, until]: who changed what, and why."""
    by_code: dict[str, list[Any]] = defaultdict(list)
    for model in HISTORY_MODELS.values():
        records = model.history.filter(project=project, history_date__gt=since, history_date__lte=until).select_related(
            "history_user"
        )
        for record in records.order_by("history_date"):
            by_code[str(record.code)].append(record)
    return by_code


@login_required
def baseline_compare(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Compare baseline `a` with baseline `b`, or with the current state when `b` is empty."""
    access = get_project_for_user(request.user, slug)
    base = access.project.baselines
    a = get_object_or_404(base, code=_uuid(request.GET.get("a"))) if request.GET.get("a") else base.first()
    if a is None:
        messages.info(request, _("Freeze a baseline first, then compare it with the current state."))
        return redirect("needs:baselines", slug=slug)
    b = get_object_or_404(base, code=_uuid(request.GET["b"])) if request.GET.get("b") else None
    after = b.snapshot if b else take_snapshot(access.project)
    sections = diff_snapshots(a.snapshot, after)
    history = _history(access.project, a.created_at, b.created_at if b else timezone.now())
    for section in sections:
        for item in section.items:
            item.history = history.get(item.code, [])
            model = HISTORY_MODELS[section.name]
            item.display = [_describe(model, f.field, f.before, f.after) for f in item.fields]
    context = {
        "project": access.project,
        "access": access,
        "a": a,
        "b": b,
        "sections": sections,
        "all_baselines": base.defer("snapshot").order_by("-created_at"),
    }
    return render(request, "needs/baseline_compare.html", context)


# --- the organization's library -----------------------------------------------------------------

LIBRARY_SOURCES = {"need": Need, "requirement": Requirement, "room_type": RoomType}


@login_required
def library(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    items = LibraryItem.objects.filter(organization_id=access.project.organization_id).select_related("created_by")
    return render(request, "needs/library.html", {"project": access.project, "access": access, "items": items})


@login_required
@require_POST
def library_add(request: AuthenticatedHttpRequest, slug: str, kind: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    model = LIBRARY_SOURCES.get(kind)
    if model is None:
        return HttpResponse(status=404)
    obj: Need | Requirement | RoomType = get_object_or_404(model, project=access.project, code=code)  # type: ignore[assignment]
    actions.add_to_library(obj=obj, organization=access.project.organization, acting_user=request.user)
    messages.success(request, _("A copy was saved in the organization's library."))
    return redirect("needs:library", slug=slug)


@login_required
@require_POST
def library_copy(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    item = get_object_or_404(LibraryItem, organization_id=access.project.organization_id, code=code)
    copied = actions.copy_library_item(item=item, project=access.project, acting_user=request.user)
    messages.success(
        request, _("“%(title)s” was copied into the project as %(ref)s.") % {"title": item.title, "ref": copied.ref}
    )
    return redirect("needs:library", slug=slug)


# --- spreadsheets -------------------------------------------------------------------------------


@login_required
def requirements_export(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    requirements = (
        Requirement.objects.filter(project=access.project)
        .select_related("owner_member__person", "owner_unit")
        .prefetch_related(Prefetch("needs", queryset=Need.objects.only("id", "ref").order_by("ref")))
        .order_by("ref")
    )
    header = [
        _("Code"), _("Requirement"), _("Category"), _("Measurable criterion"), _("Verification method"),
        _("Owner"), _("Status"), _("Reason"), _("Stands without a need"), _("Reference"), _("Needs"),
    ]  # fmt: skip
    rows = (
        [
            r.ref,
            r.text,
            r.get_category_display(),
            r.criterion,
            r.get_verification_method_display(),
            r.owner_label,
            r.get_status_display(),
            r.status_reason,
            r.get_necessity_display() if r.necessity else "",
            r.necessity_reference,
            ", ".join(n.ref for n in r.needs.all()),
        ]
        for r in requirements
    )
    content = spreadsheets.workbook_bytes([(_("Requirements"), header, rows)])
    return _xlsx(content, _filename(access.project, "krav"))


@login_required
def programme_export(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    rooms = list(
        RoomType.objects.filter(project=access.project)
        .prefetch_related(Prefetch("requirements", queryset=Requirement.objects.only("id", "ref").order_by("ref")))
        .order_by("ref")
    )
    for room in rooms:
        room.requirement_refs = [r.ref for r in room.requirements.all()]  # type: ignore[attr-defined]
    adjacency: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for adj in Adjacency.objects.filter(room__project=access.project).select_related("other").order_by("other__ref"):
        adjacency[adj.room_id][adj.kind].append(adj.other.ref)
    rows = spreadsheets.programme_rows(rooms, adjacency)
    totals = [
        [str(label), sum(r.count for r in rooms if r.function_group == key),
         float(sum(r.net_area * r.count for r in rooms if r.function_group == key))]
        for key, label in FunctionGroup.choices
    ]  # fmt: skip
    content = spreadsheets.workbook_bytes(
        [
            (spreadsheets.PROGRAMME_SHEET, spreadsheets.PROGRAMME_HEADER, rows),
            (_("Totals"), [_("Function group"), _("Rooms"), _("Net area (m²)")], totals),
        ]
    )
    return _xlsx(content, _filename(access.project, "romprogram"))


@login_required
def programme_import(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Import a room programme: every row is checked first, and nothing is saved unless all are valid."""
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    form = ProgrammeImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"project": access.project, "access": access, "form": form}
    if request.method == "POST" and form.is_valid():
        parsed = spreadsheets.parse_programme(
            form.cleaned_data["file"].read(),
            requirement_refs=set(Requirement.objects.filter(project=access.project).values_list("ref", flat=True)),
            existing_room_refs=set(RoomType.objects.filter(project=access.project).values_list("ref", flat=True)),
        )
        if not parsed.errors:
            created, updated = actions.import_room_programme(
                project=access.project, rows=parsed.rows, acting_user=request.user
            )
            messages.success(
                request,
                _("The room programme was imported: %(created)d new and %(updated)d changed room types.")
                % {"created": created, "updated": updated},
            )
            return redirect("needs:programme", slug=slug)
        context["import_errors"] = parsed.errors
    status = 400 if request.method == "POST" else 200
    return render(request, "needs/programme_import.html", context, status=status)
