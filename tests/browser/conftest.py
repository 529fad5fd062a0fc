"""Fixtures for the browser tests: one Chromium per session, a fresh context per test.

Playwright's sync API runs an event loop in the test thread, so Django's ORM calls made
from the test body would be refused as "async unsafe" without the variable below.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.browser.helpers import ARTIFACTS, BrowserData, make_data

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    # Fail, never skip: a missing browser must not turn the accessibility checks green.
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests.")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session", autouse=True)
def _artifacts_dir() -> None:
    ARTIFACTS.mkdir(exist_ok=True)


class CspWatcher:
    """Collects console errors such as Content Security Policy refusals."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def __call__(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def csp_errors(self) -> list[str]:
        return [e for e in self.errors if "Content Security Policy" in e]


@pytest.fixture
def context(browser: Browser, live_server: LiveServer) -> Iterator[BrowserContext]:
    # A Norwegian browser (Accept-Language: nb-NO), as the municipal users have.
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def console(context: BrowserContext) -> CspWatcher:
    watcher = CspWatcher()
    context.on("console", watcher)
    return watcher


@pytest.fixture
def page(context: BrowserContext, console: CspWatcher) -> Iterator[Page]:
    page = context.new_page()
    yield page
    # Inline script or style="" would be refused by the strict CSP and show up here.
    assert console.csp_errors() == [], "CSP violations:\n" + "\n".join(console.csp_errors())


@pytest.fixture
def data(transactional_db: None) -> BrowserData:
    return make_data()


@pytest.fixture
def data_with_project(transactional_db: None) -> BrowserData:
    return make_data(with_project=True)


def pytest_configure(config: pytest.Config) -> None:
    # live_server serves static files through the finders; WhiteNoise only notes that
    # STATIC_ROOT (filled by collectstatic for production) does not exist.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
