"""Every calculator as a person uses it: values, switches, languages, links, persistence, access."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.harness import settled

ROOT = Path(__file__).resolve().parents[2]


def out(page: Page, card: str, name: str):
    return page.locator(f'[data-calc="{card}"] [data-out="{name}"]')


def field(page: Page, card: str, name: str):
    return page.locator(f'[data-calc="{card}"] [name="{name}"]')


# Defaults checked by hand: entry 30,000, exit 33,000, 1 BTC, 10x, fees 0.05% per leg,
# funding 0.01% x 3 intervals valued at entry.
PNL_LINEAR_LONG = {
    "gross_pnl": "+3,000.00 USDT",  # 1 x (33,000 - 30,000)
    "fees": "-31.50 USDT",  # 0.05% x 30,000 + 0.05% x 33,000 = 15 + 16.5
    "funding": "-9.00 USDT (paid)",  # 30,000 x 0.01% x 3
    "net_pnl": "+2,959.50 USDT",  # 3,000 - 31.5 - 9
    "roe": "+98.65%",  # 2,959.5 / 3,000 initial margin
    "initial_margin": "3,000.00 USDT",  # 30,000 / 10
    "break_even": "30,030.02",  # 30,000 x 1.0005 / 0.9995
    "liquidation": "27,108.43",  # 30,000 x (1 - 1/10) / (1 - 0.004), Binance FAQ isolated
    "bankruptcy": "27,000.00",  # 30,000 x (1 - 1/10)
}


def test_pnl_card_computes_every_figure(app: Page) -> None:
    """The PnL card's defaults give the hand-checked figures and a payoff chart."""
    for name, text in PNL_LINEAR_LONG.items():
        expect(out(app, "pnl", name)).to_have_text(text)
    chart = app.locator('[data-calc="pnl"] [data-out="chart"] svg[role="img"]:visible')
    expect(chart).to_be_visible()
    expect(chart.locator(".pc-marker--liquidation")).to_have_count(1)


def test_short_side_flips_the_pnl(app: Page) -> None:
    """Switching the PnL card to short turns the same move into a loss, coloured as one."""
    expect(out(app, "pnl", "gross_pnl")).to_have_attribute("data-sign", "pos")
    field(app, "pnl", "side").select_option("short")
    expect(out(app, "pnl", "gross_pnl")).to_have_text("-3,000.00 USDT")
    expect(out(app, "pnl", "gross_pnl")).to_have_attribute("data-sign", "neg")
    expect(out(app, "pnl", "liquidation")).not_to_have_attribute("data-sign", re.compile(".*"))
    # 30,000 x (1 + 1/10) / (1 + 0.004): Binance FAQ isolated short
    expect(out(app, "pnl", "liquidation")).to_have_text("32,868.53")


def test_coin_margined_switch_changes_units_and_math(app: Page) -> None:
    """Coin-margined: size is contracts x 100 USD, PnL in the coin, harmonic average entry."""
    app.locator('[data-global] [name="kind"]').select_option("inverse")
    field(app, "pnl", "size").fill("100")  # 100 contracts x 100 USD = 10,000 USD
    # 10,000 x (1/30,000 - 1/33,000) = 0.03030303 BTC
    expect(out(app, "pnl", "gross_pnl")).to_contain_text("0.0303030")
    expect(out(app, "pnl", "gross_pnl")).to_contain_text("BTC")
    expect(app.locator('[data-calc="pnl"] [name="contract_size"]')).to_be_visible()
    # fills 30,000 and 27,000 of equal face value: 2 / (1/30,000 + 1/27,000) = 28,421.05
    expect(out(app, "average", "average")).to_have_text("28,421.05")


def test_linear_average_entry_with_added_and_removed_rows(app: Page) -> None:
    """Fills can be added and removed; the linear average is size-weighted arithmetic."""
    expect(out(app, "average", "average")).to_have_text("28,500.00")  # (30,000 + 27,000) / 2
    app.locator('[data-calc="average"] [data-add-row]').click()
    row = app.locator('[data-calc="average"] [data-row]').last
    row.locator("input").first.fill("24000")
    row.locator("input").last.fill("2")
    expect(out(app, "average", "average")).to_have_text("26,250.00")  # (30k + 27k + 48k) / 4
    row.locator("[data-remove-row]").click()
    expect(out(app, "average", "average")).to_have_text("28,500.00")


