"""Numbers formatted for a person: thousands separators, decimals that suit the magnitude, units."""

from __future__ import annotations

import math

#: Decimals shown for an amount of coin (a satoshi is 1e-8 BTC).
COIN_DECIMALS = 8


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


def price(value: float) -> str:
    """A price with about seven significant digits, at least two decimals and at most ten.

    >>> price(26547.1284)
    '26,547.13'
    >>> price(1.5)
    '1.50'
    >>> price(0.000123456789)
    '0.0001234568'
    """
    if value == 0 or not math.isfinite(value):
        return number(value)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = min(10, max(2, 6 - magnitude))
    return _trim(number(value, decimals), 2)


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


def signed(text: str, value: float) -> str:
    """Prefix a plus sign to a formatted gain so gains and losses read at a glance.

    >>> signed("5.00%", 0.05)
    '+5.00%'
    """
    return f"+{text}" if value > 0 and not text.startswith("+") else text
