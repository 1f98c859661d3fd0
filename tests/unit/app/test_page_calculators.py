"""The page's rule cards and trade calculators: exact values, both languages, field errors."""

from __future__ import annotations

import re
import string

import pytest
from app import i18n
from app.calculators import CALCULATORS, run
from app.cards import guide, trade
from contractcalc import MESSAGES, InputError, compare, linear

CHINESE = re.compile(r"[\u4e00-\u9fff]")
#: Outputs that are numbers with units; every other non-empty output is a sentence or phrase.
NUMERIC = re.compile(r"^[+\-]?[\d,.]+(?:%| pp| 个百分点|×| [A-Z]+)?$")

# The page-wide fields every card receives.
PAGE = {"kind": "linear", "coin": "BTC"}
# 1 BTC (or 300 × 100 USD) at 30000, closed at 31500, 20x, 0.4% MMR, 0.05% fees each
# way, funding 0.01% for three intervals.
PNL = {
    **PAGE,
    "entry": "30000",
    "exit": "31500",
    "leverage": "20",
    "mmr": "0.4",
    "open_fee": "0.05",
    "close_fee": "0.05",
    "funding_rate": "0.01",
    "funding_intervals": "3",
    "contract_size": "100",
}
# One valid input per calculator, for the language and rendering checks.
EXAMPLES: dict[str, dict[str, str]] = {
    "target_change": {**PAGE, "open_price": "1000", "target_price": "1200", "open_fee": "0.05"},
    "target_price": {**PAGE, "open_price": "1000", "change": "20", "kind": "inverse"},
    "liquidation_move": {**PAGE, "leverage": "20", "side": "short", "mmr": "0.4"},
    "leverage_for_stop": {**PAGE, "stop_fraction": "10", "side": "long", "mmr": "0.4"},
    "leverage_for_stop_price": {**PAGE, "open_price": "20000", "stop_price": "15000"},
    "coin_long_profit": {**PAGE, "principal": "1000", "leverage": "50", "rise": "10"},
    "coin_short_profit": {**PAGE, "principal": "1000", "leverage": "50", "fall": "10"},
    "usdt_profit": {**PAGE, "principal": "1000", "leverage": "50", "change": "2", "close_fee": "1"},
    "pnl": {**PNL, "side": "long", "size": "1"},
    "target": {
        **PAGE,
        "kind": "inverse",
        "side": "long",
        "entry": "30000",
        "leverage": "20",
        "roe": "100",
        "exit": "40000",
    },
    "average": {**PAGE, "price_0": "30000", "size_0": "1", "price_1": "20000", "size_1": "1"},
    "max_open": {**PAGE, "balance": "1000", "price": "30000", "leverage": "20"},
}


def fields(template: str) -> set[tuple[str, str]]:
    """The (name, format spec) pairs a template uses."""
    return {(name, spec or "") for _, name, spec, _ in string.Formatter().parse(template) if name}


# ---------------------------------------------------------------- rule cards


