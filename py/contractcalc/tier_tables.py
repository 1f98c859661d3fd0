"""The one reader of maintenance tier tables: typed by hand or pasted from an exchange's API.

:func:`parse_tiers` reads the JSON an exchange's public API returns for its tiers, or a
table typed one tier a line. Whatever the text, it returns a table the engine accepts or
raises :class:`~contractcalc.InputError` with field ``"tiers"``, naming what it could not
read (for a typed table, the line and its text).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from . import _exact as ex
from ._engine import BASES, KINDS
from .errors import InputError

__all__ = ["MAX_TIERS", "MAX_TIERS_TEXT", "ParsedTiers", "parse_tiers"]

#: Longest text :func:`parse_tiers` reads, in characters.
MAX_TIERS_TEXT = 100_000
#: Most tiers :func:`parse_tiers` accepts.
MAX_TIERS = 200


@dataclass(frozen=True)
class ParsedTiers:
    """A tier table read by :func:`parse_tiers`.

    Attributes
    ----------
    brackets : tuple of (float, float)
        ``(floor, mmr)`` pairs as the engine takes them: first floor 0, floors rising
        strictly, rates in [0, 1).
    max_leverage : tuple of (float or None)
        Each tier's maximum leverage where the JSON gives it; None for tables.
    basis : {"notional", "size", "notional_whole"}
        What the floors measure and how a tier's rate applies; pass it as the engine's
        ``basis``.
    format : str
        What was read: "binance", "bybit", "okx", "bitget", "kucoin", "kraken" or
        "table".
    symbol : str or None
        The symbol whose tiers were taken, where the JSON names one.
    inclusive_caps : bool
        Whether each tier's cap belongs to it, as the exchange counts it (Bybit, OKX,
        KuCoin); pass it as the engine's ``inclusive_caps``. False for plain tables.
    """

    brackets: tuple[tuple[float, float], ...]
    max_leverage: tuple[float | None, ...]
    basis: str
    format: str
    symbol: str | None
    inclusive_caps: bool = False


# A decimal number, without thousands separators; the exponent is bounded so that no
# text can make Fraction compute a huge power of ten.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?", re.ASCII)
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?", re.ASCII)
_MAX_NUMBER_TEXT = 40


def _fail(code: str, **params: float | str) -> InputError:
    return InputError("tiers", code, **params)


def _shown(text: str) -> str:
    """A cell as an error message may quote it: printable and short."""
    clean = "".join(char if char.isprintable() else "?" for char in text)
    return clean if len(clean) <= 24 else clean[:23] + "…"


def _number(raw: object, row: int) -> Fraction:
    """A JSON number or string, or a table cell, as an exact Fraction (the caller checks
    its range); bounded in length and exponent so that no text is costly to convert."""
    if not isinstance(raw, str):
        raise _fail("tiers_number", row=row, text=_shown(repr(raw)))
    text = raw.strip()
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if len(text) > _MAX_NUMBER_TEXT or not _NUMBER.fullmatch(text):
        raise _fail("tiers_number", row=row, text=_shown(raw.strip()))
    value = Fraction(text)
    if abs(value) > Fraction(ex.MAX_MAGNITUDE):
        raise _fail("tiers_number", row=row, text=_shown(raw.strip()))
    return value


def _check(
    rows: list[tuple[Fraction, Fraction]], leverages: list[float | None]
) -> tuple[tuple[tuple[float, float], ...], tuple[float | None, ...]]:
    """Check rows as the engine will, on the floats it will get, naming the row."""
    if not rows:
        raise _fail("tiers_format")
    if len(rows) > MAX_TIERS:
        raise _fail("tiers_too_many", limit=MAX_TIERS)
    table: list[tuple[float, float]] = []
    for row, (floor_x, rate_x) in enumerate(rows, start=1):
        floor, rate = ex.to_float(floor_x), ex.to_float(rate_x)
        if floor < 0:
            raise _fail("tiers_negative", row=row)
        if not 0 <= rate < 1:
            raise _fail("tiers_rate", row=row)
        if not table and floor != 0:
            raise _fail("tiers_first_floor", floor=floor)
        if table and floor <= table[-1][0]:
            raise _fail("tiers_order", row=row)
        table.append((floor, rate))
    return tuple(table), tuple(leverages)


# --- typed tables ----------------------------------------------------------------------

#: A comma or space between digits that groups thousands: followed by exactly three digits.
_GROUPING = re.compile(r"(?<=\d)[, \u00a0\u202f](?=\d{3}(?:\D|$))")
#: The number a grouping separator follows, back to its start.
_NUMBER_BEFORE = re.compile(r"[\d.,\u00a0\u202f ]*$")
#: A maximum leverage's "x" or "×" after its number.
_TIMES = re.compile(r"(?<=\d)[x×X]$")
_CELL_SEPARATOR = re.compile(r"[\s,;]+")
_DIGIT = re.compile(r"\d")
#: Chinese full-width digits and punctuation, read as their ASCII twins.
_FULL_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
        "，": ",",
        "；": ";",
        "％": "%",
        "．": ".",
        "＋": "+",
    }
)


def _ungrouped(line: str) -> str:
    """A line without its thousands separators: those after a whole number only."""

    def join(match: re.Match[str]) -> str:
        number = _NUMBER_BEFORE.search(line[: match.start()])
        return match.group() if number and "." in number.group() else ""

    return _GROUPING.sub(join, line)


def _line_error(code: str, line: int, text: str | None = None) -> InputError:
    """A typed line's error: its number, and the cell that could not be read."""
    if text is None:
        return _fail(code, line=line)
    return _fail(code, line=line, text=_shown(text))


