"""Forecast work with side effects: importing SSB data, fetching it, saving and reproducing runs."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from mulighetsrom.accounts.models import Organization, User
from mulighetsrom.forecast import jsonstat, panel, population, runs, ssb, texts
from mulighetsrom.forecast.cohort_model import ForecastSpec, ModelError
from mulighetsrom.forecast.models import FetchJob, ForecastRun, PopulationDataset
from mulighetsrom.projects.actions import log_event
from mulighetsrom.projects.models import Project, ProjectEvent

DATA_DIR = Path(__file__).resolve().parent / "data" / "ssb"
SHIPPED_FILES = ["14746_oslo_2026_projection.jsonstat2.json", "07459_raw.jsonstat2.json"]
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MODEL_VERSION = 1


class ForecastInputError(Exception):
    """Input that cannot be used; `str(exc)` is a translated, user-facing sentence."""

    def __init__(self, message: str, code: str = "", params: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.params = params or {}


def _wrap(exc: jsonstat.JsonStatError | ModelError | ssb.SSBError) -> ForecastInputError:
    return ForecastInputError(texts.error_message(exc), exc.code, _jsonable(exc.params))


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if isinstance(v, int | float | str) else str(v)) for k, v in params.items()}


def table_specs() -> dict[str, population.TableSpec]:
    """The projection and registered-population tables in use (a later round: set FORECAST_PROJECTION_TABLE)."""
    projection = population.PROJECTION_2026
    table = getattr(settings, "FORECAST_PROJECTION_TABLE", projection.table_id)
    return {
        "projection": dataclasses.replace(projection, table_id=table),
        "registered": population.REGISTERED_07459,
    }


def _classify(ds: jsonstat.Dataset) -> population.TableSpec:
    specs = table_specs()
    for spec in specs.values():
        if ds.table_id == spec.table_id:
            return spec
    if ds.has("ContentsCode"):
        codes = set(ds.dimension("ContentsCode").codes)
        for spec in specs.values():
            if codes & set(spec.contents) and spec.kind == "projection" and "Personer" in codes:
                return spec
    raise jsonstat.JsonStatError("unknown_table", ds.table_id)


def import_dataset(
    *,
    text: str,
    source: str,
    organization: Organization | None,
    acting_user: User | None,
    retrieved_at: datetime | None = None,
) -> PopulationDataset:
    """Check a JSON-stat 2.0 response fully, then store it verbatim. Nothing is saved if it fails."""
    if len(text.encode()) > MAX_UPLOAD_BYTES:
        raise ForecastInputError(texts.message_for("too_large"), "too_large")
    try:
        ds = jsonstat.loads(text)
        spec = _classify(ds)
        pop = population.population_frame(ds, contents=spec.contents)
    except jsonstat.JsonStatError as exc:
        raise _wrap(exc) from exc
    region = ds.dimension("Region") if ds.has("Region") else None
    code = region.codes[0].removeprefix("K-") if region else ""
    return PopulationDataset.objects.create(
        organization=organization,
        kind=spec.kind,
        source=source,
        table_id=ds.table_id or spec.table_id,
        municipality=code[:4],
        region_label=(region.labels[region.codes[0]] if region else "")[:120],
        label=ds.label[:300],
        ssb_updated=ds.updated[:40],
        retrieved_at=retrieved_at,
        first_year=int(pop["year"].min()),
        last_year=int(pop["year"].max()),
        raw=text,
        created_by=acting_user,
    )


def ensure_shipped_datasets() -> list[PopulationDataset]:
    """The sample responses shipped in data/ssb/, stored once (organization empty: everyone sees them)."""
    out = []
    for name in SHIPPED_FILES:
        text = (DATA_DIR / name).read_bytes().decode("utf-8")
        digest = hashlib.sha256(text.encode()).hexdigest()
        existing = PopulationDataset.objects.filter(source=PopulationDataset.Source.SHIPPED, sha256=digest).first()
        out.append(
            existing
            or import_dataset(text=text, source=PopulationDataset.Source.SHIPPED, organization=None, acting_user=None)
        )
    return out


def datasets_for(organization: Organization) -> QuerySet[PopulationDataset]:
    from django.db.models import Q

    return PopulationDataset.objects.filter(Q(organization=organization) | Q(organization__isnull=True)).defer("raw")


@transaction.atomic
def request_fetch(*, project: Project, kind: str, municipality: str, acting_user: User) -> FetchJob:
    """Queue a background fetch from SSB for one municipality (old codes are translated first)."""
    try:
        code = panel.resolve_code(municipality, panel.shipped_panel())
    except ModelError:
        code = municipality.strip().zfill(4)  # a code the panel does not know; let SSB decide
    job = FetchJob.objects.create(
        project=project, kind=kind, table_id=table_specs()[kind].table_id, municipality=code, requested_by=acting_user
    )
    from mulighetsrom.forecast.tasks import fetch_population

    transaction.on_commit(lambda: fetch_population.enqueue(job_id=job.pk))
    return job


def run_fetch_job(job_id: int, client: ssb.SSBClient | None = None) -> FetchJob:
    """Claim a queued job, fetch, import. The job ends DONE with a dataset, or FAILED with a reason."""
    job = FetchJob.objects.select_related("project__organization", "requested_by").get(pk=job_id)
    if not job.claim():
        return job
    spec = table_specs()[job.kind]
    client = client or ssb.SSBClient()
    try:
        if job.kind == "registered":
            selection = ssb.registered_selection(job.municipality, list(spec.contents))
            fetched = client.data(
                spec.table_id, selection, codelists=ssb.REGISTERED_CODELISTS,
                output_values=ssb.REGISTERED_OUTPUT_VALUES, expected_cells=2 * 106 * 60,
            )  # fmt: skip
        else:
            selection = ssb.projection_selection(job.municipality, list(spec.contents))
            fetched = client.data(spec.table_id, selection, expected_cells=2 * 106 * len(spec.contents) * 60)
        dataset = import_dataset(
            text=fetched.text, source=PopulationDataset.Source.SSB_API, organization=job.project.organization,
            acting_user=job.requested_by, retrieved_at=fetched.retrieved_at,
        )  # fmt: skip
    except (ssb.SSBError, ForecastInputError) as exc:
        job.mark_failed(error_code=exc.code, error_params=_jsonable(exc.params))
    else:
        job.mark_done(dataset=dataset)
    return job


def dataset_inputs(dataset: PopulationDataset) -> dict[str, Any]:
    return {
        "code": str(dataset.code),
        "sha256": dataset.sha256,
        "table_id": dataset.table_id,
        "municipality": dataset.municipality,
        "region_label": dataset.region_label,
        "source": dataset.source,
        "retrieved_at": dataset.retrieved_at.isoformat() if dataset.retrieved_at else None,
        "ssb_updated": dataset.ssb_updated,
    }


def _panel_inputs() -> dict[str, str]:
    return {"file": panel.PANEL_PATH.name, "sha256": hashlib.sha256(panel.PANEL_PATH.read_bytes()).hexdigest()}


def compute_run(*, dataset: PopulationDataset, choices: runs.RunChoices) -> tuple[dict[str, Any], dict[str, Any]]:
    """(inputs, outputs) for a run as stored (outputs: `ForecastResult.to_json()`), or ForecastInputError.

    Saves nothing.
    """
    if dataset.kind != PopulationDataset.Kind.PROJECTION:
        raise ForecastInputError(texts.message_for("no_alternatives"), "no_alternatives")
    # Rates come from the same municipality as the projection, so the two always match.
    choices = dataclasses.replace(choices, municipality=dataset.municipality)
    try:
        spec = runs.build_spec(choices)
        outputs = runs.compute(dataset.raw, spec).to_json()
    except (ModelError, jsonstat.JsonStatError) as exc:
        raise _wrap(exc) from exc
    inputs = {
        "model_version": MODEL_VERSION,
        "choices": dataclasses.asdict(choices),
        "spec": spec.to_dict(),
        "dataset": dataset_inputs(dataset),
        "panel": _panel_inputs(),
    }
    return inputs, outputs


@transaction.atomic
def create_run(
    *, project: Project, dataset: PopulationDataset, name: str, choices: runs.RunChoices, acting_user: User | None
) -> ForecastRun:
    inputs, outputs = compute_run(dataset=dataset, choices=choices)
    run = ForecastRun.objects.create(
        project=project,
        name=name,
        service=choices.service,
        municipality=dataset.municipality,
        dataset=dataset,
        inputs=inputs,
        outputs=outputs,
        created_by=acting_user,
    )
    if acting_user is not None:
        log_event(project=project, actor=acting_user, verb=ProjectEvent.Verb.CREATED, obj=run)
    return run


def recompute_run(run: ForecastRun) -> dict[str, Any]:
    """The stored outputs again, from the stored inputs and the same dataset (checked by checksum)."""
    if run.dataset.sha256 != run.inputs["dataset"]["sha256"]:
        raise ForecastInputError(texts.message_for("bad_response"), "dataset_changed")
    spec = ForecastSpec.from_dict(run.inputs["spec"])
    return runs.compute(run.dataset.raw, spec).to_json()


@transaction.atomic
def delete_run(*, run: ForecastRun, acting_user: User) -> None:
    log_event(project=run.project, actor=acting_user, verb=ProjectEvent.Verb.DELETED, obj=run)
    run.delete()
