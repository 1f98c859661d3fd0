"""Hand-worked values for the account module and the new linear/inverse functions.

Every expected value is worked out in the comment beside it (the numbers are ours);
the properties in test_properties.py tie the same functions to the existing ones.
"""

from __future__ import annotations

import time
from fractions import Fraction

import pytest
from contractcalc import InputError, account, inverse, linear
from contractcalc.account import Position

ENGINES = {"linear": linear, "inverse": inverse}

# --- size_to_reach_average ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "entry", "size", "price", "target", "added"),
    [
        # linear, averaging down: 1 x (30,000 - 25,000) / (25,000 - 20,000) = 1 BTC
        ("linear", 30_000, 1, 20_000, 25_000, Fraction(1)),
        # linear, averaging up: 2 x (20,000 - 22,000) / (22,000 - 30,000) = 0.5 BTC
        ("linear", 20_000, 2, 30_000, 22_000, Fraction(1, 2)),
        # inverse, down: 30,000 x 20,000 x (24,000 - 30,000) / (30,000 x (20,000 - 24,000))
        # = 30,000 USD (1 BTC + 1.5 BTC = 2.5 BTC for 60,000 USD: 24,000)
        ("inverse", 30_000, 30_000, 20_000, 24_000, Fraction(30_000)),
        # inverse, up: 20,000 x 40,000 x 5,000 / (20,000 x 15,000) = 40,000/3 USD
        # (1 BTC + 1/3 BTC for 33,333.33 USD: 25,000)
        ("inverse", 20_000, 20_000, 40_000, 25_000, Fraction(40_000, 3)),
    ],
)
def test_size_to_reach_average_by_hand(kind, entry, size, price, target, added):
    """The size to add, and the average it gives back through average_entry."""
    module = ENGINES[kind]
    got = module.size_to_reach_average(entry, size, price, target)
    assert got == pytest.approx(float(added), rel=1e-12)
    assert module.average_entry([(entry, size), (price, got)]) == pytest.approx(target, rel=1e-12)


@pytest.mark.parametrize("kind", ["linear", "inverse"])
@pytest.mark.parametrize(
    ("entry", "price", "target"),
    [
        (30_000, 20_000, 19_000),  # beyond the price added at
        (30_000, 20_000, 31_000),  # on the other side of the entry
        (30_000, 30_000, 29_000),  # adding at the entry cannot move the average
        (30_000, 20_000, 20_000),  # the price itself needs an infinite size
    ],
)
def test_size_to_reach_average_out_of_reach(kind, entry, price, target):
    """A target that is not strictly between entry and price raises on ``target``."""
    with pytest.raises(InputError) as caught:
        ENGINES[kind].size_to_reach_average(entry, 1000, price, target)
    assert (caught.value.field, caught.value.code) == ("target", "average_out_of_reach")


@pytest.mark.parametrize("kind", ["linear", "inverse"])
def test_size_to_reach_the_current_entry_is_zero(kind):
    assert ENGINES[kind].size_to_reach_average(30_000, 1000, 20_000, 30_000) == 0.0
    assert ENGINES[kind].size_to_reach_average(30_000, 1000, 30_000, 30_000) == 0.0


# --- margin_for_liquidation_price --------------------------------------------------------

# 0.004 is a binary float; the engine is exact on it, so compare with a relative 1e-12.
M = Fraction(4, 1000)


