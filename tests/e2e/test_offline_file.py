"""The offline single file (dist/contract-calculator.html) opened from file:// with no network.

It must compute every calculator exactly as the served page does, with no console error,
no Content-Security-Policy violation and no request but the file itself: every other
request is aborted, and any attempt counts as a failure.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.harness import DIST, READY_TIMEOUT_MS, ROOT, settled

OFFLINE_FILE = DIST / "contract-calculator.html"
#: 6.23 MB when written: the runtime dominates (WebAssembly 9.6 MB, 3.5 MB gzipped). A file
#: embedded twice, the full standard library, or a lost compression step shows here.
SIZE_BUDGET = 6_500_000
#: Every output of every card, by card and name; the chart as its SVG markup.
OUTPUTS_JS = """() => Object.fromEntries([...document.querySelectorAll('[data-calc]')].map(
  card => [card.dataset.calc, Object.fromEntries([...card.querySelectorAll('[data-out]')].map(
    out => [out.dataset.out, out.tagName === 'FIGURE' ? out.innerHTML : out.textContent]))]))"""


@pytest.fixture(scope="session")
def offline_file() -> Path:
    """The built file; built here when missing (`make test` builds it first)."""
    if not OFFLINE_FILE.is_file():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "build_offline.py"),
                "--out",
                str(OFFLINE_FILE),
            ],
            check=True,
        )
    return OFFLINE_FILE


@contextmanager
def open_offline(browser: Browser, path: Path) -> Iterator[Page]:
    """The file in a fresh context with the network cut off, ready; fails on any problem."""
    context = browser.new_context(service_workers="block")
    problems: list[str] = []
    own_url = path.as_uri()

    def refuse(route) -> None:
        problems.append(f"blocked request: {route.request.url}")
        route.abort("blockedbyclient")

    context.route(lambda url: urlsplit(url).scheme not in {"file", "data", "blob"}, refuse)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda m: problems.append(f"console error: {m.text}") if m.type == "error" else None,
    )
    page.on(
        "request",
        lambda r: (
            None
            if urlsplit(r.url).scheme in {"data", "blob"} or r.url.split("#")[0] == own_url
            else problems.append(f"request outside the file: {r.url}")
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    try:
        page.goto(own_url)
        page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
        yield page
    finally:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def offline(browser: Browser, offline_file: Path) -> Iterator[Page]:
    with open_offline(browser, offline_file) as page:
        yield page


def out(page: Page, card: str, name: str = "result"):
    return page.locator(f'[data-calc="{card}"] [data-out="{name}"]')


def test_offline_file_computes_the_guides_examples_and_updates_as_you_type(
    offline: Page,
) -> None:
    """From file:// with no network: the guide's examples compute, and typing recomputes."""
    expect(out(offline, "liquidation_move")).to_have_text("5.00%")
    expect(out(offline, "coin_long_profit")).to_have_text("+5,500.00")
    expect(out(offline, "usdt_profit")).to_have_text("+1,000.00 USDT")
    offline.locator('[data-calc="liquidation_move"] [name="leverage"]').fill("25")
    expect(out(offline, "liquidation_move")).to_have_text("4.00%")
    offline.locator('[data-calc="usdt_profit"] [name="change"]').fill("-2")
    expect(out(offline, "usdt_profit")).to_have_text("-1,000.00 USDT")
    assert offline.locator("[data-offline-link]").count() == 0  # the file is the download
    # Its embedded runtime started: never the message that a saved copy cannot compute.
    expect(offline.locator(".status-failed")).to_be_hidden()
    expect(offline.locator(".status-ready")).to_be_visible()
    assert offline.evaluate("!document.documentElement.hasAttribute('data-py-failed')")


