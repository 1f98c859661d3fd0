"""Choosing an exchange: the field texts it sets, the sentence that cites it, and what the
cards then compute (liquidation fee, tiers by size, pasted API JSON).

Stored tier tables (SOLUSDT, BTCUSDT) are Binance's website brackets answer of 2026-09-08
in futures-trainer's derived copy (TRAINER below, read 2026-12-05); COIN-M ones
(SOLUSD_PERP, BTCUSD_PERP) Binance's website brackets answer of 2026-09-17 (BAPI, cited in
tests/unit/contractcalc/test_tier_data.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from fractions import Fraction

import pytest
from app import presets, session, tier_input
from app.calculators import CALCULATORS, run
from app.catalogue import TEXTS
from contractcalc import KINDS, linear
from contractcalc.exchanges import EXCHANGES, parse_tiers
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.build import render_page
from tests.quick import examples
from tests.unit.app.test_page_calculators import PNL
from tests.unit.app.test_risk_calculators import LIQ, RISK, outputs
from tests.unit.contractcalc.test_exchanges import BYBIT_LINEAR
from tests.unit.contractcalc.test_tier_data import BAPI, TRAINER


def flat(table: Sequence[tuple[float, float]]) -> list[float]:
    """A tier table's floors and rates in one list, for pytest.approx."""
    return [number for row in table for number in row]


@pytest.mark.parametrize("key", sorted(EXCHANGES))
def test_every_exchange_sets_only_what_it_published(key: str) -> None:
    exchange = EXCHANGES[key]
    texts = presets.field_texts(key, "linear", "BTC")
    assert texts["convention"] == exchange.convention
    tiers = presets.coin_tiers(key, "linear", "BTC")  # a stored table says its own basis
    assert texts["tier_basis"] == (tiers.basis if tiers else exchange.tier_basis)
    assert ("liquidation_fee" in texts) == (exchange.liquidation_fee is not None)
    assert ("open_fee" in texts) == (exchange.taker_fee is not None)
    assert ("brackets" in texts) == (tiers is not None)
    if exchange.taker_fee is not None:
        assert float(texts["open_fee"]) / 100 == pytest.approx(exchange.taker_fee)
        assert texts["close_fee"] == texts["open_fee"]


@pytest.mark.parametrize("key", sorted(EXCHANGES))
@pytest.mark.parametrize("kind", ["linear", "inverse"])
def test_every_preset_computes_on_the_liquidation_card(key: str, kind: str) -> None:
    """Whatever an exchange fills in, the liquidation card computes without an error."""
    size = {"linear": "1", "inverse": "300"}[kind]
    raw = {**LIQ, "kind": kind, "size": size, "contract_size": "100", "liquidation_fee": ""}
    raw.update(presets.field_texts(key, kind, "BTC"))
    outcome = run("liquidation", raw)
    assert outcome.errors == {}
    assert outcome.outputs["liquidation"]


def test_binance_btcusdt_fills_its_stored_tier_table() -> None:
    """BTC on Binance: the stored BTCUSDT table (TRAINER), not the 2021 announcement's."""
    texts = presets.field_texts("binance", "linear", "BTC")
    assert texts["mm_source"] == "tiers"
    assert texts["tier_basis"] == "notional"
    assert texts["mmr"] == "0.4"  # the first tier, rate 0.004
    lines = texts["brackets"].splitlines()
    assert len(lines) == 12  # TRAINER: BTCUSDT has 12 rows
    # TRAINER, BTCUSDT row 3: [800000, 3000000, 0.0065, 1500, 75] (the 2021
    # announcement's third tier was 250,000 at 1%).
    # Each line ends with the row's maximum leverage.
    assert lines[0] == "0, 0.4, 150"
    assert lines[2] == "800,000, 0.65, 75"
    assert lines[-1] == "1,200,000,000, 50, 1"  # row 12: 1.2e9, 0.5, 1x


def test_sol_on_binance_fills_solusdts_table() -> None:
    texts = presets.field_texts("binance", "linear", "SOL")
    assert texts["mmr"] == "0.5"  # TRAINER, SOLUSDT row 1: rate 0.005
    table = tier_input.read_tiers(texts["brackets"], "linear", "notional").brackets
    # TRAINER, SOLUSDT rows 1-3: floors 0, 50000, 400000; rates 0.5%, 0.65%, 1%.
    assert flat(table[:3]) == pytest.approx([0, 0.005, 50_000, 0.0065, 400_000, 0.01])
    assert len(table) == 10


