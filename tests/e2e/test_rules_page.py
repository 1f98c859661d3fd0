"""The guide's seven rules in the real page: examples, live updates, and bad input."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

# The guide's worked examples ("Basics of contract algorithms"), as the page shows them.
GUIDE_EXAMPLES = [
    ("target_change", "+20.00%"),  # guide: (1200 ÷ 1000) − 1 = 0.2
    ("liquidation_move", "5.00%"),  # guide: 1 ÷ 20 = 0.05
    ("leverage_for_stop", "10×"),  # guide: 1 ÷ 0.1 = 10x
    ("leverage_for_stop_price", "4×"),  # guide: open 20000, stop 15000 -> 4x
    ("coin_long_profit", "+5,500.00"),  # guide: 1000 × 50 × 0.1 × (1 + 0.1) = 5500
    ("coin_short_profit", "+4,500.00"),  # guide: 1000 × 50 × 0.1 × (1 − 0.1) = 4500
    ("usdt_profit", "+1,000.00 USDT"),  # guide: 1000 × 50 × 2% = 1000
]


def card(page: Page, calculator_id: str):
    return page.locator(f'[data-calc="{calculator_id}"]')


@pytest.mark.parametrize(("calculator_id", "expected"), GUIDE_EXAMPLES)
def test_card_shows_the_guides_example(app: Page, calculator_id: str, expected: str) -> None:
    """Each card opens prefilled with the guide's example and shows the guide's answer."""
    expect(card(app, calculator_id).locator('[data-out="result"]')).to_have_text(expected)


def test_page_is_readable_and_honest_before_python_is_ready(page: Page) -> None:
    """Before Python loads, the cards are on screen and the status says what is loading."""
    page.goto("/", wait_until="domcontentloaded")
    expect(page.locator("html")).not_to_have_attribute("data-py-ready", "true")
    expect(page.get_by_text("Loading Python, about 7 MB the first time")).to_be_visible()
    expect(page.get_by_role("heading", name="Liquidation move")).to_be_visible()
    page.wait_for_selector("html[data-py-ready]", timeout=90_000)
    expect(page.get_by_text("Ready: results update as you type.")).to_be_visible()


def test_typing_updates_the_result(app: Page) -> None:
    """A new leverage recomputes the liquidation move on input, with no button."""
    leverage = card(app, "liquidation_move").get_by_label("Leverage (×)")
    leverage.fill("50")
    expect(card(app, "liquidation_move").locator('[data-out="result"]')).to_have_text("2.00%")
    leverage.press_sequentially("0", delay=20)  # 500x
    expect(card(app, "liquidation_move").locator('[data-out="result"]')).to_have_text("0.20%")


def test_short_target_and_short_stop(app: Page) -> None:
    """The guide's short example (800 from 1000) and a stop above the open price (a short)."""
    card(app, "target_change").get_by_label("Target price").fill("800")
    expect(card(app, "target_change").locator('[data-out="result"]')).to_have_text("-20.00%")
    card(app, "leverage_for_stop_price").get_by_label("Stop price").fill("25,000")
    expect(card(app, "leverage_for_stop_price").locator('[data-out="result"]')).to_have_text("4×")


@pytest.mark.parametrize(
    ("calculator_id", "label", "text", "message"),
    [
        ("liquidation_move", "Leverage (×)", "0", "Must be greater than zero."),
        ("leverage_for_stop", "Stop-loss distance (%)", "150", "Must lie between 0 and 1"),
        ("leverage_for_stop_price", "Stop price", "20000", "must differ from the open price"),
        ("coin_short_profit", "Fall (%)", "100", "A fall must be less than 100%."),
        ("usdt_profit", "Principal (USDT)", "abc", "Enter a number"),
        ("target_change", "Open price", "NaN", "Enter a finite number"),
    ],
)
def test_bad_value_shows_its_message_and_other_cards_keep_working(
    app: Page, calculator_id: str, label: str, text: str, message: str
) -> None:
    """A bad value shows the reason at its field; every other card still computes."""
    field = card(app, calculator_id).get_by_label(label)
    field.fill(text)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(card(app, calculator_id).locator(".error:not(:empty)")).to_contain_text(message)
    expect(card(app, calculator_id).locator('[data-out="result"]')).to_have_text("—")
    other = "usdt_profit" if calculator_id != "usdt_profit" else "liquidation_move"
    expect(card(app, other).locator('[data-out="result"]')).not_to_have_text("—")
    card(app, "coin_long_profit").get_by_label("Rise (%)").fill("20")
    expect(card(app, "coin_long_profit").locator('[data-out="result"]')).to_have_text("+12,000.00")


def test_fixing_a_bad_value_clears_the_message(app: Page) -> None:
    """Correcting the field removes the message and restores the result."""
    field = card(app, "liquidation_move").get_by_label("Leverage (×)")
    field.fill("-5")
    expect(field).to_have_attribute("aria-invalid", "true")
    field.fill("25")
    expect(field).not_to_have_attribute("aria-invalid", "true")
    expect(card(app, "liquidation_move").locator(".error")).to_be_empty()
    expect(card(app, "liquidation_move").locator('[data-out="result"]')).to_have_text("4.00%")
