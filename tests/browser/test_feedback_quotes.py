"""Approve an anonymised quote with the keyboard alone, then read it on the public page at 320 px.

The personal-data guard must refuse a quote that still holds a phone number without losing the
text, and the public page must show the approved words only, never the observation.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from mulighetsrom.feedback import actions
from mulighetsrom.feedback.models import PublishedQuote
from mulighetsrom.insight.models import Insight, Observation
from tests.browser.helpers import BrowserData, assert_accessible, log_in, screenshot

pytestmark = pytest.mark.browser

MAX_TABS = 120
RAW = "Ring meg på 912 34 567 så skal jeg fortelle mer: mor trenger et stille rom når hun blir urolig om kvelden."
APPROVED = "Mor trenger et stille rom når hun blir urolig om kvelden."


def _tab_to(page: Page, selector: str) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def _replace_text(page: Page, text: str) -> None:
    _tab_to(page, "textarea[name=text]")
    page.keyboard.press("Control+a")
    page.keyboard.type(text)


def test_it_approves_a_quote_by_keyboard_and_shows_it_on_the_public_page(
    page: Page, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    project = data_with_project.project
    assert project is not None
    relatives = project.stakeholder_groups.get(name="Pårørende")
    observation = Observation.objects.create(
        project=project, text=RAW, kind=Observation.Kind.QUOTE, speaker_group=relatives
    )
    insight = Insight.objects.create(project=project, statement="Urolige beboere trenger skjermede rom")
    insight.evidence.add(observation)
    actions.save_feedback_choice(
        project=project,
        intro="Takk for alt dere har fortalt oss.",
        chosen={("insight", str(insight.code)): "Mange pårørende sa dette."},
        acting_user=data_with_project.kari,
    )
    publication = actions.publish_feedback(project=project, acting_user=data_with_project.kari)
    log_in(page.context, live_server.url, data_with_project.kari)

    # From the published insight in the feedback editor to the observations that support it.
    page.goto(f"/p/{project.slug}/feedback/")
    assert_accessible(page, "feedback editor")
    _tab_to(page, "a[href*='/feedback/quotes/?item=insight_']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/feedback/quotes/\?item="))
    assert_accessible(page, "quote picker")
    _tab_to(page, f"a[href*='/quotes/new/{observation.code}/']")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/quotes/new/"))
    assert_accessible(page, "quote form")

    # The form starts from the guarded text, with the group and the insight already chosen.
    textarea = page.locator("textarea[name=text]")
    expect(textarea).to_have_value(re.compile(r"\[telefonnummer fjernet\]"))
    expect(page.locator("select[name=group]")).to_have_value(str(relatives.pk))
    expect(page.locator("select[name=item] option:checked")).to_have_text(insight.statement)

    # A phone number left in the quote is refused; the text stays in the field.
    leaky = "Mor trenger et stille rom, ring 912 34 567."
    _replace_text(page, leaky)
    _tab_to(page, "input[name=confirmed]")
    page.keyboard.press("Space")
    _tab_to(page, "main form.form-stack button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".ds-error-summary")).to_contain_text("telefonnummer")
    expect(page.locator("textarea[name=text]")).to_have_value(leaky)
    assert_accessible(page, "quote form with the guard's refusal")
    screenshot(page, "feedback-quote-refused")
    assert not PublishedQuote.objects.exists()

    page.goto(page.url)  # start again from the top of the page, as a keyboard user would after reading
    _replace_text(page, APPROVED)
    _tab_to(page, "input[name=confirmed]")
    page.keyboard.press("Space")
    _tab_to(page, "main form.form-stack button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/feedback/quotes/$"))
    expect(page.locator("main")).to_contain_text(APPROVED)
    assert_accessible(page, "quote picker with an approved quote")
    screenshot(page, "feedback-quote-approved")
    quote = PublishedQuote.objects.get()
    assert quote.approved_by == data_with_project.kari
    assert quote.group == relatives

    # The public page in nynorsk at 320 px: the approved words under the insight, nothing of the observation.
    public = page.context.browser.new_context(  # type: ignore[union-attr]
        base_url=live_server.url, locale="nb-NO", viewport={"width": 320, "height": 640}
    )
    try:
        visitor = public.new_page()
        visitor.goto(f"/prosjekt/{publication.public_slug}/?lang=nn")
        blockquote = visitor.locator("main blockquote")
        expect(blockquote).to_have_count(1)
        expect(blockquote).to_have_text(f"«{APPROVED}»")
        expect(visitor.locator("main figcaption")).to_have_text("– Pårørende")
        html = visitor.content()
        assert "912 34 567" not in html
        assert "Ring meg" not in html
        width = visitor.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"the public page scrolls sideways at 320 px: scrollWidth={width}"
        assert_accessible(visitor, "public page with a quote at 320 px (nn)")
        screenshot(visitor, "feedback-quote-public-320-nn")
        assert public.cookies() == []
    finally:
        public.close()
