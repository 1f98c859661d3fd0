"""Unit tests of contractcalc.exchanges: the presets are well formed, parse_tiers reads.

The JSON samples follow the response shapes in each exchange's API documentation (the
URL is on each sample; read 2026-11-30); their numbers are ours unless a comment says
where they come from. Published worked examples live in test_published_examples.py.
"""

from __future__ import annotations

import json
import math
from datetime import date
from fractions import Fraction
from functools import partial
from pathlib import Path
from urllib.parse import urlparse

import pytest
from contractcalc import BASES, CONVENTIONS, InputError, inverse, linear
from contractcalc.exchanges import (
    CONTRACTS,
    EXCHANGES,
    MAX_TIERS,
    MAX_TIERS_TEXT,
    Exchange,
    maintenance_rate,
    maintenance_rate_for_max_leverage,
    parse_tiers,
    symbols,
    tier_table,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.quick import examples

MODULES = {"linear": linear, "inverse": inverse}
PRESETS = pytest.mark.parametrize("preset", list(EXCHANGES.values()), ids=list(EXCHANGES))


def raises(field: str, code: str, function, *args, **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        function(*args, **kwargs)
    assert (info.value.field, info.value.code) == (field, code), str(info.value)
    return info.value


# --- the presets ------------------------------------------------------------------------


def test_every_exchange_the_calculator_offers_has_a_preset():
    """The brief's list: the big centralised exchanges and the two on-chain ones."""
    expected = {
        "binance", "bybit", "okx", "bitget", "gate", "kucoin", "mexc", "phemex",
        "bitmex", "deribit", "kraken", "hyperliquid", "dydx",
    }  # fmt: skip
    assert expected <= set(EXCHANGES)
    assert all(key == preset.key for key, preset in EXCHANGES.items())


def test_presets_are_read_only():
    with pytest.raises(TypeError):
        EXCHANGES["new"] = EXCHANGES["binance"]  # type: ignore[index]
    binance = EXCHANGES["binance"]
    with pytest.raises(TypeError):
        binance.brackets["ETHUSDT"] = ((0.0, 0.01),)  # type: ignore[index]
    with pytest.raises(AttributeError):
        binance.taker_fee = 0.0  # type: ignore[misc]


@PRESETS
def test_preset_fields_are_in_range(preset: Exchange):
    """Conventions and bases the engine knows, fees of a sane size, sources and a date."""
    assert preset.convention in CONVENTIONS
    assert preset.tier_basis in BASES
    for fee in (preset.maker_fee, preset.taker_fee):
        assert fee is None or -0.001 <= fee <= 0.002  # a rebate to 0.2%: regular tiers
    assert preset.liquidation_fee is None or 0 <= preset.liquidation_fee <= 0.01
    assert preset.name
    assert preset.notes
    assert preset.source
    for url in preset.source:
        parts = urlparse(url)
        assert parts.scheme == "https", url
        assert parts.netloc, url
        assert " " not in url, url
    # Read 2026-11-30, or read again for issue 22 on 2026-12-04.
    assert date.fromisoformat(preset.as_of) in (date(2026, 11, 30), date(2026, 12, 4))
    assert set(preset.brackets) <= set(CONTRACTS)
    assert set(preset.max_leverage) <= set(CONTRACTS)


@PRESETS
def test_preset_brackets_are_what_the_engine_takes(preset: Exchange):
    """Each table: first floor 0, floors rising, rates rising, leverage falling; accepted."""
    for contract, table in preset.brackets.items():
        assert table == tuple((tier.floor, tier.mmr) for tier in preset.tiers[contract])
        floors = [floor for floor, _ in table]
        rates = [rate for _, rate in table]
        assert floors[0] == 0
        assert floors == sorted(set(floors))
        assert rates == sorted(rates)
        assert all(0 < rate < 1 for rate in rates)
        leverages = [t.max_leverage for t in preset.tiers[contract] if t.max_leverage]
        assert leverages == sorted(leverages, reverse=True)
        module = MODULES[CONTRACTS[contract]]
        amounts = module.maintenance_amounts(table, basis=preset.tier_basis)
        assert len(amounts) == len(table)


@PRESETS
def test_preset_brackets_give_a_liquidation_price(preset: Exchange):
    """A 10x long of a small position liquidates a little below entry with every table."""
    for contract, table in preset.brackets.items():
        kind = CONTRACTS[contract]
        size = 0.1 if kind == "linear" else 1000.0  # 0.1 BTC, or 1,000 USD of face value
        module = MODULES[kind]
        wallet = module.initial_margin(50_000, size, 10)
        fee = preset.liquidation_fee or 0.0
        price = module.liquidation_price_tiered(
            "long",
            50_000,
            size,
            wallet,
            table,
            liquidation_fee=fee,
            basis=preset.tier_basis,
            convention=preset.convention,
            inclusive_caps=preset.inclusive_caps,
        )
        assert price is not None, contract
        assert 44_000 < price < 50_000, (contract, price)


def test_binance_btcusdt_maintenance_amounts_are_binance_cum():
    """Binance FAQ "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts":
    level 2 cum 50, level 3 cum 1,300 (250,000 x (1% - 0.5%) + 50), read 2026-11-30, on
    the BTCUSDT table announced for 2021-03-18 (the engine's example table)."""
    amounts = linear.maintenance_amounts(linear.EXAMPLE_BRACKETS)
    assert amounts[1] == pytest.approx(50, abs=1e-6)
    assert amounts[2] == pytest.approx(1300, abs=1e-6)


def test_binances_btcusdt_and_ethusdt_come_from_the_stored_tables_alone():
    """The Binance preset keeps no table of its own: BTCUSDT and ETHUSDT are the stored
    ones, Binance's website answer of 2026-09-08 (futures-trainer's derived copy,
    https://github.com/q3579338/futures-trainer/blob/69e93c66ec96a166198d447bb11e5dc80983cea5/public/brackets.json,
    read 2026-12-05). In it BTCUSDT's third tier starts at 800,000 USDT at 0.65% after
    0-300,000 at 0.4% and 300,000-800,000 at 0.5%, so its maintenance amount is
    300,000 x (0.5% - 0.4%) + 800,000 x (0.65% - 0.5%) = 300 + 1,200 = 1,500 USDT, the
    copy's own cum for that row."""
    preset = EXCHANGES["binance"]
    assert not preset.tiers
    btc = tier_table("binance", "BTCUSDT")
    assert btc.brackets[2] == (800_000.0, 0.0065)
    assert linear.maintenance_amounts(btc.brackets)[2] == pytest.approx(1_500, abs=1e-6)
    # ETHUSDT row 1 of the copy: [0, 300000, 0.004, 0, 150].
    eth = tier_table("binance", "ETHUSDT")
    assert (eth.brackets[0], eth.max_leverage[0]) == ((0.0, 0.004), 150.0)


def test_hyperliquid_maintenance_is_half_the_initial_margin_at_max_leverage():
    """Hyperliquid "Margin tiers": mmr = initial margin rate at max leverage / 2; mainnet
    BTC 40x to 150M then 20x, ETH 25x to 100M then 15x (read 2026-12-04)
    https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers"""
    preset = EXCHANGES["hyperliquid"]
    published = {
        "BTCUSDT": ((0.0, 40), (150_000_000.0, 20)),
        "ETHUSDT": ((0.0, 25), (100_000_000.0, 15)),
    }
    assert set(preset.brackets) == set(published)
    for contract, tiers in published.items():
        expected = tuple((floor, float(Fraction(1, 2 * lev))) for floor, lev in tiers)
        assert preset.brackets[contract] == expected
        assert [tier.max_leverage for tier in preset.tiers[contract]] == [lev for _, lev in tiers]
        assert preset.max_leverage[contract] == tiers[0][1]
    assert maintenance_rate("hyperliquid", "BTCUSDT") == 0.0125  # 40x
    assert maintenance_rate("hyperliquid", "ETHUSDT") == 0.02  # 25x
    assert (preset.tier_basis, preset.inclusive_caps) == ("notional", False)


@pytest.mark.parametrize(
    ("leverage", "expected"), [(1, 0.5), (3, 1 / 6), (10, 0.05), (20, 0.025), (50, 0.01)]
)
def test_maintenance_rate_for_max_leverage(leverage, expected):
    assert maintenance_rate_for_max_leverage(leverage) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("bad", [0, -3, 0.5, 0.25, math.nan, math.inf, "20", None, True])
def test_maintenance_rate_for_max_leverage_refuses_bad_leverage(bad):
    with pytest.raises(InputError) as info:
        maintenance_rate_for_max_leverage(bad)
    assert info.value.field == "max_leverage"


def test_maintenance_rate_is_the_first_tier():
    assert maintenance_rate(EXCHANGES["hyperliquid"], "BTCUSDT") == 0.0125
    assert maintenance_rate("dydx", "ETHUSDT") == 0.03


@pytest.mark.parametrize(
    ("exchange", "contract", "field"),
    [
        ("nope", "BTCUSDT", "exchange"),
        (None, "BTCUSDT", "exchange"),
        ("kraken", "BTCUSDT", "contract"),  # Kraken's tables are stored, by its names
        ("kraken", "BTCUSD", "contract"),
        ("bybit", "BTCUSDT", "contract"),
        ("binance", "XRPUSDT", "contract"),
        ("binance", "BTCUSDT", "contract"),  # USDⓈ-M: every symbol's table is stored instead
        ("binance", "BTCUSD", "contract"),  # COIN-M: every symbol's table is stored instead
        ("binance", None, "contract"),
    ],
)
def test_maintenance_rate_refuses_what_has_no_table(exchange, contract, field):
    raises(field, "choice", maintenance_rate, exchange, contract)


# --- parse_tiers: exchange JSON ---------------------------------------------------------

#: The reader with bare rates as fractions, as APIs and scripts write them.
read_fractions = partial(parse_tiers, percent=False)

# Binance GET /fapi/v1/leverageBracket: a list of symbols, each with its brackets.
# https://developers.binance.com/docs/derivatives/usds-margined-futures/account/rest-api/Notional-and-Leverage-Brackets
BINANCE_FAPI = [
    {
        "symbol": "ETHUSDT",
        "notionalCoef": 1.50,
        "brackets": [
            {"bracket": 1, "initialLeverage": 75, "notionalCap": 10000, "notionalFloor": 0,
             "maintMarginRatio": 0.0065, "cum": 0.0},
            {"bracket": 2, "initialLeverage": 50, "notionalCap": 50000, "notionalFloor": 10000,
             "maintMarginRatio": 0.01, "cum": 35.0},
        ],
    },
    {
        "symbol": "BTCUSDT",
        "brackets": [
            {"bracket": 1, "initialLeverage": 125, "notionalCap": 50000, "notionalFloor": 0,
             "maintMarginRatio": 0.004, "cum": 0.0},
            {"bracket": 2, "initialLeverage": 100, "notionalCap": 250000,
             "notionalFloor": 50000, "maintMarginRatio": 0.005, "cum": 50.0},
        ],
    },
]  # fmt: skip

# Binance GET /dapi/v1/leverageBracket (COIN-M, by pair; floors in the coin). The
# documentation's example spells the floor "qtylFloor"; the live API "qtyFloor".
# https://developers.binance.com/docs/derivatives/coin-margined-futures/account/rest-api/Notional-Bracket-for-Pair
BINANCE_DAPI = [
    {
        "pair": "BTCUSD",
        "brackets": [
            {"bracket": 1, "initialLeverage": 125, "qtyCap": 5, "qtylFloor": 0,
             "maintMarginRatio": 0.004, "cum": 0.0},
            {"bracket": 2, "initialLeverage": 100, "qtyCap": 10, "qtyFloor": 5,
             "maintMarginRatio": 0.005, "cum": 0.005},
        ],
    }
]  # fmt: skip

# Binance's website brackets answer, USDⓈ-M (GET https://www.binance.com/bapi/futures/v1/
# friendly/future/common/brackets): YFIUSDT's entry with its first two brackets verbatim,
# as https://github.com/lidp280504357/exchange/blob/2cfd86923884627353949952099bc0b929aaa758/
# deploy/instruments/binance-contracts.json keeps it (taken 2026-10-06, read 2026-12-05),
# wrapped as the website answers.
BINANCE_WEBSITE_USDM = {
    "code": "000000",
    "data": {"brackets": [{
        "symbol": "YFIUSDT", "updateTime": 1763561068385, "notionalLimit": 100,
        "riskBrackets": [
            {"bracketSeq": 1, "bracketNotionalFloor": 0, "bracketNotionalCap": 5000,
             "bracketMaintenanceMarginRate": 0.01, "cumFastMaintenanceAmount": 0,
             "minOpenPosLeverage": 51, "maxOpenPosLeverage": 75},
            {"bracketSeq": 2, "bracketNotionalFloor": 5000, "bracketNotionalCap": 10000,
             "bracketMaintenanceMarginRate": 0.015, "cumFastMaintenanceAmount": 25,
             "minOpenPosLeverage": 26, "maxOpenPosLeverage": 50},
        ],
    }]},
    "success": True,
}  # fmt: skip
#: Binance's website brackets answer for COIN-M, six symbols (see test_tier_data.py).
BINANCE_WEBSITE_COIN_M = (
    Path(__file__).resolve().parent / "data" / "binance-bapi-delivery-brackets-excerpt.json"
)

# Bybit GET /v5/market/risk-limit, category linear, as the live API writes rates.
# https://bybit-exchange.github.io/docs/v5/market/risk-limit
BYBIT_LINEAR = {
    "retCode": 0,
    "retMsg": "OK",
    "result": {
        "category": "linear",
        "list": [
            {"id": 1, "symbol": "BTCUSDT", "riskLimitValue": "2000000",
             "maintenanceMargin": "0.005", "initialMargin": "0.01", "isLowestRisk": 1,
             "maxLeverage": "100.00", "mmDeduction": ""},
            {"id": 2, "symbol": "BTCUSDT", "riskLimitValue": "4000000",
             "maintenanceMargin": "0.01", "initialMargin": "0.02", "isLowestRisk": 0,
             "maxLeverage": "50.00", "mmDeduction": "10000"},
            {"id": 3, "symbol": "ETHUSDT", "riskLimitValue": "1000000",
             "maintenanceMargin": "0.005", "initialMargin": "0.01", "isLowestRisk": 1,
             "maxLeverage": "100.00", "mmDeduction": ""},
        ],
        "nextPageCursor": "",
    },
    "retExtInfo": {},
    "time": 1672054488010,
}  # fmt: skip

# The documentation's own example (inverse BTCUSD): rates written as percents.
BYBIT_DOC_EXAMPLE = (
    '{"retCode": 0, "retMsg": "OK", "result": {"category": "inverse", "list": [{"id": 1, '
    '"symbol": "BTCUSD", "riskLimitValue": "150", "maintenanceMargin": "0.5", '
    '"initialMargin": "1", "isLowestRisk": 1, "maxLeverage": "100.00", "mmDeduction": ""}]}, '
    '"retExtInfo": {}, "time": 1672054488010}'
)

# OKX GET /api/v5/public/position-tiers?instType=SWAP&tdMode=isolated&instFamily=BTC-USDT
# https://www.okx.com/docs-v5/en/#public-data-rest-api-get-position-tiers
OKX_SWAP = {
    "code": "0",
    "msg": "",
    "data": [
        {"uly": "BTC-USDT", "instFamily": "BTC-USDT", "instId": "", "tier": "1",
         "minSz": "0", "maxSz": "20000", "mmr": "0.004", "imr": "0.008", "maxLever": "125",
         "optMgnFactor": "0", "quoteMaxLoan": "", "baseMaxLoan": ""},
        {"uly": "BTC-USDT", "instFamily": "BTC-USDT", "instId": "", "tier": "2",
         "minSz": "20001", "maxSz": "50000", "mmr": "0.005", "imr": "0.01", "maxLever": "100",
         "optMgnFactor": "0", "quoteMaxLoan": "", "baseMaxLoan": ""},
    ],
}  # fmt: skip

# Bitget GET /api/v2/mix/market/query-position-lever: the documentation's example rows.
# https://bitget.fit/api-doc/contract/position/Get-Query-Position-Lever
BITGET = {
    "code": "00000",
    "msg": "success",
    "requestTime": 1695796884470,
    "data": [
        {"symbol": "BTCUSDT", "level": "1", "startUnit": "0", "endUnit": "50000",
         "leverage": "125", "keepMarginRate": "0.004"},
        {"symbol": "BTCUSDT", "level": "2", "startUnit": "50000", "endUnit": "200000",
         "leverage": "100", "keepMarginRate": "0.005"},
    ],
}  # fmt: skip

# KuCoin GET /api/v1/contracts/risk-limit/ADAUSDTM: the documentation's example.
# https://kucoin.com/docs/rest/futures-trading/risk-limit/get-futures-risk-limit-level
KUCOIN = {
    "code": "200000",
    "data": [
        {"symbol": "ADAUSDTM", "level": 1, "maxRiskLimit": 500, "minRiskLimit": 0,
         "maxLeverage": 20, "initialMargin": 0.05, "maintainMargin": 0.025},
        {"symbol": "ADAUSDTM", "level": 2, "maxRiskLimit": 1000, "minRiskLimit": 500,
         "maxLeverage": 2, "initialMargin": 0.5, "maintainMargin": 0.25},
    ],
}  # fmt: skip


def test_binance_fapi_takes_the_first_symbol_or_the_named_one():
    first = parse_tiers(json.dumps(BINANCE_FAPI), percent=False)
    assert first.brackets == ((0.0, 0.0065), (10_000.0, 0.01))
    assert first.max_leverage == (75.0, 50.0)
    assert (first.symbol, first.format, first.basis) == ("ETHUSDT", "binance", "notional")
    btc = parse_tiers(json.dumps(BINANCE_FAPI), symbol="btcusdt", percent=False)
    assert btc.brackets == ((0.0, 0.004), (50_000.0, 0.005))
    assert btc.symbol == "BTCUSDT"
    single = parse_tiers(
        json.dumps(BINANCE_FAPI[1]), percent=False
    )  # the response when a symbol is sent
    assert single.brackets == btc.brackets


def test_binance_fapi_cum_is_the_engines_maintenance_amount():
    """The response's "cum" of bracket 2 (50) is what the engine derives from the floors."""
    parsed = parse_tiers(json.dumps(BINANCE_FAPI), symbol="BTCUSDT", percent=False)
    assert linear.maintenance_amounts(parsed.brackets) == pytest.approx([0.0, 50.0])


def test_binance_dapi_is_inverse_with_floors_in_the_coin():
    parsed = parse_tiers(json.dumps(BINANCE_DAPI), kind="inverse", percent=False)
    assert parsed.brackets == ((0.0, 0.004), (5.0, 0.005))
    assert parsed.symbol == "BTCUSD"
    assert inverse.maintenance_amounts(parsed.brackets) == pytest.approx([0.0, 0.005])
    raises("tiers", "tiers_inverse", read_fractions, json.dumps(BINANCE_DAPI))
    raises("tiers", "tiers_linear", read_fractions, json.dumps(BINANCE_FAPI), kind="inverse")


def test_binance_dapi_v2_symbol_names_a_perpetual():
    """GET /dapi/v2/leverageBracket names symbols like "BTCUSD_PERP"; "BTCUSD" finds it."""
    v2 = [dict(BINANCE_DAPI[0], symbol="BTCUSD_PERP")]
    del v2[0]["pair"]
    assert (
        parse_tiers(json.dumps(v2), kind="inverse", symbol="BTCUSD", percent=False).symbol
        == "BTCUSD_PERP"
    )


def test_binances_website_answer_reads_whole_by_symbol_in_either_kind():
    """The unsigned answer behind Binance's "Leverage & Margin" page, pasted whole."""
    coin_m = BINANCE_WEBSITE_COIN_M.read_text()
    first = parse_tiers(coin_m, kind="inverse", percent=False)
    # The excerpt's first entry, BTCUSD_260626: bracketSeq 1 and 2, 0 and 10 BTC at 1%
    # and 2.5%, 50x and 20x.
    assert first.symbol == "BTCUSD_260626"
    assert (first.brackets[:2], first.max_leverage[:2]) == (((0.0, 0.01), (10.0, 0.025)),
                                                            (50.0, 20.0))  # fmt: skip
    # "SOLUSD" finds SOLUSD_PERP: bracketSeq 2 from 400 SOL at 2%, 25x.
    sol = parse_tiers(coin_m, kind="inverse", symbol="SOLUSD", percent=False)
    assert (sol.symbol, sol.format, sol.basis) == ("SOLUSD_PERP", "binance", "notional")
    assert (sol.brackets[1], sol.max_leverage[1]) == ((400.0, 0.02), 25.0)
    raises("tiers", "tiers_inverse", read_fractions, coin_m)
    usdm = json.dumps(BINANCE_WEBSITE_USDM)
    yfi = parse_tiers(usdm, percent=False)
    assert (yfi.symbol, yfi.brackets, yfi.max_leverage) == (
        "YFIUSDT",
        ((0.0, 0.01), (5_000.0, 0.015)),
        (75.0, 50.0),
    )
    # Its cumFastMaintenanceAmount of bracket 2 (25) is the engine's maintenance amount.
    assert linear.maintenance_amounts(yfi.brackets) == pytest.approx([0.0, 25.0])
    raises("tiers", "tiers_linear", read_fractions, usdm, kind="inverse")
    # One symbol's entry, or only its riskBrackets, reads too (no kind said: not checked).
    entry = BINANCE_WEBSITE_USDM["data"]["brackets"][0]
    assert parse_tiers(json.dumps(entry), percent=False).brackets == yfi.brackets
    bare = json.dumps(entry["riskBrackets"])
    assert parse_tiers(bare, kind="inverse", percent=False).brackets == yfi.brackets


def test_bybit_caps_become_floors_and_the_first_symbol_is_taken():
    parsed = parse_tiers(json.dumps(BYBIT_LINEAR), percent=False)
    assert parsed.brackets == ((0.0, 0.005), (2_000_000.0, 0.01))
    assert parsed.max_leverage == (100.0, 50.0)
    assert (parsed.symbol, parsed.format, parsed.basis) == ("BTCUSDT", "bybit", "notional")
    # Bybit's MM deduction of tier 2 (10,000) is the engine's maintenance amount.
    assert linear.maintenance_amounts(parsed.brackets)[1] == pytest.approx(10_000)
    eth = parse_tiers(json.dumps(BYBIT_LINEAR), symbol="ETHUSDT", percent=False)
    assert eth.brackets == ((0.0, 0.005),)
    raises("tiers", "tiers_linear", read_fractions, json.dumps(BYBIT_LINEAR), kind="inverse")
    raises("tiers", "tiers_symbol", read_fractions, json.dumps(BYBIT_LINEAR), symbol="SOLUSDT")


def test_bybit_documentation_example_writes_percents():
    """initialMargin "1" at 100x can only be 1%: the example's "0.5" is 0.5%."""
    parsed = parse_tiers(BYBIT_DOC_EXAMPLE, kind="inverse", percent=False)
    assert parsed.brackets == ((0.0, 0.005),)


def test_okx_sizes_are_contracts_times_the_contract_value():
    """OKX's tier 1 ends at maxSz 20,000 contracts and tier 2 starts at minSz 20,001: the
    cap belongs to tier 1, so the floors are the caps and the caps are inclusive."""
    parsed = parse_tiers(
        json.dumps(OKX_SWAP), contract_value=0.01, percent=False
    )  # BTC-USDT-SWAP: 0.01 BTC
    assert parsed.brackets == ((0.0, 0.004), (200.0, 0.005))
    assert (parsed.basis, parsed.format, parsed.symbol) == ("size", "okx", "BTC-USDT")
    assert parsed.inclusive_caps
    assert parse_tiers(json.dumps(OKX_SWAP), percent=False).brackets[1] == (20_000.0, 0.005)
    # 20,000 contracts (200 BTC) is the last size of tier 1, 20,000.5 the first of tier 2.
    for contracts, tier in ((20_000, 0), (20_000.5, 1)):
        args = (parsed.brackets, 30_000, contracts * 0.01, "size", True)
        assert linear.bracket_at(*args) == tier
    without_caps = [{k: v for k, v in row.items() if k != "maxSz"} for row in OKX_SWAP["data"]]
    by_floors = parse_tiers(json.dumps({"code": "0", "data": without_caps}), percent=False)
    assert by_floors.brackets[1] == (20_001.0, 0.005)
    assert not by_floors.inclusive_caps
    inverse_family = json.dumps(
        {"code": "0", "data": [dict(OKX_SWAP["data"][0], uly="BTC-USD", instFamily="BTC-USD")]}
    )
    raises("tiers", "tiers_inverse", read_fractions, inverse_family)
    assert parse_tiers(
        inverse_family, kind="inverse", contract_value=100, percent=False
    ).brackets == ((0.0, 0.004),)


def test_bitget_and_kucoin_documentation_examples():
    bitget = parse_tiers(json.dumps(BITGET), percent=False)
    assert bitget.brackets == ((0.0, 0.004), (50_000.0, 0.005))
    assert (bitget.max_leverage, bitget.format) == ((125.0, 100.0), "bitget")
    kucoin = parse_tiers(json.dumps(KUCOIN), percent=False)
    assert kucoin.brackets == ((0.0, 0.025), (500.0, 0.25))
    assert (kucoin.max_leverage, kucoin.format) == ((20.0, 2.0), "kucoin")


def test_a_bare_list_of_binance_brackets_is_read():
    """A trader may paste only the "brackets" array."""
    text = json.dumps(BINANCE_FAPI[1]["brackets"])
    assert parse_tiers(text, percent=False).brackets == ((0.0, 0.004), (50_000.0, 0.005))


def test_the_presets_round_trip_through_binance_json():
    """A response built from the stored BTCUSDT table reads back as that table."""
    table = tier_table("binance", "BTCUSDT")
    brackets = [
        {"bracket": index, "initialLeverage": leverage, "notionalFloor": floor,
         "maintMarginRatio": rate}
        for index, ((floor, rate), leverage) in enumerate(
            zip(table.brackets, table.max_leverage, strict=True), start=1)
    ]  # fmt: skip
    parsed = parse_tiers(json.dumps([{"symbol": "BTCUSDT", "brackets": brackets}]), percent=False)
    assert parsed.brackets == table.brackets
    assert parsed.max_leverage == table.max_leverage


# --- parse_tiers: plain tables ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Floor\tRate\n0\t0.4%\n50,000\t0.5%\n250,000\t1%",
        "0,0.004\n50000,0.005\n250000,0.01",
        "0;0.4%\n50,000;0.5%\n250,000;1.0%",
        "0 0.4%\n50,000   0.5%\n250000 1%\n",
        "\r\n0\t0.004\r\n50000\t0.005\r\n250000\t0.01\r\n\r\n",
        "Notional floor (USDT), maintenance rate\n0, 0.004\n50000, 0.005\n250000, 0.01",
    ],
)
def test_plain_tables_in_every_separator(text):
    parsed = parse_tiers(text, percent=False)
    assert parsed.brackets == ((0.0, 0.004), (50_000.0, 0.005), (250_000.0, 0.01))
    assert (parsed.format, parsed.symbol, parsed.max_leverage) == ("table", None, (None,) * 3)


