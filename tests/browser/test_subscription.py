"""Sign up for project news on the public page, confirm from the e-mail, and stop again (issue 11, finding 10).

Every page on the way must be accessible (axe-core, WCAG 2.1 AA), work at 320 px, and set no cookie.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from mulighetsrom.feedback import actions
from mulighetsrom.feedback.models import Subscriber
from tests.browser.helpers import BrowserData, assert_accessible

pytestmark = pytest.mark.browser

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_it_signs_up_confirms_and_unsubscribes_in_nynorsk_at_320_px(
    page: Page, live_server: LiveServer, data_with_project: BrowserData, settings: Any
) -> None:
    settings.TASKS = IMMEDIATE
    settings.SITE_ROOT = live_server.url
    project = data_with_project.project
    assert project is not None
    actions.save_feedback_choice(project=project, intro="Takk.", chosen={}, acting_user=data_with_project.kari)
    publication = actions.publish_feedback(project=project, acting_user=data_with_project.kari)
    page.set_viewport_size({"width": 320, "height": 800})

    page.goto(f"/prosjekt/{publication.public_slug}/?lang=nn")
    page.get_by_label(re.compile("e-post", re.IGNORECASE)).fill("innbyggar@example.org")
    page.get_by_role("button", name="Meld meg på").click()
    page.wait_for_load_state("load")
    assert_accessible(page, "sign-up sent")
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None
    assert subscriber.language == "nn"

    (message,) = mail.outbox
    link = re.search(r"(http://\S+/confirm/\S+/)", message.body)
    assert link, message.body
    page.goto(link.group(1) + "?lang=en")
    assert_accessible(page, "confirm")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You will hear from us")
    assert_accessible(page, "confirmed")
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None

    page.goto(f"/prosjekt/{publication.public_slug}/unsubscribe/{subscriber.token}/?lang=en")
    assert_accessible(page, "unsubscribe")
    page.get_by_role("button", name="Delete my e-mail address").click()
    page.wait_for_load_state("load")
    assert not Subscriber.objects.exists()
    assert page.context.cookies() == []
