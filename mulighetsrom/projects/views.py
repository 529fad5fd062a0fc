from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mulighetsrom.accounts.access import get_organization_for_admin, get_organization_for_member
from mulighetsrom.accounts.forms import OrganizationForm
from mulighetsrom.lib.forms import new_submission_key
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.lib.pagination import paginate
from mulighetsrom.projects import actions
from mulighetsrom.projects.access import ProjectAccess, get_project_for_user
from mulighetsrom.projects.forms import GateDecisionForm, MembershipForm, ProjectForm
from mulighetsrom.projects.models import GateDecision, Membership, Phase, Role
from mulighetsrom.projects.org_forms import ExpectedUnitsForm, PhaseFormSet
from mulighetsrom.projects.team import active_members, team_coverage

# The timeline of gate decisions grows over a project's life.
DECISIONS_PAGE_SIZE = 20


@login_required
def project_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization, person = get_organization_for_member(request.user)
    form = ProjectForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        project = actions.create_project(project=form.instance, acting_person=person, acting_user=request.user)
        messages.success(request, _("The project was created with typical stakeholder groups for its building type."))
        return redirect("dashboard:project", slug=project.slug)
    return render(request, "projects/project_form.html", {"form": form, "organization": organization})


@login_required
def project_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    project = access.project
    form = ProjectForm(request.POST or None, instance=project, organization=project.organization)
    if request.method == "POST" and form.is_valid():
        actions.update_project(project=form.instance, acting_user=request.user)
        messages.success(request, _("The project was saved."))
        return redirect("dashboard:project", slug=project.slug)
    return render(request, "projects/project_form.html", {"form": form, "project": project, "access": access})


@login_required
def phases(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    project = access.project
    form = None
    if access.can_edit:
        form = GateDecisionForm(
            project=project,
            initial={
                "from_phase": project.current_phase,
                "decided_on": timezone.localdate(),
                "submission_key": new_submission_key(),
                "outcome": GateDecision.Outcome.CONTINUE,
            },
        )
    return _render_phases(request, access, form)


def _render_phases(
    request: AuthenticatedHttpRequest, access: ProjectAccess, form: GateDecisionForm | None, status: int = 200
) -> HttpResponse:
    project = access.project
    decisions = paginate(
        request,
        project.gate_decisions.select_related("from_phase", "to_phase", "decided_by_person", "recorded_by"),
        DECISIONS_PAGE_SIZE,
    )
    context = {
        "project": project,
        "access": access,
        "phase_list": Phase.objects.filter(organization_id=project.organization_id),
        "decisions": decisions,
        "page": decisions,
        "form": form,
    }
    return render(request, "projects/phases.html", context, status=status)


@login_required
@require_POST
def gate_decide(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    project = access.project
    form = GateDecisionForm(request.POST, project=project)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_gate_decision(
                project=project,
                to_phase=data["to_phase"],
                outcome=data["outcome"],
                decided_on=data["decided_on"],
                basis=data["basis"],
                decided_by_person=data["decided_by_person"],
                decided_by_body=data["decided_by_body"],
                acting_user=request.user,
                submission_key=data["submission_key"],
                expected_from_phase=data["from_phase"],
            )
        except actions.GateError as error:
            form.add_error(None, str(error))
            project.refresh_from_db(fields=["current_phase"])
            form.carry_current_phase(project.current_phase)
        else:
            messages.success(request, _("The gate decision was recorded."))
            return redirect("projects:phases", slug=project.slug)
    return _render_phases(request, access, form, status=400)


@login_required
def team(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    members = active_members(access.project)
    context = {
        "project": access.project,
        "access": access,
        "members": members,
        "coverage": team_coverage(access.project, members),
    }
    return render(request, "projects/team.html", context)


@login_required
def member_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.OWNER)
    form = MembershipForm(request.POST or None, project=access.project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.add_member(
            project=access.project,
            person=data["person"],
            role=data["role"],
            function=data["function"],
            acting_user=request.user,
        )
        messages.success(request, _("%(name)s was added to the team.") % {"name": data["person"].name})
        return redirect("projects:team", slug=slug)
    return render(request, "projects/member_form.html", {"project": access.project, "access": access, "form": form})


def _get_membership(access: ProjectAccess, code: str) -> Membership:
    return get_object_or_404(
        Membership.objects.on_team(access.project).select_related("person", "project"),
        code=code,
    )


@login_required
def member_edit(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.OWNER)
    membership = _get_membership(access, code)
    was_owner = membership.role == Role.OWNER
    form = MembershipForm(request.POST or None, instance=membership, project=access.project)
    if request.method == "POST" and form.is_valid():
        if (
            was_owner
            and form.instance.role != Role.OWNER
            and actions.is_last_owner(Membership.objects.get(pk=membership.pk))
        ):
            form.add_error("role", _("The project must keep at least one owner."))
        else:
            actions.change_member(membership=form.instance, acting_user=request.user)
            messages.success(request, _("The team member was saved."))
            return redirect("projects:team", slug=slug)
    context = {"project": access.project, "access": access, "form": form, "membership": membership}
    return render(request, "projects/member_form.html", context)


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.OWNER)
    try:
        membership = _get_membership(access, code)
    except Http404:
        messages.info(request, _("That person is no longer on the team."))
        return redirect("projects:team", slug=slug)
    if actions.is_last_owner(membership):
        messages.error(request, _("The last owner cannot be removed. Make someone else owner first."))
        return redirect("projects:team", slug=slug)
    actions.remove_member(membership=membership, acting_user=request.user)
    messages.success(request, _("%(name)s was removed from the team.") % {"name": membership.person.name})
    return redirect("projects:team", slug=slug)


@login_required
def organization_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Site administrators register a municipality and invite its first administrator.

    Anyone else is refused: people join an existing organization by invitation or single sign-on.
    """
    if not request.user.is_superuser:
        if request.user.current_person is not None:
            return redirect("dashboard:portfolio")
        return render(request, "projects/organization_closed.html", status=403)
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = actions.create_organization_for_admin(
            name=form.cleaned_data["name"],
            kommunenummer=form.cleaned_data["kommunenummer"],
            admin_email=form.cleaned_data["admin_email"],
            admin_name=form.cleaned_data["admin_name"],
            acting_user=request.user,
        )
        messages.success(
            request,
            _("%(org)s was created. An invitation was sent to its first administrator, %(email)s.")
            % {"org": organization.name, "email": form.cleaned_data["admin_email"]},
        )
        return redirect("projects:organization_create")
    return render(request, "projects/organization_form.html", {"form": form})


@login_required
def phase_model(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization, _admin = get_organization_for_admin(request.user)
    queryset = Phase.objects.filter(organization=organization)
    formset = PhaseFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        actions.save_phase_model(organization=organization, formset=formset)
        messages.success(request, _("The phase model was saved."))
        return redirect("projects:phase_model")
    return render(request, "projects/phase_model.html", {"formset": formset, "organization": organization})


@login_required
def expected_units(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization, _admin = get_organization_for_admin(request.user)
    form = ExpectedUnitsForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The expected units were saved."))
        return redirect("projects:expected_units")
    return render(request, "projects/expected_units.html", {"form": form, "organization": organization})