@pytest.mark.parametrize(
    ("text", "percent", "brackets"),
    [
        ("0, 0.4\n50,000, 0.5", True, ((0.0, 0.004), (50_000.0, 0.005))),
        ("0, 0.4\n50,000, 0.5", False, ((0.0, 0.4), (50_000.0, 0.5))),
        ("0, 0.4%\n50,000, 0.5%", False, ((0.0, 0.004), (50_000.0, 0.005))),
        ("0, 0.4%\n50,000, 0.5%", True, ((0.0, 0.004), (50_000.0, 0.005))),
        ("0，0.4\n５０,０００；0.5％", True, ((0.0, 0.004), (50_000.0, 0.005))),
    ],
)
def test_a_bare_rate_is_read_in_the_unit_the_caller_names(text, percent, brackets):
    """ "0, 0.4" is 0.4% as the page types it and 40% as a fraction; "%" always says."""
    assert parse_tiers(text, percent=percent).brackets == brackets


@pytest.mark.parametrize("percent", [None, "yes", 1])
def test_the_unit_must_be_named(percent):
    raises("percent", "choice", parse_tiers, "0, 0.4", percent=percent)
    with pytest.raises(TypeError):
        parse_tiers("0, 0.4")


def test_plain_table_basis_is_the_callers():
    assert parse_tiers("0 0.4%\n20 0.5%", basis="size", percent=False).basis == "size"
    assert parse_tiers("0 0.4%\n20 0.5%", kind="inverse", percent=False).basis == "notional"


