"""Benchmark: forecast one service for every municipality in the panel × 3 alternatives × 25 years.

Run as ``.venv/bin/python benchmarks/forecast.py [service]``. Only Oslo's projection (SSB table
14746) is shipped, so each municipality gets a synthetic projection with Oslo's shape: Oslo's
persons by alternative, year, sex and single age, scaled per panel band (0–66, 67–79, 80+) to
the municipality's registered population in 2025. The numbers are therefore not forecasts
for those municipalities; the sizes and the code path are the real ones.

It times

* **ours** — per municipality, what the product does: rates from the panel's base year
  (`runs.build_spec`, with its rules for suppressed bands) and the projection
  (`cohort_model.population_by_band` + `cohort_model.project_users`);
* **reference** — the projection for all municipalities as one vectorised numpy expression
  (band sums of the single-age array, times the rates, summed over bands), given the same rates;

and prints both, the ratio (ours ÷ reference) and the largest difference between them. Target:
ours < 5 s.
"""

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mulighetsrom.forecast import cohort_model, panel, runs
from mulighetsrom.forecast.tests import projection_text

BASE_YEAR = 2025


def synthetic_projections(
    oslo: pd.DataFrame, data: pd.DataFrame, codes: list[str]
) -> tuple[np.ndarray, list[str], list[int], list[int]]:
    """persons[m, alternative, year, age] (sexes summed), Oslo's shape scaled to each municipality."""
    table = oslo.groupby(["alternative", "year", "age"])["persons"].sum()
    alts, years, ages = (list(level) for level in table.index.levels)
    shape = np.zeros((len(alts), len(years), len(ages)))
    shape[tuple(np.asarray(c) for c in table.index.codes)] = table.to_numpy()
    base = data[data["year"] == BASE_YEAR].set_index("code")
    band_of_age = np.searchsorted([67, 80], np.array(ages), side="right")  # 0: 0–66, 1: 67–79, 2: 80+
    columns = list(panel.POPULATION_COLUMNS.values())
    oslo_base = base.loc["0301", columns].to_numpy(dtype=float)
    scale = base.loc[codes, columns].to_numpy(dtype=float) / oslo_base  # [m, band]
    return shape[None, :, :, :] * scale[:, None, None, band_of_age], alts, years, ages


def tidy(persons: np.ndarray, alts: list[str], years: list[int], ages: list[int]) -> pd.DataFrame:
    a, y, g = np.meshgrid(np.arange(len(alts)), np.arange(len(years)), np.arange(len(ages)), indexing="ij")
    return pd.DataFrame(
        {
            "alternative": np.array(alts, dtype=object)[a.ravel()],
            "year": np.array(years)[y.ravel()],
            "sex": "total",
            "age": np.array(ages)[g.ravel()],
            "persons": persons.ravel(),
        }
    )


def main() -> None:
    service = sys.argv[1] if len(sys.argv) > 1 else "long_term_institution"
    data = panel.shipped_panel()
    column = panel.SERVICES[service].total
    codes = sorted(data[(data["year"] == BASE_YEAR) & data[column].notna()]["code"].unique())
    oslo = runs.projection(projection_text())
    persons, alts, years, ages = synthetic_projections(oslo, data, codes)
    frames = [tidy(persons[m], alts, years, ages) for m in range(len(codes))]
    print(f"{len(codes)} municipalities × {len(alts)} alternatives × {len(years)} years, service {service}")

    start = time.perf_counter()
    specs = [
        runs.build_spec(runs.RunChoices(service=service, municipality=code, base_year=BASE_YEAR), data)
        for code in codes
    ]
    rates_time = time.perf_counter() - start
    start = time.perf_counter()
    ours = []
    for spec, frame in zip(specs, frames, strict=True):
        bands = cohort_model.parse_bands(spec.bands)
        by_band = cohort_model.population_by_band(frame, bands)
        ours.append(cohort_model.project_users(by_band, spec.rates, base_year=BASE_YEAR)["total"].to_numpy())
    projection_time = time.perf_counter() - start
    ours_total = rates_time + projection_time

    # Reference: the same projection as one expression over [municipality, alternative, year, age].
    band_sets = [cohort_model.parse_bands(s.bands) for s in specs]
    common = band_sets[0]
    if any(b != common for b in band_sets):
        raise SystemExit("The reference needs the same bands for every municipality.")
    edges = [b.lo for b in common][1:]
    rates = np.array([[s.rates[b.label] for b in common] for s in specs])  # [m, band]
    start = time.perf_counter()
    one_hot = np.eye(len(common))[np.searchsorted(edges, np.array(ages), side="right")]  # [age, band]
    reference = np.einsum("mayg,gb,mb->may", persons, one_hot, rates, optimize=True)
    reference_time = time.perf_counter() - start

    difference = float(np.max(np.abs(np.stack(ours).reshape(reference.shape) - reference)))
    print(
        f"ours:      {ours_total:.3f} s  (rates from the panel {rates_time:.3f} s, projection {projection_time:.3f} s)"
    )
    print(f"reference: {reference_time:.4f} s  (one vectorised numpy expression, projection only)")
    print(
        f"ratio:     {projection_time / reference_time:.0f}× (projection), {ours_total / reference_time:.0f}× (total)"
    )
    print(f"largest difference in users: {difference:.2e}")
    print(f"target < 5 s: {'met' if ours_total < 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
