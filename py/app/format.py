"""Numbers formatted for a person: thousands separators, decimals that suit the magnitude, units."""

from __future__ import annotations

import math

#: Decimals shown for an amount of coin (a satoshi is 1e-8 BTC).
COIN_DECIMALS = 8
#: The margin currency of a linear contract, shown to the cent.
QUOTE = "USDT"
#: The unit of an inverse contract's face value.
FACE = "USD"


def _trim(text: str, keep: int) -> str:
    """Drop trailing zeros after the decimal point, keeping at least ``keep`` decimals."""
    if "." not in text:
        return text
    whole, decimals = text.split(".")
    decimals = decimals.rstrip("0").ljust(keep, "0")
    return f"{whole}.{decimals}" if decimals else whole


def number(value: float, decimals: int = 2) -> str:
    """A number with thousands separators and a fixed count of decimals.

    >>> number(1234567.891)
    '1,234,567.89'
    >>> number(-0.0001)
    '0.00'
    """
    text = f"{value:,.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text.replace(",", "")) == 0 else text


def price_decimals(*values: float) -> int:
    """The decimals :func:`price` gives, shared by several prices so they line up.

    Each price gets about seven significant digits (at least two decimals, at most ten);
    the shared count is the most any of them needs, less the trailing zeros they all
    have (never below two).

    >>> price_decimals(1200.0, 1201.101)
    3
    >>> price_decimals(1200.0, 1250.0)
    2
    """
    finite = [abs(value) for value in values if value and math.isfinite(value)]
    if not finite:
        return 2
    decimals = max(min(10, max(2, 6 - math.floor(math.log10(value)))) for value in finite)
    while decimals > 2 and all(
        number(value, decimals).endswith("0") for value in values if math.isfinite(value)
    ):
        decimals -= 1
    return decimals


def typed_decimals(*values: float) -> int:
    """The decimals of prices as typed (their shortest form), at least two, at most ten.

    A price derived from them is shown to the same tick.

    >>> typed_decimals(1456.84, 1335.18), typed_decimals(30000.0), typed_decimals(0.000123)
    (2, 2, 6)
    """
    decimals = 2
    for value in values:
        digits, _, exponent = repr(float(value)).partition("e")
        fraction = digits.partition(".")[2].rstrip("0")
        decimals = max(decimals, len(fraction) - int(exponent or 0))
    return min(decimals, 10)


def price(value: float, decimals: int | None = None) -> str:
    """A price with about seven significant digits, at least two decimals and at most ten.

    ``decimals`` fixes the count instead, e.g. :func:`price_decimals` of prices shown
    together (and of their difference).

    >>> price(26547.1284)
    '26,547.13'
    >>> price(1.5)
    '1.50'
    >>> price(0.000123456789)
    '0.0001234568'
    >>> price(1200, decimals=3)
    '1,200.000'
    """
    if decimals is not None:
        return number(value, decimals)
    return number(value, price_decimals(value))


def percent(fraction: float, decimals: int = 2) -> str:
    """A fraction shown as a percentage; small values get the decimals they need.

    >>> percent(0.2)
    '20.00%'
    >>> percent(-0.046189)
    '-4.62%'
    >>> percent(0.0000125)
    '0.00125%'
    """
    value = fraction * 100
    if value != 0 and abs(value) < 0.01:
        return _trim(f"{value:.6f}", decimals).rstrip(".") + "%"
    return number(value, decimals) + "%"


def leverage(value: float) -> str:
    """A leverage multiple, e.g. ``4×`` or ``10.53×``.

    >>> leverage(4.0)
    '4×'
    >>> leverage(10.526315)
    '10.53×'
    """
    return _trim(number(value, 2), 0) + "×"


def floor_leverage(value: float) -> float:
    """A highest safe leverage rounded down to what :func:`leverage_down` shows: 0.01, or
    two significant digits below 0.01.

    >>> floor_leverage(9.65251), floor_leverage(0.0067891)
    (9.65, 0.0067)
    """
    if not math.isfinite(value) or value <= 0:
        return value
    scale: int = 10 ** _leverage_decimals(value)
    # A relative nudge of 1e-12 keeps a value that is exactly 4.35 but stored as 4.3499...
    return math.floor(value * scale * (1 + 1e-12)) / scale


def _leverage_decimals(value: float) -> int:
    return max(2, 1 - math.floor(math.log10(value))) if value > 0 else 2


def leverage_down(value: float) -> str:
    """A highest safe leverage, rounded down (:func:`floor_leverage`) so the shown value is
    never above the limit.

    >>> leverage_down(9.65251)
    '9.65×'
    >>> leverage_down(4.0)
    '4×'
    >>> leverage_down(0.0067)
    '0.0067×'
    """
    if not math.isfinite(value) or value <= 0:
        return leverage(value)
    return _trim(number(floor_leverage(value), _leverage_decimals(value)), 0) + "×"


def money(value: float, unit: str, decimals: int = 2) -> str:
    """An amount with its unit; coin amounts get satoshi precision.

    >>> money(5500, "USDT")
    '5,500.00 USDT'
    >>> money(0.0123, "BTC", decimals=8)
    '0.0123 BTC'
    """
    text = number(value, decimals)
    if decimals > 2:
        text = _trim(text, 2)
    return f"{text} {unit}"


def coin(value: float, unit: str) -> str:
    """An amount of coin (the margin currency of a coin-margined contract): always to the
    satoshi, eight decimals, so every coin amount on the page lines up.

    >>> coin(0.05, "BTC")
    '0.05000000 BTC'
    >>> coin(-0.000001, "BTC")
    '-0.00000100 BTC'
    """
    return f"{number(value, COIN_DECIMALS)} {unit}"


def amount(value: float, unit: str) -> str:
    """An amount in a margin currency: cents for USDT, eight decimals for a coin.

    >>> amount(1234.5, "USDT"), amount(0.05, "BTC")
    ('1,234.50 USDT', '0.05000000 BTC')
    """
    return money(value, unit) if unit == QUOTE else coin(value, unit)


def gain(text: str, value: float) -> str:
    """A plus sign on a formatted positive amount, unless it shows as zero.

    >>> gain("5.00 USDT", 5), gain("0.00 USDT", 0.001), gain("-1.00 USDT", -1)
    ('+5.00 USDT', '0.00 USDT', '-1.00 USDT')
    """
    return signed(text, value) if any(digit in "123456789" for digit in text) else text


def signed(text: str, value: float) -> str:
    """Prefix a plus sign to a formatted gain so gains and losses read at a glance.

    >>> signed("5.00%", 0.05)
    '+5.00%'
    """
    return f"+{text}" if value > 0 and not text.startswith("+") else text
