"""Unit tests of the exact contract engine: contractcalc.linear and contractcalc.inverse.

Every expected value was derived by hand from the formula named in its comment
(the formulas in contractcalc's Notes), evaluated exactly with fractions of the float inputs,
and is compared to 1e-12 relative. Published exchange examples live in
test_published_examples.py and the invariants in test_properties.py.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

import pytest
from contractcalc import InputError, inverse, linear

REL = 1e-12
MODULES = {"linear": linear, "inverse": inverse}
BOTH = pytest.mark.parametrize("kind", ["linear", "inverse"])
SIDES = pytest.mark.parametrize("side", ["long", "short"])


def close(value: float | None, expected: float) -> bool:
    return value is not None and value == pytest.approx(expected, rel=REL, abs=0.0)


def raises(field: str, code: str | None, function, *args, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        function(*args, **kwargs)
    assert info.value.field == field
    if code is not None:
        assert info.value.code == code
    return info.value


# ---------------------------------------------------------------- values, per function

VALUES = [
    # (kind, function, args, expected, derivation)
    ("linear", "initial_margin", (30000, 1, 20), 1500.0, "Q*E/L = 30000/20"),
    ("inverse", "initial_margin", (30000, 30000, 20), 0.05, "F/(L*E) = 1/20 BTC"),
    ("linear", "pnl", ("long", 30000, 31500, 1), 1500.0, "s*Q*(X-E)"),
    ("linear", "pnl", ("short", 30000, 31500, 1), -1500.0, "s*Q*(X-E)"),
    ("linear", "pnl", ("long", 100, 102, 500), 1000.0, "guide: 1000 at 50x, 2% -> 1000"),
    ("inverse", "pnl", ("long", 30000, 40000, 30000), 0.25, "F*(1/E-1/X) = 1-0.75"),
    ("inverse", "pnl", ("short", 30000, 40000, 30000), -0.25, "-F*(1/E-1/X)"),
    # Notes: exact coin long profit P*L*r/(1+r) = 50000*0.1/1.1 (the guide says 5500)
    ("inverse", "pnl", ("long", 1000, 1100, 5e7), 50000 * 0.1 / 1.1, "P*L*r/(1+r)"),
    # Notes: exact coin short profit P*L*f/(1-f) = 50000*0.1/0.9 (the guide says 4500)
    ("inverse", "pnl", ("short", 1000, 900, 5e7), 50000 * 0.1 / 0.9, "P*L*f/(1-f)"),
    ("linear", "roe", ("long", 30000, 31500, 20), 1.0, "s*L*(X/E-1) = 20*0.05"),
    ("linear", "roe", ("short", 30000, 31500, 20), -1.0, "s*L*(X/E-1)"),
    ("inverse", "roe", ("long", 30000, 40000, 20), 5.0, "s*L*(1-E/X) = 20*0.25"),
    ("inverse", "roe", ("short", 30000, 40000, 20), -5.0, "s*L*(1-E/X)"),
    ("linear", "target_price", ("long", 30000, 0.5, 20), 30750.0, "E*(1+roe/L)"),
    ("linear", "target_price", ("short", 30000, 0.5, 20), 29250.0, "E*(1-roe/L)"),
    ("inverse", "target_price", ("long", 30000, 1, 20), 30000 / 0.95, "E/(1-roe/L)"),
    ("inverse", "target_price", ("short", 30000, 1, 20), 30000 / 1.05, "E/(1+roe/L)"),
    ("linear", "bankruptcy_price", ("long", 30000, 1, 1500), 28500.0, "E - WB/Q = E(1-1/L)"),
    ("linear", "bankruptcy_price", ("short", 30000, 1, 1500), 31500.0, "E + WB/Q = E(1+1/L)"),
    ("inverse", "bankruptcy_price", ("long", 30000, 30000, 0.05), 600000 / 21, "E*L/(L+1)"),
    ("inverse", "bankruptcy_price", ("short", 30000, 30000, 0.05), 600000 / 19, "E*L/(L-1)"),
    # break-even, 0.05% on both legs: E(1+f)/(1-f) and E(1-f)/(1+f) for both kinds
    ("linear", "break_even_price", ("long", 30000, 0.0005, 0.0005), 30030.015007503753, "sym"),
    ("linear", "break_even_price", ("short", 30000, 0.0005, 0.0005), 29970.014992503748, "sym"),
    ("inverse", "break_even_price", ("long", 30000, 0.0005, 0.0005), 30030.015007503753, "sym"),
    ("inverse", "break_even_price", ("short", 30000, 0.0005, 0.0005), 29970.014992503748, "sym"),
    # maker 0.02% open, taker 0.05% close: the kinds differ in which fee is divided:
    # linear long E(1+fo)/(1-fc), short E(1-fo)/(1+fc);
    # inverse long E(1+fc)/(1-fo), short E(1-fc)/(1+fo)
    ("linear", "break_even_price", ("long", 30000, 0.0002, 0.0005), 30021.010505252627, "lin"),
    ("linear", "break_even_price", ("short", 30000, 0.0002, 0.0005), 29979.010494752623, "lin"),
    ("inverse", "break_even_price", ("long", 30000, 0.0002, 0.0005), 30021.00420084017, "inv"),
    ("inverse", "break_even_price", ("short", 30000, 0.0002, 0.0005), 29979.00419916017, "inv"),
    # maker rebates on both legs: break-even below entry for a long
    ("linear", "break_even_price", ("long", 30000, -0.0001, -0.0001), 29994.000599940005, "rebate"),
    ("linear", "funding_payment", ("long", 30000, 1, 0.0001, 3), 9.0, "s*Q*mark*rate*n"),
    ("linear", "funding_payment", ("short", 30000, 1, 0.0001, 3), -9.0, "shorts receive"),
    ("linear", "funding_payment", ("short", 30000, 1, -0.0001), 3.0, "negative rate: shorts pay"),
    ("linear", "funding_payment", ("long", 30000, 1, 0.0001, 0), 0.0, "no interval, nothing paid"),
    ("inverse", "funding_payment", ("long", 30000, 60000, 0.0001, 2), 0.0004, "s*F/mark*rate*n"),
    ("inverse", "funding_payment", ("short", 30000, 60000, 0.0001, 2), -0.0004, "shorts receive"),
    # max leverage for a 10% stop, 0.4% MMR: Notes 1/(d+m-dm), 1/(d+m+dm), (1-+d)/(d+m)
    ("linear", "max_leverage_for_stop", ("long", 30000, 27000, 0.004), 1 / 0.1036, "1/(d+m-dm)"),
    ("linear", "max_leverage_for_stop", ("short", 30000, 33000, 0.004), 1 / 0.1044, "1/(d+m+dm)"),
    ("inverse", "max_leverage_for_stop", ("long", 30000, 27000, 0.004), 0.9 / 0.104, "(1-d)/(d+m)"),
    (
        "inverse",
        "max_leverage_for_stop",
        ("short", 30000, 33000, 0.004),
        1.1 / 0.104,
        "(1+d)/(d+m)",
    ),
    # the guide: open 20000, stop 15000 -> 4x (m = 0); the inverse long is stricter
    ("linear", "max_leverage_for_stop", ("long", 20000, 15000, 0), 4.0, "guide 1/(1-stop/open)"),
    ("linear", "max_leverage_for_stop", ("short", 20000, 25000, 0), 4.0, "Notes mirror"),
    ("inverse", "max_leverage_for_stop", ("long", 20000, 15000, 0), 3.0, "(1-d)/d = 0.75/0.25"),
    ("inverse", "max_leverage_for_stop", ("short", 20000, 25000, 0), 5.0, "(1+d)/d = 1.25/0.25"),
    ("linear", "position_size_for_risk", ("long", 30000, 29000, 300), 0.3, "risk/(E-S)"),
    ("linear", "position_size_for_risk", ("short", 30000, 31000, 300), 0.3, "risk/(S-E)"),
    # 0.05% fees: 300/(1000 + 15 + 14.5)
    (
        "linear",
        "position_size_for_risk",
        ("long", 30000, 29000, 300, 5e-4, 5e-4),
        300 / 1029.5,
        "f",
    ),
    ("inverse", "position_size_for_risk", ("long", 30000, 29000, 0.01), 8700.0, "risk/(1/S-1/E)"),
    ("inverse", "position_size_for_risk", ("short", 30000, 31000, 0.01), 9300.0, "risk/(1/E-1/S)"),
    # 0.05% fees: 0.01/(1/29000 - 1/30000 + 0.0005/30000 + 0.0005/29000)
    (
        "inverse",
        "position_size_for_risk",
        ("long", 30000, 29000, 0.01, 5e-4, 5e-4),
        8450.704225352112,
        "f",
    ),
    # fees on both legs, side-free: 0.02% maker to open, 0.05% taker to close
    # linear f_o*Q*E + f_c*Q*X = 0.0002*30000 + 0.0005*31500 = 6 + 15.75
    ("linear", "trading_fees", (30000, 31500, 1, 0.0002, 0.0005), 21.75, "fo*Q*E + fc*Q*X"),
    # 2 BTC: 0.0005*2*30000 + 0.0005*2*29000 = 30 + 29
    ("linear", "trading_fees", (30000, 29000, 2, 0.0005, 0.0005), 59.0, "taker both legs"),
    # a maker rebate to open: -0.0001*30000 + 0.0005*31500 = -3 + 15.75
    ("linear", "trading_fees", (30000, 31500, 1, -0.0001, 0.0005), 12.75, "rebate to open"),
    # rebates on both legs: the fees are negative, -0.0001*(30000 + 31500)
    ("linear", "trading_fees", (30000, 31500, 1, -0.0001, -0.0001), -6.15, "rebates"),
    ("linear", "trading_fees", (30000, 31500, 1, 0, 0), 0.0, "no fees"),
    # inverse f_o*F/E + f_c*F/X = 0.0002*30000/30000 + 0.0005*30000/40000 = 0.0002 + 0.000375
    ("inverse", "trading_fees", (30000, 40000, 30000, 0.0002, 0.0005), 0.000575, "fo*F/E+fc*F/X"),
    # 0.0005*60000/30000 + 0.0005*60000/20000 = 0.001 + 0.0015
    ("inverse", "trading_fees", (30000, 20000, 60000, 0.0005, 0.0005), 0.0025, "taker both"),
    # rebates on both legs: -0.0001*(1 + 0.75)
    ("inverse", "trading_fees", (30000, 40000, 30000, -0.0001, -0.0001), -0.000175, "rebates"),
    # maintenance margin valued at the mark: linear Q*P*m - cum
    ("linear", "maintenance_margin", (30000, 1, 0.004), 120.0, "Q*P*m = 30000*0.004"),
    # Binance BTCUSDT level 3 (1%, cum 1300): 10*50000*0.01 - 1300 = 5000 - 1300
    ("linear", "maintenance_margin", (50000, 10, 0.01, 1300), 3700.0, "Q*P*m - cum"),
    ("linear", "maintenance_margin", (30000, 1, 0), 0.0, "no maintenance rate"),
    # an amount above Q*P*m gives the formula's negative value: 120 - 150
    ("linear", "maintenance_margin", (30000, 1, 0.004, 150), -30.0, "cum above Q*P*m"),
    # inverse F/P*m - cum = 30000/30000*0.004
    ("inverse", "maintenance_margin", (30000, 30000, 0.004), 0.004, "F/P*m = 1 BTC*0.004"),
    # 60000 USD at a mark of 20000 = 3 BTC, 0.5%, cum 0.005: 0.015 - 0.005
    ("inverse", "maintenance_margin", (20000, 60000, 0.005, 0.005), 0.01, "F/P*m - cum"),
    ("linear", "max_open_size", (1000, 30000, 20), 1 / 1.5, "B/(P/L) = 1000/1500"),
    ("linear", "max_open_size", (1000, 30000, 20, 0.0005), 1000 / 1515, "B/(P(1/L+f)) = 1000/1515"),
    ("linear", "max_open_size", (0, 30000, 20), 0.0, "no balance, no position"),
    ("inverse", "max_open_size", (0.1, 30000, 20), 60000.0, "B*P*L = 0.1*30000*20"),
    ("inverse", "max_open_size", (0.1, 30000, 20, 0.0005), 3000 / 0.0505, "B*P/(1/L+f)"),
]


@pytest.mark.parametrize(
    ("kind", "name", "args", "expected"),
    [case[:4] for case in VALUES],
    ids=[f"{c[0]}-{c[1]}-{c[4]}-{i}" for i, c in enumerate(VALUES)],
)
def test_value(kind, name, args, expected):
    """Each function gives the hand-derived value of its formula."""
    assert close(getattr(MODULES[kind], name)(*args), expected)


def test_exact_where_floats_cancel():
    """Results are the correctly rounded exact value even where float formulas cancel."""
    # X/E - 1 with X = 3.0000000000000004: exactly 2**-51/3 (float arithmetic gives 2**-52)
    assert linear.roe("long", 3.0, 3.0000000000000004, 1) == 2.0**-51 / 3 * 1.0
    assert linear.roe("long", 3.0, 3.0000000000000004, 1) != 3.0000000000000004 / 3 - 1
    # a 1e14 price moving by 0.125: exact PnL
    assert linear.pnl("long", 1e14, 1e14 + 0.125, 3) == 0.375


@BOTH
@SIDES
def test_target_price_inverts_roe(kind, side):
    """roe(target_price(roe)) gives the ROE back (Notes: target price inverts ROE)."""
    module = MODULES[kind]
    price = module.target_price(side, 30000, 0.75, 20)
    assert close(module.roe(side, 30000, price, 20), 0.75)


def test_target_price_unreachable():
    """No positive price: a linear loss of L*100%, an inverse long gain or short loss of L*100%."""
    raises("roe", "price_not_positive", linear.target_price, "long", 30000, -20, 20)
    raises("roe", "price_not_positive", linear.target_price, "short", 30000, 25, 20)
    error = raises("roe", "inverse_long_roe_ceiling", inverse.target_price, "long", 30000, 20, 20)
    assert "2000%" in str(error)  # the limit is leverage*100 percent
    raises("roe", "price_not_positive", inverse.target_price, "short", 30000, -20, 20)
    # just inside the limits a price exists
    assert inverse.target_price("long", 30000, 19.9, 20) == pytest.approx(30000 / 0.005, rel=REL)
    assert linear.target_price("short", 30000, 19.9, 20) == pytest.approx(150.0, rel=REL)


# ------------------------------------------------------------------ liquidation price

LIQUIDATION = [
    # Notes: 20x, 0.4% MMR, isolated (wallet = IM), Binance convention
    ("linear", "long", {}, 30000 * 0.95 / 0.996, "E(1-1/L)/(1-m): 4.62% below"),
    ("linear", "short", {}, 30000 * 1.05 / 1.004, "E(1+1/L)/(1+m): 4.58% above"),
    ("inverse", "long", {}, 30000 * 1.004 / 1.05, "E(1+m)/(1+1/L): 4.38% below"),
    ("inverse", "short", {}, 30000 * 0.996 / 0.95, "E(1-m)/(1-1/L): 4.84% above"),
    # Bybit isolated: linear E(1 - s/L + s*m); inverse long E*L/(L+1-mL), short E*L/(L-1+mL)
    ("linear", "long", {"convention": "bybit"}, 28620.0, "E(1-1/L+m)"),
    ("linear", "short", {"convention": "bybit"}, 31380.0, "E(1+1/L-m)"),
    ("inverse", "long", {"convention": "bybit"}, 600000 / 20.92, "E*L/(L+1-mL)"),
    ("inverse", "short", {"convention": "bybit"}, 600000 / 19.08, "E*L/(L-1+mL)"),
]


@pytest.mark.parametrize(
    ("kind", "side", "options", "expected"),
    [case[:4] for case in LIQUIDATION],
    ids=[f"{c[0]}-{c[1]}-{c[4]}" for c in LIQUIDATION],
)
def test_liquidation_isolated(kind, side, options, expected):
    """Isolated 20x at 0.4% MMR matches Notes for both conventions."""
    module = MODULES[kind]
    size = 1 if kind == "linear" else 30000
    wallet = module.initial_margin(30000, size, 20)
    assert close(module.liquidation_price(side, 30000, size, wallet, 0.004, **options), expected)


def test_liquidation_percentages_match_the_notes():
    """Notes: 4.62% / 4.58% / 4.38% / 4.84% from entry at 20x and 0.4% MMR."""
    moves = [
        1 - linear.liquidation_price("long", 30000, 1, 1500, 0.004) / 30000,
        linear.liquidation_price("short", 30000, 1, 1500, 0.004) / 30000 - 1,
        1 - inverse.liquidation_price("long", 30000, 30000, 0.05, 0.004) / 30000,
        inverse.liquidation_price("short", 30000, 30000, 0.05, 0.004) / 30000 - 1,
    ]
    assert [round(move * 100, 2) for move in moves] == [4.62, 4.58, 4.38, 4.84]


def test_liquidation_cross_margin():
    """Cross margin: other positions' maintenance and unrealised PnL enter the margin."""
    # linear: (WB - TMM + UPNL + cum - Q*E)/(Q*m - Q) = (5000-500-1000+50-30000)/(0.005-1)
    value = linear.liquidation_price("long", 30000, 1, 5000, 0.005, 50, 500, -1000)
    assert close(value, 26582.914572864323)
    # inverse: F(m+1)/(WB - TMM + UPNL + cum + F/E) = 30000*1.005/(0.2-0.01-0.02+0.001+1)
    value = inverse.liquidation_price("long", 30000, 30000, 0.2, 0.005, 0.001, 0.01, -0.02)
    assert close(value, 25747.22459436379)


