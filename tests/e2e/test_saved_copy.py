"""A copy of the page that cannot start Python says so, instead of "Loading…" forever.

The saved copies are opened from file:// with the network cut off, as a person opens a page
they saved: ``dist/index.html`` alone ("Save as", HTML only: no stylesheet, no script),
``dist/index.html`` where it is, with ``static/`` beside it (a copy of the site's files),
the live page's DOM written out with its scripts and stylesheets in a ``*_files`` folder the
way Chromium's "Webpage, complete" does (scripts renamed ``.js.download``), and the live
page as Chromium's own MHTML snapshot ("Webpage, single file"). Each must show
the message and no loading text, with no uncaught error and no Content-Security-Policy
violation; the only console errors allowed are the browser's own reports of the files a
file:// page may not load (missing, or module scripts refused by CORS). The served page
and the offline file never show the message (see also test_offline_file.py).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from app.catalogue import TEXTS
from playwright.sync_api import Browser, Page, Route, expect

from tests.e2e.harness import DIST, READY_TIMEOUT_MS

#: What Chromium itself logs when a file:// page cannot load a file (not errors of ours).
BROWSER_LOAD_ERRORS = re.compile(
    r"^(Failed to load resource: net::ERR_(FILE_NOT_FOUND|FAILED)"
    r"|Access to script at 'file://[^']+' from origin 'null' has been blocked by CORS policy)"
)
#: Enough for the message: the file:// copies fail at once, before the first paint.
MESSAGE_TIMEOUT_MS = 10_000
CSP_WATCH = (
    "document.addEventListener('securitypolicyviolation', e =>"
    " console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
)


@contextmanager
def open_file(
    browser: Browser,
    path: Path,
    *,
    locale: str = "en-US",
    stored_lang: str | None = None,
    page_error: str | None = None,
) -> Iterator[Page]:
    """``path`` from file:// with the network cut off; fails on an error of ours (but the
    page error that starts with ``page_error``, which must then happen)."""
    context = browser.new_context(service_workers="block", locale=locale)
    problems: list[str] = []
    context.route(
        lambda url: urlsplit(url).scheme not in {"file", "data", "blob"},
        lambda route: (problems.append(f"request: {route.request.url}"), route.abort())[1],
    )
    page = context.new_page()
    expected: list[str] = []
    page.on(
        "pageerror",
        lambda error: (
            expected.append(str(error))
            if page_error and str(error).startswith(page_error)
            else problems.append(f"page error: {error}")
        ),
    )
    page.on(
        "console",
        lambda m: (
            problems.append(f"console error: {m.text}")
            if m.type == "error" and not BROWSER_LOAD_ERRORS.match(m.text)
            else None
        ),
    )
    page.add_init_script(CSP_WATCH)
    if stored_lang is not None:
        page.add_init_script(f"localStorage.setItem('contractcalc.lang', '{stored_lang}')")
    try:
        page.goto(path.as_uri())
        yield page
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert bool(expected) == bool(page_error), expected


def message(page: Page, lang: str):
    return page.locator(f'.failed-text[data-lang="{lang}"]')


def expect_failed(page: Page, lang: str, reason: str = "file") -> None:
    """The message in ``lang`` only, no loading or ready text, fields frozen."""
    root = page.locator("html")
    expect(root).to_have_attribute("data-py-failed", reason, timeout=MESSAGE_TIMEOUT_MS)
    expect(root).to_have_attribute("data-py-lang", lang)
    other = "zh" if lang == "en" else "en"
    expect(message(page, lang)).to_be_visible()
    expect(message(page, lang)).to_contain_text(TEXTS["s.failed"][lang])
    expect(message(page, lang)).to_contain_text(TEXTS["s.examples"][lang])
    expect(message(page, other)).to_be_hidden()
    expect(page.locator("#status")).to_be_hidden()
    expect(page.locator('[data-calc="liquidation_move"] [name="leverage"]')).to_be_disabled()
    expect(page.locator('[data-action="reset"]')).to_be_disabled()
    expect(page.locator('[data-global] [name="lang"]')).to_be_enabled()
    # The prerendered examples are still there, for the inputs they were computed from,
    # each card's labelled as such.
    labels = page.locator(f'.example-label [data-lang="{lang}"]')
    expect(labels).to_have_count(page.locator(".card .results").count())
    expect(labels.first).to_be_visible()
    expect(labels.first).to_have_text(TEXTS["s.example"][lang])
    expect(page.locator(f'.example-label [data-lang="{other}"]').first).to_be_hidden()
    expect(page.locator('[data-calc="liquidation_move"] [data-out="result"]')).to_have_text("5.00%")


@pytest.fixture
def html_only(tmp_path: Path) -> Path:
    """``dist/index.html`` alone, as "Save as… Webpage, HTML only" writes it."""
    saved = tmp_path / "Contract Calculator.html"
    shutil.copyfile(DIST / "index.html", saved)
    return saved


def test_html_only_copy_shows_the_message_in_both_languages_without_css_or_script(
    browser: Browser, html_only: Path
) -> None:
    """No stylesheet and no script load: the markup alone says this copy cannot compute."""
    with open_file(browser, html_only) as page:
        expect(message(page, "en")).to_be_visible()
        expect(message(page, "zh")).to_be_visible()
        expect(message(page, "en")).to_contain_text(TEXTS["s.offline_where"]["en"])
        expect(message(page, "zh")).to_contain_text(TEXTS["s.offline_where"]["zh"])
        for hidden in ("#status", ".status-loading", ".status-ready"):
            expect(page.locator(hidden)).to_be_hidden()
        assert page.evaluate("!document.documentElement.hasAttribute('data-py-starting')")


def test_copy_with_static_files_beside_it_shows_the_message_at_once(browser: Browser) -> None:
    """dist/ opened from disk: the watchdog loads, the runtime's modules are refused."""
    with open_file(browser, DIST / "index.html") as page:
        expect_failed(page, "en")
        # Without the site's address the toolbar's link would point at a missing file.
        expect(page.locator("[data-offline-link]")).to_be_hidden()
        page.locator('[data-global] [name="lang"]').select_option("zh")
        expect(message(page, "zh")).to_be_visible()
        expect(message(page, "en")).to_be_hidden()
        expect(page.locator('.example-label [data-lang="zh"]').first).to_be_visible()


