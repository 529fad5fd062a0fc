"""From a user's choices to a ForecastSpec, and from a stored dataset to a result.

Pure module: no Django. Shared by the web views (through actions.py), the `forecast`
management command and the benchmark, so all three compute the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from mulighetsrom.forecast import cohort_model, jsonstat, panel, population
from mulighetsrom.forecast.cohort_model import ForecastSpec, ModelError
from mulighetsrom.forecast.results import ForecastResult

CUSTOM = "custom"


@dataclass
class RunChoices:
    service: str  # a key of panel.SERVICES, or CUSTOM
    municipality: str  # any code the panel knows (old codes are resolved)
    base_year: int
    method: str = "rates"
    service_label: str = ""
    bands: str = ""  # for hand-entered rates; default bands when empty
    manual_rates: dict[str, float] | None = None  # band label → users per inhabitant
    manual_coverage: float | None = None
    capacity: float | None = None
    yearly_rate_change: float = 0.0
    target_coverage: float | None = None
    target_year: int | None = None
    pyramid_year: int | None = None
    dependency_old: str = "67+"
    dependency_working: str = "20-66"
    notes: list[str] = field(default_factory=list)


def build_spec(choices: RunChoices, data: pd.DataFrame | None = None) -> ForecastSpec:
    """Use rates and coverage from the panel's base year, or the hand-entered ones."""
    data = panel.shipped_panel() if data is None else data
    notes = list(choices.notes)
    base: panel.BaseYear | None = None
    if choices.service in panel.SERVICES:
        code = panel.resolve_code(choices.municipality, data)
        if code != choices.municipality.strip().zfill(4):
            notes.append("code_resolved")
        base = panel.base_year_users(data, code, choices.service, choices.base_year)
        notes.extend(base.notes)
    elif choices.service != CUSTOM:
        raise ModelError("unknown_service", choices.service, service=choices.service)
    if choices.manual_rates:
        bands = cohort_model.parse_bands(list(choices.manual_rates))
        rates = {cohort_model.parse_band(k).label: float(v) for k, v in choices.manual_rates.items()}
        if any(v < 0 for v in rates.values()):
            raise ModelError("negative_rate")
        notes.append("rates_by_hand")
    elif choices.method == "rates":
        if base is None:
            raise ModelError("missing_rates")
        rates = cohort_model.use_rates(base.users, base.population)
        bands = tuple(cohort_model.parse_band(b) for b in base.bands)
    else:
        rates, bands = {}, cohort_model.PANEL_BANDS
    coverage = choices.manual_coverage
    if coverage is None and base is not None:
        if base.population_80 <= 0:
            raise ModelError("zero_population", "80+", band="80+")
        coverage = base.total_users / base.population_80
    if choices.method == "coverage" and coverage is None:
        raise ModelError("missing_coverage")
    capacity = choices.capacity if choices.capacity is not None else (base.total_users if base else None)
    if capacity is not None and capacity < 0:
        raise ModelError("negative_capacity")
    return ForecastSpec(
        service=choices.service,
        service_label=choices.service_label,
        base_year=choices.base_year,
        method=choices.method,
        bands=[b.label for b in bands],
        rates=rates,
        base_users=base.total_users if base else None,
        base_population=base.population if base else {},
        capacity=capacity,
        yearly_rate_change=choices.yearly_rate_change,
        coverage=coverage,
        target_coverage=choices.target_coverage,
        target_year=choices.target_year,
        dependency_old=choices.dependency_old,
        dependency_working=choices.dependency_working,
        pyramid_year=choices.pyramid_year,
        notes=notes,
    )


def projection(text: str, *, contents: Mapping[str, str] | None = None, region: str | None = None) -> pd.DataFrame:
    contents = contents or population.PROJECTION_2026.contents
    return population.population_frame(jsonstat.loads(text), contents=contents, region=region)


def compute(text: str, spec: ForecastSpec, *, region: str | None = None) -> ForecastResult:
    return cohort_model.compute_forecast(spec, projection(text, region=region))
