"""The guide's seven rules, exactly as the guide states them."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from contractcalc import InputError, rules

GUIDE = 'the traders\' guide "Basics of contract algorithms"'


@pytest.mark.parametrize(
    ("open_price", "target", "expected"),
    [
        (1000, 1200, 0.2),  # guide: (1200 ÷ 1000) − 1 = 0.2, a long's target
        (
            1000,
            800,
            -0.2,
        ),  # guide: 800 ÷ 1000 − 1 = −0.2, a short's target ("00 ÷ 1000" in the text)
        (20000, 20000, 0.0),  # no move
    ],
)
def test_target_change(open_price: float, target: float, expected: float) -> None:
    assert rules.target_change(open_price, target) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize(
    ("open_price", "change", "expected"),
    [(1000, 0.2, 1200.0), (1000, -0.2, 800.0)],  # guide: the long and the short example, inverted
)
def test_target_price_inverts_target_change(
    open_price: float, change: float, expected: float
) -> None:
    assert rules.target_price(open_price, change) == expected
    assert rules.target_change(open_price, expected) == pytest.approx(change, rel=1e-15)


def test_liquidation_move() -> None:
    assert rules.liquidation_move(20) == 0.05  # guide: 1 ÷ 20 = 0.05 ("÷ 20" in the text)
    assert rules.liquidation_move(1) == 1.0


def test_leverage_for_stop() -> None:
    assert rules.leverage_for_stop(0.1) == 10.0  # guide: 1 ÷ 0.1 = 10x


@pytest.mark.parametrize(
    ("open_price", "stop", "expected"),
    [
        (20000, 15000, 4.0),  # guide: open 20000, stop 15000 -> 4x (a long)
        (20000, 25000, 4.0),  # Notes: a stop above open is a short, 1/(stop/open − 1)
        (1000, 990, 100.0),  # a 1% stop below a long allows 100x
        (1000, 1010, 100.0),  # and 1% above a short
    ],
)
def test_leverage_for_stop_price_long_and_short(
    open_price: float, stop: float, expected: float
) -> None:
    assert rules.leverage_for_stop_price(open_price, stop) == pytest.approx(expected, rel=1e-12)


def test_coin_profits() -> None:
    assert rules.coin_long_profit(1000, 50, 0.10) == 5500.0  # guide: 1000 × 50 × 0.1 × 1.1
    assert rules.coin_short_profit(1000, 50, 0.10) == 4500.0  # guide: 1000 × 50 × 0.1 × 0.9
    assert rules.coin_long_profit(1000, 50, -0.10) == pytest.approx(-4500.0)  # a fall is a loss
    assert rules.coin_short_profit(1000, 50, -0.10) == pytest.approx(-5500.0)  # a rise is a loss


def test_usdt_profit_long_and_loss() -> None:
    assert rules.usdt_profit(1000, 50, 0.02) == 1000.0  # guide: 1000 × 50 × 2% = 1000
    assert rules.usdt_profit(1000, 50, -0.02) == -1000.0  # a move against the position


def test_results_are_the_correctly_rounded_exact_value() -> None:
    """Rules compute in exact rationals and round once."""
    exact = Fraction(1000) * 50 * Fraction(0.1) * (1 + Fraction(0.1))
    assert rules.coin_long_profit(1000, 50, 0.1) == float(exact)


def test_accepts_ints_floats_decimals_and_fractions() -> None:
    assert rules.liquidation_move(Decimal("20")) == 0.05
    assert rules.liquidation_move(Fraction(40, 2)) == 0.05


BAD_CASES = [
    # (function, args, field, code)
    (rules.target_change, (0, 1200), "open_price", "not_positive"),
    (rules.target_change, (1000, -5), "target_price", "not_positive"),
    (rules.target_change, ("1000", 1200), "open_price", "not_a_number"),
    (rules.target_change, (1000, math.nan), "target_price", "not_finite"),
    (rules.target_change, (math.inf, 1200), "open_price", "not_finite"),
    (rules.target_price, (1000, -1), "change", "rise_too_small"),
    (rules.target_price, (None, 0.1), "open_price", "not_a_number"),
    (rules.liquidation_move, (0,), "leverage", "not_positive"),
    (rules.liquidation_move, (-20,), "leverage", "not_positive"),
    (rules.liquidation_move, (True,), "leverage", "not_a_number"),
    (rules.leverage_for_stop, (0,), "stop_fraction", "not_positive"),
    (rules.leverage_for_stop, (1,), "stop_fraction", "open_interval"),
    (rules.leverage_for_stop, (1.5,), "stop_fraction", "open_interval"),
    (rules.leverage_for_stop, (-0.1,), "stop_fraction", "not_positive"),
    (rules.leverage_for_stop, (1e-310,), "stop_fraction", "too_small"),
    (rules.leverage_for_stop_price, (20000, 20000), "stop_price", "stop_equals_open"),
    (rules.leverage_for_stop_price, (20000, 0), "stop_price", "not_positive"),
    (rules.coin_long_profit, (0, 50, 0.1), "principal", "not_positive"),
    (rules.coin_long_profit, (1000, 0, 0.1), "leverage", "not_positive"),
    (rules.coin_long_profit, (1000, 50, -1), "rise", "rise_too_small"),
    (rules.coin_long_profit, (1000, 50, -1.5), "rise", "rise_too_small"),
    (rules.coin_short_profit, (1000, 50, 1), "fall", "fall_too_large"),
    (rules.coin_short_profit, (1000, 50, 2), "fall", "fall_too_large"),
    (rules.coin_short_profit, (-1000, 50, 0.1), "principal", "not_positive"),
    (rules.usdt_profit, (1000, 50, math.inf), "change", "not_finite"),
    (rules.usdt_profit, (1000, -50, 0.02), "leverage", "not_positive"),
    (rules.usdt_profit, (1e16, 50, 0.02), "principal", "too_large"),
    (rules.usdt_profit, (1000, 50, Decimal("sNaN")), "change", "not_finite"),
]


@pytest.mark.parametrize(("function", "args", "field", "code"), BAD_CASES)
def test_bad_input_raises_input_error_naming_the_field(function, args, field, code) -> None:
    with pytest.raises(InputError) as caught:
        function(*args)
    assert caught.value.field == field
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)
    assert caught.value.message in str(caught.value)