@pytest.mark.parametrize(
    ("kind", "side", "convention", "target", "wallet"),
    [
        # linear, 1 BTC at 30,000: WB = Q N m - cum + f Q T - s Q (T - E)
        # long, binance: 28,500 x 0.004 + 1,500 = 114 + 1,500 = 1,614
        ("linear", "long", "binance", 28_500, Fraction(1614)),
        # short, binance: 31,500 x 0.004 + 1,500 = 126 + 1,500 = 1,626
        ("linear", "short", "binance", 31_500, Fraction(1626)),
        # long, bybit (maintenance at entry): 30,000 x 0.004 + 1,500 = 1,620
        ("linear", "long", "bybit", 28_500, Fraction(1620)),
        # short, bybit: 120 + 1,500 = 1,620
        ("linear", "short", "bybit", 31_500, Fraction(1620)),
        # inverse, 30,000 USD at 30,000 (1 BTC); F/T = 20/19 BTC at 28,500, 20/21 at 31,500
        # long, binance: 20/19 x 0.004 + (20/19 - 1) = 20/19 x 1.004 - 1 = 1.08/19
        ("inverse", "long", "binance", 28_500, Fraction(20, 19) * (1 + M) - 1),
        # short, binance: 20/21 x 0.004 - (20/21 - 1) = 1 - 20/21 x 0.996 = 1.08/21
        ("inverse", "short", "binance", 31_500, 1 - Fraction(20, 21) * (1 - M)),
        # long, bybit: 1 x 0.004 + 1/19
        ("inverse", "long", "bybit", 28_500, M + Fraction(1, 19)),
        # short, bybit: 1 x 0.004 + 1/21
        ("inverse", "short", "bybit", 31_500, M + Fraction(1, 21)),
    ],
)
def test_margin_for_liquidation_price_by_hand(kind, side, convention, target, wallet):
    """The margin by hand, and liquidation_price gives the target back with it."""
    module = ENGINES[kind]
    size = 1 if kind == "linear" else 30_000
    got = module.margin_for_liquidation_price(
        side, 30_000, size, 0.004, target, convention=convention
    )
    assert got == pytest.approx(float(wallet), rel=1e-12)
    back = module.liquidation_price(side, 30_000, size, got, 0.004, convention=convention)
    assert back == pytest.approx(target, rel=1e-12)


@pytest.mark.parametrize(
    ("kind", "wallet"),
    [
        # linear long at 28,500 with cum 50 and a 0.5% fee on the value at 28,500:
        # 114 - 50 + 0.005 x 28,500 + 1,500 = 114 - 50 + 142.5 + 1,500 = 1,706.5
        ("linear", Fraction(17065, 10)),
        # inverse long: 20/19 x 0.004 - 0.001 + 0.005 x 20/19 + 1/19 = 20/19 x 1.009 - 1.001
        ("inverse", Fraction(20, 19) * Fraction(1009, 1000) - Fraction(1001, 1000)),
    ],
)
def test_margin_for_liquidation_price_with_amount_and_fee(kind, wallet):
    size, cum = (1, 50) if kind == "linear" else (30_000, 0.001)
    got = ENGINES[kind].margin_for_liquidation_price(
        "long", 30_000, size, 0.004, 28_500, maint_amount=cum, liquidation_fee=0.005
    )
    assert got == pytest.approx(float(wallet), rel=1e-12)


@pytest.mark.parametrize("kind", ["linear", "inverse"])
@pytest.mark.parametrize(
    ("side", "target", "code"),
    [
        ("long", 30_000, "liquidation_wrong_side_long"),
        ("long", 31_000, "liquidation_wrong_side_long"),
        ("short", 30_000, "liquidation_wrong_side_short"),
        ("short", 29_000, "liquidation_wrong_side_short"),
    ],
)
def test_margin_for_a_target_on_the_wrong_side(kind, side, target, code):
    """A liquidation price at or on the profitable side of entry is refused."""
    with pytest.raises(InputError) as caught:
        ENGINES[kind].margin_for_liquidation_price(side, 30_000, 1000, 0.004, target)
    assert (caught.value.field, caught.value.code) == ("target", code)


def test_margin_for_liquidation_price_cannot_be_negative():
    """1 coin at 100, 1%, cum 5, target 99: 99 x 0.01 - 5 + 1 = -3.01 < 0 is refused."""
    with pytest.raises(InputError) as caught:
        linear.margin_for_liquidation_price("long", 100, 1, 0.01, 99, maint_amount=5)
    assert (caught.value.field, caught.value.code) == ("target", "no_margin_for_target")


# --- the account -----------------------------------------------------------------------

# Linear: 5,000 USDT; long 1 BTC at 30,000 (mark 29,000, 0.4%); short 10 ETH at 2,000
# (mark 2,100, 0.5%). At the marks: PnL -1,000 and -1,000; maintenance 116 and 105.
BTC = Position("BTCUSDT", "long", 30_000, 1, 29_000, 0.004)
ETH = Position("ETHUSDT", "short", 2_000, 10, 2_100, 0.005)


def test_linear_account_liquidation_prices_by_hand():
    """Each symbol with the other at its mark (Binance's cross formula):
    BTC: (5,000 - 105 - 1,000 - 30,000) / (0.004 - 1) = 26,105 / 0.996
    ETH: (5,000 - 116 - 1,000 + 20,000) / (10 x 0.005 + 10) = 23,884 / 10.05"""
    got = account.liquidation_prices("linear", 5000, [BTC, ETH])
    assert got == pytest.approx((26_105 / 0.996, 23_884 / 10.05), rel=1e-12)


