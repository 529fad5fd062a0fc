"""Data-subject request pages in a real browser: axe-clean, keyboard-usable, no cookies on the public ones."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from mulighetsrom.insight.models import Observation
from mulighetsrom.surveys.models import Answer, Question, Response
from mulighetsrom.surveys.tests.helpers import make_survey
from tests.browser.helpers import BrowserData, assert_accessible, log_in

pytestmark = pytest.mark.browser

TEXT = "Vi trenger en sansehage med benker i skyggen"


def _response(data: BrowserData) -> Response:
    assert data.project is not None
    survey = make_survey(data.project, data.kari)
    response = Response.objects.create(survey=survey, submitted_at=timezone.now())
    question = survey.questions.get(kind=Question.Kind.TEXT)
    Answer.objects.create(response=response, question=question, text=TEXT)
    return response


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_a_participant_sees_withdraws_and_deletes_their_answers(
    lang: str, page: Page, context: BrowserContext, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    response = _response(data_with_project)
    base = f"/s/{response.survey.token}/r/{response.token}"
    page.goto(f"{base}/mine/?lang={lang}")
    expect(page.locator("main")).to_contain_text(TEXT)
    assert_accessible(page, f"own answers {lang}")
    page.goto(f"{base}/withdraw/?lang={lang}")
    assert_accessible(page, f"withdraw {lang}")
    page.locator("main form button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page, f"withdrawn {lang}")
    response.refresh_from_db()
    assert response.consent_withdrawn_at is not None
    page.goto(f"{base}/delete/?lang={lang}")
    assert_accessible(page, f"delete {lang}")
    page.locator("main form button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page, f"deleted {lang}")
    assert not Response.objects.filter(pk=response.pk).exists()
    assert context.cookies() == []


def test_the_staff_pages_are_accessible(
    page: Page, context: BrowserContext, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    data = data_with_project
    assert data.project is not None
    response = _response(data)
    Observation.objects.create(project=data.project, text="Astrid Hansen vil ha en benk ved inngangen")
    log_in(context, live_server.url, data.kari)
    slug = data.project.slug
    pages = [
        f"/p/{slug}/privacy/responses/?survey={response.survey.code}",
        f"/p/{slug}/privacy/responses/{response.code}/",
        f"/p/{slug}/privacy/responses/{response.code}/delete/",
        f"/p/{slug}/privacy/responses/{response.code}/withdraw/",
        f"/p/{slug}/privacy/observations/?q=Astrid",
        "/account/my-data/",
        f"/org/people/{data.ola_person.code}/erase/",
        "/org/privacy-log/",
    ]
    for url in pages:
        page.goto(url)
        assert_accessible(page, url)
    # Select an observation and ask to erase it: the confirmation page lists it.
    page.goto(f"/p/{slug}/privacy/observations/?q=Astrid")
    page.get_by_label("Astrid Hansen", exact=False).check()
    page.locator("button[value=erase]").click()
    expect(page.locator("main")).to_contain_text("Astrid Hansen")
    assert_accessible(page, "observation erase confirmation")
