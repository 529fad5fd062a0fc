"""Future demand (issue #6) in a real browser: fill in the forecast form, read the chart, its data
table and the text summary, turn the forecast into a need and follow it back from the needs register.

The forecast runs on the Oslo projection shipped in mulighetsrom/forecast/data/ssb/ (SSB table 14746),
so the test organization is given Oslo's municipality number, 0301. The figures the page must show
are computed here independently from the shipped files: Oslo's 2025 use rates from the panel (users
÷ population per age band) times the projected population per band, with the yearly lever applied.
Interface text is looked up through gettext, so the assertions hold while translations change.
Every page visited is checked with axe-core; the run page also in English and at 320 CSS pixels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pytest
from django.utils import translation
from django.utils.translation import gettext as _
from playwright.sync_api import BrowserContext, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from mulighetsrom.forecast import actions as forecast_actions
from mulighetsrom.forecast import panel, presenters, runs, texts
from mulighetsrom.forecast.models import ForecastRun, PopulationDataset
from mulighetsrom.needs.models import Need
from tests.browser.helpers import BrowserData, assert_accessible, log_in, screenshot, set_language_cookie

pytestmark = pytest.mark.browser

OSLO = "0301"
SERVICE = "long_term_institution"
BASE_YEAR = 2025
YEAR = 2040  # the summary year on the page and in the need
YEARLY_CHANGE = -1  # per cent a year: fewer users per inhabitant (more care at home)
CAPACITY = 4200
RUN_NAME = "Langtidsplasser Oslo mot 2040"
PROJECTION_FILE = forecast_actions.DATA_DIR / "14746_oslo_2026_projection.jsonstat2.json"
# The panel's age bands and the columns for long-term institution users (SSB table 11645).
BANDS = {"0–66": (0, 66, "0_66"), "67–79": (67, 79, "67_79"), "80+": (80, None, "80p")}


@dataclass(frozen=True)
class Expected:
    first_year: int
    pop80: dict[str, dict[int, float]]  # alternative → year → persons aged 80+
    users: dict[str, dict[int, float]]  # alternative → year → projected users
    base_users: float
    first_year_over: int  # main alternative


@cache
def expected() -> Expected:
    """The figures straight from the shipped projection and panel, without the cohort model."""
    pop = runs.projection(PROJECTION_FILE.read_text(encoding="utf-8"))
    base = panel.shipped_panel().set_index(["code", "year"]).loc[(OSLO, BASE_YEAR)]
    years = sorted(int(y) for y in pop["year"].unique())
    pop80: dict[str, dict[int, float]] = {}
    users: dict[str, dict[int, float]] = {}
    for alt in ("MMMM", "LLML", "HHMH"):
        pop80[alt], users[alt] = {}, {}
        for year in years:
            rows = pop[(pop["alternative"] == alt) & (pop["year"] == year)]
            total = 0.0
            for lo, hi, suffix in BANDS.values():
                in_band = rows[(rows["age"] >= lo) & (rows["age"] <= (hi if hi is not None else 999))]
                persons = float(in_band["persons"].sum())
                total += float(base[f"Y_3_a_{suffix}"]) / float(base[f"folk_{suffix}"]) * persons
                if hi is None:
                    pop80[alt][year] = persons
            users[alt][year] = total * (1 + YEARLY_CHANGE / 100) ** (year - BASE_YEAR)
    over = next(y for y in years if users["MMMM"][y] > CAPACITY)
    return Expected(years[0], pop80, users, float(base["Y_3_a_ialt"]), over)


def fmt(value: float) -> str:
    """A whole number as the page writes it in the active language (1 234 or 1,234)."""
    return presenters.fmt(value)


def _range(values: dict[str, dict[int, float]], year: int) -> str:
    low, high = sorted([values["LLML"][year], values["HHMH"][year]])
    return f"{fmt(low)}–{fmt(high)}"


def _row(table: Locator, year: int) -> Locator:
    return table.locator("tr").filter(has=table.page.locator("th[scope=row]", has_text=re.compile(rf"^{year}$")))


def _users_title() -> str:
    return _("Projected users: %(service)s") % {"service": texts.service_label(SERVICE)}


def _population_title(e: Expected) -> str:
    return _("Population by age band, %(first)s–%(last)s") % {"first": e.first_year, "last": 2050}


def _submit(page: Page) -> None:
    page.locator("main form.form-stack button[type=submit]").first.click()


def _as_oslo(data: BrowserData) -> None:
    data.organization.kommunenummer = OSLO
    data.organization.save(update_fields=["kommunenummer"])


def _check_population(page: Page, e: Expected) -> None:
    section = page.get_by_role("region", name=_population_title(e))
    main80 = e.pop80["MMMM"]
    summary = _(
        "In the main alternative the number of people aged %(band)s changes from %(start)s in %(first)s "
        "to %(end)s by %(year)s (low–high: %(range)s)."
    ) % {
        "band": "80+", "start": fmt(main80[e.first_year]), "first": e.first_year, "end": fmt(main80[YEAR]),
        "year": YEAR, "range": _range(e.pop80, YEAR),
    }  # fmt: skip
    expect(section).to_contain_text(summary)
    expect(section.get_by_role("img", name=_population_title(e))).to_be_visible()
    expect(section.locator("figcaption")).to_have_text("Kilde: Statistisk sentralbyrå, tabell 14746")
    section.locator("summary").click()
    table = section.get_by_role("table")
    expect(table).to_be_visible()
    expect(table.locator("thead th").last).to_have_text(_("%(band)s, main (low–high)") % {"band": "80+"})
    expect(_row(table, YEAR).locator("td").last).to_have_text(f"{fmt(main80[YEAR])} ({_range(e.pop80, YEAR)})")
    expect(_row(table, e.first_year).locator("td").last).to_contain_text(fmt(main80[e.first_year]))


def _check_users(page: Page, e: Expected) -> None:
    section = page.get_by_role("region", name=_users_title())
    users = e.users
    summary = [
        _("In %(year)s there were %(users)s users.") % {"year": BASE_YEAR, "users": fmt(e.base_users)},
        _("In the main alternative the projected number of users is %(users)s in %(year)s (low–high: %(range)s).")
        % {"users": fmt(users["MMMM"][YEAR]), "year": YEAR, "range": _range(users, YEAR)},
        _("The capacity of %(capacity)s is exceeded in %(year)s; the gap in %(target)s is %(gap)s.")
        % {"capacity": fmt(CAPACITY), "year": e.first_year_over, "target": YEAR,
           "gap": fmt(users["MMMM"][YEAR] - CAPACITY)},
    ]  # fmt: skip
    for sentence in summary:
        expect(section).to_contain_text(sentence)
    expect(section.get_by_role("img", name=_users_title())).to_be_visible()
    expect(section.locator("figcaption")).to_have_text(
        "Kilde: Statistisk sentralbyrå, tabell 14746; 11645 (panel 2007–2025)"
    )
    section.locator("summary").click()
    table = section.get_by_role("table")
    expect(table).to_be_visible()
    alts = texts.ALTERNATIVES
    expect(table.locator("thead th")).to_have_text(
        [_("Year"), str(alts["MMMM"]), str(alts["LLML"]), str(alts["HHMH"]), _("Gap to capacity (main)")]
    )
    for year in (e.first_year, e.first_year_over, YEAR):
        cells = [fmt(users[a][year]) for a in ("MMMM", "LLML", "HHMH")] + [fmt(users["MMMM"][year] - CAPACITY)]
        expect(_row(table, year).locator("td")).to_have_text(cells)


def _check_sources(page: Page) -> None:
    """SSB's attribution, in Norwegian in every language, with the table numbers."""
    history = page.get_by_role("region", name=_("Registered population and users, 2007–2025"))
    expect(history).to_contain_text("Kilde: Statistisk sentralbyrå, tabell 07459, 11645")
    pyramid = page.locator("section[aria-labelledby=h-pyramid]")
    expect(pyramid.locator("figcaption")).to_have_text("Kilde: Statistisk sentralbyrå, tabell 14746")


