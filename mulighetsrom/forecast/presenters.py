"""Turn a run's stored outputs into what a page shows: charts, data tables and text summaries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.core.cache import cache
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from mulighetsrom.forecast import texts
from mulighetsrom.forecast.models import ForecastRun, PopulationDataset
from mulighetsrom.forecast.results import HIGH, LOW, MAIN, ForecastResult, Pyramid, Range, range_at

ALTS = (MAIN, LOW, HIGH)


def _charts() -> ModuleType:
    """matplotlib is heavy to import; load it on the first chart, not when Django starts."""
    from mulighetsrom.forecast import charts

    return charts


@dataclass
class Figure:
    id: str
    title: str
    svg: str
    summary: str
    headers: list[str]
    rows: list[list[str]]
    attribution: str
    notes: list[str] = field(default_factory=list)


def fmt(value: float | None, decimals: int = 0) -> str:
    if value is None:
        return "–"
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def fmt_span(r: Range, decimals: int = 0) -> str:
    """'low–high', or '–' when the run has no low and high alternatives."""
    return f"{fmt(r.low, decimals)}–{fmt(r.high, decimals)}" if r.has_span else "–"


def fmt_range(r: Range, decimals: int = 0) -> str:
    """'main (low–high)', or just 'main' when the run has no low and high alternatives."""
    main = fmt(r.main, decimals)
    return f"{main} ({fmt_span(r, decimals)})" if r.has_span else main


def _alt_labels() -> dict[str, str]:
    return {**{k: str(v) for k, v in texts.ALTERNATIVES.items()}, "range": _("Low–high range")}


def summary_year(years: Sequence[int], preferred: int = 2040) -> int:
    return preferred if preferred in years else years[-1]


def figures(run: ForecastRun) -> list[Figure]:
    key = f"forecast-figures:{run.code}:{translation.get_language()}"
    cached = cache.get(key)
    if cached is None:
        cached = _figures(run)
        cache.set(key, cached, 3600)
    return cached


def _figures(run: ForecastRun) -> list[Figure]:
    result = run.result
    return [_population(run, result), _users(run, result), _indicators(run, result), _pyramid(run, result)]


def _projection_source(run: ForecastRun) -> str:
    return f"Kilde: Statistisk sentralbyrå, tabell {run.inputs['dataset']['table_id']}"


def _service(run: ForecastRun) -> str:
    return texts.service_label(run.service, run.inputs["spec"].get("service_label", ""))


def _population(run: ForecastRun, result: ForecastResult) -> Figure:
    years, bands = result.years, result.bands
    title = _("Population by age band, %(first)s–%(last)s") % {"first": years[0], "last": years[-1]}
    svg = _charts().range_chart(
        years=years,
        series={b: result.population[b] for b in bands},
        labels=_alt_labels(),
        title=title,
        ylabel=_("Persons"),
        prefix=f"pop-{run.pk}",
    )
    oldest = bands[-1]
    year = summary_year(years)
    i = result.index(year)
    main = result.population[oldest][MAIN]
    summary = _(
        "In the main alternative the number of people aged %(band)s changes from %(start)s in %(first)s "
        "to %(end)s by %(year)s (low–high: %(range)s)."
    ) % {
        "band": oldest,
        "start": fmt(main[0]),
        "first": years[0],
        "end": fmt(main[i]),
        "year": year,
        "range": fmt_span(range_at(result.population[oldest], i)),
    }
    headers = [_("Year"), *[_("%(band)s, main (low–high)") % {"band": b} for b in bands]]
    rows = [[str(y), *[fmt_range(range_at(result.population[b], j)) for b in bands]] for j, y in enumerate(years)]
    return Figure("population", title, svg, summary, headers, rows, _projection_source(run))


def _users_summary(result: ForecastResult, year: int) -> str:
    i = result.index(year)
    users, capacity = result.users, result.capacity
    parts = [
        _("In the main alternative the projected number of users is %(users)s in %(year)s (low–high: %(range)s).")
        % {"users": fmt(users[MAIN][i]), "year": year, "range": fmt_span(range_at(users, i))}
    ]
    if result.base_users is not None:
        parts.insert(
            0,
            _("In %(year)s there were %(users)s users.") % {"year": result.base_year, "users": fmt(result.base_users)},
        )
    if capacity is None:
        return " ".join(parts)
    over = result.first_year_over_capacity.get(MAIN)
    if over is None:
        message = _("The capacity of %(capacity)s is not exceeded before %(last)s.")
        parts.append(message % {"capacity": fmt(capacity), "last": result.years[-1]})
    else:
        gap = result.gap[MAIN][i] if result.gap else None
        message = _("The capacity of %(capacity)s is exceeded in %(year)s; the gap in %(target)s is %(gap)s.")
        parts.append(message % {"capacity": fmt(capacity), "year": over, "target": year, "gap": fmt(gap)})
    return " ".join(parts)


def _users(run: ForecastRun, result: ForecastResult) -> Figure:
    years, users, capacity = result.years, result.users, result.capacity
    service = _service(run)
    title = _("Projected users: %(service)s") % {"service": service}
    base = (
        (result.base_year, result.base_users)
        if result.base_year is not None and result.base_users is not None
        else None
    )
    svg = _charts().range_chart(
        years=years,
        series={service: users},
        labels=_alt_labels(),
        title=title,
        ylabel=_("Users"),
        prefix=f"users-{run.pk}",
        capacity=capacity,
        capacity_label=_("Capacity today"),
        base=base,
        base_label=_("Users in the base year"),
    )
    alt = _alt_labels()
    headers = [_("Year"), alt[MAIN], alt[LOW], alt[HIGH]]
    gap = result.gap if capacity is not None else None
    if capacity is not None:
        headers.append(_("Gap to capacity (main)"))
    rows = []
    for j, y in enumerate(years):
        row = [str(y), *[fmt(users[a][j]) for a in ALTS if a in users]]
        if capacity is not None:
            row.append(fmt(gap[MAIN][j] if gap else None))
        rows.append(row)
    source = _projection_source(run)
    if run.service in texts.SERVICE_TABLES:
        source += f"; {texts.SERVICE_TABLES[run.service]} (panel 2007–2025)"
    notes = [str(texts.NOTES[n]) for n in result.notes if n in texts.NOTES]
    summary = _users_summary(result, summary_year(years))
    return Figure("users", title, svg, summary, headers, rows, source, notes)


def _indicators(run: ForecastRun, result: ForecastResult) -> Figure:
    years = result.years
    spec = run.inputs["spec"]
    dep_label = _("Old-age dependency (%(old)s per 100 aged %(working)s)") % {
        "old": spec["dependency_old"],
        "working": spec["dependency_working"],
    }
    care_label = _("Care ratio (aged %(carers)s per person aged %(cared)s)") % {
        "carers": spec["care_carers"],
        "cared": spec["care_cared"],
    }
    title = _("Indicators: %(dep)s and %(care)s") % {"dep": dep_label, "care": care_label}
    svg = _charts().range_chart(
        years=years,
        series={dep_label: result.dependency, care_label: result.care_ratio},
        labels=_alt_labels(),
        title=title,
        ylabel=_("Ratio"),
        prefix=f"ind-{run.pk}",
    )
    dep, care = result.dependency[MAIN], result.care_ratio[MAIN]
    summary = _(
        "In the main alternative the old-age dependency goes from %(d0)s in %(first)s to %(d1)s in %(last)s "
        "(change %(dd)s), and the care ratio from %(c0)s to %(c1)s (change %(dc)s)."
    ) % {
        "d0": fmt(dep[0], 1),
        "d1": fmt(dep[-1], 1),
        "dd": fmt((dep[-1] or 0) - (dep[0] or 0), 1),
        "c0": fmt(care[0], 1),
        "c1": fmt(care[-1], 1),
        "dc": fmt((care[-1] or 0) - (care[0] or 0), 1),
        "first": years[0],
        "last": years[-1],
    }
    headers = [_("Year"), dep_label + " " + _("main (low–high)"), care_label + " " + _("main (low–high)")]
    rows = [
        [str(y), fmt_range(range_at(result.dependency, j), 1), fmt_range(range_at(result.care_ratio, j), 1)]
        for j, y in enumerate(years)
    ]
    return Figure("indicators", title, svg, summary, headers, rows, _projection_source(run))


def _pyramid(run: ForecastRun, result: ForecastResult) -> Figure:
    p = result.pyramid or Pyramid(alternative=MAIN, groups=[], years=[result.years[0], result.years[-1]])
    first, year = p.years[0], p.years[-1]
    title = _("Population pyramid, %(first)s and %(year)s (main alternative)") % {"first": first, "year": year}
    men = {y: p.men(y) for y in (first, year)}
    women = {y: p.women(y) for y in (first, year)}
    svg = _charts().pyramid_chart(
        groups=p.groups,
        men=men,
        women=women,
        title=title,
        men_label=_("Men"),
        women_label=_("Women"),
        prefix=f"pyr-{run.pk}",
    )
    old = {y: sum(men[y][-3:]) + sum(women[y][-3:]) for y in (first, year)}  # 80–84, 85–89, 90+
    summary = _(
        "The bars show %(first)s, the outline %(year)s. People aged 80 and over: %(a)s in %(first)s, %(b)s in %(year)s."
    ) % {"first": first, "year": year, "a": fmt(old[first]), "b": fmt(old[year])}
    headers = [_("Age"), *[f"{label} {y}" for y in (first, year) for label in (_("Men"), _("Women"))]]
    rows = [[g, *[fmt(series[y][k]) for y in (first, year) for series in (men, women)]] for k, g in enumerate(p.groups)]
    return Figure("pyramid", title, svg, summary, headers, rows, _projection_source(run))


def need_seam(run: ForecastRun, year: int | None = None) -> dict[str, Any]:
    """What a Need made from this run would say: text and the low–high range for one year.

    The needs app stores this dict in `Need.forecast_figures` (JSON), so it stays a dict.
    """
    result = run.result
    year = year if year in result.years else summary_year(result.years)
    r = result.users_range(year)
    text = _(
        "%(service)s: about %(main)s users in %(year)s in the main alternative (%(low)s–%(high)s), "
        "from the forecast “%(name)s”."
    ) % {
        "service": _service(run),
        "main": fmt(r.main),
        "year": year,
        "low": fmt(r.low),
        "high": fmt(r.high),
        "name": run.name,
    }
    return {"text": text, "year": year, "main": r.main, "low": r.low, "high": r.high, "run": str(run.code)}


def _percent(value: float | None, decimals: int = 2) -> str:
    return "–" if value is None else f"{fmt(value * 100, decimals)} %"


def inputs_table(run: ForecastRun) -> list[tuple[str, str]]:
    """The run's inputs as label/value pairs, for the page and the export."""
    spec, data = run.inputs["spec"], run.inputs["dataset"]
    source = dict(PopulationDataset.Source.choices).get(data["source"], data["source"])
    rates = "; ".join(f"{band}: {fmt(rate * 100, 3)}" for band, rate in spec["rates"].items()) or "–"
    if spec["method"] == "coverage":
        method = _("Coverage ratio × inhabitants aged 80+")
    else:
        method = _("Use rates by age band × projected population")
    rows = [
        (_("Service"), texts.service_label(run.service, spec.get("service_label", ""))),
        (_("Method"), method),
        (_("Municipality"), f"{data['municipality']} {data['region_label']}"),
        (_("Population data"), f"SSB {data['table_id']} – {source}"),
        (_("Retrieved from SSB"), data["retrieved_at"] or _("not recorded (sample shipped with the product)")),
        (_("Updated by SSB"), data["ssb_updated"] or "–"),
        (_("Checksum of the data (SHA-256)"), data["sha256"][:16] + "…"),
        (_("Base year"), str(spec["base_year"])),
        (_("Age bands"), ", ".join(spec["bands"])),
        (_("Use rates (users per 100 inhabitants)"), rates),
        (_("Users in the base year"), fmt(spec.get("base_users"))),
        (_("Capacity"), fmt(spec.get("capacity"))),
        (_("Yearly change in use rates"), _percent(spec.get("yearly_rate_change"), 2)),
        (_("Coverage ratio (users per 100 aged 80+)"), _percent(spec.get("coverage"), 2).replace(" %", "")),
        (_("Target coverage"), _percent(spec.get("target_coverage"), 2).replace(" %", "")),
        (_("Target year"), str(spec.get("target_year") or "–")),
        (_("Model version"), str(run.inputs.get("model_version", "–"))),
    ]
    return [(str(label), str(value)) for label, value in rows]