@pytest.mark.parametrize(
    ("kind", "lang", "expected", "source"),
    [
        ("linear", "en", "SOLUSDT tiers, Binance, 2026-09-08: 10, by position value", TRAINER),
        ("linear", "zh", "SOLUSDT 档位（Binance，2026-09-08）：10 档，按仓位价值分档", TRAINER),
        ("inverse", "en", "SOLUSD_PERP tiers, Binance, 2026-09-17: 9, by position value", BAPI),
        ("inverse", "zh", "SOLUSD_PERP 档位（Binance，2026-09-17）：9 档，按仓位价值分档", BAPI),
    ],
)
def test_the_note_names_the_stored_symbol_its_date_and_source(
    kind: str, lang: str, expected: str, source: str
) -> None:
    sentence, sources = presets.note("binance", kind, "SOL", lang)
    assert expected in sentence
    cited = tuple(dict.fromkeys((*EXCHANGES["binance"].source, source)))  # each once
    assert sources[: len(cited)] == cited  # then, on COIN-M, the contract size's pages


def test_an_unknown_coin_falls_back_quietly_to_the_presets_own_figures() -> None:
    texts = presets.field_texts("binance", "linear", "NOSUCHCOIN")
    assert "brackets" not in texts
    assert "mmr" not in texts
    assert texts["open_fee"] == "0.05"  # Binance's taker fee still fills
    sentence, sources = presets.note("binance", "linear", "NOSUCHCOIN", "en")
    assert "no published NOSUCHCOINUSDT tiers" in sentence
    assert sources == EXCHANGES["binance"].source


def test_without_a_stored_table_the_presets_own_table_fills() -> None:
    """Hyperliquid has no stored file: its BTCUSDT preset (2 tiers by position value)."""
    texts = presets.field_texts("hyperliquid", "linear", "BTC")
    assert flat(
        tier_input.read_tiers(texts["brackets"], "linear", "notional").brackets
    ) == pytest.approx(flat(EXCHANGES["hyperliquid"].brackets["BTCUSDT"]))
    assert "BTCUSDT tiers: 2" in presets.note("hyperliquid", "linear", "BTC", "en")[0]


def test_kraken_eth_fills_pf_ethusds_stored_table() -> None:
    """Kraken's ETH is PF_ETHUSD, stored from its instruments answer (KRAKEN): 6 levels by
    position value in USD, 1% to 500,000, dated 2024-10-07 in the preset line."""
    tiers = presets.coin_tiers("kraken", "linear", "ETH")
    assert tiers is not None
    assert (tiers.symbol, tiers.basis, tiers.as_of) == ("PF_ETHUSD", "notional_whole", "2024-10-07")
    assert tiers.brackets[:2] == ((0.0, 0.01), (500_000.0, 0.02))
    assert (
        "PF_ETHUSD tiers, Kraken, 2024-10-07: 6" in presets.note("kraken", "linear", "ETH", "en")[0]
    )
    # Hyperliquid's preset holds BTC only: ETH and SOL differ.
    assert presets.coin_tiers("hyperliquid", "linear", "SOL") is None
    assert presets.coin_tiers("hyperliquid", "linear", "BTC") is not None


#: The fields LIQ names that the page keeps in its toolbar, not on the card.
GLOBAL = ("kind", "coin")


def type_sol_on_binance(kind: str, **fields: str) -> dict:
    """The session's answer when SOL is typed with Binance chosen, as the page asks it: the
    liquidation card at LIQ's texts, entry 150, 10x, a typed rate, and ``fields``."""
    card = {**LIQ, "entry": "150", "leverage": "10", "mm_source": "rate", **fields}
    values = {
        "kind": kind,
        "exchange": "binance",
        "coin": "SOL",
        **{f"liquidation.{name}": text for name, text in card.items() if name not in GLOBAL},
    }
    answer: dict = session.update(values, "en", changed=["coin"])
    return answer


