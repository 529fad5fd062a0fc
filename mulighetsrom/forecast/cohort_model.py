"""Service demand from population projections: use rates, projected users, capacity gaps, indicators.

Pure module: no Django. Inputs are a tidy population frame (see population.py: columns
alternative, year, sex, age, persons) and plain numbers; outputs are DataFrames and a
`ForecastResult` (`compute_forecast`; results.py keeps its stored JSON shape). Two methods,
as in Norwegian municipal planning:

* rates: base-year users per age band ÷ base-year population in the band, times the
  projected population in the band, optionally changed by a yearly factor (a policy
  lever such as more care at home or welfare technology);
* coverage: a coverage ratio (users per inhabitant aged 80+) times the projected 80+,
  optionally moving linearly to a target coverage by a target year.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from mulighetsrom.forecast.results import SEXES, ForecastResult, Pyramid, Series


class ModelError(ValueError):
    """Inputs the model cannot use. `code` selects the user message on the Django side."""

    def __init__(self, code: str, detail: str = "", /, **params: Any) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.params = params


@dataclass(frozen=True, order=True)
class Band:
    lo: int
    hi: int | None  # inclusive; None = and older

    @property
    def label(self) -> str:
        return f"{self.lo}+" if self.hi is None else f"{self.lo}–{self.hi}"

    def contains(self, age: int) -> bool:
        return age >= self.lo and (self.hi is None or age <= self.hi)


_BAND = re.compile(r"^\s*(\d{1,3})\s*(?:([-–—])\s*(\d{1,3})|(\+))\s*$")


def parse_band(text: str) -> Band:
    match = _BAND.match(text)
    if not match:
        raise ModelError("bad_band", text, band=text)
    lo = int(match.group(1))
    hi = int(match.group(3)) if match.group(3) is not None else None
    if hi is not None and hi < lo:
        raise ModelError("bad_band", text, band=text)
    return Band(lo, hi)


def parse_bands(text: str | Sequence[str]) -> tuple[Band, ...]:
    """'0-66, 67-79, 80+' → bands. They must not overlap; gaps are allowed (e.g. 20–66 only)."""
    parts = [p for p in (text.split(",") if isinstance(text, str) else text) if str(p).strip()]
    if not parts:
        raise ModelError("no_bands")
    bands = tuple(sorted(parse_band(str(p)) for p in parts))
    for a, b in itertools.pairwise(bands):
        if a.hi is None or a.hi >= b.lo:
            raise ModelError("overlapping_bands", f"{a.label} {b.label}", first=a.label, second=b.label)
    return bands


DEFAULT_BANDS = parse_bands("0-66, 67-79, 80-89, 90+")
PANEL_BANDS = parse_bands("0-66, 67-79, 80+")
OLD, WORKING = Band(67, None), Band(20, 66)
CARERS, CARED = Band(50, 66), Band(85, None)


def _band_index(ages: np.ndarray, bands: Sequence[Band]) -> np.ndarray:
    """Position of each age's band, -1 where no band holds it."""
    out = np.full(ages.shape, -1, dtype=int)
    for i, band in enumerate(bands):
        hi = np.inf if band.hi is None else band.hi
        out[(ages >= band.lo) & (ages <= hi)] = i
    return out


def population_by_band(pop: pd.DataFrame, bands: Sequence[Band]) -> pd.DataFrame:
    """Index (alternative, year), one column per band label: persons summed over sex and ages."""
    which = _band_index(pop["age"].to_numpy(), bands)
    keep = which >= 0
    alt_codes, alts = pd.factorize(pop["alternative"].to_numpy()[keep], sort=True)
    year_codes, years = pd.factorize(pop["year"].to_numpy()[keep], sort=True)
    n_alt, n_year, n_band = len(alts), len(years), len(bands)
    flat = (alt_codes * n_year + year_codes) * n_band + which[keep]
    sums = np.bincount(flat, weights=pop["persons"].to_numpy()[keep], minlength=n_alt * n_year * n_band)
    index = pd.MultiIndex.from_product([alts, years.astype(int)], names=["alternative", "year"])
    return pd.DataFrame(sums.reshape(n_alt * n_year, n_band), index=index, columns=[b.label for b in bands])


def use_rates(users: Mapping[str, float], population: Mapping[str, float]) -> dict[str, float]:
    """Users ÷ population per band. Every band with users needs a positive population."""
    rates = {}
    for label, count in users.items():
        persons = population.get(label)
        if count is None or (isinstance(count, float) and math.isnan(count)):
            raise ModelError("missing_users", label, band=label)
        if count < 0:
            raise ModelError("negative_users", label, band=label)
        if persons is None or persons <= 0 or math.isnan(persons):
            raise ModelError("zero_population", label, band=label)
        rates[label] = float(count) / float(persons)
    return rates


