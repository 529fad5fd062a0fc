"""Insight bank pages. Views do HTTP only: access, form, one action call, redirect or render."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mulighetsrom.insight import actions, guard
from mulighetsrom.insight.forms import (
    AcceptSuggestionForm,
    ActivityForm,
    AttachmentForm,
    CaptureForm,
    FilterForm,
    InsightForm,
    MergeThemeForm,
    MoveObservationsForm,
    ObservationForm,
    SplitThemeForm,
    ThemeForm,
)
from mulighetsrom.insight.highlight import highlight
from mulighetsrom.insight.models import (
    Activity,
    ActivityGroup,
    Attachment,
    Insight,
    Observation,
    SuggestionRun,
    Theme,
    ThemeSuggestion,
)
from mulighetsrom.insight.reading import build_coverage, insights_with_strength
from mulighetsrom.insight.search import search_observations
from mulighetsrom.insight.uploads import check_attachment
from mulighetsrom.lib.forms import new_submission_key
from mulighetsrom.lib.htmx import render_page_or_partial
from mulighetsrom.lib.http import AuthenticatedHttpRequest
from mulighetsrom.lib.jobs import render_job_status
from mulighetsrom.projects.access import SENSITIVE_ROLE, ProjectAccess, get_project_for_user
from mulighetsrom.projects.models import Role

PAGE_SIZE = 50
BOARD_CARDS = 20  # cards per board column; the rest are a link away


def _ctx(access: ProjectAccess, **extra: Any) -> dict[str, Any]:
    return {"project": access.project, "access": access, **extra}


def _observations(access: ProjectAccess) -> QuerySet[Observation]:
    return (
        Observation.objects.visible_to(access)
        .select_related("activity", "speaker_group", "on_behalf_of", "theme")
        .prefetch_related("tags")
    )


def _back(request: AuthenticatedHttpRequest, fallback: str, slug: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback, slug=slug)


# Activities ---------------------------------------------------------------------------------


@login_required
def activity_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    activities = (
        Activity.objects.filter(project=access.project)
        .select_related("phase")
        .prefetch_related(Prefetch("reached", queryset=ActivityGroup.objects.select_related("group")))
        .annotate(observation_count=Count("observations", filter=Q(observations__consent_withdrawn_at__isnull=True)))
    )
    return render(request, "insight/activity_list.html", _ctx(access, activities=activities))


@login_required
def activity_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    form = ActivityForm(request.POST or None, project=access.project)
    if request.method == "POST" and form.is_valid():
        return _save_activity(request, form, _("The activity was added."))
    return render(request, "insight/activity_form.html", _ctx(access, form=form))


@login_required
def activity_edit(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    activity = get_object_or_404(Activity, project=access.project, code=code)
    form = ActivityForm(request.POST or None, instance=activity, project=access.project)
    if request.method == "POST" and form.is_valid():
        return _save_activity(request, form, _("The activity was saved."))
    return render(request, "insight/activity_form.html", _ctx(access, form=form, activity=activity))


def _save_activity(request: AuthenticatedHttpRequest, form: ActivityForm, message: str) -> HttpResponse:
    activity = form.instance
    activity.set_held(form.cleaned_data["held"])
    actions.save_activity(
        activity=activity,
        reached=form.reached(),
        facilitators=form.cleaned_data["facilitators"],
        acting_user=request.user,
    )
    messages.success(request, message)
    return redirect("insight:activity", slug=activity.project.slug, code=activity.code)


@login_required
def activity_detail(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    activity = get_object_or_404(Activity.objects.select_related("phase"), project=access.project, code=code)
    context = _ctx(
        access,
        activity=activity,
        reached=activity.reached.select_related("group"),
        facilitators=activity.facilitators.select_related("person"),
        attachments=activity.attachments.all(),
        observations=_observations(access).filter(activity=activity),
        attachment_form=AttachmentForm(),
    )
    return render(request, "insight/activity_detail.html", context)


@login_required
@require_POST
def activity_done(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    activity = get_object_or_404(Activity, project=access.project, code=code)
    actions.mark_activity_done(activity=activity, acting_user=request.user)
    messages.success(request, _("The activity was marked as held, and the engagement plan was updated."))
    return redirect("insight:activity", slug=slug, code=code)


@login_required
@require_POST
def activity_delete(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    activity = get_object_or_404(Activity, project=access.project, code=code)
    actions.delete_activity(activity=activity, acting_user=request.user)
    messages.success(request, _("The activity was deleted. Its observations were kept."))
    return redirect("insight:activities", slug=slug)


@login_required
@require_POST
def attachment_upload(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    activity = get_object_or_404(Activity, project=access.project, code=code)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content_type = check_attachment(upload.name, upload.size, upload)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            actions.add_attachment(
                activity=activity, upload=upload, content_type=content_type, acting_user=request.user
            )
            messages.success(request, _("The file was attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("insight:activity", slug=slug, code=code)


@login_required
def attachment_download(request: AuthenticatedHttpRequest, slug: str, code: str) -> FileResponse:
    # Attachments are raw material (notes, recordings' transcripts) and may hold personal data.
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    attachment = get_object_or_404(Attachment, activity__project=access.project, code=code)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)
    response["Content-Type"] = attachment.content_type
    return response


@login_required
@require_POST
def attachment_delete(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    attachment = get_object_or_404(
        Attachment.objects.select_related("activity"), activity__project=access.project, code=code
    )
    actions.delete_attachment(attachment=attachment, acting_user=request.user)
    messages.success(request, _("The attachment was deleted."))
    return redirect("insight:activity", slug=slug, code=attachment.activity.code)


# Observations -------------------------------------------------------------------------------


def filtered_observations(access: ProjectAccess, form: FilterForm) -> QuerySet[Observation]:
    qs = _observations(access)
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    for field in ("group", "activity"):
        if data[field]:
            qs = qs.filter(**{"speaker_group" if field == "group" else field: data[field]})
    if data["kind"]:
        qs = qs.filter(kind=data["kind"])
    if data["sensitivity"]:
        qs = qs.filter(sensitivity=data["sensitivity"])
    if data["tag"]:
        qs = qs.filter(tags__name=data["tag"].strip().lower())
    if data["theme"] == "none":
        qs = qs.filter(theme__isnull=True)
    elif data["theme"]:
        qs = qs.filter(theme__code=data["theme"])
    return search_observations(qs, data["q"])


def observation_page(qs: QuerySet[Observation], number: Any) -> Page:
    """One page of the observation list, in two cheap queries (plus the COUNT and the tags).

    The page is chosen over primary keys only (no joins, so PostgreSQL can walk the
    `(project, created_at, id)` index or sort only the matching ids), then just the page's rows are
    loaded with their relations, in the same order. `page.object_list` holds the observations.
    """
    ids_qs = qs.select_related(None).prefetch_related(None).values_list("pk", flat=True)
    page = Paginator(ids_qs, PAGE_SIZE).get_page(number)
    ids = list(page.object_list)
    loaded = {o.pk: o for o in qs.filter(pk__in=ids).order_by()}
    observations: list[Any] = [loaded[pk] for pk in ids if pk in loaded]
    page.object_list = observations
    return page


@login_required
def observation_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    filters = FilterForm(request.GET or None, project=access.project)
    page = observation_page(filtered_observations(access, filters), request.GET.get("page"))
    query = filters.cleaned_data.get("q", "") if filters.is_bound and filters.is_valid() else ""
    rows = [(o, highlight(o.text, query)) for o in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    context = _ctx(
        access,
        filters=filters,
        page=page,
        rows=rows,
        params=params.urlencode(),
        themes=Theme.objects.filter(project=access.project),
    )
    return render_page_or_partial(request, "insight/observation_list.html", "results", context)


@login_required
def observation_capture(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    activity = _activity_from_query(access, request.GET.get("activity", ""))
    initial = {"submission_key": new_submission_key(), "activity": activity.pk if activity else None}
    form = CaptureForm(request.POST or None, project=access.project, initial=initial)
    context = _ctx(access, form=form, flagged=[], pii_errors=[])
    if request.method == "POST" and form.is_valid():
        notes = form.cleaned_data["notes"]
        flagged = guard.review_notes(notes)
        kept, errors = guard.read_decisions(request.POST, flagged)
        if flagged and (errors or "pii_reviewed" not in request.POST):
            # Show what was found; the default is to remove it.
            context.update(flagged=flagged, pii_errors=errors, notes_count=len(notes))
            return render(request, "insight/capture.html", context, status=400 if errors else 200)
        data = form.cleaned_data
        created = actions.capture_observations(
            project=access.project,
            notes=guard.apply_decisions(notes, kept),
            kind=data["kind"],
            activity=data["activity"],
            speaker_group=data["speaker_group"],
            on_behalf_of=data["on_behalf_of"],
            legal_basis=data["legal_basis"],
            sensitivity=data["sensitivity"],
            tags=data["tags"],
            acting_user=request.user,
            capture_key=data["submission_key"],
        )
        messages.success(
            request,
            ngettext("%(count)d observation was saved.", "%(count)d observations were saved.", len(created))
            % {"count": len(created)},
        )
        return redirect("insight:observations", slug=slug)
    return render(request, "insight/capture.html", context, status=400 if form.is_bound else 200)


def _activity_from_query(access: ProjectAccess, code: str) -> Activity | None:
    try:
        return Activity.objects.filter(project=access.project, code=uuid.UUID(code)).first()
    except ValueError:
        return None


def _get_observation(access: ProjectAccess, code: str) -> Observation:
    return get_object_or_404(Observation.objects.visible_to(access), code=code)


@login_required
def observation_edit(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    observation = _get_observation(access, code)
    form = ObservationForm(request.POST or None, instance=observation, project=access.project)
    if request.method == "POST" and form.is_valid():
        observation = form.instance
        observation.text, found = guard.redact_all(observation.text)
        actions.save_observation(observation=observation, tags=form.cleaned_data["tag_list"], acting_user=request.user)
        if found:
            messages.warning(request, _("Personal identifiers in the text were removed."))
        messages.success(request, _("The observation was saved."))
        return redirect("insight:observations", slug=slug)
    return render(request, "insight/observation_form.html", _ctx(access, form=form, observation=observation))


@login_required
@require_POST
def observation_delete(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    observation = _get_observation(access, code)
    actions.delete_observation(observation=observation, acting_user=request.user)
    messages.success(request, _("The observation was deleted."))
    return redirect("insight:observations", slug=slug)


@login_required
@require_POST
def observations_move(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    form = MoveObservationsForm(
        request.POST, observations=Observation.objects.visible_to(access), project=access.project
    )
    if form.is_valid():
        theme = form.cleaned_data["theme"]
        count = actions.move_observations(
            project=access.project,
            observations=form.cleaned_data["observations"],
            theme=theme,
            acting_user=request.user,
        )
        name = theme.name if theme else _("no theme")
        messages.success(
            request,
            ngettext(
                "%(count)d observation was moved to %(theme)s.",
                "%(count)d observations were moved to %(theme)s.",
                count,
            )
            % {"count": count, "theme": name},
        )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _back(request, "insight:observations", slug)


# Themes and the affinity board --------------------------------------------------------------


@login_required
def board(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The affinity board: a column per theme, showing the first BOARD_CARDS cards of each.

    Three queries whatever the size: the count per column, the first cards of every column (a
    window function ranks the cards within their theme), their tags. A full column links to the
    theme (or, for "Unsorted", to the filtered observation list).
    """
    access = get_project_for_user(request.user, slug)
    visible = _observations(access)
    totals: dict[int | None, int] = dict(
        visible.order_by().values_list("theme_id").annotate(n=Count("pk")).values_list("theme_id", "n")
    )
    rank = Window(RowNumber(), partition_by=F("theme_id"), order_by=[F("created_at").asc(), F("id").asc()])
    cards = visible.annotate(rank=rank).filter(rank__lte=BOARD_CARDS).order_by("created_at", "id")
    themes = list(Theme.objects.filter(project=access.project))
    columns: dict[int | None, list[Observation]] = {t.pk: [] for t in themes}
    columns[None] = []
    for o in cards:
        columns.setdefault(o.theme_id, []).append(o)
    context = _ctx(
        access,
        columns=[(t, columns[t.pk], totals.get(t.pk, 0)) for t in themes],
        unsorted=columns[None],
        unsorted_total=totals.get(None, 0),
        themes=themes,
        theme_form=ThemeForm(),
        board_cards=BOARD_CARDS,
    )
    return render(request, "insight/board.html", context)