def test_sol_on_binance_coin_m_fills_solusd_perps_table() -> None:
    """Binance's website answer of 2026-09-17 (BAPI), SOLUSD_PERP: floors in SOL."""
    texts = presets.field_texts("binance", "inverse", "SOL")
    assert (texts["mm_source"], texts["tier_basis"], texts["mmr"]) == ("tiers", "notional", "1")
    lines = texts["brackets"].splitlines()
    assert len(lines) == 9
    # BAPI, SOLUSD_PERP bracketSeq 1-3: floors 0, 400, 2300 SOL at 1%, 2%, 2.5%, 50x,
    # 25x, 20x; bracketSeq 7: 46,800 at 16.67%, 3x; bracketSeq 9: 93,600 at 50%, 1x.
    assert lines[:3] == ["0, 1, 50", "400, 2, 25", "2,300, 2.5, 20"]
    assert lines[6] == "46,800, 16.67, 3"
    assert lines[-1] == "93,600, 50, 1"


def test_btc_on_binance_coin_m_is_the_stored_btcusd_perp_not_a_preset() -> None:
    """One source: the COIN-M table comes from the stored answer; the preset holds none."""
    assert "BTCUSD" not in EXCHANGES["binance"].tiers
    tiers = presets.coin_tiers("binance", "inverse", "BTC")
    assert tiers is not None
    assert (tiers.symbol, tiers.as_of, tiers.source) == ("BTCUSD_PERP", "2026-09-17", BAPI)
    # BAPI, BTCUSD_PERP bracketSeq 4: from 25 BTC at 2.5%, 20x (the FAQ's table: 20 BTC).
    assert (tiers.brackets[3], tiers.max_leverage[3]) == ((25.0, 0.025), 20.0)


def test_typing_sol_on_binance_coin_m_computes_across_a_tier_boundary() -> None:
    """33,000 SOLUSD contracts of 10 USD (F = 330,000 USD) long at 150, 10x isolated:
    margin F / (L E) = 220 SOL; worth 2,200 SOL at entry, BAPI's SOLUSD_PERP bracket 2
    (400-2,300 SOL, 2%, 25x). Bracket 3 (2,300-4,600, 2.5%, cum 15.5 SOL) gives
    LP = F (1 + 2.5%) / (220 + 15.5 + F/E) = 338,250 / 2,435.5 = 138.8832, where the
    position is worth 330,000 / 138.8832 = 2,376 SOL: in bracket 3. (Bracket 2's own
    candidate, 336,600 / 2,424 = 138.8614, is worth 2,376.5 SOL: not in bracket 2.)
    """
    answer = type_sol_on_binance("inverse", size="33000", contract_size="10")
    assert answer["fields"]["liquidation.mm_source"] == "tiers"
    assert answer["fields"]["liquidation.brackets"].startswith("0, 1, 50\n400, 2, 25\n")
    shown = answer["cards"]["liquidation"]["outputs"]
    assert shown["margin"] == "220.00000000 SOL"
    assert shown["liquidation"] == "138.8832"
    assert shown["bracket"] == "Tier 3: 2.50%, amount 15.50000000 SOL"
    assert shown["tier_max_leverage"] == "25×"  # at entry, bracket 2
    assert shown["leverage_warning"] == ""
    assert "SOLUSD_PERP tiers, Binance, 2026-09-17" in answer["page"]["exchange"]["sentence"]


def test_typing_sol_on_binance_computes_with_solusdts_tiers() -> None:
    """Through the session, as the page does it: the coin changes, the card follows.

    1,000 SOL long at 150, 10x isolated: margin 15,000 USDT. TRAINER's SOLUSDT row 2
    (50,000 to 400,000, 0.65%) has cum = 50,000 x (0.0065 - 0.005) = 75, so
    LP = (150,000 - 15,000 - 75) / (1,000 x 0.9935) = 135.8078, whose value 135,808 USDT
    is in that row.
    """
    answer = type_sol_on_binance("linear", size="1000")
    assert answer["fields"]["liquidation.mm_source"] == "tiers"
    assert answer["fields"]["liquidation.brackets"].startswith("0, 0.5")
    shown = answer["cards"]["liquidation"]["outputs"]
    assert shown["liquidation"] == "135.8078"
    assert shown["bracket"].startswith("Tier 2: 0.65%, amount 75.00 USDT")
    # Opened at 150 the position is worth 150,000 USDT: row 2 again, maximum leverage 75.
    assert shown["tier_max_leverage"] == "75×"
    assert shown["leverage_warning"] == ""
    assert "SOLUSDT tiers, Binance, 2026-09-08" in answer["page"]["exchange"]["sentence"]


