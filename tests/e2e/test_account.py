"""The account card as a trader uses it: positions added and removed, the published examples,
the link and storage, fifty positions, an empty account, and a phone's width."""

from __future__ import annotations

from urllib.parse import urlencode

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PageGuard
from tests.e2e.harness import READY_TIMEOUT_MS, settled

CARD = '[data-calc="account"]'
COLUMNS = ("symbol", "side", "size", "entry", "mark", "mmr", "maint_amount")

# Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts", cross margin.
BINANCE = (
    ("ETHUSDT", "long", "3683.979", "1456.84", "1335.18", "10", "135365"),
    ("BTCUSDT", "long", "109.488", "32481.98", "31967.27", "2.5", "16300"),
)
# Hedge mode: 10,000 USDT, long 2 BTC and short 1 BTC at 30,000, 0.5% each; the price P
# solves 10,000 + 2(P - 30,000) - (P - 30,000) = 0.005 x 3 x P: P = 20,000 / 0.985.
HEDGE = (
    ("BTCUSDT", "long", "2", "30000", "30000", "0.5", ""),
    ("BTCUSDT", "short", "1", "30000", "30000", "0.5", ""),
)


def out(page: Page, name: str):
    return page.locator(f'{CARD} [data-out="{name}"]')


def rows(page: Page):
    return page.locator(f"{CARD} [data-row]")


def fill_row(row, values: tuple[str, ...]) -> None:
    for column, value in zip(COLUMNS, values, strict=True):
        cell = row.locator(f'[name^="{column}_"]')
        if column == "side":
            cell.select_option(value)
        else:
            cell.fill(value)


def type_account(page: Page, wallet: str, positions: tuple[tuple[str, ...], ...]) -> None:
    """Replace the example by ``positions``, typed in as a person would."""
    page.locator(f'{CARD} [name="wallet"]').fill(wallet)
    while rows(page).count() < len(positions):
        page.locator(f"{CARD} [data-add-row]").click()
    while rows(page).count() > len(positions):
        rows(page).last.locator("[data-remove-row]").click()
    for index, values in enumerate(positions):
        fill_row(rows(page).nth(index), values)


def row_out(page: Page, index: int, name: str):
    return rows(page).nth(index).locator(f'[data-out^="{name}_"]')


def test_the_example_account_is_computed(app: Page) -> None:
    """The built example: each row's liquidation price and the account's figures."""
    expect(rows(app)).to_have_count(2)
    expect(out(app, "equity")).to_have_text("1,000.00 USDT")  # 3,000 - 1,000 - 1,000
    expect(out(app, "margin_ratio")).to_have_text("22.10%")  # (116 + 105) / 1,000
    expect(out(app, "move")).to_contain_text("-10.01%")  # 779 / 7,779
    expect(row_out(app, 0, "liquidation")).to_have_text("28,217.87")
    expect(row_out(app, 1, "liquidation")).to_have_text("2,177.51")
    expect(row_out(app, 1, "distance")).to_have_text("+3.69%")
    # The chart marks the same common move: liquidation at -10.01% (779 / 7,779 above).
    expect(app.locator(f"{CARD} .chart svg title").first).to_contain_text("Liquidation -10.01%")


def test_binance_two_positions_typed_in(app: Page) -> None:
    """Binance's published cross-margin example: ETH 1,153.26 and BTC 26,316.89."""
    type_account(app, "1535443.01", BINANCE)
    expect(row_out(app, 0, "liquidation")).to_have_text("1,153.26")
    expect(row_out(app, 1, "liquidation")).to_have_text("26,316.89")
    expect(out(app, "equity")).to_have_text("1,030,895.56 USDT")
    expect(out(app, "maintenance")).to_have_text("427,713.32 USDT")
    expect(out(app, "margin_ratio")).to_have_text("41.49%")


def test_hedge_mode_and_the_link(app: Page, context) -> None:
    """A long and a short of one symbol share one price; the rows come back from the link."""
    type_account(app, "10000", HEDGE)
    expect(row_out(app, 0, "liquidation")).to_have_text("20,304.57")
    expect(row_out(app, 1, "liquidation")).to_have_text("20,304.57")
    expect(row_out(app, 0, "distance")).to_have_text("-32.32%")
    link = app.evaluate("location.href")
    other = context.new_page()
    other.goto(link)
    other.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    expect(rows(other)).to_have_count(2)
    expect(other.locator(f'{CARD} [name="side_1"]')).to_have_value("short")
    expect(row_out(other, 1, "liquidation")).to_have_text("20,304.57")
    other.close()


def test_state_survives_a_reload(app: Page) -> None:
    """Storage keeps the positions: a reload without the link shows them again."""
    type_account(app, "1535443.01", BINANCE)
    app.goto("/")  # no fragment: from localStorage
    app.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    expect(rows(app)).to_have_count(2)
    expect(row_out(app, 1, "liquidation")).to_have_text("26,316.89")