def test_offline_file_fills_a_symbols_table_from_its_embedded_data(offline: Page) -> None:
    offline.locator('[data-global] [name="exchange"]').select_option("binance")
    offline.locator('[data-global] [name="coin"]').fill("SOL")
    # TRAINER's SOLUSDT (cited in tests/unit/contractcalc/test_tier_data.py):
    # 0 at 0.5%, 100x; 50,000 at 0.65%, 75x.
    expect(offline.locator('[data-calc="liquidation"] [name="brackets"]')).to_have_value(
        re.compile(r"^0, 0\.5, 100\n50,000, 0\.65, 75\n")
    )


@pytest.mark.parametrize("kind", ["linear", "inverse"])
def test_offline_file_computes_every_calculator_as_the_served_page(
    app: Page, browser: Browser, offline_file: Path, kind: str
) -> None:
    """Every output of every card, in both contract kinds, equals the served page's."""
    with open_offline(browser, offline_file) as offline:
        for page in (app, offline):
            page.locator('[data-global] [name="kind"]').select_option(kind)
            expect(page.locator("body")).to_have_attribute("data-kind", kind)
            settled(page)
        served, local = app.evaluate(OUTPUTS_JS), offline.evaluate(OUTPUTS_JS)
        assert served.keys() == local.keys()
        for card in served:
            assert local[card] == served[card], card


class LoadedURLs(HTMLParser):
    """The URLs a page's markup loads (src of any element, href of <link> but the canonical
    address, which only names the page) and the paths of the files embedded in it
    (data-path of its data blocks)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.embedded: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "src" or (
                tag == "link" and name == "href" and ("rel", "canonical") not in attrs
            ):
                self.urls.append(value or "")
            elif name == "data-path":
                self.embedded.add(value or "")


def csp_directives(text: str) -> dict[str, list[str]]:
    """The offline file's Content-Security-Policy, directive by directive."""
    match = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
    assert match, "no Content-Security-Policy"
    return {
        name: sources for name, *sources in (part.split() for part in match.group(1).split(";"))
    }


def test_offline_file_is_one_self_contained_file(offline_file: Path) -> None:
    """No reference to a file beside it, no service worker, a strict CSP, within budget."""
    text = offline_file.read_text(encoding="utf-8")
    assert offline_file.stat().st_size < SIZE_BUDGET
    loaded = LoadedURLs()
    loaded.feed(text)
    assert loaded.urls, "the icon at least"
    outside = [u for u in loaded.urls if not u.startswith("data:") and u not in loaded.embedded]
    assert not outside, outside
    assert "register-sw" not in text
    assert text.count('<script data-runtime="embedded">') == 1  # the start-up watchdog
    assert '<script type="module"' not in text  # no PyScript, no import map shims
    # The worker, Pyodide, the page's Python and every stored tier table are embedded,
    # once each (the site fetches a table when first needed; the file has no network).
    tier_tables = [f"./static/tiers/{path.name}" for path in (DIST / "static/tiers").glob("*.json")]
    assert tier_tables, "the build stores at least Binance's tables"
    assert sorted(loaded.embedded) == sorted(
        [
            "./static/worker.mjs",  # bundled with Pyodide's two modules
            "./static/vendor/pyodide/pyodide.asm.wasm",
            "./static/vendor/pyodide/python_stdlib.zip",
            "./static/vendor/pyodide/pyodide-lock.json",
            "./py.zip",
            *tier_tables,
        ]
    )
    assert text.count('http-equiv="Content-Security-Policy"') == 1
    csp = csp_directives(text)
    assert csp["default-src"] == ["'none'"]
    # Inline scripts by hash only: the watchdog, the loader and static/page.js.
    hashes = [s for s in csp["script-src"] if s.startswith("'sha256-")]
    assert len(hashes) == 3
    assert sorted(set(csp["script-src"]) - set(hashes)) == ["'wasm-unsafe-eval'"]
    # What the worker needs and nothing more: it is a data: URL module, one script, and
    # gets the embedded files as bytes: it loads and fetches nothing.
    assert csp["worker-src"] == ["data:"]
    assert "connect-src" not in csp
    assert csp["img-src"] == ["data:"]