def test_custom_fills_nothing_and_says_nothing() -> None:
    assert presets.field_texts("custom", "linear", "BTC") == {}
    assert presets.note("custom", "linear", "BTC", "en") == ("", ())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_note_names_the_date_the_figures_and_the_sources(lang: str) -> None:
    sentence, sources = presets.note("bitget", "linear", "BTC", lang)
    assert "Bitget" in sentence
    assert EXCHANGES["bitget"].as_of in sentence  # read 2026-12-04
    assert "0.060%" in sentence  # Bitget's liquidation fee and taker fee, both 0.06%
    assert sources == EXCHANGES["bitget"].source
    missing = presets.note("bitget", "linear", "ETH", lang)[0]
    assert "ETHUSDT" in missing


def test_liquidation_fee_on_the_card_equals_a_higher_maintenance_rate() -> None:
    """Binance convention: a liquidation fee f liquidates where rate m + f would."""
    with_fee = run("liquidation", {**LIQ, "liquidation_fee": "0.06"}).outputs
    higher_rate = run("liquidation", {**LIQ, "mmr": "0.46"}).outputs
    assert with_fee["liquidation"] == higher_rate["liquidation"]
    # 1 BTC at 30,000, 20x, 0.4% + 0.06%: linear.liquidation_price gives the price,
    # and the fee is 0.06% of the position's value there.
    price = linear.liquidation_price("long", 30000, 1, 1500, 0.004, liquidation_fee=0.0006)
    assert with_fee["liquidation_fee"] == f"{0.0006 * price:,.2f} USDT"
    assert with_fee["maint_margin"] == f"{0.004 * price:,.2f} USDT"
    assert "liquidation fee" in with_fee["rule_gap"]


def test_tiers_by_size_apply_one_rate_to_the_whole_position() -> None:
    raw = {**LIQ, "mm_source": "tiers", "tier_basis": "size", "brackets": "0, 0.4\n2, 1"}
    small = run("liquidation", {**raw, "size": "1"}).outputs
    large = run("liquidation", {**raw, "size": "3", "leverage": "20"}).outputs
    assert small["bracket"].startswith("Tier 1")
    assert large["bracket"].startswith("Tier 2")
    assert large["bracket"].endswith("0.00 USDT")  # OKX's rule: no maintenance amount


def test_pasted_okx_json_is_read_by_size() -> None:
    """OKX's position-tiers answer (shape from https://www.okx.com/docs-v5/en/
    #public-data-rest-api-get-position-tiers, read 2026-11-30): tiers by contracts."""
    pasted = json.dumps(
        {
            "code": "0",
            "msg": "",
            "data": [
                {"instFamily": "BTC-USDT", "tier": "1", "minSz": "0", "maxSz": "100",
                 "mmr": "0.004", "imr": "0.01", "maxLever": "100"},
                {"instFamily": "BTC-USDT", "tier": "2", "minSz": "100", "maxSz": "200",
                 "mmr": "0.006", "imr": "0.0133", "maxLever": "75"},
            ],
        }
    )  # fmt: skip
    table, basis, leverages, caps = tier_input.read_tiers(pasted, "linear", "notional")
    assert basis == "size"
    assert caps  # OKX's maxSz belongs to its tier: the next tier's minSz lies above it
    assert table == [(0.0, 0.004), (100.0, 0.006)]
    assert leverages == (100.0, 75.0)  # maxLever
    assert presets.tiers_text(table, leverages) == "0, 0.4, 100\n100, 0.6, 75"
    assert tier_input.pasted_tiers(pasted, "linear") == {
        "brackets": "0, 0.4, 100\n100, 0.6, 75",
        "tier_basis": "size",
        "tier_caps": "inclusive",
    }
    outcome = run("liquidation", {**LIQ, "mm_source": "tiers", "brackets": pasted})
    assert outcome.errors == {}


@pytest.mark.parametrize(
    "pasted",
    [
        "{",
        '{"code": "0", "data": []}',
        '[{"symbol": "BTCUSDT", "brackets": [{"notionalFloor": "NaN"}]}]',
        "[" * 5000,
        '{"a": ' + '"' + "x" * 200_000 + '"}',
    ],
)
def test_unreadable_pasted_json_is_said_on_the_tier_box(pasted: str) -> None:
    outcome = run("liquidation", {**LIQ, "mm_source": "tiers", "brackets": pasted})
    assert set(outcome.errors) == {"brackets"}
    assert outcome.errors["brackets"].message


