"""A forecast's results as typed values, and their stored JSON shape.

Pure module: no Django. `cohort_model.compute_forecast` returns a `ForecastResult`; a saved
run keeps `ForecastResult.to_json()` in `ForecastRun.outputs`, and pages read it back with
`ForecastResult.from_json()`. The JSON shape is the one runs have been saved in from the
start (string keys, one list per alternative, the pyramid as "<year>:<sex>" keys), so runs
saved before these classes existed load unchanged. Keys missing from an old or partial run
read as empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# Alternative code → one value per projected year (None where the value is undefined).
Series = dict[str, list[float | None]]

MAIN, LOW, HIGH = "MMMM", "LLML", "HHMH"
SEXES = ("1", "2", "total")  # SSB's codes: men, women; "total" when the data has no sex split


@dataclass(frozen=True)
class Range:
    """One year's value in the main alternative and the low–high span of the other two."""

    main: float | None
    low: float | None = None
    high: float | None = None

    @property
    def has_span(self) -> bool:
        return self.low is not None and self.high is not None


def range_at(series: Mapping[str, Sequence[float | None]], i: int) -> Range:
    """The main value at position `i`, with low–high ordered (a missing low or high value counts as 0)."""
    main = series[MAIN][i] if MAIN in series else None
    if LOW in series and HIGH in series:
        low, high = sorted([series[LOW][i] or 0.0, series[HIGH][i] or 0.0])
        return Range(main, low, high)
    return Range(main)


@dataclass
class Pyramid:
    """Persons by age group and sex in the main alternative, for the first and one later year."""

    alternative: str
    groups: list[str]
    years: list[int]
    # sex code ("1", "2" or "total") → year → persons per group
    persons: dict[str, dict[int, list[float]]] = field(default_factory=dict)

    def men(self, year: int) -> list[float]:
        """Men in `year`; the total when the data has no sex split."""
        return self.persons.get("1", {}).get(year) or self.persons.get("total", {}).get(year) or []

    def women(self, year: int) -> list[float]:
        """Women in `year`; zeros when the data has no sex split (the total is drawn as men)."""
        return self.persons.get("2", {}).get(year) or [0.0] * len(self.groups)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"alternative": self.alternative, "groups": self.groups, "years": self.years}
        for year in self.years:
            for sex in SEXES:
                if year in self.persons.get(sex, {}):
                    out[f"{year}:{sex}"] = self.persons[sex][year]
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Pyramid:
        years = [int(y) for y in data.get("years", [])]
        persons: dict[str, dict[int, list[float]]] = {}
        for year in years:
            for sex in SEXES:
                values = data.get(f"{year}:{sex}")
                if values is not None:
                    persons.setdefault(sex, {})[year] = list(values)
        return cls(str(data.get("alternative", MAIN)), list(data.get("groups", [])), years, persons)


@dataclass
class ForecastResult:
    """Everything a page, an export or a need reads from a run. Equal inputs give an equal result."""

    alternatives: list[str]
    years: list[int]
    users: Series
    bands: list[str] = field(default_factory=list)
    population: dict[str, Series] = field(default_factory=dict)  # band label → series
    population_total: Series = field(default_factory=dict)
    users_by_band: dict[str, Series] = field(default_factory=dict)
    base_year: int | None = None
    base_users: float | None = None
    capacity: float | None = None
    gap: Series | None = None  # users minus capacity; None without a capacity
    first_year_over_capacity: dict[str, int | None] = field(default_factory=dict)
    dependency: Series = field(default_factory=dict)
    care_ratio: Series = field(default_factory=dict)
    pyramid: Pyramid | None = None
    notes: list[str] = field(default_factory=list)

    def index(self, year: int) -> int:
        return self.years.index(year)

    def main_users(self, year: int) -> float | None:
        """Users in the main alternative in `year` (None if the run has no main alternative)."""
        values = self.users.get(MAIN)
        return None if values is None else values[self.index(year)]

    def users_range(self, year: int) -> Range:
        """Users in `year`: the main alternative, and the lowest and highest of all alternatives."""
        i = self.index(year)
        values = [v[i] for a, v in self.users.items() if a in (MAIN, LOW, HIGH)]
        known = [v for v in values if v is not None]
        return Range(self.main_users(year), min(known, default=None), max(known, default=None))

    def to_json(self) -> dict[str, Any]:
        """The stored shape. Keep it stable: saved runs and the needs made from them depend on it."""
        return {
            "alternatives": self.alternatives,
            "years": self.years,
            "bands": self.bands,
            "population": self.population,
            "population_total": self.population_total,
            "users": self.users,
            "users_by_band": self.users_by_band,
            "base_year": self.base_year,
            "base_users": self.base_users,
            "capacity": self.capacity,
            "gap": self.gap,
            "first_year_over_capacity": self.first_year_over_capacity,
            "dependency": self.dependency,
            "care_ratio": self.care_ratio,
            "pyramid": self.pyramid.to_json() if self.pyramid is not None else None,
            "notes": self.notes,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ForecastResult:
        """Read a stored result, of this shape or an older, partial one (at least years and users)."""
        users: Series = {str(a): list(v) for a, v in data["users"].items()}
        pyramid = data.get("pyramid")
        return cls(
            alternatives=list(data.get("alternatives") or users),
            years=[int(y) for y in data["years"]],
            users=users,
            bands=list(data.get("bands", [])),
            population={b: dict(s) for b, s in (data.get("population") or {}).items()},
            population_total=dict(data.get("population_total") or {}),
            users_by_band={b: dict(s) for b, s in (data.get("users_by_band") or {}).items()},
            base_year=data.get("base_year"),
            base_users=data.get("base_users"),
            capacity=data.get("capacity"),
            gap=dict(data["gap"]) if data.get("gap") is not None else None,
            first_year_over_capacity=dict(data.get("first_year_over_capacity") or {}),
            dependency=dict(data.get("dependency") or {}),
            care_ratio=dict(data.get("care_ratio") or {}),
            pyramid=Pyramid.from_json(pyramid) if pyramid else None,
            notes=list(data.get("notes", [])),
        )
