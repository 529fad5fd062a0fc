from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mulighetsrom.lib.htmx import render_page_or_partial
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.projects.access import ProjectAccess, get_project_for_user
from mulighetsrom.projects.models import Phase, Project, Role
from mulighetsrom.stakeholders import actions
from mulighetsrom.stakeholders.engagement import plan_warnings
from mulighetsrom.stakeholders.forms import EngagementEntryForm, StakeholderGroupForm
from mulighetsrom.stakeholders.matrix import build_matrix
from mulighetsrom.stakeholders.models import EngagementEntry, StakeholderGroup


@login_required
def group_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    groups = list(access.project.stakeholder_groups.all())
    entries = EngagementEntry.objects.filter(group__project=access.project).select_related("phase")
    context = {
        "project": access.project,
        "access": access,
        "groups": groups,
        "warnings": plan_warnings(groups, entries, timezone.localdate()),
    }
    return render(request, "stakeholders/group_list.html", context)


@login_required
def group_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    form = StakeholderGroupForm(request.POST or None, project=access.project)
    if request.method == "POST" and form.is_valid():
        actions.save_group(group=form.instance, acting_user=request.user)
        messages.success(request, _("The stakeholder group was added."))
        return redirect("stakeholders:groups", slug=slug)
    return render(request, "stakeholders/group_form.html", {"project": access.project, "access": access, "form": form})


def _get_group(access: ProjectAccess, code: str) -> StakeholderGroup:
    return get_object_or_404(StakeholderGroup, project=access.project, code=code)


@login_required
def group_edit(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    group = _get_group(access, code)
    form = StakeholderGroupForm(request.POST or None, instance=group, project=access.project)
    if request.method == "POST" and form.is_valid():
        actions.save_group(group=form.instance, acting_user=request.user)
        messages.success(request, _("The stakeholder group was saved."))
        return redirect("stakeholders:groups", slug=slug)
    context = {"project": access.project, "access": access, "form": form, "group": group}
    return render(request, "stakeholders/group_form.html", context)


@login_required
@require_POST
def group_delete(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    group = _get_group(access, code)
    actions.delete_group(group=group, acting_user=request.user)
    messages.success(request, _("The stakeholder group “%(name)s” was deleted.") % {"name": group.name})
    return redirect("stakeholders:groups", slug=slug)


@login_required
def engagement_matrix(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    matrix = build_matrix(access.project)
    context = {
        "project": access.project,
        "access": access,
        "matrix": matrix,
        "warnings": plan_warnings(matrix.groups, matrix.entries, timezone.localdate()),
    }
    return render(request, "stakeholders/engagement_matrix.html", context)


@login_required
def engagement_cell(request: AuthenticatedHttpRequest, slug: str, code: str, number: int) -> HttpResponse:
    """Show or edit one cell of the plan. With htmx, works inline in the matrix."""
    need = Role.EDITOR if request.method == "POST" or "edit" in request.GET else Role.VIEWER
    access = get_project_for_user(request.user, slug, need=need)
    group = _get_group(access, code)
    phase = get_object_or_404(Phase, organization_id=access.project.organization_id, number=number)
    entry = EngagementEntry.objects.filter(group=group, phase=phase).select_related("responsible__person").first()
    context = {"project": access.project, "access": access, "group": group, "phase": phase, "entry": entry}
    if request.method == "GET" and "edit" not in request.GET:
        return render_page_or_partial(request, "stakeholders/engagement_cell.html", "cell", context)
    form = EngagementEntryForm(
        request.POST or None, instance=entry or EngagementEntry(group=group, phase=phase), project=access.project
    )
    if request.method == "POST" and form.is_valid():
        context["entry"] = actions.save_engagement(entry=form.instance, acting_user=request.user)
        context["saved"] = True
        if request.htmx:
            return _render_saved_cell(request, context)
        messages.success(request, _("The engagement plan was saved."))
        return redirect("stakeholders:engagement", slug=slug)
    context["form"] = form
    status = 400 if request.method == "POST" else 200
    return render_page_or_partial(request, "stakeholders/engagement_cell_form.html", "form", context, status=status)


@login_required
@require_POST
def engagement_clear(request: AuthenticatedHttpRequest, slug: str, code: str, number: int) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    group = _get_group(access, code)
    entry = (
        EngagementEntry.objects.filter(
            group=group, phase__number=number, phase__organization_id=access.project.organization_id
        )
        .select_related("phase", "group__project")
        .first()
    )
    if entry is not None:
        actions.clear_engagement(entry=entry, acting_user=request.user)
    phase = get_object_or_404(Phase, organization_id=access.project.organization_id, number=number)
    context = {
        "project": access.project,
        "access": access,
        "group": group,
        "phase": phase,
        "entry": None,
        "saved": True,
    }
    if request.htmx:
        return _render_saved_cell(request, context)
    messages.success(request, _("The plan entry was removed."))
    return redirect("stakeholders:engagement", slug=slug)


def _render_saved_cell(request: AuthenticatedHttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The saved cell, plus the plan's warnings swapped out-of-band so they stay current."""
    project: Project = context["project"]
    groups = list(StakeholderGroup.objects.filter(project=project))
    entries = EngagementEntry.objects.filter(group__project=project).select_related("phase")
    context["warnings"] = plan_warnings(groups, entries, timezone.localdate())
    return render(request, "stakeholders/_cell_saved.html", context)