@pytest.mark.parametrize(
    ("locale", "stored", "lang"),
    [("zh-CN", None, "zh"), ("en-US", "zh", "zh"), ("zh-CN", "en", "en")],
)
def test_the_message_follows_the_stored_choice_then_the_browser_language(
    browser: Browser, locale: str, stored: str | None, lang: str
) -> None:
    with open_file(browser, DIST / "index.html", locale=locale, stored_lang=stored) as page:
        expect_failed(page, lang)


def save_complete(page: Page, folder: Path) -> Path:
    """The live page as Chromium's "Webpage, complete" writes it: the DOM as it is now,
    its scripts and stylesheets copied into ``<name>_files`` (scripts renamed with a
    ``.download`` suffix) and the references to them rewritten."""
    saved = folder / "Contract Calculator.html"
    files = folder / "Contract Calculator_files"
    files.mkdir()
    markup = "<!DOCTYPE html>\n" + page.evaluate("document.documentElement.outerHTML")

    def local(match: re.Match[str]) -> str:
        attribute, url = match.group(1), match.group(2)
        source = DIST / url.removeprefix("./")
        name = source.name + (".download" if source.suffix == ".js" else "")
        shutil.copyfile(source, files / name)
        return f'{attribute}="./{files.name}/{name}"'

    markup = re.sub(r'(src)="(\./[^"]+\.js)"', local, markup)
    markup = re.sub(r'(href)="(\./[^"]+\.css)"', local, markup)
    saved.write_text(markup, encoding="utf-8")
    return saved


def test_complete_copy_of_a_live_page_shows_the_message_not_ready(
    app: Page, browser: Browser, tmp_path: Path
) -> None:
    """Saved after switching to Chinese: the message is Chinese, never "Ready" or "Loading"."""
    app.locator('[data-global] [name="lang"]').select_option("zh")
    expect(app.locator("html")).to_have_attribute("lang", "zh-CN")
    saved = save_complete(app, tmp_path)
    assert 'data-py-ready="true"' in saved.read_text(encoding="utf-8")
    with open_file(browser, saved) as page:
        expect_failed(page, "zh")
        expect(page.locator(".status-ready")).to_be_hidden()


