"""Turn an exchange's tier-API JSON into the tier tables contractcalc stores.

    python scripts/import_tiers.py binance linear response.json \\
        --as-of 2026-12-04 --source https://fapi.binance.com/fapi/v1/leverageBracket

RESPONSE is the JSON the exchange's public API returned for every symbol (or any
number of them), in a shape :func:`contractcalc.exchanges.parse_tiers` reads: Binance
``leverageBracket`` (a list of symbols, each with its ``brackets``), the unsigned
brackets answer of Binance's website (``{"data": {"brackets": [...]}}``, each symbol's
``riskBrackets``; for COIN-M from
https://www.binance.com/bapi/futures/v1/friendly/delivery/common/brackets, for USDⓈ-M
from its twin ``.../friendly/future/common/brackets``), Bybit ``risk-limit``, Bitget
``query-position-lever``, KuCoin ``risk-limit`` (rows naming their symbol) or Kraken
Futures ``instruments`` (each instrument's ``marginLevels``; only the instruments of the
KIND named are kept, as Kraken lists inverse and linear ones together). Each
symbol's rows go through ``parse_tiers`` on their own, so every stored table is one the
calculator would accept pasted.

Delivery contracts, which Binance names with their date (``BTCUSD_261225``), are kept
only if still trading on ``--tradable-on`` (default: the ``--as-of`` date): an answer
may still list a contract delivered before it was read, and a table read months ago
may hold some delivered since. The command names those it leaves out.

With ``--ccxt`` RESPONSE is instead a ccxt ``fetch_leverage_tiers`` dump, a mapping of
ccxt's unified symbol ("BTC/USDT:USDT") to tiers that each keep the exchange's own row
under ``info``, as freqtrade stores Binance's in
``freqtrade/exchange/binance_leverage_tiers.json``; the exchange's symbol names are
rebuilt from the unified ones (Binance); or, for Kraken, a ccxt ``markets`` dump, a
mapping of unified symbols to markets each keeping Kraken's instrument under ``info``, as
ccxt stores them in ``ts/src/test/static/markets/krakenfutures.json``.

The tables replace ``py/contractcalc/tiers/<exchange>-<kind>.json`` (or ``--out``); the
command prints how many symbols and distinct tables it wrote and the file's size, raw
and gzip-compressed.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import itertools
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "py")]

from contractcalc import InputError  # noqa: E402
from contractcalc.exchanges import CONTRACTS, EXCHANGES, parse_tiers  # noqa: E402
from contractcalc.tier_data import FOLDER  # noqa: E402
from contractcalc.tier_tables import (  # noqa: E402
    _binance_groups,
    _kraken_instruments,
    _kraken_kind,
    _symbols,
)

#: Where the data files live.
TIERS = ROOT / "py" / "contractcalc" / FOLDER

Row = tuple[float, float, float]
#: A delivery contract's date at the end of its name: Binance's "_YYMMDD".
_DELIVERY = re.compile(r"_(\d{6})$")


class TierImportError(Exception):
    """The response cannot be stored; the message says which symbol and why."""


def short(value: float) -> str:
    """A number as the shortest decimal string that reads back as the same float.

    >>> short(50000.0), short(0.004), short(125.0), short(1e-05)
    ('50000', '0.004', '125', '0.00001')
    """
    return format(Decimal(repr(float(value))).normalize(), "f")


def encode(
    tables: Mapping[str, Sequence[tuple[float, float, float]]],
    basis: str,
    as_of: str,
    source: str,
) -> str:
    """The text of a data file: each distinct table once, one line per table and symbol.

    Parameters
    ----------
    tables : mapping of str to sequence of (float, float, float)
        Symbol -> its (floor, rate, max leverage) rows.
    basis : str
        The engine's ``basis`` for every table of the file.
    as_of : str
        ISO date (YYYY-MM-DD) the tables were read or published.
    source : str
        Where they came from, an https URL.

    Returns
    -------
    str
        JSON, with the symbols sorted; no final newline.

    Examples
    --------
    >>> print(encode({"B": [(0, 0.01, 50)], "A": [(0, 0.01, 50)]}, "notional",
    ...              "2024-10-24", "https://example.org/tiers"))
    {"as_of":"2024-10-24","basis":"notional","source":"https://example.org/tiers",
    "tables":[
    [["0","0.01","50"]]
    ],
    "symbols":{
    "A":0,
    "B":0
    }}
    """
    rows_of: dict[tuple[tuple[str, str, str], ...], int] = {}
    index: dict[str, int] = {}
    for name in sorted(tables):
        rows = tuple((short(f), short(r), short(lev)) for f, r, lev in tables[name])
        index[name] = rows_of.setdefault(rows, len(rows_of))
    head = json.dumps({"as_of": as_of, "basis": basis, "source": source}, separators=(",", ":"))
    lines = [json.dumps([list(row) for row in rows], separators=(",", ":")) for rows in rows_of]
    names = [f"{json.dumps(name)}:{number}" for name, number in index.items()]
    return (
        head[:-1]
        + ',\n"tables":[\n'
        + ",\n".join(lines)
        + '\n],\n"symbols":{\n'
        + ",\n".join(names)
        + "\n}}"
    )


def split(data: object, kind: str) -> list[str]:
    """The response cut into one JSON text per symbol, each in the exchange's own shape."""
    binance = _binance_groups(data)
    if binance is not None:
        return [json.dumps(group) for group in binance[0]]  # Binance: one object per symbol
    kraken = _kraken_instruments(data)
    if kraken is not None:  # Kraken: one instrument per symbol, of either kind
        return [json.dumps(item) for item in kraken if _kraken_kind(item) == kind]
    category = None
    rows = data
    if isinstance(data, dict):
        result = data.get("result")
        if isinstance(result, dict):  # Bybit: {"result": {"category", "list"}}
            category, rows = result.get("category"), result.get("list")
        else:
            rows = data.get("data", data.get("list"))
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise TierImportError("no list of tiers found in the response")
    by_symbol: dict[str, list[Mapping[str, object]]] = {}
    for row in rows:
        names = _symbols(row)
        if not names:
            raise TierImportError(f"a row names no symbol: {json.dumps(row)[:80]}")
        by_symbol.setdefault(names[0], []).append(row)
    if category is not None:
        return [
            json.dumps({"result": {"category": category, "list": group}})
            for group in by_symbol.values()
        ]
    return [json.dumps(group) for group in by_symbol.values()]


