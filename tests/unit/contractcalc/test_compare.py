"""The guide's rules beside the exact math: values, gaps, None cases, errors, sentences.

Reference values are worked by hand from the formulas in contractcalc's Notes; each names its
source in a comment on the same line. The guide's seven examples
("Basics of contract algorithms") are the rule values.
"""

from __future__ import annotations

import string
from decimal import Decimal
from fractions import Fraction

import pytest
from contractcalc import InputError, compare, inverse, linear, rules
from contractcalc.compare import REASONS, Comparison
from hypothesis import given
from hypothesis import strategies as st

from tests import strategies as gen

REL = 1e-12
FEES = {"open_fee": 0.0005, "close_fee": 0.0005}
ENGINES = {"linear": linear, "inverse": inverse}


def check(c: Comparison, quantity: str, reason: str, rule: float, exact: float | None) -> None:
    """The comparison has the expected values, a consistent gap and a sentence."""
    assert (c.quantity, c.reason) == (quantity, reason)
    assert c.rule == rule
    if exact is None:
        assert c.exact is None
        assert c.gap is None
        assert "exact" not in c.params
        assert "gap" not in c.params
    else:
        assert c.exact == pytest.approx(exact, rel=REL, abs=1e-15)
        assert c.gap == c.exact - c.rule
        assert c.params["exact"] == c.exact
        assert c.params["gap"] == c.gap
    assert c.params["rule"] == c.rule
    sentence = c.explain()
    assert sentence.endswith(".")
    assert "{" not in sentence


# --- 1. target change -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "target", "fees", "reason", "exact"),
    [
        ("linear", 1200, {}, "exact", 0.2),  # guide: 1200/1000 - 1; linear ROE/L = X/E - 1
        ("linear", 800, {}, "exact", -0.2),  # guide: 800/1000 - 1; a short earns 20%
        ("inverse", 1200, {}, "inverse_convexity", 1 / 6),  # Notes inverse: 1 - E/X
        ("inverse", 800, {}, "inverse_convexity", -0.25),  # Notes inverse short: E/X - 1
        ("linear", 1200, FEES, "fees", 0.1989),  # 0.2 - 0.0005 - 0.0005*1.2, by hand
        ("linear", 800, FEES, "fees", -0.1991),  # 0.2 - 0.0005 - 0.0005*0.8, by hand
        ("inverse", 1200, FEES, "inverse_convexity_fees", 0.16575),  # 1/6 - 1/2000 - 1/2400
        ("inverse", 800, FEES, "inverse_convexity_fees", -0.248875),  # 0.25 - 0.0005 - 0.000625
    ],
)
def test_target_change(kind, target, fees, reason, exact):
    """The guide's target change beside the net return on the entry value, signed like it."""
    c = compare.target_change(1000, target, kind=kind, **fees)
    rule = rules.target_change(1000, target)
    check(c, "change", reason, rule, exact)
    assert c.params["side"] == ("long" if target > 1000 else "short")
    assert c.params["move"] == pytest.approx(0.2, rel=REL)
    assert c.params["ret"] == pytest.approx(abs(exact), rel=REL)


def test_target_change_guide_values():
    """The guide's 20% and -20% are the rule values."""
    assert compare.target_change(1000, 1200).rule == 0.2  # guide: (1200 ÷ 1000) - 1 = 0.2
    assert compare.target_change(1000, 800).rule == -0.2  # guide: 800 ÷ 1000 - 1 = -0.2


def test_target_change_at_open_is_a_long_paying_fees():
    """A target at the open price is a long that earns nothing and pays both fees."""
    c = compare.target_change(1000, 1000, **FEES)
    check(c, "change", "fees", 0.0, -0.001)  # -0.0005 - 0.0005*1, by hand
    assert c.params["side"] == "long"


@pytest.mark.parametrize("kind", ["linear", "inverse"])
@pytest.mark.parametrize("side", ["long", "short"])
@given(ratio=gen.ratios)
def test_target_change_agrees_with_engine_roe(kind, side, ratio):
    """Without fees the exact return is the engine's ROE at 1x, signed like the move."""
    if (side == "long") != (ratio >= 1):
        ratio = 1 / ratio
    target = 1000 * ratio
    c = compare.target_change(1000, target, kind=kind)
    engine_side = "long" if target >= 1000 else "short"
    roe = ENGINES[kind].roe(engine_side, 1000, target, 1)
    sign = 1 if engine_side == "long" else -1
    assert c.exact == pytest.approx(sign * roe, rel=1e-12, abs=1e-15)


