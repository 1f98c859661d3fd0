"""The account card, and the "add" parts of the average and liquidation cards: raw field text
in, what the card shows out.

Expected values are worked by hand from the formulas in contractcalc's docstrings; each
says how in a comment on the same line (W wallet, Q size, E entry, M mark, m rate).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from app.calculators import CALCULATORS, run
from app.cards import account
from app.layout import GROUPS
from app.spec import Field, parse_rows

from scripts.build import card_defaults

COLUMNS = ("symbol", "side", "size", "entry", "mark", "mmr", "maint_amount")
ACCOUNT_OUTPUTS = {
    "equity",
    "unrealized_pnl",
    "maintenance",
    "liquidation_fee",
    "margin_ratio",
    "free",
    "move",
    "warning",
    "note",
    "chart",
}


def raw(wallet: str, *rows: tuple[str, ...], kind: str = "linear", **extra: str) -> dict:
    """The card's raw texts: the toolbar's, the wallet, and each row's cells by index."""
    texts = {"kind": kind, "coin": "BTC", "exchange": "custom", "wallet": wallet, **extra}
    for index, row in enumerate(rows):
        texts.update({f"{c}_{index}": v for c, v in zip(COLUMNS, row, strict=True)})
    return texts


BINANCE = raw(
    "1535443.01",
    ("ETHUSDT", "long", "3683.979", "1456.84", "1335.18", "10", "135365"),
    ("BTCUSDT", "long", "109.488", "32481.98", "31967.27", "2.5", "16300"),
)
HEDGE = raw(
    "10000",
    ("BTCUSDT", "long", "2", "30000", "30000", "0.5", ""),
    ("BTCUSDT", "short", "1", "30000", "30000", "0.5", ""),
)


def shown(texts: dict, lang: str = "en") -> dict[str, str]:
    outcome = run("account", texts, lang)
    assert outcome.errors == {}
    return outcome.outputs


def test_binance_cross_margin_example() -> None:
    out = shown(BINANCE)
    assert out["liquidation_0"] == "1,153.26"  # Binance FAQ, cross margin: ETHUSDT
    assert out["liquidation_1"] == "26,316.89"  # Binance FAQ, cross margin: BTCUSDT
    assert out["equity"] == "1,030,895.56 USDT"  # contractcalc.account.summary doctest
    assert out["maintenance"] == "427,713.32 USDT"
    assert out["margin_ratio"] == "41.49%"
    assert out["distance_0"] == "-13.63%"  # 1,153.26 / 1,335.18 - 1
    assert out["warning"] == ""


def test_hedge_mode_one_price_for_both_sides() -> None:
    out = shown(HEDGE)
    # 10,000 + 2(P - 30,000) - (P - 30,000) = 0.005 x 3 x P: P = 20,000 / 0.985
    assert out["liquidation_0"] == out["liquidation_1"] == "20,304.57"
    assert out["distance_1"] == "-32.32%"
    assert out["equity"] == "10,000.00 USDT"
    assert out["maintenance"] == "450.00 USDT"  # 0.005 x 3 x 30,000
    # common move: 10,000 + 30,000 r = 450 (1 + r): r = -9,550 / 29,550
    assert out["move"] == "-32.32% (all prices fall)"


def test_short_book_liquidates_on_a_rise() -> None:
    out = shown(raw("1000", ("BTCUSDT", "short", "1", "30000", "30000", "0.5", "")))
    # 1,000 - (P - 30,000) = 0.005 P: P = 31,000 / 1.005
    assert out["liquidation_0"] == "30,845.77"
    assert out["distance_0"] == "+2.82%"
    assert out["move"].endswith("(all prices rise)")


def test_the_move_to_liquidation_is_never_coloured_as_a_gain() -> None:
    """A short book's "+2.80% (all prices rise)" is the way to its liquidation, not a profit."""
    outcome = run("account", raw("1000", ("BTCUSDT", "short", "1", "30000", "30000", "0.5", "")))
    assert outcome.outputs["move"].startswith("+")
    assert "move" not in outcome.signs


