"""Every stored tier table is one the engine takes, dated and sourced; the import command
round-trips real API responses; lookups name what exists when they fail.

Sources of the reference data:
- FREQTRADE: freqtrade's copy of Binance's whole USDⓈ-M leverage-bracket response,
  https://github.com/freqtrade/freqtrade/blob/3d9514d2660c42dfdbde517f7b421d1a5cf4f196/freqtrade/exchange/binance_leverage_tiers.json
  (commit of 2024-10-24, read 2026-12-04). ``data/freqtrade-binance-leverage-tiers-excerpt.json``
  is three of its entries verbatim (BTC/USDT:USDT, BTC/USDT:USDT-241227, ETH/BTC:BTC);
  ``data/binance-fapi-leverageBracket.json`` holds the ``info`` rows of three more
  (SOLUSDT, ETHUSDT, 1000PEPEUSDC) verbatim, each list wrapped as Binance's
  ``GET /fapi/v1/leverageBracket`` returns it: ``[{"symbol": ..., "brackets": [...]}]``.
- BAPI: Binance's website answer to
  ``GET https://www.binance.com/bapi/futures/v1/friendly/delivery/common/brackets``
  (every COIN-M symbol's brackets, unsigned), read on 2026-09-17 and kept unedited in
  https://github.com/komekome898-web/trade/blob/d0a6b90b5750fc7051146d99ab296d541a7fcb68/docs/DATA/probes/20260917_binance_cm_brackets_full.json
  (read 2026-12-05). ``data/binance-bapi-delivery-brackets-excerpt.json`` is that answer
  with six of its 35 symbols, each entry verbatim and in the answer's order (BTCUSD_260626,
  SOLUSD_PERP, BTCUSD_260925, ETHUSD_PERP, BTCUSD_PERP, BTCUSD_261225). Its floors and
  ``cumFastMaintenanceAmount`` are in the coin (BTC for BTCUSD_PERP).
- TRAINER: the USDⓈ-M twin of that answer
  (``GET https://www.binance.com/bapi/futures/v1/friendly/future/common/brackets``, Binance's
  latest change 2026-09-06), compacted on 2026-09-08 by futures-trainer's
  ``tools/fetch-brackets.mjs`` to each USDT and USDC symbol's ``[floor, cap, rate, cum,
  max leverage]`` rows (field names dropped, numbers Binance's),
  https://github.com/q3579338/futures-trainer/blob/69e93c66ec96a166198d447bb11e5dc80983cea5/public/brackets.json
  (read 2026-12-05): the package's binance-linear.json.
  ``data/futures-trainer-usdm-brackets-excerpt.json`` is that file with five of its 915
  symbols, each entry and the header verbatim (``count`` still says 915).
"""

from __future__ import annotations

import datetime
import gzip
import itertools
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
from app import session
from contractcalc import InputError, exchanges, inverse, linear, tier_data
from contractcalc.tier_data import FOLDER

from scripts import build as site_build
from scripts import import_tiers
from tests.unit.contractcalc import test_exchanges

ROOT = Path(__file__).resolve().parents[3]
TIERS = ROOT / "py" / "contractcalc" / FOLDER
DATA = Path(__file__).resolve().parent / "data"
BINANCE_RESPONSE = DATA / "binance-fapi-leverageBracket.json"
CCXT_DUMP = DATA / "freqtrade-binance-leverage-tiers-excerpt.json"
BAPI_RESPONSE = DATA / "binance-bapi-delivery-brackets-excerpt.json"
TRAINER_EXCERPT = DATA / "futures-trainer-usdm-brackets-excerpt.json"
FREQTRADE = (
    "https://github.com/freqtrade/freqtrade/blob/3d9514d2660c42dfdbde517f7b421d1a5cf4f196/"
    "freqtrade/exchange/binance_leverage_tiers.json"
)
TRAINER = (
    "https://github.com/q3579338/futures-trainer/blob/69e93c66ec96a166198d447bb11e5dc80983cea5/"
    "public/brackets.json"
)
BAPI = (
    "https://github.com/komekome898-web/trade/blob/d0a6b90b5750fc7051146d99ab296d541a7fcb68/"
    "docs/DATA/probes/20260917_binance_cm_brackets_full.json"
)
#: Binance COIN-M's perpetuals in BAPI, every one of them stored.
COIN_M_PERPETUALS = (
    "AAVE", "ADA", "AVAX", "BCH", "BNB", "BTC", "DOGE", "DOT", "ETC", "ETH",
    "FIL", "LINK", "LTC", "NEAR", "SOL", "SUI", "TRX", "UNI", "XLM", "XRP",
)  # fmt: skip
TODAY = datetime.date(2026, 12, 4)
BASES = {"notional", "size", "notional_whole"}