# --- 2. target price --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "change", "fees", "reason", "exact"),
    [
        ("linear", 0.2, {}, "exact", 1200.0),  # guide: 1000 × 1.2; Notes E(1 + ROE/L)
        ("linear", -0.2, {}, "exact", 800.0),  # guide: 1000 × 0.8; Notes E(1 - ROE/L)
        ("inverse", 0.2, {}, "inverse_convexity", 1250.0),  # Notes E/(1 - ROE/L)
        ("inverse", -0.2, {}, "inverse_convexity", 1000 / 1.2),  # Notes E/(1 + ROE/L)
        ("linear", 0.2, FEES, "fees", 1000 * 1.2005 / 0.9995),  # E(1 + R + fo)/(1 - fc)
        ("linear", -0.2, FEES, "fees", 1000 * 0.7995 / 1.0005),  # E(1 - R - fo)/(1 + fc)
        ("inverse", 0.2, FEES, "inverse_convexity_fees", 1000 * 1.0005 / 0.7995),  # by hand
        ("inverse", -0.2, FEES, "inverse_convexity_fees", 1000 * 0.9995 / 1.2005),  # by hand
    ],
)
def test_target_price(kind, change, fees, reason, exact):
    """The guide's target price beside the price that earns the change, net of fees."""
    c = compare.target_price(1000, change, kind=kind, **fees)
    check(c, "price", reason, rules.target_price(1000, change), exact)
    assert c.params["ret"] == pytest.approx(0.2, rel=REL)
    assert c.params["move"] == pytest.approx(abs(exact / 1000 - 1), rel=REL)


@pytest.mark.parametrize(
    ("kind", "change", "fees", "side", "max_ret"),
    [
        ("inverse", 1.0, {}, "long", 1.0),  # Notes: impossible for ROE >= L
        ("inverse", 2.5, {}, "long", 1.0),  # Notes: a long's ROE stays below L*100%
        ("inverse", 0.9995, {"open_fee": 0.0005}, "long", 0.9995),  # 1 - R - fo = 0
        ("linear", -0.99, {"open_fee": 0.02}, "short", 0.98),  # E(1 - R - fo) < 0
    ],
)
def test_target_price_unreachable(kind, change, fees, side, max_ret):
    """No price earns the return: exact and gap are None and the sentence says why."""
    c = compare.target_price(1000, change, kind=kind, **fees)
    check(c, "price", "unreachable", rules.target_price(1000, change), None)
    assert c.params["side"] == side
    assert c.params["max_ret"] == pytest.approx(max_ret, rel=REL)


@pytest.mark.parametrize("kind", ["linear", "inverse"])
@pytest.mark.parametrize("side", ["long", "short"])
def test_target_price_at_zero_change_is_break_even(kind, side):
    """A zero return is the engine's break-even price (a zero change counts as a long)."""
    c = compare.target_price(1000, 0.0, kind=kind, **FEES)
    expected = ENGINES[kind].break_even_price("long", 1000, 0.0005, 0.0005)
    assert c.exact == pytest.approx(expected, rel=REL)
    assert c.params["side"] == "long"


@pytest.mark.parametrize("kind", ["linear", "inverse"])
@given(
    change=st.floats(min_value=-0.9, max_value=0.9),
    open_fee=gen.fees,
    close_fee=gen.fees,
)
def test_target_price_round_trips_through_target_change(kind, change, open_fee, close_fee):
    """At the exact target price, the exact net return is the change asked for."""
    fees = {"open_fee": open_fee, "close_fee": close_fee}
    price = compare.target_price(1000, change, kind=kind, **fees).exact
    if price is None:
        return
    back = compare.target_change(1000, price, kind=kind, **fees)
    if back.params["side"] == ("long" if change >= 0 else "short"):
        assert back.params["ret"] == pytest.approx(abs(change), rel=1e-9, abs=1e-12)


# --- 3. liquidation move ----------------------------------------------------------------

WHERE = 'Notes "Where the rules of thumb and the exact math part"'