def test_linear_account_summary_by_hand():
    """Margin balance 5,000 - 2,000 = 3,000; maintenance 116 + 105 = 221 (binance, at the
    marks) or 120 + 100 = 220 (bybit, at entry); ratio 221 / 3,000; a 0.5% liquidation
    fee adds 0.005 x (29,000 + 21,000) = 250."""
    state = account.summary("linear", 5000, [BTC, ETH])
    assert state.unrealized_pnl == pytest.approx(-2000, rel=1e-12)
    assert state.margin_balance == pytest.approx(3000, rel=1e-12)
    assert state.maintenance_margin == pytest.approx(221, rel=1e-12)
    assert state.liquidation_fee == 0
    assert state.margin_ratio == pytest.approx(221 / 3000, rel=1e-12)
    assert state.free_over_maintenance == pytest.approx(2779, rel=1e-12)
    assert state.position_pnl == pytest.approx((-1000, -1000), rel=1e-12)
    assert state.liquidated_now is False
    bybit = account.summary("linear", 5000, [BTC, ETH], convention="bybit", liquidation_fee=0.005)
    assert bybit.maintenance_margin == pytest.approx(220, rel=1e-12)
    assert bybit.liquidation_fee == pytest.approx(250, rel=1e-12)
    assert bybit.margin_ratio == pytest.approx(470 / 3000, rel=1e-12)


def test_account_already_past_liquidation_is_reported_plainly():
    """With 1,000 USDT the margin balance is -1,000: liquidated now, no margin ratio, and
    BTC's price, (1,000 - 105 - 1,000 - 30,000) / (0.004 - 1) = 30,105 / 0.996 = 30,225.9,
    lies above its mark of 29,000: where the long would bring the account back."""
    state = account.summary("linear", 1000, [BTC, ETH])
    assert state.liquidated_now is True
    assert state.margin_ratio is None
    assert state.free_over_maintenance == pytest.approx(-1221, rel=1e-12)
    btc_price, _ = account.liquidation_prices("linear", 1000, [BTC, ETH])
    assert btc_price == pytest.approx(30_105 / 0.996, rel=1e-12)
    assert btc_price > BTC.mark


def test_hedge_mode_positions_share_one_price():
    """Long 2 BTC and short 1 BTC at 30,000, 0.5%, 10,000 USDT: the symbol's price solves
    10,000 + 2 (P - 30,000) - (P - 30,000) = 0.005 x 3 x P, P = 20,000 / 0.985."""
    long = Position("BTCUSDT", "long", 30_000, 2, 30_000, 0.005)
    short = Position("BTCUSDT", "short", 30_000, 1, 30_000, 0.005)
    got = account.liquidation_prices("linear", 10_000, [long, short])
    assert got[0] == got[1] == pytest.approx(20_000 / 0.985, rel=1e-12)


def test_hedged_book_is_liquidated_by_a_rise():
    """1 BTC long and 1 BTC short at 30,000, 0.5% each, 500 USDT: PnL cancels and the
    maintenance 0.005 x 60,000 x (1 + r) reaches 500 at r = 2/3; with one symbol that is
    its liquidation price, 500 / 0.01 = 50,000, for both positions."""
    hedged = [
        Position("BTCUSDT", "long", 30_000, 1, 30_000, 0.005),
        Position("BTCUSDT", "short", 30_000, 1, 30_000, 0.005),
    ]
    assert account.liquidation_move("linear", 500, hedged) == pytest.approx(2 / 3, rel=1e-12)
    assert account.liquidation_prices("linear", 500, hedged) == pytest.approx(
        (50_000, 50_000), rel=1e-12
    )


# Inverse: a BTC cross wallet of 0.5 BTC; long 30,000 USD of the perpetual and short
# 15,000 USD of the quarterly, both entered and marked at 30,000, 0.5% each. At the marks:
# PnL 0; maintenance 1 x 0.005 = 0.005 and 0.5 x 0.005 = 0.0025 BTC.
PERP = Position("BTCUSD_PERP", "long", 30_000, 30_000, 30_000, 0.005)
QUARTER = Position("BTCUSD_QUARTER", "short", 30_000, 15_000, 30_000, 0.005)