def rate_factor(years: np.ndarray, base_year: int, yearly_change: float) -> np.ndarray:
    """(1 + change) ** (year - base year): a yearly change of -0.01 is one per cent less each year."""
    if yearly_change <= -1:
        raise ModelError("bad_rate_change")
    return np.power(1.0 + yearly_change, years - base_year)


def project_users(
    pop_bands: pd.DataFrame, rates: Mapping[str, float], *, base_year: int, yearly_change: float = 0.0
) -> pd.DataFrame:
    """Index (alternative, year), a column per rated band plus 'total'."""
    missing = [label for label in rates if label not in pop_bands.columns]
    if missing:
        raise ModelError("band_not_in_population", missing[0], band=missing[0])
    labels = list(rates)
    years = pop_bands.index.get_level_values("year").to_numpy()
    factor = rate_factor(years, base_year, yearly_change)
    values = pop_bands[labels].to_numpy() * np.array([rates[b] for b in labels]) * factor[:, None]
    return pd.DataFrame(
        np.column_stack([values, values.sum(axis=1)]), index=pop_bands.index, columns=[*labels, "total"]
    )


def coverage_path(
    years: np.ndarray, *, base_year: int, base: float, target: float | None, target_year: int | None
) -> np.ndarray:
    """Coverage per year: constant, or linear from `base` in the base year to `target` in the target year."""
    if target is None:
        return np.full(years.shape, base, dtype=float)
    end = target_year if target_year is not None else int(years.max())
    if end <= base_year:
        return np.full(years.shape, target, dtype=float)
    share = np.clip((years - base_year) / (end - base_year), 0.0, 1.0)
    return base + (target - base) * share


def coverage_users(
    pop_80: pd.Series, *, base_year: int, base: float, target: float | None = None, target_year: int | None = None
) -> pd.DataFrame:
    years = pop_80.index.get_level_values("year").to_numpy()
    coverage = coverage_path(years, base_year=base_year, base=base, target=target, target_year=target_year)
    return pd.DataFrame({"total": pop_80.to_numpy() * coverage}, index=pop_80.index)


def first_year_over(series: pd.Series, capacity: float) -> int | None:
    """The first year (index) in which the series exceeds capacity, or None."""
    over = series[series > capacity + 1e-9]
    return int(over.index[0]) if len(over) else None


def ratio(pop: pd.DataFrame, numerator: Band, denominator: Band, scale: float = 1.0) -> pd.DataFrame:
    """Index year, a column per alternative: scale × persons in numerator ÷ persons in denominator."""
    bands = population_by_band(pop, [numerator, denominator])
    den = bands[denominator.label].replace(0.0, np.nan)
    series = scale * bands[numerator.label] / den
    return series.unstack("alternative")


@dataclass
class ForecastSpec:
    """Everything a run needs besides the population. Stored as the run's inputs."""

    service: str
    service_label: str
    base_year: int
    method: str = "rates"  # "rates" or "coverage"
    bands: list[str] = field(default_factory=lambda: [b.label for b in PANEL_BANDS])
    rates: dict[str, float] = field(default_factory=dict)
    base_users: float | None = None  # users in the base year (for the chart and the coverage method)
    base_population: dict[str, float] = field(default_factory=dict)  # by band, base year
    capacity: float | None = None
    yearly_rate_change: float = 0.0
    coverage: float | None = None
    target_coverage: float | None = None
    target_year: int | None = None
    dependency_old: str = "67+"
    dependency_working: str = "20-66"
    care_carers: str = "50-66"
    care_cared: str = "85+"
    pyramid_year: int | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ForecastSpec:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def _series(frame: pd.DataFrame, column: str, alternatives: Sequence[str], years: Sequence[int]) -> Series:
    table = frame[column].unstack("alternative").reindex(index=list(years), columns=list(alternatives))
    return {alt: [None if pd.isna(v) else round(float(v), 3) for v in table[alt]] for alt in alternatives}


def _users(spec: ForecastSpec, pop: pd.DataFrame, pop_bands: pd.DataFrame) -> pd.DataFrame:
    """Index (alternative, year), a 'total' column (and one per rated band with the rates method)."""
    if spec.method == "coverage":
        if spec.coverage is None or spec.coverage < 0:
            raise ModelError("missing_coverage")
        pop_80 = population_by_band(pop, [Band(80, None)])["80+"]
        return coverage_users(
            pop_80,
            base_year=spec.base_year,
            base=spec.coverage,
            target=spec.target_coverage,
            target_year=spec.target_year,
        )
    if not spec.rates:
        raise ModelError("missing_rates")
    unknown = [b for b in spec.rates if b not in pop_bands.columns]
    if unknown:
        raise ModelError("band_not_in_population", unknown[0], band=unknown[0])
    return project_users(pop_bands, spec.rates, base_year=spec.base_year, yearly_change=spec.yearly_rate_change)