@SIDES
def test_bybit_general_form_matches_isolated_formula(side):
    """The Bybit margin equation with maintenance at entry reduces to E(1 - s/L + s*m)."""
    s = 1 if side == "long" else -1
    for leverage in (2, 10, 50):
        wallet = linear.initial_margin(25000, 2, leverage)
        value = linear.liquidation_price(side, 25000, 2, wallet, 0.01, convention="bybit")
        assert close(value, 25000 * (1 - s / leverage + s * 0.01))


def test_liquidation_none_when_no_positive_price():
    """None where no positive price liquidates."""
    # 1x linear long, cum 0: LP = (QE - QE)/(...) = 0
    assert linear.liquidation_price("long", 30000, 1, 30000, 0.004) is None
    # over-margined linear long: numerator positive, denominator negative
    assert linear.liquidation_price("long", 30000, 1, 40000, 0.004) is None
    # 1x inverse short: WB + sF/E = 1 - 1 = 0
    assert inverse.liquidation_price("short", 30000, 30000, 1, 0.004) is None
    assert inverse.liquidation_price("short", 30000, 30000, 2, 0.004) is None
    # the Bybit convention does liquidate a 1x inverse short, at E/m
    bybit = inverse.liquidation_price("short", 30000, 30000, 1, 0.004, convention="bybit")
    assert close(bybit, 30000 / 0.004)


