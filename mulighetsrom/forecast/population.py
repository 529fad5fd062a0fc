"""Turn a decoded SSB population table into a tidy frame: alternative, year, sex, age, persons.

Pure module: no Django. Works for the projections (table 14746: one ContentsCode per
projection alternative) and the registered population (table 07459), whatever the
dimension order, and whether or not SSB eliminated the sex dimension.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from mulighetsrom.forecast.jsonstat import Dataset, JsonStatError

MAIN, LOW, HIGH = "MMMM", "LLML", "HHMH"
ALTERNATIVES = (MAIN, LOW, HIGH)
REGISTERED = "registered"


@dataclass(frozen=True)
class TableSpec:
    """Which SSB table to ask and how its ContentsCode maps to our alternatives."""

    table_id: str
    kind: str  # "projection" or "registered"
    contents: Mapping[str, str]


# The 2026 round of the regional projections. A later round is a new TableSpec (or settings).
PROJECTION_2026 = TableSpec("14746", "projection", {"Personer": MAIN, "Personer1": LOW, "Personer2": HIGH})
REGISTERED_07459 = TableSpec("07459", "registered", {"Personer1": REGISTERED})

_AGE = re.compile(r"^(\d{1,3})\+?$")


def age_of(code: str) -> int | None:
    """'000' → 0, '105+' → 105; None for codes that are not a single age (totals, ranges)."""
    match = _AGE.match(code.strip())
    return int(match.group(1)) if match else None


def population_frame(ds: Dataset, *, contents: Mapping[str, str], region: str | None = None) -> pd.DataFrame:
    """Columns alternative, year (int), sex ('1', '2' or 'total'), age (int), persons (float).

    Raises JsonStatError when a cell holds text, a needed dimension is absent, the region is
    not in the data, none of the wanted alternatives is there, a cell is missing or a count is
    negative.
    Years in which every cell is 0 are dropped: SSB returns zeros for a municipality code in
    the years before it existed (see data/ssb/SOURCES.md), and those are not real zeros.
    """
    ds.require_numbers()
    for needed in ("Alder", "Tid"):
        if not ds.has(needed):
            raise JsonStatError("missing_dimension", needed, dimension=needed)
    frame = ds.to_frame()
    if ds.has("Region"):
        regions = ds.dimension("Region").codes
        if region is None and len(regions) > 1:
            raise JsonStatError("several_regions", ",".join(regions))
        chosen = region if region is not None else regions[0]
        if chosen not in regions:
            raise JsonStatError("region_missing", chosen, region=chosen)
        frame = frame[frame["Region"] == chosen]
    if ds.has("ContentsCode"):
        frame = frame[frame["ContentsCode"].isin(list(contents))]
        if frame.empty:
            raise JsonStatError("no_alternatives", ",".join(contents))
        alternative = frame["ContentsCode"].map(dict(contents))
    else:
        alternative = pd.Series(next(iter(contents.values())), index=frame.index)
    ages = frame["Alder"].map(age_of)
    keep = ages.notna()
    out = pd.DataFrame(
        {
            "alternative": alternative[keep].to_numpy(),
            "year": frame.loc[keep, "Tid"].astype(int).to_numpy(),
            "sex": frame.loc[keep, "Kjonn"].astype(str).to_numpy() if ds.has("Kjonn") else "total",
            "age": ages[keep].astype(int).to_numpy(),
            "persons": frame.loc[keep, "value"].to_numpy(dtype=float),
        }
    )
    if out.empty:
        raise JsonStatError("missing_dimension", "Alder", dimension="Alder")
    missing = int(out["persons"].isna().sum())
    if missing:
        raise JsonStatError("missing_cells", f"{missing} cells", count=missing)
    if (out["persons"] < 0).any():
        raise JsonStatError("negative_population")
    totals = out.groupby("year")["persons"].sum()
    empty_years = totals.index[totals.to_numpy() == 0]
    out = out[~out["year"].isin(empty_years)]
    if out.empty:
        raise JsonStatError("zero_population")
    return out.sort_values(["alternative", "year", "sex", "age"], kind="stable").reset_index(drop=True)


def summary(pop: pd.DataFrame) -> dict[str, object]:
    """Small facts about a population frame, for listing a dataset."""
    return {
        "alternatives": sorted(pop["alternative"].unique().tolist()),
        "years": [int(pop["year"].min()), int(pop["year"].max())],
        "max_age": int(pop["age"].max()),
        "first_year_total": float(
            pop[pop["year"] == pop["year"].min()].groupby("alternative")["persons"].sum().iloc[0]
        ),
        "has_sex": bool((pop["sex"] != "total").any()),
        "nonzero": bool(np.any(pop["persons"].to_numpy() > 0)),
    }
