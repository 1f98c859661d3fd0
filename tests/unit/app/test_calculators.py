"""The page's calculators on CPython: raw field text in, formatted results or field errors out."""

from __future__ import annotations

import re

import pytest
from app.calculators import CALCULATORS, run
from app.layout import GROUPS

from scripts.build import card_defaults


@pytest.mark.parametrize(
    ("calculator_id", "raw", "expected"),
    [
        ("target_change", {"open_price": "1000", "target_price": "1200"}, "+20.00%"),  # guide
        ("target_change", {"open_price": "1000", "target_price": "800"}, "-20.00%"),  # guide, short
        ("liquidation_move", {"leverage": "20"}, "5.00%"),  # guide
        ("leverage_for_stop", {"stop_fraction": "10"}, "10×"),  # guide: 10% stop
        ("leverage_for_stop_price", {"open_price": "20,000", "stop_price": "15000"}, "4×"),  # guide
        ("coin_long_profit", {"principal": "1000", "leverage": "50", "rise": "10"}, "+5,500.00"),
        ("coin_short_profit", {"principal": "1000", "leverage": "50", "fall": "10"}, "+4,500.00"),
        ("usdt_profit", {"principal": "1000", "leverage": "50", "change": "2"}, "+1,000.00 USDT"),
    ],
)
def test_guides_examples_as_the_page_shows_them(
    calculator_id: str, raw: dict, expected: str
) -> None:
    outcome = run(calculator_id, raw)
    assert outcome.errors == {}
    assert outcome.outputs["result"] == expected


def test_every_bad_field_gets_its_own_message() -> None:
    outcome = run("coin_long_profit", {"principal": "", "leverage": "x", "rise": "10"})
    assert set(outcome.errors) == {"principal", "leverage"}
    assert outcome.errors["principal"].code == "empty"  # nothing typed
    assert outcome.errors["leverage"].code == "not_a_number"  # "x"
    assert outcome.outputs == {}


def test_a_formula_error_lands_on_its_field() -> None:
    outcome = run("leverage_for_stop_price", {"open_price": "20000", "stop_price": "20000"})
    assert set(outcome.errors) == {"stop_price"}
    # a stop at the open price: the guide's leverage 1/|1 - S/O| would divide by zero
    assert outcome.errors["stop_price"].code == "stop_equals_open"


def test_no_calculator_declares_a_field_twice() -> None:
    """Each calculator's fields have distinct names (a repeated name would read one input
    box for two arguments)."""
    for calculator in CALCULATORS.values():
        names = [spec.name for spec in calculator.fields]
        assert len(names) == len(set(names))


def test_a_declared_signed_output_is_coloured_by_its_sign() -> None:
    """A loss is red, a gain green; a liquidation price, undeclared, is never coloured."""
    raw = {"kind": "linear", "coin": "BTC", "exchange": "custom", "side": "long"}
    raw |= {"entry": "30000", "exit": "29000", "size": "1"}
    outcome = run("pnl", {**raw, "leverage": "10"})
    assert outcome.errors == {}
    assert outcome.signs["net_pnl"] == "neg"
    gain = run("pnl", {**raw, "exit": "31000", "leverage": "10"})
    assert gain.signs["gross_pnl"] == "pos"
    assert "liquidation" not in gain.signs


@pytest.mark.parametrize("card_id", [card for group in GROUPS for card in group.cards])
def test_only_declared_outputs_carry_a_sign(card_id: str) -> None:
    """The examples as the page first shows them colour some results, each one declared."""
    calculator = CALCULATORS[card_id]
    declared = {o.name for o in (*calculator.outputs, *calculator.row_outputs) if o.signed}
    group = next(group for group in GROUPS if card_id in group.cards)
    outcome = run(card_id, card_defaults(card_id, group))
    assert outcome.errors == {}
    assert {re.sub(r"_\d+$", "", name) for name in outcome.signs} <= declared