def test_single_file_mhtml_copy_shows_the_message_in_both_languages(
    app: Page, browser: Browser, tmp_path: Path
) -> None:
    """ "Webpage, single file" (MHTML) runs no script and keeps the live page's attributes:
    the stylesheet's scripting media query shows the message, never "Ready"."""
    snapshot = app.context.new_cdp_session(app).send("Page.captureSnapshot", {"format": "mhtml"})
    saved = tmp_path / "Contract Calculator.mhtml"
    saved.write_text(snapshot["data"], encoding="utf-8")
    with open_file(browser, saved) as page:
        expect(message(page, "en")).to_be_visible()
        expect(message(page, "zh")).to_be_visible()
        assert page.evaluate("matchMedia('(scripting: none)').matches")
        for hidden in (".status-loading", ".status-ready"):
            expect(page.locator(hidden)).to_be_hidden()


def test_offline_file_saved_again_as_complete_shows_the_message(
    browser: Browser, tmp_path: Path
) -> None:
    """The offline file drops its embedded files once read: its DOM written out again
    ("Webpage, complete") cannot start, and says so as soon as its loader gives up."""
    with open_file(browser, DIST / "contract-calculator.html") as live:
        live.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
        markup = "<!DOCTYPE html>\n" + live.evaluate("document.documentElement.outerHTML")
    saved = tmp_path / "contract-calculator.html"
    saved.write_text(markup, encoding="utf-8")
    with open_file(browser, saved) as page:  # said by the message, no uncaught error
        root = page.locator("html")
        expect(root).to_have_attribute("data-py-failed", "error", timeout=MESSAGE_TIMEOUT_MS)
        expect(message(page, "en")).to_be_visible()
        expect(page.locator(".status-ready")).to_be_hidden()


def test_served_page_never_shows_the_message(page: Page) -> None:
    """Starting before the first paint, then ready: the message is never displayed."""
    page.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => { window.__starting ="
        " document.documentElement.hasAttribute('data-py-starting'); window.__shown ="
        " getComputedStyle(document.querySelector('.status-failed')).display !== 'none'; });"
    )
    page.goto("/")
    assert page.evaluate("window.__starting") is True
    assert page.evaluate("window.__shown") is False
    page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    expect(page.locator(".status-failed")).to_be_hidden()
    expect(page.locator(".status-ready")).to_be_visible()
    assert page.evaluate("!document.documentElement.hasAttribute('data-py-failed')")


@contextmanager
def served(browser: Browser, base_url: str, problems: list[str]) -> Iterator[Page]:
    """The served page in a fresh context; the test decides which console errors it expects."""
    context = browser.new_context(base_url=base_url, service_workers="block")
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.add_init_script(CSP_WATCH)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    try:
        yield page
    finally:
        context.close()


def test_served_page_whose_runtime_fails_to_load_shows_the_message(
    browser: Browser, base_url: str
) -> None:
    """A script that fails to load (the worker that runs Python) shows the message."""
    problems: list[str] = []
    with served(browser, base_url, problems) as page:
        page.route("**/static/worker.mjs", lambda route: route.abort())
        page.goto("/")
        expect_failed(page, "en", "script")
        # Served, the toolbar's "Download for offline use" is right and stays.
        expect(page.locator("[data-offline-link]")).to_be_visible()
    # At most the browser's own report of the refused file, nothing else.
    assert set(problems) <= {"Failed to load resource: net::ERR_FAILED"}, problems


def test_slow_start_shows_the_message_after_a_minute_and_takes_it_back_when_ready(
    browser: Browser, base_url: str
) -> None:
    """No readiness after the timeout: the message; Python ready later: the live page."""
    problems: list[str] = []
    with served(browser, base_url, problems) as page:
        held: list[Route] = []
        page.route("**/static/worker.mjs", lambda route: held.append(route))
        page.clock.install()
        with page.expect_request("**/static/worker.mjs"):
            page.goto("/", wait_until="commit")
        page.wait_for_selector(".status-loading", state="visible")
        assert held, "the worker's request was not held"
        # The installed clock also runs in real time: leave this busy machine a margin.
        page.clock.run_for(45_000)
        expect(page.locator(".status-loading")).to_be_visible()
        page.clock.run_for(16_000)
        expect_failed(page, "en", "timeout")
        held[0].continue_()
        page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
        expect(page.locator(".status-failed")).to_be_hidden()
        expect(page.locator(".status-ready")).to_be_visible()
        leverage = page.locator('[data-calc="liquidation_move"] [name="leverage"]')
        expect(leverage).to_be_enabled()
        expect(page.locator(".example-label")).to_have_count(0)
        leverage.fill("25")
        expect(page.locator('[data-calc="liquidation_move"] [data-out="result"]')).to_have_text(
            "4.00%"
        )
    assert problems == [], problems