@pytest.mark.parametrize(
    ("card", "raw", "expected"),
    [
        # Liquidation at 20x, 0.4% MMR (contractcalc Notes, "Where the rules ... part"):
        # linear (1/20 - m)/(1 - s m): long 0.046/0.996 = 4.62%, short 0.046/1.004 = 4.58%;
        # inverse (1/20 - m)/(1 + s/20): long 0.046/1.05 = 4.38%, short 0.046/0.95 = 4.84%.
        ("liquidation_move", {"kind": "linear", "side": "long"}, ("4.62%", "-0.38 pp")),
        ("liquidation_move", {"kind": "linear", "side": "short"}, ("4.58%", "-0.42 pp")),
        ("liquidation_move", {"kind": "inverse", "side": "long"}, ("4.38%", "-0.62 pp")),
        ("liquidation_move", {"kind": "inverse", "side": "short"}, ("4.84%", "-0.16 pp")),
        # Leverage for a 10% stop, 0.4% MMR: linear 1/(d + m - s d m) = 9.6525 / 9.5785;
        # inverse long (1 - d)/(d + m) = 8.6538, short (1 + d)/(d + m) = 10.5769 (Notes),
        # each rounded down to 0.01: a safe leverage never reads higher than it is.
        ("leverage_for_stop", {"kind": "linear", "side": "long"}, ("9.65×", "-0.35×")),
        ("leverage_for_stop", {"kind": "linear", "side": "short"}, ("9.57×", "-0.43×")),
        ("leverage_for_stop", {"kind": "inverse", "side": "long"}, ("8.65×", "-1.35×")),
        ("leverage_for_stop", {"kind": "inverse", "side": "short"}, ("10.57×", "+0.57×")),
    ],
)
def test_rule_cards_exact_value_per_kind_and_side(card: str, raw: dict, expected: tuple) -> None:
    base = {"leverage": "20"} if card == "liquidation_move" else {"stop_fraction": "10"}
    outcome = run(card, {**PAGE, **base, **raw, "mmr": "0.4"})
    assert outcome.errors == {}
    assert (outcome.outputs["exact"], outcome.outputs["gap"]) == expected
    assert outcome.outputs["result"] == ("5.00%" if card == "liquidation_move" else "10×")


@pytest.mark.parametrize(
    ("card", "raw", "expected"),
    [
        # 1000 -> 1200 coin-margined: 1 - 1000/1200 = 16.67% in coin (compare.target_change).
        ("target_change", {"open_price": "1000", "target_price": "1200", "kind": "inverse"},
         ("+20.00%", "+16.67%", "-3.33 pp")),
        # Linear with 0.05% each way: 0.2 - 0.0005 - 0.0005 × 1.2 = 19.89%.
        ("target_change", {"open_price": "1000", "target_price": "1200", "open_fee": "0.05",
                           "close_fee": "0.05"}, ("+20.00%", "+19.89%", "-0.11 pp")),
        # Short: 800 from 1000, coin-margined, earns 1000/800 - 1 = 25% in coin, shown as -25%.
        ("target_change", {"open_price": "1000", "target_price": "800", "kind": "inverse"},
         ("-20.00%", "-25.00%", "-5.00 pp")),
        # 20% in coin needs 1000/(1 - 0.2) = 1250 (compare.target_price docstring).
        ("target_price", {"open_price": "1000", "change": "20", "kind": "inverse"},
         ("1,200.00", "1,250.00", "+50.00")),
        ("target_price", {"open_price": "1000", "change": "100", "kind": "inverse"},
         ("2,000.00", "no price reaches it", "")),
        ("liquidation_move", {"leverage": "1", "kind": "inverse", "side": "short", "mmr": "0.4"},
         ("100.00%", "never liquidated", "")),
        # The guide's stop price example at 0.4% MMR: 1/(0.25 + 0.004 - 0.001) = 3.95x.
        ("leverage_for_stop_price", {"open_price": "20000", "stop_price": "15000", "mmr": "0.4"},
         ("4×", "3.95×", "-0.05×")),
        # Guide's coin examples: 1000 × 50 × 0.1 / 1.1 = 4545.45, / 0.9 = 5555.56.
        ("coin_long_profit", {"principal": "1000", "leverage": "50", "rise": "10"},
         ("+5,500.00", "+4,545.45", "-954.55")),
        ("coin_short_profit", {"principal": "1000", "leverage": "50", "fall": "10"},
         ("+4,500.00", "+5,555.56", "+1,055.56")),
        # 50000 USDT position, 0.05% each way: long 25 + 25.5 fees, short 25 + 24.5.
        ("usdt_profit", {"principal": "1000", "leverage": "50", "change": "2", "open_fee": "0.05",
                         "close_fee": "0.05"}, ("+1,000.00 USDT", "+949.50 USDT", "-50.50 USDT")),
        ("usdt_profit", {"principal": "1000", "leverage": "50", "change": "2", "side": "short",
                         "open_fee": "0.05", "close_fee": "0.05"},
         ("+1,000.00 USDT", "+950.50 USDT", "-49.50 USDT")),
        # No fees: the USDT rule is exact, the gap is zero.
        ("usdt_profit", {"principal": "1000", "leverage": "50", "change": "2"},
         ("+1,000.00 USDT", "+1,000.00 USDT", "0.00 USDT")),
    ],
)  # fmt: skip
def test_rule_cards_result_exact_and_gap(card: str, raw: dict, expected: tuple) -> None:
    outcome = run(card, {**PAGE, **raw})
    assert outcome.errors == {}
    out = outcome.outputs
    assert (out["result"], out["exact"], out["gap"]) == expected
    assert out["why"]