def test_percent_and_fraction_are_the_same_rate():
    assert (
        parse_tiers("0 0.5%", percent=False).brackets
        == parse_tiers("0 0.005", percent=False).brackets
    )


# --- parse_tiers: bad and hostile input -------------------------------------------------


def _rows(count: int) -> str:
    return "\n".join(f"{index * 1000} 0.5%" for index in range(count))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "tiers_empty"),
        (" \n\t\n", "tiers_empty"),
        ("x" * (MAX_TIERS_TEXT + 1), "tiers_too_long"),
        ("0 0.4%\n" * 1_500_000, "tiers_too_long"),  # 10 MB
        ("[" * MAX_TIERS_TEXT, "tiers_json"),  # nested far too deep
        ('{"a": ' * 12_000 + "1" + "}" * 12_000, "tiers_json"),
        ('[{"notionalFloor": 0, "maintMarginRatio": NaN}]', "tiers_json"),
        ('[{"notionalFloor": 0, "maintMarginRatio": Infinity}]', "tiers_json"),
        ("[1, 2", "tiers_json"),
        ("{'single': 'quotes'}", "tiers_json"),
        ('{"foo": 1}', "tiers_format"),
        ("[]", "tiers_format"),
        ("[1, 2, 3]", "tiers_format"),
        ('{"data": []}', "tiers_format"),
        ('[{"symbol": "X", "brackets": "none"}]', "tiers_format"),
        ('[{"symbol": "X", "brackets": [1]}]', "tiers_format"),
        ('[{"notionalFloor": 0, "maintMarginRatio": "NaN"}]', "tiers_number"),
        ('[{"notionalFloor": 0, "maintMarginRatio": true}]', "tiers_number"),
        ('[{"notionalFloor": 0, "maintMarginRatio": [0.1]}]', "tiers_number"),
        ('[{"notionalFloor": 0, "maintMarginRatio": 1e999}]', "tiers_number"),
        ('[{"notionalFloor": 0, "maintMarginRatio": 1e99999999}]', "tiers_number"),
        ('[{"notionalFloor": ' + "9" * 5000 + ', "maintMarginRatio": 0.1}]', "tiers_number"),
        ('[{"notionalFloor": -1, "maintMarginRatio": 0.1}]', "tiers_negative"),
        ('[{"notionalFloor": 0, "maintMarginRatio": 1}]', "tiers_rate"),
        ('[{"notionalFloor": 5, "maintMarginRatio": 0.1}]', "tiers_first_floor"),
        ('[{"notionalFloor": 0, "maintMarginRatio": 0.1, "initialLeverage": -5}]', "tiers_number"),
        ('[{"notionalFloor": 0, "maintMarginRatio": 0.1}, {"notionalFloor": 0}]', "tiers_row"),
        ("0 0.4%\n0 0.5%", "tiers_line_order"),  # duplicate floor
        ("0 0.4%\n100 0.5%\n50 0.6%", "tiers_line_order"),  # unsorted
        ("10 0.4%\n100 0.5%", "tiers_line_first"),
        ("-5 0.4%", "tiers_line_floor"),
        ("0 nan", "tiers_line_rate"),
        ("0 inf%", "tiers_line_rate"),
        ("0 1_000", "tiers_line_rate"),
        ("0 \u0663", "tiers_line_rate"),  # an Arabic-Indic digit
        ("0 0,4%", "tiers_line_leverage"),  # a decimal comma: a third cell, "4%"
        ("0 1e9999", "tiers_line_rate"),
        ("0 " + "1" * 100, "tiers_line_rate"),
        ("0; 100%", "tiers_line_rate"),  # "0 100%" would group thousands: 0100%
        ("0 1.5", "tiers_line_rate"),
        ("0 -0.1%", "tiers_line_rate"),
        ("0 0.4% 125 9", "tiers_line_fields"),  # a fourth cell
        ("0 0.4%\n50000", "tiers_line_fields"),
        ("0\t0.4%\n,,,", "tiers_line_fields"),
        ("Floor Rate", "tiers_empty"),
        (_rows(MAX_TIERS + 1), "tiers_too_many"),
        # Two floors that differ in the text but round to the same float:
        ("0 0.4%\n999999999999999.1 0.5%\n999999999999999.15 0.6%", "tiers_line_order"),
    ],
)
def test_bad_text_names_what_could_not_be_read(text, code):
    error = raises("tiers", code, read_fractions, text)
    assert error.message  # every code has its message


