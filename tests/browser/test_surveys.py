"""Participation portal in a real browser: keyboard only, three languages, 320 px, no JavaScript,
resume, assisted entry, no cookies and no third-party requests on the public pages."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from mulighetsrom.surveys.models import Response, Survey
from mulighetsrom.surveys.tests.helpers import make_survey
from tests.browser.helpers import BrowserData, assert_accessible, log_in

pytestmark = pytest.mark.browser

# The nb catalog is filled by the translator later: until then nb shows the English msgid.
NEXT = {"nb": re.compile("Neste|Next"), "nn": re.compile("Neste"), "en": re.compile("Next")}
THANKS = {"nb": re.compile("Takk|Thank you"), "nn": re.compile("Takk for svara dine"), "en": re.compile("Thank you")}
SEND_NB = re.compile("Send svar|Send answers")


def _survey(data: BrowserData) -> Survey:
    assert data.project is not None
    return make_survey(data.project, data.kari)


def _watch_hosts(page: Page, base_url: str) -> list[str]:
    """Collect every request to a host other than the live server."""
    host = urlparse(base_url).netloc
    foreign: list[str] = []
    page.on("request", lambda request: foreign.append(request.url) if urlparse(request.url).netloc != host else None)
    return foreign


def _tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _answer_by_keyboard(page: Page, lang: str) -> None:
    """Answer the three questions with Tab, arrow keys, typing and Enter only."""
    # A radio group: Tab into it, ArrowDown picks the next option, Enter submits with "Next".
    _tab_to(page, "input[type=radio]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#progress-label")).to_contain_text("2")
    _tab_to(page, "input[type=radio]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#progress-label")).to_contain_text("3")
    _tab_to(page, "textarea")
    page.keyboard.type("Mer lys i stua")
    page.keyboard.press("Tab")  # the send button comes first after the field
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(THANKS[lang])


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_it_completes_a_survey_with_the_keyboard_only(
    lang: str, page: Page, context: BrowserContext, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    survey = _survey(data_with_project)
    foreign = _watch_hosts(page, live_server.url)
    page.goto(f"/s/{survey.token}/?lang={lang}")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_accessible(page, f"survey intro {lang}")
    _tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/r/[^/]+/1/"))
    assert_accessible(page, f"survey page {lang}")
    # Validation: sending without an answer shows the message next to the field, in the language.
    page.get_by_role("button", name=NEXT[lang]).click()
    expect(page.locator(".ds-validation-message").first).to_be_visible()
    assert_accessible(page, f"survey page with error {lang}")
    _answer_by_keyboard(page, lang)
    assert_accessible(page, f"survey done {lang}")
    assert context.cookies() == []
    assert foreign == []
    response = Response.objects.get()
    assert response.is_submitted
    assert response.group is not None


def test_it_works_at_320_px_with_large_text(
    browser: Browser, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    survey = _survey(data_with_project)
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(f"/s/{survey.token}/?lang=nb")
        page.locator("a[href*='size=lg']").click()
        expect(page.locator("html")).to_have_class("large-text")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/r/[^/]+/1/"))
        assert_accessible(page, "survey page at 320 px")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"page scrolls sideways: {width}px"
        expect(page.locator("html")).to_have_class("large-text")
        assert context.cookies() == []
    finally:
        context.close()


def test_it_works_without_javascript_and_resumes_later(
    browser: Browser, live_server: LiveServer, data_with_project: BrowserData, page: Page
) -> None:
    survey = _survey(data_with_project)
    nojs = browser.new_context(base_url=live_server.url, locale="nb-NO", java_script_enabled=False)
    try:
        p = nojs.new_page()
        p.goto(f"/s/{survey.token}/?lang=en")
        p.locator("main form button[type=submit]").click()
        p.get_by_label("Beboere").check()
        p.get_by_role("button", name="Next").click()
        p.get_by_label("4").check()
        p.get_by_role("button", name="Save and continue later").click()
        expect(p.locator("h1")).to_contain_text("Your answers are saved")
        resume = p.locator(".resume-link a").get_attribute("href")
        assert resume and re.search(r"/r/[^/]+/2/", resume)
        assert nojs.cookies() == []
    finally:
        nojs.close()
    # Later, on another device (a fresh context): the answers are there.
    page.goto(resume)
    expect(page.get_by_label("4")).to_be_checked()
    assert_accessible(page, "resumed survey page")
    page.get_by_role("button", name="Next").click()
    page.locator("textarea").fill("Hage")
    page.get_by_role("button", name="Send answers").click()
    expect(page.locator("h1")).to_contain_text("Thank you")
    assert Response.objects.get().is_submitted


def test_staff_enter_answers_on_behalf_of_a_resident(
    page: Page, context: BrowserContext, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    survey = _survey(data_with_project)
    project = data_with_project.project
    assert project is not None
    log_in(context, live_server.url, data_with_project.kari)
    page.goto(f"/p/{project.slug}/surveys/")
    assert_accessible(page, "survey list")
    page.goto(f"/p/{project.slug}/surveys/{survey.code}/")
    assert_accessible(page, "survey detail")
    page.get_by_role("link", name=re.compile("resident|beboer", re.I)).click()
    assert_accessible(page, "assisted entry")
    page.locator("input[name=consent_basis][value=consent]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/r/[^/]+/1/"))
    page.get_by_label("Beboere").check()
    page.get_by_role("button", name=NEXT["nb"]).click()
    page.get_by_label("5 – Svært").check()
    page.get_by_role("button", name=NEXT["nb"]).click()
    page.locator("textarea").fill("Mer lys")
    page.get_by_role("button", name=SEND_NB).click()
    expect(page.locator("h1")).to_contain_text("Takk")
    response = Response.objects.get()
    assert response.assisted_by == data_with_project.kari
    assert response.consent_basis == "consent"
    page.goto(f"/p/{project.slug}/surveys/{survey.code}/results/?cross=1")
    assert_accessible(page, "survey results")
    page.goto(f"/p/{project.slug}/surveys/{survey.code}/print/")
    assert_accessible(page, "paper version")
    page.goto(f"/p/{project.slug}/feedback/")
    assert_accessible(page, "feedback choice")
