"""Population datasets (SSB responses, kept verbatim), fetch jobs, and saved forecast runs."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mulighetsrom.accounts.models import Organization
from mulighetsrom.forecast.results import ForecastResult
from mulighetsrom.lib.jobs import Job
from mulighetsrom.projects.models import Project


class PopulationDataset(models.Model):
    """One JSON-stat 2.0 response from SSB, stored as received (text) with where and when it came from.

    `organization` is empty for the sample shipped with the product, which every organization sees.
    """

    class Kind(models.TextChoices):
        PROJECTION = "projection", _("Population projection")
        REGISTERED = "registered", _("Registered population")

    class Source(models.TextChoices):
        SSB_API = "ssb_api", _("Fetched from SSB")
        UPLOAD = "upload", _("Uploaded file")
        SHIPPED = "shipped", _("Sample data shipped with Mulighetsrom")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="population_datasets"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    table_id = models.CharField(_("SSB table"), max_length=10)
    municipality = models.CharField(_("municipality number"), max_length=4)
    region_label = models.CharField(_("region"), max_length=120, blank=True)
    label = models.CharField(_("title"), max_length=300)
    ssb_updated = models.CharField(_("updated by SSB"), max_length=40, blank=True)
    retrieved_at = models.DateTimeField(_("retrieved"), null=True, blank=True)
    first_year = models.PositiveSmallIntegerField(null=True)
    last_year = models.PositiveSmallIntegerField(null=True)
    raw = models.TextField(_("response (JSON-stat 2.0)"))
    sha256 = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("population dataset")
        verbose_name_plural = _("population datasets")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.table_id} {self.municipality} {self.region_label}".strip()

    def save(self, *args: object, **kwargs: object) -> None:
        self.sha256 = hashlib.sha256(self.raw.encode()).hexdigest()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def attribution(self) -> str:
        # SSB's required wording, kept in Norwegian in every language.
        return f"Kilde: Statistisk sentralbyrå, tabell {self.table_id}"


class FetchJob(Job):
    """A request to fetch a table from SSB in the background, and how it went (a `lib.jobs.Job`)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Fetching")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="fetch_jobs")
    kind = models.CharField(_("kind"), max_length=12, choices=PopulationDataset.Kind.choices)
    table_id = models.CharField(_("SSB table"), max_length=10)
    municipality = models.CharField(_("municipality number"), max_length=4)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The failure is stored as a code plus parameters and translated when shown (`error_message`).
    error_code = models.CharField(max_length=40, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    dataset = models.ForeignKey(PopulationDataset, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta(Job.Meta):
        verbose_name = _("SSB fetch")
        verbose_name_plural = _("SSB fetches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.table_id} {self.municipality} ({self.status})"

    @property
    def error_message(self) -> str:
        from mulighetsrom.forecast import texts

        return texts.message_for(self.error_code, self.error_params) if self.error_code else super().error_message


class ForecastRun(models.Model):
    """A saved forecast: its inputs (data, base year, bands, rates, levers) and its outputs.

    Pages read `outputs`; `actions.recompute_run` reproduces them from `inputs` and the
    dataset, whose checksum the inputs record.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="forecast_runs")
    name = models.CharField(_("name"), max_length=150)
    service = models.CharField(_("service"), max_length=40)
    municipality = models.CharField(_("municipality number"), max_length=4)
    dataset = models.ForeignKey(
        PopulationDataset, on_delete=models.PROTECT, related_name="runs", verbose_name=_("population projection")
    )
    inputs = models.JSONField()
    outputs = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def result(self) -> ForecastResult:
        """`outputs` as a typed result; runs saved in older, partial shapes load too."""
        return ForecastResult.from_json(self.outputs)