@pytest.mark.parametrize(
    ("kind", "side", "exact"),
    [
        ("linear", "long", 0.046 / 0.996),  # Notes "Where ... part": linear long 4.62%
        ("linear", "short", 0.046 / 1.004),  # Notes "Where ... part": linear short 4.58%
        ("inverse", "long", 0.92 / 21),  # Notes "Where ... part": inverse long 4.38%
        ("inverse", "short", 0.92 / 19),  # Notes "Where ... part": inverse short 4.84%
    ],
)
def test_liquidation_move_at_20x(kind, side, exact):
    """At 20x and 0.4% MMR the exchange liquidates short of the guide's 5%."""
    c = compare.liquidation_move(20, kind=kind, side=side, mmr=0.004)
    reason = "maintenance" if kind == "linear" else "inverse_maintenance"
    check(c, "move", reason, 0.05, exact)  # guide: 1 ÷ 20 = 0.05
    assert (
        round(c.exact * 100, 2)
        == {
            ("linear", "long"): 4.62,
            ("linear", "short"): 4.58,
            ("inverse", "long"): 4.38,
            ("inverse", "short"): 4.84,
        }[kind, side]
    )


@pytest.mark.parametrize(
    ("kind", "side", "reason", "exact"),
    [
        ("linear", "long", "exact", 0.05),  # Notes: E(1 - 1/L)/(1 - m) with m = 0
        ("linear", "short", "exact", 0.05),  # Notes: E(1 + 1/L)/(1 + m) with m = 0
        ("inverse", "long", "inverse_margin", 1 / 21),  # Notes: E(1 + m)/(1 + 1/L)
        ("inverse", "short", "inverse_margin", 1 / 19),  # Notes: E(1 - m)/(1 - 1/L)
    ],
)
def test_liquidation_move_without_maintenance(kind, side, reason, exact):
    """With no maintenance margin the linear rule is exact and the inverse one is not."""
    c = compare.liquidation_move(20, kind=kind, side=side, mmr=0)
    check(c, "move", reason, 0.05, exact)
    if reason == "exact":
        assert c.gap == 0.0


@pytest.mark.parametrize(
    ("kind", "exact"),
    [
        ("linear", 0.046),  # Notes Bybit isolated: E(1 - s/L + s*m) -> 1/L - m
        ("inverse", 1 - 20 / 20.92),  # linear.py/inverse.py Bybit isolated long: EL/(L + 1 - mL)
    ],
)
def test_liquidation_move_bybit(kind, exact):
    """The convention is passed to the engine."""
    c = compare.liquidation_move(20, kind=kind, side="long", mmr=0.004, convention="bybit")
    assert c.exact == pytest.approx(exact, rel=REL)
    assert c.params["convention"] == "bybit"


@pytest.mark.parametrize(
    ("kind", "side", "leverage"),
    [
        ("linear", "long", 1),  # Notes: LP = E*(1 - 1/L)/(1 - m) = 0 at 1x
        ("linear", "long", 0.5),  # LP < 0: no positive price
        ("inverse", "short", 1),  # Notes: a 1x short is never bankrupt
        ("inverse", "short", 0.8),  # E(1 - m)/(1 - 1/L) < 0
    ],
)
def test_liquidation_move_never_liquidated(kind, side, leverage):
    """A position whose margin covers every possible loss has no liquidation move."""
    c = compare.liquidation_move(leverage, kind=kind, side=side, mmr=0.004)
    check(c, "move", "no_liquidation", rules.liquidation_move(leverage), None)


@pytest.mark.parametrize("kind", ["linear", "inverse"])
@pytest.mark.parametrize("side", ["long", "short"])
@pytest.mark.parametrize("leverage", [250, 400])
def test_liquidation_move_immediate(kind, side, leverage):
    """Initial margin at or below maintenance (m*L >= 1): liquidated on opening, move 0."""
    c = compare.liquidation_move(leverage, kind=kind, side=side, mmr=0.004)
    check(c, "move", "immediate", 1 / leverage, 0.0)
    assert c.params["im"] == pytest.approx(1 / leverage, rel=REL)