def stored_files() -> list[tuple[str, str]]:
    """(exchange, kind) of every data file in the package."""
    pairs = []
    for path in sorted(TIERS.glob("*.json")):
        exchange, _, kind = path.stem.rpartition("-")
        pairs.append((exchange, kind))
    return pairs


def every_table() -> list[exchanges.TierTable]:
    return [
        exchanges.tier_table(exchange, symbol, kind)
        for exchange, kind in stored_files()
        for symbol in exchanges.symbols(exchange, kind)
    ]


def test_the_data_files_are_named_after_presets_and_kinds() -> None:
    assert {("binance", "linear"), ("binance", "inverse")} <= set(stored_files())
    for exchange, kind in stored_files():
        assert exchange in exchanges.EXCHANGES
        assert kind in ("linear", "inverse")


@pytest.mark.parametrize("table", every_table(), ids=lambda table: table.symbol)
def test_every_stored_table_is_one_the_engine_takes(table: exchanges.TierTable) -> None:
    floors = [floor for floor, _ in table.brackets]
    rates = [rate for _, rate in table.brackets]
    assert floors[0] == 0
    assert all(later > earlier for earlier, later in itertools.pairwise(floors))
    assert all(0 <= rate < 1 for rate in rates)
    assert len(table.max_leverage) == len(table.brackets)
    assert all(leverage >= 1 for leverage in table.max_leverage)
    assert all(b <= a for a, b in itertools.pairwise(table.max_leverage))
    assert datetime.date.fromisoformat(table.as_of) <= TODAY
    assert table.source.startswith("https://")
    assert table.basis in BASES
    # The engine takes it: a 1-coin long at 100 with 50 of margin (2x, within every first
    # tier: Binance lists USDⓈ-M symbols whose first tier allows only 3x to 5x, at 10% to
    # 16.67%) is liquidated below 100.
    module = linear if table.kind == "linear" else inverse
    price = module.liquidation_price_tiered(
        "long", 100.0, 1.0, 50.0, table.brackets, basis=table.basis
    )
    assert price is not None
    assert 0 < price < 100


def test_binance_linear_has_every_symbol_sorted() -> None:
    names = exchanges.symbols("binance")
    assert len(names) >= 200
    assert list(names) == sorted(names)
    assert len(set(names)) == len(names)
    # Perpetuals margined in USDT and USDC, as Binance names them (TRAINER keeps no other).
    assert {"BTCUSDT", "ETHUSDT", "SOLUSDT", "BTCUSDC", "1000PEPEUSDC"} <= set(names)


def test_binance_coin_m_has_every_symbol_still_trading() -> None:
    """BAPI's 20 perpetuals and its December 2026 quarterlies; its June and September ones,
    delivered by 2026-12-05, are left out."""
    names = exchanges.symbols("binance", "inverse")
    quarterlies = [f"{coin}USD_261225" for coin in ("BNB", "BTC", "ETH", "SOL", "XRP")]
    assert names == tuple(sorted([f"{coin}USD_PERP" for coin in COIN_M_PERPETUALS] + quarterlies))


def test_exchanges_without_a_stored_table_list_none() -> None:
    assert exchanges.symbols("bybit", "inverse") == ()
    assert exchanges.symbols("deribit") == ()


# --- spot values, read by hand from TRAINER -----------------------------------------------


def test_btcusdt_tiers_match_binances_response() -> None:
    table = exchanges.tier_table("binance", "BTCUSDT")
    assert table.as_of == "2026-09-08"  # TRAINER's generatedAt
    assert table.source == TRAINER
    assert table.basis == "notional"
    # TRAINER, BTCUSDT row 1: [0, 300000, 0.004, 0, 150]; row 2 starts at its cap.
    assert table.brackets[0] == (0.0, 0.004)
    assert table.brackets[1][0] == 300_000.0
    assert table.max_leverage[0] == 150.0
    # TRAINER, BTCUSDT row 12: [1200000000, 1800000000, 0.5, 421482000, 1].
    assert len(table.brackets) == 12
    assert table.brackets[-1] == (1_200_000_000.0, 0.5)
    assert table.max_leverage[-1] == 1.0


def test_other_spot_values_match_binances_response() -> None:
    # TRAINER, SOLUSDT row 2: [50000, 400000, 0.0065, 75, 75].
    sol = exchanges.tier_table("binance", "SOLUSDT")
    assert (sol.brackets[1], sol.max_leverage[1]) == ((50_000.0, 0.0065), 75.0)
    # TRAINER, ETHUSDT row 6: [50000000, 65000000, 0.025, 382000, 20].
    eth = exchanges.tier_table("binance", "ETHUSDT")
    assert (eth.brackets[5], eth.max_leverage[5]) == ((50_000_000.0, 0.025), 20.0)
    # TRAINER, 哈基米USDT (Binance's own name) row 1: [0, 250000, 0.1667, 0, 3].
    hakimi = exchanges.tier_table("binance", "哈基米USDT")
    assert (hakimi.brackets[0], hakimi.max_leverage[0]) == ((0.0, 0.1667), 3.0)