def test_target_liquidation_risk_and_max_size_cards(app: Page) -> None:
    """The other calculators' defaults, each checked by hand."""
    expect(out(app, "target", "target_price")).to_have_text("31,500.00")  # 30,000 x (1 + 50%/10)
    expect(out(app, "target", "roe_at_exit")).to_have_text("+100.00%")  # 10 x (33,000/30,000 - 1)
    # 20x isolated long, 0.4%: 30,000 x 0.95 / 0.996; Notes: 4.62% below entry
    expect(out(app, "liquidation", "liquidation")).to_have_text("28,614.46")
    expect(out(app, "liquidation", "distance")).to_have_text("-4.62%")
    expect(out(app, "liquidation", "rule_distance")).to_contain_text("5.00%")
    # risk 1% of 10,000 over (1,000 + 15 + 14.5) per BTC at the stop, fees included
    expect(out(app, "risk", "size")).to_contain_text("0.09713453")
    expect(out(app, "risk", "max_leverage")).to_have_text("26.88×")  # 1/(d + m - dm), d = 1/30
    expect(out(app, "risk", "leverage_warning")).to_be_hidden()
    field(app, "risk", "leverage").fill("50")
    expect(out(app, "risk", "leverage_warning")).to_be_visible()
    # 1,000 / (30,000 x (1/20 + 0.05%)) = 0.6600660 BTC
    expect(out(app, "max_open", "max_size")).to_contain_text("0.66006")


def test_cross_margin_and_bracket_table(app: Page) -> None:
    """Cross margin shows the wallet fields; the bracket table replaces the single rate."""
    field(app, "liquidation", "margin_mode").select_option("cross")
    expect(field(app, "liquidation", "wallet")).to_be_visible()
    expect(field(app, "liquidation", "leverage")).to_be_hidden()
    # wallet 5,000 on 1 BTC at 30,000: (5,000 - 30,000) / (0.004 - 1) = 25,100.40
    expect(out(app, "liquidation", "liquidation")).to_have_text("25,100.40")
    field(app, "liquidation", "size").fill("2")
    # 2 BTC at one rate: (2 x 30,000 - 5,000) / (2 - 2 x 0.004) = 27,610.44
    expect(out(app, "liquidation", "liquidation")).to_have_text("27,610.44")
    field(app, "liquidation", "mm_source").select_option("tiers")
    expect(field(app, "liquidation", "brackets")).to_be_visible()
    # In the example table 2 BTC near 27,600 is worth about 55,000: tier 2, 0.5% less 50:
    # (60,000 - 5,000 - 50) / (2 - 2 x 0.005) = 27,613.07
    expect(out(app, "liquidation", "bracket")).to_contain_text("0.50%")
    expect(out(app, "liquidation", "liquidation")).to_have_text("27,613.07")
    expect(out(app, "liquidation", "brackets_source")).to_contain_text("Binance")


