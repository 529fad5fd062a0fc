"""Every main page passes axe-core (WCAG 2.1 A and AA) in Norwegian and English, on a wide
screen and at 320 CSS pixels, where nothing may scroll sideways except a `.table-scroll` region.

Besides a fixed list, the test follows every link in the site and project menus, so pages that
new apps add to the menus are checked without changing this file.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, ViewportSize
from pytest_django.live_server_helper import LiveServer

from tests.browser.helpers import LANGS, BrowserData, assert_accessible, log_in, screenshot, set_language_cookie

pytestmark = pytest.mark.browser

PUBLIC = ["/", "/accessibility/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
MENUS = ".site-nav a[href^='/'], .project-nav a[href^='/']"
WIDE: ViewportSize = {"width": 1280, "height": 900}
NARROW: ViewportSize = {"width": 320, "height": 640}
SCREENSHOTS = {"/p/{slug}/", "/p/{slug}/engagement/", "/p/{slug}/team/", "/projects/new/"}


def _logged_in_pages(data: BrowserData) -> list[str]:
    project = data.project
    group = project.stakeholder_groups.get(name="Beboere")
    membership = project.memberships.get(person=data.kari_person)
    pages = [
        "/projects/",
        "/projects/new/",
        "/p/{slug}/",
        "/p/{slug}/edit/",
        "/p/{slug}/phases/",
        "/p/{slug}/team/",
        "/p/{slug}/team/add/",
        f"/p/{{slug}}/team/{membership.code}/edit/",
        "/p/{slug}/groups/",
        "/p/{slug}/groups/new/",
        f"/p/{{slug}}/groups/{group.code}/edit/",
        "/p/{slug}/engagement/",
        f"/p/{{slug}}/engagement/{group.code}/2/",  # the no-JS pages behind the matrix cells
        f"/p/{{slug}}/engagement/{group.code}/2/?edit=1",
        f"/p/{{slug}}/engagement/{group.code}/1/?edit=1",
        "/org/units/",
        "/org/units/new/",
        f"/org/units/{data.units['property'].code}/edit/",
        "/org/people/",
        "/org/people/new/",
        f"/org/people/{data.ola_person.code}/edit/",
        "/org/phases/",
        "/org/expected-units/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
    ]
    return [p.replace("{slug}", project.slug) for p in pages]


def _menu_links(page: Page) -> set[str]:
    hrefs = page.locator(MENUS).evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return {urlsplit(h).path for h in hrefs}


def _visit_all(page: Page, context: BrowserContext, base_url: str, data: BrowserData, check) -> list[str]:
    visited: list[str] = []

    def visit(url: str) -> None:
        response = page.goto(url)
        assert response is not None and response.status < 400, f"{url} answered {response and response.status}"
        check(url)
        visited.append(url)

    for url in PUBLIC:
        visit(url)
    log_in(context, base_url, data.kari)
    listed = _logged_in_pages(data)
    for url in listed:
        visit(url)
    page.goto(f"/p/{data.project.slug}/")
    for url in sorted(_menu_links(page) - set(listed) - set(PUBLIC)):
        visit(url)
    return visited


def _overflowing(page: Page) -> list[str]:
    """Elements that stick out to the right, outside any .table-scroll region (to make fixing easy)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 320.5 && !e.closest('.table-scroll'))
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))"""
    )


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_passes_axe_wide_and_at_320_css_pixels(
    lang: str, context: BrowserContext, page: Page, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    """Each page is loaded once at 1280 px, checked, then narrowed to 320 px and checked again."""
    set_language_cookie(context, live_server.url, lang)
    slug = data_with_project.project.slug
    too_wide: dict[str, list[str]] = {}

    def check(url: str) -> None:
        name = url.strip("/").replace("/", "_").replace(slug, "project") or "home"
        shoot = url.replace(slug, "{slug}") in SCREENSHOTS
        assert page.evaluate("() => document.documentElement.lang") == lang
        page.set_viewport_size(WIDE)
        assert_accessible(page, url)
        if shoot:
            screenshot(page, f"wide-{lang}-{name}")
        page.set_viewport_size(NARROW)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            too_wide[url] = [f"scrollWidth={width}", *_overflowing(page)]
        assert_accessible(page, f"{url} at 320 px")
        if shoot:
            screenshot(page, f"narrow-{lang}-{name}")

    visited = _visit_all(page, context, live_server.url, data_with_project, check)
    assert len(visited) >= len(PUBLIC) + 20
    assert not too_wide, "Pages wider than 320 px:\n" + "\n".join(f"{u}: {w}" for u, w in too_wide.items())
