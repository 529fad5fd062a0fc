from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mulighetsrom.collaboration import actions, pulse
from mulighetsrom.collaboration.board import build_raci
from mulighetsrom.collaboration.export import raci_xlsx
from mulighetsrom.collaboration.forms import (
    LETTER_CHOICES,
    CanvasSectionForm,
    CommentForm,
    DecisionForm,
    MethodEvaluationForm,
    RaciTaskForm,
    SupersedeForm,
)
from mulighetsrom.collaboration.models import (
    CanvasSection,
    Comment,
    Decision,
    MethodEvaluation,
    PulseAnswer,
    PulseParticipation,
    PulseRound,
    PulseStatement,
    RaciTask,
)
from mulighetsrom.lib.forms import new_submission_key
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.lib.pagination import paginate
from mulighetsrom.projects.access import ProjectAccess, get_project_for_user
from mulighetsrom.projects.models import Membership, Role

DECISION_PAGE_SIZE = 50

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
        "history": decision.history.select_related("history_user")[:20],  # type: ignore[attr-defined]
        "comments": Comment.objects.filter(
            project=access.project, content_type__model="decision", object_id=decision.pk
        ).select_related("author"),
        "comment_form": CommentForm(),
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
        if saved.is_technology and saved.status == Decision.Status.DECIDED and unagreed:
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


@login_required
def raci(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    context = {
        "project": access.project,
        "access": access,
        "matrix": build_raci(access.project),
        "letters": LETTER_CHOICES,
        "task_form": RaciTaskForm(project=access.project) if access.can_edit else None,
    }
    return render(request, "collaboration/raci.html", context)


@login_required
@require_POST
def raci_row(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    """Save one row of the matrix: a select per column named m-<membership id> or u-<unit id>."""
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    task = get_object_or_404(RaciTask.objects.select_related("project"), project=access.project, code=code)
    matrix = build_raci(access.project)
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
    return redirect(reverse("collaboration:raci", args=[slug]) + f"#task-{task.code}")


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
    else:
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
        svg = mark_safe(pulse.svg_line(points, statement.text))
        results.append({"statement": statement, "points": points, "svg": svg})
    return results


@login_required
def health(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    current = actions.current_round(access.project)
    person = request.user.current_person
    membership = Membership.objects.filter(project=access.project, person=person, left_at__isnull=True).first()
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
    if not Membership.objects.filter(project=access.project, person=person, left_at__isnull=True).exists():
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
