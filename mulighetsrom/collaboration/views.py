from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, F, Prefetch, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mulighetsrom.accounts.access import get_organization_for_admin, get_organization_for_member
from mulighetsrom.accounts.models import Person
from mulighetsrom.collaboration import actions, pulse
from mulighetsrom.collaboration.board import NO_ROWS, build_raci
from mulighetsrom.collaboration.export import raci_xlsx
from mulighetsrom.collaboration.forms import (
    LETTER_CHOICES,
    AssignmentForm,
    CanvasSectionForm,
    CommentForm,
    CompetenceProfileForm,
    DecisionForm,
    DigestSettingForm,
    MethodEvaluationForm,
    MethodLibraryImportForm,
    RaciTaskForm,
    SupersedeForm,
)
from mulighetsrom.collaboration.method_library import LibraryError
from mulighetsrom.collaboration.models import (
    Assignment,
    CanvasSection,
    Comment,
    Decision,
    DigestSetting,
    MethodEvaluation,
    MethodTemplate,
    Notification,
    PulseAnswer,
    PulseParticipation,
    PulseRound,
    PulseStatement,
    RaciTask,
)
from mulighetsrom.insight.models import Insight
from mulighetsrom.lib.forms import new_submission_key
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.lib.pagination import paginate
from mulighetsrom.needs.models import Need, Requirement
from mulighetsrom.projects.access import ProjectAccess, get_project_for_user, in_visible_projects
from mulighetsrom.projects.models import Membership, Role
from mulighetsrom.projects.team import team_coverage

DECISION_PAGE_SIZE = 50
NOTIFICATION_PAGE_SIZE = 50
COMPETENCE_PAGE_SIZE = 50
MY_MENTIONS = 50

# Decisions ------------------------------------------------------------------------------------


def _get_decision(access: ProjectAccess, code: str) -> Decision:
    return get_object_or_404(Decision, project=access.project, code=code)


@login_required
def decision_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    decisions = Decision.objects.filter(project=access.project).select_related(
        "phase", "decided_by_person", "superseded_by"
    )
    show = request.GET.get("show", "")
    if show == "technology":
        decisions = decisions.exclude(technology_area="")
    elif show == "current":
        decisions = decisions.exclude(status=Decision.Status.SUPERSEDED)
    page = paginate(request, decisions, DECISION_PAGE_SIZE)
    context = {"project": access.project, "access": access, "decisions": page, "page": page, "show": show}
    return render(request, "collaboration/decision_list.html", context)