def _cell(text: str, line: int, code: str) -> Fraction:
    try:
        return _number(text, line)
    except InputError:
        raise _line_error(code, line, text) from None


def _rate(text: str, line: int, percent: bool) -> Fraction:
    """A typed rate: "0.4%" is a percent; a bare number a percent or a fraction as told."""
    if text.endswith("%"):
        return _cell(text[:-1], line, "tiers_line_rate") / 100
    rate = _cell(text, line, "tiers_line_rate")
    return rate / 100 if percent else rate


def _typed_leverage(text: str, line: int) -> float:
    """A line's maximum leverage: a number above 0, with or without its "x"."""
    value = _cell(_TIMES.sub("", text), line, "tiers_line_leverage")
    if not value > 0:
        raise _line_error("tiers_line_leverage", line, text)
    return ex.to_float(value)


def _table(text: str, basis: str, percent: bool) -> ParsedTiers:
    """A typed table, one tier a line (see :func:`parse_tiers`), its errors naming the line."""
    table: list[tuple[float, float]] = []
    leverages: list[float | None] = []
    first = True
    for number, raw in enumerate(text.splitlines(), start=1):
        line = re.sub(r"\s+%", "%", raw.translate(_FULL_WIDTH).strip())
        if not line:
            continue
        if first and not _DIGIT.search(line):
            first = False
            continue  # a header row
        first = False
        cells = [cell for cell in _CELL_SEPARATOR.split(_ungrouped(line)) if cell]
        if len(cells) not in (2, 3):
            raise _line_error("tiers_line_fields", number)
        if len(table) >= MAX_TIERS:
            raise _fail("tiers_too_many", limit=MAX_TIERS)
        floor_text, rate_text = cells[:2]
        floor = ex.to_float(_cell(floor_text, number, "tiers_line_floor"))
        rate = ex.to_float(_rate(rate_text, number, percent))
        leverages.append(_typed_leverage(cells[2], number) if len(cells) == 3 else None)
        if floor < 0:
            raise _line_error("tiers_line_floor", number, floor_text)
        if not 0 <= rate < 1:
            raise _line_error("tiers_line_rate", number, rate_text)
        if not table and floor != 0:
            raise _line_error("tiers_line_first", number)
        if table and floor <= table[-1][0]:
            raise _line_error("tiers_line_order", number)
        table.append((floor, rate))
    if not table:
        raise _fail("tiers_empty")
    return ParsedTiers(tuple(table), tuple(leverages), basis, "table", None)