def test_inverse_account_by_hand():
    """Perpetual: 30,000 x (1 + 0.005) / (0.5 - 0.0025 + 1) = 30,150 / 1.4975.
    Quarterly: 15,000 x (0.005 - 1) / (0.5 - 0.005 - 0.5) = -14,925 / -0.005 = 2,985,000.
    Common move: t = (1.005 - 0.4975) / (0.5 + 1 - 0.5) = 0.5075, r = -0.4925.
    Summary: margin balance 0.5, maintenance 0.0075, ratio 0.015."""
    prices = account.liquidation_prices("inverse", 0.5, [PERP, QUARTER])
    assert prices == pytest.approx((30_150 / 1.4975, 2_985_000), rel=1e-12)
    assert account.liquidation_move("inverse", 0.5, [PERP, QUARTER]) == pytest.approx(
        -0.4925, rel=1e-12
    )
    state = account.summary("inverse", 0.5, [PERP, QUARTER])
    assert state.margin_balance == pytest.approx(0.5, rel=1e-12)
    assert state.maintenance_margin == pytest.approx(0.0075, rel=1e-12)
    assert state.margin_ratio == pytest.approx(0.015, rel=1e-12)


@pytest.mark.parametrize("kind", ["linear", "inverse"])
def test_empty_account(kind):
    """No positions: nothing to liquidate, margin ratio 0, all of the wallet free."""
    assert account.liquidation_prices(kind, 100, []) == ()
    assert account.liquidation_move(kind, 100, []) is None
    state = account.summary(kind, 100, [])
    assert state.margin_ratio == 0
    assert state.liquidated_now is False
    assert state.free_over_maintenance == 100
    assert state.position_pnl == ()


@pytest.mark.parametrize(
    ("positions", "field", "code"),
    [
        ("BTCUSDT", "positions", "positions"),
        ([BTC, (30_000, 1)], "positions[1]", "positions"),
        ([BTC, Position("", "long", 1, 1, 1, 0.01)], "positions[1].symbol", "symbol"),
        ([ETH, Position("X", "buy", 1, 1, 1, 0.01)], "positions[1].side", "side"),
        ([BTC, ETH, Position("X", "long", -1, 1, 1, 0.01)], "positions[2].entry", "not_positive"),
        ([Position("X", "long", 1, 1, 1, 1.5)], "positions[0].mmr", "fraction_range"),
        (
            [BTC, Position("BTCUSDT", "short", 1, 1, 28_000, 0.01)],
            "positions[1].mark",
            "mark_differs",
        ),
    ],
)
def test_a_bad_position_names_its_row(positions, field, code):
    """Errors name the row (0-based) and the field, for the page to show on that row."""
    for function in (account.liquidation_prices, account.liquidation_move, account.summary):
        with pytest.raises(InputError) as caught:
            function("linear", 1000, positions)
        assert (caught.value.field, caught.value.code) == (field, code)


def test_fifty_positions_are_fast():
    """50 positions over 10 symbols, exact arithmetic: all three functions well under a
    second each (measured about 10 ms on the shared machine; the bound is generous)."""
    rows = [
        Position(
            f"S{index % 10}USDT",
            "long" if index % 3 else "short",
            100.0 + index,
            0.5 + index / 7,
            95.0 + index % 10,
            0.004 + index / 10_000,
            index / 100,
        )
        for index in range(50)
    ]
    for kind in ("linear", "inverse"):
        for function in (account.liquidation_prices, account.liquidation_move, account.summary):
            start = time.perf_counter()
            function(kind, 5000.0, rows, liquidation_fee=0.005)
            assert time.perf_counter() - start < 1.0, function.__name__


@pytest.mark.parametrize(
    ("arguments", "field", "code"),
    [
        ({"kind": "futures"}, "kind", "kind"),
        ({"kind": None}, "kind", "kind"),
        ({"wallet": -1}, "wallet", "negative"),
        ({"wallet": float("nan")}, "wallet", "not_finite"),
        ({"convention": "okx"}, "convention", "convention"),
        ({"liquidation_fee": 1.0}, "liquidation_fee", "fraction_range"),
        ({"liquidation_fee": -0.001}, "liquidation_fee", "fraction_range"),
    ],
)
def test_a_bad_account_argument_names_itself(arguments, field, code):
    good = {"kind": "linear", "wallet": 5000, "positions": [BTC, ETH]}
    for function in (account.liquidation_prices, account.liquidation_move, account.summary):
        with pytest.raises(InputError) as caught:
            function(**{**good, **arguments})
        assert (caught.value.field, caught.value.code) == (field, code)
