"""The main flow through a real browser: log in, create a project, build the team, add a
stakeholder group, plan its involvement in the matrix and record a gate decision.

Every page on the way is checked with axe-core. The flow runs once in Norwegian (the default)
and once in English, switched with the language button in the header. Assertions use data the
test entered (names) and markup, not interface text, so they hold while translations change.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from mulighetsrom.accounts.models import Unit
from mulighetsrom.projects.models import Project
from tests.browser.helpers import LANGS, PASSWORD, BrowserData, assert_accessible, screenshot

pytestmark = pytest.mark.browser

PROJECT_NAME = "Nytt helsehus i Testvik"
GROUP_NAME = "Brukerutvalget ved Haugen"


def _submit(page: Page) -> None:
    page.locator("main form.form-stack button[type=submit]").first.click()


def _log_in(page: Page, lang: str, data: BrowserData) -> None:
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    assert_accessible(page, "login page")
    if lang != "nb":
        page.locator(f".lang-form button[value={lang}]").click()
        expect(page.locator("html")).to_have_attribute("lang", lang)
        assert_accessible(page, "login page")
    page.locator("input[name=login]").fill(data.kari.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/projects/$"))
    assert_accessible(page, "portfolio without projects")


def _create_project(page: Page) -> Project:
    page.locator("main a[href='/projects/new/']").click()
    assert_accessible(page, "new project form")
    # An empty form first: the error summary gets focus and must itself be accessible.
    _submit(page)
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert_accessible(page, "new project form with errors")
    page.locator("select[name=building_type]").select_option("nursing_home")
    page.locator("input[name=name]").fill(PROJECT_NAME)
    page.locator("input[name=budget_ceiling]").fill("450 000 000")
    _submit(page)
    expect(page.locator("main h1")).to_have_text(PROJECT_NAME)
    expect(page.locator(".messages .ds-alert[data-color=success]")).to_be_visible()
    assert_accessible(page, "new project's dashboard")
    return Project.objects.get(name=PROJECT_NAME)


def _add_team_member(page: Page, lang: str, data: BrowserData, project: Project) -> None:
    page.locator(f".project-nav a[href='/p/{project.slug}/team/']").click()
    expect(page.locator(".project-nav a[aria-current=page]")).to_have_attribute("href", f"/p/{project.slug}/team/")
    with translation.override(lang):
        health_care = str(Unit.Kind.HEALTH_CARE.label)
    warnings = page.locator("main .ds-alert[data-color=warning] li")
    expect(warnings.filter(has_text=health_care)).to_have_count(1)
    missing_before = warnings.count()
    expect(page.locator("main table")).not_to_contain_text(data.ola_person.name)
    assert_accessible(page, "team page")

    page.locator(f"main a[href='/p/{project.slug}/team/add/']").click()
    assert_accessible(page, "add team member form")
    page.locator("select[name=person]").select_option(str(data.ola_person.pk))
    page.locator("select[name=role]").select_option("editor")
    page.locator("select[name=function]").select_option("service_rep")
    _submit(page)

    expect(page).to_have_url(re.compile(rf"/p/{project.slug}/team/$"))
    expect(page.locator("main table th[scope=row]", has_text=data.ola_person.name)).to_be_visible()
    # The warning about the missing Health and care unit is gone; the others remain.
    expect(warnings.filter(has_text=health_care)).to_have_count(0)
    expect(warnings).to_have_count(missing_before - 1)
    assert_accessible(page, "team page after adding a member")


def _add_group(page: Page, project: Project) -> None:
    page.locator(f".project-nav a[href='/p/{project.slug}/groups/']").click()
    assert_accessible(page, "stakeholder groups")
    page.locator(f"main a[href='/p/{project.slug}/groups/new/']").click()
    assert_accessible(page, "new stakeholder group form")
    page.locator("input[name=name]").fill(GROUP_NAME)
    page.locator("select[name=category]").select_option("external")
    page.locator("input[name=approximate_size]").fill("12")
    page.locator("textarea[name=participation_needs]").fill("Møter på kveldstid.")
    _submit(page)
    expect(page.locator("main .card-list h2", has_text=GROUP_NAME)).to_be_visible()
    assert_accessible(page, "stakeholder groups after adding one")


def _plan_engagement(page: Page, project: Project) -> None:
    group = project.stakeholder_groups.get(name=GROUP_NAME)
    page.locator(f".project-nav a[href='/p/{project.slug}/engagement/']").click()
    warnings = page.locator("#plan-warnings li")
    expect(warnings.filter(has_text=GROUP_NAME)).to_have_count(1)
    warnings_before = warnings.count()
    assert_accessible(page, "engagement matrix")

    cell = page.locator(f"#cell-{group.code}-1")
    cell.locator("a.cell-edit").click()
    form = cell.locator("form.cell-form")
    expect(form).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/p/{project.slug}/engagement/$"))  # inline, no page load
    assert_accessible(page, "engagement matrix with an inline form")
    form.locator("select[name=level]").select_option("involve")
    form.locator("input[name=methods][value=workshop]").check()
    # A period in the future: a past one would raise the "not marked as held" warning.
    start = timezone.localdate() + timedelta(days=30)
    form.locator("input[name=period_start]").fill(start.isoformat())
    form.locator("input[name=period_end]").fill((start + timedelta(days=45)).isoformat())
    form.locator("button[type=submit]").click()

    expect(cell.locator(".ds-tag.level-involve")).to_be_visible()
    expect(cell.locator("a.cell-edit")).to_be_focused()
    screenshot(page, f"flow-matrix-saved-{translation.get_language()}", full_page=False)
    # The group now has planned involvement, so its warning is gone (the warnings box is not
    # re-rendered by the inline save; a reload shows the new state).
    page.reload()
    expect(warnings.filter(has_text=GROUP_NAME)).to_have_count(0)
    expect(warnings).to_have_count(warnings_before - 1)
    assert_accessible(page, "engagement matrix after planning")


def _record_gate_decision(page: Page, data: BrowserData, project: Project) -> None:
    page.locator(f".project-nav a[href='/p/{project.slug}/phases/']").click()
    current = page.locator(".phase-timeline li[aria-current=step]")
    expect(current.locator(".phase-timeline__num")).to_have_text("1")
    assert_accessible(page, "phases page")

    step2 = data.phases[2]
    page.locator("select[name=to_phase]").select_option(str(step2.pk))
    page.locator("input[name=outcome][value=continue]").check()
    page.locator("input[name=decided_by_body]").fill("Formannskapet")
    _submit(page)  # without a basis: refused with an error summary
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("textarea[name=basis]")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "gate decision form with errors")

    page.locator("textarea[name=basis]").fill("Behovsutredningen er godkjent i formannskapet.")
    _submit(page)
    expect(page.locator(".messages .ds-alert[data-color=success]")).to_be_visible()
    expect(current.locator(".phase-timeline__num")).to_have_text("2")
    expect(current).to_contain_text(step2.name)
    expect(page.locator(".project-bar .ds-tag")).to_contain_text(step2.name)
    expect(page.locator(".gate-history > li")).to_have_count(1)
    expect(page.locator(".gate-history")).to_contain_text("Formannskapet")
    screenshot(page, f"flow-phases-{translation.get_language()}")
    assert_accessible(page, "phases page after a decision")

    page.locator(".project-bar__title a").click()
    expect(page.locator(".phase-timeline li[aria-current=step] .phase-timeline__num")).to_have_text("2")
    assert_accessible(page, "dashboard after a decision")


@pytest.mark.parametrize("lang", LANGS)
def test_main_flow(lang: str, page: Page, data: BrowserData) -> None:
    with translation.override(lang):
        _log_in(page, lang, data)
        project = _create_project(page)
        assert project.budget_ceiling == 450_000_000
        _add_team_member(page, lang, data, project)
        _add_group(page, project)
        _plan_engagement(page, project)
        _record_gate_decision(page, data, project)
