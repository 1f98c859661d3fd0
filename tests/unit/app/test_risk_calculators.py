"""The liquidation and position-size cards: raw field text in, what the card shows out.

Expected values are worked by hand from the formulas in contractcalc's docstrings; each
says how in a comment on the same line (E entry, Q size, IM initial margin, m MMR).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from app import assumptions, i18n, presets, tier_input
from app.calculators import run
from app.cards import risk
from contractcalc import InputError, inverse, linear

LIQUIDATION_OUTPUTS = {
    "liquidation",
    "margin_needed",
    "margin_to_add",
    "new_liquidation",
    "bankruptcy",
    "distance",
    "rule_distance",
    "rule_gap",
    "work",
    "margin",
    "maint_margin",
    "liquidation_fee",
    "bracket",
    "brackets_source",
    "tier_max_leverage",
    "leverage_warning",
}
RISK_OUTPUTS = {
    "size",
    "notional",
    "margin",
    "margin_share",
    "risk_amount",
    "max_leverage",
    "leverage_warning",
    "margin_warning",
    "rewards",
    "liquidation",
    "chart",
    "work",
}

#: 1 BTC long at 30,000, 20x isolated, 0.4% MMR, Binance convention.
LIQ = {
    "kind": "linear",
    "coin": "BTC",
    "side": "long",
    "margin_mode": "isolated",
    "entry": "30,000",
    "size": "1",
    "contract_size": "",
    "leverage": "20",
    "wallet": "",
    "other_maint": "",
    "other_upnl": "",
    "mm_source": "rate",
    "mmr": "0.4",
    "maint_amount": "",
    "convention": "binance",
    "brackets": "",
}
#: 300 contracts of 100 USD (30,000 USD) of BTCUSD, otherwise as LIQ.
LIQ_INVERSE = {**LIQ, "kind": "inverse", "size": "300", "contract_size": "100"}

#: Balance 10,000 USDT risking 1% from 30,000 with a stop at 29,000, 10x, 0.4% MMR.
RISK = {
    "kind": "linear",
    "coin": "BTC",
    "side": "long",
    "balance": "10,000",
    "risk": "1",
    "risk_unit": "percent",
    "entry": "30000",
    "stop": "29000",
    "take_profits": "32,000",
    "leverage": "10",
    "mmr": "0.4",
    "open_fee": "",
    "close_fee": "",
    "contract_size": "",
}
#: Balance 0.1 BTC risking 1% (0.001 BTC) in 10 USD contracts of BTCUSD.
RISK_INVERSE = {**RISK, "kind": "inverse", "balance": "0.1", "contract_size": "10"}


def outputs(calculator_id: str, raw: dict, lang: str = "en") -> dict[str, str]:
    outcome = run(calculator_id, raw, lang)
    assert outcome.errors == {}, {k: e.message for k, e in outcome.errors.items()}
    return outcome.outputs


# --- liquidation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            LIQ,
            {
                "liquidation": "28,614.46",  # (IM - QE)/(Q(m - 1)) = 28500/0.996
                "bankruptcy": "28,500.00",  # E - IM/Q = 30000 - 1500
                "distance": "-4.62%",  # 28614.46/30000 - 1
                "rule_distance": "5.00%",  # guide: 1/20
                "margin": "1,500.00 USDT",  # QE/L = 30000/20
                "maint_margin": "114.46 USDT",  # Q LP m = 28614.46 x 0.004
                "bracket": "",
                "brackets_source": "",
            },
        ),
        (
            {**LIQ, "side": "short"},
            {
                "liquidation": "31,374.50",  # (IM + QE)/(Q(m + 1)) = 31500/1.004
                "bankruptcy": "31,500.00",  # E + IM/Q
                "distance": "+4.58%",  # 31374.50/30000 - 1
                "rule_distance": "5.00%",
                "maint_margin": "125.50 USDT",  # 31374.50 x 0.004
            },
        ),
        (
            {**LIQ, "convention": "bybit"},
            {
                "liquidation": "28,620.00",  # Bybit: E - (IM - QEm)/Q = 30000 - (1500 - 120)
                "maint_margin": "120.00 USDT",  # valued at entry: QEm = 30000 x 0.004
            },
        ),
        (
            LIQ_INVERSE,
            {
                "liquidation": "28,685.71",  # F(1 + m)/(IM + F/E) = 30000 x 1.004/1.05
                "bankruptcy": "28,571.43",  # 1/(1/E + IM/F) = 30000/1.05
                "distance": "-4.38%",  # 1.004/1.05 - 1
                "rule_distance": "5.00%",
                "margin": "0.05000000 BTC",  # F/(LE) = 30000/(20 x 30000)
                "maint_margin": "0.00418327 BTC",  # m F/LP = 0.004 x 1.05/1.004
            },
        ),
        (
            {**LIQ_INVERSE, "side": "short"},
            {
                "liquidation": "31,452.63",  # F(1 - m)/(F/E - IM) = 30000 x 0.996/0.95
                "bankruptcy": "31,578.95",  # 1/(1/E - IM/F) = 30000/0.95
                "distance": "+4.84%",  # 0.996/0.95 - 1
                "maint_margin": "0.00381526 BTC",  # 0.004 x 0.95/0.996
            },
        ),
    ],
)
def test_isolated_liquidation(raw: dict, expected: dict) -> None:
    shown = outputs("liquidation", raw)
    assert {name: shown[name] for name in expected} == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {**LIQ, "margin_mode": "cross", "wallet": "3000", "leverage": ""},
            {
                "liquidation": "27,108.43",  # (3000 - 30000)/(0.004 - 1)
                "bankruptcy": "27,000.00",  # 30000 - 3000
                "rule_distance": "10.00%",  # effective leverage 30000/3000 = 10; guide 1/10
                "margin": "3,000.00 USDT",
            },
        ),
        (
            {
                **LIQ,
                "margin_mode": "cross",
                "wallet": "3000",
                "other_maint": "500",
                "other_upnl": "-200",
            },
            {
                "liquidation": "27,811.24",  # (3000 - 500 - 200 - 30000)/(0.004 - 1)
                "bankruptcy": "27,200.00",  # 30000 - (3000 - 200)
                "maint_margin": "111.24 USDT",  # 27811.24 x 0.004
            },
        ),
        (
            {**LIQ, "side": "short", "margin_mode": "cross", "wallet": "3000"},
            {"liquidation": "32,868.53"},  # (3000 + 30000)/(1.004)
        ),
        (
            {**LIQ_INVERSE, "margin_mode": "cross", "wallet": "0.1"},
            {
                "liquidation": "27,381.82",  # F(1 + m)/(W + F/E) = 30120/1.1
                "rule_distance": "10.00%",  # effective leverage (30000/30000 BTC)/0.1 = 10
            },
        ),
    ],
)
def test_cross_liquidation(raw: dict, expected: dict) -> None:
    shown = outputs("liquidation", raw)
    assert {name: shown[name] for name in expected} == expected


@pytest.mark.parametrize("kind_raw", [LIQ, LIQ_INVERSE])
@pytest.mark.parametrize("side", ["long", "short"])
def test_cross_with_the_initial_margin_as_wallet_matches_isolated(
    kind_raw: dict, side: str
) -> None:
    """Cross margin with only this position and its initial margin liquidates like isolated."""
    isolated = outputs("liquidation", {**kind_raw, "side": side, "leverage": "10"})
    wallet = isolated["margin"].split()[0]
    cross = outputs(
        "liquidation", {**kind_raw, "side": side, "margin_mode": "cross", "wallet": wallet}
    )
    assert cross["liquidation"] == isolated["liquidation"]
    assert cross["rule_distance"] == isolated["rule_distance"] == "10.00%"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {**LIQ, "size": "8.5", "mm_source": "tiers"},
            {
                # IM 12750; at the liquidation price the notional (~243,400) is in tier 2:
                # (12750 + 50 - 255000)/(8.5 x (0.005 - 1)) = 242200/8.4575
                "liquidation": "28,637.30",
                "bracket": "Tier 2: 0.50%, amount 50.00 USDT",
            },
        ),
        (
            {**LIQ, "side": "short", "size": "8.5", "mm_source": "tiers"},
            {
                # notional ~266,400 at liquidation, tier 3 (1%, cum 1300):
                # (12750 + 1300 + 255000)/(8.5 x 1.01) = 269050/8.585
                "liquidation": "31,339.55",
                "bracket": "Tier 3: 1.00%, amount 1,300.00 USDT",
            },
        ),
        (
            {**LIQ_INVERSE, "size": "2910", "mm_source": "tiers"},
            {
                # 291,000 USD, IM 0.485 BTC; ~10.14 BTC at liquidation, tier 3 (1%, cum 0.055):
                # 291000 x 1.01/(0.485 + 0.055 + 9.7) = 293910/10.24
                "liquidation": "28,702.15",
                "bracket": "Tier 3: 1.00%, amount 0.05500000 BTC",
            },
        ),
        (
            {**LIQ, "mm_source": "tiers", "brackets": "0, 1\n1,000,000, 2"},
            {
                "liquidation": "28,787.88",  # tier 1 at 1%: (1500 - 30000)/(0.01 - 1)
                "bracket": "Tier 1: 1.00%, amount 0.00 USDT",
                "brackets_source": "",  # a table of one's own has no source line
            },
        ),
    ],
)
def test_tiered_liquidation(raw: dict, expected: dict) -> None:
    shown = outputs("liquidation", raw)
    assert {name: shown[name] for name in expected} == expected


@pytest.mark.parametrize("kind", ["linear", "inverse"])
def test_the_example_table_names_its_source_whether_left_empty_or_typed(kind: str) -> None:
    base = {**(LIQ if kind == "linear" else LIQ_INVERSE), "mm_source": "tiers"}
    source = assumptions.engine(kind).EXAMPLE_BRACKETS_SOURCE
    empty = outputs("liquidation", base)
    typed = outputs("liquidation", {**base, "brackets": tier_input.example_brackets_text(kind)})
    assert source in empty["brackets_source"]
    assert typed == empty


def test_tiers_differ_from_the_entry_bracket_rate() -> None:
    """Tiers take the bracket at the liquidation price, not the one at entry."""
    tiers = outputs("liquidation", {**LIQ, "size": "8.5", "mm_source": "tiers"})
    # tier 3 at entry (1%, cum 1300): (12750 + 1300 - 255000)/(8.5 x (0.01 - 1)) = 240950/8.415
    rate = outputs("liquidation", {**LIQ, "size": "8.5", "mmr": "1", "maint_amount": "1,300"})
    assert rate["liquidation"] == "28,633.39"
    assert tiers["liquidation"] != rate["liquidation"]
    assert rate["bracket"] == rate["brackets_source"] == ""


def test_rule_gap_explains_the_maintenance_margin() -> None:
    gap = outputs("liquidation", LIQ)["rule_gap"]
    assert gap == (
        "The guide's rule 1/20 = 5.00%; the exact distance is 4.62% because the exchange "
        "liquidates when the equity falls to the maintenance margin, not to zero."
    )


def test_rule_gap_names_every_reason_that_applies() -> None:
    gap = outputs(
        "liquidation",
        {**LIQ_INVERSE, "margin_mode": "cross", "wallet": "0.1", "other_upnl": "0.01"},
    )["rule_gap"]
    assert "maintenance margin" in gap
    assert "1/price" in gap
    assert "cross margin" in gap


def test_rule_is_exact_for_linear_without_maintenance() -> None:
    shown = outputs("liquidation", {**LIQ, "mmr": ""})
    assert shown["liquidation"] == "28,500.00"  # E(1 - 1/L): liquidation at bankruptcy
    assert shown["maint_margin"] == "0.00 USDT"
    assert "is exact here (5.00%)" in shown["rule_gap"]


def test_a_1x_long_is_never_liquidated() -> None:
    shown = outputs("liquidation", {**LIQ, "leverage": "1", "mmr": "0"})
    assert shown["liquidation"].startswith("Never liquidated")
    assert shown["bankruptcy"].startswith("None")  # E - QE/Q = 0
    assert shown["distance"] == shown["maint_margin"] == ""
    assert "no price does" in shown["rule_gap"]


def test_margin_below_maintenance_at_entry_is_explained() -> None:
    # 300x: IM 100 < MM 150 at entry, so LP = (100 - 30000)/(0.005 - 1) = 30050.25 > E
    shown = outputs("liquidation", {**LIQ, "leverage": "300", "mmr": "0.5"})
    assert shown["liquidation"] == "30,050.25"
    assert "liquidate at once" in shown["rule_gap"]


def test_cross_equity_already_negative() -> None:
    raw = {**LIQ, "margin_mode": "cross", "wallet": "3000", "other_upnl": "-5000"}
    assert outputs("liquidation", raw)["bankruptcy"].startswith("Already")


# --- brackets text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0, 0.4\n50,000, 0.5", [(0.0, 0.004), (50_000.0, 0.005)]),  # comma after thousands
        ("0,0.4\n50,000,0.5", [(0.0, 0.004), (50_000.0, 0.005)]),  # no spaces
        ("0\t0.4%\n50000\t0.5 %", [(0.0, 0.004), (50_000.0, 0.005)]),  # pasted from a sheet
        ("0; 0.4\n1 000 000; 2.5", [(0.0, 0.004), (1_000_000.0, 0.025)]),  # space thousands
        ("0 0.4\n\n  250000   1  \n", [(0.0, 0.004), (250_000.0, 0.01)]),  # blank lines
        ("0，0.4\n50,000；0.5％", [(0.0, 0.004), (50_000.0, 0.005)]),  # full-width punctuation
    ],
)
def test_bracket_text_is_read(typed: str, expected: list) -> None:
    assert tier_input.read_tiers(typed, "linear", "notional").brackets == expected


@pytest.mark.parametrize(
    ("typed", "code", "params", "english", "chinese"),
    [
        ("0, 0.4\nfifty, 0.5", "tiers_line_floor", {"line": 2, "text": "fifty"},
         'Line 2: the floor "fifty" must be a number of zero or more.',
         "第 2 行：名义价值下限“fifty”必须是大于或等于 0 的数字。"),
        ("0, 0.4\n\n50,000, 120", "tiers_line_rate", {"line": 3, "text": "120"},
         'Line 3: the rate "120" must be at least 0 and below 100%.',
         "第 3 行：维持保证金率“120”必须不小于 0 且小于 100%。"),
        ("0, 0.4\n50,000", "tiers_line_fields", {"line": 2},
         "Line 2: write a floor and a maintenance rate", "第 2 行：请填写名义价值下限"),
        ("0, 0.4, 9, 1", "tiers_line_fields", {"line": 1},
         "Line 1: write a floor", "第 1 行：请填写"),
        ("0, 0.4, 0", "tiers_line_leverage", {"line": 1, "text": "0"},
         'Line 1: the maximum leverage "0" must be above 0.', "第 1 行：最大杠杆“0”必须大于 0。"),
        ("0, 0.4, many", "tiers_line_leverage", {"line": 1, "text": "many"},
         'Line 1: the maximum leverage "many"', "第 1 行：最大杠杆“many”"),
        ("100, 0.4", "tiers_line_first", {"line": 1},
         "Line 1: the first floor must be 0.", "第 1 行：第一档的名义价值下限必须为 0。"),
        ("0, 0.4\n0, 0.5", "tiers_line_order", {"line": 2},
         "Line 2: each floor must be above the one before.", "第 2 行：每一档的下限都必须高于"),
        ("0, 0.4\n-5, 1", "tiers_line_floor", {"line": 2, "text": "-5"},
         'Line 2: the floor "-5" must be', "第 2 行：名义价值下限“-5”"),
        ("0, x", "tiers_line_rate", {"line": 1, "text": "x"},
         'Line 1: the rate "x" must be', "第 1 行：维持保证金率“x”"),
    ],
)  # fmt: skip
def test_bad_bracket_lines_are_named_in_both_languages(
    typed: str, code: str, params: dict, english: str, chinese: str
) -> None:
    with pytest.raises(InputError) as caught:
        tier_input.read_tiers(typed, "linear", "notional")
    assert caught.value.field == "brackets"
    assert (caught.value.code, caught.value.params) == (code, params)
    assert i18n.message(caught.value, "en").startswith(english)
    assert i18n.message(caught.value, "zh").startswith(chinese)


@pytest.mark.parametrize(
    ("typed", "brackets", "leverages"),
    [
        ("0, 0.4, 125\n50,000, 0.5, 100", [(0.0, 0.004), (50_000.0, 0.005)], (125.0, 100.0)),
        ("0,0.4,125\n50,000,0.5,100", [(0.0, 0.004), (50_000.0, 0.005)], (125.0, 100.0)),
        ("0 0.4 125x\n1 000 000 2.5 20×", [(0.0, 0.004), (1_000_000.0, 0.025)], (125.0, 20.0)),
        ("0\t0.4%\t125\n50000\t0.5%", [(0.0, 0.004), (50_000.0, 0.005)], (125.0, None)),
        ("0, 0.4\n50,000, 0.5", [(0.0, 0.004), (50_000.0, 0.005)], (None, None)),
    ],
)
def test_a_third_column_is_the_tiers_maximum_leverage(
    typed: str, brackets: list, leverages: tuple
) -> None:
    """Optional per line; "0.4,125" is a rate and a leverage, never 0.4125 (no thousands
    after a decimal point); the two-column table reads as before."""
    box = tier_input.read_tiers(typed, "linear", "notional")
    assert box == (brackets, "notional", leverages, False)


def test_the_tier_text_round_trips_its_leverages() -> None:
    text = presets.tiers_text([(0.0, 0.004), (50_000.0, 0.005)], (125.0, None))
    assert text == "0, 0.4, 125\n50,000, 0.5"
    assert tier_input.read_tiers(text, "linear", "notional").max_leverage == (125.0, None)


#: Binance BTCUSDT brackets 1-4 with their initialLeverage, from freqtrade's copy of
#: GET /fapi/v1/leverageBracket (https://github.com/freqtrade/freqtrade/blob/
#: 3d9514d2660c42dfdbde517f7b421d1a5cf4f196/freqtrade/exchange/binance_leverage_tiers.json,
#: commit of 2024-10-24, read 2026-12-04).
BTCUSDT_TIERS = "0, 0.4, 125\n50,000, 0.5, 100\n600,000, 0.65, 75\n3,000,000, 1, 50"


@pytest.mark.parametrize(
    ("size", "leverage", "shown", "warned"),
    [
        # 1 BTC at 30,000 is worth 30,000 USDT: bracket 1 (below 50,000), 125x.
        ("1", "100", "125×", False),
        # 10 BTC: 300,000 USDT, bracket 2 (50,000 to 600,000), 100x: 125x is too much.
        ("10", "125", "100×", True),
        # 100 BTC: 3,000,000 USDT, exactly bracket 4's floor (Binance starts a bracket at
        # its floor), 50x: 75x is too much.
        ("100", "75", "50×", True),
        ("100", "50", "50×", False),
    ],
)
def test_the_tiers_maximum_leverage_is_shown_beside_the_position(
    size: str, leverage: str, shown: str, warned: bool
) -> None:
    raw = {**LIQ, "mm_source": "tiers", "brackets": BTCUSDT_TIERS, "size": size}
    out = outputs("liquidation", {**raw, "leverage": leverage})
    assert out["tier_max_leverage"] == shown
    assert bool(out["leverage_warning"]) == warned
    if warned:
        assert out["leverage_warning"].startswith(
            f"A position worth {30_000 * int(size):,}.00 USDT is in tier"
        )
        assert (
            f"at most {shown}: the exchange will not open it at {leverage}×"
            in (out["leverage_warning"])
        )


def test_no_maximum_leverage_without_one_in_the_table_or_under_cross_margin() -> None:
    two_columns = {**LIQ, "mm_source": "tiers", "brackets": "0, 0.4\n50,000, 0.5"}
    assert outputs("liquidation", two_columns)["tier_max_leverage"] == ""
    cross = {**LIQ, "mm_source": "tiers", "brackets": BTCUSDT_TIERS, "size": "10"}
    cross.update(margin_mode="cross", wallet="3000", leverage="125")
    out = outputs("liquidation", cross)
    assert out["tier_max_leverage"] == "100×"  # the tier still has its cap
    assert out["leverage_warning"] == ""  # cross margin takes no leverage here
    rate = outputs("liquidation", {**LIQ, "brackets": BTCUSDT_TIERS, "leverage": "125"})
    assert rate["tier_max_leverage"] == rate["leverage_warning"] == ""


def test_the_tier_leverage_warning_in_chinese() -> None:
    raw = {**LIQ, "mm_source": "tiers", "brackets": BTCUSDT_TIERS, "size": "10"}
    warning = outputs("liquidation", {**raw, "leverage": "125"}, "zh")["leverage_warning"]
    assert warning.startswith("价值 300,000.00 USDT 的仓位处于第 2 档，该档最多允许 100×")


@pytest.mark.parametrize("engine", [linear, inverse])
def test_example_table_text_reads_back_exactly(engine: object) -> None:
    kind = "linear" if engine is linear else "inverse"
    text = tier_input.example_brackets_text(kind)
    assert text.splitlines()[0] == "0, 0.4"
    assert tier_input.read_tiers(text, kind, "notional").brackets == list(engine.EXAMPLE_BRACKETS)
    assert tier_input.read_tiers("  \n", kind, "notional").brackets == list(engine.EXAMPLE_BRACKETS)


# --- position size from risk -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            RISK,
            {
                "size": "0.10 BTC",  # 100 USDT / (30000 - 29000)
                "notional": "3,000.00 USDT",  # 0.1 x 30000
                "margin": "300.00 USDT",  # 3000/10
                "margin_share": "3.00%",  # 300/10000
                "risk_amount": "100.00 USDT",  # 1% of 10000
                "max_leverage": "26.88×",  # 1/(d + m - dm), d = 1/30: 1/0.0372 = 26.88
                "leverage_warning": "",
                "margin_warning": "",
                "rewards": "TP1 32,000.00: +200.00 USDT, R:R 2.00",  # 0.1 x 2000 / 100
                "liquidation": "27,108.43",  # (300 - 3000)/(0.1 x (0.004 - 1))
            },
        ),
        (
            {
                **RISK,
                "side": "short",
                "risk": "100",
                "risk_unit": "amount",
                "stop": "31000",
                "take_profits": "28000",
            },
            {
                "size": "0.10 BTC",  # 100 / (31000 - 30000)
                "max_leverage": "26.69×",  # 1/(d + m + dm) = 1/0.0374667 = 26.690
                "rewards": "TP1 28,000.00: +200.00 USDT, R:R 2.00",  # 0.1 x 2000
                "liquidation": "32,868.53",  # (300 + 3000)/(0.1 x 1.004)
            },
        ),
        (
            RISK_INVERSE,
            {
                # F = 0.001 / (1/29000 - 1/30000) = 0.001 x 870,000 = 870 USD = 87 x 10 USD
                "size": "87 contracts (870.00 USD)",
                "notional": "0.02900000 BTC",  # 870/30000
                "margin": "0.00290000 BTC",  # 0.029/10
                "margin_share": "2.90%",  # 0.0029/0.1
                "risk_amount": "0.00100000 BTC",
                "max_leverage": "25.89×",  # (1 - d)/(d + m) = 0.966667/0.0373333 = 25.893
                # 870 x (1/30000 - 1/32000) = 0.0018125 BTC; R:R 0.0018125/0.001
                "rewards": "TP1 32,000.00: +0.00181250 BTC, R:R 1.81",
                "liquidation": "27,381.82",  # F(1 + m)/(IM + F/E) = 873.48/0.0319
            },
        ),
        (
            {**RISK_INVERSE, "side": "short", "stop": "31000", "take_profits": "28000"},
            {
                "size": "93 contracts (930.00 USD)",  # 0.001 / (1/30000 - 1/31000) = 930
                "max_leverage": "27.67×",  # (1 + d)/(d + m) = 1.033333/0.0373333 = 27.679
                # 930 x (1/28000 - 1/30000) = 0.00221429 BTC; R:R 2.214
                "rewards": "TP1 28,000.00: +0.00221429 BTC, R:R 2.21",
                "liquidation": "33,200.00",  # F(m - 1)/(IM - F/E) = -926.28/-0.0279
            },
        ),
        (
            {**RISK, "risk": "100", "risk_unit": "amount", "open_fee": "0.05", "close_fee": "0.05"},
            {
                # loss per coin 1000 + 0.0005 x 30000 + 0.0005 x 29000 = 1029.5
                "size": "0.09713453 BTC",  # 100/1029.5
                # 0.09713453 x 2000 - 0.0005 x 0.09713453 x (30000 + 32000) = 194.27 - 3.01
                "rewards": "TP1 32,000.00: +191.26 USDT, R:R 1.91",
            },
        ),
    ],
)
def test_position_size_from_risk(raw: dict, expected: dict) -> None:
    shown = outputs("risk", raw)
    assert {name: shown[name] for name in expected} == expected


def test_inverse_size_is_rounded_down_to_whole_contracts() -> None:
    """With 0.05% fees each way the risk buys 845.8 USD of face value: 84 whole 10 USD
    contracts, so the loss at the stop stays within the risk; the rest follows from 840 USD."""
    shown = outputs("risk", {**RISK_INVERSE, "open_fee": "0.05", "close_fee": "0.05"})
    assert shown["size"] == "84 contracts (840.00 USD)"
    assert shown["notional"] == "0.02800000 BTC"  # 840/30000
    assert shown["margin"] == "0.00280000 BTC"  # at 10x


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_risk_below_one_inverse_contract_says_so(lang: str) -> None:
    """0.001 BTC of risk buys 870 USD of face value: less than one 1,000 USD contract, which
    would lose 1000 × (1/29000 - 1/30000) = 0.00114943 BTC at the stop."""
    shown = outputs("risk", {**RISK_INVERSE, "contract_size": "1000"}, lang)
    assert "1,000.00 USD" in shown["size"]
    assert "0.00114943 BTC" in shown["size"]
    assert "0 contracts" not in shown["size"]
    assert shown["size"].startswith("Less than one contract" if lang == "en" else "不足一张")
    for name in ("notional", "margin", "margin_share", "rewards", "liquidation", "chart"):
        assert shown[name] == "", name
    assert shown["max_leverage"] == "25.89×"


def test_leverage_above_the_safe_maximum_warns() -> None:
    shown = outputs("risk", {**RISK, "leverage": "30"})
    # IM 100: (100 - 3000)/(0.1 x (0.004 - 1)) = 29116.47, above the stop at 29000
    assert shown["leverage_warning"] == (
        "At 30× this position is liquidated at 29,116.47, before your stop at 29,000.00, "
        "and loses its whole margin of 100.00 USDT there, not the risk you chose: "
        "use at most 26.88×."
    )
    assert shown["liquidation"] == "29,116.47"


def test_margin_above_the_balance_warns() -> None:
    # stop 100 away: 1 BTC, 30,000 USDT at 2x = 15,000 USDT of margin > 10,000
    shown = outputs("risk", {**RISK, "stop": "29900", "leverage": "2"})
    assert shown["margin"] == "15,000.00 USDT"
    assert shown["margin_warning"].startswith(
        "The margin of 15,000.00 USDT is more than your balance of 10,000.00 USDT"
    )
    assert shown["leverage_warning"] == ""


def test_each_take_profit_gets_a_line() -> None:
    shown = outputs("risk", {**RISK, "take_profits": "32,000; 27000 34000"})
    assert shown["rewards"].splitlines() == [
        "TP1 32,000.00: +200.00 USDT, R:R 2.00",  # 0.1 x 2000
        "TP2 27,000.00: on the losing side for a long, not a take-profit",
        "TP3 34,000.00: +400.00 USDT, R:R 4.00",  # 0.1 x 4000
    ]


def test_no_take_profits_shows_no_rewards() -> None:
    assert outputs("risk", {**RISK, "take_profits": ""})["rewards"] == ""


# --- the risk card's payoff chart --------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def chart_marks(svg: str) -> list[tuple[str, str]]:
    """(marker class modifier, label) of every marked price, left to right."""
    root = ET.fromstring(svg)
    marks = []
    for group in root.iter(SVG + "g"):
        line = group.find(SVG + "line")
        label = group.find(SVG + "text")
        assert line is not None
        assert label is not None
        (modifier,) = [c for c in line.get("class", "").split() if c.startswith("pc-marker--")]
        marks.append((modifier.removeprefix("pc-marker--"), label.text or ""))
    return marks


def test_risk_chart_marks_entry_stop_targets_liquidation_and_break_even() -> None:
    """The risk card draws the position's payoff with its entry, stop, each take-profit, the
    liquidation price at the chosen leverage and the break-even price."""
    shown = outputs("risk", {**RISK, "take_profits": "32,000; 34000", "open_fee": "0.05"})
    svg = shown["chart"]
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'class="pc-marker pc-marker--stop"' in svg
    assert 'class="pc-marker pc-marker--target"' in svg
    marks = chart_marks(svg)
    assert [label for key, label in marks if key == "target"] == ["TP1", "TP2"]
    assert {key for key, _ in marks} == {"entry", "stop", "target", "liquidation", "break-even"}
    # 10x isolated, 0.4% MMR: liquidation (IM - QE)/(Q(m - 1)) = 27000/0.996 = 27,108.43
    assert "Liquidation 27,108.43" in svg
    # break-even with 0.05% to open: E(1 + 0.0005) = 30,015
    assert "Break-even 30,015.00" in svg


def test_risk_chart_leaves_out_take_profits_on_the_losing_side() -> None:
    """A take-profit on the losing side is no target; the others keep their typed number."""
    svg = outputs("risk", {**RISK, "take_profits": "32,000; 27000 34000"})["chart"]
    targets = [label for key, label in chart_marks(svg) if key == "target"]
    assert targets == ["TP1", "TP3"]
    assert svg.count("pc-marker--target") == 2


def test_risk_chart_without_take_profits_has_no_target() -> None:
    svg = outputs("risk", {**RISK, "take_profits": ""})["chart"]
    assert "pc-marker--stop" in svg
    assert "pc-marker--target" not in svg


def test_risk_chart_labels_in_chinese_for_a_coin_margined_short() -> None:
    """Labels come from the card's TEXT table; the PnL axis is in the coin."""
    raw = {**RISK_INVERSE, "side": "short", "stop": "31000", "take_profits": "28000 27000"}
    svg = outputs("risk", raw, "zh")["chart"]
    labels = [label for _, label in chart_marks(svg)]
    assert [label for label in labels if label.startswith("止盈")] == ["止盈2", "止盈1"]
    assert {"开仓价", "止损价", "强平价", "保本价"} <= set(labels)
    assert "空头收益图" in svg
    assert "盈亏 (BTC)" in svg


