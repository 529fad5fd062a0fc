"""The survey's paper version: the PDF from the survey page and typing in returned paper forms."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from mulighetsrom.reports.models import GeneratedDocument
from mulighetsrom.reports.render_pdf import pdf_problem
from mulighetsrom.surveys.models import Response
from mulighetsrom.surveys.tests.helpers import make_survey
from tests.browser.helpers import BrowserData, assert_accessible, log_in, set_language_cookie

pytestmark = pytest.mark.browser


def test_it_makes_the_paper_pdf_and_enters_a_paper_form(
    page: Page, live_server: LiveServer, data_with_project: BrowserData, settings: Settings, tmp_path: Path
) -> None:
    if pdf_problem():
        # Browser tests never skip in CI: there a missing Pango is a failure.
        (pytest.fail if os.environ.get("CI") else pytest.skip)(pdf_problem())
    # The document task runs at once in the server thread instead of waiting for a worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = str(tmp_path)
    project = data_with_project.project
    assert project is not None
    survey = make_survey(project, data_with_project.kari)
    log_in(page.context, live_server.url, data_with_project.kari)
    set_language_cookie(page.context, live_server.url, "en")
    page.goto(f"/p/{project.slug}/surveys/{survey.code}/")
    assert_accessible(page, "survey page with the paper PDF form")

    page.get_by_label("Language of the form").select_option("nn")
    page.get_by_role("button", name="Make PDF").click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f-]+/$"))
    expect(page.get_by_role("link", name="Download")).to_be_visible()
    assert_accessible(page, "paper form document page")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download").click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    document = GeneratedDocument.objects.get()
    assert (document.kind, document.language, document.subject_code) == ("paper", "nn", survey.code)

    page.get_by_role("link", name="Back to the survey").click()
    page.get_by_role("link", name="Enter answers from returned paper forms").click()
    expect(page.locator("h1")).to_contain_text("Enter answers from a paper form")
    expect(page.get_by_label("Paper form")).to_be_checked()
    assert_accessible(page, "paper entry start")
    page.get_by_label("Anonymous").check()
    page.get_by_role("button", name="Start entry").click()
    page.wait_for_url(re.compile(r"/r/[^/]+/1/"))
    assert Response.objects.get().channel == Response.Channel.PAPER
