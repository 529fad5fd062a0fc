"""The shipped municipal panel (2007–2025): registered population and care-service users by age band.

Pure module: no Django. The panel is in the 2024 municipal structure, so a series for a
municipality is continuous across mergers and new codes; `resolve_code` maps an old code
(e.g. Bærum 0219 or 3024) to its 2024 code (3201) using the panel's record of which
historical codes fed each row.

Age bands in the panel: 0–66, 67–79, 80+. Not every service has every band (see SERVICES),
and SSB suppresses small cells; `base_year_users` fills the gaps in a documented way.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from mulighetsrom.forecast.cohort_model import PANEL_BANDS, ModelError

PANEL_PATH = Path(__file__).resolve().parent / "data" / "ssb" / "panel_2007_2025_municipalities.csv"
BAND_SUFFIX = {"0–66": "0_66", "67–79": "67_79", "80+": "80p"}
POPULATION_COLUMNS = {label: f"folk_{suffix}" for label, suffix in BAND_SUFFIX.items()}


@dataclass(frozen=True)
class PanelService:
    key: str
    total: str  # column with all users
    bands: Mapping[str, str] = field(default_factory=dict)  # band label → column, where the panel has it
    tables: str = ""


SERVICES: dict[str, PanelService] = {
    "long_term_institution": PanelService(
        "long_term_institution",
        "Y_3_a_ialt",
        {"0–66": "Y_3_a_0_66", "67–79": "Y_3_a_67_79", "80+": "Y_3_a_80p"},
        "11645",
    ),
    "staffed_housing_24h": PanelService("staffed_housing_24h", "Y_2_ialt", {}, "04686, 12292"),
    "home_services": PanelService(
        "home_services",
        "Y_1_a_ialt",
        {"0–66": "Y_1_a_0_66", "67–79": "Y_1_a_67_79", "80+": "Y_1_a_80p"},
        "04686, 12292",
    ),
}


def load_panel(path: Path | str = PANEL_PATH) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={"kommunenr_2024": str, "kommunenr_hist_kilder": str})
    return frame.rename(columns={"år": "year", "kommunenr_2024": "code", "kommunenr_hist_kilder": "sources"})


@lru_cache(maxsize=2)
def shipped_panel() -> pd.DataFrame:
    return load_panel(PANEL_PATH)


@dataclass
class _Index:
    """Lookups computed once per loaded panel (the panel is read-only after loading)."""

    ref: weakref.ref[pd.DataFrame]
    codes: set[str]
    code_map: dict[str, set[str]]
    rows: dict[str, pd.DataFrame]
    national: dict[tuple[str, int], dict[str, float]] = field(default_factory=dict)


_INDEXES: dict[int, _Index] = {}


def _index(panel: pd.DataFrame) -> _Index:
    cached = _INDEXES.get(id(panel))
    if cached is not None and cached.ref() is panel:
        return cached
    rows = {str(code): group.set_index("year").sort_index() for code, group in panel.groupby("code", sort=False)}
    index = _Index(weakref.ref(panel), set(rows), _code_map(panel), rows)
    _INDEXES[id(panel)] = index
    return index


def code_map(panel: pd.DataFrame) -> dict[str, set[str]]:
    return _index(panel).code_map


def _code_map(panel: pd.DataFrame) -> dict[str, set[str]]:
    """Every code the panel has seen (current or historical) → the 2024 codes it feeds."""
    out: dict[str, set[str]] = {}
    for code, sources in zip(panel["code"], panel["sources"].fillna(""), strict=True):
        out.setdefault(code, set()).add(code)
        for old in str(sources).split("+"):
            if old:
                out.setdefault(old, set()).add(code)
    return out


def resolve_code(code: str, panel: pd.DataFrame) -> str:
    """The 2024 code for `code`. Raises ModelError for unknown codes and for codes that were split."""
    code = code.strip().zfill(4)
    index = _index(panel)
    if code in index.codes:
        return code
    targets = index.code_map.get(code)
    if not targets:
        raise ModelError("unknown_municipality", code, code=code)
    if len(targets) > 1:
        raise ModelError("split_municipality", code, code=code, targets=", ".join(sorted(targets)))
    return next(iter(targets))


def series(panel: pd.DataFrame, code: str) -> pd.DataFrame:
    """All panel rows for one municipality (2024 code), indexed by year."""
    rows = _index(panel).rows.get(code)
    if rows is None:
        raise ModelError("unknown_municipality", code, code=code)
    return rows


@dataclass
class BaseYear:
    """What the panel says about one municipality, service and base year."""

    users: dict[str, float]  # by band (or "0+" when the panel has no bands)
    population: dict[str, float]
    total_users: float
    population_80: float
    notes: list[str]

    @property
    def bands(self) -> list[str]:
        return list(self.users)


def national_rates(panel: pd.DataFrame, service: PanelService, year: int) -> dict[str, float]:
    """Users ÷ population per band over municipalities with every band present in `year`."""
    cache = _index(panel).national
    if (service.key, year) not in cache:
        cache[(service.key, year)] = _national_rates(panel, service, year)
    return cache[(service.key, year)]


def _national_rates(panel: pd.DataFrame, service: PanelService, year: int) -> dict[str, float]:
    rows = panel[panel["year"] == year]
    cols = list(service.bands.values())
    complete = rows.dropna(subset=cols)
    if complete.empty:
        return {}
    return {
        label: float(complete[col].sum()) / float(complete[POPULATION_COLUMNS[label]].sum())
        for label, col in service.bands.items()
    }


def base_year_users(panel: pd.DataFrame, code: str, service_key: str, year: int) -> BaseYear:
    """Users and population per panel band in the base year, with suppressed bands filled.

    Rules, in order (each used is recorded in `notes` as a code the UI explains):
    1. no total for the year → ModelError("no_base_year");
    2. a service without bands in the panel → one all-ages band "0+";
    3. one band missing → the total minus the others (at least 0);
    4. several missing → the remainder split over them by population × national rate;
    5. bands that do not add up to the total are scaled to it, so the base year matches.
    """
    service = SERVICES[service_key]
    rows = series(panel, code)
    if year not in rows.index or pd.isna(rows.at[year, service.total]):
        years = rows.index[rows[service.total].notna()].tolist()
        raise ModelError("no_base_year", str(year), year=year, years=f"{min(years)}–{max(years)}" if years else "–")
    row = rows.loc[year]
    total = float(row[service.total])
    population = {label: float(row[col]) for label, col in POPULATION_COLUMNS.items()}
    pop_80 = population["80+"]
    notes: list[str] = []
    if not service.bands:
        notes.append("no_bands_in_panel")
        return BaseYear({"0+": total}, {"0+": float(row["folk_ialt"])}, total, pop_80, notes)
    users = {label: _number(row[col]) for label, col in service.bands.items()}
    missing = [label for label, v in users.items() if v is None]
    known = sum(v for v in users.values() if v is not None)
    remainder = max(total - known, 0.0)
    if len(missing) == 1:
        users[missing[0]] = remainder
        notes.append("one_band_filled")
    elif missing:
        national = national_rates(panel, service, year)
        weights = np.array([population[b] * national.get(b, 0.0) for b in missing])
        shares = weights / weights.sum() if weights.sum() > 0 else np.full(len(missing), 1 / len(missing))
        for label, share in zip(missing, shares, strict=True):
            users[label] = remainder * float(share)
        notes.append("bands_filled_by_national_profile")
    filled = {k: float(v) for k, v in users.items() if v is not None}
    band_sum = sum(filled.values())
    if band_sum > 0 and abs(band_sum - total) > 0.5:
        filled = {k: v * total / band_sum for k, v in filled.items()}
        notes.append("bands_scaled_to_total")
    return BaseYear({b.label: filled[b.label] for b in PANEL_BANDS}, population, total, pop_80, notes)


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number