def test_inverse_account_in_coin() -> None:
    out = shown(
        raw("0.1", ("BTCUSD", "long", "30000", "30000", "30000", "0.5", ""), kind="inverse")
    )
    # 0.1 + 30,000 (1/30,000 - 1/P) = 0.005 x 30,000 / P: P = 30,150 / 1.1
    assert out["liquidation_0"] == "27,409.09"
    assert out["equity"] == "0.10000000 BTC"
    assert out["maintenance"] == "0.00500000 BTC"  # 0.005 x 30,000 / 30,000


def test_liquidation_fee_and_convention_follow_the_exchange() -> None:
    with_fee = shown({**HEDGE, "liquidation_fee": "0.5"})
    assert with_fee["liquidation_fee"] == "450.00 USDT"  # 0.5% x 90,000 at the marks
    assert shown(HEDGE)["liquidation_fee"] == ""  # none: its row hidden
    bybit = shown({**BINANCE, "exchange": "bybit_classic"})
    assert bybit["liquidation_0"] != "1,153.26"  # maintenance valued at entry


def test_already_past_liquidation_is_said_plainly() -> None:
    out = shown(raw("100", ("BTCUSDT", "long", "1", "30000", "29000", "0.5", "")))
    assert out["warning"].startswith("Already past liquidation")
    assert "-900.00 USDT" in out["warning"]  # 100 - 1,000
    assert out["margin_ratio"] == "past liquidation (no margin left)"  # ratio: none, equity < 0
    assert out["distance_0"] == "already past liquidation"
    assert "Liquidation" not in out["chart"]  # only "Now" is marked
    assert out["move"] == out["distance_0"]
    zh = shown(raw("100", ("BTCUSDT", "long", "1", "30000", "29000", "0.5", "")), "zh")
    assert zh["warning"].startswith("已越过强平线")


def test_empty_account() -> None:
    out = shown(raw("500", ("", "long", "", "", "", "", "")))
    assert out["equity"] == "500.00 USDT"
    assert out["margin_ratio"] == "0.00%"
    assert out["move"] == ""
    assert out["chart"] == ""
    assert out["note"].startswith("No positions")


def test_fifty_positions() -> None:
    rows = [(f"C{i}USDT", "long", "1", "100", "100", "1", "") for i in range(50)]
    out = shown(raw("1000", *rows))
    assert out["maintenance"] == "50.00 USDT"  # 50 x 1% x 100
    assert all(f"liquidation_{i}" in out for i in range(50))
    # each alone: 1,000 + (P - 100) = 0.01 P + 49: P < 0, so none
    assert out["liquidation_49"].startswith("none")


def test_errors_land_on_the_row_cell() -> None:
    texts = raw(
        "1000",
        ("BTCUSDT", "long", "1", "30000", "30000", "0.5", ""),
        ("", "long", "", "", "", "", ""),  # an empty row is skipped
        ("BTCUSDT", "short", "1", "30000", "31000", "0.5", ""),
    )
    errors = run("account", texts).errors
    assert list(errors) == ["mark_2"]  # positions[1].mark is the third row shown
    assert errors["mark_2"].code == "mark_differs"
    bad = run("account", {**texts, "size_0": "abc", "mmr_2": "x"}).errors
    assert set(bad) == {"size_0", "mmr_2"}
    # An empty rate with no exchange (Custom) has no table to take a tier from.
    empty = run("account", {**texts, "mmr_2": ""}).errors
    assert list(empty) == ["mmr_2"]
    assert empty["mmr_2"].code == "empty"
    assert run("account", {**texts, "symbol_2": " "}).errors["symbol_2"].code == "symbol"