def test_liquidation_already_below_maintenance():
    """A position below maintenance at entry gets a price on its profitable side."""
    # wallet 0: linear long LP = E/(1-m), above entry
    value = linear.liquidation_price("long", 30000, 1, 0, 0.004)
    assert close(value, 30000 / 0.996)
    assert value > 30000
    assert inverse.liquidation_price("short", 30000, 30000, 0, 0.004) < 30000


def test_liquidation_out_of_float_range():
    """Results no float can hold to 1e-12 relative raise InputError rather than overflow."""
    # inverse long: margin = 0 - 1 + 5e-324 + 1 = 5e-324 -> LP about 2e323
    function = inverse.liquidation_price
    raises("wallet", "result_out_of_range", function, "long", 1, 1, 0, 0.0, 0, 1, 5e-324)
    # linear long: numerator -5e-324 -> LP about 5e-324 (subnormal)
    function = linear.liquidation_price
    raises("wallet", "result_out_of_range", function, "long", 1, 1, 1, 0.0, 0, 0, -5e-324)


# -------------------------------------------------------------------------- tiers

LINEAR_CUMS = [0, 50, 1300, 16300, 266300, 1266300, 2516300, 5016300, 25016300, 100016300]
# cum_n = floor_n*(m_n - m_(n-1)) + cum_(n-1) by hand; Binance COIN-M FAQ: 11.605 BTC at 300 BTC
INVERSE_CUMS = [0, 0.005, 0.055, 0.355, 1.605, 6.605, 11.605, 21.605, 121.605]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("linear", LINEAR_CUMS), ("inverse", INVERSE_CUMS)],
)
def test_maintenance_amounts_of_examples(kind, expected):
    """cum_n = floor_n*(m_n - m_(n-1)) + cum_(n-1); linear matches Binance's published cums."""
    amounts = MODULES[kind].maintenance_amounts(MODULES[kind].EXAMPLE_BRACKETS)
    assert amounts == pytest.approx(expected, rel=REL, abs=1e-12)


@BOTH
def test_maintenance_amounts_exact(kind):
    """Dyadic rates give exact amounts: 4*(0.5-0.25) = 1, 1 + 8*(0.75-0.5) = 3."""
    table = [(0, 0.25), (4, 0.5), (8, 0.75)]
    assert MODULES[kind].maintenance_amounts(table) == [0.0, 1.0, 3.0]


@BOTH
def test_example_tables_are_dated(kind):
    """Each example table is valid and names exchange, symbol, page and date."""
    module = MODULES[kind]
    assert module.EXAMPLE_BRACKETS[0][0] == 0
    tiers = {"linear": 10, "inverse": 9}[kind]
    assert len(module.maintenance_amounts(module.EXAMPLE_BRACKETS)) == tiers
    source = module.EXAMPLE_BRACKETS_SOURCE
    assert "Binance" in source
    assert re.search(r"\b20\d\d-\d\d", source)
    assert "https://www.binance.com" in source


TIERED = [
    # linear long, 8.5 BTC at 30000 (255,000 USDT, 1% bracket), 20x: with 1% the candidate's
    # notional is 243,383 < 250,000; with 0.5%/cum 50: (12750+50-255000)/(8.5*(0.005-1))
    ("linear", "long", 8.5, 12750, 28637.304167898314, (0.005, 50)),
    # linear short, 8 BTC (240,000 USDT, 0.5% bracket), 20x: the notional at liquidation
    # passes 250,000, so 1%/cum 1300: (12000+1300+240000)/(8*1.01)
    ("linear", "short", 8, 12000, 253300 / 8.08, (0.01, 1300)),
    # inverse long, 291,000 USD (9.7 BTC, 0.5% bracket) at 30000, 20x: with 0.5%/cum 0.005
    # the candidate's notional is 10.19/1.005 = 10.14 >= 10; with 1%/cum 0.055 it is
    # 10.24/1.01 = 10.14 BTC, inside [10, 20): 291000*1.01/(0.485 + 0.055 + 9.7) = 293910/10.24
    ("inverse", "long", 291000, 0.485, 293910 / 10.24, (0.01, 0.055)),
    # inverse short, 306,000 USD (10.2 BTC, 1% bracket), 20x: with 1%/cum 0.055 the notional
    # is 9.635/0.99 = 9.73 < 10; with 0.5%/cum 0.005 it is 9.685/0.995 = 9.73 BTC, inside
    # [5, 10): 306000*(0.005-1)/(0.51 + 0.005 - 10.2) = 304470/9.685
    ("inverse", "short", 306000, 0.51, 304470 / 9.685, (0.005, 0.005)),
]