@dataclass
class HistoryTable:
    headers: list[str]
    rows: list[list[str]]
    attribution: str


def history_table(run: ForecastRun) -> HistoryTable | None:
    """Registered population and users per year from the shipped panel (2007–2025), or None."""
    from mulighetsrom.forecast import panel
    from mulighetsrom.forecast.cohort_model import ModelError

    data = panel.shipped_panel()
    try:
        code = panel.resolve_code(run.municipality, data)
        rows = panel.series(data, code)
    except ModelError:
        return None
    service = panel.SERVICES.get(run.service)
    headers = [_("Year"), "0–66", "67–79", "80+", _("Total")]
    if service:
        headers.append(_("Users (all ages)"))
    body = []
    for year, row in rows.iterrows():
        line = [str(year), *[fmt(row[c]) for c in ("folk_0_66", "folk_67_79", "folk_80p", "folk_ialt")]]
        if service:
            value = row[service.total]
            line.append("–" if value != value else fmt(float(value)))  # NaN check
        body.append(line)
    tables = "07459" + (f", {service.tables}" if service else "")
    return HistoryTable(headers, body, f"Kilde: Statistisk sentralbyrå, tabell {tables}")


@dataclass
class Comparison:
    rows: list[list[str]]  # year, this run, the other run, difference
    differences: list[tuple[str, str, str]]  # input label, this run's value, the other's


def comparison(run: ForecastRun, other: ForecastRun) -> Comparison:
    """Projected users (main alternative) side by side, and the inputs that differ."""
    a, b = run.result, other.result
    rows = []
    for y in (y for y in a.years if y in b.years):
        va, vb = a.main_users(y), b.main_users(y)
        diff = None if va is None or vb is None else vb - va
        rows.append([str(y), fmt(va), fmt(vb), fmt(diff)])
    ours, theirs = dict(inputs_table(run)), dict(inputs_table(other))
    differences = [(label, ours[label], theirs.get(label, "–")) for label in ours if ours[label] != theirs.get(label)]
    return Comparison(rows, differences)
