"""While Python is still loading, the page is live in Chromium, Firefox and WebKit.

The site is served by a server that holds back the page's Python (``py.zip``) until the
test releases it, so each engine is caught, for as long as the test needs, in the state a
person on a slow connection sees: the runtime starting, the page already painted. Typing
shows in the field, the language switches and a row is added then; once Python is ready,
every card shows what ``app.calculators.run`` computes on CPython for the fields on screen,
and nothing has moved sideways (the page hides its scrollbar while Python starts only
where scrollbars take no room: Firefox here has classic ones, WebKitGTK overlay ones).
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts.serve import Handler
from tests.cross.engines import Engine
from tests.cross.test_engines import field_selector, mismatches, snapshot

#: What the test holds back: every other file is served at once.
HELD = "/py.zip"


class HeldServer(http.server.ThreadingHTTPServer):
    """The site, with ``py.zip`` answered only once :attr:`released` is set."""

    def __init__(self, root: Path) -> None:
        self.released = threading.Event()
        self.asked = threading.Event()
        super().__init__(("127.0.0.1", 0), functools.partial(_HeldHandler, directory=str(root)))
        self.quiet = True


class _HeldHandler(Handler):
    server: HeldServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path.split("?")[0] == HELD:
            self.server.asked.set()
            self.server.released.wait(timeout=300)
        super().do_GET()


@pytest.fixture
def held(site_root: Path) -> Iterator[HeldServer]:
    server = HeldServer(site_root)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.released.set()
        server.shutdown()
        server.server_close()


#: Choose an option of a page-wide menu as a person does: the value, then its events.
CHOOSE = """([name, value]) => {
  const select = document.querySelector(`[data-global] select[name="${name}"]`);
  select.value = value;
  select.dispatchEvent(new Event('input', {bubbles: true}));
  select.dispatchEvent(new Event('change', {bubbles: true}));
}"""

#: Press the average card's "+ Add fill" button.
ADD_ROW = "() => document.querySelector('[data-calc=\"average\"] [data-add-row]').click()"

#: What a person sees of the page while it loads.
SEEN = """() => ({
  ready: document.documentElement.hasAttribute('data-py-ready'),
  lang: document.documentElement.lang,
  title: document.querySelector('[data-calc="liquidation_move"] h3').textContent,
  leverage: document.querySelector('[data-calc="liquidation_move"] [name="leverage"]').value,
  rows: document.querySelectorAll('[data-calc="average"] [data-row]').length,
  pending: [...document.querySelectorAll('[data-calc][data-pending]')].map((c) => c.dataset.calc),
  left: document.querySelector('main').getBoundingClientRect().left,
  width: document.documentElement.clientWidth,
  overlay: document.documentElement.hasAttribute('data-overlay-scrollbars'),
  scrollbar: getComputedStyle(document.documentElement).scrollbarWidth,
})"""


def test_the_page_answers_while_python_loads(guarded: Engine, held: HeldServer) -> None:
    engine = guarded
    engine.open(f"http://localhost:{held.server_address[1]}/")
    # Polled through the engine: Playwright routes the page's requests (refusing other
    # origins) only while one of its calls runs, so a bare wait here would hold them all.
    deadline = time.monotonic() + 120
    while not held.asked.wait(timeout=0.2):
        engine.evaluate("() => 0")
        assert time.monotonic() < deadline, "the page never asked for its Python"

    engine.type_text(field_selector("liquidation_move", "leverage"), "204")
    engine.evaluate(CHOOSE, ["lang", "zh"])
    engine.evaluate(ADD_ROW)
    seen: dict[str, Any] = engine.evaluate(SEEN)
    assert not seen["ready"], "Python was ready although its files were held back"
    assert seen["leverage"] == "204"
    assert (seen["lang"], seen["title"]) == ("zh-CN", "强平距离")
    assert seen["rows"] == 3
    assert "liquidation_move" in seen["pending"]
    assert seen["scrollbar"] == ("none" if seen["overlay"] else "auto")

    held.released.set()
    engine.wait_ready()
    state = snapshot(engine)
    # The guide's rule: 1 / 204 = 0.490196...%, shown with two decimals.
    assert state["cards"]["liquidation_move"]["outputs"]["result"]["text"] == "0.49%"
    after: dict[str, Any] = engine.evaluate(SEEN)
    assert after["pending"] == []
    assert after["scrollbar"] == "auto"
    assert (after["left"], after["width"]) == (seen["left"], seen["width"])
    assert mismatches(state) == []