@pytest.mark.parametrize(
    ("kind", "side", "size", "wallet", "expected", "bracket"),
    TIERED,
    ids=[f"{c[0]}-{c[1]}" for c in TIERED],
)
def test_tiered_crosses_into_another_bracket(kind, side, size, wallet, expected, bracket):
    """The bracket is the one at the liquidation price, not at entry."""
    module = MODULES[kind]
    value = module.liquidation_price_tiered(side, 30000, size, wallet, module.EXAMPLE_BRACKETS)
    assert close(value, expected)
    mmr, cum = bracket
    single = module.liquidation_price(side, 30000, size, wallet, mmr, cum)
    assert close(value, single)


@BOTH
@SIDES
def test_tiered_single_bracket_equals_plain(kind, side):
    """A one-bracket table is the plain liquidation price with that rate and cum 0."""
    module = MODULES[kind]
    size = 1 if kind == "linear" else 30000
    wallet = module.initial_margin(30000, size, 20)
    tiered = module.liquidation_price_tiered(side, 30000, size, wallet, [(0, 0.004)])
    assert close(tiered, module.liquidation_price(side, 30000, size, wallet, 0.004))


def test_tiered_cross_margin_arguments():
    """other_maint and other_upnl enter the tiered price as they do the plain one."""
    tiered = linear.liquidation_price_tiered("long", 30000, 1, 5000, [(0, 0.005)], 500, -1000)
    assert close(tiered, linear.liquidation_price("long", 30000, 1, 5000, 0.005, 0, 500, -1000))


def test_tiered_none():
    """None where no positive price liquidates, under any bracket."""
    assert linear.liquidation_price_tiered("long", 30000, 1, 30000, linear.EXAMPLE_BRACKETS) is None
    table = inverse.EXAMPLE_BRACKETS
    assert inverse.liquidation_price_tiered("short", 30000, 30000, 1, table) is None


@pytest.mark.parametrize(
    "table",
    [
        [],
        (),
        None,
        "0,0.01",
        [(1, 0.01)],  # first floor not 0
        [(0, 0.01), (0, 0.02)],  # floors not increasing
        [(0, 0.01), (100, 0.02), (50, 0.03)],
        [(0, 1.0)],  # rate out of [0, 1)
        [(0, -0.01)],
        [(0, 0.01, 5)],  # not a pair
        [(0,)],
        [0.01],
        [(0, "x")],
        [(float("nan"), 0.01)],
        [(0, 0.01), (-5, 0.02)],
        [(0, 0.01), (1e16, 0.02)],
        {0: 0.01},
    ],
)
@BOTH
def test_bad_brackets(kind, table):
    """A malformed table raises InputError(field="brackets", code="brackets") with a detail."""
    module = MODULES[kind]
    error = raises("brackets", "brackets", module.maintenance_amounts, table)
    assert error.params["detail"]
    raises("brackets", "brackets", module.liquidation_price_tiered, "long", 30000, 1, 100, table)


# ----------------------------------------------------------- bankruptcy, fills, stops


def test_bankruptcy_none():
    """None where equity never reaches zero at a positive price."""
    assert linear.bankruptcy_price("long", 30000, 1, 30000) is None  # E - WB/Q = 0
    assert inverse.bankruptcy_price("short", 30000, 30000, 1) is None  # 1x short: 1/E - WB/F = 0
    assert close(linear.bankruptcy_price("short", 30000, 1, 30000), 60000.0)
    assert close(inverse.bankruptcy_price("long", 30000, 30000, 1), 15000.0)  # 1/(2/E)


@pytest.mark.parametrize(
    ("kind", "fills", "expected"),
    [
        ("linear", [(30000, 1), (20000, 1)], 25000.0),  # sum(q*p)/sum(q)
        ("linear", [(30000, 3), (20000, 1)], 27500.0),  # (90000+20000)/4
        ("linear", [(30000, 1)], 30000.0),
        ("inverse", [(30000, 30000), (20000, 30000)], 24000.0),  # 60000/(1+1.5), harmonic
        ("inverse", [(30000, 60000), (20000, 20000)], 80000 / 3),  # 80000/(2+1)
        ("inverse", ((p, 100) for p in (10, 40)), 16.0),  # a generator: 200/(10+2.5)
    ],
)
def test_average_entry(kind, fills, expected):
    """Linear entries average by quantity, inverse ones harmonically by face value."""
    assert close(MODULES[kind].average_entry(fills), expected)


@pytest.mark.parametrize(
    ("fills", "code"),
    [
        ([], "no_fills"),
        ((), "no_fills"),
        (None, "fill"),
        ("ab", "fill"),
        (42, "fill"),
        ([(1,)], "fill"),
        ([(1, 2, 3)], "fill"),
        ([(0, 1)], "fill"),
        ([(1, -1)], "fill"),
        ([(1, float("nan"))], "fill"),
        ([("1", 1)], "fill"),
        ([(1, 1), None], "fill"),
        ([1, 2], "fill"),
    ],
)
@BOTH
def test_bad_fills(kind, fills, code):
    """Empty or malformed fills raise InputError(field="fills")."""
    raises("fills", code, MODULES[kind].average_entry, fills)


@BOTH
@SIDES
def test_max_leverage_puts_liquidation_on_the_stop(kind, side):
    """At the returned leverage the isolated Binance liquidation price is the stop itself."""
    module = MODULES[kind]
    stop = 27000 if side == "long" else 33000
    size = 1 if kind == "linear" else 30000
    leverage = module.max_leverage_for_stop(side, 30000, stop, 0.004)
    wallet = module.initial_margin(30000, size, leverage)
    value = module.liquidation_price(side, 30000, size, wallet, 0.004)
    assert value == pytest.approx(stop, rel=1e-9)


@BOTH
@SIDES
def test_risk_size_loses_risk_at_stop(kind, side):
    """PnL at the stop minus both fees is exactly -risk."""
    module = MODULES[kind]
    stop = 29000 if side == "long" else 31000
    risk = 300 if kind == "linear" else 0.01
    size = module.position_size_for_risk(side, 30000, stop, risk, 0.0004, 0.0006)
    if kind == "linear":
        fees = size * (30000 * 0.0004 + stop * 0.0006)
    else:
        fees = size * (0.0004 / 30000 + 0.0006 / stop)
    assert module.pnl(side, 30000, stop, size) - fees == pytest.approx(-risk, rel=1e-9)


@BOTH
@pytest.mark.parametrize("name", ["max_leverage_for_stop", "position_size_for_risk"])
def test_stop_side_errors(kind, name):
    """A stop on the profitable side or at entry raises InputError(field="stop")."""
    function = getattr(MODULES[kind], name)
    last = 0.004 if name == "max_leverage_for_stop" else 100
    raises("stop", "stop_wrong_side_long", function, "long", 30000, 31000, last)
    raises("stop", "stop_wrong_side_short", function, "short", 30000, 29000, last)
    raises("stop", "stop_equals_open", function, "long", 30000, 30000, last)
    raises("stop", "stop_equals_open", function, "short", 30000, 30000, last)


@BOTH
def test_rebates_that_outweigh_the_stop(kind):
    """If rebates exceed the loss at the stop there is no size: InputError(field="stop")."""
    risk = 100 if kind == "linear" else 0.01
    function = MODULES[kind].position_size_for_risk
    raises("stop", "no_loss_at_stop", function, "long", 30000, 29999, risk, -0.5, -0.5)


@BOTH
def test_max_open_size_rebate_at_margin_rate(kind):
    """A rebate reaching 1/leverage would allow an infinite size: InputError(field="open_fee")."""
    error = raises("open_fee", "below", MODULES[kind].max_open_size, 1000, 30000, 20, -0.05)
    assert error.params["limit"] == -0.05