def test_too_many_json_tiers():
    rows = [{"notionalFloor": index, "maintMarginRatio": 0.01} for index in range(MAX_TIERS + 1)]
    raises("tiers", "tiers_too_many", read_fractions, json.dumps(rows))


def test_error_messages_quote_the_cell_shortly():
    error = raises("tiers", "tiers_line_rate", read_fractions, "0 " + "z" * 500 + "%")
    assert len(error.params["text"]) <= 24
    error = raises("tiers", "tiers_line_rate", read_fractions, "0 a\x00b")
    assert "\x00" not in str(error)


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"kind": "spot"}, "kind", "kind"),
        ({"kind": None}, "kind", "kind"),
        ({"basis": "value"}, "basis", "basis"),
        ({"symbol": 5}, "symbol", "choice"),
        ({"contract_value": 0}, "contract_value", "not_positive"),
        ({"contract_value": math.nan}, "contract_value", "not_finite"),
    ],
)
def test_bad_arguments_name_their_field(kwargs, field, code):
    raises(field, code, read_fractions, "0 0.4%", **kwargs)


def test_text_that_is_not_a_string_is_refused():
    raises("tiers", "tiers_empty", read_fractions, None)
    raises("tiers", "tiers_empty", read_fractions, b"0 0.4%")


# --- parse_tiers: fuzzing ---------------------------------------------------------------

