"""Every symbol's stored tier table: read on demand from ``contractcalc/tiers/``.

Each file ``tiers/<exchange>-<kind>.json`` holds one exchange's tables for one kind of
contract, as its public tier API returned them on one day, written by
``scripts/import_tiers.py``. Its keys:

``as_of``
    ISO date the tables were read or published.
``source``
    Where they came from, an https URL.
``basis``
    What picks a tier, the engine's ``basis`` (see
    :func:`contractcalc.linear.liquidation_price_tiered`).
``tables``
    Each distinct table once, a list of ``[floor, rate, max leverage]`` rows of short
    decimal strings (``["50000", "0.005", "100"]``). Maintenance amounts (Binance's
    ``cum``) are not stored: the engine derives them from floors and rates.
``symbols``
    The exchange's own symbol name -> index into ``tables``.

Nothing here runs at import: a file is read and parsed the first time one of its
symbols is asked for, then kept. Only the standard library is used, through
:mod:`importlib.resources`, so the files are found on CPython and on Pyodide alike.

In the browser a file travels on its own, fetched the first time it is needed, not with
the page's Python: the build leaves in the package, instead of ``<exchange>-<kind>.json``,
an empty ``<exchange>-<kind>.json.remote`` (:data:`REMOTE`) saying that the file exists
beside the page. Asking for its tables then raises :class:`TablesNotLoaded`; the caller
(the web worker, through :func:`app.session.handle`) fetches the file, hands its text to
:func:`supply` and asks again.
:func:`contractcalc.exchanges.symbols` and :func:`contractcalc.exchanges.tier_table`
are the public face of this module.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING

from .errors import InputError
from .exchanges import CONTRACTS, EXCHANGES
from .tier_tables import _normal, _shown

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = ["TablesNotLoaded", "TierTable", "supply", "symbols", "table"]

#: The folder of the data files, inside the package.
FOLDER = "tiers"
#: How many symbol names an unknown symbol's message suggests.
SUGGESTIONS = 6
#: The suffix of the empty file that stands for a data file fetched when needed.
REMOTE = ".remote"

#: Data files handed over by :func:`supply`: name -> text, or None if it could not be had.
_supplied: dict[str, str | None] = {}


class TablesNotLoaded(Exception):  # noqa: N818  (a request, not a failure)
    """A data file exists but is not here yet: fetch it and :func:`supply` it.

    Not an :class:`~contractcalc.InputError`: nothing about the input is wrong, and it
    must pass every handler of bad input up to whoever can fetch the file.

    Attributes
    ----------
    name : str
        The file's name without ``.json``: ``"<exchange>-<kind>"``.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def supply(name: str, text: str | None) -> None:
    """Hand over a data file fetched because :class:`TablesNotLoaded` asked for it.

    Parameters
    ----------
    name : str
        The name :class:`TablesNotLoaded` gave (``"binance-linear"``).
    text : str or None
        The file's text, or None if it could not be fetched (offline, never cached):
        the exchange is then treated as having no stored tables.

    Raises
    ------
    InputError
        Field ``name`` (code ``tier_file``) for a name not of an exchange and a kind;
        field ``text`` (code ``tier_text``) for text that is neither a string nor None.
    """
    exchange, _, kind = name.rpartition("-") if isinstance(name, str) else ("", "", "")
    if exchange not in EXCHANGES or kind not in CONTRACTS.values():
        shown = _shown(name if isinstance(name, str) else repr(name))
        raise InputError("name", "tier_file", name=shown)
    if text is not None and not isinstance(text, str):
        raise InputError("text", "tier_text")
    _supplied[name] = text


@dataclass(frozen=True)
class TierTable:
    """One symbol's stored maintenance tiers, dated and sourced.

    Attributes
    ----------
    exchange : str
        The key of :data:`contractcalc.exchanges.EXCHANGES`.
    kind : {"linear", "inverse"}
        The kind of contract.
    symbol : str
        The exchange's own name for the contract ("BTCUSDT", "BTCUSD_PERP").
    brackets : tuple of (float, float)
        ``(floor, mmr)`` pairs as the engine takes them, in the unit ``basis`` names:
        first floor 0, floors rising, rates in [0, 1).
    max_leverage : tuple of float
        The highest leverage each tier allows, one per bracket.
    basis : str
        What picks a tier; pass it as the engine's ``basis``.
    as_of : str
        ISO date the table was read or published.
    source : str
        Where it came from, an https URL.
    """

    exchange: str
    kind: str
    symbol: str
    brackets: tuple[tuple[float, float], ...]
    max_leverage: tuple[float, ...]
    basis: str
    as_of: str
    source: str