@BOTH
@SIDES
def test_pnl_at_break_even_pays_the_trading_fees(kind, side):
    """At break_even_price the PnL equals trading_fees: the break-even exit pays both legs."""
    module = MODULES[kind]
    size = 2 if kind == "linear" else 60000
    exit_ = module.break_even_price(side, 30000, 0.0002, 0.0005)
    fees = module.trading_fees(30000, exit_, size, 0.0002, 0.0005)
    assert module.pnl(side, 30000, exit_, size) == pytest.approx(fees, rel=1e-12)


# fees = fo*N(E) + fc*N(X), N the notional: Q*P (linear, USDT), F/P (inverse, BTC); 1 BTC or
# 30000 USD of face value, 0.02% to open and 0.05% to close, by hand:
TRADING_FEES = {
    # opened at 30000, closed at 31500: 0.0002*30000 + 0.0005*31500 = 6 + 15.75
    ("linear", 30000, 31500): 21.75,
    # opened at 31500, closed at 30000: 0.0002*31500 + 0.0005*30000 = 6.3 + 15
    ("linear", 31500, 30000): 21.3,
    # 0.0002*30000/30000 + 0.0005*30000/31500 = 0.0002 + 0.01/21 = 0.0142/21 BTC
    ("inverse", 30000, 31500): 0.0142 / 21,
    # 0.0002*30000/31500 + 0.0005*30000/30000 = 0.004/21 + 0.0005 = 0.0145/21 BTC
    ("inverse", 31500, 30000): 0.0145 / 21,
}


@BOTH
def test_trading_fees_ignore_direction(kind):
    """The fees depend on the two prices, not on which was the entry's side: no side
    argument, the opening rate on the entry's notional and the closing rate on the exit's
    (different rates, so swapped rates or swapped prices give another figure, by hand)."""
    module = MODULES[kind]
    size = 1 if kind == "linear" else 30000
    for entry, exit_ in ((30000, 31500), (31500, 30000)):
        fees = module.trading_fees(entry, exit_, size, 0.0002, 0.0005)
        assert close(fees, TRADING_FEES[kind, entry, exit_]), (entry, exit_, fees)
    # swapping both the prices and the rates describes the same two trades
    there = module.trading_fees(30000, 31500, size, 0.0002, 0.0005)
    back = module.trading_fees(31500, 30000, size, 0.0005, 0.0002)
    assert close(back, there)


@BOTH
@SIDES
@pytest.mark.parametrize("convention", ["binance", "bybit"])
def test_equity_at_liquidation_is_the_maintenance_margin(kind, side, convention):
    """At liquidation_price the equity (wallet + PnL) equals maintenance_margin, valued at the
    liquidation price (Binance) or at the entry price (Bybit)."""
    module = MODULES[kind]
    size, cum = (1, 30.0) if kind == "linear" else (30000, 0.001)
    wallet = module.initial_margin(30000, size, 20)
    liquidation = module.liquidation_price(
        side, 30000, size, wallet, 0.004, cum, convention=convention
    )
    equity = wallet + module.pnl(side, 30000, liquidation, size)
    valued_at = liquidation if convention == "binance" else 30000
    maintenance = module.maintenance_margin(valued_at, size, 0.004, cum)
    assert equity == pytest.approx(maintenance, rel=1e-9)


def test_maintenance_margin_out_of_float_range():
    """A product no float can carry to 1e-12 relative raises InputError, not a subnormal."""
    raises("mmr", "result_out_of_range", linear.maintenance_margin, 1e-12, 1e-12, 1e-300)
    raises("mmr", "result_out_of_range", inverse.maintenance_margin, 1e15, 1e-12, 1e-300)


# ------------------------------------------------------------------ argument errors

GOOD = {
    "initial_margin": (30000, 1, 20),
    "pnl": ("long", 30000, 31000, 1),
    "roe": ("long", 30000, 31000, 20),
    "target_price": ("long", 30000, 0.5, 20),
    "liquidation_price": ("long", 30000, 1, 1500, 0.004, 0.0, 0.0, 0.0, "binance", 0.0),
    "liquidation_price_tiered": (
        "long",
        30000,
        1,
        1500,
        ((0, 0.004),),
        0.0,
        0.0,
        0.0,
        "notional",
    ),
    "liquidation_fee_amount": (28000, 1, 0.001),
    "bracket_at": (((0, 0.004), (100, 0.006)), 30000, 1, "notional"),
    "maintenance_amounts": (((0, 0.004), (100, 0.006)), "notional"),
    "bankruptcy_price": ("long", 30000, 1, 1500),
    "break_even_price": ("long", 30000, 0.0005, 0.0005),
    "funding_payment": ("long", 30000, 1, 0.0001, 1),
    "max_leverage_for_stop": ("long", 30000, 27000, 0.004),
    "position_size_for_risk": ("long", 30000, 29000, 300, 0.0, 0.0),
    "max_open_size": (1000, 30000, 20, 0.0, 0.0, "long"),
    "trading_fees": (30000, 31500, 1, 0.0002, 0.0005),
    "maintenance_margin": (30000, 1, 0.004, 0.0),
    "size_to_reach_average": (30000, 1, 20000, 25000),
    "margin_for_liquidation_price": ("long", 30000, 1, 0.004, 28500, 0.0, "binance", 0.0),
}