def from_ccxt(data: object, exchange: str) -> object:
    """A ccxt dump as the exchange's own response: Binance's ``fetch_leverage_tiers``, or
    Kraken's markets (``{"instruments": [...]}``, each market's ``info``)."""
    if exchange not in ("binance", "kraken"):
        raise TierImportError("--ccxt reads Binance's tiers and Kraken's markets only")
    if not isinstance(data, dict):
        raise TierImportError("a ccxt dump maps unified symbols to tiers or markets")
    if exchange == "kraken":
        infos = [market.get("info") if isinstance(market, dict) else None
                 for market in data.values()]  # fmt: skip
        if not all(isinstance(info, dict) for info in infos):
            raise TierImportError("each market needs Kraken's instrument in 'info'")
        return {"instruments": infos}
    groups: list[dict[str, object]] = []
    for unified, tiers in data.items():
        if not isinstance(tiers, list) or not all(
            isinstance(tier, dict) and isinstance(tier.get("info"), dict) for tier in tiers
        ):
            raise TierImportError(f"{unified}: each tier needs the exchange's row in 'info'")
        pair, _, settle = str(unified).partition(":")
        base, _, quote = pair.partition("/")
        expiry = settle.partition("-")[2]
        inverse = any("qtyFloor" in tier["info"] for tier in tiers)
        # Binance names USDⓈ-M perpetuals BTCUSDT, COIN-M ones BTCUSD_PERP, and
        # delivery contracts of either with their date, BTCUSDT_241227.
        suffix = f"_{expiry}" if expiry else ("_PERP" if inverse else "")
        groups.append({"symbol": base + quote + suffix, "brackets": [t["info"] for t in tiers]})
    return groups


