"""Choosing an exchange fills its published numbers everywhere and cites them; tier JSON
pasted from an exchange's API fills the tier table, and what cannot be read is said."""

from __future__ import annotations

import json
import re

from app.calculators import run
from playwright.sync_api import Page, expect

from tests.e2e.harness import READY_TIMEOUT_MS

#: The tier files of each kind (py/contractcalc/tiers/), all fetched once a coin is typed.
LINEAR_FILES = ["binance-linear.json", "kraken-linear.json"]
INVERSE_FILES = ["binance-inverse.json", "kraken-inverse.json"]


def field(page: Page, card: str, name: str):
    return page.locator(f'[data-calc="{card}"] [name="{name}"]')


def card_raw(page: Page, card: str) -> dict[str, str]:
    return page.evaluate(
        """(card) => {
          const values = (root) => Object.fromEntries(
            [...root.querySelectorAll("input[name], select[name], textarea[name]")]
              .map((el) => [el.name, el.value]));
          const globals = values(document.querySelector("[data-global]"));
          delete globals.lang;
          return {...globals, ...values(document.querySelector(`[data-calc="${card}"]`))};
        }""",
        card,
    )


def test_choosing_okx_fills_every_card_and_cites_its_pages(app: Page) -> None:
    app.locator('[data-global] [name="exchange"]').select_option("okx")
    note = app.locator('[data-out-global="exchange"]')
    expect(note).to_be_visible()
    expect(note).to_contain_text("OKX figures, read 2026-11-30")
    expect(note.locator("a").first).to_have_attribute(
        "href", "https://okx.huicker.com/fr-fr/help/v-tiered-maintenance-margin-ratio-rules"
    )
    for card in ("pnl", "risk", "max_open"):
        expect(field(app, card, "open_fee")).to_have_value("0.05")  # OKX taker 0.05%
    expect(app.locator('[data-shared] [name="close_fee"]')).to_have_value("0.05")
    expect(field(app, "liquidation", "liquidation_fee")).to_have_value("0.05")
    expect(field(app, "liquidation", "tier_basis")).to_have_value("size")
    expect(field(app, "liquidation", "convention")).to_have_value("binance")
    # Every figure stays editable, and the card computes what its fields say.
    field(app, "liquidation", "liquidation_fee").fill("0.1")
    liquidation = app.locator('[data-calc="liquidation"] [data-out="liquidation"]')
    # By hand (Binance's isolated formula with a fee): 1 BTC long at 30,000 and 20x has
    # 1,500 of margin; (30,000 - 1,500) / (1 - 0.4% - 0.1%) = 28,643.216...
    expect(liquidation).to_have_text("28,643.22")
    expect(liquidation).to_have_text(
        run("liquidation", card_raw(app, "liquidation")).outputs["liquidation"]
    )
    assert "exchange=okx" in app.evaluate("location.hash")


def test_the_choice_is_kept_in_the_link(app: Page) -> None:
    app.locator('[data-global] [name="exchange"]').select_option("bitget")
    link = app.evaluate("location.href")
    app.goto(link)
    app.reload()
    app.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    expect(app.locator('[data-global] [name="exchange"]')).to_have_value("bitget")
    expect(app.locator('[data-out-global="exchange"]')).to_contain_text("Bitget")


def test_binance_fills_its_btcusdt_tier_table_in_chinese(app: Page) -> None:
    app.locator('[data-global] [name="lang"]').select_option("zh")
    app.locator('[data-global] [name="exchange"]').select_option("binance")
    expect(field(app, "liquidation", "mm_source")).to_have_value("tiers")
    expect(field(app, "liquidation", "brackets")).to_have_value(
        # Binance BTCUSDT, its website's brackets answer of 2026-09-08 (futures-trainer's
        # derived copy, TRAINER in tests/unit/contractcalc/test_tier_data.py): floor,
        # rate %, maximum leverage.
        "0, 0.4, 150\n300,000, 0.5, 100\n800,000, 0.65, 75\n3,000,000, 1, 50\n"
        "12,000,000, 2, 25\n70,000,000, 2.5, 20\n100,000,000, 5, 10\n230,000,000, 10, 5\n"
        "480,000,000, 12.5, 4\n600,000,000, 15, 3\n800,000,000, 25, 2\n1,200,000,000, 50, 1"
    )
    expect(app.locator('[data-out-global="exchange"]')).to_contain_text("Binance 的公开数据")
    # By hand: 1 BTC long at 30,000 and 20x (margin 1,500) stays in tier 1 (0.4%, nothing
    # deducted): (30,000 - 1,500) / (1 - 0.004) = 28,614.457...
    expect(app.locator('[data-calc="liquidation"] [data-out="liquidation"]')).to_have_text(
        "28,614.46"
    )
    bracket = app.locator('[data-calc="liquidation"] [data-out="bracket"]')
    expect(bracket).to_contain_text("0.40%")
    outcome = run("liquidation", card_raw(app, "liquidation"), "zh")
    expect(bracket).to_have_text(outcome.outputs["bracket"])