@dataclass(frozen=True)
class _Stored:
    """One data file, parsed: its tables and which symbol uses which."""

    as_of: str
    basis: str
    source: str
    tables: tuple[tuple[tuple[tuple[float, float], ...], tuple[float, ...]], ...]
    symbols: Mapping[str, int]
    normal: Mapping[str, str]  # normalised name -> the exchange's own name


def _check_names(exchange: object, kind: object) -> tuple[str, str]:
    if not isinstance(exchange, str) or exchange not in EXCHANGES:
        name = _shown(exchange if isinstance(exchange, str) else repr(exchange))
        raise InputError("exchange", "unknown_exchange", name=name, known=", ".join(EXCHANGES))
    if not isinstance(kind, str) or kind not in CONTRACTS.values():
        raise InputError("kind", "kind")
    return exchange, kind


def _folder() -> Traversable:
    """Where the data files (or their :data:`REMOTE` stand-ins) are."""
    return resources.files(__package__ or "contractcalc") / FOLDER


def _read(exchange: str, kind: str) -> str | None:
    name = f"{exchange}-{kind}"
    folder = _folder()
    path = folder / f"{name}.json"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    if not (folder / f"{name}.json{REMOTE}").is_file():
        return None  # nothing stored; anything supplied under that name is ignored
    if name not in _supplied:
        raise TablesNotLoaded(name)
    return _supplied[name]


@functools.cache
def _load(exchange: str, kind: str) -> _Stored | None:
    """The parsed data file of an exchange and kind, or None if there is none."""
    text = _read(exchange, kind)
    if text is None:
        return None
    data = json.loads(text)
    tables = tuple(
        (
            tuple((float(floor), float(rate)) for floor, rate, _ in rows),
            tuple(float(leverage) for _, _, leverage in rows),
        )
        for rows in data["tables"]
    )
    names: dict[str, int] = {str(name): int(index) for name, index in data["symbols"].items()}
    return _Stored(
        as_of=str(data["as_of"]),
        basis=str(data["basis"]),
        source=str(data["source"]),
        tables=tables,
        symbols=MappingProxyType(names),
        normal=MappingProxyType({_normal(name): name for name in names}),
    )


def symbols(exchange: str, kind: str = "linear") -> tuple[str, ...]:
    """The symbols of an exchange and kind that have a stored table, sorted.

    See :func:`contractcalc.exchanges.symbols`.

    Examples
    --------
    >>> "BTCUSDT" in symbols("binance")
    True
    >>> symbols("deribit")
    ()
    """
    exchange, kind = _check_names(exchange, kind)
    stored = _load(exchange, kind)
    return tuple(sorted(stored.symbols)) if stored is not None else ()


def table(exchange: str, symbol: str, kind: str = "linear") -> TierTable:
    """One symbol's stored table. See :func:`contractcalc.exchanges.tier_table`.

    Examples
    --------
    >>> table("binance", "btc-usdt").symbol
    'BTCUSDT'
    """
    exchange, kind = _check_names(exchange, kind)
    stored = _load(exchange, kind)
    if stored is None:
        raise InputError("symbol", "no_tier_data")
    if not isinstance(symbol, str):
        raise InputError("symbol", "symbol")
    name = symbol if symbol in stored.symbols else stored.normal.get(_normal(symbol))
    if name is None:
        raise InputError(
            "symbol",
            "unknown_symbol",
            name=_shown(symbol),
            count=len(stored.symbols),
            known=", ".join(_suggest(symbol, stored)),
        )
    brackets, leverage = stored.tables[stored.symbols[name]]
    return TierTable(
        exchange=exchange,
        kind=kind,
        symbol=name,
        brackets=brackets,
        max_leverage=leverage,
        basis=stored.basis,
        as_of=stored.as_of,
        source=stored.source,
    )


def _suggest(symbol: str, stored: _Stored) -> list[str]:
    """The stored names nearest to ``symbol``: those containing it (shortest first), then
    those sharing its longest start; else the first few. (Pyodide ships no difflib.)"""
    wanted = _normal(symbol)
    holding = sorted((key for key in stored.normal if wanted and wanted in key), key=len)
    starts = [wanted[:length] for length in range(len(wanted) - 1, 1, -1)]
    alike = [key for start in starts for key in sorted(stored.normal) if key.startswith(start)]
    keys = list(dict.fromkeys(holding + alike))[:SUGGESTIONS]
    return [stored.normal[key] for key in keys] or sorted(stored.symbols)[:SUGGESTIONS]