@pytest.mark.parametrize("kind", ["linear", "inverse"])
@pytest.mark.parametrize("side", ["long", "short"])
@given(leverage=gen.leverages, mmr=st.floats(min_value=0.0, max_value=0.004))
def test_liquidation_move_is_the_engine_liquidation_price(kind, side, leverage, mmr):
    """The move is the engine's isolated liquidation price at any entry, as a fraction."""
    c = compare.liquidation_move(leverage, kind=kind, side=side, mmr=mmr)
    engine = ENGINES[kind]
    wallet = engine.initial_margin(30000, 30000, leverage)
    price = engine.liquidation_price(side, 30000, 30000, wallet, mmr)
    if price is None:
        assert c.exact is None
    elif mmr * leverage < 1:
        sign = 1 if side == "long" else -1
        assert c.exact == pytest.approx(sign * (1 - price / 30000), rel=1e-9, abs=1e-14)


# --- 4 and 5. leverage for a stop -------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "side", "mmr", "reason", "exact"),
    [
        ("linear", "long", 0.004, "stop_maintenance", 1 / 0.1036),  # Notes 1/(d + m - dm)
        ("linear", "short", 0.004, "stop_maintenance", 1 / 0.1044),  # 1/(d + m + dm), by hand
        ("inverse", "long", 0.004, "stop_inverse", 0.9 / 0.104),  # (1 - d)/(d + m), by hand
        ("inverse", "short", 0.004, "stop_inverse", 1.1 / 0.104),  # (1 + d)/(d + m), by hand
        ("linear", "long", 0, "exact", 10.0),  # Notes: 1/d is the m = 0 case
        ("linear", "short", 0, "exact", 10.0),  # 1/(d + 0 + 0)
        ("inverse", "long", 0, "stop_inverse", 9.0),  # (1 - d)/d
        ("inverse", "short", 0, "stop_inverse", 11.0),  # (1 + d)/d
    ],
)
def test_leverage_for_stop(kind, side, mmr, reason, exact):
    """The guide's 10x for a 10% stop beside the highest leverage liquidated beyond it."""
    c = compare.leverage_for_stop(0.1, kind=kind, side=side, mmr=mmr)
    check(c, "leverage", reason, 10.0, exact)  # guide: 1 ÷ 0.1 = 10x
    assert c.params["stop"] == 0.1


@pytest.mark.parametrize(
    ("kind", "stop", "mmr", "reason", "exact"),
    [
        ("linear", 15000, 0.004, "stop_maintenance", 1 / 0.253),  # d = 0.25: 1/(d + m - dm)
        ("linear", 25000, 0.004, "stop_maintenance", 1 / 0.255),  # short: 1/(d + m + dm)
        ("inverse", 15000, 0.004, "stop_inverse", 0.75 / 0.254),  # long: (1 - d)/(d + m)
        ("inverse", 25000, 0.004, "stop_inverse", 1.25 / 0.254),  # short: (1 + d)/(d + m)
        ("linear", 15000, 0, "exact", 4.0),  # guide: 1 ÷ (1 - 15000 ÷ 20000) = 4
        ("linear", 25000, 0, "exact", 4.0),  # Notes: 1/(stop/open - 1) for a short
        ("inverse", 15000, 0, "stop_inverse", 3.0),  # (1 - d)/d
        ("inverse", 25000, 0, "stop_inverse", 5.0),  # (1 + d)/d
    ],
)
def test_leverage_for_stop_price(kind, stop, mmr, reason, exact):
    """The guide's 4x for open 20000 and stop 15000, and the mirrored short."""
    c = compare.leverage_for_stop_price(20000, stop, kind=kind, mmr=mmr)
    check(c, "leverage", reason, 4.0, exact)  # guide: open 20000, stop 15000 -> 4x
    assert c.params["side"] == ("long" if stop < 20000 else "short")
    assert c.params["stop"] == 0.25


@pytest.mark.parametrize("kind", ["linear", "inverse"])
@pytest.mark.parametrize("side", ["long", "short"])
@given(stop=st.floats(min_value=0.001, max_value=0.9), mmr=gen.mmrs)
def test_leverage_for_stop_is_the_engine(kind, side, stop, mmr):
    """The exact leverage is the engine's max_leverage_for_stop at any entry."""
    c = compare.leverage_for_stop(stop, kind=kind, side=side, mmr=mmr)
    stop_price = 30000 * (1 - stop) if side == "long" else 30000 * (1 + stop)
    expected = ENGINES[kind].max_leverage_for_stop(side, 30000, stop_price, mmr)
    assert c.exact == pytest.approx(expected, rel=1e-9)