def test_coin_m_spot_values_match_binances_website_answer() -> None:
    table = exchanges.tier_table("binance", "BTCUSD_PERP", "inverse")
    assert (table.as_of, table.source, table.basis) == ("2026-09-17", BAPI, "notional")
    # BAPI, BTCUSD_PERP: 10 brackets, floors in BTC; bracketSeq 1 from 0 at 0.4%, 125x;
    # bracketSeq 4 from 25 at 2.5%, 20x; bracketSeq 10 from 2,400 at 50%, 1x.
    assert len(table.brackets) == 10
    assert (table.brackets[0], table.max_leverage[0]) == ((0.0, 0.004), 125.0)
    assert (table.brackets[3], table.max_leverage[3]) == ((25.0, 0.025), 20.0)
    assert (table.brackets[-1], table.max_leverage[-1]) == ((2_400.0, 0.5), 1.0)
    # BAPI, XRPUSD_PERP bracketSeq 2: from 33,100 XRP at 2%, 25x.
    xrp = exchanges.tier_table("binance", "xrpusd_perp", "inverse")
    assert (xrp.brackets[1], xrp.max_leverage[1]) == ((33_100.0, 0.02), 25.0)
    # BAPI, BTCUSD_261225 bracketSeq 2: from 10 BTC at 2.5%, 20x (the perpetual's: 5 BTC).
    quarterly = exchanges.tier_table("binance", "BTCUSD_261225", "inverse")
    assert (quarterly.brackets[1], quarterly.max_leverage[1]) == ((10.0, 0.025), 20.0)


def test_coin_m_cum_is_the_engines_maintenance_amount() -> None:
    """Binance's own cumFastMaintenanceAmount, in coin, is what the engine derives from the
    stored floors in coin: the units are the inverse engine's."""
    groups = json.loads(BAPI_RESPONSE.read_text())["data"]["brackets"]
    stored = set(exchanges.symbols("binance", "inverse"))
    checked = [group for group in groups if group["symbol"] in stored]
    assert len(checked) == 4
    for group in checked:
        table = exchanges.tier_table("binance", group["symbol"], "inverse")
        cum = [row["cumFastMaintenanceAmount"] for row in group["riskBrackets"]]
        assert inverse.maintenance_amounts(table.brackets) == pytest.approx(cum, rel=1e-12)


def test_a_btcusd_perp_long_liquidates_in_the_next_tier_as_worked_by_hand() -> None:
    """1,440,000 USD of BTCUSD_PERP (14,400 contracts of 100 USD) long at 60,000, 10x
    isolated: margin F / (L E) = 2.4 BTC, worth F/E = 24 BTC at entry, BAPI's bracket 3
    (10-25 BTC, 1%, cum 0.055). Bracket 4 (25-150 BTC, 2.5%, cum 0.43) gives
    LP = F (1 + 2.5%) / (2.4 + 0.43 + F/E) = 1,476,000 / 26.83 = 55,013.0451,
    where the position is worth 1,440,000 / 55,013.0451 = 26.18 BTC: in bracket 4.
    Bracket 3's own candidate, 1,454,400 / 26.455 = 54,976.37, is worth 26.19 BTC: above
    its cap, so not it."""
    table = exchanges.tier_table("binance", "BTCUSD_PERP", "inverse")
    face, entry, margin = 1_440_000, 60_000, 2.4
    assert inverse.initial_margin(entry, face, 10) == pytest.approx(margin, rel=1e-12)
    price = inverse.liquidation_price_tiered("long", entry, face, margin, table.brackets)
    by_hand = Fraction(face) * Fraction(1025, 1000) / (Fraction(24, 10) + Fraction(43, 100) + 24)
    assert price == pytest.approx(float(by_hand), rel=1e-12)
    assert round(price, 4) == 55_013.0451
    assert inverse.bracket_at(table.brackets, entry, face) == 2
    assert inverse.bracket_at(table.brackets, price, face) == 3
    # The single-rate formula with bracket 4's rate and Binance's own cum agrees.
    single = inverse.liquidation_price("long", entry, face, margin, 0.025, maint_amount=0.43)
    assert price == pytest.approx(single, rel=1e-12)