def test_pasted_binance_json_becomes_the_tier_table(app: Page) -> None:
    """Shape of GET /fapi/v1/leverageBracket (Binance USDⓈ-M API docs, read 2026-11-30)."""
    field(app, "liquidation", "mm_source").select_option("tiers")
    pasted = [
        {
            "symbol": "ETHUSDT",
            "brackets": [
                {"bracket": 1, "initialLeverage": 75, "notionalCap": 10000,
                 "notionalFloor": 0, "maintMarginRatio": 0.0065, "cum": 0},
                {"bracket": 2, "initialLeverage": 50, "notionalCap": 50000,
                 "notionalFloor": 10000, "maintMarginRatio": 0.01, "cum": 35},
            ],
        }
    ]  # fmt: skip
    field(app, "liquidation", "brackets").fill(json.dumps(pasted))
    # The pasted answer, typed out: floor, maintMarginRatio %, initialLeverage.
    expect(field(app, "liquidation", "brackets")).to_have_value("0, 0.65, 75\n10,000, 1, 50")
    expect(field(app, "liquidation", "tier_basis")).to_have_value("notional")
    liquidation = app.locator('[data-calc="liquidation"] [data-out="liquidation"]')
    # By hand: 1 BTC long at 30,000 and 20x (margin 1,500) is in ETHUSDT's tier 2 (1%,
    # cum 35): (30,000 - 1,500 - 35) / (1 - 0.01) = 28,752.525...
    expect(liquidation).to_have_text("28,752.53")
    expect(liquidation).to_have_text(
        run("liquidation", card_raw(app, "liquidation")).outputs["liquidation"]
    )
    expect(app.locator('[data-calc="liquidation"] [data-out="tier_max_leverage"]')).to_have_text(
        "50×"
    )


def test_hostile_pasted_text_is_refused_plainly(app: Page) -> None:
    """Markup and broken JSON are never run or inserted: the box says what it could not read."""
    field(app, "liquidation", "mm_source").select_option("tiers")
    box = field(app, "liquidation", "brackets")
    error = app.locator('[data-calc="liquidation"] [data-error-for="brackets"]')
    for pasted, message in (
        (
            '[{"symbol": "<img src=x onerror=alert(1)>", "brackets": [{"notionalFloor": "x"}]}]',
            "No tier list found",
        ),
        ('{"data": [', "The pasted JSON could not be read"),
        ("[" * 3000, "nested too deeply"),
    ):
        box.fill(pasted)
        expect(error).to_contain_text(message)
        expect(box).to_have_value(pasted)
        assert app.locator('[data-calc="liquidation"] img').count() == 0
    expect(app.locator('[data-calc="liquidation"] [data-out="liquidation"]')).to_have_text("—")


def test_a_bad_typed_tier_line_is_named_with_its_text(app: Page) -> None:
    """The one tier reader's line error reaches the box: the line number and the bad cell."""
    field(app, "liquidation", "mm_source").select_option("tiers")
    field(app, "liquidation", "brackets").fill("0, 0.4\n50,000, lots")
    error = app.locator('[data-calc="liquidation"] [data-error-for="brackets"]')
    expect(error).to_contain_text('Line 2: the rate "lots" must be at least 0 and below 100%.')


def ready_recording_tier_requests(page: Page) -> list[str]:
    """Open the page, wait until Python is ready, and keep every tier file's URL it asks for."""
    tiers: list[str] = []
    page.context.on(
        "request", lambda request: tiers.append(request.url) if "/tiers/" in request.url else None
    )
    page.goto("/")
    page.wait_for_selector("html[data-py-ready]", timeout=READY_TIMEOUT_MS)
    return tiers


def test_a_symbols_table_is_fetched_when_first_needed_not_at_start_up(page: Page) -> None:
    """Typing SOL on Binance fills SOLUSDT's table from static/tiers/binance-linear.json,
    which the worker fetches then: the first visit does not carry the tier data."""
    tiers = ready_recording_tier_requests(page)
    assert tiers == []
    page.locator('[data-global] [name="exchange"]').select_option("binance")
    page.locator('[data-global] [name="coin"]').fill("SOL")
    # TRAINER's SOLUSDT (cited in tests/unit/contractcalc/test_tier_data.py): row 2 from
    # 50,000 at 0.65% and 75x; row 1 from 0 at 0.5% and 100x.
    brackets = field(page, "liquidation", "brackets")
    expect(brackets).to_have_value(re.compile(r"^0, 0\.5, 100\n50,000, 0\.65, 75\n"))
    expect(page.locator('[data-out-global="exchange"]')).to_contain_text(
        "SOLUSDT tiers, Binance, 2026-09-08"
    )
    # The "Every exchange" card computes under every preset: each file of the kind, once.
    assert sorted(url.rpartition("/")[2] for url in tiers) == LINEAR_FILES