# --- exchange JSON ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Shape:
    """Where one API keeps a tier's floor (or cap), rate and leverage, and its basis."""

    name: str
    floor: tuple[str, ...]
    rate: str
    leverage: str
    basis: str
    cap: bool = False  # the key holds each tier's upper edge, not its floor
    inclusive: bool = False  # each tier's cap belongs to it ("X or below")
    initial: bool = False  # the leverage key holds the initial margin rate, 1 / leverage


_SHAPES = (
    # Binance GET /fapi/v1/leverageBracket (notionalFloor, USDT) and /dapi/v1 and v2
    # (qtyFloor in the coin; the documentation's example spells it "qtylFloor").
    _Shape(
        "binance",
        ("notionalFloor", "qtyFloor", "qtylFloor"),
        "maintMarginRatio",
        "initialLeverage",
        "notional",
    ),
    # Binance's website, the unsigned answer behind its "Leverage & Margin" page: the
    # same brackets under other names, floors in USDT (USDⓈ-M) or in the coin (COIN-M).
    _Shape(
        "binance",
        ("bracketNotionalFloor",),
        "bracketMaintenanceMarginRate",
        "maxOpenPosLeverage",
        "notional",
    ),
    # Bybit GET /v5/market/risk-limit: riskLimitValue is each tier's cap, "X or below".
    _Shape(
        "bybit",
        ("riskLimitValue",),
        "maintenanceMargin",
        "maxLeverage",
        "notional",
        cap=True,
        inclusive=True,
    ),
    # OKX GET /api/v5/public/position-tiers: maxSz in contracts is each tier's cap, which
    # belongs to it (the next tier's minSz lies just above it); minSz if maxSz is absent.
    _Shape("okx", ("maxSz",), "mmr", "maxLever", "size", cap=True, inclusive=True),
    _Shape("okx", ("minSz",), "mmr", "maxLever", "size"),
    # Bitget GET /api/v2/mix/market/query-position-lever: startUnit in USDT; the tier's
    # rate on the whole position ("Tiered maintenance margin explained").
    _Shape("bitget", ("startUnit",), "keepMarginRate", "leverage", "notional_whole"),
    # KuCoin GET /api/v1/contracts/risk-limit/{symbol}: minRiskLimit; the level's rate on
    # the whole position, each limit amount in its level ("Risk Limit Level FAQ").
    _Shape(
        "kucoin",
        ("minRiskLimit",),
        "maintainMargin",
        "maxLeverage",
        "notional_whole",
        inclusive=True,
    ),
    # Kraken Futures GET /derivatives/api/v3/instruments, each instrument's marginLevels:
    # multi-collateral (PF_) levels from numNonContractUnits, the position's value in USD
    # ("Position sizes are displayed in USD", its margin schedule); inverse (PI_, FI_)
    # ones from contracts, each worth contractSize USD. A level's rate applies to the
    # whole position, nothing deducted; its maximum leverage is 1 / initialMargin.
    _Shape(
        "kraken",
        ("numNonContractUnits",),
        "maintenanceMargin",
        "initialMargin",
        "notional_whole",
        initial=True,
    ),
    _Shape("kraken", ("contracts",), "maintenanceMargin", "initialMargin", "size", initial=True),
)

_SYMBOL_KEYS = ("symbol", "pair", "instFamily", "uly", "instId")
_COIN_M_SYMBOL = re.compile(r"USD_(?:PERP|\d{6})$")


def _reject_constant(name: str) -> object:
    raise ValueError(name)


