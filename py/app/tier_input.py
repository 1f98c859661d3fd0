"""The brackets box: a tier table typed by hand or pasted from an exchange's API.

What the box means: a typed table (rates in percent, as :func:`app.presets.tiers_text`
writes them) or pasted JSON, both read by :func:`contractcalc.exchanges.parse_tiers`
(whose docstring gives the grammar), its errors landing on the box; an empty box is the
engine's example table for the kind (:func:`example_brackets_text`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from contractcalc import InputError
from contractcalc.exchanges import parse_tiers

from . import assumptions as a
from . import presets

#: Chinese full-width punctuation, read as its ASCII twin (by the risk card's number boxes).
FULL_WIDTH_PUNCTUATION = str.maketrans("，；％", ",;%")


def example_brackets_text(kind: str) -> str:
    """The engine's example tier table for a kind, as the brackets field takes it.

    >>> print(example_brackets_text("linear").splitlines()[1])
    50,000, 0.5
    >>> example_brackets_text("inverse").splitlines()[-1]
    '1,000, 25'
    """
    return presets.tiers_text(a.engine(kind).EXAMPLE_BRACKETS)


def pasted_tiers(raw: str, kind: str) -> dict[str, str]:
    """An exchange API's tier answer pasted into the tier box, as the typed table, its
    basis and whether a cap belongs to its tier (Bybit's, OKX's and KuCoin's do).

    Nothing when the box holds a typed table, or JSON that cannot be read (the card then
    shows why, as it computes).

    >>> pasted = pasted_tiers('[{"symbol": "BTCUSDT", "brackets": [{"notionalFloor": 0, '
    ...     '"notionalCap": 50000, "maintMarginRatio": 0.004, "initialLeverage": 125}]}]',
    ...     "linear")
    >>> pasted
    {'brackets': '0, 0.4, 125', 'tier_basis': 'notional', 'tier_caps': 'exclusive'}
    >>> pasted_tiers("0, 0.4", "linear")
    {}
    """
    if not is_pasted_json(raw):
        return {}
    try:
        tiers = read_tiers(raw, kind, "notional")
    except InputError:
        return {}
    return {
        "brackets": presets.tiers_text(tiers.brackets, tiers.max_leverage),
        "tier_basis": tiers.basis,
        "tier_caps": presets.caps_choice(tiers.inclusive_caps),
    }


def is_pasted_json(raw: str) -> bool:
    """Whether a tier box holds JSON (an exchange API's answer) rather than a typed table."""
    return (raw or "").lstrip()[:1] in {"{", "["}


class TierBox(NamedTuple):
    """What the brackets box holds: the engine's (floor, rate) pairs, what picks a tier,
    each tier's maximum leverage (None where not given) and whether a tier's cap is in it."""

    brackets: list[tuple[float, float]]
    basis: str
    max_leverage: tuple[float | None, ...]
    inclusive_caps: bool


def read_tiers(raw: str, kind: str, basis: str, inclusive_caps: bool = False) -> TierBox:
    """The tier table in the brackets box, what picks a tier, each tier's maximum leverage,
    and whether caps are inclusive.

    A typed table is read with its rates in percent and the chosen ``basis`` and
    ``inclusive_caps``; pasted JSON says its own basis (OKX's tiers go by size) and
    whether each cap belongs to its tier (Bybit's "X or below"). An empty box is the
    engine's example table. Errors land on the box (field ``brackets``).

    >>> read_tiers('[{"symbol": "BTCUSDT", "brackets": [{"notionalFloor": 0, '
    ...            '"maintMarginRatio": 0.004}]}]', "linear", "notional")
    TierBox(brackets=[(0.0, 0.004)], basis='notional', max_leverage=(None,), inclusive_caps=False)
    >>> read_tiers("0, 0.4, 125x\\n50,000, 0.5", "linear", "notional")
    TierBox(brackets=[(0.0, 0.004), (50000.0, 0.005)], basis='notional', \
max_leverage=(125.0, None), inclusive_caps=False)
    >>> read_tiers(" ", "inverse", "notional").brackets[-1]
    (1000.0, 0.25)
    >>> read_tiers("0, 0.4\\n50,000", "linear", "notional")
    Traceback (most recent call last):
    ...
    contractcalc.errors.InputError: brackets: Line 2: write a floor and a maintenance rate, \
and if you like the tier's maximum leverage after them, such as "50,000, 0.5%, 100".
    """
    if not (raw or "").strip():
        example = a.engine(kind).EXAMPLE_BRACKETS
        return TierBox(list(example), basis, (None,) * len(example), inclusive_caps)
    try:
        parsed = parse_tiers(raw, kind, basis=basis, percent=True)
    except InputError as error:
        raise InputError("brackets", error.code, **error.params) from error
    caps = parsed.inclusive_caps if parsed.format != "table" else inclusive_caps
    return TierBox(list(parsed.brackets), parsed.basis, parsed.max_leverage, caps)


def is_example(table: Sequence[tuple[float, float]], kind: str) -> bool:
    example = a.engine(kind).EXAMPLE_BRACKETS
    return len(table) == len(example) and all(
        math.isclose(floor, f, rel_tol=1e-12) and math.isclose(rate, r, rel_tol=1e-12)
        for (floor, rate), (f, r) in zip(table, example, strict=True)
    )
