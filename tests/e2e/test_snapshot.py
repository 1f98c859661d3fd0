"""Visits restored from Pyodide's memory snapshot compute as a normal start, and fall back to one.

After a first visit the service worker stores the snapshot (scripts/build_snapshot.py);
the visits it controls start Python from it (static/pyodide-snapshot.mjs), which says so
in the console at debug level. Every page here also fails on a console error, a page
error or a request to another origin (tests/e2e/conftest.py's guard).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import PageGuard
from tests.e2e.harness import DIST, READY_TIMEOUT_MS, free_port, start_server

RESTORED = "Python restored from its memory snapshot"
FELL_BACK = "the memory snapshot did not restore; starting Python normally"
#: Every output of every card, as text (the chart's markup for figures).
OUTPUTS_JS = """() => Object.fromEntries([...document.querySelectorAll('[data-calc]')].map(
  card => [card.dataset.calc, Object.fromEntries([...card.querySelectorAll('[data-out]')].map(
    out => [out.dataset.out, out.tagName === 'FIGURE' ? out.innerHTML : out.textContent]))]))"""


def snapshot_url() -> str:
    """The decompressed snapshot's URL path, as the built service worker stores it."""
    worker = (DIST / "sw.js").read_text()
    match = re.search(r"const SNAPSHOT = (\".*?\");", worker)
    assert match, "dist/sw.js names no snapshot: run `make build`"
    path = json.loads(match.group(1))
    assert path.startswith("./static/pyodide-snapshot-"), path
    return path.removeprefix(".")


class Visit:
    """A page of the context, guarded, whose debug console lines are kept."""

    def __init__(self, context: BrowserContext, guard: PageGuard) -> None:
        self.page = context.new_page()
        self.debug: list[str] = []
        guard.watch_page(self.page)
        self.page.on("console", lambda m: self.debug.append(m.text) if m.type == "debug" else None)

    def ready(self) -> Page:
        self.page.goto("/")
        self.page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
        return self.page

    def said(self, text: str) -> bool:
        return any(text in line for line in self.debug)


@pytest.fixture
def sw_context(browser: Browser, base_url: str, guard: PageGuard) -> Iterator[BrowserContext]:
    """A profile with service workers allowed; nothing may leave localhost."""
    context = browser.new_context(base_url=base_url, service_workers="allow")
    context.route(
        lambda url: not url.startswith(base_url),
        lambda route: route.abort("blockedbyclient"),
    )
    yield context
    context.close()
    assert not guard.problems, "\n".join(guard.problems)


def install(context: BrowserContext, guard: PageGuard) -> Visit:
    """A first visit: a normal start; then wait for the worker to store the snapshot."""
    first = Visit(context, guard)
    page = first.ready()
    assert not first.said(RESTORED)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
    stored = page.evaluate(
        "async (url) => { await navigator.serviceWorker.ready;"
        " return !!(await caches.match(url)); }",
        snapshot_url(),
    )
    assert stored, "the service worker did not store the snapshot"
    return first


def every_output(page: Page) -> dict[str, dict[str, dict[str, str]]]:
    """Every card's outputs in both contract kinds, each computed by Python on this page."""
    kinds = {}
    for kind in ("inverse", "linear"):
        page.locator('[data-global] [name="kind"]').select_option(kind)
        expect(page.locator("body")).to_have_attribute("data-kind", kind)
        kinds[kind] = page.evaluate(OUTPUTS_JS)
    return kinds


def test_restored_visit_computes_every_calculator_as_a_normal_start(
    sw_context: BrowserContext, guard: PageGuard
) -> None:
    """Every output of every card, in both kinds, equals the first (normal) visit's."""
    first = install(sw_context, guard)
    normal = every_output(first.page)
    returning = Visit(sw_context, guard)
    restored = every_output(returning.ready())
    assert returning.said(RESTORED), (
        "the returning visit did not start from the snapshot: has Pyodide's _loadSnapshot"
        f" changed? console: {returning.debug}"
    )
    assert restored.keys() == normal.keys()
    for kind in normal:
        assert restored[kind].keys() == normal[kind].keys()
        for card in normal[kind]:
            assert restored[kind][card] == normal[kind][card], (kind, card)
    assert sum(len(outputs) for outputs in normal["linear"].values()) > 60


