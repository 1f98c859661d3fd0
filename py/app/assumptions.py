"""Fields several cards share: the page-wide contract kind and coin, the section-wide side,
maintenance margin rate and fee rates, and what each means for units and the engine.

An assumption left empty means "none": the kind defaults to linear (USDT-margined), the
side to long, the maintenance rate and fee rates to zero. The coin must be given wherever
a card shows it in a unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from types import ModuleType
from typing import Any, TypedDict

from contractcalc import KINDS, InputError, inverse, linear
from contractcalc.exchanges import EXCHANGES

from . import presets
from .format import FACE, QUOTE
from .presets import CUSTOM
from .spec import Field, Values
from .texts import Texts, say

#: The contract kind, page-wide: "linear" (USDT-margined) or "inverse" (coin-margined).
KIND = Field("kind", "choice", (*KINDS, ""), default="linear")
#: The coin, page-wide: a ticker such as "BTC", used only in units.
COIN = Field("coin", "text", default="BTC", keyboard="text", max_length=10)
#: The position's side, where the card needs it.
SIDE_REQUIRED = Field("side", "choice", ("long", "short"), default="long")
#: The same, where the card lets it be left empty.
SIDE = replace(SIDE_REQUIRED, choices=(*SIDE_REQUIRED.choices, ""))
MMR = Field("mmr", "percent", optional=True, default="0.4")
OPEN_FEE = Field("open_fee", "percent", optional=True, default="0.05")
CLOSE_FEE = Field("close_fee", "percent", optional=True, default="0.05")
#: The exchange whose published figures fill the fields (page-wide; "custom", or left
#: empty as in a link from before the choice existed, fills none).
EXCHANGE = Field(
    "exchange",
    "choice",
    (CUSTOM, *EXCHANGES, ""),
    default=CUSTOM,
    # Proper names, the same in every language; Bybit's two accounts are named in the
    # catalogue, in each language ("o.bybit" labels the entry convention).
    option_names={
        key: exchange.name
        for key, exchange in EXCHANGES.items()
        if key not in ("bybit", "bybit_classic")
    },
    option_labels={"bybit": "o.exchange_bybit"},
)
#: The page-wide fields, in the toolbar: every card that names them reads them there.
GLOBAL_FIELDS: tuple[Field, ...] = (KIND, EXCHANGE, COIN)
#: The USD face value of one coin-margined contract, where a card takes a size in contracts.
CONTRACT_SIZE = Field("contract_size", optional=True, default="100", show="kind=inverse")
#: The liquidation fee, a percent of the position's value at the liquidation price.
LIQUIDATION_FEE = Field("liquidation_fee", "percent", optional=True, default="0")

_COIN = re.compile(r"[A-Z0-9]{1,10}")


class Terms(TypedDict):
    """How the chosen exchange liquidates: its convention and its liquidation fee rate."""

    convention: str
    liquidation_fee: float


def terms(values: Values) -> Terms:
    """The liquidation terms of the toolbar's exchange and the card's liquidation fee."""
    return {
        "convention": presets.convention(values["exchange"]),
        "liquidation_fee": rate(values, "liquidation_fee"),
    }


def kind(values: Values) -> str:
    """The contract kind; linear when left empty."""
    return values.get("kind") or "linear"


def side(values: Values) -> str:
    """The side; long when left empty."""
    return values.get("side") or "long"


def or_zero(values: Values, name: str) -> float:
    """An optional number field's value; zero when left empty."""
    value = values.get(name)
    return 0.0 if value is None else float(value)


def rate(values: Values, name: str) -> float:
    """A rate field's fraction; zero when left empty."""
    return or_zero(values, name)


def required(values: Values, name: str) -> float:
    """An optional field the chosen mode needs: InputError (code ``empty``) when left empty."""
    value = values.get(name)
    if value is None:
        raise InputError(name, "empty")
    return float(value)


def contract_size(values: Values) -> float:
    """The USD face value of one inverse contract, required and positive.

    >>> contract_size({"contract_size": 100.0})
    100.0
    >>> contract_size({"contract_size": None})
    Traceback (most recent call last):
    ...
    contractcalc.errors.InputError: contract_size: Enter a number.
    """
    size = required(values, "contract_size")
    if size <= 0:
        raise InputError("contract_size", "not_positive")
    return size