# --- 6 and 7. coin-margined profit ------------------------------------------------------


def test_coin_long_profit_guide_example():
    """1000 at 50x, 10% rise: the guide's 5500 against the exact 4545.45 coin."""
    c = compare.coin_long_profit(1000, 50, 0.10)
    check(c, "profit", "coin_long", 5500.0, 50000 / 11)  # guide 5500; Notes PLr/(1 + r)
    assert c.params["at_exit"] == pytest.approx(5000.0, rel=REL)  # Notes: both equal PLr
    assert c.exact * 1.1 == pytest.approx(c.params["at_exit"], rel=REL)


def test_coin_short_profit_guide_example():
    """1000 at 50x, 10% fall: the guide's 4500 against the exact 5555.56 coin."""
    c = compare.coin_short_profit(1000, 50, 0.10)
    check(c, "profit", "coin_short", 4500.0, 50000 / 9)  # guide 4500; Notes PLf/(1 - f)
    assert c.params["at_exit"] == pytest.approx(5000.0, rel=REL)  # Notes: both equal PLf
    assert c.exact * 0.9 == pytest.approx(c.params["at_exit"], rel=REL)


def test_coin_profits_with_fees():
    """Fees in coin: the open fee on PL, the close fee on PL/(1 ± r)."""
    long = compare.coin_long_profit(1000, 50, 0.10, **FEES)
    fees = 25 + 25 / 1.1  # 0.0005*50000 + 0.0005*50000/1.1, by hand
    check(long, "profit", "coin_long_fees", 5500.0, 50000 / 11 - fees)
    assert long.params["fees"] == pytest.approx(fees, rel=REL)
    assert long.params["gross"] == pytest.approx(50000 / 11, rel=REL)
    short = compare.coin_short_profit(1000, 50, 0.10, **FEES)
    fees = 25 + 25 / 0.9  # 0.0005*50000 + 0.0005*50000/0.9, by hand
    check(short, "profit", "coin_short_fees", 4500.0, 50000 / 9 - fees)


@pytest.mark.parametrize("side", ["long", "short"])
@given(
    principal=gen.amounts,
    leverage=gen.leverages,
    ratio=gen.ratios,
    open_fee=gen.fees,
    close_fee=gen.fees,
)
def test_coin_profit_is_the_engine_pnl_less_fees(
    side, principal, leverage, ratio, open_fee, close_fee
):
    """The exact coin profit is the engine's inverse PnL on F = P*L*E, less the coin fees."""
    entry = 1
    if side == "long":
        rise = ratio - 1
        c = compare.coin_long_profit(
            principal, leverage, rise, open_fee=open_fee, close_fee=close_fee
        )
        exit_price = entry * (1 + Fraction(rise))
    else:
        fall = 1 - ratio if ratio < 1 else 1 - 1 / ratio
        c = compare.coin_short_profit(
            principal, leverage, fall, open_fee=open_fee, close_fee=close_fee
        )
        exit_price = entry * (1 - Fraction(fall))
    face = Fraction(principal) * Fraction(leverage) * entry
    pnl = inverse.pnl(side, entry, exit_price, face)
    fees = open_fee * face / entry + close_fee * face / exit_price
    expected = float(pnl - fees)
    assert c.exact == pytest.approx(expected, rel=1e-9, abs=1e-9 * float(face / entry))


@pytest.mark.parametrize(
    ("function", "move", "rule", "exact"),
    [
        (compare.coin_long_profit, -0.1, -4500.0, -50000 / 9),  # PLr/(1 + r) at r = -0.1
        (compare.coin_short_profit, -0.1, -5500.0, -50000 / 11),  # PLf/(1 - f) at f = -0.1
    ],
)
def test_coin_profit_beyond_margin(function, move, rule, exact):
    """A loss of more than the margin says the position would be liquidated first."""
    c = function(1000, 50, move)
    check(c, "profit", "beyond_margin", rule, exact)
    assert c.params["loss"] == pytest.approx(-exact, rel=REL)
    assert c.params["principal"] == 1000