def test_the_pnl_card_follows_the_exchange_convention() -> None:
    """Bybit's classic account values maintenance at entry, its unified account at the
    mark: the PnL card's liquidation price moves with the choice."""
    raw = {**PNL, "side": "long", "size": "1"}
    binance = run("pnl", {**raw, "exchange": "custom"}).outputs["liquidation"]
    unified = run("pnl", {**raw, "exchange": "bybit"}).outputs["liquidation"]
    classic = run("pnl", {**raw, "exchange": "bybit_classic"}).outputs["liquidation"]
    # 1 BTC at 30,000, 20x, 0.4%: mark convention 30,000 x 0.95 / 0.996 = 28,614.46;
    # entry convention 30,000 x (1 - 1/20 + 0.004) = 28,620.00 (Bybit's classic isolated
    # formula); the unified account's page values maintenance at the mark.
    assert (binance, unified, classic) == ("28,614.46", "28,614.46", "28,620.00")


def test_the_risk_card_counts_the_liquidation_fee() -> None:
    plain = run("risk", RISK).outputs
    with_fee = run("risk", {**RISK, "liquidation_fee": "0.06"}).outputs
    assert with_fee["liquidation"] != plain["liquidation"]
    assert float(with_fee["max_leverage"].rstrip("×x").replace(",", "")) <= float(
        plain["max_leverage"].rstrip("×x").replace(",", "")
    )


# Bybit "Liquidation Price Calculation under Isolated Mode (Unified Trading Account)",
# https://www.bybit.com/en/help-center/article/Liquidation-Price-Calculation-under-Isolated-Mode-Unified-Trading-Account
# (last updated 2026-05-27, read 2026-12-04), and its risk limits: the first is
# "2,000,000 USDT or below" (API riskLimitValue caps,
# https://bybit-exchange.github.io/docs/v5/market/risk-limit, read 2026-12-04).
BYBIT_TWO_LIMITS = "0, 0.5\n2,000,000, 1"  # BTCUSDT: 0.5% to 2,000,000, then 1%

#: A 50 BTC cross long at 42,000 whose value at liquidation is exactly 2,000,000 USDT:
#: LP = (50 x 42,000 - WB) / (50 x (1 - m)) = 40,000 when WB = 2,100,000 - 2,000,000 x
#: (1 - m). With m the float 0.005 the wallet is 110,000 plus the part of 2,000,000 x m
#: that the float carries beyond 10,000 (15,000 / 2^56 USDT, typed as the others' PnL),
#: so that the engine's exact arithmetic lands on the cap itself.
AT_THE_CAP = {
    "side": "long",
    "margin_mode": "cross",
    "entry": "42,000",
    "size": "50",
    "wallet": "110,000",
    "other_maint": "0",
    "other_upnl": repr(float(2_000_000 * Fraction(0.005) - 10_000)),
    "mm_source": "tiers",
    "brackets": BYBIT_TWO_LIMITS,
    "target_liquidation": "",
}


def _choose(exchange: str, lang: str) -> dict[str, str]:
    """The liquidation card's outputs after choosing ``exchange`` in the toolbar, as the
    page asks (app.session), for the position AT_THE_CAP typed on the card."""
    values = {"kind": "linear", "coin": "BTC", "exchange": exchange}
    card = {**LIQ, **AT_THE_CAP, "tier_caps": "exclusive", "tier_basis": "notional"}
    values.update({f"liquidation.{name}": text for name, text in card.items()})
    answer = session.update(values, lang, changed=["exchange"])
    values.update(answer["fields"])
    values["liquidation.brackets"] = BYBIT_TWO_LIMITS  # the same table for every choice
    view = session.card_view("liquidation", values, lang)
    assert view["errors"] == {}
    return view["outputs"]


