"""Contract Calculator's formula package: the guide's rules and the exact exchange math.

Pure Python, standard library only; runs unchanged on CPython and on Pyodide in the
browser. Rates are fractions (0.2 means 20%), sides are ``"long"`` or ``"short"``, and
every bad argument raises :class:`InputError` naming the argument.
"""

from __future__ import annotations

from . import account, compare, exchanges, inverse, linear, rules
from .errors import MESSAGES, InputError

__all__ = [
    "MESSAGES",
    "InputError",
    "account",
    "compare",
    "exchanges",
    "inverse",
    "linear",
    "rules",
]
