from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from mulighetsrom.forecast.models import ForecastRun
from mulighetsrom.insight.models import Insight
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.needs import actions
from mulighetsrom.needs.forms import (
    AdjacencyForm,
    GrossFactorForm,
    LinkNeedForm,
    NeedForm,
    NeedReferenceForm,
    RequirementForm,
    RoomTypeForm,
    VersionedForm,
)
from mulighetsrom.needs.models import (
    Adjacency,
    FunctionGroup,
    Need,
    NeedReference,
    NeedRequirement,
    Requirement,
    RoomType,
)
from mulighetsrom.needs.programme import programme_totals
from mulighetsrom.needs.trace import load_need_chain
from mulighetsrom.needs.versioning import ChangeReasonRequired, ConflictError
from mulighetsrom.projects.access import ProjectAccess, get_project_for_user
from mulighetsrom.projects.models import Role

CONFLICT_STATUS = 409
CHANGE_REASON_MESSAGE = _lazy("This item is agreed: say why it changes. The reason is kept in the change history.")


def _need(access: ProjectAccess, code: Any) -> Need:
    try:
        uuid.UUID(str(code))
    except ValueError:
        raise Http404 from None  # a mangled ?need= parameter
    return get_object_or_404(Need, project=access.project, code=code)


def _requirement(access: ProjectAccess, code: Any) -> Requirement:
    return get_object_or_404(Requirement, project=access.project, code=code)


def _room(access: ProjectAccess, code: Any) -> RoomType:
    return get_object_or_404(RoomType, project=access.project, code=code)


def versioned_edit(
    request: AuthenticatedHttpRequest,
    form: VersionedForm,
    save: Callable[..., Any],
    *,
    template: str,
    context: dict[str, Any],
    saved: str,
    next_url: str,
) -> HttpResponse:
    """The edit page of a versioned record: the form (200), invalid input (400), or a save with the
    version the form was opened with; a conflict re-renders with the user's input (409).

    `save` is called with `expected_version` and `change_reason`.
    """
    status = edit_status(request, form, save)
    if status is None:
        messages.success(request, saved)
        return redirect(next_url)
    return render(request, template, {**context, "form": form}, status=status)


def edit_status(request: AuthenticatedHttpRequest, form: VersionedForm, save: Callable[..., Any]) -> int | None:
    """Validate and save a versioned edit form. None when saved; else the status to re-render with
    (200 first view, 400 invalid input, 409 someone else saved meanwhile)."""
    if request.method != "POST":
        return 200
    if not form.is_valid():
        return 400
    return save_or_conflict(request, form, save)


def save_or_conflict(request: AuthenticatedHttpRequest, form: VersionedForm, save: Callable[..., Any]) -> int | None:
    """Run `save`; on a conflict keep the user's input in the form and explain what happened."""
    try:
        save(expected_version=form.expected_version, change_reason=form.cleaned_data.get("change_reason", ""))
    except ChangeReasonRequired:
        form.add_error("change_reason" if "change_reason" in form.fields else None, CHANGE_REASON_MESSAGE)
        return 400
    except ConflictError as conflict:
        if conflict.current is None:
            form.add_error(None, _("Someone else deleted this item while you were editing it. Nothing was saved."))
            return CONFLICT_STATUS
        changed = [str(form.fields[name].label) for name in form.changed_data_against(conflict.current)]
        form.add_error(
            None,
            _(
                "Someone else saved this item while you were editing it. Your changes have not been saved, "
                "and they are still in the form. Saved values now differ in: %(fields)s. "
                "Check them, then save again to keep your version."
            )
            % {"fields": ", ".join(changed) or _("no field you can see")},
        )
        form.refresh_version(conflict.current.version)  # type: ignore[attr-defined]
        return CONFLICT_STATUS
    return None


# --- needs --------------------------------------------------------------------------------------