@pytest.mark.parametrize(
    ("lang", "tier_1", "tier_2"),
    [
        ("en", "Tier 1: 0.50%, amount 0.00 USDT", "Tier 2: 1.00%, amount 10,000.00 USDT"),
        ("zh", "第 1 档：维持保证金率 0.50%，维持保证金速算额 0.00 USDT",
         "第 2 档：维持保证金率 1.00%，维持保证金速算额 10,000.00 USDT"),
    ],
)  # fmt: skip
def test_exactly_at_a_bybit_cap_the_card_names_the_tier_bybit_reports(
    lang: str, tier_1: str, tier_2: str
) -> None:
    """Bybit counts 2,000,000 USDT in its first risk limit ("or below"); Binance's floors
    start the next tier there. The price and the maintenance margin (2,000,000 x 0.5% =
    2,000,000 x 1% - 10,000 = 10,000 USDT) are the same; only the tier named differs."""
    bybit = _choose("bybit", lang)
    binance = _choose("binance", lang)
    assert bybit["bracket"] == tier_1
    assert binance["bracket"] == tier_2
    assert bybit["liquidation"] == binance["liquidation"] == "40,000.00"
    assert bybit["maint_margin"] == binance["maint_margin"] == "10,000.00 USDT"
    assert _choose("bybit_classic", lang)["bracket"] == tier_1  # the same risk limits
    assert _choose("custom", lang)["bracket"] == tier_2  # as typed: the next tier


def test_the_caps_rule_is_a_choice_on_the_card() -> None:
    """With Custom, the person says how their exchange counts a cap."""
    raw = {**LIQ, **AT_THE_CAP}
    assert outputs("liquidation", {**raw, "tier_caps": "inclusive"})["bracket"].startswith("Tier 1")
    assert outputs("liquidation", {**raw, "tier_caps": "exclusive"})["bracket"].startswith("Tier 2")
    assert outputs("liquidation", raw)["bracket"].startswith("Tier 2")  # a link from before


def test_pasted_bybit_json_says_its_caps_are_inclusive() -> None:
    """Bybit's risk-limit answer (shape from
    https://bybit-exchange.github.io/docs/v5/market/risk-limit, read 2026-12-04): the
    card's caps choice follows what the JSON says, whatever it held before."""
    pasted = json.dumps(BYBIT_LINEAR)  # BTCUSDT: 0.5% to 2,000,000, then 1%
    assert tier_input.pasted_tiers(pasted, "linear")["tier_caps"] == "inclusive"
    raw = {**LIQ, **AT_THE_CAP, "brackets": pasted, "tier_caps": "exclusive"}
    assert outputs("liquidation", raw)["bracket"] == "Tier 1: 0.50%, amount 0.00 USDT"


