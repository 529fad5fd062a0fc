"""Issue #4 in a real browser: from an insight to a need, requirements, the room programme,
gaps, the impact of cuts and baselines.

The evidence (an activity, observations and an insight) is made through the ORM; everything
from the need onwards is done through the pages. Every page visited is checked with axe-core,
in Norwegian (the default), and the pages are visited once more in English at the end.
Interface text is looked up with gettext in the active language, so the locators follow the
translations instead of hard-coding them.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.template.defaultfilters import capfirst, floatformat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import BrowserContext, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from mulighetsrom.insight import actions as insight_actions
from mulighetsrom.insight.models import Activity, Insight, Observation
from mulighetsrom.needs.models import Baseline, Need, NeedRequirement, Requirement, RoomType
from mulighetsrom.projects.models import Project
from tests.browser.helpers import BrowserData, assert_accessible, log_in, set_language_cookie

pytestmark = pytest.mark.browser

INSIGHT = "Beboere med demens trenger små, oversiktlige bogrupper"
REQ_GROUP_SIZE = "Hver bogruppe har høyst åtte beboerrom."
REQ_DAYLIGHT = "Fellesarealet i bogruppen har dagslys fra to sider."
BASELINE = "Før skisseprosjekt"


def t(message: str) -> str:
    """Interface text in the active language (the test runs inside translation.override)."""
    return gettext(message)


def _with_hidden(visible: str, hidden: str) -> re.Pattern[str]:
    """An accessible name made of visible text and a visually hidden suffix (Chromium may put a space between)."""
    return re.compile(rf"^{re.escape(visible)}\s*{re.escape(hidden.strip())}$")


def _url(name: str, project: Project, **kwargs: object) -> str:
    return reverse(name, kwargs={"slug": project.slug, **kwargs})


def _success(page: Page) -> Locator:
    return page.locator(".messages .ds-alert[data-color=success]")


def _make_insight(data: BrowserData) -> Insight:
    """An interview with three observations from relatives (speaking for residents) and an insight citing them."""
    project = data.project
    assert project is not None
    groups = list(project.stakeholder_groups.order_by("name"))
    speaker, residents = groups[0], groups[1]
    activity = insight_actions.save_activity(
        activity=Activity(
            project=project,
            type=Activity.Type.INTERVIEW,
            title="Intervju med pårørende",
            date=date(2026, 2, 10),
            phase=data.phases[1],
        ),
        reached={speaker: 4},
        facilitators=[],
        acting_user=data.kari,
    )
    texts = [
        "Mor blir urolig når det er mange mennesker rundt henne.",
        "Det lange korridoren gjør at far går seg vill.",
        "På den gamle avdelingen med seks beboere fant hun roen.",
    ]
    observations = [
        Observation.objects.create(
            project=project,
            text=text,
            kind=Observation.Kind.PARAPHRASE,
            activity=activity,
            speaker_group=speaker,
            on_behalf_of=residents,
            created_by=data.kari,
        )
        for text in texts
    ]
    return insight_actions.save_insight(
        insight=Insight(project=project, statement=INSIGHT, status=Insight.Status.VALIDATED, created_by=data.kari),
        themes=[],
        evidence=observations,
        acting_user=data.kari,
    )


def _need_from_insight(page: Page, project: Project, insight: Insight) -> Need:
    page.goto(_url("needs:needs", project))
    expect(page.get_by_role("heading", name=t("Insights without a need"))).to_be_visible()
    assert_accessible(page, "needs list with a free insight")
    # The button's name ends with the insight (visually hidden), so each button is told apart.
    page.get_by_role("button", name=_with_hidden(t("Create need from insight"), f": {INSIGHT}")).click()

    # The new need opens in its form: set the priority and agree on it.
    need = Need.objects.get(project=project, insights=insight)
    expect(page).to_have_url(re.compile(re.escape(_url("needs:need_edit", project, code=need.code)) + "$"))
    expect(page.locator("input[name=statement]")).to_have_value(INSIGHT)
    assert_accessible(page, "need form after creating from an insight")
    page.get_by_role("radio", name=t("Must"), exact=True).check()
    page.locator("select[name=status]").select_option(Need.Status.AGREED)
    page.get_by_role("button", name=t("Save"), exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"{need.ref} {INSIGHT}")
    expect(_success(page)).to_be_visible()
    need.refresh_from_db()
    assert (need.priority, need.status) == (Need.Priority.MUST, Need.Status.AGREED)
    # The evidence chain: the insight and its three observations; the beneficiary is the proxied group.
    chain = page.locator("ol.chain")
    expect(chain.get_by_text(INSIGHT)).to_be_visible()
    expect(chain.locator("q")).to_have_count(3)
    beneficiary = project.stakeholder_groups.order_by("name")[1]
    expect(chain.locator(".ds-tag", has_text=beneficiary.name)).to_be_visible()
    expect(chain.locator(".ds-tag[data-color=warning]", has_text=t("Gap"))).to_be_visible()
    assert_accessible(page, "need detail without requirements")

    # Where an observation went.
    chain.get_by_role("link", name=t("What became of this")).first.click()
    expect(page.get_by_text(INSIGHT).first).to_be_visible()
    assert_accessible(page, "observation trace")
    return need


def _must_gap(page: Page) -> Locator:
    """The "agreed must-need without requirements" warning (dashboard and gaps page)."""
    text = ngettext("%(n)s agreed must-need has no requirement", "%(n)s agreed must-needs have no requirements", 1) % {
        "n": 1
    }
    return page.locator(".warning-list > li").filter(has_text=text)


def _see_gap(page: Page, project: Project, need: Need) -> None:
    page.goto(_url("dashboard:project", project))
    gap = _must_gap(page)
    expect(gap).to_have_count(1)
    expect(gap.get_by_role("link", name=need.ref)).to_be_visible()
    assert_accessible(page, "dashboard with a must-need gap")
    page.get_by_role("link", name=t("All gaps in the golden thread")).click()
    expect(_must_gap(page).get_by_role("link", name=need.ref)).to_be_visible()
    assert_accessible(page, "gaps page with a must-need gap")


def _add_requirements(page: Page, project: Project, need: Need) -> tuple[Requirement, Requirement]:
    # The first requirement from the need's page: linked to the need as it is saved.
    page.goto(_url("needs:need_detail", project, code=need.code))
    page.get_by_role("link", name=t("Add requirement for this need")).click()
    expect(page.get_by_text(need.statement)).to_be_visible()
    assert_accessible(page, "requirement form for a need")
    page.get_by_role("button", name=t("Save"), exact=True).click()  # empty: refused
    expect(page.locator("textarea[name=text]")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "requirement form with errors")
    page.locator("textarea[name=text]").fill(REQ_GROUP_SIZE)
    page.locator("select[name=category]").select_option(Requirement.Category.FUNCTIONAL)
    page.locator("select[name=verification_method]").select_option(Requirement.Verification.DESIGN_REVIEW)
    page.get_by_label(t("Rationale for the link to the need")).fill("Små grupper gir ro.")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    first = Requirement.objects.get(project=project, text=REQ_GROUP_SIZE)
    expect(page.get_by_role("heading", level=1)).to_contain_text(first.ref)
    needs_section = page.get_by_role("region", name=t("Why it exists: the needs it satisfies"))
    expect(needs_section.get_by_role("link", name=f"{need.ref} {need.statement}")).to_be_visible()
    assert_accessible(page, "requirement detail linked to the need")

    # The second from the requirements list, linked afterwards with the link form.
    page.goto(_url("needs:requirements", project))
    assert_accessible(page, "requirements list")
    page.locator("main").get_by_role("link", name=t("Add requirement"), exact=True).click()
    assert_accessible(page, "requirement form")
    page.locator("textarea[name=text]").fill(REQ_DAYLIGHT)
    page.locator("select[name=category]").select_option(Requirement.Category.ROOM)
    page.locator("select[name=verification_method]").select_option(Requirement.Verification.INSPECTION)
    page.get_by_role("button", name=t("Save"), exact=True).click()
    second = Requirement.objects.get(project=project, text=REQ_DAYLIGHT)
    expect(page.get_by_role("heading", level=1)).to_contain_text(second.ref)
    expect(page.locator("main .ds-tag[data-color=warning]", has_text=t("Gap"))).to_be_visible()
    assert_accessible(page, "requirement detail without a need")
    page.locator("select[name=need]").select_option(str(need.pk))
    page.locator("input[name=rationale]").fill("Dagslys gir orientering.")
    page.get_by_role("button", name=t("Link need")).click()
    expect(_success(page)).to_be_visible()
    needs_section = page.get_by_role("region", name=t("Why it exists: the needs it satisfies"))
    expect(needs_section.get_by_role("link", name=f"{need.ref} {need.statement}")).to_be_visible()
    assert_accessible(page, "requirement detail after linking")

    page.goto(_url("needs:requirements", project))
    for requirement in (first, second):
        row = page.get_by_role("row").filter(has=page.get_by_role("cell", name=requirement.ref, exact=True))
        expect(row.get_by_role("link", name=need.ref)).to_be_visible()
    assert_accessible(page, "requirements list with two linked requirements")
    assert set(need.requirements.all()) == {first, second}
    return first, second


def _gap_gone(page: Page, project: Project, need: Need) -> None:
    page.goto(_url("needs:gaps", project))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(_must_gap(page)).to_have_count(0)
    expect(page.locator("main").get_by_role("link", name=need.ref)).to_have_count(0)
    assert_accessible(page, "gaps page after linking requirements")
    page.goto(_url("dashboard:project", project))
    expect(_must_gap(page)).to_have_count(0)
    assert_accessible(page, "dashboard after linking requirements")
    page.goto(_url("needs:need_detail", project, code=need.code))
    expect(page.locator("ol.chain .ds-tag[data-color=warning]", has_text=t("Gap"))).to_have_count(0)
    assert_accessible(page, "need detail with requirements")


def _add_room(page: Page, *, ref: str, name: str, group: str, count: int, area: str, requirement: str = "") -> None:
    page.locator("main").get_by_role("link", name=t("Add room type")).click()
    assert_accessible(page, "room type form")
    page.locator("input[name=ref]").fill(ref)
    page.locator("input[name=name]").fill(name)
    page.locator("select[name=function_group]").select_option(group)
    page.locator("input[name=count]").fill(str(count))
    page.locator("input[name=net_area]").fill(area)  # with a decimal comma
    if requirement:
        page.get_by_role("checkbox", name=re.compile(re.escape(requirement))).check()
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(_success(page)).to_be_visible()


def _totals(page: Page) -> Locator:
    return page.get_by_role("region", name=t("Totals"))


def _fact(region: Locator, term: str) -> Locator:
    """The <dd> after the <dt> with this text."""
    return region.locator("dt", has_text=re.compile(f"^{re.escape(term)}$")).locator("xpath=following-sibling::dd[1]")


def _room_programme(page: Page, project: Project, requirement: Requirement) -> None:
    page.goto(_url("needs:programme", project))
    expect(_fact(_totals(page), t("Rooms"))).to_have_text("0")
    assert_accessible(page, "empty room programme")

    _add_room(
        page, ref="BO-01", name="Beboerrom", group="residential", count=8, area="25,5", requirement=requirement.ref
    )
    _add_room(page, ref="FE-01", name="Stue og kjøkken", group="common", count=1, area="60")
    net = Decimal("25.5") * 8 + Decimal(60)  # 264.0
    totals = _totals(page)
    expect(_fact(totals, t("Rooms"))).to_have_text("9")
    expect(_fact(totals, t("Net programme area"))).to_have_text(f"{floatformat(net, 1)} m²")
    expect(_fact(totals, t("Gross factor"))).to_have_text(floatformat(Decimal("1.45"), 2))
    expect(_fact(totals, t("Gross area (BTA)"))).to_have_text(f"{floatformat(net * Decimal('1.45'), 1)} m²")
    # One table per function group, each with its own total row.
    residential = page.get_by_role("region", name=re.compile(r"bogruppe", re.IGNORECASE)).get_by_role("table")
    expect(residential.get_by_role("link", name="Beboerrom")).to_be_visible()
    expect(residential.locator("tfoot td.num").last).to_have_text(floatformat(Decimal("204"), 1))
    expect(residential.get_by_role("link", name=requirement.ref)).to_be_visible()
    assert_accessible(page, "room programme with two room types")

    # A new gross factor, with a decimal comma.
    page.locator("input[name=gross_factor]").fill("1,5")
    page.get_by_role("button", name=t("Save factor")).click()
    expect(_success(page)).to_be_visible()
    expect(_fact(_totals(page), t("Gross area (BTA)"))).to_have_text(f"{floatformat(net * Decimal('1.5'), 1)} m²")
    assert_accessible(page, "room programme after a new gross factor")

    page.get_by_role("link", name="Beboerrom").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("BO-01 Beboerrom")
    assert_accessible(page, "room type detail")


def _cut_impact(page: Page, project: Project, need: Need, first: Requirement, second: Requirement) -> None:
    links_before = set(NeedRequirement.objects.filter(need=need).values_list("requirement_id", flat=True))
    page.goto(_url("needs:matrix", project))
    expect(page.get_by_role("table")).to_contain_text(first.ref)
    assert_accessible(page, "traceability matrix")
    page.get_by_role("navigation", name=t("Traceability")).get_by_role("link", name=t("Impact of cuts")).click()
    expect(page.get_by_role("region", name=t("What would be lost"))).to_have_count(0)
    assert_accessible(page, "impact of cuts without picks")

    def lost_needs() -> Locator:
        region = page.get_by_role("region", name=t("What would be lost"))
        return region.locator("h3", has_text=t("Needs that lose their last requirement")).locator(
            "xpath=following-sibling::ul[1]"
        )

    def weakened_needs() -> Locator:
        region = page.get_by_role("region", name=t("What would be lost"))
        return region.locator("h3", has_text=t("Needs that keep other requirements")).locator(
            "xpath=following-sibling::ul[1]"
        )

    # Cutting one of the two: the need keeps the other requirement.
    page.get_by_role("checkbox", name=re.compile(re.escape(first.ref))).check()
    page.get_by_role("button", name=t("Show the impact")).click()
    expect(weakened_needs().get_by_role("link", name=f"{need.ref} {need.statement}")).to_be_visible()
    expect(lost_needs().get_by_role("link")).to_have_count(0)
    assert_accessible(page, "impact of cutting one requirement")

    # Cutting both: the need loses its last requirement, and the evidence behind it shows.
    expect(page.get_by_role("checkbox", name=re.compile(re.escape(first.ref)))).to_be_checked()
    page.get_by_role("checkbox", name=re.compile(re.escape(second.ref))).check()
    page.get_by_role("button", name=t("Show the impact")).click()
    lost = lost_needs()
    expect(lost.get_by_role("link", name=f"{need.ref} {need.statement}")).to_be_visible()
    expect(lost.locator(".ds-tag[data-color=danger]")).to_have_text(t("Must"))
    region = page.get_by_role("region", name=t("What would be lost"))
    expect(region.get_by_role("table")).to_contain_text(need.beneficiaries.get().name)
    expect(weakened_needs().get_by_role("link")).to_have_count(0)
    assert_accessible(page, "impact of cutting both requirements")

    # Nothing was changed.
    assert Requirement.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert set(NeedRequirement.objects.filter(need=need).values_list("requirement_id", flat=True)) == links_before


def _baseline(page: Page, project: Project) -> None:
    page.goto(_url("needs:matrix", project))
    page.get_by_role("navigation", name=t("Traceability")).get_by_role("link", name=t("Baselines and changes")).click()
    assert_accessible(page, "baselines without any")
    page.locator("input[name=name]").fill(BASELINE)
    page.locator("select[name=gate_decision]").select_option(index=1)
    page.get_by_role("button", name=t("Freeze baseline")).click()
    expect(_success(page)).to_be_visible()
    expect(page.get_by_role("table").get_by_role("cell", name=BASELINE, exact=True)).to_be_visible()
    assert_accessible(page, "baselines with one")
    assert Baseline.objects.filter(project=project, name=BASELINE).exists()

    # A change after the baseline: two more resident rooms, with a reason.
    room = RoomType.objects.get(project=project, ref="BO-01")
    page.goto(_url("needs:room_detail", project, code=room.code))
    page.locator("main").get_by_role("link", name=t("Change"), exact=True).click()
    assert_accessible(page, "room type edit form")
    page.locator("input[name=count]").fill("10")
    page.locator("input[name=change_reason]").fill("Behovet økte etter prognosen.")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect(_success(page)).to_be_visible()

    page.goto(_url("needs:baselines", project))
    page.get_by_role("link", name=_with_hidden(t("with now"), f" ({BASELINE})")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(BASELINE)
    rooms = page.locator("section[aria-labelledby=h-rooms]")
    expect(rooms.get_by_role("heading")).to_contain_text(t("Room programme"))
    expect(rooms.locator(".card-list > li")).to_have_count(1)
    expect(rooms.locator(".card-list > li")).to_contain_text("BO-01")
    count_row = rooms.get_by_role("row").filter(has=page.get_by_role("rowheader", name=capfirst(t("count"))))
    expect(count_row.get_by_role("cell")).to_have_text(["8", "10"])
    expect(rooms).to_contain_text("Behovet økte etter prognosen.")
    for name in ("needs", "requirements"):
        expect(page.locator(f"section[aria-labelledby=h-{name}]")).to_contain_text(t("No changes."))
    assert_accessible(page, "baseline compared with now")


def _english_pages(page: Page, project: Project, need: Need, first: Requirement, second: Requirement) -> None:
    """The same pages once more in English."""
    baseline = Baseline.objects.get(project=project, name=BASELINE)
    room = RoomType.objects.get(project=project, ref="BO-01")
    observation = Observation.objects.filter(project=project).first()
    assert observation is not None
    pages = {
        "needs list": _url("needs:needs", project),
        "need detail": _url("needs:need_detail", project, code=need.code),
        "need form": _url("needs:need_edit", project, code=need.code),
        "new need form": _url("needs:need_create", project),
        "observation trace": _url("needs:observation_trace", project, code=observation.code),
        "requirements list": _url("needs:requirements", project),
        "requirement detail": _url("needs:requirement_detail", project, code=first.code),
        "requirement form": _url("needs:requirement_edit", project, code=first.code),
        "room programme": _url("needs:programme", project),
        "room type detail": _url("needs:room_detail", project, code=room.code),
        "room type form": _url("needs:room_edit", project, code=room.code),
        "programme import": _url("needs:programme_import", project),
        "traceability matrix": _url("needs:matrix", project),
        "gaps": _url("needs:gaps", project),
        "impact of cuts": _url("needs:cuts", project) + f"?requirement={first.code}&requirement={second.code}",
        "baselines": _url("needs:baselines", project),
        "baseline compared with now": _url("needs:baseline_compare", project) + f"?a={baseline.code}",
        "library": _url("needs:library", project),
    }
    for what, url in pages.items():
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert_accessible(page, what)
    # The impact page in English names the lost need under its English heading.
    page.goto(pages["impact of cuts"])
    region = page.get_by_role("region", name="What would be lost")
    expect(region.get_by_role("link", name=f"{need.ref} {need.statement}")).to_be_visible()


def test_needs_flow(
    page: Page, context: BrowserContext, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    data = data_with_project
    project = data.project
    assert project is not None
    insight = _make_insight(data)
    log_in(context, live_server.url, data.kari)

    with translation.override("nb"):
        need = _need_from_insight(page, project, insight)
        expect(page.locator("html")).to_have_attribute("lang", "nb")
        _see_gap(page, project, need)
        first, second = _add_requirements(page, project, need)
        _gap_gone(page, project, need)
        _room_programme(page, project, first)
        _cut_impact(page, project, need, first, second)
        _baseline(page, project)

    set_language_cookie(context, live_server.url, "en")
    with translation.override("en"):
        _english_pages(page, project, need, first, second)