_json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["0", "0.005", "1e3", "50,000", "-1", "NaN", "1e999", ""]),
)
_json_values = st.recursive(
    _json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=30,
)
_field_names = st.sampled_from(
    [
        "notionalFloor", "qtyFloor", "maintMarginRatio", "initialLeverage", "riskLimitValue",
        "maintenanceMargin", "maxLeverage", "initialMargin", "minSz", "mmr", "maxLever",
        "startUnit", "keepMarginRate", "leverage", "minRiskLimit", "maintainMargin",
        "symbol", "pair", "instFamily", "uly", "instId", "brackets", "data", "list",
        "result", "category", "bracketNotionalFloor", "bracketMaintenanceMarginRate",
        "maxOpenPosLeverage", "riskBrackets",
    ]
)  # fmt: skip
_tier_like = st.dictionaries(
    _field_names, st.one_of(_json_scalars, st.lists(_json_scalars, max_size=2)), max_size=6
)
# Rows that often read: plausible floors and rates, in any order.
_numbers = st.one_of(
    st.integers(min_value=-5, max_value=10**7),
    st.floats(min_value=-1.0, max_value=1e7),
    st.sampled_from(["0", "0.005", "50000", "1e3", "1,000", "0.5", "2"]),
)
_binance_like = st.lists(
    st.fixed_dictionaries(
        {"notionalFloor": _numbers, "maintMarginRatio": _numbers},
        optional={"initialLeverage": _numbers, "symbol": st.sampled_from(["BTCUSDT", "X"])},
    ),
    min_size=1,
    max_size=6,
)
_shaped_json = st.one_of(
    _binance_like,
    st.lists(_tier_like, max_size=5),
    st.lists(
        st.fixed_dictionaries(
            {"symbol": _json_scalars, "brackets": st.lists(_tier_like, max_size=4)}
        ),
        max_size=3,
    ),
    st.fixed_dictionaries({"data": st.lists(_tier_like, max_size=5)}),
    # Binance's website: {"data": {"brackets": [{"symbol", "riskBrackets"}]}}.
    st.fixed_dictionaries(
        {
            "data": st.fixed_dictionaries(
                {
                    "brackets": st.lists(
                        st.fixed_dictionaries(
                            {
                                "symbol": st.sampled_from(["BTCUSD_PERP", "BTCUSDT", "X"]),
                                "riskBrackets": st.one_of(
                                    st.lists(_tier_like, max_size=4),
                                    st.lists(
                                        st.fixed_dictionaries(
                                            {
                                                "bracketNotionalFloor": _numbers,
                                                "bracketMaintenanceMarginRate": _numbers,
                                            },
                                            optional={"maxOpenPosLeverage": _numbers},
                                        ),
                                        min_size=1,
                                        max_size=4,
                                    ),
                                ),
                            }
                        ),
                        max_size=3,
                    )
                }
            )
        }
    ),
    st.fixed_dictionaries(
        {
            "result": st.fixed_dictionaries(
                {"category": _json_scalars, "list": st.lists(_tier_like, max_size=5)}
            )
        }
    ),
)
_cell = st.one_of(
    st.sampled_from(["0", "50,000", "0.4%", "0.005", "1e3", "-1", "nan", "%", "1,5", "x"]),
    st.text(max_size=6),
)
_lines = st.lists(st.lists(_cell, max_size=3), max_size=8)


