"""One mechanism for background jobs: the abstract `Job` model and the view helper for its status page.

A job row is created by an action, handed to a django-tasks task by id, and moved through
queued → running → done | failed by the task body with these methods only:

- `claim()` — a conditional UPDATE from queued to running: of two workers given the same job,
  exactly one gets True and does the work (the pattern of `surveys.models.Response.submit`);
- `mark_progress(percent, message)` — 0–100, clamped; only while running;
- `mark_done(**fields)` — progress 100, finished now;
- `mark_failed(error, **fields)` — keeps the progress and message reached, records the error.

Each method writes with one UPDATE (extra model fields may ride along as keyword arguments) and
also sets the attributes on the instance, so the task's copy matches the row.

The model lives here (abstract: no table, no migration, and no foreign key to any app but the user
model) so that every app, whatever its place in the import order, can build on it. Pages show a job
with `templates/includes/job_progress.html` and `render_job_status` below.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mulighetsrom.lib.htmx import render_page_or_partial


class JobStatus(models.TextChoices):
    """The states every job shares. A model may add states of its own (ImportJob's draft) or other labels."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


ACTIVE_STATES = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)


def clamp_percent(value: float) -> int:
    """A progress value as a whole percentage, 0–100."""
    return max(0, min(100, round(value)))


class JobQuerySet(models.QuerySet[Any]):
    def active(self) -> JobQuerySet:
        """Jobs still waiting or running."""
        return self.filter(status__in=ACTIVE_STATES)


class Job(models.Model):
    """The fields and the state changes every background job shares (abstract).

    To add states or relabel them, declare a `Status` TextChoices holding at least the four values
    of `JobStatus` and override `status` with it (see `ImportJob`, `FetchJob`).
    """

    Status: ClassVar[Any] = JobStatus
    # Shown when a failed job recorded no sentence of its own (in the reader's language).
    failure_text: ClassVar[str | Promise] = _(
        "The work could not be completed. Try again, or contact the administrator."
    )

    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    # A short note from the worker on what it is doing; kept when the job fails.
    message = models.CharField(_("message"), max_length=300, blank=True)
    # A user-facing sentence, never an exception's text (it could quote personal data).
    error = models.CharField(_("error"), max_length=500, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="%(app_label)s_%(class)s_progress_0_100")
        ]

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATES

    @property
    def is_failed(self) -> bool:
        return self.status == JobStatus.FAILED

    @property
    def percent(self) -> int:
        return clamp_percent(self.progress)

    @property
    def error_message(self) -> str:
        """The sentence a failed job shows; a model may override it (FetchJob translates a code)."""
        return self.error or str(self.failure_text)

    def _update(self, only_from: tuple[str, ...], **fields: Any) -> bool:
        won = type(self)._default_manager.filter(pk=self.pk, status__in=only_from).update(**fields) == 1
        if won:
            for name, value in fields.items():
                setattr(self, name, value)
        else:
            self.refresh_from_db()
        return won

    def claim(self) -> bool:
        """Move the job from queued to running. True for exactly one caller: the worker that may run it."""
        return self._update((JobStatus.QUEUED,), status=JobStatus.RUNNING, started_at=timezone.now(), progress=0)

    def mark_progress(self, percent: float, message: str | None = None, **fields: Any) -> bool:
        """Record progress (clamped to 0–100) and, if given, what the worker is doing. Only while running."""
        if message is not None:
            fields["message"] = message[:300]
        return self._update((JobStatus.RUNNING,), progress=clamp_percent(percent), **fields)

    def mark_done(self, **fields: Any) -> bool:
        """Finish a running job: progress 100, no error."""
        done = {"status": JobStatus.DONE, "progress": 100, "error": "", "finished_at": timezone.now()}
        return self._update((JobStatus.RUNNING,), **(done | fields))

    def mark_failed(self, error: str = "", **fields: Any) -> bool:
        """Fail a queued or running job with a user-facing sentence; progress and message stay as reached."""
        failed = {"status": JobStatus.FAILED, "error": str(error)[:500], "finished_at": timezone.now()}
        return self._update(ACTIVE_STATES, **(failed | fields))


def render_job_status(
    request: HttpRequest, template: str, job: Job | None, context: dict[str, Any], partial: str = "job"
) -> HttpResponse:
    """A job's status page, or (htmx polling) only its `{% partialdef job %}`; never cached.

    The template includes `includes/job_progress.html`, which polls `poll_url` every 2 s while
    the job is active and offers a plain Refresh link for pages without JavaScript.
    """
    context = {**context, "job": job, "poll_url": request.path}
    response = render_page_or_partial(request, template, partial, context)
    add_never_cache_headers(response)
    return response
