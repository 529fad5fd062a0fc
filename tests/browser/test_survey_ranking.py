"""A ranked prioritise question in a real browser: keyboard only, no JavaScript, 320 px, axe."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from mulighetsrom.surveys import actions
from mulighetsrom.surveys.models import Answer, Question, Response, Survey
from mulighetsrom.surveys.tests.helpers import make_survey
from tests.browser.helpers import BrowserData, assert_accessible, log_in, screenshot, set_language_cookie

pytestmark = pytest.mark.browser


def _ranked_survey(data: BrowserData) -> tuple[Survey, Question]:
    assert data.project is not None
    survey = make_survey(data.project, data.kari)
    survey.questions.all().delete()  # only the ranked question: one page
    question = actions.save_question(
        question=Question(
            survey=survey,
            kind=Question.Kind.PRIORITISE,
            text="Ranger de viktigste",
            text_en="Rank the most important",
            required=True,
            max_picks=3,
            ranked=True,
        ),
        choices=["Hage", "Dagslys", "Stillerom", "Kjøkken"],
        choices_en=["Garden", "Daylight", "Quiet room", "Kitchen"],
        acting_user=data.kari,
    )
    return survey, question


def _tab_to(page: Page, selector: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _focused_label(page: Page) -> str:
    return str(page.evaluate("() => document.activeElement.labels[0].textContent.trim()"))


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"page scrolls sideways: {width}px"


def test_it_ranks_by_keyboard_without_javascript_at_320_px(
    browser: Browser, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    survey, question = _ranked_survey(data_with_project)
    garden, daylight, quiet, _kitchen = list(question.choices.all())
    nojs = browser.new_context(
        base_url=live_server.url, locale="nb-NO", java_script_enabled=False, viewport={"width": 320, "height": 640}
    )
    try:
        page = nojs.new_page()
        page.goto(f"/s/{survey.token}/?lang=en")
        _tab_to(page, "main form button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/r/[^/]+/1/"))
        expect(page.locator("fieldset legend")).to_contain_text("Rank the most important")
        _no_sideways_scroll(page)

        # Each item is a select labelled by the item: type the rank's digit to choose it.
        _tab_to(page, "select")
        assert _focused_label(page) == "Garden"
        page.keyboard.press("1")
        page.keyboard.press("Tab")
        assert _focused_label(page) == "Daylight"
        page.keyboard.press("1")  # the same rank twice
        _tab_to(page, "button[value=next]")
        page.keyboard.press("Enter")
        error = page.locator(".ds-validation-message")
        expect(error).to_contain_text("You gave 2 items rank 1. Each rank can be used once.")
        expect(page.locator(f"#error-summary a[href='#id_q{question.pk}']")).to_be_visible()
        # The ranks given are kept; nothing was submitted.
        expect(page.get_by_label("Garden")).to_have_value("1")
        assert not Response.objects.get().is_submitted
        _no_sideways_scroll(page)
        screenshot(page, "survey-ranking-error-320")

        _tab_to(page, f"select[name=q{question.pk}_{daylight.pk}]")
        page.keyboard.press("3")
        page.keyboard.press("Tab")
        assert _focused_label(page) == "Quiet room"
        page.keyboard.press("2")
        _tab_to(page, "button[value=next]")
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_contain_text("Thank you")
        assert nojs.cookies() == []
    finally:
        nojs.close()
    response = Response.objects.get()
    assert response.is_submitted
    assert Answer.objects.get(response=response, question=question).value == [garden.pk, quiet.pk, daylight.pk]


def test_the_ranking_page_and_its_error_have_no_axe_violations(
    browser: Browser, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    survey, _question = _ranked_survey(data_with_project)
    context: BrowserContext = browser.new_context(
        base_url=live_server.url, locale="nb-NO", viewport={"width": 320, "height": 640}
    )
    try:
        page = context.new_page()
        for lang in ("nb", "nn", "en"):
            page.goto(f"/s/{survey.token}/?lang={lang}")
            page.locator("main form button[type=submit]").click()
            page.wait_for_url(re.compile(r"/r/[^/]+/1/"))
            assert_accessible(page, f"ranked question {lang}")
            page.locator("button[value=next]").click()  # required: no rank given
            expect(page.locator(".ds-validation-message")).to_be_visible()
            assert_accessible(page, f"ranked question with error {lang}")
            _no_sideways_scroll(page)
    finally:
        context.close()


def test_staff_see_the_ranking_in_results(page: Page, live_server: LiveServer, data_with_project: BrowserData) -> None:
    survey, question = _ranked_survey(data_with_project)
    garden, daylight, _quiet, _kitchen = list(question.choices.all())
    for order in ([garden, daylight], [garden], [daylight, garden]):
        response, _created = actions.start_response(survey=survey, submission_key=uuid.uuid4(), language="nb")
        actions.save_answers(
            response=response, questions=[question], cleaned={f"q{question.pk}": [str(c.pk) for c in order]}
        )
        response.submit()
    log_in(page.context, live_server.url, data_with_project.kari)
    set_language_cookie(page.context, live_server.url, "en")
    assert data_with_project.project is not None
    page.goto(f"/p/{data_with_project.project.slug}/surveys/{survey.code}/results/")
    # Three ranks: garden 3 + 3 + 2 = 8 points, daylight 2 + 3 = 5.
    rows = page.locator("section.result-block table tbody tr")
    expect(rows.first).to_contain_text("Hage")
    expect(rows.first).to_contain_text("8")
    assert_accessible(page, "survey results with a ranked question")
