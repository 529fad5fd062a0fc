"""Collaboration in a real browser: team canvas, RACI, a decision found from its need, the pulse."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from mulighetsrom.collaboration.models import RaciTask
from mulighetsrom.needs.models import Need
from tests.browser.helpers import BrowserData, assert_accessible, log_in, set_language_cookie


def test_collaboration_flow(
    page: Page, context: BrowserContext, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    data = data_with_project
    project = data.project
    assert project is not None
    need = Need.objects.create(project=project, ref="B1", statement="Skjermede bogrupper")
    log_in(context, live_server.url, data.kari)
    set_language_cookie(context, live_server.url, "en")
    base = f"{live_server.url}/p/{project.slug}"

    page.goto(f"{base}/canvas/")
    assert_accessible(page, "team canvas")
    page.locator("#id_comments-purpose_body").fill("Hva mener dere?")
    page.locator("#comments-purpose").get_by_role("button", name="Add comment").click()
    expect(page.locator("#comments-purpose").get_by_text("Hva mener dere?")).to_be_visible()
    page.locator("#id_purpose-text").fill("Et godt hjem for beboerne")
    page.locator("#section-purpose").get_by_role("button", name="Save Purpose").click()
    expect(page.locator("#id_purpose-text")).to_have_value("Et godt hjem for beboerne")
    assert_accessible(page, "team canvas after save")

    task = RaciTask.objects.filter(project=project).select_related("phase").first()
    assert task is not None
    page.goto(f"{base}/raci/?phase={task.phase.number}")
    assert_accessible(page, "RACI")
    missing_a = f"“{task.name}” has no one accountable (A)."
    expect(page.get_by_text(missing_a)).to_be_visible()
    row = page.locator(f"#task-{task.code}")
    row.locator("select").first.select_option("A")
    row.get_by_role("button").click()
    expect(page.get_by_text(missing_a)).to_have_count(0)
    assert_accessible(page, "RACI after save")
    page.get_by_role("link", name="All phases").click()
    expect(page.get_by_text("Findings per phase")).to_be_visible()
    assert_accessible(page, "RACI all phases")

    page.goto(f"{base}/decisions/new/")
    assert_accessible(page, "decision form")
    page.locator("#id_title").fill("Bogrupper på 8 plasser")
    page.locator("#id_decided_on").fill("2026-03-10")
    page.locator("#id_needs").select_option(str(need.pk))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Bogrupper på 8 plasser")).to_be_visible()
    assert_accessible(page, "decision detail")
    page.goto(f"{base}/needs/{need.code}/")
    page.get_by_role("link", name="Bogrupper på 8 plasser").click()
    expect(page.get_by_role("heading", name="Bogrupper på 8 plasser")).to_be_visible()

    page.goto(f"{base}/health/")
    assert_accessible(page, "team health")
    for fieldset in page.locator("fieldset").all():
        fieldset.get_by_label("4").check()
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("You have answered this round.")).to_be_visible()
    assert_accessible(page, "team health after answering")
