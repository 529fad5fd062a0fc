"""The engagement matrix can be edited with the keyboard alone, and focus never gets lost."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.helpers import LANGS, BrowserData, assert_accessible, log_in, screenshot, set_language_cookie

pytestmark = pytest.mark.browser

MAX_TABS = 80


def _focused_matches(page: Page, selector: str) -> bool:
    return page.evaluate("(s) => !!document.activeElement && document.activeElement.matches(s)", selector)


def _tab_to(page: Page, selector: str, *, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` has focus."""
    for _ in range(MAX_TABS):
        if _focused_matches(page, selector):
            return
        page.keyboard.press(key)
    pytest.fail(f"{selector} never got focus after {MAX_TABS} presses of {key}")


def _assert_focus_visible(page: Page) -> None:
    """The focused element shows a focus indicator (an outline or a box-shadow ring)."""
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return {outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow}; }"""
    )
    has_outline = style["outline"] != "none" and style["width"] not in ("0px", "")
    assert has_outline or style["shadow"] != "none", f"no visible focus indicator: {style}"


@pytest.mark.parametrize("lang", LANGS)
def test_it_edits_a_matrix_cell_with_the_keyboard_only(
    lang: str, context: BrowserContext, page: Page, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    project = data_with_project.project
    group = project.stakeholder_groups.get(name="Ansatte")
    cell_selector = f"#cell-{group.code}-1"
    edit_link = f"{cell_selector} a.cell-edit"
    set_language_cookie(context, live_server.url, lang)
    log_in(context, live_server.url, data_with_project.kari)
    page.goto(f"/p/{project.slug}/engagement/")
    assert_accessible(page, "engagement matrix")

    # The first Tab reaches the skip link, which is then visible; Enter moves focus to <main>.
    page.keyboard.press("Tab")
    assert _focused_matches(page, "a.ds-skip-link")
    # Designsystemet's skip link is clipped to 1 px until focused; focus shows it as a bar.
    box = page.locator("a.ds-skip-link").bounding_box()
    assert box and box["width"] > 100 and box["height"] > 20, box
    page.keyboard.press("Enter")
    assert _focused_matches(page, "main#main")

    # The scrollable matrix region is itself focusable (so it can be scrolled with arrow keys).
    _tab_to(page, ".table-scroll")
    _assert_focus_visible(page)
    _tab_to(page, edit_link)
    _assert_focus_visible(page)
    page.keyboard.press("Enter")

    cell = page.locator(cell_selector)
    level = cell.locator("select[name=level]")
    expect(level).to_be_focused()
    assert_accessible(page, "engagement matrix with an inline form")
    # On a closed <select>, the arrow keys change the choice: blank → inform → consult.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(level).to_have_value("consult")
    _tab_to(page, f"{cell_selector} input[name=methods][value=interview]")
    page.keyboard.press("Space")
    expect(cell.locator("input[name=methods][value=interview]")).to_be_checked()
    _tab_to(page, f"{cell_selector} input[name=methods][value=workshop]")
    page.keyboard.press("Space")
    # Back to the first method with Shift+Tab and untick it again.
    _tab_to(page, f"{cell_selector} input[name=methods][value=interview]", key="Shift+Tab")
    page.keyboard.press("Space")
    expect(cell.locator("input[name=methods][value=interview]")).not_to_be_checked()
    _tab_to(page, f"{cell_selector} button[type=submit]")
    _assert_focus_visible(page)
    screenshot(page, f"keyboard-form-{lang}", full_page=False)
    page.keyboard.press("Enter")

    # Saved: the cell shows the level, and focus is back on the cell's edit link.
    expect(cell.locator(".ds-tag.level-consult")).to_be_visible()
    expect(cell.locator("form")).to_have_count(0)
    expect(page.locator(edit_link)).to_be_focused()
    _assert_focus_visible(page)
    screenshot(page, f"keyboard-saved-{lang}", full_page=False)
    assert_accessible(page, "engagement matrix after a keyboard save")
    entry = group.engagements.get(phase__number=1)
    assert (entry.level, entry.methods) == ("consult", ["workshop"])

    # Escape closes a reopened form without saving, and focus again returns to the edit link.
    page.keyboard.press("Enter")
    expect(level).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(cell.locator("form")).to_have_count(0)
    expect(cell.locator(".ds-tag.level-consult")).to_be_visible()
    expect(page.locator(edit_link)).to_be_focused()
    assert_accessible(page, "engagement matrix after cancelling")


# Designsystemet draws the ring of a radio button or checkbox around its .ds-field (label included).
# Styles are read after a frame, once :focus-visible has been applied.
FOCUS_STYLE = """() => new Promise(resolve => requestAnimationFrame(() => {
  const e = document.activeElement;
  const ring = e.matches('input[type=radio], input[type=checkbox]') ? (e.closest('.ds-field') || e) : e;
  const s = getComputedStyle(ring);
  resolve({tag: e.tagName, html: e.outerHTML.slice(0, 90), skip: e.matches('.ds-skip-link'),
           outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow});
}))"""


@pytest.mark.parametrize("lang", LANGS)
def test_every_focusable_element_shows_focus(
    lang: str, context: BrowserContext, page: Page, live_server: LiveServer, data_with_project: BrowserData
) -> None:
    """Tab through the dashboard and the matrix: each stop has a clear focus indicator."""
    project = data_with_project.project
    set_language_cookie(context, live_server.url, lang)
    log_in(context, live_server.url, data_with_project.kari)
    for url in (f"/p/{project.slug}/", f"/p/{project.slug}/engagement/", f"/p/{project.slug}/phases/"):
        page.goto(url)
        weak: list[str] = []
        for _ in range(MAX_TABS):
            page.keyboard.press("Tab")
            stop = page.evaluate(FOCUS_STYLE)
            if stop["tag"] == "BODY":
                break
            strong_outline = stop["outline"] != "none" and stop["width"] >= 2
            if not (stop["skip"] or strong_outline or stop["shadow"] != "none"):
                weak.append(stop["html"])
        assert not weak, f"weak or missing focus indicator on {url}:\n" + "\n".join(weak)