# --- 8. USDT-margined profit ------------------------------------------------------------


@pytest.mark.parametrize("side", ["long", "short"])
def test_usdt_profit_is_exact_without_fees(side):
    """1000 at 50x, a 2% move: the guide's 1000 is exact before fees."""
    c = compare.usdt_profit(1000, 50, 0.02, side=side)
    check(c, "profit", "exact", 1000.0, 1000.0)  # guide: 1000 × 50 × 2% = 1000
    assert c.gap == 0.0  # Notes: USDT-margined profit is exact before fees and funding


@pytest.mark.parametrize(
    ("side", "exact"),
    [
        ("long", 1000 - 25 - 25.5),  # fees 0.0005 × 50000 to open, 0.0005 × 51000 to close
        ("short", 1000 - 25 - 24.5),  # fees 0.0005 × 50000 to open, 0.0005 × 49000 to close
    ],
)
def test_usdt_profit_with_fees(side, exact):
    """Fees on the position's value at entry and at exit."""
    c = compare.usdt_profit(1000, 50, 0.02, side=side, **FEES)
    check(c, "profit", "fees", 1000.0, exact)


@pytest.mark.parametrize("side", ["long", "short"])
@given(principal=gen.amounts, leverage=gen.leverages, change=st.floats(-0.9, 0.9))
def test_usdt_profit_is_the_engine_pnl(side, principal, leverage, change):
    """Without fees the exact profit is the engine's linear PnL of Q = P*L/E coins.

    Where the engine refuses a result too small for a float, so does the comparison.
    """
    sign = 1 if side == "long" else -1
    size = Fraction(principal) * Fraction(leverage)
    try:
        expected = linear.pnl(side, 1, 1 + sign * Fraction(change), size)
    except InputError:
        with pytest.raises(InputError) as raised:
            compare.usdt_profit(principal, leverage, change, side=side)
        assert raised.value.code == "result_out_of_range"
        return
    assert compare.usdt_profit(principal, leverage, change, side=side).exact == expected


def test_usdt_profit_beyond_margin():
    """Losing 2% at 50x loses the whole margin."""
    c = compare.usdt_profit(1000, 50, -0.02)
    check(c, "profit", "beyond_margin", -1000.0, -1000.0)


# --- errors -----------------------------------------------------------------------------

GOOD = {
    "target_change": {"open_price": 1000, "target_price": 1200, "kind": "linear"},
    "target_price": {"open_price": 1000, "change": 0.2, "kind": "linear"},
    "liquidation_move": {"leverage": 20, "kind": "linear", "side": "long", "mmr": 0.004},
    "leverage_for_stop": {"stop_fraction": 0.1, "kind": "linear", "side": "long", "mmr": 0.004},
    "leverage_for_stop_price": {
        "open_price": 20000,
        "stop_price": 15000,
        "kind": "linear",
        "mmr": 0.004,
    },
    "coin_long_profit": {"principal": 1000, "leverage": 50, "rise": 0.1},
    "coin_short_profit": {"principal": 1000, "leverage": 50, "fall": 0.1},
    "usdt_profit": {"principal": 1000, "leverage": 50, "change": 0.02, "side": "long"},
}
FEE_TAKERS = {
    "target_change",
    "target_price",
    "coin_long_profit",
    "coin_short_profit",
    "usdt_profit",
}