#: Bybit's unified-account USDT example (page above): 1 BTC long at 40,000 at 50x (800
#: USDT), 0.5% MMR, no deduction, taker 0.055%; 3,000 USDT added -> liquidation price
#: 36,380.25 USDT.
BYBIT_EXAMPLE = {
    **LIQ,
    "entry": "40,000",
    "size": "1",
    "leverage": "50",
    "mmr": "0.5",
    "maint_amount": "0",
    "target_liquidation": "36,380.25",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_adding_margin_on_bybit_reproduces_its_unified_account_example(lang: str) -> None:
    """The card's target 36,380.25 asks for the 3,000 USDT of Bybit's example: the
    margin counted, 36,380.25 x 0.5% + (40,000 - 36,380.25) = 3,801.65125, less the 800
    held, is 3,001.65125 = X / (1 - 0.055%), so X = 3,000.0003. Without Bybit's form,
    3,001.65 would be added."""
    raw = {**BYBIT_EXAMPLE, **presets.field_texts("bybit", "linear", "BTC")}
    assert raw["added_margin_fee"] == "0.055"  # Bybit's taker rate
    shown = outputs("liquidation", raw, lang)
    assert shown["margin_to_add"] == "3,000.00 USDT"
    assert shown["margin_needed"] == "3,800.00 USDT"  # 800 held + 3,000 added
    assert shown["new_liquidation"] == "36,380.25"
    # The engine with the page's 3,000 added gives its 36,380.25 (the card's round trip
    # uses the 3,000.0003 above, which lands on the typed target).
    assert (
        round(
            linear.liquidation_price(
                "long", 40_000, 1, 800, 0.005, added_margin=3000, close_fee=0.00055
            ),
            2,
        )
        == 36_380.25
    )
    plain = outputs("liquidation", {**raw, "added_margin_fee": "0"}, lang)
    assert plain["margin_to_add"] == "3,001.65 USDT"
    binance = {**BYBIT_EXAMPLE, **presets.field_texts("binance", "linear", "BTC")}
    binance.update(mm_source="rate", mmr="0.5", maint_amount="0")
    assert outputs("liquidation", binance, lang)["margin_to_add"] == "3,001.65 USDT"


def test_margin_to_spare_is_not_grossed_up() -> None:
    """A target nearer than the liquidation price needs less margin: the card says how
    much less, in full, and the new price is the target."""
    raw = {**BYBIT_EXAMPLE, **presets.field_texts("bybit", "linear", "BTC")}
    # 800 held; 39,500 needs 39,500 x 0.5% + 500 = 697.50, so 102.50 to spare.
    shown = outputs("liquidation", {**raw, "target_liquidation": "39,500"})
    assert shown["margin_to_add"] == "none: 102.50 USDT less than now would do"
    assert shown["new_liquidation"] == "39,500.00"


@pytest.mark.parametrize(
    ("lang", "unified", "classic"),
    [
        ("en", "Bybit (unified account)", "Bybit (classic account)"),
        ("zh", "Bybit（统一交易账户）", "Bybit（经典账户）"),
    ],
)
def test_the_exchange_choice_names_both_bybit_accounts(
    lang: str, unified: str, classic: str
) -> None:
    """The toolbar lists Bybit's two accounts by name, in each language; the page
    switches an option's text by its data-i18n key."""
    page = render_page()
    toolbar = page.split('<select name="exchange"', 1)[1].split("</select>", 1)[0]
    options = dict(re.findall(r'<option value="(bybit\w*)"[^>]* data-i18n="([\w.]+)"', toolbar))
    assert options == {"bybit": "o.exchange_bybit", "bybit_classic": "o.bybit_classic"}
    assert (TEXTS[options["bybit"]][lang], TEXTS[options["bybit_classic"]][lang]) == (
        unified,
        classic,
    )
    # The convention's option of the same value keeps its own label.
    assert 'value="bybit" data-i18n="o.bybit">Bybit (entry)' in page


@pytest.mark.parametrize(
    ("lang", "unified", "classic"),
    [
        ("en", "Bybit unified trading account figures", "Bybit classic account figures"),
        ("zh", "Bybit 统一交易账户 的公开数据", "Bybit 经典账户 的公开数据"),
    ],
)
def test_the_preset_note_names_the_bybit_account(lang: str, unified: str, classic: str) -> None:
    assert presets.note("bybit", "linear", "BTC", lang)[0].startswith(unified)
    assert presets.note("bybit_classic", "linear", "BTC", lang)[0].startswith(classic)
    # Only the unified account counts margin added as X / (1 - 0.055%) on a USDT long.
    assert "(1 − 0.055%)" in presets.note("bybit", "linear", "BTC", lang)[0]
    assert "0.055%)" not in presets.note("bybit_classic", "linear", "BTC", lang)[0]


_tier_tables = st.lists(
    st.tuples(
        st.integers(1, 10**12),
        st.integers(0, 99_999).map(lambda n: n / 100_000),
        st.one_of(st.none(), st.integers(1, 200).map(float)),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda row: row[0],
).map(lambda rows: [(0, *rows[0][1:]), *sorted(rows[1:])])


@settings(max_examples=examples(200), deadline=None)
@given(_tier_tables)
def test_the_written_tier_text_reads_back_as_the_table(rows: list) -> None:
    """What the page writes into the tier box (presets.tiers_text) is what the one reader
    reads back, with its rates in percent."""
    table = tuple((float(floor), rate) for floor, rate, _ in rows)
    leverages = tuple(leverage for _, _, leverage in rows)
    parsed = parse_tiers(presets.tiers_text(table, leverages), percent=True)
    assert (parsed.brackets, parsed.max_leverage) == (table, leverages)


# --- inverse contract sizes ------------------------------------------------------------


def _contract_size_keys() -> list[str]:
    """Every card's contract-size field key, as the page names it ("liquidation.contract_size")."""
    return [
        f"{card_id}.contract_size"
        for card_id, calculator in CALCULATORS.items()
        if any(spec.name == "contract_size" for spec in calculator.fields)
    ]


def _choose_binance(kind: str, coin: str, **values: str) -> dict:
    """The session's answer when the coin is typed with Binance chosen, every card's contract
    size at the page's default (100) unless ``values`` says otherwise."""
    fields = dict.fromkeys(_contract_size_keys(), "100")
    page = {"kind": kind, "exchange": "binance", "coin": coin, **fields, **values}
    answer: dict = session.update(page, "en", changed=["coin"])
    return answer


@pytest.mark.parametrize(("coin", "size"), [("SOL", "10"), ("BTC", "100")])
def test_binance_coin_m_sets_every_cards_contract_size(coin: str, size: str) -> None:
    """Binance COIN-M: 10 USD a SOLUSD contract, 100 USD a BTCUSD one (its contract
    specifications FAQ and exchangeInfo, read 2026-12-05), on every card with the field."""
    keys = _contract_size_keys()
    assert {"pnl.contract_size", "liquidation.contract_size", "risk.contract_size"} <= set(keys)
    assert presets.field_texts("binance", "inverse", coin)["contract_size"] == size
    answer = _choose_binance("inverse", coin, **dict.fromkeys(keys, "25"))
    assert {key: answer["fields"][key] for key in keys} == dict.fromkeys(keys, size)


def test_a_linear_contract_leaves_the_contract_size_as_typed() -> None:
    assert "contract_size" not in presets.field_texts("binance", "linear", "SOL")
    answer = _choose_binance("linear", "SOL", **{"liquidation.contract_size": "25"})
    assert not any(key.endswith(".contract_size") for key in answer["fields"])


def test_an_exchange_without_a_published_size_leaves_it_as_typed() -> None:
    assert "contract_size" not in presets.field_texts("gate", "inverse", "BTC")
    assert "contract_size" not in presets.field_texts("okx", "inverse", "SOL")  # BTC only
    sentence = presets.note("okx", "inverse", "SOL", "en")[0]
    assert "contract size" not in sentence


def test_a_contract_size_typed_after_choosing_wins_as_a_typed_fee_does() -> None:
    """Like every preset figure, the size fills when the toolbar changes; a size (or fee)
    typed afterwards is kept and computed with, until the toolbar changes again."""
    chosen = _choose_binance("inverse", "SOL")
    values = {
        "kind": "inverse",
        "exchange": "binance",
        "coin": "SOL",
        **{f"liquidation.{name}": text for name, text in LIQ.items() if name not in GLOBAL},
        **chosen["fields"],
    }
    assert values["liquidation.contract_size"] == "10"
    values.update({"liquidation.contract_size": "25", "liquidation.open_fee": "0.07"})
    answer = session.update(values, "en", changed=["liquidation.contract_size"])
    assert answer["fields"] == {}
    card = session.card_raw("liquidation", values)
    assert (card["contract_size"], card["open_fee"]) == ("25", "0.07")
    expected = run("liquidation", card).outputs["liquidation"]
    assert answer["cards"]["liquidation"]["outputs"]["liquidation"] == expected
    again = session.update(values, "en", changed=["coin"])["fields"]
    assert (again["liquidation.contract_size"], again["liquidation.open_fee"]) == ("10", "0.05")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "SOLUSD contract size 10 USD, read 2026-12-05"),
        ("zh", "SOLUSD 合约面值 10 USD（2026-12-05 查阅）"),
    ],
)
def test_the_note_names_the_contract_size_its_date_and_sources(lang: str, expected: str) -> None:
    sentence, sources = presets.note("binance", "inverse", "SOL", lang)
    assert expected in sentence
    sizes = EXCHANGES["binance"].contract_sizes
    assert sizes is not None
    assert sources == (*EXCHANGES["binance"].source, BAPI, *sizes.source)
    linear_sentence = presets.note("binance", "linear", "SOL", lang)[0]
    assert "contract size" not in linear_sentence
    assert "合约面值" not in linear_sentence


@pytest.mark.parametrize(("key", "kind"), [(k, kind) for k in EXCHANGES for kind in KINDS])
def test_the_note_cites_each_source_once(key: str, kind: str) -> None:
    """Binance's own sources include the copy its stored tables come from: one link, not two."""
    for coin in ("BTC", "ETH", "SOL"):
        sources = presets.note(key, kind, coin, "en")[1]
        assert len(sources) == len(set(sources)), (key, kind, coin)