def test_binances_own_coin_m_example_on_the_stored_table() -> None:
    """Binance FAQ "How to Calculate Liquidation Price of COIN-M Futures Contracts",
    maintenance margin (es-MX copy, retrieved 2026-11)
    https://www.binance.com/es-MX/support/faq/how-to-calculate-liquidation-price-of-coin-m-futures-contracts-ceccfcfb4e3a45e3b48b0b1bb1a8ae46
    100 BTCUSD contracts (100 USD each) at a mark of 25,000: 0.4 BTC, margin level 1,
    100 x 100 / 25,000 x 0.4% - 0 = 0.0016 BTC. On the stored BTCUSD_PERP table 0.4 BTC is
    in bracket 1 too (0-5 BTC, 0.4%, cum 0)."""
    table = exchanges.tier_table("binance", "BTCUSD_PERP", "inverse")
    face, mark = 100 * 100, 25_000
    index = inverse.bracket_at(table.brackets, mark, face)
    assert index == 0
    rate = table.brackets[index][1]
    cum = inverse.maintenance_amounts(table.brackets)[index]
    assert inverse.maintenance_margin(mark, face, rate, cum) == pytest.approx(0.0016, rel=1e-12)


def test_binances_cum_is_the_engines_maintenance_amount() -> None:
    """Nothing is lost by not storing ``cum``: the engine derives Binance's own figures
    (TRAINER's fourth column) from the stored tables."""
    excerpt = json.loads(TRAINER_EXCERPT.read_text(encoding="utf-8"))
    for name, rows in excerpt["symbols"].items():
        table = exchanges.tier_table("binance", name)
        cum = [row[3] for row in rows]
        assert linear.maintenance_amounts(table.brackets) == pytest.approx(cum, rel=1e-12)


# --- lookups --------------------------------------------------------------------------


def test_a_symbol_is_found_whatever_its_case_and_separators() -> None:
    assert exchanges.tier_table("binance", "sol-usdt").symbol == "SOLUSDT"
    assert exchanges.tier_table("binance", "1000pepe/usdc").symbol == "1000PEPEUSDC"


def test_an_unknown_symbol_names_the_nearest_stored_ones() -> None:
    with pytest.raises(InputError) as caught:
        exchanges.tier_table("binance", "SOLUSD")
    error = caught.value
    assert (error.field, error.code) == ("symbol", "unknown_symbol")
    assert "“SOLUSD”" in error.message
    assert "SOLUSDT" in error.message
    assert str(len(exchanges.symbols("binance"))) in error.message


def test_an_unknown_symbol_with_nothing_near_still_names_some() -> None:
    with pytest.raises(InputError) as caught:
        exchanges.tier_table("binance", "\x00" * 40)
    message = caught.value.message
    assert "\x00" not in message
    assert exchanges.symbols("binance")[0] in message


def test_an_exchange_or_kind_without_tables_says_so() -> None:
    with pytest.raises(InputError) as caught:
        exchanges.tier_table("okx", "BTC-USDT-SWAP")
    assert (caught.value.field, caught.value.code) == ("symbol", "no_tier_data")
    with pytest.raises(InputError) as caught:
        exchanges.tier_table("bybit", "BTCUSD", "inverse")
    assert caught.value.code == "no_tier_data"


@pytest.mark.parametrize("call", [exchanges.symbols, lambda key: exchanges.tier_table(key, "X")])
def test_an_unknown_exchange_lists_the_exchanges(call) -> None:
    with pytest.raises(InputError) as caught:
        call("binanse")
    assert (caught.value.field, caught.value.code) == ("exchange", "unknown_exchange")
    assert "binance" in caught.value.message
    assert "hyperliquid" in caught.value.message


def test_an_unknown_kind_or_a_symbol_not_text_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        exchanges.symbols("binance", "spot")
    assert caught.value.field == "kind"
    with pytest.raises(InputError) as caught:
        exchanges.tier_table("binance", 42)  # type: ignore[arg-type]
    assert caught.value.field == "symbol"


def test_the_data_is_not_read_when_the_package_is_imported() -> None:
    """The page's start-up imports contractcalc; the tables wait until asked for."""
    code = (
        "import sys, contractcalc, contractcalc.exchanges as e;"
        "print('contractcalc.tier_data' in sys.modules);"
        "e.symbols('binance');"
        "print('contractcalc.tier_data' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "py")},
    )
    assert result.stdout.split() == ["False", "True"]


# --- the import command -----------------------------------------------------------------


def run_import(
    tmp_path: Path, *args: str, as_of: str = "2024-10-24", source: str = FREQTRADE
) -> dict[str, object]:
    out = tmp_path / "out.json"
    status = import_tiers.main([*args, "--as-of", as_of, "--source", source, "--out", str(out)])
    assert status == 0
    stored: dict[str, object] = json.loads(out.read_text())
    return stored


def rows_of(stored: dict[str, object], symbol: str) -> list[list[str]]:
    tables = stored["tables"]
    names = stored["symbols"]
    assert isinstance(tables, list)
    assert isinstance(names, dict)
    rows: list[list[str]] = tables[names[symbol]]
    return rows