def test_risk_chart_at_1x_draws_a_liquidation_near_zero() -> None:
    """A 1x long with fees liquidates at about 1e-12 (the card shows 0.00): the chart still
    draws, its price axis stopping at that marker, and the card shows no error."""
    shown = outputs("risk", {**RISK, "leverage": "1", "open_fee": "0.05", "close_fee": "0.05"})
    assert shown["liquidation"] == "0.00"
    assert chart_marks(shown["chart"])[0][0] == "liquidation"  # the leftmost mark


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("36000 38000", [36000.0, 38000.0]),
        ("36,000; 38,000", [36000.0, 38000.0]),
        ("36,000, 38,000", [36000.0, 38000.0]),
        ("36,000,38,000", [36000.0, 38000.0]),  # commas grouping thousands stay
        ("36000,38000", [36000.0, 38000.0]),
        ("1.5, 2.25;3", [1.5, 2.25, 3.0]),
        ("36000、38000", [36000.0, 38000.0]),
        ("  ", []),
    ],
)
def test_take_profits_are_read(typed: str, expected: list) -> None:
    assert risk.parse_take_profits(typed) == expected


@pytest.mark.parametrize(("typed", "code"), [("abc", "not_a_number"), ("36 000", "not_positive")])
def test_bad_take_profits(typed: str, code: str) -> None:
    with pytest.raises(InputError) as caught:
        risk.parse_take_profits(typed)
    assert (caught.value.field, caught.value.code) == ("take_profits", code)


