"""Offline reloads, the precache list, the Content-Security-Policy, the manifest, hostile input."""

from __future__ import annotations

import json
import random
import re
import struct
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, expect

from tests.e2e.harness import DIST, READY_TIMEOUT_MS, free_port, settled, start_server


def precache_list() -> set[str]:
    worker = (DIST / "sw.js").read_text()
    urls = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", worker, re.S).group(1))
    return {url.removeprefix(".") for url in urls}


def result(page: Page, card: str) -> str:
    return page.locator(f'[data-calc="{card}"] [data-out="result"]').inner_text()


def test_reload_computes_with_the_server_stopped_and_the_browser_offline(browser: Browser) -> None:
    """After one online visit the service worker serves the page, its Python and the runtime."""
    port = free_port()
    server = start_server(DIST, port)
    context = browser.new_context(base_url=f"http://localhost:{port}", service_workers="allow")
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto("/")
        page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
        page.evaluate("navigator.serviceWorker.ready")
    finally:
        server.terminate()
        server.wait(timeout=10)
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    page.locator('[data-calc="liquidation_move"] [name="leverage"]').fill("25")
    expect(page.locator('[data-calc="liquidation_move"] [data-out="result"]')).to_have_text("4.00%")
    expect(page.locator('[data-calc="coin_long_profit"] [data-out="result"]')).to_have_text(
        "+5,500.00"
    )
    expect(page.locator('[data-calc="pnl"] [data-out="net_pnl"]')).to_have_text("+2,959.50 USDT")
    assert not errors, errors
    context.close()


def test_precache_is_exactly_what_the_page_loads(page: Page, base_url: str) -> None:
    """Every file the page requests is precached; the rest of the list is install-only files."""
    requested: set[str] = set()
    page.on("request", lambda r: requested.add(urlsplit(r.url).path))
    page.goto("/")
    page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    precached = precache_list()
    assert requested <= precached, requested - precached
    install_only = {
        "/index.html",
        "/static/manifest.webmanifest",
        "/static/icon-192.png",
        "/static/icon-512.png",
    }
    assert precached - requested <= install_only, precached - requested - install_only


def test_csp_blocks_inline_script_and_foreign_requests(browser: Browser, base_url: str) -> None:
    """Only this origin is allowed: injected inline script and a foreign fetch are refused."""
    context = browser.new_context(base_url=base_url, service_workers="block")
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    page = context.new_page()
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__violations = (window.__violations || []).concat(e.violatedDirective))"
    )
    page.goto("/")
    page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
        " document.body.append(s); return fetch('https://example.invalid/').catch(() => null); }"
    )
    violations = page.evaluate("window.__violations || []")
    assert page.evaluate("window.__ran === undefined")
    assert any(v.startswith("script-src") for v in violations), violations
    assert any(v.startswith(("connect-src", "default-src")) for v in violations), violations
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "default-src 'self'",
    ):
        assert directive in policy
    assert "'unsafe-eval'" not in policy
    assert "'unsafe-inline'" not in policy
    context.close()


def test_manifest_is_valid_and_its_icons_exist(app: Page) -> None:
    """The page links a web app manifest whose icons are real PNGs of the stated sizes."""
    href = app.locator('link[rel="manifest"]').get_attribute("href")
    response = app.request.get(href)
    assert response.ok
    manifest = response.json()
    assert manifest["name"] == "Contract Calculator"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"]
    assert manifest["icons"]
    sizes = set()
    for icon in manifest["icons"]:
        data = app.request.get(f"/static/{icon['src']}").body()
        if icon["type"] == "image/png":
            width, height = struct.unpack(">II", data[16:24])
            assert icon["sizes"] == f"{width}x{height}"
            sizes.add(width)
    assert {192, 512} <= sizes


HOSTILE = [
    "1e308",
    "1e-300",
    "-1e308",
    "9" * 10_000,
    "NaN",
    "Infinity",
    "-Infinity",
    "1,000,000",
    " 42 ",
    "1 000",
    "<b>x</b>",
    "'; DROP TABLE--",
    "",
]