#: Binance SOLUSDT's brackets as its website answered on 2026-09-08, in futures-trainer's
#: derived copy (https://github.com/q3579338/futures-trainer/blob/69e93c66ec96a166198d447b
#: b11e5dc80983cea5/public/brackets.json, read 2026-12-05): floors 0, 50,000, 400,000 USDT
#: at 0.5%, 0.65%, 1%, so bracket 2's cum is 50,000 x 0.15% = 75 (the copy's own cum).
SOL_ON_BINANCE = raw(
    "10000",
    # 1,000 SOL marked at 150: worth 150,000 USDT at the mark (40,000 at entry, which
    # would be bracket 1), so bracket 2: 0.65%, amount 75.
    ("SOLUSDT", "long", "1000", "40", "150", "", ""),
    ("BTCUSDT", "short", "1", "30000", "30000", "0.5", ""),
    exchange="binance",
)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_empty_rate_takes_the_symbols_tier_on_the_chosen_exchange(lang: str) -> None:
    out = shown(SOL_ON_BINANCE, lang)
    expected = {
        "en": ("0.65% (tier 2 of SOLUSDT, Binance 2026-09-08), amount 75.00 USDT",
               "0.50%, as typed"),
        "zh": ("0.65%（SOLUSDT 第 2 档，Binance 2026-09-08），速算额 75.00 USDT",
               "0.50%（按输入）"),
    }[lang]  # fmt: skip
    assert (out["rate_0"], out["rate_1"]) == expected
    # 150,000 x 0.65% - 75 + 1 x 30,000 x 0.5% = 900 + 150
    assert out["maintenance"] == "1,050.00 USDT"


def test_a_typed_rate_still_wins() -> None:
    out = shown({**SOL_ON_BINANCE, "mmr_0": "0.4"})
    assert out["rate_0"] == "0.40%, as typed"
    assert out["maintenance"] == "750.00 USDT"  # 150,000 x 0.4% + 150


def test_a_symbol_without_a_table_needs_its_rate() -> None:
    errors = run("account", {**SOL_ON_BINANCE, "symbol_0": "NOSUCHUSDT"}).errors
    assert list(errors) == ["mmr_0"]
    assert errors["mmr_0"].code == "empty"


def test_an_inverse_row_takes_the_stored_coin_m_table_of_its_perpetual() -> None:
    """Binance COIN-M: "BTCUSD" is its BTCUSD_PERP, whose stored table is Binance's website
    answer of 2026-09-17 (tests/unit/contractcalc/test_tier_data.py, BAPI): bracket 3 is
    10 to 25 BTC at 1% with cumFastMaintenanceAmount 0.055 BTC. 600,000 USD of contracts
    marked at 60,000 are worth 10 BTC, so bracket 3: 10 x 1% - 0.055 = 0.045 BTC."""
    texts = raw(
        "2", ("BTCUSD", "long", "600000", "60000", "60000", "", ""), kind="inverse",
        exchange="binance",
    )  # fmt: skip
    out = shown(texts)
    assert out["rate_0"] == (
        "1.00% (tier 3 of BTCUSD_PERP, Binance 2026-09-17), amount 0.05500000 BTC"
    )
    assert out["maintenance"] == "0.04500000 BTC"


def test_an_inverse_row_takes_krakens_stored_table() -> None:
    """Kraken's inverse BTCUSD is its PI_XBTUSD, stored from Kraken's instruments answer as
    ccxt keeps it (tests/unit/contractcalc/test_tier_data.py, KRAKEN), by size: 0 to
    500,000 contracts at 1%. 30,000 USD of contracts marked at 30,000 are worth 1 BTC,
    maintenance 0.01 BTC."""
    texts = raw(
        "0.1", ("BTCUSD", "long", "30000", "30000", "30000", "", ""), kind="inverse",
        exchange="kraken",
    )  # fmt: skip
    out = shown(texts)
    assert out["rate_0"] == (
        "1.00% (tier 1 of PI_XBTUSD, Kraken 2024-10-07), amount 0.00000000 BTC"
    )
    assert out["maintenance"] == "0.01000000 BTC"  # 1 BTC x 1%