@pytest.mark.parametrize("card", list(guide.CALCULATORS))
def test_only_a_profit_is_coloured_as_a_gain_or_a_loss(card: str) -> None:
    """A rule card's "+" is a gain only where it gives a profit. The target card's "+20.00%" is
    a price move, the gap is how far the guide is off; the page must not paint them green."""
    outcome = run(card, {**EXAMPLES[card], "target_price": "1200", "change": "20"})
    assert outcome.errors == {}
    profit = card.endswith("_profit")
    assert ("result" in outcome.signs, "exact" in outcome.signs) == (profit, profit)
    assert "gap" not in outcome.signs


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stop_leverage_is_rounded_down_on_the_card_and_in_its_sentence(lang: str) -> None:
    """A highest safe leverage never reads higher than it is: 1/(0.1 + 0.004 + 0.0004) =
    9.5785 (a linear short, 10% stop, 0.4% MMR) shows as 9.57 in the card and the sentence."""
    raw = {**PAGE, "stop_fraction": "10", "side": "short", "mmr": "0.4"}
    out = run("leverage_for_stop", raw, lang).outputs
    assert out["exact"] == "9.57×"
    assert "9.57" in out["why"]
    assert "9.58" not in out["why"]
    assert "9.579" not in out["why"]


def test_target_price_card_shows_prices_and_gap_with_one_count_of_decimals() -> None:
    """The linear long's 20% at 0.05% fees each way needs 1000 × 1.2005/0.9995 = 1201.1006:
    the rule's price, the exact price and their gap all get three decimals."""
    raw = {**PAGE, "open_price": "1000", "change": "20", "open_fee": "0.05", "close_fee": "0.05"}
    out = run("target_price", raw).outputs
    assert (out["result"], out["exact"], out["gap"]) == ("1,200.000", "1,201.101", "+1.101")


def test_rule_cards_why_is_the_comparisons_sentence() -> None:
    """English "why" is Comparison.explain(); Chinese is its translation with the same numbers."""
    comparison = compare.liquidation_move(20, kind="linear", side="long", mmr=0.004)
    raw = {**PAGE, "leverage": "20", "side": "long", "mmr": "0.4"}
    assert run("liquidation_move", raw, "en").outputs["why"] == comparison.explain()
    zh = run("liquidation_move", raw, "zh").outputs
    assert "20 倍杠杆" in zh["why"]
    assert "U本位多单" in zh["why"]
    assert "4.62%" in zh["why"]
    assert zh["gap"] == "-0.38 个百分点"


def test_empty_assumptions_mean_none() -> None:
    """With no kind, side, MMR or fees the exact value of a linear rule is the rule itself."""
    outcome = run("liquidation_move", {"leverage": "20"})
    assert outcome.outputs["exact"] == "5.00%"
    assert outcome.outputs["gap"] == "0.00 pp"


# ---------------------------------------------------------------- trade: pnl