def test_hostile_values_show_messages_and_keep_other_inputs(app: Page) -> None:
    """Huge, tiny, long, non-finite and markup values: messages or results, never a crash."""
    leverage = app.locator('[data-calc="pnl"] [name="leverage"]')
    entry = app.locator('[data-calc="pnl"] [name="entry"]')
    error = app.locator('[data-calc="pnl"] [data-error-for="leverage"]')
    net = app.locator('[data-calc="pnl"] [data-out="net_pnl"]')
    for text in HOSTILE:
        leverage.fill(text)
        settled(app)
        expect(app.locator("html")).to_have_attribute("data-py-ready", "true")
        expect(entry).to_have_value("30000")
        # Exactly one of the two: a message at the field, or a result (never both, never
        # neither); an empty message slot does not count.
        said = error.filter(has_text=re.compile(r"\S"))
        expect(said.or_(net.filter(has_not_text="—"))).to_have_count(1)
        if text.strip() in {"NaN", "Infinity", "-Infinity", "<b>x</b>", "'; DROP TABLE--", ""}:
            expect(said).to_have_count(1)  # not a finite number: refused at the field
    expect(app.locator("b")).to_have_count(0)


def test_empty_form_shows_a_message_at_every_field(app: Page) -> None:
    """Clearing every visible field leaves a message at each, and nothing breaks."""
    fields = app.locator("[data-calc] input[name]:visible")
    for index in range(fields.count()):
        fields.nth(index).fill("")
    invalid = app.locator('[data-calc] input[aria-invalid="true"]:visible')
    # Empty rates and fees mean "none" (0); these fields may be left empty.
    optional = {
        "contract_size",
        "funding_rate",
        "funding_intervals",
        "exit",
        "roe",
        "maint_amount",
        "other_maint",
        "other_upnl",
        "take_profits",
        "mmr",
        "open_fee",
        "close_fee",
        "add_price",
        "target_average",
        "target_liquidation",
        "liquidation_fee",
        "added_margin_fee",
        "assumed_mmr",
    }
    settled(app)
    names = {invalid.nth(i).get_attribute("name") for i in range(invalid.count())}
    expected = {fields.nth(i).get_attribute("name") for i in range(fields.count())} - optional
    # A repeating row left wholly empty is skipped (no fill, no position), not an error.
    row_cell = r"(price|size|symbol|entry|mark|mmr|maint_amount)_\d+$"
    expected = {name for name in expected if not re.match(row_cell, name)}
    assert expected <= names, expected - names


def test_random_strings_in_every_field_never_log_an_error(app: Page) -> None:
    """Fuzz: random strings in every visible field; the guard fails on any console error."""
    rng = random.Random(20261121)
    alphabet = "0123456789.,-+eE% abcxyz<>&;'\"\u00a0１２３"
    fields = app.locator("[data-calc] input[name]:visible, [data-calc] textarea[name]:visible")
    for index in range(fields.count()):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        fields.nth(index).fill(text)
    expect(app.locator("html")).to_have_attribute("data-py-ready", "true")
    app.locator("[data-action=reset]").click()
    expect(app.locator('[data-calc="liquidation_move"] [data-out="result"]')).to_have_text("5.00%")


def test_a_tier_table_fetched_once_is_stored_for_offline_visits(browser: Browser) -> None:
    """The tier data is not precached: the service worker stores it when first fetched."""
    assert not any("/tiers/" in url for url in precache_list())
    port = free_port()
    server = start_server(DIST, port)
    context = browser.new_context(base_url=f"http://localhost:{port}", service_workers="allow")
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    brackets = page.locator('[data-calc="liquidation"] [name="brackets"]')
    # TRAINER's SOLUSDT (cited in tests/unit/contractcalc/test_tier_data.py):
    # 0 at 0.5%, 100x; 50,000 at 0.65%, 75x.
    sol = re.compile(r"^0, 0\.5, 100\n50,000, 0\.65, 75\n")
    try:
        page.goto("/")
        page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
        page.locator('[data-global] [name="exchange"]').select_option("binance")
        page.locator('[data-global] [name="coin"]').fill("SOL")
        expect(brackets).to_have_value(sol)
    finally:
        server.terminate()
        server.wait(timeout=10)
    context.set_offline(True)
    page.reload()  # the saved state (Binance, SOL) comes back and needs the table again
    page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    expect(page.locator('[data-global] [name="coin"]')).to_have_value("SOL")
    expect(brackets).to_have_value(sol)
    assert not errors, errors
    context.close()