def test_a_binance_response_round_trips_through_the_command(tmp_path: Path) -> None:
    response = json.loads(BINANCE_RESPONSE.read_text())
    stored = run_import(tmp_path, "binance", "linear", str(BINANCE_RESPONSE))
    assert stored["as_of"] == "2024-10-24"
    assert stored["source"] == FREQTRADE
    assert stored["basis"] == "notional"
    assert sorted(stored["symbols"]) == sorted(group["symbol"] for group in response)
    for group in response:
        expected = [
            (float(row["notionalFloor"]), float(row["maintMarginRatio"]))
            for row in group["brackets"]
        ]
        rows = rows_of(stored, group["symbol"])
        assert [(float(floor), float(rate)) for floor, rate, _ in rows] == expected
        assert [float(lev) for _, _, lev in rows] == [
            float(row["initialLeverage"]) for row in group["brackets"]
        ]


def website_answer(excerpt: dict[str, object]) -> dict[str, object]:
    """TRAINER's rows back in the shape of Binance's website answer they were cut from
    (``fetch-brackets.mjs`` keeps bracketNotionalFloor, bracketNotionalCap,
    bracketMaintenanceMarginRate, cumFastMaintenanceAmount, maxOpenPosLeverage, in order)."""
    symbols = excerpt["symbols"]
    assert isinstance(symbols, dict)
    keys = (
        "bracketNotionalFloor", "bracketNotionalCap", "bracketMaintenanceMarginRate",
        "cumFastMaintenanceAmount", "maxOpenPosLeverage",
    )  # fmt: skip
    return {
        "data": {
            "brackets": [
                {
                    "symbol": name,
                    "riskBrackets": [dict(zip(keys, row, strict=True)) for row in rows],
                }
                for name, rows in symbols.items()
            ]
        }
    }


def test_the_stored_usdm_tables_are_what_the_command_makes_of_trainer(tmp_path: Path) -> None:
    excerpt = json.loads(TRAINER_EXCERPT.read_text(encoding="utf-8"))
    path = tmp_path / "answer.json"
    path.write_text(json.dumps(website_answer(excerpt)), encoding="utf-8")
    stored = run_import(
        tmp_path, "binance", "linear", str(path), as_of="2026-09-08", source=TRAINER
    )
    assert sorted(stored["symbols"]) == sorted(excerpt["symbols"])
    for name, rows in excerpt["symbols"].items():
        assert [[float(v) for v in row] for row in rows_of(stored, name)] == [
            [row[0], row[2], row[4]] for row in rows
        ]
        # The package's table of that symbol is this very one.
        table = exchanges.tier_table("binance", name)
        assert table.brackets == tuple((row[0], row[2]) for row in rows)
        assert table.max_leverage == tuple(float(row[4]) for row in rows)


def test_binances_website_answer_round_trips_through_the_command(tmp_path: Path, capsys) -> None:
    groups = json.loads(BAPI_RESPONSE.read_text())["data"]["brackets"]
    stored = run_import(
        tmp_path, "binance", "inverse", str(BAPI_RESPONSE), as_of="2026-09-17", source=BAPI
    )
    assert (stored["as_of"], stored["source"], stored["basis"]) == ("2026-09-17", BAPI, "notional")
    # BTCUSD_260626 was delivered before the answer was read: left out, and said so.
    assert "left out, delivered before 2026-09-17: BTCUSD_260626" in capsys.readouterr().out
    kept = [group for group in groups if group["symbol"] != "BTCUSD_260626"]
    assert sorted(stored["symbols"]) == sorted(group["symbol"] for group in kept)
    for group in kept:
        rows = [(float(floor), float(rate), float(lev)) for floor, rate, lev in rows_of(
            stored, group["symbol"])]  # fmt: skip
        assert rows == [
            (row["bracketNotionalFloor"], row["bracketMaintenanceMarginRate"],
             row["maxOpenPosLeverage"])
            for row in group["riskBrackets"]
        ]  # fmt: skip
    # The package's tables of the symbols still trading are these very ones.
    for name in exchanges.symbols("binance", "inverse"):
        if name in stored["symbols"]:
            table = exchanges.tier_table("binance", name, "inverse")
            stored_rows = rows_of(stored, name)
            assert table.brackets == tuple((float(f), float(r)) for f, r, _ in stored_rows)
            assert table.max_leverage == tuple(float(lev) for _, _, lev in stored_rows)


def test_the_command_leaves_out_what_was_delivered_before_the_day_named(tmp_path: Path) -> None:
    stored = run_import(
        tmp_path, "binance", "inverse", str(BAPI_RESPONSE), "--tradable-on", "2026-12-05",
        as_of="2026-09-17", source=BAPI,
    )  # fmt: skip
    names = ["BTCUSD_261225", "BTCUSD_PERP", "ETHUSD_PERP", "SOLUSD_PERP"]
    assert sorted(stored["symbols"]) == names
    assert stored["as_of"] == "2026-09-17"  # still the day the answer was read