BAD_ARGUMENTS = [
    # (function, position, bad value, field, code)
    ("initial_margin", 0, 0, "entry", "not_positive"),
    ("initial_margin", 0, "30000", "entry", "not_a_number"),
    ("initial_margin", 1, float("nan"), "size", "not_finite"),
    ("initial_margin", 1, None, "size", "not_a_number"),
    ("initial_margin", 2, True, "leverage", "not_a_number"),
    ("initial_margin", 2, 1e16, "leverage", "too_large"),
    ("initial_margin", 2, 1e-13, "leverage", "too_small"),
    ("pnl", 0, "buy", "side", "side"),
    ("pnl", 0, None, "side", "side"),
    ("pnl", 1, -1, "entry", "not_positive"),
    ("pnl", 2, float("inf"), "exit", "not_finite"),
    ("pnl", 3, 0, "size", "not_positive"),
    ("roe", 0, "LONG", "side", "side"),
    ("roe", 2, 0, "exit", "not_positive"),
    ("roe", 3, -20, "leverage", "not_positive"),
    ("target_price", 2, float("nan"), "roe", "not_finite"),
    ("target_price", 2, "0.5", "roe", "not_a_number"),
    ("target_price", 3, 0, "leverage", "not_positive"),
    ("liquidation_price", 3, -1, "wallet", "negative"),
    ("liquidation_price", 4, 1.0, "mmr", "fraction_range"),
    ("liquidation_price", 4, -0.001, "mmr", "fraction_range"),
    ("liquidation_price", 5, -1, "maint_amount", "negative"),
    ("liquidation_price", 6, -1, "other_maint", "negative"),
    ("liquidation_price", 7, float("nan"), "other_upnl", "not_finite"),
    ("liquidation_price", 8, "okx", "convention", "convention"),
    ("liquidation_price", 8, None, "convention", "convention"),
    ("liquidation_price", 8, ["binance"], "convention", "convention"),
    ("liquidation_price_tiered", 3, -1, "wallet", "negative"),
    ("liquidation_price_tiered", 5, -1, "other_maint", "negative"),
    ("liquidation_price_tiered", 6, "x", "other_upnl", "not_a_number"),
    ("liquidation_price", 9, 1.0, "liquidation_fee", "fraction_range"),
    ("liquidation_price", 9, -0.001, "liquidation_fee", "fraction_range"),
    ("liquidation_price", 9, None, "liquidation_fee", "not_a_number"),
    ("liquidation_price", 9, 0.998, "liquidation_fee", "mmr_plus_fee"),  # 0.004 + 0.998 > 1
    ("liquidation_price_tiered", 7, 1.0, "liquidation_fee", "fraction_range"),
    ("liquidation_price_tiered", 7, "0.001", "liquidation_fee", "not_a_number"),
    ("liquidation_price_tiered", 7, 0.998, "liquidation_fee", "mmr_plus_fee"),
    ("liquidation_price_tiered", 8, "okx", "basis", "basis"),
    ("liquidation_price_tiered", 8, None, "basis", "basis"),
    ("liquidation_price_tiered", 8, "Size", "basis", "basis"),
    ("liquidation_fee_amount", 0, 0, "price", "not_positive"),
    ("liquidation_fee_amount", 1, -1, "size", "not_positive"),
    ("liquidation_fee_amount", 2, 1.0, "liquidation_fee", "fraction_range"),
    ("liquidation_fee_amount", 2, float("nan"), "liquidation_fee", "not_finite"),
    ("bracket_at", 3, "price", "basis", "basis"),
    ("bracket_at", 1, 0, "price", "not_positive"),
    ("maintenance_amounts", 1, ["size"], "basis", "basis"),
    ("bankruptcy_price", 3, -0.5, "wallet", "negative"),
    ("bankruptcy_price", 2, 0, "size", "not_positive"),
    ("break_even_price", 2, 1, "open_fee", "open_interval"),
    ("break_even_price", 2, -1, "open_fee", "open_interval"),
    ("break_even_price", 3, 1.5, "close_fee", "open_interval"),
    ("funding_payment", 1, 0, "mark", "not_positive"),
    ("funding_payment", 3, float("nan"), "rate", "not_finite"),
    ("funding_payment", 4, 1.5, "intervals", "not_integer"),
    ("funding_payment", 4, -1, "intervals", "negative"),
    ("funding_payment", 4, "3", "intervals", "not_a_number"),
    ("max_leverage_for_stop", 2, 0, "stop", "not_positive"),
    ("max_leverage_for_stop", 3, 1, "mmr", "fraction_range"),
    ("position_size_for_risk", 3, 0, "risk", "not_positive"),
    ("position_size_for_risk", 4, 1, "open_fee", "open_interval"),
    ("position_size_for_risk", 5, -2, "close_fee", "open_interval"),
    ("max_open_size", 0, -1, "balance", "negative"),
    ("max_open_size", 1, 0, "price", "not_positive"),
    ("max_open_size", 2, 0, "leverage", "not_positive"),
    ("max_open_size", 3, 1, "open_fee", "open_interval"),
    ("max_open_size", 4, 1, "close_fee", "open_interval"),
    ("max_open_size", 4, None, "close_fee", "not_a_number"),
    ("max_open_size", 5, "buy", "side", "side"),
    ("trading_fees", 0, 0, "entry", "not_positive"),
    ("trading_fees", 1, float("nan"), "exit", "not_finite"),
    ("trading_fees", 1, "31500", "exit", "not_a_number"),
    ("trading_fees", 2, 0, "size", "not_positive"),
    ("trading_fees", 3, 1, "open_fee", "open_interval"),
    ("trading_fees", 3, None, "open_fee", "not_a_number"),
    ("trading_fees", 4, -1, "close_fee", "open_interval"),
    ("maintenance_margin", 0, 0, "price", "not_positive"),
    ("maintenance_margin", 0, float("inf"), "price", "not_finite"),
    ("maintenance_margin", 1, -1, "size", "not_positive"),
    ("maintenance_margin", 2, 1.0, "mmr", "fraction_range"),
    ("maintenance_margin", 2, None, "mmr", "not_a_number"),
    ("maintenance_margin", 3, -1, "maint_amount", "negative"),
    ("maintenance_margin", 3, True, "maint_amount", "not_a_number"),
    ("size_to_reach_average", 0, 0, "entry", "not_positive"),
    ("size_to_reach_average", 1, -1, "size", "not_positive"),
    ("size_to_reach_average", 2, None, "price", "not_a_number"),
    ("size_to_reach_average", 3, float("nan"), "target", "not_finite"),
    ("size_to_reach_average", 3, 19000, "target", "average_out_of_reach"),
    ("margin_for_liquidation_price", 0, "buy", "side", "side"),
    ("margin_for_liquidation_price", 3, 1.0, "mmr", "fraction_range"),
    ("margin_for_liquidation_price", 4, 0, "target", "not_positive"),
    ("margin_for_liquidation_price", 4, 30000, "target", "liquidation_wrong_side_long"),
    ("margin_for_liquidation_price", 5, -1, "maint_amount", "negative"),
    ("margin_for_liquidation_price", 6, "okx", "convention", "convention"),
    ("margin_for_liquidation_price", 7, 1.0, "liquidation_fee", "fraction_range"),
    ("margin_for_liquidation_price", 7, -0.01, "liquidation_fee", "fraction_range"),
]


@pytest.mark.parametrize(
    ("name", "position", "bad", "field", "code"),
    BAD_ARGUMENTS,
    ids=[f"{c[0]}-{c[3]}-{c[4]}-{i}" for i, c in enumerate(BAD_ARGUMENTS)],
)
@BOTH
def test_bad_argument_names_its_field(kind, name, position, bad, field, code):
    """Each bad argument raises InputError naming that argument, with the right code."""
    args = list(GOOD[name])
    args[position] = bad
    raises(field, code, getattr(MODULES[kind], name), *args)


@BOTH
@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_arguments_give_finite_results(kind, name):
    """The baseline arguments of the error table are themselves valid."""
    result = getattr(MODULES[kind], name)(*GOOD[name])
    values = result if isinstance(result, list) else [result]
    assert all(value is None or math.isfinite(value) for value in values)


@BOTH
def test_public_names(kind):
    """Both modules export the same fixed API."""
    module = MODULES[kind]
    assert sorted(module.__all__) == sorted(linear.__all__)
    for name in module.__all__:
        assert hasattr(module, name)


@pytest.mark.parametrize(
    ("kind", "price", "size", "expected"),
    [
        ("linear", 25_000, 2, 1),  # 50,000 USDT: exactly the 50,000 floor of bracket 1
        ("linear", 24_999.99, 2, 0),  # 49,999.98 USDT: still bracket 0
        ("linear", 30_000, 100_000, 9),  # 3e9 USDT: above the last floor (300,000,000)
        ("inverse", 20_000, 100_000, 1),  # 5 BTC: exactly the 5 BTC floor of bracket 1
        ("inverse", 20_000.01, 100_000, 0),  # just under 5 BTC: bracket 0
        ("inverse", 100, 1_000_000, 8),  # 10,000 BTC: above the last floor (1,000 BTC)
    ],
)
def test_bracket_at_uses_the_notional_at_that_price(kind, price, size, expected):
    """Floors are inclusive: a notional on a floor is in that floor's bracket (exact, no fudge)."""
    module = MODULES[kind]
    assert module.bracket_at(module.EXAMPLE_BRACKETS, price, size) == expected


@pytest.mark.parametrize("kind", ["linear", "inverse"])
def test_tiered_liquidation_lies_in_the_bracket_bracket_at_reports(kind):
    """The tiered price and the bracket lookup agree: the bracket is evaluated at that price."""
    module = MODULES[kind]
    entry, size, wallet = (30_000, 8.5, 12_750) if kind == "linear" else (30_000, 291_000, 0.485)
    price = module.liquidation_price_tiered("long", entry, size, wallet, module.EXAMPLE_BRACKETS)
    index = module.bracket_at(module.EXAMPLE_BRACKETS, price, size)
    rate = module.EXAMPLE_BRACKETS[index][1]
    cum = module.maintenance_amounts(module.EXAMPLE_BRACKETS)[index]
    single = module.liquidation_price("long", entry, size, wallet, rate, cum)
    assert price == pytest.approx(single, rel=1e-12)


@pytest.mark.parametrize("kind", ["linear", "inverse"])
@pytest.mark.parametrize(
    ("args", "field"),
    [(((), 30_000, 1), "brackets"), ((None, 0, 1), "price"), ((None, 30_000, -1), "size")],
)
def test_bracket_at_bad_input(kind, args, field):
    module = MODULES[kind]
    brackets, price, size = args
    brackets = module.EXAMPLE_BRACKETS if brackets is None else brackets
    with pytest.raises(InputError) as caught:
        module.bracket_at(brackets, price, size)
    assert caught.value.field == field


