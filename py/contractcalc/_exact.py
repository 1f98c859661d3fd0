"""Argument checks and exact arithmetic shared by every public function.

Every public function turns its arguments into :class:`fractions.Fraction` here,
computes exactly, and rounds once at the end with :func:`to_float`. A float result
is therefore the correctly rounded value of the exact formula applied to the
arguments as given, which is what the accuracy tests compare against.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from numbers import Rational, Real

from .errors import InputError

#: Largest magnitude accepted for any number. Far beyond any real price, size or
#: balance, and small enough that no formula here can overflow a float.
MAX_MAGNITUDE = 1e15
#: Smallest accepted price, size, leverage or balance that must be positive.
MIN_POSITIVE = 1e-12

SIDES = {"long": 1, "short": -1}


def number(field: str, value: object) -> Fraction:
    """Return ``value`` as an exact Fraction, or raise InputError naming ``field``."""
    if isinstance(value, bool) or not isinstance(value, Real | Decimal):
        raise InputError(field, "not_a_number")
    exact: Fraction
    if isinstance(value, Rational):
        exact = Fraction(int(value.numerator), int(value.denominator))
    elif isinstance(value, Decimal):
        # is_finite, not math.isfinite: the latter raises on a signalling NaN.
        if not value.is_finite():
            raise InputError(field, "not_finite")
        exact = Fraction(value)
    else:
        try:
            as_float = float(value)
        except (TypeError, ValueError, ArithmeticError) as error:  # a broken Real subclass
            raise InputError(field, "not_a_number") from error
        if not math.isfinite(as_float):
            raise InputError(field, "not_finite")
        exact = Fraction(as_float)
    if abs(exact) > MAX_MAGNITUDE:
        raise InputError(field, "too_large", limit=MAX_MAGNITUDE)
    return exact


def positive(field: str, value: object) -> Fraction:
    """A number greater than zero (and at least :data:`MIN_POSITIVE`)."""
    exact = number(field, value)
    if exact <= 0:
        raise InputError(field, "not_positive")
    if exact < Fraction(MIN_POSITIVE):
        raise InputError(field, "too_small", limit=MIN_POSITIVE)
    return exact


def non_negative(field: str, value: object) -> Fraction:
    """A number greater than or equal to zero."""
    exact = number(field, value)
    if exact < 0:
        raise InputError(field, "negative")
    return exact


def rate(field: str, value: object, low: float = 0.0, high: float = 1.0) -> Fraction:
    """A rate in the half-open interval [low, high), e.g. a maintenance margin rate."""
    exact = number(field, value)
    if not Fraction(low) <= exact < Fraction(high):
        raise InputError(field, "fraction_range", low=low, high=high)
    return exact


def fee(field: str, value: object) -> Fraction:
    """A fee rate: negative for a maker rebate, always above -100% and below 100%."""
    exact = number(field, value)
    if not -1 < exact < 1:
        raise InputError(field, "open_interval", low=-1.0, high=1.0)
    return exact


def count(field: str, value: object) -> int:
    """A whole number of zero or more, e.g. funding intervals."""
    exact = non_negative(field, value)
    if exact.denominator != 1:
        raise InputError(field, "not_integer")
    return exact.numerator


def side(value: object) -> int:
    """+1 for "long", -1 for "short"."""
    if type(value) is not str or value not in SIDES:
        raise InputError("side", "side")
    return SIDES[value]


def to_float(value: Fraction) -> float:
    """Round an exact result once, to the nearest float."""
    return float(value)