def engine_size(values: Values, contract_kind: str) -> float:
    """The size the engine takes: coins (linear), or contracts x contract size in USD (inverse).

    >>> engine_size({"size": 300.0, "contract_size": 100.0}, "inverse")
    30000.0
    """
    size = float(values["size"])
    return size * contract_size(values) if contract_kind == "inverse" else size


def coin(values: Values) -> str:
    """The coin ticker, uppercased: 1 to 10 letters or digits, else InputError on "coin".

    >>> coin({"coin": " btc "})
    'BTC'
    >>> coin({"coin": "BTC/USDT"})
    Traceback (most recent call last):
    ...
    contractcalc.errors.InputError: coin: Choose one of the options.
    """
    text = str(values.get("coin") or "").strip().upper()
    if not _COIN.fullmatch(text):
        raise InputError("coin", "choice")
    return text


def engine(contract_kind: str) -> ModuleType:
    """The contractcalc module for a kind: :mod:`contractcalc.linear` or ``inverse``."""
    return inverse if contract_kind == "inverse" else linear


def liquidated_at_once(side: str, entry: float, liquidation: float) -> bool:
    """Whether a position is liquidated as it opens: its liquidation price is not past its entry.

    >>> liquidated_at_once("long", 100, 100), liquidated_at_once("short", 100, 105)
    (True, False)
    """
    return liquidation >= entry if side == "long" else liquidation <= entry


def money_unit(contract_kind: str, coin_name: str) -> str:
    """The currency margins and profits are in: USDT (linear) or the coin (inverse)."""
    return coin_name if contract_kind == "inverse" else QUOTE


def size_unit(contract_kind: str, coin_name: str) -> str:
    """The unit of a position's size as the engine takes it: coins (linear) or USD (inverse)."""
    return FACE if contract_kind == "inverse" else coin_name


def renamed(call: Callable[..., Any], names: dict[str, str], *args: Any, **kwargs: Any) -> Any:
    """Call an engine function, moving an InputError to the card's field name.

    The engine names its arguments (``rate``, ``wallet``...); the card's fields may be
    named differently (``funding_rate``...).

    >>> renamed(linear.funding_payment, {"rate": "funding_rate"}, "long", 1, 1, "x")
    Traceback (most recent call last):
    ...
    contractcalc.errors.InputError: funding_rate: Enter a number, such as 1000 or 0.25.
    """
    try:
        return call(*args, **kwargs)
    except InputError as error:
        if error.field not in names:
            raise
        raise InputError(names[error.field], error.code, **error.params) from error


TEXTS: Texts = {
    "unit_coins": {"en": "(coins)", "zh": "(币)"},
    "unit_contracts": {"en": "(contracts)", "zh": "(张)"},
}


def units(kind: str, coin: str, lang: str) -> dict[str, str]:
    """The unit labels shown next to field labels, keyed by ``data-unit``.

        money, price and size (a coin quantity, or contracts); face is a fill's size on the
        average-entry card: coins, or USD face value for coin-margined contracts; coins is an
        account position's size, in its own symbol's coin or USD face value.

        ``kind`` is ``"linear"`` (USDT-margined) or ``"inverse"`` (coin-margined); ``lang`` is
        ``"en"`` or ``"zh"``. An unknown kind raises :class:`ValueError`, an unknown language
    :class:`KeyError`.

        >>> units("linear", "ETH", "en")
        {'money': '(USDT)', 'price': '(USDT)', 'size': '(ETH)', 'face': '(ETH)', 'coins': '(coins)'}
        >>> units("inverse", "BTC", "zh")
        {'money': '(BTC)', 'price': '(USD)', 'size': '(张)', 'face': '(USD)', 'coins': '(USD)'}
    """
    if kind == "linear":
        return {
            "money": "(USDT)",
            "price": "(USDT)",
            "size": f"({coin})",
            "face": f"({coin})",
            "coins": say(TEXTS, "unit_coins", lang),
        }
    if kind == "inverse":
        return {
            "money": f"({coin})",
            "price": "(USD)",
            "size": say(TEXTS, "unit_contracts", lang),
            "face": "(USD)",
            "coins": "(USD)",
        }
    raise ValueError(f"unknown contract kind: {kind!r}")