BAD = [
    ("target_change", "open_price", 0, "not_positive"),
    ("target_change", "open_price", "1000", "not_a_number"),
    ("target_change", "target_price", -5, "not_positive"),
    ("target_change", "target_price", float("nan"), "not_finite"),
    ("target_change", "kind", "spot", "kind"),
    ("target_price", "open_price", 0, "not_positive"),
    ("target_price", "change", -1, "rise_too_small"),
    ("target_price", "change", None, "not_a_number"),
    ("target_price", "kind", "Linear", "kind"),
    ("liquidation_move", "leverage", 0, "not_positive"),
    ("liquidation_move", "leverage", float("inf"), "not_finite"),
    ("liquidation_move", "kind", None, "kind"),
    ("liquidation_move", "side", "up", "side"),
    ("liquidation_move", "mmr", 1.0, "fraction_range"),
    ("liquidation_move", "mmr", -0.001, "fraction_range"),
    ("liquidation_move", "convention", "okx", "convention"),
    ("leverage_for_stop", "stop_fraction", 0, "not_positive"),
    ("leverage_for_stop", "stop_fraction", 1, "open_interval"),
    ("leverage_for_stop", "stop_fraction", 1e-300, "too_small"),
    ("leverage_for_stop", "kind", 1, "kind"),
    ("leverage_for_stop", "side", "LONG", "side"),
    ("leverage_for_stop", "mmr", 2, "fraction_range"),
    ("leverage_for_stop_price", "open_price", -1, "not_positive"),
    ("leverage_for_stop_price", "stop_price", 20000, "stop_equals_open"),
    ("leverage_for_stop_price", "stop_price", True, "not_a_number"),
    ("leverage_for_stop_price", "kind", "", "kind"),
    ("leverage_for_stop_price", "mmr", 1, "fraction_range"),
    ("coin_long_profit", "principal", 0, "not_positive"),
    ("coin_long_profit", "leverage", -50, "not_positive"),
    ("coin_long_profit", "rise", -1, "rise_too_small"),
    ("coin_short_profit", "principal", 1e16, "too_large"),
    ("coin_short_profit", "leverage", "50", "not_a_number"),
    ("coin_short_profit", "fall", 1, "fall_too_large"),
    ("usdt_profit", "principal", -1, "not_positive"),
    ("usdt_profit", "leverage", 0, "not_positive"),
    ("usdt_profit", "change", float("nan"), "not_finite"),
    ("usdt_profit", "side", "buy", "side"),
]
BAD += [
    (name, fee, value, "open_interval")
    for name in sorted(FEE_TAKERS)
    for fee in ("open_fee", "close_fee")
    for value in (1, -1)
]


@pytest.mark.parametrize(("name", "field", "value", "code"), BAD)
def test_bad_argument_names_its_field(name, field, value, code):
    """Each bad argument raises InputError naming that argument, with a known code."""
    arguments = {**GOOD[name], field: value}
    with pytest.raises(InputError) as raised:
        getattr(compare, name)(**arguments)
    assert (raised.value.field, raised.value.code) == (field, code)


@pytest.mark.parametrize(
    ("side", "change", "code"),
    [
        ("long", -1, "rise_too_small"),  # exit price 0
        ("long", -1.5, "rise_too_small"),  # exit price below 0
        ("short", 1, "fall_too_large"),  # exit price 0
    ],
)
def test_usdt_profit_change_beyond_zero_price(side, change, code):
    """A change that takes the price to zero or below is refused."""
    with pytest.raises(InputError) as raised:
        compare.usdt_profit(1000, 50, change, side=side)
    assert (raised.value.field, raised.value.code) == ("change", code)


def test_every_field_of_every_function_is_covered():
    """BAD names every argument of every comparison at least once."""
    covered = {(name, field) for name, field, _, _ in BAD}
    for name, good in GOOD.items():
        fields = set(good) | ({"open_fee", "close_fee"} if name in FEE_TAKERS else set())
        if name == "liquidation_move":
            fields.add("convention")
        assert {(name, field) for field in fields} <= covered


def test_result_out_of_range_is_an_input_error():
    """A return no float can hold is refused naming the argument that caused it."""
    with pytest.raises(InputError) as raised:
        compare.coin_long_profit(1000, 50, Fraction(-1) + Fraction(1, 10**400))
    assert (raised.value.field, raised.value.code) == ("rise", "result_out_of_range")


@pytest.mark.parametrize("name", sorted(GOOD))
@given(data=st.data())
def test_garbage_raises_only_input_error(name, data):
    """Garbage in any argument returns a Comparison or raises InputError, nothing else."""
    function = getattr(compare, name)
    arguments = dict(GOOD[name])
    field = data.draw(st.sampled_from(sorted(arguments)), label="field")
    arguments[field] = data.draw(
        gen.garbage.filter(lambda v: not (isinstance(v, Decimal) and v.is_snan())), label="value"
    )
    try:
        result = function(**arguments)
    except InputError as error:
        field_named = error.field
    else:
        assert isinstance(result, Comparison)
        field_named = field
    assert field_named in arguments


# --- sentences --------------------------------------------------------------------------