def _check_pyramid(page: Page, e: Expected) -> None:
    """The pyramid's 80+ must be the same people as the population table's 80+ (main alternative)."""
    pyramid = page.locator("section[aria-labelledby=h-pyramid]")
    summary = _(
        "The bars show %(first)s, the outline %(year)s. People aged 80 and over: %(a)s in %(first)s, %(b)s in %(year)s."
    ) % {"first": e.first_year, "year": YEAR, "a": fmt(e.pop80["MMMM"][e.first_year]), "b": fmt(e.pop80["MMMM"][YEAR])}
    expect(pyramid).to_contain_text(summary)


def _create_forecast(page: Page, data: BrowserData) -> ForecastRun:
    slug = data.project.slug
    page.goto(f"/p/{slug}/")
    page.locator(f".project-nav a[href='/p/{slug}/forecast/']").click()
    expect(page.locator("main h1")).to_have_text(_("Future demand"))
    expect(page.locator("main")).to_contain_text("Kilde: Statistisk sentralbyrå")
    assert_accessible(page, "forecast index")

    oslo = PopulationDataset.objects.get(
        source=PopulationDataset.Source.SHIPPED, kind=PopulationDataset.Kind.PROJECTION, table_id="14746"
    )
    assert oslo.municipality == OSLO
    page.get_by_role("link", name=_("New forecast")).click()
    expect(page.locator("main h1")).to_have_text(_("New forecast"))
    assert_accessible(page, "new forecast form")
    # The organization's own municipality's projection is chosen for it.
    expect(page.locator("select[name=dataset]")).to_have_value(str(oslo.pk))
    page.locator("input[name=name]").fill(RUN_NAME)
    page.locator("select[name=service]").select_option(SERVICE)
    page.locator("input[name=base_year]").fill(str(BASE_YEAR))
    page.locator("input[name=method][value=rates]").check()
    page.locator("input[name=capacity]").fill(str(CAPACITY))
    page.locator("input[name=pyramid_year]").fill(str(YEAR))

    # A lever outside its range (at most ±50 % a year) is refused with an error summary first.
    page.locator("input[name=yearly_rate_change]").fill("-99")
    _submit(page)
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("input[name=yearly_rate_change]")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "new forecast form with errors")
    assert not ForecastRun.objects.exists()

    page.locator("input[name=yearly_rate_change]").fill(str(YEARLY_CHANGE))
    page.get_by_role("button", name=_("Compute and save")).click()
    expect(page.locator("main h1")).to_have_text(RUN_NAME)
    expect(page.locator(".messages .ds-alert[data-color=success]")).to_contain_text(_("The forecast was saved."))
    run = ForecastRun.objects.get(name=RUN_NAME)
    choices = run.inputs["choices"]
    assert (run.municipality, run.service, choices["base_year"]) == (OSLO, SERVICE, BASE_YEAR)
    assert choices["yearly_rate_change"] == pytest.approx(YEARLY_CHANGE / 100)
    assert choices["capacity"] == CAPACITY
    return run