#: Deeper than any exchange's answer (they nest four levels at most). Python's own limit
#: comes too late in a browser worker, whose stack overflows first.
_MAX_NESTING = 32
_OPENERS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]')


def _too_deep(text: str) -> bool:
    """Whether brackets outside strings nest deeper than :data:`_MAX_NESTING`."""
    depth = 0
    for token in _OPENERS.finditer(text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            if depth > _MAX_NESTING:
                return True
        elif mark in "]}":
            depth -= 1
    return False


def _load(text: str) -> object:
    try:
        if _too_deep(text):
            raise ValueError("nested too deeply")
        return json.loads(text, parse_float=str, parse_int=str, parse_constant=_reject_constant)
    except (ValueError, RecursionError, TypeError) as error:
        raise _fail("tiers_json") from error


def _normal(symbol: str) -> str:
    return "".join(char for char in symbol.upper() if char.isalnum())


def _symbols(item: Mapping[str, object]) -> list[str]:
    """The item's symbol names, normalised ("BTC-USDT" -> "BTCUSDT")."""
    names = (item.get(key) for key in _SYMBOL_KEYS)
    return [_normal(name) for name in names if isinstance(name, str) and name]


def _matches(wanted: str, item: Mapping[str, object]) -> bool:
    """Whether ``wanted`` names the item, allowing Binance's "_PERP" and OKX's "-SWAP"."""
    return any(name in (wanted, wanted + "PERP", wanted + "SWAP") for name in _symbols(item))


def _dicts(value: object) -> list[Mapping[str, object]] | None:
    """``value`` if it is a non-empty list of objects."""
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return value
    return None


#: Where a Binance symbol keeps its tiers: "brackets" in the API's answer, "riskBrackets"
#: in the website's.
_BINANCE_TIERS = ("brackets", "riskBrackets")


def _binance_groups(data: object) -> tuple[list[Mapping[str, object]], str] | None:
    """Binance's symbols and the key of their tiers, or None if ``data`` is not Binance's.

    The API's answer is a list of symbols each with "brackets", or one such object; the
    website's wraps symbols with "riskBrackets" as ``{"data": {"brackets": [...]}}``.

    >>> groups, key = _binance_groups({"data": {"brackets": [{"riskBrackets": []}]}})
    >>> len(groups), key
    (1, 'riskBrackets')
    """
    if isinstance(data, dict) and isinstance(data.get("data"), dict):
        data = data["data"].get("brackets")
    groups: list[Mapping[str, object]] | None = (
        _dicts(data) if isinstance(data, list) else ([data] if isinstance(data, dict) else None)
    )
    for key in _BINANCE_TIERS:
        if groups is not None and all(isinstance(group.get(key), list) for group in groups):
            return groups, key
    return None


def _chosen(
    items: list[Mapping[str, object]], key: str, symbol: str | None
) -> tuple[Mapping[str, object], list[Mapping[str, object]]]:
    """The item ``symbol`` names (else the first) and the tier rows it keeps under ``key``."""
    chosen = items[0]
    if symbol is not None:
        matches = [item for item in items if _matches(_normal(symbol), item)]
        if not matches:
            raise _fail("tiers_symbol", symbol=_shown(symbol))
        chosen = matches[0]
    rows = _dicts(chosen[key])
    if rows is None:
        raise _fail("tiers_format")
    return chosen, rows


def _binance_rows(
    data: object, symbol: str | None
) -> tuple[list[Mapping[str, object]], str | None] | None:
    """Binance's brackets, of the symbol named or else the first listed."""
    found = _binance_groups(data)
    if found is None:
        return None
    groups, key = found
    chosen, rows = _chosen(groups, key, symbol)
    names = [value for key in ("symbol", "pair") if isinstance(value := chosen.get(key), str)]
    return rows, names[0] if names else None


#: Where Kraken keeps an instrument's levels; the retail ones (``retailMarginLevels``) are
#: for an investor category Kraken no longer lets trade.
_KRAKEN_LEVELS = "marginLevels"


def _kraken_instruments(data: object) -> list[Mapping[str, object]] | None:
    """Kraken's instruments that carry margin levels, or None if ``data`` is not Kraken's.

    Kraken answers ``{"result": "success", "instruments": [...]}``; a list of its
    instruments, or one, is read alike. Instruments without levels (indices) are skipped.

    >>> len(_kraken_instruments({"instruments": [{"symbol": "in_xbtusd"},
    ...                          {"symbol": "PF_XBTUSD", "marginLevels": []}]}))
    1
    """
    if isinstance(data, dict) and isinstance(data.get("instruments"), list):
        data = data["instruments"]
    items: list[object] = data if isinstance(data, list) else [data]
    if not all(isinstance(item, dict) for item in items):
        return None
    kept: list[Mapping[str, object]] = [
        item
        for item in items
        if isinstance(item, dict) and isinstance(item.get(_KRAKEN_LEVELS), list)
    ]
    return kept or None


def _kraken_kind(instrument: Mapping[str, object]) -> str:
    """An instrument's kind: its levels count contracts (inverse) or USD (linear)."""
    levels = _dicts(instrument.get(_KRAKEN_LEVELS)) or [{}]
    return "inverse" if "contracts" in levels[0] else "linear"


def _kraken_rows(
    data: object, symbol: str | None
) -> tuple[list[Mapping[str, object]], str | None, Fraction] | None:
    """Kraken's levels of the instrument named (else the first), its name and the USD
    value of one of its contracts (``contractSize``, 1 where not given)."""
    instruments = _kraken_instruments(data)
    if instruments is None:
        return None
    chosen, rows = _chosen(instruments, _KRAKEN_LEVELS, symbol)
    size = chosen.get("contractSize", "1")  # numbers are read as text
    value = _number(size, 1)
    if value <= 0:
        raise _fail("tiers_number", row=1, text=_shown(str(size)))
    name = chosen.get("symbol")
    return rows, name if isinstance(name, str) else None, value


def _rows(
    data: object, symbol: str | None
) -> tuple[list[Mapping[str, object]], str | None, str | None]:
    """The list of tier objects in an API response, its symbol and Bybit's category."""
    binance = _binance_rows(data, symbol)
    if binance is not None:
        return binance[0], binance[1], None
    category = None
    rows = _dicts(data)
    if rows is None and isinstance(data, dict):
        result = data.get("result")
        if isinstance(result, dict):  # Bybit: {"result": {"category", "list"}}
            category = result.get("category")
            rows = _dicts(result.get("list"))
        if rows is None:
            rows = _dicts(data.get("data")) or _dicts(data.get("list"))
    if rows is None:
        raise _fail("tiers_format")
    wanted = _normal(symbol) if symbol is not None else None
    if wanted is None:
        first = _symbols(rows[0])
        wanted = first[0] if first else None
    if wanted is not None:
        kept = [row for row in rows if _matches(wanted, row) or not _symbols(row)]
        if not kept:
            raise _fail("tiers_symbol", symbol=_shown(symbol or wanted))
        rows = kept
    named = [value for key in _SYMBOL_KEYS if isinstance(value := rows[0].get(key), str) and value]
    return rows, named[0] if named else None, category if isinstance(category, str) else None


def _shape(row: Mapping[str, object]) -> tuple[_Shape, str]:
    for shape in _SHAPES:
        for key in shape.floor:
            if key in row and shape.rate in row:
                return shape, key
    raise _fail("tiers_format")


def _leverage(row: Mapping[str, object], shape: _Shape, index: int) -> float | None:
    key = shape.leverage
    if key not in row or row[key] in ("", None):
        return None
    value = _number(row[key], index)
    if value <= 0:
        raise _fail("tiers_number", row=index, text=_shown(str(row[key])))
    return ex.to_float(1 / value if shape.initial else value)


def _bybit_percent(rows: list[Mapping[str, object]]) -> bool:
    """Whether Bybit's rates are percents: the documentation's example gives "0.5" with
    initialMargin "1" at 100x, the live API fractions ("0.005", "0.01")."""
    first = rows[0]
    try:
        initial = _number(first.get("initialMargin"), 1)
        leverage = _number(first.get("maxLeverage"), 1)
    except InputError:
        return False
    return initial * leverage > 10


def _json_kind(shape: _Shape, key: str, symbol: str | None, category: str | None) -> str | None:
    """Which kind of contract the JSON is for, where it says."""
    if shape.name == "kraken":
        return "inverse" if key == "contracts" else "linear"
    if shape.name == "binance":
        if key != "bracketNotionalFloor":
            return "linear" if key == "notionalFloor" else "inverse"
        # The website names its floors alike for both; COIN-M symbols are a pair in USD
        # with "_PERP" or a delivery date ("BTCUSD_PERP", "BTCUSD_261225").
        if symbol is not None:
            return "inverse" if _COIN_M_SYMBOL.search(symbol) else "linear"
    if category in KINDS:
        return category
    if shape.name == "okx" and symbol is not None:
        family = symbol.upper().removesuffix("-SWAP")
        if family.endswith("-USD"):
            return "inverse"
        if family.endswith(("-USDT", "-USDC")):
            return "linear"
    return None


def _exchange_json(
    text: str, kind: str, symbol: str | None, contract_value: Fraction
) -> ParsedTiers:
    data = _load(text)
    kraken = _kraken_rows(data, symbol)
    if kraken is not None:  # each instrument says what its contract is worth
        rows, name, contract_value = kraken
        category = None
    else:
        rows, name, category = _rows(data, symbol)
    if len(rows) > MAX_TIERS:
        raise _fail("tiers_too_many", limit=MAX_TIERS)
    shape, key = _shape(rows[0])
    found = _json_kind(shape, key, name, category)
    if found is not None and found != kind:
        raise _fail("tiers_inverse" if found == "inverse" else "tiers_linear")
    percent = shape.name == "bybit" and _bybit_percent(rows)
    values: list[tuple[Fraction, Fraction]] = []
    leverages: list[float | None] = []
    for index, row in enumerate(rows, start=1):
        edge_key = next((k for k in shape.floor if k in row), None)
        if edge_key is None or shape.rate not in row:
            raise _fail("tiers_row", row=index)
        edge = _number(row[edge_key], index)
        rate = _number(row[shape.rate], index)
        values.append((edge, rate / 100 if percent else rate))
        leverages.append(_leverage(row, shape, index))
    if shape.cap:  # caps to floors: the first tier starts at 0, each next at a cap
        caps = [edge for edge, _ in values]
        for index in range(1, len(caps)):
            if caps[index] <= caps[index - 1]:
                raise _fail("tiers_order", row=index + 1)
        floors = [Fraction(0), *caps[:-1]]
        values = [(floor, rate) for floor, (_, rate) in zip(floors, values, strict=True)]
    if shape.basis == "size":
        values = [(floor * contract_value, rate) for floor, rate in values]
    brackets, max_leverage = _check(values, leverages)
    return ParsedTiers(brackets, max_leverage, shape.basis, shape.name, name, shape.inclusive)


def parse_tiers(
    text: str,
    kind: str = "linear",
    symbol: str | None = None,
    basis: str = "notional",
    contract_value: float = 1.0,
    *,
    percent: bool,
) -> ParsedTiers:
    """Read a maintenance tier table a trader typed or pasted: a table or exchange API JSON.

    Parameters
    ----------
    text : str
        At most :data:`MAX_TIERS_TEXT` characters. Either the JSON one of these public
        APIs returns:

        - Binance ``GET /fapi/v1/leverageBracket`` (USDⓈ-M; floors ``notionalFloor`` in
          USDT) or ``GET /dapi/v1/leverageBracket`` and ``/dapi/v2/leverageBracket``
          (COIN-M; floors ``qtyFloor`` in the coin): a list of symbols each with
          ``brackets``, or one such object. The symbol named by ``symbol`` is taken,
          else the first one listed.
        - Binance's website, the unsigned answer behind its "Leverage & Margin" page:
          ``GET https://www.binance.com/bapi/futures/v1/friendly/future/common/brackets``
          (USDⓈ-M) or ``.../friendly/delivery/common/brackets`` (COIN-M),
          ``{"data": {"brackets": [...]}}``, each symbol's tiers under ``riskBrackets``
          (``bracketNotionalFloor`` in USDT or in the coin,
          ``bracketMaintenanceMarginRate``, ``maxOpenPosLeverage``); a symbol in USD
          with ``_PERP`` or a delivery date ("BTCUSD_PERP", "BTCUSD_261225") is COIN-M.
        - Bybit ``GET /v5/market/risk-limit``: each ``riskLimitValue`` is a tier's cap,
          so the floors are 0 and the caps before the last. Rates are fractions, except
          where ``initialMargin`` x ``maxLeverage`` of the first tier is near 100 (the
          documentation's example writes percents).
          Each cap belongs to its tier ("X or below"): ``inclusive_caps`` is True.
        - OKX ``GET /api/v5/public/position-tiers``: each ``maxSz`` (in contracts) is a
          tier's cap, which belongs to it, so the floors are 0 and the caps before the
          last (``minSz`` where ``maxSz`` is missing), multiplied by ``contract_value``;
          basis "size".
        - Bitget ``GET /api/v2/mix/market/query-position-lever`` (``startUnit``,
          ``keepMarginRate``) and KuCoin ``GET /api/v1/contracts/risk-limit/{symbol}``
          (``minRiskLimit``, ``maintainMargin``): basis "notional_whole", the tier's
          rate on the whole position; KuCoin's limit amounts belong to their level.

        - Kraken Futures ``GET /derivatives/api/v3/instruments``
          (``{"instruments": [...]}``, a list of instruments or one), each instrument's
          ``marginLevels``: for multi-collateral (PF_) perpetuals ``numNonContractUnits``
          is the position's value in USD, basis "notional_whole"; for inverse (PI_, FI_)
          contracts ``contracts`` counts contracts of ``contractSize`` USD, basis
          "size". The level's ``maintenanceMargin`` applies to the whole position; its
          maximum leverage is 1 / ``initialMargin``. ``retailMarginLevels`` (Kraken's
          retail investor category, no longer allowed to trade) is not read.

        For lists holding several symbols, ``symbol`` picks one, else the first row's.
        Or a typed table: one tier a line, the floor, the maintenance rate and, if given,
        the tier's maximum leverage (which may end in "x" or "×"), such as
        ``50,000, 0.5, 100x``. The cells are separated by a tab, a semicolon, a comma or
        spaces; a comma or space after a whole number followed by exactly three digits
        and then the end or a non-digit groups thousands (``50,000``, ``1 000 000``),
        never one after a number with a decimal point (``0.4,125`` is a rate and a
        leverage). Chinese full-width digits and punctuation read as their ASCII twins.
        Blank lines are skipped; a first line without a digit is a header. A rate ending
        in "%" is a percent; a bare rate is read as ``percent`` says.
    kind : {"linear", "inverse"}, default "linear"
        The contract the table is for; JSON that says it is for the other kind is
        refused.
    symbol : str or None, default None
        The symbol to take from JSON listing several ("BTCUSDT", "BTC-USDT"; case, "-"
        and "_" are ignored).
    basis : {"notional", "size", "notional_whole"}, default "notional"
        What a plain table's floors measure and how its rates apply (JSON says itself).
    contract_value : float, default 1.0
        Coins (linear) or USD (inverse) per contract, for OKX's sizes in contracts.
    percent : bool
        Whether a typed table's bare rate is a percent (``0.4`` is 0.4%, as the page's
        tier box and :func:`app.presets.tiers_text` write it) or a fraction (``0.004``,
        as APIs and scripts write it). No default: the same text means rates 100 times
        apart, and only the caller knows which it wrote. JSON states its own unit.

    Returns
    -------
    ParsedTiers
        The brackets, each tier's maximum leverage where given, the basis, the format
        read and the symbol.

    Raises
    ------
    InputError
        Field ``tiers`` for text that cannot be read, with a code naming why:
        ``tiers_empty``, ``tiers_too_long``, ``tiers_json`` (malformed, NaN, or nested
        too deeply), ``tiers_format`` (no tier list found), ``tiers_symbol``,
        ``tiers_linear``/``tiers_inverse`` (JSON for the other kind); in JSON rows
        ``tiers_number``, ``tiers_negative``, ``tiers_rate``, ``tiers_first_floor``,
        ``tiers_order`` (unsorted or duplicate floors); on a typed line (params ``line``
        and, for a bad cell, its ``text``) ``tiers_line_fields``, ``tiers_line_floor``,
        ``tiers_line_rate``, ``tiers_line_leverage``, ``tiers_line_first``,
        ``tiers_line_order``; ``tiers_too_many``. Fields
        ``kind``, ``basis``, ``symbol`` and ``contract_value`` for bad arguments. It
        raises nothing else.

    Examples
    --------
    A table copied from a web page:

    >>> parsed = parse_tiers("Floor\\tRate\\n0\\t0.4%\\n50,000\\t0.5%", percent=False)
    >>> parsed.brackets
    ((0.0, 0.004), (50000.0, 0.005))

    Typed as the page's tier box takes it, rates in percent, a leverage after them:

    >>> parsed = parse_tiers("0, 0.4, 125x\\n250 000; 1", percent=True)
    >>> parsed.brackets, parsed.max_leverage
    (((0.0, 0.004), (250000.0, 0.01)), (125.0, None))
    >>> parse_tiers("0, 0.4\\n50,000", percent=True)
    Traceback (most recent call last):
    ...
    contractcalc.errors.InputError: tiers: Line 2: write a floor and a maintenance rate, \
and if you like the tier's maximum leverage after them, such as "50,000, 0.5%, 100".

    Binance's JSON, the floors in USDT:

    >>> text = ('[{"symbol": "ETHUSDT", "brackets": ['
    ...         '{"bracket": 1, "initialLeverage": 75, "notionalCap": 10000,'
    ...         ' "notionalFloor": 0, "maintMarginRatio": 0.0065, "cum": 0.0}]}]')
    >>> parsed = parse_tiers(text, percent=True)
    >>> parsed.brackets, parsed.max_leverage, parsed.symbol
    (((0.0, 0.0065),), (75.0,), 'ETHUSDT')
    """
    if not isinstance(kind, str) or kind not in KINDS:
        raise InputError("kind", "kind")
    if not isinstance(basis, str) or basis not in BASES:
        raise InputError("basis", "basis")
    if symbol is not None and not isinstance(symbol, str):
        raise InputError("symbol", "choice")
    value = ex.positive("contract_value", contract_value)
    if not isinstance(percent, bool):
        raise InputError("percent", "choice")
    if not isinstance(text, str):
        raise _fail("tiers_empty")
    if len(text) > MAX_TIERS_TEXT:
        raise _fail("tiers_too_long", limit=MAX_TIERS_TEXT)
    stripped = text.strip()
    if not stripped:
        raise _fail("tiers_empty")
    if stripped[0] in "[{":
        return _exchange_json(stripped, kind, symbol, value)
    return _table(stripped, basis, percent)