@login_required
def need_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    needs = (
        Need.objects.filter(project=access.project)
        .annotate(
            requirement_count=Count("requirement_links", distinct=True),
            insight_count=Count("insights", distinct=True),
            reference_count=Count("references", distinct=True),
        )
        .prefetch_related("beneficiaries")
        .order_by("ref")
    )
    insights = Insight.objects.filter(project=access.project, needs__isnull=True).exclude(
        status=Insight.Status.REJECTED
    )
    context = {
        "project": access.project,
        "access": access,
        "needs": needs,
        "free_insights": insights[:50],
        "forecasts": ForecastRun.objects.filter(project=access.project).only("code", "name", "created_at")[:10],
    }
    return render(request, "needs/need_list.html", context)


@login_required
def need_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    form = NeedForm(request.POST or None, project=access.project)
    if request.method == "POST" and form.is_valid():
        need = actions.save_need(
            need=form.instance, beneficiaries=form.cleaned_data["beneficiaries"], acting_user=request.user
        )
        messages.success(request, _("The need %(ref)s was added.") % {"ref": need.ref})
        return redirect("needs:need_detail", slug=slug, code=need.code)
    return render(request, "needs/need_form.html", {"project": access.project, "access": access, "form": form})


@login_required
def need_detail(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    need = _need(access, code)
    context = {
        "project": access.project,
        "access": access,
        "need": need,
        "chain": load_need_chain(access, need),
        "reference_form": NeedReferenceForm(),
        "history": need.recent_history(),
    }
    return render(request, "needs/need_detail.html", context)


@login_required
def need_edit(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    need = _need(access, code)
    form = NeedForm(request.POST or None, instance=need, project=access.project)
    return versioned_edit(
        request,
        form,
        lambda **lock: actions.save_need(
            need=need, beneficiaries=form.cleaned_data["beneficiaries"], acting_user=request.user, **lock
        ),
        template="needs/need_form.html",
        context={"project": access.project, "access": access, "need": need},
        saved=_("The need %(ref)s was saved.") % {"ref": need.ref},
        next_url=reverse("needs:need_detail", args=[slug, need.code]),
    )


@login_required
@require_POST
def need_delete(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    need = _need(access, code)
    actions.delete_need(need=need, acting_user=request.user)
    messages.success(request, _("The need %(ref)s was deleted.") % {"ref": need.ref})
    return redirect("needs:needs", slug=slug)


@login_required
@require_POST
def need_from_insight(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    insight = get_object_or_404(Insight, project=access.project, code=code)
    need = actions.create_need_from_insight(insight=insight, acting_user=request.user)
    messages.success(request, _("The need %(ref)s was created from the insight. Set its priority.") % {"ref": need.ref})
    return redirect("needs:need_edit", slug=slug, code=need.code)


@login_required
@require_POST
def need_from_forecast(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    run = get_object_or_404(ForecastRun, project=access.project, code=code)
    year = request.POST.get("year", "")
    need = actions.create_need_from_forecast(
        run=run, acting_user=request.user, year=int(year) if year.isdigit() else None
    )
    messages.success(
        request, _("The need %(ref)s was created from the forecast. Choose who it is for.") % {"ref": need.ref}
    )
    return redirect("needs:need_edit", slug=slug, code=need.code)


@login_required
@require_POST
def reference_add(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    need = _need(access, code)
    form = NeedReferenceForm(request.POST)
    if not form.is_valid():
        context = {"project": access.project, "access": access, "need": need, "form": form}
        return render(request, "needs/reference_form.html", context, status=400)
    form.instance.need = need
    actions.add_need_reference(reference=form.instance, acting_user=request.user)
    messages.success(request, _("The reference was added."))
    return redirect("needs:need_detail", slug=slug, code=need.code)


@login_required
@require_POST
def reference_delete(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    reference = get_object_or_404(
        NeedReference.objects.select_related("need__project"), need__project=access.project, code=code
    )
    actions.remove_need_reference(reference=reference, acting_user=request.user)
    messages.success(request, _("The reference was removed."))
    return redirect("needs:need_detail", slug=slug, code=reference.need.code)


# --- requirements -------------------------------------------------------------------------------


@login_required
def requirement_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    category = request.GET.get("category", "")
    requirements = (
        Requirement.objects.filter(project=access.project)
        .select_related("owner_member__person", "owner_unit")
        .prefetch_related(
            Prefetch("need_links", queryset=NeedRequirement.objects.select_related("need").order_by("need__ref"))
        )
        .order_by("ref")
    )
    if category in Requirement.Category.values:
        requirements = requirements.filter(category=category)
    context = {
        "project": access.project,
        "access": access,
        "requirements": requirements,
        "categories": Requirement.Category.choices,
        "category": category,
    }
    return render(request, "needs/requirement_list.html", context)


@login_required
def requirement_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Add a requirement; with ?need=<code> it is linked to that need at once."""
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    for_need = _need(access, request.GET["need"]) if request.GET.get("need") else None
    form = RequirementForm(request.POST or None, project=access.project)
    if request.method == "POST" and form.is_valid():
        requirement = actions.save_requirement(
            requirement=form.instance,
            acting_user=request.user,
            link_need=for_need,
            link_rationale=request.POST.get("rationale", "")[:300],
        )
        messages.success(request, _("The requirement %(ref)s was added.") % {"ref": requirement.ref})
        return redirect("needs:requirement_detail", slug=slug, code=requirement.code)
    context = {"project": access.project, "access": access, "form": form, "for_need": for_need}
    return render(request, "needs/requirement_form.html", context)


@login_required
def requirement_detail(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    requirement = get_object_or_404(
        Requirement.objects.select_related("owner_member__person", "owner_unit"), project=access.project, code=code
    )
    context = {
        "project": access.project,
        "access": access,
        "requirement": requirement,
        "links": requirement.need_links.select_related("need").order_by("need__ref"),
        "rooms": requirement.room_types.order_by("ref"),
        "link_form": LinkNeedForm(project=access.project),
        "history": requirement.recent_history(),
    }
    return render(request, "needs/requirement_detail.html", context)


@login_required
def requirement_edit(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    requirement = _requirement(access, code)
    form = RequirementForm(request.POST or None, instance=requirement, project=access.project)
    return versioned_edit(
        request,
        form,
        lambda **lock: actions.save_requirement(requirement=requirement, acting_user=request.user, **lock),
        template="needs/requirement_form.html",
        context={"project": access.project, "access": access, "requirement": requirement},
        saved=_("The requirement %(ref)s was saved.") % {"ref": requirement.ref},
        next_url=reverse("needs:requirement_detail", args=[slug, requirement.code]),
    )


@login_required
@require_POST
def requirement_delete(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    requirement = _requirement(access, code)
    actions.delete_requirement(requirement=requirement, acting_user=request.user)
    messages.success(
        request, _("The requirement %(ref)s was deleted. Its code is not reused.") % {"ref": requirement.ref}
    )
    return redirect("needs:requirements", slug=slug)


@login_required
@require_POST
def requirement_link(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    requirement = _requirement(access, code)
    form = LinkNeedForm(request.POST, project=access.project)
    if not form.is_valid():
        messages.error(request, _("Choose a need of this project to link."))
        return redirect("needs:requirement_detail", slug=slug, code=requirement.code)
    actions.link_requirement_to_need(
        need=form.cleaned_data["need"],
        requirement=requirement,
        rationale=form.cleaned_data["rationale"],
        acting_user=request.user,
    )
    messages.success(request, _("The need was linked."))
    return redirect("needs:requirement_detail", slug=slug, code=requirement.code)


@login_required
@require_POST
def requirement_unlink(request: AuthenticatedHttpRequest, slug: str, code: str, need: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    link = get_object_or_404(
        NeedRequirement.objects.select_related("need", "requirement__project"),
        requirement__project=access.project,
        requirement__code=code,
        need__code=need,
    )
    actions.unlink_requirement_from_need(link=link, acting_user=request.user)
    messages.success(request, _("The link was removed."))
    return redirect("needs:requirement_detail", slug=slug, code=code)


# --- room programme -----------------------------------------------------------------------------


@login_required
def programme(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    rooms = list(
        RoomType.objects.filter(project=access.project)
        .prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.only("id", "code", "ref").order_by("ref"))
        )
        .prefetch_related(Prefetch("adjacencies", queryset=Adjacency.objects.select_related("other")))
        .order_by("ref")
    )
    settings = actions.programme_settings(access.project)
    totals = programme_totals(
        rooms,
        gross_factor=settings.gross_factor,
        capacity=access.project.capacity_target,
        group_labels=FunctionGroup.choices,
    )
    context = {
        "project": access.project,
        "access": access,
        "totals": totals,
        "factor_form": GrossFactorForm(initial={"gross_factor": settings.gross_factor}),
    }
    return render(request, "needs/programme.html", context)


@login_required
@require_POST
def programme_factor(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    form = GrossFactorForm(request.POST)
    if form.is_valid():
        actions.set_gross_factor(
            project=access.project, gross_factor=form.cleaned_data["gross_factor"], acting_user=request.user
        )
        messages.success(request, _("The gross factor was saved."))
    else:
        messages.error(request, _("The gross factor must be a number from 1.00 to 3.00."))
    return redirect("needs:programme", slug=slug)


@login_required
def room_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    form = RoomTypeForm(request.POST or None, project=access.project)
    if request.method == "POST" and form.is_valid():
        room = actions.save_room_type(
            room=form.instance, requirements=form.cleaned_data["requirements"], acting_user=request.user
        )
        messages.success(request, _("The room type %(ref)s was added.") % {"ref": room.ref})
        return redirect("needs:programme", slug=slug)
    return render(request, "needs/room_form.html", {"project": access.project, "access": access, "form": form})


@login_required
def room_detail(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    room = _room(access, code)
    context = {
        "project": access.project,
        "access": access,
        "room": room,
        "requirements": room.requirements.order_by("ref"),
        "adjacencies": room.adjacencies.select_related("other"),
        "adjacent_to_me": Adjacency.objects.filter(other=room).select_related("room"),
        "adjacency_form": AdjacencyForm(room=room),
        "history": room.recent_history(),
    }
    return render(request, "needs/room_detail.html", context)


@login_required
def room_edit(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    room = _room(access, code)
    form = RoomTypeForm(request.POST or None, instance=room, project=access.project)
    return versioned_edit(
        request,
        form,
        lambda **lock: actions.save_room_type(
            room=room, requirements=form.cleaned_data["requirements"], acting_user=request.user, **lock
        ),
        template="needs/room_form.html",
        context={"project": access.project, "access": access, "room": room},
        saved=_("The room type %(ref)s was saved.") % {"ref": room.ref},
        next_url=reverse("needs:room_detail", args=[slug, room.code]),
    )


@login_required
@require_POST
def room_delete(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    room = _room(access, code)
    actions.delete_room_type(room=room, acting_user=request.user)
    messages.success(request, _("The room type %(ref)s was deleted.") % {"ref": room.ref})
    return redirect("needs:programme", slug=slug)


@login_required
@require_POST
def adjacency_add(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    room = _room(access, code)
    form = AdjacencyForm(request.POST, room=room)
    if form.is_valid():
        actions.set_adjacency(
            room=room,
            other=form.cleaned_data["other"],
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
            acting_user=request.user,
        )
        messages.success(request, _("The adjacency requirement was saved."))
    else:
        messages.error(request, _("Choose a relation and another room type of this project."))
    return redirect("needs:room_detail", slug=slug, code=room.code)


@login_required
@require_POST
def adjacency_delete(request: AuthenticatedHttpRequest, slug: str, code: str, pk: int) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    room = _room(access, code)
    adjacency = get_object_or_404(Adjacency.objects.select_related("room__project", "other"), room=room, pk=pk)
    actions.remove_adjacency(adjacency=adjacency, acting_user=request.user)
    messages.success(request, _("The adjacency requirement was removed."))
    return redirect("needs:room_detail", slug=slug, code=room.code)