def test_rows_are_added_removed_and_the_last_one_emptied(app: Page) -> None:
    """Removing a position recomputes; removing the last empties the account."""
    app.locator(f"{CARD} [data-add-row]").click()
    expect(rows(app)).to_have_count(3)
    fill_row(rows(app).last, ("SOLUSDT", "long", "100", "100", "90", "1", "0"))
    expect(out(app, "equity")).to_have_text("0.00 USDT")  # 1,000 - 1,000 on SOL
    expect(out(app, "warning")).to_contain_text("Already past liquidation")
    expect(row_out(app, 2, "distance")).to_have_text("already past liquidation")
    rows(app).last.locator("[data-remove-row]").click()
    expect(out(app, "equity")).to_have_text("1,000.00 USDT")
    expect(out(app, "warning")).to_be_hidden()
    rows(app).first.locator("[data-remove-row]").click()
    rows(app).first.locator("[data-remove-row]").click()
    expect(rows(app)).to_have_count(1)
    expect(rows(app).first.locator('[name^="entry_"]')).to_have_value("")
    expect(out(app, "equity")).to_have_text("3,000.00 USDT")  # an empty account: the wallet
    expect(out(app, "margin_ratio")).to_have_text("0.00%")
    expect(out(app, "note")).to_contain_text("No positions")
    expect(out(app, "move")).to_be_hidden()


def test_a_bad_cell_shows_its_message_on_its_row(app: Page) -> None:
    """An engine error about a position lands on that row's cell."""
    app.locator(f"{CARD} [data-add-row]").click()
    fill_row(rows(app).last, ("ETHUSDT", "long", "1", "2000", "2200", "0.5", ""))
    last = rows(app).last
    expect(last.locator(".error").first).to_be_empty()
    error = last.locator('[data-error-for^="mark_"]')
    expect(error).to_contain_text("same mark price")
    expect(last.locator('[name^="mark_"]')).to_have_attribute("aria-invalid", "true")


def test_fifty_positions(app: Page) -> None:
    """Fifty positions from a link, each with its own liquidation price; no fifty-first."""
    state = {"account.wallet": "100000"}
    for index in range(50):
        values = (f"C{index}USDT", "long", "1", "100", "100", "1", "")
        state.update({f"account.{c}_{index}": v for c, v in zip(COLUMNS, values, strict=True)})
    app.goto(f"/#{urlencode(sorted(state.items()))}")
    app.reload()
    app.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    expect(rows(app)).to_have_count(50)
    # each price alone: 100,000 + (P - 100) = 0.01 x P + 49 x 1: P < 0, never
    expect(row_out(app, 49, "liquidation")).to_contain_text("none")
    expect(out(app, "maintenance")).to_have_text("50.00 USDT")
    app.locator(f"{CARD} [data-add-row]").click()
    expect(rows(app)).to_have_count(50)
    fill_row(rows(app).nth(49), ("BIGUSDT", "long", "2000", "100", "100", "1", ""))
    expect(out(app, "maintenance")).to_have_text("2,049.00 USDT")


def test_chinese_and_coin_margined(app: Page) -> None:
    """In Chinese, coin-margined: the example switches to a BTC wallet and USD face values."""
    app.locator('[data-global] [name="lang"]').select_option("zh")
    app.locator('[data-global] [name="kind"]').select_option("inverse")
    expect(app.locator(f"{CARD} h3")).to_have_text("全仓账户")
    expect(app.locator(f'{CARD} [name="size_0"]')).to_have_value("30000")
    expect(out(app, "equity")).to_contain_text("BTC")
    expect(out(app, "move")).to_contain_text("所有价格同步下跌")
    expect(app.locator(f"{CARD} [data-add-row]")).to_have_text("+ 添加仓位")


def test_add_to_position_and_add_margin(app: Page) -> None:
    """Average card: the size to add for a target average; liquidation card: the margin."""
    average = '[data-calc="average"]'
    app.locator(f'{average} [name="add_price"]').fill("25000")
    app.locator(f'{average} [name="target_average"]').fill("27000")
    # (28,500 x 2 + 25,000 x) / (2 + x) = 27,000: x = 1.5
    expect(app.locator(f'{average} [data-out="add_size"]')).to_have_text("1.50 BTC")
    expect(app.locator(f'{average} [data-out="new_average"]')).to_have_text("27,000.00")
    liquidation = '[data-calc="liquidation"]'
    app.locator(f'{liquidation} [name="target_liquidation"]').fill("28000")
    # 1 BTC at 30,000, 0.4%: 28,000 x 0.004 + 2,000 = 2,112; 1,500 at 20x now
    expect(app.locator(f'{liquidation} [data-out="margin_needed"]')).to_have_text("2,112.00 USDT")
    expect(app.locator(f'{liquidation} [data-out="margin_to_add"]')).to_have_text("612.00 USDT")
    expect(app.locator(f'{liquidation} [data-out="new_liquidation"]')).to_have_text("28,000.00")


def test_phone_width_without_horizontal_scroll(
    browser: Browser, base_url: str, guard: PageGuard
) -> None:
    """At 360 px the account's rows wrap: nothing scrolls sideways, chart text >= 10 px."""
    context = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 800})
    page = context.new_page()
    guard.watch_page(page)
    page.goto("/#account")
    page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    page.locator(f"{CARD} [data-add-row]").click()
    expect(rows(page)).to_have_count(3)
    settled(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    sizes = page.evaluate(
        """() => {
          const svg = [...document.querySelectorAll('#account .chart svg')]
            .find((el) => el.getBoundingClientRect().width > 0);
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return [...svg.querySelectorAll('text')]
            .map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
        }"""
    )
    assert min(sizes) >= 10
    context.close()
    assert not guard.problems