CORRUPTIONS = {
    # A download cut short.
    "truncated": "bytes.slice(0, 1 << 20)",
    # The right size, from another Pyodide build (its build id differs).
    "other build": "(() => { const b = bytes.slice(); b[16] ^= 0xff; return b; })()",
    # The right size, not a snapshot at all.
    "not a snapshot": "new Uint8Array(bytes.length)",
}


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_corrupt_or_mismatched_snapshot_falls_back_to_a_normal_start(
    sw_context: BrowserContext, guard: PageGuard, corruption: str
) -> None:
    """A bad stored snapshot: a normal start, said at debug level, with no console error."""
    first = install(sw_context, guard)
    # The page's CSP forbids eval: the change is written into the function itself.
    first.page.evaluate(
        "async (url) => {"
        "  for (const name of await caches.keys()) {"
        "    const cache = await caches.open(name);"
        "    const stored = await cache.match(url);"
        "    if (!stored) continue;"
        "    const bytes = new Uint8Array(await stored.arrayBuffer());"
        f"    await cache.put(url, new Response({CORRUPTIONS[corruption]}));"
        "  }"
        "}",
        snapshot_url(),
    )
    returning = Visit(sw_context, guard)
    page = returning.ready()
    assert returning.said(FELL_BACK), returning.debug
    assert not returning.said(RESTORED)
    page.locator('[data-calc="liquidation_move"] [name="leverage"]').fill("25")
    expect(page.locator('[data-calc="liquidation_move"] [data-out="result"]')).to_have_text("4.00%")


def test_offline_reload_restores_the_snapshot(browser: Browser) -> None:
    """With the server stopped and the browser offline, a reload starts from the snapshot."""
    port = free_port()
    server = start_server(DIST, port)
    base_url = f"http://localhost:{port}"
    guard = PageGuard(base_url)
    context = browser.new_context(base_url=base_url, service_workers="allow")
    try:
        first = install(context, guard)
    finally:
        server.terminate()
        server.wait(timeout=10)
    context.set_offline(True)
    returning = Visit(context, guard)
    page = returning.ready()
    assert returning.said(RESTORED), returning.debug
    page.locator('[data-calc="liquidation_move"] [name="leverage"]').fill("25")
    expect(page.locator('[data-calc="liquidation_move"] [data-out="result"]')).to_have_text("4.00%")
    first.page.close()
    context.close()
    assert not guard.problems, "\n".join(guard.problems)


#: Types 50 into a field as soon as the page's markup is parsed (DOMContentLoaded: the
#: module scripts have run, Python cannot have started), and notes whether Python was
#: ready then. Typing from the test instead races a restore that takes well under a second.
TYPE_AT_ONCE = """document.addEventListener("DOMContentLoaded", () => {
  const field = document.querySelector('[data-calc="liquidation_move"] [name="leverage"]');
  field.value = "50";
  field.dispatchEvent(new Event("input", { bubbles: true }));
  window.__typedBeforeReady = !document.documentElement.hasAttribute("data-py-ready");
});"""


def type_ahead(visit: Visit) -> None:
    """Type before Python is ready; the result must follow once it is."""
    page = visit.page
    page.add_init_script(TYPE_AT_ONCE)
    page.goto("/")
    page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    assert page.evaluate("window.__typedBeforeReady"), "nothing was typed before Python was ready"
    field = page.locator('[data-calc="liquidation_move"] [name="leverage"]')
    result = page.locator('[data-calc="liquidation_move"] [data-out="result"]')
    expect(result).to_have_text("2.00%")
    expect(field).to_have_value("50")


def test_type_ahead_holds_on_a_restored_visit(sw_context: BrowserContext, guard: PageGuard) -> None:
    """A value typed while the snapshot restores is computed once Python is ready."""
    install(sw_context, guard)
    returning = Visit(sw_context, guard)
    type_ahead(returning)
    assert returning.said(RESTORED), returning.debug


def test_type_ahead_holds_on_a_normal_start(page: Page, guard: PageGuard) -> None:
    """With no service worker (a first visit), a value typed during start-up is computed."""
    visit = Visit(page.context, guard)
    type_ahead(visit)
    assert not visit.said(RESTORED)