def test_rows_parse_each_column_by_its_field() -> None:
    rows, errors = parse_rows(
        CALCULATORS["account"].rows,
        {"symbol_3": "ethusdt", "side_3": "short", "size_3": "2", "entry_3": "1,000",
         "mark_3": "990", "mmr_3": "0.5", "maint_amount_3": "", "side_4": "up"},
    )  # fmt: skip
    assert errors == {}  # row 4 has no typed cell: skipped, its choice unread
    assert rows == [
        {"symbol": "ethusdt", "side": "short", "size": 2.0, "entry": 1000.0, "mark": 990.0,
         "mmr": 0.005, "maint_amount": None, "row": 3}
    ]  # fmt: skip
    _, errors = parse_rows(
        (Field("side", "choice", ("long",)), Field("n")), {"side_0": "x", "n_0": "1"}
    )
    assert errors["side_0"].code == "choice"


#: (texts, figures): figures worked by hand, each output starting with its figure in both
#: languages (numbers are not translated, only the words after them); "" means empty.
EVERY_OUTPUT = [
    (
        BINANCE,
        {
            # sum Q(M - E): 3,683.979 x -121.66 + 109.488 x -514.71 = -504,547.45362
            "unrealized_pnl": "-504,547.45 USDT",
            # W + uPnL - sum(Q M m - cum) = 1,030,895.55638 - 427,713.319566
            "free": "603,182.24 USDT",
            # W + uPnL + A r = maintenance + B r, A = sum Q M = 8,418,807.54, B = sum Q M m =
            # 579,378.32: r = (427,713.32 - 1,030,895.56)/(A - B) = -603,182.24/7,839,429.22
            "move": "-7.69%",
            "liquidation_fee": "",  # no fee typed
        },
    ),
    (
        HEDGE,
        {
            "unrealized_pnl": "0.00 USDT",  # marks at entry
            "free": "9,550.00 USDT",  # 10,000 - 0.005 x 3 x 30,000
            "margin_ratio": "4.50%",  # 450 / 10,000
            "liquidation_1": "20,304.57",  # 20,000 / 0.985, as in the hedge test
        },
    ),
    (
        raw("0", ("A", "long", "1", "1", "1", "1", "")),
        {
            "maintenance": "0.01 USDT",  # 1 x 1 x 1%
            "free": "-0.01 USDT",  # 0 - 0.01
            "liquidation_0": "1.01",  # 0 + (P - 1) = 0.01 P: P = 1 / 0.99
        },
    ),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("texts", "figures"), EVERY_OUTPUT)
def test_every_output_in_both_languages(texts: dict, figures: dict, lang: str) -> None:
    """Every output of the card (and each row's own) is text in either language, and the
    figures worked by hand are the ones shown (or the output is empty)."""
    out = run("account", texts, lang).outputs
    assert set(out) >= ACCOUNT_OUTPUTS
    assert {"liquidation_0", "distance_0"} <= set(out)  # each row's own results
    assert all(isinstance(value, str) for value in out.values())
    for key, figure in figures.items():
        if figure:
            assert out[key].startswith(figure), (key, out[key], figure)
        else:
            assert out[key] == "", (key, out[key])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chart_marks_now_and_liquidation(lang: str) -> None:
    svg = shown(HEDGE, lang)["chart"]
    drawings = svg.count("<svg ")
    assert drawings == 2  # narrow and wide
    first = ET.fromstring(svg[: svg.index("</svg>") + 6])
    texts = [t.text for t in first.iter("{http://www.w3.org/2000/svg}text")]
    now, liquidation = ("当前", "强平") if lang == "zh" else ("Now", "Liquidation")
    assert now in texts
    assert liquidation in texts
    assert "style=" not in svg
    assert first.find("{http://www.w3.org/2000/svg}polyline[@class='ac-equity']") is not None