def test_a_ccxt_dump_round_trips_with_binances_own_names(tmp_path: Path) -> None:
    stored = run_import(tmp_path, "binance", "linear", str(CCXT_DUMP), "--ccxt")
    assert sorted(stored["symbols"]) == ["BTCUSDT", "BTCUSDT_241227", "ETHBTC"]
    # FREQTRADE "BTC/USDT:USDT" and "BTC/USDT:USDT-241227" differ (the quarterly has fewer
    # tiers): each keeps its own.
    assert rows_of(stored, "BTCUSDT")[0] == ["0", "0.004", "125"]
    assert rows_of(stored, "BTCUSDT") != rows_of(stored, "BTCUSDT_241227")
    # FREQTRADE "ETH/BTC:BTC" bracket 2: floor 5 (BTC), rate 0.006, 75x.
    assert rows_of(stored, "ETHBTC")[1] == ["5", "0.006", "75"]


@pytest.mark.parametrize("path", sorted(TIERS.glob("*.json")), ids=lambda path: path.name)
def test_the_package_file_is_what_the_command_writes(path: Path) -> None:
    """The stored file is in the command's format, byte for byte, for its own symbols."""
    stored = json.loads(path.read_text())
    tables = {name: rows_of(stored, name) for name in stored["symbols"]}
    rows = {
        name: [(float(f), float(r), float(lev)) for f, r, lev in table]
        for name, table in tables.items()
    }
    text = import_tiers.encode(rows, stored["basis"], stored["as_of"], stored["source"]) + "\n"
    assert text == path.read_text()
    # Each distinct table once: no two indices hold the same rows.
    assert len({json.dumps(table) for table in stored["tables"]}) == len(stored["tables"])


def test_the_stored_data_stays_small() -> None:
    """It is fetched when an exchange is chosen, never on the first visit."""
    for path in TIERS.glob("*.json"):
        raw = path.read_bytes()
        assert len(raw) < 200_000
        assert len(gzip.compress(raw)) < 30_000


def test_the_benchmark_prints_each_files_size() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "data_size.py")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    for path in TIERS.glob("*.json"):
        raw = path.read_bytes()
        symbols = len(json.loads(raw)["symbols"])
        line = next(line for line in result.stdout.splitlines() if path.name in line)
        assert f"{symbols} symbols" in line
        assert f"{len(raw)} bytes" in line
        assert f"{len(gzip.compress(raw, 9))} gzip-compressed" in line


@pytest.mark.parametrize(
    ("exchange", "response", "basis"),
    [
        ("bybit", test_exchanges.BYBIT_LINEAR, "notional"),
        ("bitget", test_exchanges.BITGET, "notional_whole"),
        ("kucoin", test_exchanges.KUCOIN, "notional_whole"),
    ],
)
def test_each_exchanges_answer_round_trips_through_the_command(
    tmp_path: Path, exchange: str, response: dict[str, object], basis: str
) -> None:
    """Bybit's, Bitget's and KuCoin's answers (their documentation's shapes, cited in
    test_exchanges.py), cut by symbol, each stored as parse_tiers reads that symbol pasted."""
    path = tmp_path / "response.json"
    path.write_text(json.dumps(response))
    stored = run_import(tmp_path, exchange, "linear", str(path), source=f"https://{exchange}.com")
    assert stored["basis"] == basis
    symbols = stored["symbols"]
    assert isinstance(symbols, dict)
    for symbol in symbols:
        parsed = exchanges.parse_tiers(json.dumps(response), symbol=symbol, percent=False)
        rows = rows_of(stored, symbol)
        assert [(float(floor), float(rate)) for floor, rate, _ in rows] == list(parsed.brackets)
        assert [float(lev) for _, _, lev in rows] == list(parsed.max_leverage)
    assert len(symbols) == len({row_symbol(row) for row in rows_in(response)})


def rows_in(response: dict[str, object]) -> list[dict[str, object]]:
    result = response.get("result")
    rows = result["list"] if isinstance(result, dict) else response["data"]
    assert isinstance(rows, list)
    return rows


def row_symbol(row: dict[str, object]) -> str:
    return str(row["symbol"])