def test_binance_coin_m_fills_a_symbols_table_from_its_own_file(page: Page) -> None:
    """Binance, coin-margined, SOL: SOLUSD_PERP's table, named and dated, from
    static/tiers/binance-inverse.json, fetched then; no USDⓈ-M file is ever asked for.
    The card's contract size becomes SOLUSD's 10 USD (BTCUSD's 100 was the default), and
    its liquidation price is what app.calculators.run gives for the fields on screen."""
    tiers = ready_recording_tier_requests(page)
    page.locator('[data-global] [name="kind"]').select_option("inverse")
    page.locator('[data-global] [name="exchange"]').select_option("binance")
    page.locator('[data-global] [name="coin"]').fill("SOL")
    # Binance's website answer of 2026-09-17 (BAPI, cited in
    # tests/unit/contractcalc/test_tier_data.py), SOLUSD_PERP: from 0 at 1% and 50x, from
    # 400 SOL at 2% and 25x, from 2,300 SOL at 2.5% and 20x.
    brackets = field(page, "liquidation", "brackets")
    expect(brackets).to_have_value(re.compile(r"^0, 1, 50\n400, 2, 25\n2,300, 2\.5, 20\n"))
    expect(field(page, "liquidation", "mm_source")).to_have_value("tiers")
    note = page.locator('[data-out-global="exchange"]')
    expect(note).to_contain_text("SOLUSD_PERP tiers, Binance, 2026-09-17: 9, by position value")
    expect(note.locator('a[href*="github.com/komekome898-web/trade/"]')).to_have_count(1)
    # Binance's COIN-M contract specifications FAQ and exchangeInfo (read 2026-12-05):
    # 10 USD a SOLUSD contract.
    expect(field(page, "liquidation", "contract_size")).to_have_value("10")
    expect(note).to_contain_text("SOLUSD contract size 10 USD, read 2026-12-05")
    expect(note.locator('a[href*="github.com/ychcb0521/veil-of-ignorance/"]')).to_have_count(1)
    shown = card_raw(page, "liquidation")
    assert shown["contract_size"] == "10"
    liquidation = page.locator('[data-calc="liquidation"] [data-out="liquidation"]')
    expect(liquidation).to_have_text(run("liquidation", shown).outputs["liquidation"])
    assert sorted(url.rpartition("/")[2] for url in tiers) == INVERSE_FILES


def test_kraken_eth_fills_pf_ethusds_levels_from_its_own_file(page: Page) -> None:
    """Kraken, linear, ETH: PF_ETHUSD's margin levels, named and dated, from
    static/tiers/kraken-linear.json, fetched then (with the other linear files, for the
    "Every exchange" card); the card computes what Python does."""
    tiers = ready_recording_tier_requests(page)
    page.locator('[data-global] [name="exchange"]').select_option("kraken")
    page.locator('[data-global] [name="coin"]').fill("ETH")
    # Kraken's instruments answer as ccxt keeps it (KRAKEN, cited in
    # tests/unit/contractcalc/test_tier_data.py), PF_ETHUSD: from 0 at 1% and 50x (initial
    # margin 2%), from 500,000 USD at 2% and 25x, from 2,000,000 at 5% and 10x.
    brackets = field(page, "liquidation", "brackets")
    expect(brackets).to_have_value(re.compile(r"^0, 1, 50\n500,000, 2, 25\n2,000,000, 5, 10\n"))
    expect(field(page, "liquidation", "mm_source")).to_have_value("tiers")
    note = page.locator('[data-out-global="exchange"]')
    expect(note).to_contain_text("PF_ETHUSD tiers, Kraken, 2024-10-07: 6, by position value")
    expect(note.locator('a[href*="github.com/ccxt/ccxt/"]')).to_have_count(1)
    liquidation = page.locator('[data-calc="liquidation"] [data-out="liquidation"]')
    expect(liquidation).to_have_text(
        run("liquidation", card_raw(page, "liquidation")).outputs["liquidation"]
    )
    assert sorted(url.rpartition("/")[2] for url in tiers) == LINEAR_FILES