def _read_or_refuse(text: str, percent: bool = False, **kwargs) -> None:
    """parse_tiers returns a table the engine takes, or raises InputError on "tiers"."""
    try:
        parsed = parse_tiers(text, **kwargs, percent=percent)
    except InputError as error:
        refused = error
    else:
        kind = kwargs.get("kind", "linear")
        MODULES[kind].maintenance_amounts(parsed.brackets, basis=parsed.basis)
        assert len(parsed.max_leverage) == len(parsed.brackets)
        return
    assert refused.field == "tiers", refused
    assert refused.message


@settings(max_examples=examples(300), deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_read_or_refused(text):
    _read_or_refuse(text)


@settings(max_examples=examples(300), deadline=None)
@given(_json_values, st.sampled_from(["linear", "inverse"]))
def test_any_json_is_read_or_refused(value, kind):
    _read_or_refuse(json.dumps(value), kind=kind)


@settings(max_examples=examples(300), deadline=None)
@given(_shaped_json, st.sampled_from(["linear", "inverse"]), st.sampled_from([None, "BTCUSDT"]))
def test_json_shaped_like_the_apis_is_read_or_refused(value, kind, symbol):
    _read_or_refuse(json.dumps(value), kind=kind, symbol=symbol)


@settings(max_examples=examples(300), deadline=None)
@given(_lines, st.sampled_from(["\t", ";", " ", ",", "  ", "，"]), st.booleans())
def test_any_table_is_read_or_refused(rows, separator, percent):
    _read_or_refuse("\n".join(separator.join(cells) for cells in rows), percent=percent)


@pytest.mark.parametrize(
    ("key", "maker", "taker"),
    [
        # Phemex "Phemex Future fee structure and calculation": contracts 0.01% maker,
        # 0.06% taker, https://phemex.com/de/help-center/Phemex-Future-fee-structure-and-calculation
        # (read 2026-12-04)
        ("phemex", 0.0001, 0.0006),
        # Deribit "Fees": BTC Futures & Perpetual 0.00% maker, 0.05% taker,
        # https://support.deribit.com/hc/en-us/articles/25944746248989-Fees (read 2026-12-04)
        ("deribit", 0.0, 0.0005),
    ],
)
def test_fees_read_again_on_2026_12_04(key: str, maker: float, taker: float) -> None:
    preset = EXCHANGES[key]
    assert (preset.maker_fee, preset.taker_fee) == (maker, taker)
    assert preset.as_of == "2026-12-04"
    assert "until 2026-12-04" in preset.notes  # the older reading, kept with its date


# --- inverse contract sizes ------------------------------------------------------------

#: Binance's COIN-M contract specifications FAQ and its exchangeInfo answer of 2026-09-16
#: (a public copy), both read 2026-12-05.
BINANCE_COINM_SPECS = "https://www.binance.com/en/support/faq/a4470430e3164c13932be8967961aede"
BINANCE_COINM_EXCHANGE_INFO = (
    "https://github.com/ychcb0521/veil-of-ignorance/blob/"
    "b3ac37a2a1ffa174df85a5d429b6d5166372b7d9/src/data/binanceLeverageTiers.json"
)


@PRESETS
def test_contract_sizes_are_cited_dated_and_positive(preset: Exchange):
    """A size names its page and day, is keyed "<COIN>USD", and is a positive USD amount."""
    sizes = preset.contract_sizes
    if sizes is None:
        return
    assert date.fromisoformat(sizes.as_of) == date(2026, 12, 5)
    assert sizes.source
    for url in sizes.source:
        assert urlparse(url).scheme == "https", url
    assert sizes.usd
    for contract, size in sizes.usd.items():
        assert contract.endswith("USD"), contract
        assert contract.isalnum(), contract
        assert contract.isupper(), contract
        assert size > 0
    with pytest.raises(TypeError):
        sizes.usd["BTCUSD"] = 5.0  # type: ignore[index]


def test_binance_coin_m_sizes_are_100_usd_for_btc_and_10_for_every_other_pair():
    """BINANCE_COINM_EXCHANGE_INFO's contractSizeUsd: BTCUSD 100, the other 19 pairs 10
    (the FAQ: "100 USD" for BTC, "10 USD" for altcoins); every stored COIN-M symbol's
    pair, perpetual or quarterly, has one."""
    sizes = EXCHANGES["binance"].contract_sizes
    assert sizes is not None
    assert sizes.source == (BINANCE_COINM_SPECS, BINANCE_COINM_EXCHANGE_INFO)
    assert sizes.usd["BTCUSD"] == 100.0
    others = {contract: size for contract, size in sizes.usd.items() if contract != "BTCUSD"}
    assert len(others) == 19
    assert set(others.values()) == {10.0}
    pairs = {symbol.split("_")[0] for symbol in symbols("binance", "inverse")}
    assert pairs == set(sizes.usd)


@pytest.mark.parametrize(
    ("key", "size"),
    [
        ("okx", 100.0),  # OKX "Perpetual swaps": BTCUSD-PERP "Contract Size 100USD"
        ("bybit", 1.0),  # Bybit: 10,000 BTCUSD contracts are "$10,000"
        ("bybit_classic", 1.0),  # the same inverse contracts
        ("bitmex", 1.0),  # BitMEX Inverse Perpetuals Guide: XBTUSD "Multiplier 1 USD"
        ("deribit", 10.0),  # Deribit contract specifications: "Contract size US $10"
        ("kraken", 1.0),  # Kraken Equity Protection Process: 1,000 contracts = 1000/8000 BTC
        ("kucoin", 1.0),  # KuCoin "What is Futures": 25,000 contracts x 1 USD
        ("phemex", 1.0),  # Phemex perpetual introduction: "1 USD" of bitcoin a contract
    ],
)
def test_btc_inverse_contract_sizes_as_each_page_gives_them(key: str, size: float):
    sizes = EXCHANGES[key].contract_sizes
    assert sizes is not None
    assert dict(sizes.usd) == {"BTCUSD": size}


@pytest.mark.parametrize("key", ["bitget", "gate", "mexc", "hyperliquid", "dydx"])
def test_no_contract_size_where_no_page_gave_one(key: str):
    assert EXCHANGES[key].contract_sizes is None