def test_okxs_tiers_by_contracts_are_refused_without_each_contracts_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """OKX's position tiers count contracts, and its answer does not say what one is worth."""
    path = tmp_path / "response.json"
    path.write_text(json.dumps(test_exchanges.OKX_SWAP))
    args = ["okx", "linear", str(path), "--as-of", "2026-11-30", "--out", str(tmp_path / "o")]
    with pytest.raises(SystemExit) as caught:
        import_tiers.main([*args, "--source", "https://www.okx.com"])
    assert caught.value.code == 1
    assert "each contract's value" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda rows: rows[1].update(initialLeverage="150"), "rises"),
        (lambda rows: rows[0].pop("initialLeverage"), "maximum leverage"),
        (lambda rows: rows[1].update(notionalFloor="0"), "floors must rise"),
    ],
)
def test_the_command_refuses_a_table_it_cannot_store(tmp_path, capsys, change, says) -> None:
    response = json.loads(BINANCE_RESPONSE.read_text())
    change(response[0]["brackets"])
    path = tmp_path / "response.json"
    path.write_text(json.dumps(response))
    out = tmp_path / "out.json"
    args = ["binance", "linear", str(path), "--as-of", "2024-10-24", "--out", str(out)]
    with pytest.raises(SystemExit) as caught:
        import_tiers.main([*args, "--source", FREQTRADE])
    assert caught.value.code == 1
    assert says in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    "options",
    [["--as-of", "24/10/2024", "--source", FREQTRADE], ["--as-of", "2024-10-24", "--source", "x"]],
)
def test_the_command_wants_an_iso_date_and_an_https_source(tmp_path, options) -> None:
    with pytest.raises(SystemExit) as caught:
        import_tiers.main(["binance", "linear", str(BINANCE_RESPONSE), *options])
    assert caught.value.code == 2


# --- fetched when needed (the served page) ----------------------------------------------