def test_the_default_example_computes() -> None:
    group = next(group for group in GROUPS if "account" in group.cards)
    outcome = run("account", card_defaults("account", group))
    assert outcome.errors == {}
    assert outcome.outputs["move"] == "-10.01% (all prices fall)"  # (3,000 - 2,000 - 221) / 7,779


def test_positions_are_uppercased() -> None:
    rows = [{"symbol": " btcusdt ", "side": "long", "size": 1.0, "entry": 1.0, "mark": 1.0,
             "mmr": 0.0, "maint_amount": None, "row": 0}]  # fmt: skip
    assert account.positions(rows)[0].symbol == "BTCUSDT"


# --- adding to a position (average card) and adding margin (liquidation card) ----------

AVERAGE = {"kind": "linear", "coin": "BTC", "price_0": "30000", "size_0": "1",
           "price_1": "27000", "size_1": "1"}  # fmt: skip


def test_add_to_position_size_for_a_target_average() -> None:
    out = run("average", {**AVERAGE, "add_price": "25000", "target_average": "27000"}).outputs
    # 2 (28,500 - 27,000) / (27,000 - 25,000) = 1.5
    assert (out["add_size"], out["new_average"], out["new_total"]) == (
        "1.50 BTC",
        "27,000.00",
        "3.50 BTC",
    )
    assert run("average", AVERAGE).outputs["add_size"] == ""  # empty fields: rows hidden


def test_add_to_position_out_of_reach_names_the_target() -> None:
    errors = run("average", {**AVERAGE, "add_price": "25000", "target_average": "24000"}).errors
    assert errors["target_average"].code == "average_out_of_reach"


def test_add_to_position_inverse_in_face_value() -> None:
    texts = {**AVERAGE, "kind": "inverse", "size_0": "100", "size_1": "100",
             "add_price": "25000", "target_average": "27000"}  # fmt: skip
    out = run("average", texts).outputs
    assert out["new_average"] == "27,000.00"
    assert out["add_size"].endswith("USD")


LIQ = {"kind": "linear", "coin": "BTC", "exchange": "custom", "side": "long",
       "margin_mode": "isolated", "entry": "30000", "size": "1", "contract_size": "100",
       "leverage": "20", "wallet": "", "other_maint": "", "other_upnl": "", "mm_source": "rate",
       "mmr": "0.4", "maint_amount": "0", "convention": "binance", "liquidation_fee": "0",
       "tier_basis": "notional", "brackets": "", "target_liquidation": ""}  # fmt: skip


@pytest.mark.parametrize(
    ("side", "target", "needed", "to_add"),
    [
        ("long", "28000", "2,112.00 USDT", "612.00 USDT"),  # 28,000 x 0.4% + 2,000
        ("short", "32000", "2,128.00 USDT", "628.00 USDT"),  # 32,000 x 0.4% + 2,000
        ("long", "29500", "618.00 USDT", "none: 882.00 USDT less than now would do"),
    ],
)
def test_add_margin_for_a_target_liquidation(side: str, target: str, needed: str, to_add: str):
    out = run("liquidation", {**LIQ, "side": side, "target_liquidation": target}).outputs
    assert (out["margin_needed"], out["margin_to_add"]) == (needed, to_add)
    assert out["new_liquidation"] == f"{int(target):,}.00"


def test_add_margin_hidden_in_cross_mode_and_wrong_side_named() -> None:
    cross = {**LIQ, "margin_mode": "cross", "wallet": "5000", "target_liquidation": "28000"}
    assert run("liquidation", cross).outputs["margin_needed"] == ""
    errors = run("liquidation", {**LIQ, "target_liquidation": "31000"}).errors
    assert errors["target_liquidation"].code == "liquidation_wrong_side_long"


def test_add_margin_inverse_in_coin() -> None:
    texts = {**LIQ, "kind": "inverse", "size": "300", "target_liquidation": "28000"}
    out = run("liquidation", texts).outputs
    assert out["margin_needed"].endswith("BTC")
    assert out["new_liquidation"] == "28,000.00"