# --- both languages, every key, every field ---------------------------------------------

#: (card, raw fields, figures): each figure worked by hand, each output starting with its
#: figure in both languages (numbers are not translated, only the words after them); ""
#: means the output is left empty.
SCENARIOS = [
    (
        "liquidation",
        LIQ,
        {
            "liquidation": "28,614.46",  # (IM - QE)/(Q(m - 1)) = 28500/0.996
            "margin": "1,500.00 USDT",  # QE/L = 30000/20
        },
    ),
    (
        "liquidation",
        {**LIQ, "side": "short", "convention": "bybit"},
        {
            "liquidation": "31,380.00",  # Bybit: (QEm + sQE - IM)/(sQ) = (120 - 30000 - 1500)/-1
            "bankruptcy": "31,500.00",  # E + IM/Q
        },
    ),
    (
        "liquidation",
        {**LIQ_INVERSE, "mm_source": "tiers"},
        {
            # the first tier is 0.4% with no amount: F(1 + m)/(IM + F/E) = 30000 x 1.004/1.05
            "liquidation": "28,685.71",
            "margin": "0.05000000 BTC",  # F/(LE) = 30000/(20 x 30000)
        },
    ),
    (
        "liquidation",
        {**LIQ_INVERSE, "margin_mode": "cross", "wallet": "0.1", "other_maint": "1"},
        {
            # 0.1 + 30000(1/30000 - 1/P) = 30000 x 0.004/P + 1  ->  0.1 = 30120/P
            "liquidation": "301,200.00",
            "bankruptcy": "27,272.73",  # 1/(1/E + WB/F) = 30000/1.1
        },
    ),
    (
        "liquidation",
        {**LIQ, "leverage": "1", "mmr": ""},
        {
            # no MMR at 1x: equity Q P stays above 0 = maintenance for every P > 0, so no
            # price, no distance and no maintenance at a price
            "margin": "30,000.00 USDT",  # QE/1
            "distance": "",
            "maint_margin": "",
        },
    ),
    (
        "liquidation",
        {**LIQ, "leverage": "300", "mmr": "0.5"},
        {
            "liquidation": "30,050.25",  # (IM - QE)/(Q(m - 1)) = (100 - 30000)/(0.005 - 1)
            "margin": "100.00 USDT",  # 30000/300
        },
    ),
    (
        "liquidation",
        {**LIQ, "margin_mode": "cross", "wallet": "3", "other_upnl": "-5"},
        {
            "liquidation": "30,122.49",  # (WB + upnl - QE)/(Q(m - 1)) = 30002/0.996
            "margin": "3.00 USDT",  # cross: the wallet
        },
    ),
    (
        "risk",
        {**RISK, "leverage": "30", "stop": "29900", "take_profits": "31000 29000"},
        {
            "risk_amount": "100.00 USDT",  # 1% of 10,000
            "size": "1.00 BTC",  # 100/(30000 - 29900)
            "margin": "1,000.00 USDT",  # 30000/30
            "liquidation": "29,116.47",  # (1000 - 30000)/(0.004 - 1)
        },
    ),
    (
        "risk",
        {**RISK_INVERSE, "side": "short", "stop": "31000", "take_profits": "28000"},
        {
            "risk_amount": "0.00100000 BTC",  # 1% of 0.1
            # F(1/E - 1/S) = 0.001  ->  F = 0.001 x 30000 x 31000/1000 = 930 USD: 93 x 10 USD
            "size": "93 ",
            "notional": "0.03100000 BTC",  # F/E = 930/30000
            "margin": "0.00310000 BTC",  # F/(LE) at 10x
            "liquidation": "33,200.00",  # F(m - 1)/(IM - F/E) = 930 x -0.996/-0.0279
        },
    ),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("calculator_id", "raw", "figures"), SCENARIOS)
