"""The "Every exchange" card: one position under every exchange's preset, as a table.

Values are worked by hand (E entry, Q size, L leverage, m maintenance rate, f liquidation
fee). The exchanges' figures are their presets' (contractcalc.exchanges, each citing its
page); Binance's BTCUSDT and SOLUSDT tiers are its website brackets answer of 2026-09-08 in
futures-trainer's derived copy (https://github.com/q3579338/futures-trainer/blob/69e93c66ec9
6a166198d447bb11e5dc80983cea5/public/brackets.json, read 2026-12-05).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from app.calculators import CALCULATORS, run
from app.layout import GROUPS

from scripts.build import card_defaults

#: 1 BTC long at 30,000, 20x isolated: margin 1,500 USDT; 0.5% where no table exists.
COMPARE = {
    "kind": "linear",
    "coin": "BTC",
    "exchange": "custom",
    "side": "long",
    "entry": "30000",
    "size": "1",
    "contract_size": "",
    "leverage": "20",
    "assumed_mmr": "0.5",
    "sort": "distance",
}


def table(raw: dict, lang: str = "en") -> list[dict[str, str]]:
    """The card's table as rows of {heading: cell text}, plus each row's class."""
    outcome = run("compare", raw, lang)
    assert outcome.errors == {}
    markup = outcome.outputs["table"]
    assert "style" not in markup
    root = ET.fromstring(markup)
    headings = [th.text or "" for th in root.iter("th") if th.get("scope") == "col"]
    rows = []
    for tr in root.iter("tr"):
        if tr.find("td") is None:
            continue
        texts = ("".join(cell.itertext()) for cell in tr)
        cells = dict(zip(headings, texts, strict=True))
        cells["class"] = tr.get("class") or ""
        cells["over"] = str(any("compare-over" in (cell.get("class") or "") for cell in tr))
        rows.append(cells)
    return rows


def by_exchange(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["Exchange"]: row for row in rows}


def test_each_exchange_computes_with_its_own_figures() -> None:
    rows = by_exchange(table(COMPARE))
    binance = rows["Binance"]
    # BTCUSDT row 1 (below 300,000 USDT): 0.4%, 150x. Mark convention, no fee:
    # LP = (QE - IM) / (Q(1 - m)) = 28,500 / 0.996 = 28,614.46, -4.62% from entry.
    assert binance["Liquidation"] == "28,614.46"
    assert binance["Distance"] == "-4.62%"
    assert binance["Fees to open and close (taker)"] == "30.00 USDT"  # 2 x 30,000 x 0.05%
    assert binance["Max leverage at this size"] == "150×"
    assert binance["Figures used"] == "BTCUSDT tiers, 2026-09-08"
    # Bybit's classic account values maintenance at entry: E(1 - 1/L + m) = 30,000 x 0.955.
    classic = rows["Bybit classic account"]
    assert classic["Liquidation"] == "28,650.00"
    assert classic["Fees to open and close (taker)"] == "33.00 USDT"  # 2 x 30,000 x 0.055%
    assert classic["Figures used"] == "no BTCUSDT table: maintenance 0.50% assumed"
    # OKX adds its 0.05% liquidation fee: 28,500 / (1 - 0.005 - 0.0005) = 28,657.62.
    assert rows["OKX"]["Liquidation"] == "28,657.62"
    # Gate: 0.075% fee: 28,500 / 0.99425 = 28,664.82; taker 0.075% each way = 45.
    assert rows["Gate"]["Liquidation"] == "28,664.82"
    assert rows["Gate"]["Fees to open and close (taker)"] == "45.00 USDT"
    # KuCoin publishes neither its liquidation fee's rate nor its fees here: both said.
    kucoin = rows["KuCoin"]
    assert kucoin["Liquidation"] == "28,643.22"  # 28,500 / 0.995, nothing added
    assert kucoin["Fees to open and close (taker)"] == "—"
    assert "liquidation fee unpublished: none counted" in kucoin["Figures used"]
    assert "fees unpublished: not counted" in kucoin["Figures used"]


def test_rows_are_sorted_by_distance_or_by_fees() -> None:
    rows = table(COMPARE)
    distances = [float(row["Distance"].rstrip("%")) for row in rows]
    assert distances == sorted(distances)  # a long: the farthest below entry first
    assert rows[0]["Exchange"] == "Binance"  # 0.4% is the lowest rate here (-4.62%)
    by_fees = table({**COMPARE, "sort": "fees"})
    fees = [row["Fees to open and close (taker)"] for row in by_fees]
    known = [float(fee.split()[0]) for fee in fees if fee != "—"]
    assert known == sorted(known)
    assert fees[: len(known)] == [fee for fee in fees if fee != "—"]  # unpublished last
    assert by_fees[0]["Exchange"] == "MEXC"  # taker 0.02%: 2 x 30,000 x 0.02% = 12
    assert fees[0] == "12.00 USDT"


def test_a_short_is_sorted_by_distance_above_entry() -> None:
    rows = table({**COMPARE, "side": "short"})
    distances = [float(row["Distance"].rstrip("%")) for row in rows]
    assert distances == sorted(distances, reverse=True)
    # Binance: LP = (QE + IM) / (Q(1 + m)) = 31,500 / 1.004 = 31,374.50.
    assert rows[0]["Liquidation"] == "31,374.50"


def test_a_leverage_above_the_tiers_is_flagged() -> None:
    """10 BTC at 30,000 are worth 300,000 USDT: Binance's BTCUSDT bracket 2 (50,000 to
    600,000), initialLeverage 100."""
    rows = by_exchange(table({**COMPARE, "size": "10", "leverage": "125"}))
    assert rows["Binance"]["Max leverage at this size"] == "100× (below your 125×)"
    assert rows["Binance"]["over"] == "True"
    assert (
        rows["Bybit unified trading account"]["Max leverage at this size"] == "—"
    )  # no table: nothing to say
    assert rows["Bybit unified trading account"]["over"] == "False"


def test_the_coin_picks_each_exchanges_table() -> None:
    """SOL: Binance's SOLUSDT (row 1, to 50,000 USDT, 0.5%, 100x); Hyperliquid holds BTC and
    ETH only.
    100 SOL at 150, 20x: margin 750, LP = (15,000 - 750) / (100 x 0.995) = 143.2161."""
    raw = {**COMPARE, "coin": "SOL", "entry": "150", "size": "100"}
    rows = by_exchange(table(raw))
    assert rows["Binance"]["Liquidation"] == "143.2161"
    assert rows["Binance"]["Max leverage at this size"] == "100×"
    assert rows["Binance"]["Figures used"] == "SOLUSDT tiers, 2026-09-08"
    assert rows["Hyperliquid"]["Figures used"].startswith("no SOLUSDT table")


def test_the_chosen_exchange_is_marked() -> None:
    rows = table({**COMPARE, "exchange": "okx"})
    assert [row["Exchange"] for row in rows if row["class"] == "compare-chosen"] == ["OKX"]


def test_inverse_in_coin_with_the_stored_table_or_the_presets_own() -> None:
    """300 contracts of 100 USD short at 30,000, 100x: margin F/(EL) = 0.01 BTC. Binance's
    stored BTCUSD_PERP table (its website's answer of 2026-09-17), 0.4% below 5 BTC and
    125x: 0.01 + F/E - F/P = 0.004 F/P gives P = 30,000 x 0.996 / 0.99 = 30,181.82.
    Kraken's BTCUSD is its stored PI_XBTUSD, 50x at most below 500,000 contracts."""
    raw = {**COMPARE, "kind": "inverse", "side": "short", "size": "300"}
    raw.update(contract_size="100", leverage="100")
    outcome = run("compare", raw)
    assert outcome.outputs["margin"] == "0.01000000 BTC"
    rows = by_exchange(table(raw))
    assert rows["Binance"]["Liquidation"] == "30,181.82"
    assert rows["Binance"]["Fees to open and close (taker)"] == "0.00100000 BTC"  # 2 x 1 x 0.05%
    assert rows["Binance"]["Max leverage at this size"] == "125×"
    assert rows["Binance"]["Figures used"] == "BTCUSD_PERP tiers, 2026-09-17"
    assert rows["Kraken"]["Max leverage at this size"] == "50× (below your 100×)"
    assert rows["Kraken"]["Figures used"].startswith("PI_XBTUSD tiers, 2024-10-07;")


def test_chinese_table() -> None:
    rows = table({**COMPARE, "exchange": "bybit_classic"}, "zh")
    chosen = next(row for row in rows if row["class"] == "compare-chosen")
    assert chosen["交易所"] == "Bybit 经典账户"
    assert chosen["所用数据"] == "无 BTCUSDT 档位表：假设维持保证金率 0.50%"
    kucoin = next(row for row in rows if row["交易所"] == "KuCoin")
    assert "；" in kucoin["所用数据"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("leverage", "0"), ("entry", "x"), ("assumed_mmr", "100"), ("sort", "name"), ("size", "")],
)
def test_bad_input_lands_on_its_field(field: str, value: str) -> None:
    outcome = run("compare", {**COMPARE, field: value})
    assert set(outcome.errors) == {field}


def test_the_card_is_declared_in_the_calculators_section() -> None:
    group = next(group for group in GROUPS if "compare" in group.cards)
    assert group.id == "calculators"
    assert CALCULATORS["compare"].wide
    assert run("compare", card_defaults("compare", group)).errors == {}
