"""Choosing an exchange: the field texts it sets, the sentence that cites it, and what the
cards then compute (liquidation fee, tiers by size, pasted API JSON)."""

from __future__ import annotations

import json

import pytest
from app import presets, risk
from app.calculators import run
from contractcalc import linear
from contractcalc.exchanges import EXCHANGES

from tests.unit.test_page_calculators import PNL
from tests.unit.test_risk_calculators import LIQ, RISK


@pytest.mark.parametrize("key", sorted(EXCHANGES))
def test_every_exchange_sets_only_what_it_published(key: str) -> None:
    exchange = EXCHANGES[key]
    texts = presets.field_texts(key, "linear", "BTC")
    assert texts["convention"] == exchange.convention
    assert texts["tier_basis"] == exchange.tier_basis
    assert ("liquidation_fee" in texts) == (exchange.liquidation_fee is not None)
    assert ("open_fee" in texts) == (exchange.taker_fee is not None)
    assert ("brackets" in texts) == bool(exchange.brackets.get("BTCUSDT"))
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


def test_binance_btcusdt_fills_its_tier_table() -> None:
    texts = presets.field_texts("binance", "linear", "BTC")
    assert texts["mm_source"] == "tiers"
    assert texts["mmr"] == "0.4"  # the first tier, 0.40%
    assert risk.parse_brackets(texts["brackets"], "linear") == list(
        EXCHANGES["binance"].brackets["BTCUSDT"]
    )


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
    table, basis = risk.read_tiers(pasted, "linear", "notional")
    assert basis == "size"
    assert table == [(0.0, 0.004), (100.0, 0.006)]
    assert presets.tiers_text(table) == "0, 0.4\n100, 0.6"
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