def compute_forecast(spec: ForecastSpec, pop: pd.DataFrame) -> ForecastResult:
    """Run the model. Equal inputs give an equal result (and equal JSON)."""
    if pop.empty:
        raise ModelError("no_population")
    if (pop["persons"] < 0).any():
        raise ModelError("negative_population")
    alternatives = [a for a in ("MMMM", "LLML", "HHMH") if a in set(pop["alternative"])] or sorted(
        pop["alternative"].unique()
    )
    years = sorted(int(y) for y in pop["year"].unique())
    if spec.base_year > years[0]:
        raise ModelError("base_year_after_projection", str(spec.base_year), year=spec.base_year, first=years[0])
    bands = parse_bands(spec.bands)
    pop_bands = population_by_band(pop, bands)
    users = _users(spec, pop, pop_bands)
    totals = users["total"].unstack("alternative")
    capacity = spec.capacity
    users_total = _series(users, "total", alternatives, years)
    dependency = ratio(pop, parse_band(spec.dependency_old), parse_band(spec.dependency_working), scale=100.0)
    care = ratio(pop, parse_band(spec.care_carers), parse_band(spec.care_cared))
    pyramid_year = spec.pyramid_year if spec.pyramid_year in years else years[-1]
    return ForecastResult(
        alternatives=alternatives,
        years=years,
        bands=[b.label for b in bands],
        population={b.label: _series(pop_bands, b.label, alternatives, years) for b in bands},
        population_total=_series(population_by_band(pop, [Band(0, None)]), "0+", alternatives, years),
        users=users_total,
        users_by_band={b: _series(users, b, alternatives, years) for b in users.columns if b != "total"},
        base_year=spec.base_year,
        base_users=spec.base_users,
        capacity=capacity,
        gap=None
        if capacity is None
        else {alt: [None if v is None else round(v - capacity, 3) for v in vals] for alt, vals in users_total.items()},
        first_year_over_capacity={
            alt: (first_year_over(totals[alt], capacity) if capacity is not None else None) for alt in alternatives
        },
        dependency={alt: _rounded(dependency[alt].reindex(years)) for alt in alternatives},
        care_ratio={alt: _rounded(care[alt].reindex(years)) for alt in alternatives},
        pyramid=pyramid(pop, [years[0], pyramid_year]),
        notes=list(spec.notes),
    )


def _rounded(series: pd.Series) -> list[float | None]:
    return [None if pd.isna(v) else round(float(v), 4) for v in series]


def pyramid(pop: pd.DataFrame, years: Sequence[int], width: int = 5) -> Pyramid:
    """Main-alternative persons by `width`-year age group and sex, for each year."""
    alt = "MMMM" if "MMMM" in set(pop["alternative"]) else str(pop["alternative"].iloc[0])
    chosen = pop[(pop["alternative"] == alt) & pop["year"].isin(list(years))]
    top = 90
    group = np.minimum(chosen["age"].to_numpy() // width * width, top)
    labels = [f"{g}–{g + width - 1}" for g in range(0, top, width)] + [f"{top}+"]
    frame = pd.DataFrame(
        {"year": chosen["year"].to_numpy(), "sex": chosen["sex"].to_numpy(), "group": group, "p": chosen["persons"]}
    )
    table = frame.groupby(["year", "sex", "group"])["p"].sum()
    present = {(y, s) for y, s, _ in table.index}
    result = Pyramid(alternative=alt, groups=labels, years=[int(y) for y in years])
    for year in years:
        for sex in SEXES:
            if (year, sex) in present:
                counts = [float(table.get((year, sex, g), 0.0)) for g in range(0, top + 1, width)]
                result.persons.setdefault(sex, {})[int(year)] = counts
    return result


def users_by_year(result: ForecastResult, years: Sequence[int]) -> dict[str, dict[int, float | None]]:
    """Projected users for selected years: {alternative: {year: users}}."""
    index = {y: i for i, y in enumerate(result.years)}
    missing = [y for y in years if y not in index]
    if missing:
        raise ModelError("year_not_projected", str(missing[0]), year=missing[0])
    return {alt: {y: result.users[alt][index[y]] for y in years} for alt in result.alternatives}