def _read_run_page(page: Page) -> None:
    e = expected()
    expect(page.locator("main .ds-alert[data-color=info]")).to_contain_text(OSLO)
    assert_accessible(page, "forecast run page")
    _check_population(page, e)
    _check_users(page, e)
    _check_pyramid(page, e)
    _check_sources(page)
    low, high = sorted([e.users["LLML"][YEAR], e.users["HHMH"][YEAR]])
    need_text = _(
        "%(service)s: about %(main)s users in %(year)s in the main alternative (%(low)s–%(high)s), "
        "from the forecast “%(name)s”."
    ) % {"service": texts.service_label(SERVICE), "main": fmt(e.users["MMMM"][YEAR]), "year": YEAR,
         "low": fmt(low), "high": fmt(high), "name": RUN_NAME}  # fmt: skip
    expect(page.get_by_role("region", name=_("As a need"))).to_contain_text(need_text)
    assert_accessible(page, "forecast run page with the data tables open")
    screenshot(page, f"forecast-run-{translation.get_language()}")


def _need_from_forecast(page: Page, data: BrowserData, run: ForecastRun) -> None:
    slug = data.project.slug
    e = expected()
    page.locator(f".project-nav a[href='/p/{slug}/needs/']").click()
    expect(page.locator("main h1")).to_have_text(_("Needs"))
    assert_accessible(page, "needs register before the forecast need")
    # The visually hidden run name makes each button's name unique (Chromium puts a space before the colon).
    create = re.compile(rf"^{re.escape(_('Create need from forecast'))}\s*: {re.escape(RUN_NAME)}$")
    page.get_by_role("button", name=create).click()

    need = Need.objects.get(project=data.project)
    expect(page).to_have_url(re.compile(rf"/p/{slug}/needs/{need.code}/edit/$"))
    expect(page.locator(".messages .ds-alert[data-color=success]")).to_contain_text(need.ref)
    assert_accessible(page, "need form after creating a need from the forecast")
    assert need.forecast_run == run
    figures = need.forecast_figures
    assert figures["year"] == YEAR
    assert figures["main"] == pytest.approx(e.users["MMMM"][YEAR], abs=0.01)
    assert (figures["low"], figures["high"]) == pytest.approx(
        sorted([e.users["LLML"][YEAR], e.users["HHMH"][YEAR]]), abs=0.01
    )
    assert fmt(e.users["MMMM"][YEAR]) in need.statement
    assert _range(e.users, YEAR) in need.statement

    # The register lists it; its page shows the forecast's figures and links back to the run.
    page.locator(f".project-nav a[href='/p/{slug}/needs/']").click()
    row = page.locator("main table tbody tr").filter(has_text=need.ref)
    expect(row).to_have_count(1)
    link = row.get_by_role("link", name=need.statement)
    expect(link).to_be_visible()
    assert_accessible(page, "needs register with the forecast need")
    link.click()
    expect(page.locator("main h1")).to_contain_text(need.ref)
    back = page.get_by_role("link", name=_("Open the forecast"))
    expect(back).to_have_attribute("href", f"/p/{slug}/forecast/{run.code}/")
    expect(page.locator("main")).to_contain_text(figures["text"])
    assert_accessible(page, "need page from the forecast")
    back.click()
    expect(page).to_have_url(re.compile(rf"/p/{slug}/forecast/{run.code}/$"))
    expect(page.locator("main h1")).to_have_text(RUN_NAME)
    assert_accessible(page, "forecast run page reached from the need")