def test_chinese_translates_labels_results_and_errors(app: Page) -> None:
    """中文: the page, the explanations and the error messages switch language."""
    app.locator('[data-global] [name="lang"]').select_option("zh")
    expect(app.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(app.locator("#h-liquidation")).to_have_text("强平价")
    expect(app.locator('[data-calc="liquidation_move"] [data-out="why"]')).to_contain_text("强平")
    field(app, "liquidation_move", "leverage").fill("0")
    error = app.locator('[data-calc="liquidation_move"] [data-error-for="leverage"]')
    expect(error).to_have_text("必须大于零。")  # "Must be greater than zero."


def test_browser_language_is_the_default(browser: Browser, base_url: str) -> None:
    """A zh-CN browser opens in Chinese."""
    context = browser.new_context(base_url=base_url, locale="zh-CN", service_workers="block")
    page = context.new_page()
    page.goto("/")
    page.wait_for_selector("html[data-py-ready]", timeout=90_000)
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    context.close()


def test_share_link_reopens_the_same_calculation(app: Page, context) -> None:
    """The URL fragment carries every changed field; a new tab with it shows the same result."""
    field(app, "pnl", "exit").fill("36,000")
    app.locator('[data-global] [name="kind"]').select_option("inverse")
    expect(app).to_have_url(re.compile(r"#.*kind=inverse"))
    assert "pnl.exit=36%2C000" in app.url
    link = app.url
    other = context.new_page()
    other.goto(link)
    other.wait_for_selector("html[data-py-ready]", timeout=90_000)
    expect(other.locator('[data-calc="pnl"] [name="exit"]')).to_have_value("36,000")
    expect(other.locator('[data-global] [name="kind"]')).to_have_value("inverse")
    # 100 contracts of 100 USD from 30,000 to 36,000: 10,000 x (1/30,000 - 1/36,000) BTC
    expect(out(other, "pnl", "gross_pnl")).to_have_text("+0.05555556 BTC")


def test_inputs_persist_across_reloads_and_reset_restores_examples(app: Page) -> None:
    """localStorage keeps the inputs; Reset brings back the examples."""
    field(app, "max_open", "balance").fill("2000")
    app.goto("/")  # no fragment: state comes from localStorage
    app.wait_for_selector("html[data-py-ready]", timeout=90_000)
    expect(field(app, "max_open", "balance")).to_have_value("2000")
    app.locator('[data-action="reset"]').click()
    expect(field(app, "max_open", "balance")).to_have_value("1000")
    expect(out(app, "liquidation_move", "result")).to_have_text("5.00%")


def test_hostile_fragment_fills_text_only(page: Page) -> None:
    """Markup in a link is shown as text in a field, never executed or inserted."""
    page.goto("/#pnl.entry=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&%3Cscript%3E=1")
    page.wait_for_selector("html[data-py-ready]", timeout=90_000)
    expect(field(page, "pnl", "entry")).to_have_value("<img src=x onerror=alert(1)>")
    expect(page.locator('[data-calc="pnl"] [data-error-for="entry"]')).to_have_text(
        "Enter a number, such as 1000 or 0.25."
    )
    expect(page.locator("img[src=x]")).to_have_count(0)
    expect(out(page, "liquidation_move", "result")).to_have_text("5.00%")


def test_every_field_rejects_garbage_at_that_field(app: Page) -> None:
    """Typing garbage in any numeric field shows a message at that field and nowhere else."""
    fields = app.locator('[data-calc] input[name][inputmode="decimal"]')
    for index in range(fields.count()):
        element = fields.nth(index)
        if not element.is_visible() or element.get_attribute("name") == "take_profits":
            continue
        original = element.input_value()
        element.fill("1,2,3abc")
        card = element.locator("xpath=ancestor::*[@data-calc][1]")
        name = element.get_attribute("name")
        expect(card.locator(f'[data-error-for="{name}"]')).to_have_text(
            "Enter a number, such as 1000 or 0.25."  # contractcalc.errors, code "number"
        )
        expect(element).to_have_attribute("aria-invalid", "true")
        expect(app.locator('[aria-invalid="true"]')).to_have_count(1)  # nowhere else
        element.fill(original)
        expect(element).not_to_have_attribute("aria-invalid", "true")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_has_no_horizontal_scroll(browser: Browser, base_url: str, scheme: str) -> None:
    """At 360 px wide nothing overflows the viewport."""
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": 360, "height": 780},
        color_scheme=scheme,
        service_workers="block",
    )
    page = context.new_page()
    page.goto("/")
    page.wait_for_selector("html[data-py-ready]", timeout=90_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_no_serious_accessibility_violations(browser: Browser, base_url: str) -> None:
    """axe-core (vendored from npm, injected by the test only) finds nothing serious or critical,
    with every explanation open, in both languages.

    The page's CSP refuses injected inline scripts, so this context bypasses CSP for axe.
    """
    context = browser.new_context(base_url=base_url, bypass_csp=True, service_workers="block")
    page = context.new_page()
    page.goto("/")
    page.wait_for_selector("html[data-py-ready]", timeout=90_000)
    page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
    # Every "How this is computed" open: the worked formulas (MathML, legends) are drawn.
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    for lang in ("en", "zh"):
        page.locator('[data-global] [name="lang"]').select_option(lang)
        settled(page)
        expect(page.locator('[data-calc="liquidation"] .work math').first).to_be_attached()
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [v for v in results["violations"] if v["impact"] in {"serious", "critical"}]
        assert not serious, json.dumps(
            [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious],
            indent=1,
        )
    context.close()
