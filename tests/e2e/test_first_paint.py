"""The built page shows correct results before Python is ready, and Python agrees with them."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.e2e.harness import READY_TIMEOUT_MS, settled

OUTPUTS = "[data-calc] [data-out]:not([data-markup])"
#: How many answers each card has shown, by card id (0 for one Python never answered).
ANSWERS_JS = """() => Object.fromEntries([...document.querySelectorAll("[data-calc]")]
  .map((card) => [card.dataset.calc, Number(card.dataset.computed ?? 0)]))"""


def test_results_are_on_screen_without_python(browser: Browser, base_url: str) -> None:
    """With the Python runtime unreachable, the guide's examples are already on the page."""
    context = browser.new_context(base_url=base_url, service_workers="block")
    context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    page = context.new_page()
    page.goto("/", wait_until="domcontentloaded")
    expect(page.locator('[data-calc="liquidation_move"] [data-out="result"]')).to_have_text("5.00%")
    expect(page.locator('[data-calc="liquidation_move"] [data-out="exact"]')).to_have_text("4.62%")
    expect(page.locator('[data-calc="coin_long_profit"] [data-out="result"]')).to_have_text(
        "+5,500.00"
    )
    expect(page.locator('[data-calc="pnl"] [data-out="net_pnl"]')).to_have_text("+2,959.50 USDT")
    expect(page.locator('[data-calc="pnl"] svg[role="img"]:visible')).to_be_visible()
    expect(page.get_by_text("Loading Python, about 7 MB the first time")).to_be_visible()
    context.close()


def test_python_computes_what_the_build_prerendered(page: Page) -> None:
    """Every prerendered output equals the live one: the build ran the same code.

    Switching the contract kind away and back makes Python recompute every card; each
    card's count of answers shown (``data-computed``) proves it did.
    """
    page.goto("/", wait_until="domcontentloaded")
    before = page.locator(OUTPUTS).all_inner_texts()
    page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    settled(page)
    answers_before = page.evaluate(ANSWERS_JS)
    kind = page.locator('[data-global] [name="kind"]')
    kind.select_option("inverse")
    expect(page.locator('[data-calc="pnl"] [data-out="gross_pnl"]')).to_contain_text("BTC")
    kind.select_option("linear")
    expect(page.locator('[data-calc="pnl"] [data-out="gross_pnl"]')).to_contain_text("USDT")
    settled(page)
    answers_after = page.evaluate(ANSWERS_JS)
    assert sorted(answers_after) == sorted(answers_before)
    assert [card for card, n in answers_after.items() if n <= answers_before[card]] == []
    after = page.locator(OUTPUTS).all_inner_texts()
    assert before == after
    assert sum(1 for text in after if text.strip() not in {"", "—"}) > 60
    # Two figures derived by hand, so that "the same" is also "right": the guide's 1/20,
    # and the PnL example (3,000 - 15 - 16.5 in fees - 9 in funding).
    expect(page.locator('[data-calc="liquidation_move"] [data-out="result"]')).to_have_text("5.00%")
    expect(page.locator('[data-calc="pnl"] [data-out="net_pnl"]')).to_have_text("+2,959.50 USDT")