@pytest.mark.parametrize(
    ("kind", "side", "size", "expected"),
    [
        # Linear, 1 BTC: gross ±1500; fees 0.0005 × 30000 + 0.0005 × 31500 = 30.75;
        # funding 30000 × 0.0001 × 3 = 9 (longs pay); ROE net / 1500 margin.
        ("linear", "long", "1", {
            "notional": "30,000.00 USDT", "initial_margin": "1,500.00 USDT",
            "gross_pnl": "+1,500.00 USDT", "fees": "-30.75 USDT",
            "funding": "-9.00 USDT (paid)", "net_pnl": "+1,460.25 USDT", "roe": "+97.35%",
            "roe_gross": "+100.00%", "break_even": "30,030.02",
            "liquidation": "28,614.46", "bankruptcy": "28,500.00"}),  # linear.py docstrings
        ("linear", "short", "1", {
            "gross_pnl": "-1,500.00 USDT", "fees": "-30.75 USDT",
            "funding": "+9.00 USDT (received)", "net_pnl": "-1,521.75 USDT", "roe": "-101.45%",
            "break_even": "29,970.01", "liquidation": "31,374.50", "bankruptcy": "31,500.00"}),
        # Inverse, 300 × 100 USD = 30000 USD: gross 30000 × (1/30000 - 1/31500) = 0.04761905;
        # fees 0.0005 × 1 + 0.0005 × 30000/31500 = 0.00097619; funding 1 × 0.0001 × 3.
        ("inverse", "long", "300", {
            "notional": "30,000.00 USD (1.00000000 BTC at entry)",
            "initial_margin": "0.05000000 BTC",
            "gross_pnl": "+0.04761905 BTC", "fees": "-0.00097619 BTC",
            "funding": "-0.00030000 BTC (paid)", "net_pnl": "+0.04634286 BTC", "roe": "+92.69%",
            "roe_gross": "+95.24%", "break_even": "30,030.02",
            "liquidation": "28,685.71", "bankruptcy": "28,571.43"}),  # inverse.py docstrings
        ("inverse", "short", "300", {
            "gross_pnl": "-0.04761905 BTC", "funding": "+0.00030000 BTC (received)",
            "net_pnl": "-0.04829524 BTC", "roe": "-96.59%", "break_even": "29,970.01",
            "liquidation": "31,452.63", "bankruptcy": "31,578.95"}),
    ],
)  # fmt: skip
def test_pnl_long_short_linear_inverse(kind: str, side: str, size: str, expected: dict) -> None:
    outcome = run("pnl", {**PNL, "kind": kind, "side": side, "size": size})
    assert outcome.errors == {}
    assert {key: outcome.outputs[key] for key in expected} == expected
    assert outcome.outputs["chart"].lstrip().startswith("<svg")


