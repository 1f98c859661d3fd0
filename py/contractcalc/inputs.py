"""Reading numbers as people type them.

The page passes the raw text of each field here, so that what counts as a number
is decided, and tested, in one place on CPython rather than in the DOM code.
"""

from __future__ import annotations

import math
import re

from .errors import InputError

#: Longest text accepted for one number; anything longer is not a number a person typed.
MAX_TEXT_LENGTH = 64

_GROUPING = re.compile(r"(?<=\d)[,\s_'\u00a0\u202f](?=\d{3}(?:\D|$))")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")


def parse_number(text: str, field: str, *, percent: bool = False) -> float:
    """Read a number typed by a person.

    Accepts thousands separators (``1,234.5``, ``1 234.5``), surrounding spaces,
    a leading ``+``, full-width digits, and for percent fields a trailing ``%``.

    Parameters
    ----------
    text : str
        What the person typed.
    field : str
        The name of the argument the number is for, used in the error.
    percent : bool, optional
        If true the text is a percentage and the result is a fraction (20 -> 0.2).

    Returns
    -------
    float
        The number, or the fraction for a percent field.

    Raises
    ------
    InputError
        If the text is empty, too long, not a number, or not finite.

    Examples
    --------
    >>> parse_number("1,234.5", "open_price")
    1234.5
    >>> parse_number(" 20 % ", "change", percent=True)
    0.2
    >>> parse_number("abc", "leverage")
    Traceback (most recent call last):
    ...
    contractcalc.errors.InputError: leverage: Enter a number, such as 1000 or 0.25.
    """
    if not isinstance(text, str):
        raise InputError(field, "not_a_number")
    cleaned = text.translate(_FULL_WIDTH).strip()
    if not cleaned:
        raise InputError(field, "empty")
    if len(cleaned) > MAX_TEXT_LENGTH:
        raise InputError(field, "not_a_number")
    if percent and cleaned.endswith("%"):
        cleaned = cleaned[:-1].rstrip()
    cleaned = _GROUPING.sub("", cleaned)
    if cleaned.lower().lstrip("+-") in {"nan", "inf", "infinity"}:
        raise InputError(field, "not_finite")
    if not _NUMBER.fullmatch(cleaned):
        raise InputError(field, "not_a_number")
    value = float(cleaned)
    if not math.isfinite(value):
        raise InputError(field, "not_finite")
    return value / 100 if percent else value