def tables(texts: Sequence[str], kind: str) -> tuple[dict[str, list[Row]], str]:
    """Each symbol's (floor, rate, max leverage) rows, and the basis they share."""
    out: dict[str, list[Row]] = {}
    bases = set()
    for text in texts:
        try:
            parsed = parse_tiers(text, kind, percent=False)
        except InputError as error:
            raise TierImportError(f"{text[:60]}…: {error}") from error
        name = parsed.symbol
        if name is None:
            raise TierImportError(f"{text[:60]}…: the tiers name no symbol")
        if parsed.format == "okx":  # Kraken's instruments say what a contract is worth
            raise TierImportError(f"{name}: tiers by size in contracts need each contract's value")
        leverage = parsed.max_leverage
        if any(value is None for value in leverage):
            raise TierImportError(f"{name}: a tier gives no maximum leverage")
        levels = [float(value or 0) for value in leverage]
        if any(later > earlier for earlier, later in itertools.pairwise(levels)):
            raise TierImportError(f"{name}: the maximum leverage rises from one tier to the next")
        if name in out:
            raise TierImportError(f"{name}: listed twice")
        out[name] = [
            (floor, rate, level)
            for (floor, rate), level in zip(parsed.brackets, levels, strict=True)
        ]
        bases.add(parsed.basis)
    if len(bases) != 1:
        raise TierImportError(f"expected one basis for every symbol, found {sorted(bases)}")
    return out, bases.pop()


def describe(text: str) -> str:
    """How many symbols and distinct tables a data file holds, and its size raw and gzipped.

    >>> text = encode({"A": [(0, 0.01, 50)]}, "notional", "2024-10-24", "https://x.org")
    >>> len(text.encode()), describe(text).split(", ")[:3]
    (121, ['1 symbols', '1 distinct tables', '121 bytes'])
    """
    stored = json.loads(text)
    raw = text.encode()
    return (
        f"{len(stored['symbols'])} symbols, {len(stored['tables'])} distinct tables, "
        f"{len(raw)} bytes, {len(gzip.compress(raw, 9))} gzip-compressed"
    )


def delivered(names: Iterable[str], tradable_on: str) -> list[str]:
    """The delivery contracts among ``names`` delivered before ``tradable_on``, sorted.

    A delivery contract is named with its date, YYMMDD, after an underscore (Binance's
    ``BTCUSD_261225`` is delivered on 2026-12-25, and trades until then).

    >>> delivered(["BTCUSD_PERP", "BTCUSD_261225", "BTCUSD_260925", "ETHBTC"], "2026-12-05")
    ['BTCUSD_260925']
    """
    day = datetime.date.fromisoformat(tradable_on)
    return sorted(
        name
        for name in names
        if (date := _DELIVERY.search(name))
        and datetime.datetime.strptime(date.group(1), "%y%m%d").date() < day
    )


def convert(
    data: object,
    exchange: str,
    kind: str,
    as_of: str,
    source: str,
    ccxt: bool,
    tradable_on: str | None = None,
) -> tuple[str, list[str]]:
    """The stored text for a parsed response, and the delivered contracts left out."""
    texts = split(from_ccxt(data, exchange) if ccxt else data, kind)
    rows, basis = tables(texts, kind)
    dropped = delivered(rows, tradable_on or as_of)
    for name in dropped:
        del rows[name]
    return encode(rows, basis, as_of, source) + "\n", dropped


def _date(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text}") from error


def _url(text: str) -> str:
    if not text.startswith("https://") or any(char.isspace() for char in text):
        raise argparse.ArgumentTypeError(f"not an https URL: {text}")
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("exchange", choices=sorted(EXCHANGES))
    parser.add_argument("kind", choices=sorted(set(CONTRACTS.values())))
    parser.add_argument("response", type=Path, help="the API's JSON, as it returned it")
    parser.add_argument("--as-of", type=_date, required=True, help="date read or published")
    parser.add_argument("--source", type=_url, required=True, help="where it came from")
    parser.add_argument("--ccxt", action="store_true", help="RESPONSE is a ccxt tiers dump")
    parser.add_argument(
        "--tradable-on",
        type=_date,
        help="leave out delivery contracts delivered before this date (default: --as-of)",
    )
    parser.add_argument("--out", type=Path, help="file to write (default: the package's)")
    args = parser.parse_args(argv)
    data = json.loads(args.response.read_text(encoding="utf-8"))
    try:
        text, dropped = convert(
            data, args.exchange, args.kind, args.as_of, args.source, args.ccxt, args.tradable_on
        )
    except TierImportError as error:
        parser.exit(1, f"import_tiers: {error}\n")
    if dropped:
        on = args.tradable_on or args.as_of
        print(f"left out, delivered before {on}: {', '.join(dropped)}")
    out = args.out or TIERS / f"{args.exchange}-{args.kind}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"{out}: {describe(text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
