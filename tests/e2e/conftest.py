"""Browser tests against the built site (dist/), served on localhost.

Every test here fails on a console error, an uncaught page error, a request to any
origin but the local server, or a Content-Security-Policy violation.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from tests.e2e.harness import (
    CHROMIUM_ARGS,
    DIST,
    READY_TIMEOUT_MS,
    SYSTEM_CHROMIUM,
    free_port,
    start_server,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def site_root() -> Path:
    """The built site: the tests check what is published."""
    if not (DIST / "index.html").is_file():
        pytest.fail("dist/ is missing: run `make build` (make test does it)")
    return DIST


@pytest.fixture(scope="session")
def base_url(site_root: Path) -> Iterator[str]:
    port = free_port()
    process = start_server(site_root, port)
    yield f"http://localhost:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Use Debian's Chromium where it is installed, else Playwright's own browser."""
    if os.environ.get("PLAYWRIGHT_BUNDLED_BROWSER") or not SYSTEM_CHROMIUM.exists():
        return browser_type_launch_args
    return {
        **browser_type_launch_args,
        "executable_path": str(SYSTEM_CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


class PageGuard:
    """Collects what must never happen on the page: errors and foreign requests."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[str] = []

    def watch_page(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("request", self._on_request)

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _on_request(self, request: Any) -> None:
        url = urlsplit(request.url)
        if url.scheme in {"data", "blob", "about"}:
            return
        if f"{url.scheme}://{url.netloc}" != self.origin:
            self.problems.append(f"request to another origin: {request.url}")


@pytest.fixture
def guard(base_url: str) -> PageGuard:
    return PageGuard(base_url)


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=base_url, service_workers="block")
    # Nothing may leave localhost: abort any other request (and the guard reports it).
    context.route(
        lambda url: not url.startswith(base_url),
        lambda route: route.abort("blockedbyclient"),
    )
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, guard: PageGuard) -> Iterator[Page]:
    page = context.new_page()
    guard.watch_page(page)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    yield page
    assert not guard.problems, "\n".join(guard.problems)


@pytest.fixture
def app(page: Page) -> Page:
    """The page, loaded and ready: Python has computed every card."""
    page.goto("/")
    page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    return page