# --------------------------------------------------------------- liquidation fee

# 1 BTC (linear) or 30,000 USD (inverse) at 30,000, isolated 20x (wallet 1500 USDT or
# 0.05 BTC), MMR 0.4%, liquidation fee 0.1%. A = WB + cum = the wallet here.
LIQUIDATION_FEE = [
    # linear Binance: (A - sQE)/(Q(m + f) - sQ)
    ("linear", "long", "binance", 28500 / 0.995),  # (1500 - 30000)/(0.005 - 1)
    ("linear", "short", "binance", 31500 / 1.005),  # (1500 + 30000)/(0.005 + 1)
    # linear Bybit (maintenance at entry, fee at P): (QEm + sQE - A)/(Q(s - f))
    ("linear", "long", "bybit", 28620 / 0.999),  # (120 + 30000 - 1500)/(1 - 0.001)
    ("linear", "short", "bybit", 31380 / 1.001),  # (120 - 30000 - 1500)/(-1 - 0.001)
    # inverse Binance: F(m + f + s)/(A + sF/E), F/E = 1 BTC
    ("inverse", "long", "binance", 30150 / 1.05),  # 30000*1.005/(0.05 + 1)
    ("inverse", "short", "binance", 29850 / 0.95),  # 30000*(0.005 - 1)/(0.05 - 1)
    # inverse Bybit: F(s + f)/(A + sF/E - Fm/E), Fm/E = 0.004 BTC
    ("inverse", "long", "bybit", 30030 / 1.046),  # 30000*1.001/(0.05 + 1 - 0.004)
    ("inverse", "short", "bybit", 29970 / 0.954),  # 30000*(0.001 - 1)/(0.05 - 1 - 0.004)
]


@pytest.mark.parametrize(("kind", "side", "convention", "expected"), LIQUIDATION_FEE)
def test_liquidation_fee_values(kind, side, convention, expected):
    """A 0.1% liquidation fee moves the isolated 20x price toward entry, by hand."""
    module = MODULES[kind]
    size, wallet = (1, 1500) if kind == "linear" else (30000, 0.05)
    value = module.liquidation_price(
        side, 30000, size, wallet, 0.004, convention=convention, liquidation_fee=0.001
    )
    assert close(value, expected)
    without = module.liquidation_price(side, 30000, size, wallet, 0.004, convention=convention)
    assert abs(value - 30000) < abs(without - 30000)


@BOTH
@SIDES
@pytest.mark.parametrize("convention", ["binance", "bybit"])
def test_equity_at_liquidation_is_maintenance_plus_fee(kind, side, convention):
    """A consistency check, engine against engine (prices with a fee are checked by hand
    in test_liquidation_fee_values): at liquidation_price with a fee, equity =
    maintenance_margin (at P or at entry) + liquidation_fee_amount at P, the two outputs
    the page shows side by side."""
    module = MODULES[kind]
    size, cum = (1, 30.0) if kind == "linear" else (30000, 0.001)
    wallet = module.initial_margin(30000, size, 20)
    price = module.liquidation_price(
        side, 30000, size, wallet, 0.004, cum, convention=convention, liquidation_fee=0.006
    )
    equity = wallet + module.pnl(side, 30000, price, size)
    valued_at = price if convention == "binance" else 30000
    maintenance = module.maintenance_margin(valued_at, size, 0.004, cum)
    fee = module.liquidation_fee_amount(price, size, 0.006)
    assert equity == pytest.approx(maintenance + fee, rel=1e-9)


# m + f = 0.0056, entry 30000. Linear, Q = 2 BTC, WB = 4000: P = (WB - sQE)/(Q(m + f) - sQ);
# inverse, F = 60000 USD (2 BTC at entry), WB = 0.1 BTC: P = F(m + f + s)/(WB + sF/E).
M_PLUS_F = {
    ("linear", "long"): 56000 / 1.9888,  # (4000 - 60000)/(0.0112 - 2)
    ("linear", "short"): 64000 / 2.0112,  # (4000 + 60000)/(0.0112 + 2)
    ("inverse", "long"): 60336 / 2.1,  # 60000*1.0056/(0.1 + 2)
    ("inverse", "short"): 59664 / 1.9,  # 60000*(0.0056 - 1)/(0.1 - 2)
}


@BOTH
@SIDES
def test_binance_fee_is_the_rate_m_plus_f(kind, side):
    """Binance: liquidation_fee=f gives the very float that mmr=m+f gives (exact m + f): a
    consistency check, engine against engine, with the price itself also pinned by hand."""
    module = MODULES[kind]
    size, wallet = (2, 4000) if kind == "linear" else (60000, 0.1)
    with_fee = module.liquidation_price(side, 30000, size, wallet, 0.005, liquidation_fee=0.0006)
    as_rate = module.liquidation_price(
        side, 30000, size, wallet, Fraction(0.005) + Fraction(0.0006)
    )
    assert with_fee == as_rate
    assert close(with_fee, M_PLUS_F[kind, side])


def test_liquidation_fee_amounts():
    """fee = Q*P*f (linear, USDT) or F/P*f (inverse, coin)."""
    assert linear.liquidation_fee_amount(28000, 1, 0.001) == 28.0  # 28000*0.001
    assert linear.liquidation_fee_amount(30000, 2, 0) == 0.0
    # 30000 USD at 28000 = 15/14 BTC, times 0.001
    assert close(inverse.liquidation_fee_amount(28000, 30000, 0.001), 30 / 28000)
    # 60000 USD at 20000 = 3 BTC, times 0.5%
    assert close(inverse.liquidation_fee_amount(20000, 60000, 0.005), 0.015)


@BOTH
def test_fee_edge_is_mmr_plus_fee_below_one(kind):
    """Binance: m + f must stay below 1 (the limit names the largest fee); Bybit's
    convention values maintenance at entry and only needs f < 1."""
    module = MODULES[kind]
    size = 1 if kind == "linear" else 30000
    error = raises(
        "liquidation_fee",
        "mmr_plus_fee",
        module.liquidation_price,
        "long",
        30000,
        size,
        100,
        0.5,
        liquidation_fee=0.5,
    )
    assert error.params["limit"] == 0.5  # 1 - 0.5
    # Each price below by hand from the margin equation equity(P) = requirement(P), entry
    # 30000, wallet 100 (USDT for 1 BTC linear; BTC for 30000 USD inverse).
    just_below = module.liquidation_price("short", 30000, size, 100, 0.5, liquidation_fee=0.49)
    if kind == "linear":
        # 100 - (P - 30000) = P*(0.5 + 0.49)  ->  P = 30100/1.99 (already past it at entry)
        assert close(just_below, 30100 / 1.99)
    else:
        # 100 - 30000*(1/30000 - 1/P) = 30000*0.99/P  ->  99 = -300/P: no positive price
        assert just_below is None
    bybit = module.liquidation_price(
        "long", 30000, size, 100, 0.5, convention="bybit", liquidation_fee=0.6
    )
    # Bybit: maintenance at entry, the fee at P
    if kind == "linear":
        # 100 + (P - 30000) = 30000*0.5 + 0.6*P  ->  0.4*P = 44900
        assert close(bybit, 44900 / 0.4)
    else:
        # 100 + 30000*(1/30000 - 1/P) = 0.5 + 0.6*30000/P  ->  100.5 = 48000/P
        assert close(bybit, 48000 / 100.5)
    # tiers: by notional every rate counts; by size only the size's own tier
    table = ((0, 0.01), (10**9, 0.5))
    tiered = module.liquidation_price_tiered
    raises("liquidation_fee", "mmr_plus_fee", tiered, "long", 30000, size, 100, table, 0, 0, 0.5)
    by_size = tiered("long", 30000, size, 100, table, 0, 0, 0.5, "size")
    if kind == "linear":
        # 1 BTC is in the 1% tier: 100 + (P - 30000) = P*(0.01 + 0.5)  ->  0.49*P = 29900
        assert close(by_size, 29900 / 0.49)
    else:
        # 30000 USD is in the 1% tier: 100 + 30000*(1/30000 - 1/P) = 30000*0.51/P
        #   ->  101 = 45300/P
        assert close(by_size, 45300 / 101)