def test_every_output_renders_in_both_languages(
    calculator_id: str, raw: dict, figures: dict, lang: str
) -> None:
    """Every output of the card is text in either language, and the figures worked by hand
    are the ones shown (or the output is empty where there is nothing to show)."""
    shown = outputs(calculator_id, raw, lang)
    names = LIQUIDATION_OUTPUTS if calculator_id == "liquidation" else RISK_OUTPUTS
    assert set(shown) == names
    assert all(isinstance(value, str) for value in shown.values())
    for key, figure in figures.items():
        if figure:
            assert shown[key].startswith(figure), (key, shown[key], figure)
        else:
            assert shown[key] == "", (key, shown[key])


def test_chinese_phrases_are_chinese() -> None:
    shown = outputs("liquidation", {**LIQ, "mm_source": "tiers"}, "zh")
    assert shown["rule_gap"].startswith("经验法则 1/20 = 5.00%；精确距离为 4.62%")
    assert shown["bracket"] == "第 1 档：维持保证金率 0.40%，维持保证金速算额 0.00 USDT"
    warning = outputs("risk", {**RISK, "leverage": "30"}, "zh")["leverage_warning"]
    assert warning.startswith("在 30× 杠杆下，该仓位会在 29,116.47 被强平")


@pytest.mark.parametrize(
    ("calculator_id", "raw", "field", "value"),
    [
        ("liquidation", LIQ, "kind", "spot"),
        ("liquidation", LIQ, "coin", "BTC/USDT"),
        ("liquidation", LIQ, "coin", ""),
        ("liquidation", LIQ, "side", "up"),
        ("liquidation", LIQ, "margin_mode", "hedge"),
        ("liquidation", LIQ, "entry", "abc"),
        ("liquidation", LIQ, "entry", "0"),
        ("liquidation", LIQ, "size", "-1"),
        ("liquidation", LIQ_INVERSE, "size", "0"),
        ("liquidation", LIQ, "leverage", ""),
        ("liquidation", LIQ, "leverage", "0"),
        ("liquidation", {**LIQ, "margin_mode": "cross"}, "wallet", ""),
        ("liquidation", {**LIQ, "margin_mode": "cross"}, "wallet", "0"),
        ("liquidation", {**LIQ, "margin_mode": "cross", "wallet": "3000"}, "other_maint", "-5"),
        ("liquidation", {**LIQ, "margin_mode": "cross", "wallet": "3000"}, "other_upnl", "x"),
        ("liquidation", LIQ, "mm_source", "auto"),
        ("liquidation", LIQ, "mmr", "100"),
        ("liquidation", LIQ, "mmr", "abc"),
        ("liquidation", LIQ, "maint_amount", "-1"),
        ("liquidation", LIQ, "convention", "okx"),
        ("liquidation", {**LIQ, "mm_source": "tiers"}, "brackets", "0, 0.4\nfoo"),
        ("liquidation", LIQ_INVERSE, "contract_size", ""),
        ("liquidation", LIQ_INVERSE, "contract_size", "0"),
        ("risk", RISK, "kind", "x"),
        ("risk", RISK, "coin", "!"),
        ("risk", RISK, "side", "x"),
        ("risk", RISK, "balance", "0"),
        ("risk", RISK, "balance", "x"),
        ("risk", RISK, "risk", "0"),
        ("risk", RISK, "risk", "150"),
        ("risk", {**RISK, "risk_unit": "amount"}, "risk", "10000"),
        ("risk", RISK, "risk_unit", "bps"),
        ("risk", RISK, "entry", "0"),
        ("risk", RISK, "stop", "30000"),
        ("risk", RISK, "stop", "31000"),
        ("risk", {**RISK, "side": "short"}, "stop", "29000"),
        ("risk", RISK, "take_profits", "abc"),
        ("risk", RISK, "leverage", "0"),
        ("risk", RISK, "leverage", ""),
        ("risk", RISK, "mmr", "100"),
        ("risk", RISK, "open_fee", "100"),
        ("risk", RISK, "close_fee", "x"),
        ("risk", RISK_INVERSE, "contract_size", ""),
        ("risk", RISK_INVERSE, "contract_size", "-10"),
    ],
)
def test_bad_input_lands_on_its_field(
    calculator_id: str, raw: dict, field: str, value: str
) -> None:
    outcome = run(calculator_id, {**raw, field: value})
    assert set(outcome.errors) == {field}
    assert outcome.outputs == {}


@pytest.mark.parametrize("side", ["long", "short"])
def test_the_distance_to_liquidation_is_never_coloured_as_a_gain_or_a_loss(side: str) -> None:
    """A short's liquidation lies above its entry, so its distance reads "+": a danger, not a
    gain. The page colours only outputs declared signed; the distance is not one."""
    outcome = run("liquidation", {**LIQ, "side": side}, "en")
    assert outcome.outputs["distance"].startswith("+" if side == "short" else "-")
    assert "distance" not in outcome.signs
