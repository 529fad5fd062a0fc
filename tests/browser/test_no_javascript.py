"""Without JavaScript the engagement matrix still works: each cell's link opens a full-page
form that saves and redirects back to the matrix."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.helpers import LANGS, PASSWORD, BrowserData, assert_accessible, screenshot, set_language_cookie

pytestmark = pytest.mark.browser


class AxeMirror:
    """axe-core needs JavaScript, so each page the script-less browser shows is loaded again,
    with the same cookies, in a normal page and checked there."""

    def __init__(self, nojs: BrowserContext, context: BrowserContext, base_url: str) -> None:
        self.nojs = nojs
        self.base_url = base_url
        self.context = context
        self.page = context.new_page()

    def check(self, url: str, what: str) -> None:
        self.context.clear_cookies()
        self.context.add_cookies(
            [{"name": c["name"], "value": c["value"], "url": self.base_url} for c in self.nojs.cookies()]
        )
        self.page.goto(url)
        assert_accessible(self.page, f"{what} (also seen without JavaScript)")


@pytest.mark.parametrize("lang", LANGS)
def test_it_plans_and_removes_involvement_without_javascript(
    lang: str, browser: Browser, context: BrowserContext, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    project = data_with_project.project
    group = project.stakeholder_groups.get(name="Ansatte")
    nojs = browser.new_context(base_url=live_server.url, locale="nb-NO", java_script_enabled=False)
    try:
        set_language_cookie(nojs, live_server.url, lang)
        page: Page = nojs.new_page()
        axe = AxeMirror(nojs, context, live_server.url)
        matrix_url = re.compile(rf"/p/{project.slug}/engagement/$")

        page.goto("/accounts/login/")
        page.locator("input[name=login]").fill(data_with_project.kari.email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/projects/$"))

        page.goto(f"/p/{project.slug}/engagement/")
        axe.check(page.url, "engagement matrix")
        cell = page.locator(f"#cell-{group.code}-1")
        expect(cell.locator(".ds-tag")).to_have_count(0)
        cell.locator("a.cell-edit").click()

        # A page of its own, not an inline fragment: full layout, a heading and the form.
        expect(page).to_have_url(re.compile(rf"/engagement/{group.code}/1/\?edit=1$"))
        expect(page.locator("header.site-header")).to_be_visible()
        expect(page.locator("main h1")).to_contain_text(group.name)
        axe.check(page.url, "full-page cell form")
        screenshot(page, f"nojs-cell-form-{lang}")
        form = page.locator("main form.cell-form")
        form.locator("select[name=level]").select_option("collaborate")
        form.locator("input[name=methods][value=co_design]").check()
        form.locator("button[type=submit]").click()

        expect(page).to_have_url(matrix_url)
        expect(page.locator(".messages .ds-alert[data-color=success]")).to_be_visible()
        expect(cell.locator(".ds-tag.level-collaborate")).to_be_visible()
        assert group.engagements.get(phase__number=1).methods == ["co_design"]
        axe.check(page.url, "engagement matrix after a save")

        # The saved cell's link now edits, and the entry can be taken out of the plan again.
        cell.locator("a.cell-edit").click()
        expect(page.locator("main select[name=level]")).to_have_value("collaborate")
        axe.check(page.url, "full-page cell form for a planned entry")
        page.locator("main form.inline-form button[type=submit]").click()
        expect(page).to_have_url(matrix_url)
        expect(cell.locator(".ds-tag")).to_have_count(0)
        assert not group.engagements.filter(phase__number=1).exists()
        axe.check(page.url, "engagement matrix after removing an entry")
    finally:
        nojs.close()
