"""Contract Calculator's formula package: the guide's rules and the exact exchange math.

Pure Python, standard library only; runs unchanged on CPython and on Pyodide in the
browser. Rates are fractions (0.2 means 20%), sides are ``"long"`` or ``"short"``, and
every bad argument raises :class:`InputError` naming the argument.

:data:`CONVENTIONS` are the liquidation conventions every function taking a
``convention`` accepts ("binance": maintenance valued at the mark price, "bybit": at
entry); :data:`KINDS` are the contract kinds ("linear", "inverse"); :data:`BASES` are what
picks a maintenance tier wherever a ``basis`` is taken.
"""

from __future__ import annotations

from . import account, compare, exchanges, inverse, linear, rules
from ._engine import BASES, CONVENTIONS, KINDS
from .errors import MESSAGES, InputError

__all__ = [
    "BASES",
    "CONVENTIONS",
    "KINDS",
    "MESSAGES",
    "InputError",
    "account",
    "compare",
    "exchanges",
    "inverse",
    "linear",
    "rules",
]