#: One comparison per reason key.
EXAMPLES = {
    "exact": compare.usdt_profit(1000, 50, 0.02),
    "fees": compare.target_change(1000, 1200, **FEES),
    "inverse_convexity": compare.target_price(1000, 0.2, kind="inverse"),
    "inverse_convexity_fees": compare.target_change(1000, 800, kind="inverse", **FEES),
    "unreachable": compare.target_price(1000, 1.0, kind="inverse"),
    "maintenance": compare.liquidation_move(20, kind="linear", side="short"),
    "inverse_margin": compare.liquidation_move(20, kind="inverse", side="long", mmr=0),
    "inverse_maintenance": compare.liquidation_move(20, kind="inverse", side="short"),
    "no_liquidation": compare.liquidation_move(1, kind="inverse", side="short"),
    "immediate": compare.liquidation_move(300),
    "stop_maintenance": compare.leverage_for_stop(0.1),
    "stop_inverse": compare.leverage_for_stop_price(20000, 25000, kind="inverse"),
    "coin_long": compare.coin_long_profit(1000, 50, 0.1),
    "coin_long_fees": compare.coin_long_profit(1000, 50, 0.1, **FEES),
    "coin_short": compare.coin_short_profit(1000, 50, 0.1),
    "coin_short_fees": compare.coin_short_profit(1000, 50, 0.1, **FEES),
    "beyond_margin": compare.usdt_profit(1000, 50, -0.05),
}


def test_examples_cover_every_reason():
    """Every key of REASONS has an example, and each example has the key it stands for."""
    assert set(EXAMPLES) == set(REASONS)
    assert all(c.reason == key for key, c in EXAMPLES.items())


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_every_reason_renders(key):
    """Each sentence formats from its params (no KeyError) and uses only params it has."""
    c = EXAMPLES[key]
    sentence = c.explain()
    assert sentence[0].isupper()
    assert sentence.endswith(".")
    fields = {name for _, name, _, _ in string.Formatter().parse(REASONS[key]) if name}
    assert fields <= set(c.params)
    assert all(isinstance(value, float | str) for value in c.params.values())


def test_sentences_state_the_numbers():
    """The sentences carry the Notes numbers, formatted for reading."""
    assert "4.58% move, not 5.00%" in EXAMPLES["maintenance"].explain()
    assert "4.84% move" in EXAMPLES["inverse_maintenance"].explain()
    assert "= 4545.45 coin, not 5500" in EXAMPLES["coin_long"].explain()
    assert "P × L × f = 5000" in EXAMPLES["coin_short"].explain()
    assert "less than 100.00%" in EXAMPLES["unreachable"].explain()


@pytest.mark.parametrize(
    ("comparison", "exact_floor", "rule_floor"),
    [
        (compare.leverage_for_stop(0.1), 9.65, 10.0),  # 1/0.1036 = 9.6525
        (compare.leverage_for_stop(0.1, side="short"), 9.57, 10.0),  # 1/0.1044 = 9.5785
        (compare.leverage_for_stop(0.015, mmr=0), 66.66, 66.66),  # 1/0.015 = 66.667
        (compare.leverage_for_stop(0.0008, mmr=0), 1250.0, 1250.0),  # exactly 1250
        (compare.leverage_for_stop(0.00081, mmr=0), 1234.0, 1234.0),  # 1234.57: 4 digits
    ],
)
def test_stop_leverages_for_sentences_are_rounded_down(comparison, exact_floor, rule_floor):
    """A safe leverage is never shown above itself: exact_floor and rule_floor are rounded
    down to 0.01 and four significant digits, while Comparison.exact stays exact."""
    assert comparison.params["exact_floor"] == exact_floor
    assert comparison.params["rule_floor"] == rule_floor
    assert comparison.params["exact_floor"] <= comparison.exact
    assert comparison.params["exact"] == comparison.exact


def test_comparison_is_immutable():
    """A comparison and its params cannot be changed after the fact."""
    c = compare.liquidation_move(20)
    with pytest.raises(AttributeError):
        c.exact = 0.05  # type: ignore[misc]
    with pytest.raises(TypeError):
        c.params["mmr"] = 0.0  # type: ignore[index]
    assert hash(c) == hash(compare.liquidation_move(20))