@login_required
def decision_detail(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    decision = get_object_or_404(
        Decision.objects.select_related("phase", "decided_by_person", "superseded_by").prefetch_related(
            "needs", "requirements", "insights", "prerequisites", "supersedes"
        ),
        project=access.project,
        code=code,
    )
    context = {
        "project": access.project,
        "access": access,
        "decision": decision,
        "unagreed": actions.unagreed_prerequisites(decision),
        "history": decision.history.select_related("history_user")[:20],
        "supersede_form": SupersedeForm(decision=decision) if access.can_edit else None,
    }
    return render(request, "collaboration/decision_detail.html", context)


def _decision_form(request: AuthenticatedHttpRequest, access: ProjectAccess, decision: Decision | None) -> HttpResponse:
    form = DecisionForm(request.POST or None, project=access.project, instance=decision)
    if request.method == "POST" and form.is_valid():
        saved = actions.record_decision(
            decision=form.instance,
            needs=form.cleaned_data["needs"],
            requirements=form.cleaned_data["requirements"],
            insights=form.cleaned_data["insights"],
            prerequisites=form.cleaned_data["prerequisites"],
            acting_user=request.user,
            submission_key=form.cleaned_data.get("submission_key"),
        )
        messages.success(request, _("The decision was saved."))
        unagreed = actions.unagreed_prerequisites(saved)
        if saved.is_technology and saved.is_decided and unagreed:
            messages.warning(
                request,
                _("This technology choice is fixed before its prerequisite requirements are agreed: %(refs)s.")
                % {"refs": ", ".join(r.ref for r in unagreed)},  # type: ignore[attr-defined]
            )
        return redirect("collaboration:decision_detail", slug=access.project.slug, code=saved.code)
    if request.method == "GET" and decision is None:
        form.initial["submission_key"] = new_submission_key()
    context = {"project": access.project, "access": access, "form": form, "decision": decision}
    return render(request, "collaboration/decision_form.html", context, status=400 if request.method == "POST" else 200)


@login_required
def decision_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    return _decision_form(request, access, None)


@login_required
def decision_edit(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    return _decision_form(request, access, _get_decision(access, code))


@login_required
@require_POST
def decision_supersede(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    decision = _get_decision(access, code)
    form = SupersedeForm(request.POST, decision=decision)
    if form.is_valid():
        actions.supersede_decision(old=decision, new=form.cleaned_data["by"], acting_user=request.user)
        messages.success(request, _("The decision is marked as superseded."))
    else:
        messages.error(request, _("Choose the decision that replaces this one."))
    return redirect("collaboration:decision_detail", slug=slug, code=code)


@login_required
@require_POST
def decision_comment(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    decision = _get_decision(access, code)
    form = CommentForm(request.POST)
    if form.is_valid():
        actions.add_comment(
            project=access.project, target=decision, body=form.cleaned_data["body"], acting_user=request.user
        )
        messages.success(request, _("The comment was added."))
    else:
        messages.error(request, _("Write a comment first."))
    return redirect("collaboration:decision_detail", slug=slug, code=code)


# RACI -----------------------------------------------------------------------------------------


def _raci_phase(request: AuthenticatedHttpRequest, access: ProjectAccess) -> int | None:
    """The phase number the RACI page shows: ?phase=<number>, "all" (None: the summary only), or the current."""
    raw = request.GET.get("phase", "")
    if raw == "all":
        return None
    if raw.isdigit():
        return int(raw)
    current = access.project.current_phase
    return current.number if current is not None else None


@login_required
def raci(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """One phase of the matrix at a time (a select per cell is costly), with diagnostics over all phases."""
    access = get_project_for_user(request.user, slug)
    phase_number = _raci_phase(request, access)
    matrix = build_raci(access.project, phase_number=NO_ROWS if phase_number is None else phase_number)
    context = {
        "project": access.project,
        "access": access,
        "matrix": matrix,
        "phase_number": phase_number,
        "letters": LETTER_CHOICES,
        "task_form": RaciTaskForm(project=access.project) if access.can_edit else None,
    }
    return render(request, "collaboration/raci.html", context)


@login_required
@require_POST
def raci_row(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    """Save one row of the matrix: a select per column named m-<membership id> or u-<unit id>."""
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    task = get_object_or_404(RaciTask.objects.select_related("project", "phase"), project=access.project, code=code)
    matrix = build_raci(access.project, phase_number=task.phase.number)
    valid = {c for c, _label in LETTER_CHOICES}
    errors = []
    for membership, current in next(r for p in matrix.phases for r in p.rows if r.task.pk == task.pk).member_letters:
        letter = request.POST.get(f"m-{membership.pk}") or current
        if letter in valid and letter != current:
            try:
                actions.set_raci_cell(task=task, letter=letter, membership=membership, acting_user=request.user)
            except actions.RaciError as e:
                errors.append(str(e))
    for unit in matrix.units:
        unit_letter = request.POST.get(f"u-{unit.pk}")
        if unit_letter is not None and unit_letter in valid:
            actions.set_raci_cell(task=task, letter=unit_letter, unit=unit, acting_user=request.user)
    for error in errors:
        messages.error(request, error)
    if not errors:
        messages.success(request, _("The roles for “%(task)s” were saved.") % {"task": task.name})
    url = reverse("collaboration:raci", args=[slug])
    return redirect(f"{url}?phase={task.phase.number}#task-{task.code}")


@login_required
@require_POST
def raci_task_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    form = RaciTaskForm(request.POST, project=access.project)
    if form.is_valid():
        actions.add_raci_task(
            project=access.project, phase=form.cleaned_data["phase"], name=form.cleaned_data["name"],
            acting_user=request.user,
        )  # fmt: skip
        messages.success(request, _("The task was added."))
        url = reverse("collaboration:raci", args=[slug])
        return redirect(f"{url}?phase={form.cleaned_data['phase'].number}")
    messages.error(request, _("Give the task a name and a phase."))
    return redirect("collaboration:raci", slug=slug)


@login_required
def raci_export(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    data = raci_xlsx(build_raci(access.project), title=access.project.name)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="raci-{access.project.slug}.xlsx"'
    return response


# Team canvas ----------------------------------------------------------------------------------


def _sections(access: ProjectAccess) -> list[CanvasSection]:
    order = CanvasSection.Key.values
    sections = list(CanvasSection.objects.filter(project=access.project).select_related("updated_by"))
    return sorted(sections, key=lambda s: order.index(s.key))


@login_required
def canvas(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    sections = _sections(access)
    forms = {s.pk: CanvasSectionForm(initial={"text": s.text, "version": s.version}, prefix=s.key) for s in sections}
    rows = [(s, forms[s.pk]) for s in sections]
    return render(request, "collaboration/canvas.html", {"project": access.project, "access": access, "rows": rows})


@login_required
def canvas_section(request: AuthenticatedHttpRequest, slug: str, key: str) -> HttpResponse:
    """Save one section. On a conflict, show the current text next to the user's own, which is kept."""
    access = get_project_for_user(
        request.user, slug, need=Role.CONTRIBUTOR if request.method == "POST" else Role.VIEWER
    )
    section = get_object_or_404(CanvasSection, project=access.project, key=key)
    if request.method != "POST":
        return redirect("collaboration:canvas", slug=slug)
    form = CanvasSectionForm(request.POST, prefix=key)
    conflict = None
    if form.is_valid():
        try:
            actions.save_canvas_section(
                section=section, text=form.cleaned_data["text"], expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )  # fmt: skip
            messages.success(request, _("“%(section)s” was saved.") % {"section": section.get_key_display()})
            return redirect("collaboration:canvas", slug=slug)
        except actions.CanvasConflict as e:
            conflict = e.section
            # Re-bind with the new version so a second save (after reading the other text) succeeds.
            form = CanvasSectionForm(
                {f"{key}-text": form.cleaned_data["text"], f"{key}-version": conflict.version}, prefix=key
            )
    context = {"project": access.project, "access": access, "section": section, "form": form, "conflict": conflict}
    return render(request, "collaboration/canvas_section.html", context, status=409 if conflict else 400)


@login_required
def canvas_history(request: AuthenticatedHttpRequest, slug: str, key: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    section = get_object_or_404(CanvasSection, project=access.project, key=key)
    versions = section.versions.select_related("author")
    context = {"project": access.project, "access": access, "section": section, "versions": versions}
    return render(request, "collaboration/canvas_history.html", context)


@login_required
def canvas_print(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    context = {"project": access.project, "access": access, "sections": _sections(access)}
    return render(request, "collaboration/canvas_print.html", context)


# Team health ----------------------------------------------------------------------------------


def _results(access: ProjectAccess) -> list[dict[str, object]]:
    rounds = list(
        PulseRound.objects.filter(project=access.project).annotate(n=Count("participations")).order_by("opens_on")
    )
    labels = [(str(r), r.n) for r in rounds]
    sums = {
        (row["statement_id"], str(by_pk[row["round_id"]])): (row["total"], row["count"])
        for by_pk in [{r.pk: r for r in rounds}]
        for row in PulseAnswer.objects.filter(round__project=access.project)
        .values("statement_id", "round_id")
        .annotate(total=Sum("value"), count=Count("id"))
        .order_by()
    }
    results = []
    for statement in PulseStatement.objects.filter(project=access.project, is_active=True):
        points = pulse.trend(labels, sums, statement.pk)
        svg = mark_safe(pulse.svg_line(points, statement.text))  # noqa: S308 (svg_line escapes title and labels)
        results.append({"statement": statement, "points": points, "svg": svg})
    return results


@login_required
def health(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    current = actions.current_round(access.project)
    person = request.user.current_person
    membership = Membership.objects.on_team(access.project).filter(person=person).first()
    answered = PulseParticipation.objects.filter(round=current, person=person).exists()
    context = {
        "project": access.project,
        "access": access,
        "round": current,
        "can_answer": membership is not None and not answered,
        "answered": answered,
        "statements": PulseStatement.objects.filter(project=access.project, is_active=True),
        "scale": [1, 2, 3, 4, 5],
        "results": _results(access),
        "min_respondents": pulse.MIN_RESPONDENTS,
        "evaluations": MethodEvaluation.objects.filter(project=access.project),
        "evaluation_form": MethodEvaluationForm() if access.can_contribute else None,
    }
    return render(request, "collaboration/health.html", context)


@login_required
@require_POST
def pulse_answer(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    person = request.user.current_person
    if not Membership.objects.on_team(access.project).filter(person=person).exists():
        messages.error(request, _("Only members of the team answer the pulse."))
        return redirect("collaboration:health", slug=slug)
    values = {}
    for statement in PulseStatement.objects.filter(project=access.project, is_active=True):
        raw = request.POST.get(f"s-{statement.pk}", "")
        if raw.isdigit() and 1 <= int(raw) <= 5:
            values[statement.pk] = int(raw)
    if not values:
        messages.error(request, _("Choose a score for at least one statement."))
        return redirect("collaboration:health", slug=slug)
    assert person is not None
    try:
        actions.answer_pulse(pulse_round=actions.current_round(access.project), person=person, values=values)
        messages.success(request, _("Thank you. Your answer is stored anonymously."))
    except actions.PulseError as e:
        messages.error(request, str(e))
    return redirect("collaboration:health", slug=slug)


@login_required
@require_POST
def evaluation_add(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    form = MethodEvaluationForm(request.POST, instance=MethodEvaluation(project=access.project))
    if form.is_valid():
        actions.record_method_evaluation(evaluation=form.instance, acting_user=request.user)
        messages.success(request, _("The evaluation was saved."))
    else:
        messages.error(request, _("Answer the first question before saving."))
    return redirect("collaboration:health", slug=slug)


# Comments and assignments on needs, requirements, insights, decisions and canvas sections ------

COMMENT_TARGETS: dict[str, tuple[type[models.Model], str]] = {
    "need": (Need, "needs:need_detail"),
    "requirement": (Requirement, "needs:requirement_detail"),
    "insight": (Insight, "insight:insight"),
    "decision": (Decision, "collaboration:decision_detail"),
    "canvas": (CanvasSection, "collaboration:canvas"),
}


def _thread_target(access: ProjectAccess, kind: str, code: str) -> tuple[models.Model, str]:
    """The commented object and the URL of its thread (page + anchor). Http404 for unknown kinds."""
    if kind not in COMMENT_TARGETS:
        raise Http404
    model, _url_name = COMMENT_TARGETS[kind]
    target = get_object_or_404(model, project=access.project, code=code)
    return target, _thread_url(access.project.slug, target)


def _thread_url(slug: str, target: models.Model | None) -> str:
    """The page (and anchor) of the thread on `target`; empty for an object that is gone."""
    for model, url_name in COMMENT_TARGETS.values():
        if isinstance(target, CanvasSection):
            return reverse("collaboration:canvas", args=[slug]) + f"#comments-{target.key}"
        if isinstance(target, model):
            return reverse(url_name, args=[slug, target.code]) + "#comments"  # type: ignore[attr-defined]
    return ""


@login_required
@require_POST
def comment_add(request: AuthenticatedHttpRequest, slug: str, kind: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    target, url = _thread_target(access, kind, code)
    form = CommentForm(request.POST)
    if form.is_valid():
        actions.add_comment(
            project=access.project,
            target=target,
            body=form.cleaned_data["body"],
            acting_user=request.user,
            url=url.split("#")[0],
        )
        messages.success(request, _("The comment was added."))
    else:
        messages.error(request, _("Write a comment first."))
    return redirect(url)


@login_required
@require_POST
def assignment_add(request: AuthenticatedHttpRequest, slug: str, kind: str, code: str) -> HttpResponse:
    """Give a team member a task on the object; they are notified and see it on My tasks."""
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    target, url = _thread_target(access, kind, code)
    form = AssignmentForm(request.POST, project=access.project, instance=Assignment(project=access.project))
    if form.is_valid():
        form.instance.target = target
        try:
            actions.add_assignment(assignment=form.instance, acting_user=request.user, url=url.split("#")[0])
            messages.success(request, _("The task was given to %(name)s.") % {"name": form.instance.assignee.name})
        except actions.AssignmentError as e:
            messages.error(request, str(e))
    else:
        messages.error(request, _("Give the task a description and choose a team member."))
    return redirect(url)


# My tasks and notifications -------------------------------------------------------------------


@login_required
def my_tasks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's open tasks and mentions, only in projects they can still see (not those they left)."""
    assignments = list(
        in_visible_projects(Assignment.objects.filter(assignee__user=request.user, done_at__isnull=True), request.user)
        .select_related("project")
        .prefetch_related("target")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )
    for a in assignments:
        a.url = _thread_url(a.project.slug, a.target)  # type: ignore[attr-defined]
    mentions = (
        in_visible_projects(Comment.objects.filter(mentions__user=request.user), request.user)
        .select_related("project", "author")
        .order_by("-created_at")
    )[:MY_MENTIONS]
    context = {"assignments": assignments, "mentions": mentions}
    return render(request, "collaboration/my_tasks.html", context)


@login_required
@require_POST
def assignment_done(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    # 404 also for a task in a project the user has left: the task stays with the project.
    assignment = get_object_or_404(
        in_visible_projects(Assignment.objects.filter(assignee__user=request.user), request.user), code=code
    )
    actions.complete_assignment(assignment=assignment, acting_user=request.user)
    messages.success(request, _("“%(title)s” is marked as done.") % {"title": assignment.title})
    return redirect("collaboration:my_tasks")


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications = in_visible_projects(Notification.objects.filter(user=request.user), request.user).select_related(
        "project"
    )
    page = paginate(request, notifications, NOTIFICATION_PAGE_SIZE)
    setting = DigestSetting.objects.filter(user=request.user).first() or DigestSetting(user=request.user)
    form = DigestSettingForm(request.POST or None, instance=setting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail digest settings were saved."))
        return redirect("collaboration:notifications")
    context = {"notifications": page, "page": page, "digest_form": form}
    return render(request, "collaboration/notification_list.html", context)


@login_required
@require_POST
def notifications_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    actions.mark_notifications_read(user=request.user)
    return redirect("collaboration:notifications")


# Competence map -------------------------------------------------------------------------------


@login_required
def competence_map(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization, person = get_organization_for_member(request.user)
    people = (
        Person.objects.active()
        .filter(organization=organization)
        .select_related("unit", "competence")
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("project")))
        .order_by("name", "pk")
    )
    g = request.GET
    chosen = actions.filter_competence(
        people, q=g.get("q", ""), tag=g.get("tag", ""), unit=g.get("unit", ""), available=g.get("available") == "1"
    )
    page = Paginator(chosen, COMPETENCE_PAGE_SIZE).get_page(g.get("page"))
    page.elided_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))  # type: ignore[attr-defined]
    context = {
        "organization": organization,
        "is_admin": person.is_org_admin,
        "people": page,
        "page": page,
        "units": organization.units.order_by("name"),
        "tags": actions.all_tags(organization.pk),
        "filters": {
            "q": g.get("q", ""),
            "tag": g.get("tag", ""),
            "unit": g.get("unit", ""),
            "available": g.get("available") == "1",
        },
    }
    return render(request, "collaboration/competence_map.html", context)


@login_required
def competence_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    organization, _admin = get_organization_for_admin(request.user)
    person = get_object_or_404(Person.objects.select_related("unit"), organization=organization, code=code)
    profile = actions.profile_of(person)
    initial = {
        "tags": ", ".join(profile.tags) if profile else "",
        "experience": profile.experience if profile else "",
        "building_types": profile.building_types if profile else [],
        "interested": profile.interested if profile else False,
        "available": profile.available if profile else False,
    }
    form = CompetenceProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actions.save_competence_profile(person=person, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The competence profile of %(name)s was saved.") % {"name": person.name})
        return redirect("collaboration:competence")
    return render(request, "collaboration/competence_form.html", {"person": person, "form": form})


@login_required
def team_suggest(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    context = {
        "project": access.project,
        "access": access,
        "coverage": team_coverage(access.project),
        "suggestions": actions.suggest_people(access.project),
    }
    return render(request, "collaboration/team_suggest.html", context)


# Method library -------------------------------------------------------------------------------


@login_required
def method_library(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization, _admin = get_organization_for_admin(request.user)
    form = MethodLibraryImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.import_method_library(
                organization=organization, data=form.cleaned_data["file"].read(), acting_user=request.user
            )
            messages.success(request, _("The method library was imported."))
        except LibraryError as e:
            form.add_error("file", str(e))
    templates = MethodTemplate.objects.filter(organization=organization).order_by("kind", "building_type")
    context = {"organization": organization, "form": form, "report": report, "templates": templates}
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "collaboration/method_library.html", context, status=status)


@login_required
def method_library_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    organization, _admin = get_organization_for_admin(request.user)
    response = HttpResponse(actions.export_method_library(organization), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="metodebibliotek-{organization.slug}-v1.json"'
    return response