def test_pnl_passes_the_chart_its_markers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The chart gets the face value in USD for inverse, and every marker with its label."""
    calls: list[tuple] = []
    monkeypatch.setattr(
        trade, "payoff_svg", lambda *args, **kwargs: calls.append((args, kwargs)) or "<svg/>"
    )
    run("pnl", {**PNL, "kind": "inverse", "side": "long", "size": "300"}, "zh")
    (kind, side, entry, size, markers, unit, lang), _ = calls[0]
    # The P&L card is as wide as the page: a narrow drawing for phones and a wide one.
    assert [kwargs for _, kwargs in calls] == [{"wide": False}, {"wide": True}]
    assert calls[1][0] == calls[0][0]
    assert (kind, side, entry, size, unit, lang) == ("inverse", "long", 30000, 30000, "BTC", "zh")
    assert [key for key, _, _ in markers] == [
        "entry", "liquidation", "bankruptcy", "break_even", "target",
    ]  # fmt: skip
    assert {key: label for key, _, label in markers}["liquidation"] == "强平价"


@pytest.mark.parametrize(
    ("side", "exit_", "liquidation"),
    [
        ("long", "28000", "28,614.46"),  # below the long's liquidation (linear.py docstring)
        ("long", "28614.46", "28,614.46"),  # at it, to the cent
        ("short", "33000", "31,374.50"),  # above the short's
    ],
)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pnl_exit_beyond_liquidation_warns_of_losing_the_margin(
    side: str, exit_: str, liquidation: str, lang: str
) -> None:
    """An exit at or past the isolated liquidation price is never reached: the card says
    the position is liquidated first, losing about its margin (1,500 USDT at 20x)."""
    out = run("pnl", {**PNL, "side": side, "size": "1", "exit": exit_}, lang).outputs
    assert liquidation in out["warning"]
    assert "1,500.00 USDT" in out["warning"]
    assert out["warning"].startswith("Your exit" if lang == "en" else "你的平仓价")


def test_pnl_exit_short_of_liquidation_has_no_warning() -> None:
    assert run("pnl", {**PNL, "side": "long", "size": "1"}).outputs["warning"] == ""
    raw = {**PNL, "side": "short", "size": "1", "exit": "31000"}
    assert run("pnl", raw).outputs["warning"] == ""


@pytest.mark.parametrize(
    "funding", [{"funding_rate": ""}, {"funding_intervals": ""}, {"funding_intervals": "0"}]
)
def test_pnl_without_funding_hides_the_funding_row(funding: dict) -> None:
    """Funding needs both a rate and a count of intervals; otherwise it is not applicable."""
    out = run("pnl", {**PNL, "side": "long", "size": "1", **funding}).outputs
    assert out["funding"] == ""
    assert out["net_pnl"] == "+1,469.25 USDT"  # 1500 - 30.75 fees


def test_coin_amounts_always_have_eight_decimals() -> None:
    """Every coin amount of an inverse position reads to the satoshi, small or not."""
    raw = {**PNL, "kind": "inverse", "side": "long", "size": "1", "funding_intervals": "1"}
    out = run("pnl", raw).outputs
    # 100 USD: margin 100/30000/20 = 0.00016667; funding 100/30000 × 0.0001 = 0.00000033
    assert out["initial_margin"] == "0.00016667 BTC"
    assert out["funding"] == "-0.00000033 BTC (paid)"
    for name in ("gross_pnl", "fees", "net_pnl"):
        assert re.fullmatch(r"[+-]?\d+\.\d{8} BTC", out[name]), (name, out[name])


def test_pnl_without_liquidation_says_so() -> None:
    """A 1x linear long has no liquidation price (linear.liquidation_price docstring)."""
    raw = {**PNL, "side": "long", "size": "1", "leverage": "1", "mmr": "0"}
    assert run("pnl", raw).outputs["liquidation"] == "none: no price liquidates it"
    assert run("pnl", raw).outputs["bankruptcy"] == "none: no price exhausts the margin"


def test_pnl_fees_are_the_engines_trading_fees(monkeypatch: pytest.MonkeyPatch) -> None:
    """The card's fees are contractcalc's trading_fees of both legs (no formula in the page)."""
    calls: list[tuple] = []
    original = linear.trading_fees

    def spy(*args: float) -> float:
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(linear, "trading_fees", spy)
    outcome = run("pnl", {**PNL, "side": "short", "size": "2", "open_fee": "-0.01"})
    assert calls == [(30000, 31500, 2, -0.0001, 0.0005)]
    # -0.0001 × 2 × 30000 + 0.0005 × 2 × 31500 = -6 + 31.5 = 25.5 paid
    assert outcome.outputs["fees"] == "-25.50 USDT"


@pytest.mark.parametrize(
    ("kind", "side", "mmr", "liquidation"),
    [
        # IM = QE rounded: the liquidation is a rounding residue just above 1e-12, shown 0.00
        ("linear", "long", "", "0.00"),
        # F(m - 1)/(IM - F/E) with IM = F/E rounded: far beyond 1e15, a price no chart takes
        ("inverse", "short", "5", "178,564,558,531,928,293,376.00"),
    ],
)
def test_pnl_at_1x_draws_its_chart(kind: str, side: str, mmr: str, liquidation: str) -> None:
    """At 1x the liquidation price can lie at the very edge of (or beyond) the prices the
    engine takes: the card still shows every output, and its chart draws what it can."""
    raw = {**PNL, "kind": kind, "side": side, "entry": "12345.678", "leverage": "1", "mmr": mmr}
    outcome = run("pnl", {**raw, "size": "0.001" if kind == "linear" else "300"})
    assert outcome.errors == {}, outcome.errors
    assert outcome.outputs["liquidation"] == liquidation
    assert outcome.outputs["chart"].startswith("<svg")


# ---------------------------------------------------------------- trade: target, average, max


def test_target_price_and_roe_at_exit() -> None:
    # linear.target_price: 30000 × (1 + 0.5/20) = 30750; ROE at 31500: 20 × 0.05 = +100%.
    raw = {**PAGE, "side": "long", "entry": "30000", "leverage": "20", "roe": "50"}
    out = run("target", {**raw, "exit": "31500"}).outputs
    assert out.pop("work").startswith('<div class="work-body">')  # tests/unit/app/test_worked.py
    assert out == {"target_price": "30,750.00", "roe_at_exit": "+100.00%", "ceiling": ""}
    # inverse.target_price: 30000 / (1 - 1/20) = 31578.95; ROE at 40000: 20 × (1 - 3/4) = 500%.
    out = run("target", {**raw, "kind": "inverse", "roe": "100", "exit": "40000"}).outputs
    assert out["target_price"] == "31,578.95"
    assert out["roe_at_exit"] == "+500.00%"
    assert "2,000.00%" in out["ceiling"]


def test_target_beyond_the_inverse_long_ceiling_is_a_roe_error() -> None:
    raw = {**PAGE, "kind": "inverse", "side": "long", "entry": "30000", "leverage": "20"}
    outcome = run("target", {**raw, "roe": "2000", "exit": ""})
    assert outcome.errors["roe"].code == "inverse_long_roe_ceiling"
    assert "2000%" in i18n.message(outcome.errors["roe"], "zh")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("linear", ("25,000.00", "2.00 BTC")),  # (30000 + 20000) / 2, 1 + 1 BTC
        ("inverse", ("24,000.00", "60,000.00 USD")),  # 60000 / (1 + 1.5) BTC: harmonic
    ],
)
def test_average_entry_arithmetic_or_harmonic(kind: str, expected: tuple) -> None:
    size = "1" if kind == "linear" else "30000"
    raw = {**PAGE, "kind": kind, "price_0": "30000", "size_0": size}
    raw |= {"price_1": "20000", "size_1": size, "price_2": "", "size_2": ""}
    out = run("average", raw).outputs
    assert (out["average"], out["total_size"]) == expected
    assert ("harmonic" in out["note"]) == (kind == "inverse")


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        # linear.max_open_size: 1000 / (1/20 + 0.0005) / 30000 = 0.66006601 BTC.
        ("linear", {"balance": "1000"},
         {"max_size": "0.66006601 BTC", "notional": "19,801.98 USDT", "margin": "990.10 USDT",
          "contracts": ""}),
        # inverse.max_open_size: 0.1 × 30000 / (1/20 + 0.0005) = 59405.94 USD, 594 whole
        # contracts of 100 USD: 59400 USD, worth 59400/30000 = 1.98 BTC, margin 1.98/20.
        ("inverse", {"balance": "0.1", "contract_size": "100"},
         {"max_size": "59,405.94 USD", "notional": "59,400.00 USD (1.98000000 BTC at entry)",
          "margin": "0.09900000 BTC", "contracts": "594 contracts (59,400.00 USD)"}),
        # Without a contract size: the exact face value, no contract count.
        ("inverse", {"balance": "0.1"},
         {"max_size": "59,405.94 USD", "notional": "59,405.94 USD (1.98019802 BTC at entry)",
          "margin": "0.09900990 BTC", "contracts": ""}),
        # 0.0001 BTC buys 59.41 USD: less than one 100 USD contract.
        ("inverse", {"balance": "0.0001", "contract_size": "100"},
         {"max_size": "59.41 USD", "notional": "", "margin": "",
          "contracts": "none: less than one contract of 100.00 USD"}),
    ],
)  # fmt: skip
def test_max_open(kind: str, raw: dict, expected: dict) -> None:
    base = {**PAGE, "kind": kind, "price": "30000", "leverage": "20", "open_fee": "0.05"}
    outputs = run("max_open", {**base, **raw}).outputs
    assert "work-body" in outputs.pop("work")  # its figures: tests/unit/app/test_worked.py
    assert outputs == expected


# ---------------------------------------------------------------- errors on the right fields


@pytest.mark.parametrize(
    ("card", "raw", "field", "code"),
    [
        ("pnl", {**PNL, "side": "long", "size": "3", "kind": "inverse", "contract_size": ""},
         "contract_size", "empty"),
        ("pnl", {**PNL, "side": "long", "size": "1", "funding_intervals": "1.5"},
         "funding_intervals", "not_integer"),
        ("pnl", {**PNL, "side": "long", "size": "1", "coin": "BTC/USDT"}, "coin", "choice"),
        ("pnl", {**PNL, "side": "long", "size": "1", "kind": "spot"}, "kind", "choice"),
        ("pnl", {**PNL, "size": "1"}, "side", "choice"),
        ("pnl", {**PNL, "side": "long", "size": "1", "mmr": "100"}, "mmr", "fraction_range"),
        ("pnl", {**PNL, "side": "long", "size": "1", "close_fee": "100"}, "close_fee",
         "open_interval"),
        ("pnl", {**PNL, "side": "long", "size": "0"}, "size", "not_positive"),
        ("target", {**PAGE, "side": "short", "entry": "1", "leverage": "2", "roe": "", "exit": ""},
         "roe", "empty"),
        ("target", {**PAGE, "side": "short", "entry": "1", "leverage": "2", "roe": "500"},
         "roe", "price_not_positive"),
        ("average", {**PAGE}, "fills", "no_fills"),
        ("average", {**PAGE, "price_0": "30000", "size_0": "-1"}, "fills", "fill"),
        ("average", {**PAGE, "price_0": "abc", "size_0": "1"}, "price_0", "not_a_number"),
        ("max_open", {**PAGE, "balance": "1", "price": "1", "leverage": "20", "open_fee": "-5"},
         "open_fee", "below"),
        ("leverage_for_stop_price", {"open_price": "20000", "stop_price": "20000"},
         "stop_price", "stop_equals_open"),
        ("liquidation_move", {"leverage": "20", "side": "up"}, "side", "choice"),
        ("usdt_profit", {"principal": "1", "leverage": "1", "change": "-100"}, "change",
         "rise_too_small"),
    ],
)  # fmt: skip
def test_bad_input_lands_on_its_field(card: str, raw: dict, field: str, code: str) -> None:
    outcome = run(card, raw)
    assert field in outcome.errors, outcome.errors
    assert outcome.errors[field].code == code
    assert outcome.outputs == {}
    assert CHINESE.search(i18n.message(outcome.errors[field], "zh"))


# ---------------------------------------------------------------- languages and tables


def test_every_calculator_has_an_example() -> None:
    assert set(EXAMPLES) == set(guide.CALCULATORS) | set(trade.CALCULATORS)
    assert set(EXAMPLES) <= set(CALCULATORS)


@pytest.mark.parametrize("card", sorted(EXAMPLES))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_card_renders_in_both_languages(card: str, lang: str) -> None:
    """No KeyError, no error; in Chinese every sentence or phrase output is Chinese."""
    outcome = run(card, EXAMPLES[card], lang)
    assert outcome.errors == {}
    for name, value in outcome.outputs.items():
        if name == "chart" or not value or NUMERIC.match(value):
            continue
        assert bool(CHINESE.search(value)) == (lang == "zh"), (name, value)


def test_chinese_messages_cover_every_code_with_the_same_params() -> None:
    for code, template in MESSAGES.items():
        assert i18n.TEXTS[code]["en"] == template, code
        assert fields(i18n.TEXTS[code]["zh"]) == fields(template), code
        params = {name: 1.5 if name != "detail" else "x" for name, _ in fields(template)}
        assert CHINESE.search(i18n.message(InputError("f", code, **params), "zh"))


def test_chinese_reasons_cover_every_key_with_the_same_params() -> None:
    for key, template in compare.REASONS.items():
        assert i18n.TEXTS[key]["en"] == template, key
        assert fields(i18n.TEXTS[key]["zh"]) == fields(template), key
