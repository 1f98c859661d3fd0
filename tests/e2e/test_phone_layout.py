"""Charts stay readable on a phone and rows of fields line up, in both languages and themes.

Measured in the page, not by eye: the rendered size of every chart text (its font size
times the drawing's scale), the boxes of the marker labels, and the controls' boxes.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.e2e.conftest import PageGuard
from tests.e2e.harness import READY_TIMEOUT_MS

#: Every visible chart's texts: rendered font size in CSS px, and the labels' boxes.
CHART_TEXTS_JS = """(card) => {
  const svg = [...document.querySelectorAll(`#${card} .chart svg`)]
    .find((el) => el.getBoundingClientRect().width > 0);
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll("text")]
    .map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
  const labels = [...svg.querySelectorAll(".pc-label")].map((t) => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  return {sizes, labels};
}"""

#: For each row of fields in a grid, the heights and tops of its controls.
ROWS_JS = """() => {
  const rows = [];
  for (const grid of document.querySelectorAll(".fields, .assumptions, .toolbar")) {
    const byTop = new Map();
    for (const control of grid.querySelectorAll(".field input, .field select")) {
      const r = control.getBoundingClientRect();
      if (!r.width) continue;
      const fieldTop = Math.round(control.closest(".field").getBoundingClientRect().top);
      if (!byTop.has(fieldTop)) byTop.set(fieldTop, []);
      byTop.get(fieldTop).push({name: control.name, top: r.top, height: r.height});
    }
    rows.push(...byTop.values());
  }
  return rows;
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


def _open(browser: Browser, base_url: str, width: int, scheme: str, lang: str):
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": width, "height": 800},
        color_scheme=scheme,
        service_workers="block",
    )
    page = context.new_page()
    guard = PageGuard(base_url)
    guard.watch_page(page)
    page.goto("/")
    page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    page.locator('[data-global] [name="lang"]').select_option(lang)
    return context, page, guard


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [360, 390, 1366])
def test_chart_text_is_readable_and_labels_do_not_overlap(
    browser: Browser, base_url: str, width: int, lang: str
) -> None:
    """No chart text under 10 CSS px, no two marker labels on top of each other, either theme."""
    context, page, guard = _open(browser, base_url, width, "light", lang)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for card in ("pnl", "risk"):
            measured = page.evaluate(CHART_TEXTS_JS, card)
            assert measured["sizes"], card
            assert min(measured["sizes"]) >= 10, (scheme, card, min(measured["sizes"]))
            labels = measured["labels"]
            assert len(labels) >= 3, card
            clashes = [
                (a["text"], b["text"])
                for i, a in enumerate(labels)
                for b in labels[i + 1 :]
                if _overlap(a, b)
            ]
            assert clashes == [], (scheme, card)
    assert not guard.problems, guard.problems
    context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_controls_in_a_row_line_up(browser: Browser, base_url: str, width: int) -> None:
    """Selects and inputs side by side have one height and one top."""
    context, page, guard = _open(browser, base_url, width, "light", "en")
    for row in page.evaluate(ROWS_JS):
        heights = {round(control["height"]) for control in row}
        tops = {round(control["top"]) for control in row}
        assert len(heights) == 1, row
        assert len(tops) == 1, row
    assert not guard.problems, guard.problems
    context.close()
