"""What the page's worker answers (app.session): which cards, which fields, which texts."""

from __future__ import annotations

import json

from app import session
from app.calculators import CALCULATORS
from app.layout import GROUPS

RULE_CARDS = set(next(group for group in GROUPS if group.id == "rules").cards)


def test_a_cards_own_field_computes_that_card_only() -> None:
    answer = session.update(
        {"liquidation_move.leverage": "25"}, "en", ["liquidation_move.leverage"]
    )
    assert set(answer["cards"]) == {"liquidation_move"}
    # The guide's rule: a 25x position moves 1 / 25 = 4% to liquidation.
    assert answer["cards"]["liquidation_move"]["outputs"]["result"] == "4.00%"
    assert answer["fields"] == {}
    assert "page" not in answer


def test_a_shared_assumption_computes_its_sections_cards() -> None:
    answer = session.update({"rules.fee": "0.1"}, "en", ["rules.fee"])
    assert set(answer["cards"]) == RULE_CARDS


def test_a_toolbar_field_computes_every_card_and_brings_the_page_texts() -> None:
    answer = session.update({"kind": "inverse", "coin": "ETH"}, "zh", ["kind"])
    assert set(answer["cards"]) == set(CALCULATORS)
    assert answer["page"]["units"]["money"] == "(ETH)"  # coin-margined: margin in the coin


def test_the_cards_changed_while_loading_are_computed_with_the_changes() -> None:
    values = {"kind": "linear", "coin": "BTC", "pnl.exit": "31000"}
    answer = session.update(values, "en", [], cards=["pnl", "target"], page=True)
    assert set(answer["cards"]) == {"pnl", "target"}
    assert "units" in answer["page"]


def test_choosing_an_exchange_fills_its_figures_into_every_card_that_takes_them() -> None:
    values = {"exchange": "bitget", "kind": "linear", "coin": "BTC", "pnl.open_fee": "0.05"}
    answer = session.update(values, "en", ["exchange"])
    # Bitget's taker fee, 0.06% (contractcalc.exchanges cites its fee page).
    assert answer["fields"]["pnl.open_fee"] == "0.06"
    assert answer["page"]["exchange"]["sentence"].startswith("Bitget")


def test_a_pasted_exchange_table_is_typed_out_by_the_fields_own_reader() -> None:
    pasted = json.dumps(
        [{"symbol": "BTCUSDT", "brackets": [{"notionalFloor": 0, "maintMarginRatio": 0.004}]}]
    )
    values = {"kind": "linear", "liquidation.brackets": pasted}
    answer = session.update(values, "en", ["liquidation.brackets"])
    assert answer["fields"]["liquidation.brackets"] == "0, 0.4"  # floor 0, 0.4%


def test_only_cards_whose_explanation_is_open_draw_their_worked_formula() -> None:
    values = {"liquidation_move.leverage": "25"}
    closed = session.update(values, "en", ["liquidation_move.leverage"], explained=[])
    opened = session.update(values, "en", ["liquidation_move.*"], explained=["liquidation_move"])
    assert closed["cards"]["liquidation_move"]["outputs"]["work"] == ""
    assert "<math" in opened["cards"]["liquidation_move"]["outputs"]["work"]
    # The results themselves do not depend on it.
    assert (
        closed["cards"]["liquidation_move"]["outputs"]["result"]
        == opened["cards"]["liquidation_move"]["outputs"]["result"]
    )


def test_errors_come_as_messages_in_the_pages_language() -> None:
    answer = json.loads(
        session.handle(
            json.dumps(
                {"values": {"pnl.leverage": "abc"}, "lang": "zh", "changed": ["pnl.leverage"]}
            )
        )
    )
    message = answer["cards"]["pnl"]["errors"]["leverage"]
    assert message
    assert not message.isascii()  # Chinese, not an error code