@login_required
@require_POST
def theme_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    form = ThemeForm(request.POST)
    if form.is_valid():
        actions.create_theme(project=access.project, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The theme was created."))
    else:
        messages.error(request, _("Give the theme a name of at most 120 characters."))
    return _back(request, "insight:board", slug)


def _get_theme(access: ProjectAccess, code: str) -> Theme:
    return get_object_or_404(Theme, project=access.project, code=code)


@login_required
def theme_detail(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    theme = _get_theme(access, code)
    observations = _observations(access).filter(theme=theme)
    context = _ctx(
        access,
        theme=theme,
        observations=observations,
        rename_form=ThemeForm(initial={"name": theme.name, "description": theme.description}),
        merge_form=MergeThemeForm(theme=theme),
        split_form=SplitThemeForm(observations=observations),
        insights=theme.insights.all(),
    )
    return render(request, "insight/theme_detail.html", context)


@login_required
@require_POST
def theme_rename(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    theme = _get_theme(access, code)
    form = ThemeForm(request.POST)
    if form.is_valid():
        actions.rename_theme(theme=theme, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The theme was saved."))
    else:
        messages.error(request, _("Give the theme a name of at most 120 characters."))
    return redirect("insight:theme", slug=slug, code=code)


@login_required
@require_POST
def theme_merge(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    theme = _get_theme(access, code)
    form = MergeThemeForm(request.POST, theme=theme)
    if not form.is_valid():
        messages.error(request, _("Choose the theme to merge into."))
        return redirect("insight:theme", slug=slug, code=code)
    target = actions.merge_themes(source=theme, target=form.cleaned_data["target"], acting_user=request.user)
    messages.success(request, _("The themes were merged."))
    return redirect("insight:theme", slug=slug, code=target.code)


@login_required
@require_POST
def theme_split(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    theme = _get_theme(access, code)
    form = SplitThemeForm(request.POST, observations=Observation.objects.visible_to(access).filter(theme=theme))
    if not form.is_valid():
        messages.error(request, _("Name the new theme and choose at least one observation to move to it."))
        return redirect("insight:theme", slug=slug, code=code)
    new = actions.split_theme(
        theme=theme,
        observation_ids=[o.pk for o in form.cleaned_data["observations"]],
        name=form.cleaned_data["name"],
        acting_user=request.user,
    )
    messages.success(request, _("The new theme “%(name)s” was created.") % {"name": new.name})
    return redirect("insight:theme", slug=slug, code=new.code)


@login_required
@require_POST
def theme_delete(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    theme = _get_theme(access, code)
    actions.delete_theme(theme=theme, acting_user=request.user)
    messages.success(request, _("The theme was deleted. Its observations are now unsorted."))
    return redirect("insight:board", slug=slug)


# Theme suggestions --------------------------------------------------------------------------


@login_required
def suggestion_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    # A suggestion's words can come from sensitive observations.
    access = get_project_for_user(request.user, slug, need=SENSITIVE_ROLE)
    run = SuggestionRun.objects.filter(project=access.project).first()
    suggestions = list(ThemeSuggestion.objects.filter(project=access.project, status=ThemeSuggestion.Status.OPEN))
    wanted = {i for s in suggestions for i in s.representative_ids}
    visible = {o.pk: o for o in Observation.objects.visible_to(access).filter(pk__in=wanted)}
    items = [(s, [visible[i] for i in s.representative_ids if i in visible]) for s in suggestions]
    context = _ctx(access, run=run, items=items)
    return render_job_status(request, "insight/suggestions.html", run, context)


@login_required
@require_POST
def suggestion_run(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    actions.request_theme_suggestions(project=access.project, acting_user=request.user)
    messages.info(request, _("Theme suggestions are being computed."))
    return redirect("insight:suggestions", slug=slug)


@login_required
@require_POST
def suggestion_accept(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    suggestion = get_object_or_404(ThemeSuggestion, project=access.project, code=code)
    form = AcceptSuggestionForm(request.POST)
    name = form.cleaned_data["name"] if form.is_valid() else suggestion.label[:120]
    try:
        theme = actions.accept_suggestion(suggestion=suggestion, name=name, acting_user=request.user)
    except actions.InsightError as error:
        messages.error(request, str(error))
        return redirect("insight:suggestions", slug=slug)
    messages.success(request, _("The theme “%(name)s” was created.") % {"name": theme.name})
    return redirect("insight:theme", slug=slug, code=theme.code)


@login_required
@require_POST
def suggestion_discard(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    suggestion = get_object_or_404(ThemeSuggestion, project=access.project, code=code)
    actions.discard_suggestion(suggestion=suggestion, acting_user=request.user)
    messages.success(request, _("The suggestion was discarded."))
    return redirect("insight:suggestions", slug=slug)


# Insights -----------------------------------------------------------------------------------


@login_required
def insight_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    return render(request, "insight/insight_list.html", _ctx(access, rows=insights_with_strength(access)))


@login_required
def insight_detail(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    rows = insights_with_strength(access, Insight.objects.filter(project=access.project, code=code))
    if not rows:
        raise Http404
    return render(request, "insight/insight_detail.html", _ctx(access, row=rows[0], insight=rows[0].insight))


@login_required
def insight_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _insight_form(request, slug, None)


@login_required
def insight_edit(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    return _insight_form(request, slug, code)


def _insight_form(request: AuthenticatedHttpRequest, slug: str, code: str | None) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.CONTRIBUTOR)
    insight = get_object_or_404(Insight, project=access.project, code=code) if code else None
    visible = Observation.objects.visible_to(access)
    initial = {}
    if insight is None and request.GET.get("theme"):
        try:
            theme = Theme.objects.filter(project=access.project, code=uuid.UUID(request.GET["theme"])).first()
        except ValueError:
            theme = None
        if theme:
            initial = {"themes": [theme.pk], "evidence": list(visible.filter(theme=theme).values_list("pk", flat=True))}
    form = InsightForm(request.POST or None, instance=insight, project=access.project, visible=visible, initial=initial)
    if request.method == "POST" and form.is_valid():
        hidden = insight.evidence.exclude(pk__in=visible.values("pk")) if insight else []
        saved = actions.save_insight(
            insight=form.instance,
            themes=form.cleaned_data["themes"],
            evidence=form.cleaned_data["evidence"],
            hidden_evidence=list(hidden),
            acting_user=request.user,
        )
        messages.success(request, _("The insight was saved."))
        return redirect("insight:insight", slug=slug, code=saved.code)
    return render(request, "insight/insight_form.html", _ctx(access, form=form, insight=insight))


@login_required
@require_POST
def insight_delete(request: AuthenticatedHttpRequest, slug: str, code: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug, need=Role.EDITOR)
    insight = get_object_or_404(Insight, project=access.project, code=code)
    actions.delete_insight(insight=insight, acting_user=request.user)
    messages.success(request, _("The insight was deleted."))
    return redirect("insight:insights", slug=slug)


# Coverage -----------------------------------------------------------------------------------


@login_required
def coverage(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = get_project_for_user(request.user, slug)
    return render(request, "insight/coverage.html", _ctx(access, coverage=build_coverage(access.project)))
