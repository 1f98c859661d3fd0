"""Browser tests against the real page, served on localhost.

Every test here fails on a console error, an uncaught page error, a request to any
origin but the local server, or a Content-Security-Policy violation.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
#: Flags for Debian's Chromium on a machine with no network but the package registries.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Generous: Pyodide compiles a 9.6 MB wasm module on a 2-core machine.
READY_TIMEOUT_MS = 90_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.e2e)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(root: Path, port: int) -> subprocess.Popen[bytes]:
    """Start scripts/serve.py and wait until it answers; fail fast if it dies or never does."""
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "scripts" / "serve.py"),
            "--port",
            str(port),
            "--root",
            str(root),
            "--quiet",
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the static server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1):
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("the static server did not answer within 15 s")


@pytest.fixture(scope="session")
def site_root() -> Path:
    if not (ROOT / "static" / "vendor" / "pyodide" / "pyodide.asm.wasm").is_file():
        pytest.fail("static/vendor is missing: run `make vendor` (make test does it)")
    return ROOT


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
def context(browser: Browser, guard: PageGuard, base_url: str) -> Iterator[BrowserContext]:
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
