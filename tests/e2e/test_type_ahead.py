"""What a person types while Python loads is computed once it is ready, in every card it touches.

The runtime's WebAssembly is held back by the test until the typing is done, so the page
is deterministically still loading while the fields change.
"""

from __future__ import annotations

from app.calculators import CALCULATORS, run
from playwright.sync_api import BrowserContext, Page, Route, expect

from tests.e2e.harness import READY_TIMEOUT_MS

#: Reads every card's raw field texts as static/page.js sends them: toolbar, shared, card.
RAW_FIELDS_JS = """() => {
  const values = (root) => Object.fromEntries(
    [...root.querySelectorAll("input[name], select[name], textarea[name]")]
      .map((el) => [el.name, el.value]));
  const result = {};
  for (const card of document.querySelectorAll("[data-calc]")) {
    const shared = card.closest(".group")?.querySelector("[data-shared]");
    const globals = values(document.querySelector("[data-global]"));
    delete globals.lang;
    result[card.dataset.calc] = {...globals, ...(shared ? values(shared) : {}), ...values(card)};
  }
  return result;
}"""

#: Shown text of every output but markup (charts, worked formulas), by card.
SHOWN_JS = """() => Object.fromEntries([...document.querySelectorAll("[data-calc]")].map(
  (card) => [card.dataset.calc, Object.fromEntries([...card.querySelectorAll("[data-out]")]
    .filter((el) => !el.hasAttribute("data-markup"))
    .map((el) => [el.dataset.out, el.textContent])) ]))"""


def hold_runtime(context: BrowserContext) -> list[Route]:
    held: list[Route] = []
    context.route("**/pyodide.asm.wasm*", lambda route: held.append(route))
    return held


def release(page: Page, held: list[Route]) -> None:
    """Let the held runtime through, first waiting for the worker to ask for it."""
    if not held:
        # Playwright handles events only inside its calls, so a request made meanwhile is
        # still queued: this sees it, and the next call runs the route handler queued
        # right behind it.
        page.context.wait_for_event(
            "request", lambda request: "pyodide.asm.wasm" in request.url, timeout=READY_TIMEOUT_MS
        )
        page.evaluate("0")
    assert held, "the page never asked for the runtime"
    for route in held:
        route.continue_()


def assert_every_card_matches_its_fields(page: Page) -> None:
    raw_by_card = page.evaluate(RAW_FIELDS_JS)
    shown = page.evaluate(SHOWN_JS)
    assert set(raw_by_card) == set(CALCULATORS)
    for card_id, raw in raw_by_card.items():
        outcome = run(card_id, raw, "en")
        assert not outcome.errors, (card_id, outcome.errors)
        for name, text in shown[card_id].items():
            expected = outcome.outputs.get(name, "")
            assert text == (expected or "—" if name in _outputs(card_id) else expected), (
                card_id,
                name,
            )


def _outputs(card_id: str) -> set[str]:
    return {output.name for output in CALCULATORS[card_id].outputs}


def test_typing_in_several_cards_while_loading(context: BrowserContext, page: Page) -> None:
    """Edited cards say their results will update, then show results for what was typed."""
    held = hold_runtime(context)
    page.goto("/", wait_until="domcontentloaded")
    page.locator('[data-calc="liquidation_move"] [name="leverage"]').fill("10")
    page.locator('[data-calc="pnl"] [name="exit"]').fill("31000")
    page.locator('[data-calc="max_open"] [name="balance"]').fill("2500")
    page.locator('[data-calc="average"] [name="price_1"]').fill("24000")
    pending = page.locator("[data-pending] [data-pending-note]")
    expect(pending).to_have_count(4)
    expect(page.locator('[data-calc="pnl"] [data-pending-note]')).to_be_visible()
    expect(page.locator('[data-calc="target"] [data-pending-note]')).to_be_hidden()
    assert not page.locator("html[data-py-ready]").count()

    release(page, held)
    page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    expect(page.locator("[data-pending]")).to_have_count(0)
    expect(page.locator('[data-calc="liquidation_move"] [data-out="result"]')).to_have_text(
        "10.00%"  # the guide's 1 / 10
    )
    # By hand: 1 BTC long from 30,000 to 31,000 is +1,000; fees 0.05% of 30,000 and of
    # 31,000 (15 + 15.5) and funding 0.01% x 3 of 30,000 (9) leave +960.50.
    expect(page.locator('[data-calc="pnl"] [data-out="net_pnl"]')).to_have_text("+960.50 USDT")
    # 2,500 / (30,000 x (1/20 + 0.05%)) = 1.650165017 BTC
    expect(page.locator('[data-calc="max_open"] [data-out="max_size"]')).to_have_text(
        "1.65016502 BTC"
    )
    assert_every_card_matches_its_fields(page)
    assert "liquidation_move.leverage=10" in page.evaluate("location.hash")


def test_shared_assumption_and_contract_kind_typed_while_loading(
    context: BrowserContext, page: Page
) -> None:
    """A shared assumption marks every rule card; the contract kind and the exchange mark
    every card, and both take effect once Python is ready."""
    held = hold_runtime(context)
    page.goto("/", wait_until="domcontentloaded")
    page.locator('[data-shared] [name="mmr"]').fill("1")
    expect(page.locator("#rules [data-pending]")).to_have_count(8)
    expect(page.locator("#calculators [data-pending]")).to_have_count(0)
    page.locator('[data-global] [name="kind"]').select_option("inverse")
    page.locator('[data-global] [name="exchange"]').select_option("bitget")
    expect(page.locator("[data-pending]")).to_have_count(len(CALCULATORS))

    release(page, held)
    page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    expect(page.locator("[data-pending]")).to_have_count(0)
    # The coin-margined examples replace the USDT-sized ones the person did not touch.
    expect(page.locator('[data-calc="pnl"] [name="size"]')).to_have_value("100")
    expect(page.locator('[data-calc="pnl"] [data-out="gross_pnl"]')).to_contain_text("BTC")
    # The exchange chosen while loading fills its figures once ready (Bitget: 0.06% taker).
    expect(page.locator('[data-calc="pnl"] [name="open_fee"]')).to_have_value("0.06")
    expect(page.locator('[data-out-global="exchange"]')).to_contain_text("Bitget")
    assert_every_card_matches_its_fields(page)


def test_the_page_answers_while_python_loads(context: BrowserContext, page: Page) -> None:
    """With the runtime held back, the page is already live: typing shows in the field, the
    language switches, a row is added; once ready, the results follow what was done."""
    held = hold_runtime(context)
    page.goto("/", wait_until="domcontentloaded")
    leverage = page.locator('[data-calc="liquidation_move"] [name="leverage"]')
    leverage.fill("")
    leverage.press_sequentially("204")
    expect(leverage).to_have_value("204")
    page.locator('[data-global] [name="lang"]').select_option("zh")
    expect(page.locator('[data-calc="liquidation_move"] h3')).to_have_text("强平距离")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    average = page.locator('[data-calc="average"]')
    average.locator("[data-add-row]").click()
    expect(average.locator("[data-row]")).to_have_count(3)
    expect(average.locator('[name="price_2"]')).to_be_focused()
    assert not page.locator("html[data-py-ready]").count()

    release(page, held)
    page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    # The guide's rule: 1 / 204 = 0.490196...%, shown with two decimals.
    expect(page.locator('[data-calc="liquidation_move"] [data-out="result"]')).to_have_text("0.49%")
    expect(page.locator("[data-pending]")).to_have_count(0)
    expect(average.locator("[data-row]")).to_have_count(3)