# -------------------------------------------------------------- tiers by size (OKX)

# Floors in coins (linear) or in USD of face value (inverse).
OKX_LINEAR = ((0, 0.004), (5, 0.006), (10, 0.01))
OKX_INVERSE = ((0, 0.005), (100_000, 0.01), (500_000, 0.015))
BY_SIZE = [
    # 8.5 BTC is in the 0.6% tier at any price; no amount: (WB - sQE)/(Q(m + f) - sQ)
    ("linear", "long", 8.5, 12750, 0.0, 242250 / 8.449),  # (12750 - 255000)/(8.5*(0.006 - 1))
    ("linear", "short", 8.5, 12750, 0.0, 267750 / 8.551),  # (12750 + 255000)/(8.5*1.006)
    ("linear", "long", 8.5, 12750, 0.001, 242250 / 8.4405),  # 8.5*(0.007 - 1)
    # 5 BTC sits on the 5 floor: the 0.6% tier; (5000 - 150000)/(5*(0.006 - 1))
    ("linear", "long", 5, 5000, 0.0, 145000 / 4.97),
    # 291,000 USD is in the 1% tier: F(m + f + s)/(WB + sF/E), F/E = 9.7 BTC
    ("inverse", "long", 291000, 0.485, 0.0, 293910 / 10.185),  # 291000*1.01/(0.485 + 9.7)
    ("inverse", "short", 291000, 0.485, 0.0, 288090 / 9.215),  # 291000*0.99/(9.7 - 0.485)
    ("inverse", "long", 291000, 0.485, 0.001, 294201 / 10.185),  # 291000*1.011
]


@pytest.mark.parametrize(("kind", "side", "size", "wallet", "fee", "expected"), BY_SIZE)
def test_tiers_by_size_values(kind, side, size, wallet, fee, expected):
    """By size the tier is the size's, with no maintenance amount (hand-worked)."""
    module = MODULES[kind]
    table = OKX_LINEAR if kind == "linear" else OKX_INVERSE
    value = module.liquidation_price_tiered(side, 30000, size, wallet, table, 0, 0, fee, "size")
    assert close(value, expected)


@BOTH
def test_bracket_at_by_size_ignores_the_price(kind):
    """bracket_at by size gives the size's tier at any price; by notional the price moves it."""
    module = MODULES[kind]
    table, size = (OKX_LINEAR, 8.5) if kind == "linear" else (OKX_INVERSE, 291000)
    assert {module.bracket_at(table, price, size, "size") for price in (1, 30000, 1e7)} == {1}
    by_notional = {module.bracket_at(table, price, size) for price in (1e-3, 30000, 1e7)}
    assert len(by_notional) > 1
    assert module.maintenance_amounts(table, "size") == [0.0, 0.0, 0.0]
    assert module.maintenance_amounts(table) != [0.0, 0.0, 0.0]


@BOTH
def test_basis_notional_is_the_default(kind):
    """basis="notional" is today's behaviour, bit for bit."""
    module = MODULES[kind]
    entry, size, wallet = (30_000, 8.5, 12_750) if kind == "linear" else (30_000, 291_000, 0.485)
    table = module.EXAMPLE_BRACKETS
    default = module.liquidation_price_tiered("long", entry, size, wallet, table)
    explicit = module.liquidation_price_tiered(
        "long", entry, size, wallet, table, basis="notional", liquidation_fee=0.0
    )
    assert default == explicit


# ----------------------------------------------------- order cost: the fee to close

ORDER_COST = [
    # Bybit help centre https://help.bybit.com/hc/en-us/articles/900000169703, order cost:
    # 1 BTC long at 8,000, 50x, taker 0.075%: 160 + 6 + 1*7840*0.075% = 171.88 USDT
    ("linear", "long", 171.88, 8000, 50, 1.0),
    # the same at 10,000, as republished at
    # https://mobie.io/faq/how-much-is-the-commission-fee-of-usdt-perpetual-contract-on-bybit
    # 200 + 7.5 + 1*9800*0.075% = 214.85 USDT
    ("linear", "long", 214.85, 10000, 50, 1.0),
    # the same short, bankruptcy 10,000*(1 + 1/50) = 10,200: 200 + 7.5 + 7.65 = 215.15
    ("linear", "short", 215.15, 10000, 50, 1.0),
    # Bybit inverse order cost example, 10,000 USD long at 6,400, 25x, 0.075%, as
    # republished at https://mobie.io/?p=7385 (its 0.06489060 rounds the bankruptcy
    # price to 6,154): 0.0625 + 0.001171875 + (10000/6400)*(1 + 1/25)*0.00075
    # = 0.064890625 BTC
    ("inverse", "long", 0.064890625, 6400, 25, 10000.0),
    # the same short: (10000/6400)*(1 - 1/25)*0.00075 = 0.001125 -> 0.064796875 BTC
    ("inverse", "short", 0.064796875, 6400, 25, 10000.0),
]


@pytest.mark.parametrize(("kind", "side", "balance", "price", "leverage", "size"), ORDER_COST)
def test_max_open_size_with_the_fee_to_close(kind, side, balance, price, leverage, size):
    """Initial margin + fee to open + fee to close at the bankruptcy price uses the balance."""
    value = MODULES[kind].max_open_size(balance, price, leverage, 0.00075, 0.00075, side)
    assert value == pytest.approx(size, rel=1e-12)


def test_max_open_size_phemex_example():
    """Phemex "Order Cost (USDT Contract)": 1 BTC long at 70,000, 10x, taker 0.055%:
    7,000 + 38.5 + 70,000*0.9*0.055% = 7,073.15 USDT.

    https://phemex.com/help-center/Order-Cost-USDT-Contract (read 2026-11-30)
    """
    assert linear.max_open_size(7073.15, 70000, 10, 0.00055, 0.00055) == pytest.approx(1, rel=1e-12)


@BOTH
@SIDES
def test_max_open_size_close_fee_defaults(kind, side):
    """close_fee=0 gives the old result exactly, whatever the side."""
    module = MODULES[kind]
    assert module.max_open_size(1000, 30000, 20, 0.0005, 0.0, side) == module.max_open_size(
        1000, 30000, 20, 0.0005
    )


@pytest.mark.parametrize(
    ("kind", "side"), [("linear", "long"), ("inverse", "short")], ids=["linear", "inverse"]
)
@pytest.mark.parametrize("leverage", [1, 0.5])
def test_no_fee_to_close_without_a_bankruptcy_price(kind, side, leverage):
    """A linear long or an inverse short at 1x or less never goes bankrupt at a positive
    price: nothing is reserved for closing."""
    module = MODULES[kind]
    with_close = module.max_open_size(1000, 30000, leverage, 0.0005, 0.0005, side)
    assert with_close == module.max_open_size(1000, 30000, leverage, 0.0005)


@BOTH
def test_max_open_size_names_the_rebate_to_blame(kind):
    """A cost per unit of zero or less names the rebate: at 1.5x the short (linear) or long
    (inverse) closes on 5/3 of the order notional, so a close rebate of -0.9 outweighs the
    2/3 of margin; the close fee must stay above -(2/3)/(5/3) = -0.4."""
    module = MODULES[kind]
    side = "short" if kind == "linear" else "long"
    error = raises("close_fee", "below", module.max_open_size, 1000, 30000, 1.5, 0, -0.9, side)
    assert error.params["limit"] == pytest.approx(-0.4, rel=1e-12)
    # both rebates: the open fee is named, and must stay above -(2/3 - 1.5) = 5/6
    error = raises("open_fee", "below", module.max_open_size, 1000, 30000, 1.5, -0.3, -0.9, side)
    assert error.params["limit"] == pytest.approx(5 / 6, rel=1e-12)