@pytest.fixture
def remote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The package as py.zip ships it: a stand-in for binance-linear, not its data."""
    (tmp_path / f"binance-linear.json{tier_data.REMOTE}").write_bytes(b"")
    monkeypatch.setattr(tier_data, "_folder", lambda: tmp_path)
    monkeypatch.setattr(tier_data, "_supplied", {})
    tier_data._load.cache_clear()
    yield tmp_path
    tier_data._load.cache_clear()


def test_a_file_served_apart_is_asked_for_then_read_once_supplied(remote: Path) -> None:
    with pytest.raises(tier_data.TablesNotLoaded) as caught:
        exchanges.tier_table("binance", "SOLUSDT")
    assert caught.value.name == "binance-linear"
    with pytest.raises(tier_data.TablesNotLoaded):
        exchanges.symbols("binance")
    # Kinds and exchanges without a file are still answered at once.
    assert exchanges.symbols("binance", "inverse") == ()
    tier_data.supply("binance-linear", (TIERS / "binance-linear.json").read_text())
    sol = exchanges.tier_table("binance", "SOLUSDT")
    # TRAINER, SOLUSDT row 2: [50000, 400000, 0.0065, 75, 75].
    assert (sol.brackets[1], sol.max_leverage[1]) == ((50_000.0, 0.0065), 75.0)


def test_a_file_that_could_not_be_fetched_means_no_stored_tables(remote: Path) -> None:
    tier_data.supply("binance-linear", None)
    assert exchanges.symbols("binance") == ()
    with pytest.raises(InputError) as caught:
        exchanges.tier_table("binance", "SOLUSDT")
    assert caught.value.code == "no_tier_data"


def test_the_session_asks_the_worker_for_the_file_then_answers(remote: Path) -> None:
    payload = json.dumps(
        {
            "values": {"exchange": "binance", "kind": "linear", "coin": "SOL"},
            "lang": "en",
            "changed": ["coin"],
        }
    )
    first = session.handle(payload)
    assert first.startswith(session.NEED)
    assert json.loads(first) == {"need": ["binance-linear"]}
    session.supply("binance-linear", (TIERS / "binance-linear.json").read_text())
    answer = json.loads(session.handle(payload))
    assert "need" not in answer
    assert "SOLUSDT tiers, Binance, 2026-09-08" in answer["page"]["exchange"]["sentence"]


def test_the_build_serves_the_data_apart_and_the_service_worker_stores_it_when_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_build, "DIST", tmp_path)
    site_build.pack_python()
    with zipfile.ZipFile(tmp_path / site_build.PY_ZIP) as archive:
        names = archive.namelist()
    for path in TIERS.glob("*.json"):
        stand_in = f"contractcalc/{FOLDER}/{path.name}{tier_data.REMOTE}"
        assert stand_in in names
        assert f"contractcalc/{FOLDER}/{path.name}" not in names
        served = tmp_path / site_build.TIERS_URL / path.name
        assert served.read_bytes() == path.read_bytes()
    (tmp_path / "index.html").write_text("page")
    first = site_build.write_service_worker()
    worker = (tmp_path / "sw.js").read_text()
    assert "./py.zip" in worker
    for path in TIERS.glob("*.json"):
        assert f"./{site_build.TIERS_URL}/{path.name}" not in worker  # not precached
    # New data, new cache: a visitor never keeps an old table.
    (tmp_path / site_build.TIERS_URL / "binance-linear.json").write_text("{}")
    assert site_build.write_service_worker() != first


# --- Kraken Futures -------------------------------------------------------------------------

#: Kraken's GET https://futures.kraken.com/derivatives/api/v3/instruments answer as ccxt
#: keeps it (each market's ``info``; read 2026-12-05). The commit's package.json says ccxt
#: 4.4.14 and its CHANGELOG.md ends at 4.4.13 (2024-10-03); freqtrade took 4.4.14 on
#: 2024-10-07 (its commit fca39a78) and 4.4.17 on 2024-10-14: the stored date, 2024-10-07,
#: is within days of the commit's (not read here: ccxt's snapshot is too large to fetch).
#: ``data/ccxt-krakenfutures-markets-excerpt.json`` is three of its seven markets
#: (PF_XBTUSD, PI_XBTUSD, PF_ETHUSD), values unchanged, re-indented.
KRAKEN = (
    "https://github.com/ccxt/ccxt/blob/3802e1a243497a0ffd025df7a97023315217391f/"
    "ts/src/test/static/markets/krakenfutures.json"
)
KRAKEN_MARKETS = DATA / "ccxt-krakenfutures-markets-excerpt.json"


@pytest.mark.parametrize(
    ("kind", "names", "basis"),
    [("linear", ["PF_ETHUSD", "PF_XBTUSD"], "notional_whole"), ("inverse", ["PI_XBTUSD"], "size")],
)
def test_krakens_instruments_round_trip_through_the_command(tmp_path, kind, names, basis) -> None:
    markets = json.loads(KRAKEN_MARKETS.read_text())
    stored = run_import(
        tmp_path, "kraken", kind, str(KRAKEN_MARKETS), "--ccxt", as_of="2024-10-07", source=KRAKEN
    )
    assert sorted(stored["symbols"]) == names
    assert stored["basis"] == basis
    for market in markets.values():
        info = market["info"]
        if info["symbol"] not in names:
            continue
        floor_key = "numNonContractUnits" if kind == "linear" else "contracts"
        expected = [
            (float(level[floor_key]), float(level["maintenanceMargin"]),
             1 / float(level["initialMargin"]))
            for level in info["marginLevels"]
        ]  # fmt: skip
        rows = [(float(f), float(r), float(lev)) for f, r, lev in rows_of(stored, info["symbol"])]
        assert rows == expected
        assert exchanges.tier_table("kraken", info["symbol"], kind).brackets == tuple(
            (f, r) for f, r, _ in rows
        )
    # Kraken's own answer shape reads alike.
    answer = {"result": "success", "instruments": [m["info"] for m in markets.values()]}
    path = tmp_path / "instruments.json"
    path.write_text(json.dumps(answer))
    direct = run_import(tmp_path, "kraken", kind, str(path), as_of="2024-10-07", source=KRAKEN)
    assert direct["tables"] == stored["tables"]


def test_a_pf_ethusd_long_liquidates_below_a_level_boundary_as_worked_by_hand() -> None:
    """PF_ETHUSD: 1% below 500,000 USD, 2% from it, on the whole position. 200 ETH long at
    2,600 (520,000 USD, level II) with 52,000 USD of margin. At 2,500 the value falls to
    500,000 and the rate to 1%: equity 52,000 - 200 x 100 = 32,000 is above 2% of 500,000.
    In level I: 52,000 + 200 (P - 2,600) = 200 P x 1% gives P = 468,000 / 198 = 2,363.64."""
    table = exchanges.tier_table("kraken", "PF_ETHUSD")
    price = linear.liquidation_price_tiered(
        "long", 2600, 200, 52_000, table.brackets, basis=table.basis
    )
    assert price == pytest.approx(468_000 / 198, rel=1e-12)


def test_krakens_levels_are_read_in_the_engines_units() -> None:
    """PI_ levels count contracts, each worth contractSize USD (the engine's floors by size
    are USD of face value); PF_ levels are USD of position value. Each instrument says its
    kind: PI_XBTUSD's levels refused for a linear contract, and the other way round."""
    markets = json.loads(KRAKEN_MARKETS.read_text())
    inverse_info = dict(markets["BTC/USD:BTC"]["info"], contractSize="10")
    parsed = exchanges.parse_tiers(json.dumps(inverse_info), "inverse", percent=False)
    assert (parsed.format, parsed.basis, parsed.symbol) == ("kraken", "size", "PI_XBTUSD")
    assert parsed.brackets[1] == (5_000_000.0, 0.02)  # 500,000 contracts of 10 USD
    assert parsed.max_leverage[:3] == (50.0, 25.0, 1 / 0.06)
    linear_info = markets["ETH/USD:USD"]["info"]
    parsed = exchanges.parse_tiers(json.dumps(linear_info), "linear", percent=False)
    assert (parsed.basis, parsed.brackets[1]) == ("notional_whole", (500_000.0, 0.02))
    for info, kind, code in ((inverse_info, "linear", "tiers_inverse"),
                             (linear_info, "inverse", "tiers_linear")):  # fmt: skip
        with pytest.raises(InputError) as caught:
            exchanges.parse_tiers(json.dumps(info), kind, percent=False)
        assert (caught.value.field, caught.value.code) == ("tiers", code)