def test_forecast_from_form_to_need(
    page: Page, context: BrowserContext, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    _as_oslo(data_with_project)
    log_in(context, live_server.url, data_with_project.kari)
    with translation.override("nb"):
        run = _create_forecast(page, data_with_project)
        _read_run_page(page)
        _need_from_forecast(page, data_with_project, run)


def _saved_run(data: BrowserData) -> ForecastRun:
    """The same forecast as the form makes, saved directly (this test is about the run page)."""
    dataset = forecast_actions.ensure_shipped_datasets()[0]
    choices = runs.RunChoices(
        service=SERVICE, municipality=OSLO, base_year=BASE_YEAR, method="rates",
        yearly_rate_change=YEARLY_CHANGE / 100, capacity=float(CAPACITY), pyramid_year=YEAR,
    )  # fmt: skip
    return forecast_actions.create_run(
        project=data.project, dataset=dataset, name=RUN_NAME, choices=choices, acting_user=data.kari
    )


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_run_page_in_each_language_and_at_320_px(
    lang: str, page: Page, context: BrowserContext, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    _as_oslo(data_with_project)
    run = _saved_run(data_with_project)
    log_in(context, live_server.url, data_with_project.kari)
    set_language_cookie(context, live_server.url, lang)
    with translation.override(lang):
        page.goto(f"/p/{data_with_project.project.slug}/forecast/{run.code}/")
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("main h1")).to_have_text(RUN_NAME)
        _read_run_page(page)

        page.set_viewport_size({"width": 320, "height": 640})
        page.reload()
        expect(page.locator("main h1")).to_have_text(RUN_NAME)
        for section in page.locator("main section details summary").all():
            section.click()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"the run page scrolls sideways at 320 px ({lang}): scrollWidth={width}"
        assert_accessible(page, f"forecast run page at 320 px ({lang})")
        screenshot(page, f"forecast-run-320-{lang}")
