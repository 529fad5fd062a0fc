from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from mulighetsrom.accounts.access import get_organization_for_member
from mulighetsrom.collaboration.board import NO_ROWS, build_raci, technology_decisions, technology_warnings
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.lib.pagination import paginate
from mulighetsrom.needs.gaps import find_gaps
from mulighetsrom.needs.trace import load_rows
from mulighetsrom.projects.access import get_project_for_user
from mulighetsrom.projects.models import Phase, Project
from mulighetsrom.projects.team import active_members, team_coverage
from mulighetsrom.stakeholders.engagement import plan_warnings, warnings_for_projects
from mulighetsrom.stakeholders.matrix import build_matrix

PORTFOLIO_PAGE_SIZE = 25


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "dashboard/welcome.html")
    if request.user.current_person is None:
        return redirect("projects:organization_create")
    return redirect("dashboard:portfolio")


@login_required
def portfolio(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization, person = get_organization_for_member(request.user)
    # An administrator sees every project of the organization: no per-row membership test.
    # Warnings are computed for the page's projects only (see docs/benchmarks.md).
    projects: QuerySet[Project]
    if person.is_org_admin:
        projects = Project.objects.filter(organization=organization)
    else:
        projects = Project.objects.visible_to(request.user).filter(organization=organization)
    page = paginate(request, projects.select_related("current_phase").order_by("name", "pk"), PORTFOLIO_PAGE_SIZE)
    warnings = warnings_for_projects([p.pk for p in page], timezone.localdate())
    rows = [(p, warnings[p.pk]) for p in page]
    context = {
        "organization": organization,
        "rows": rows,
        "page": page,
        "phase_count": Phase.objects.filter(organization=organization).count(),
    }
    return render(request, "dashboard/portfolio.html", context)


@login_required
def project_dashboard(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    project = access.project
    matrix = build_matrix(project)
    members = active_members(project)
    context = {
        "project": project,
        "access": access,
        "phase_list": matrix.phases,
        "decisions": project.gate_decisions.select_related("from_phase", "to_phase", "decided_by_person")[:5],
        "coverage": team_coverage(project, members),
        "member_count": len(members),
        "matrix": matrix,
        "warnings": plan_warnings(matrix.groups, matrix.entries, timezone.localdate()),
        "events": project.events.select_related("actor")[:12],
        "gaps": find_gaps(load_rows(project)),
        "raci": build_raci(project, phase_number=NO_ROWS, with_summary=False),  # diagnostics only
    }
    technology = technology_decisions(project)
    context["technology"] = [d for d in technology if d.is_open]
    context["technology_warnings"] = technology_warnings(technology, timezone.localdate())
    return render(request, "dashboard/project_dashboard.html", context)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/accessibility.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
