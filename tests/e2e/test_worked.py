"""The worked formula in "How this is computed" follows the card's own numbers, as typed."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.harness import settled

CARD = '[data-calc="liquidation"]'


def open_explanation(app: Page) -> None:
    app.locator(f"{CARD} details.how summary").click()
    settled(app)


def test_the_liquidation_card_works_its_formula_with_the_typed_numbers(app: Page) -> None:
    """A new entry and leverage: the steps show them and end in the card's new result."""
    open_explanation(app)
    work = app.locator(f"{CARD} .work")
    expect(work.locator("math").first).to_be_attached()
    app.locator(f'{CARD} [name="entry"]').fill("42000")
    app.locator(f'{CARD} [name="leverage"]').fill("10")
    settled(app)
    # Isolated long, 1 BTC at 42,000, 10x, maintenance 0.4%, no fee (the card's defaults
    # but entry and leverage): margin WB = 42,000 / 10 = 4,200, and
    # LP = (4,200 - 42,000) / (0.004 - 1) = 37,800 / 0.996 = 37,951.807...
    expect(app.locator(f'{CARD} [data-out="liquidation"]')).to_have_text("37,951.81")
    expect(work).to_contain_text("42,000")
    expect(work).to_contain_text("4,200")
    expect(work).to_contain_text("37,951.81")  # its last line: the card's own result


def test_the_legend_is_in_chinese_when_the_page_is(app: Page) -> None:
    app.locator('[data-global] [name="lang"]').select_option("zh")
    open_explanation(app)
    legend = app.locator(f"{CARD} .work dl")
    expect(legend).to_contain_text("开仓价")  # E: entry price
    expect(legend).to_contain_text("维持保证金率")  # m: maintenance margin rate
    expect(legend).not_to_contain_text("entry price")


def test_a_closed_explanation_is_drawn_when_it_opens(app: Page) -> None:
    """Edited while closed (nothing drawn then), opened: drawn for the numbers as they are."""
    app.locator(f'{CARD} [name="entry"]').fill("50000")
    settled(app)
    open_explanation(app)
    expect(app.locator(f"{CARD} .work")).to_contain_text("50,000")
