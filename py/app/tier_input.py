"""The brackets box: a tier table typed by hand or pasted from an exchange's API.

Tier tables are typed one bracket per line, ``notional floor, maintenance rate in %``,
optionally followed by the tier's maximum leverage::

    0, 0.4, 125
    50,000, 0.5, 100
    250,000; 1
    1 000 000	2.5%	20x

The floor is in the margin currency (USDT, or the coin for inverse contracts) and may
carry thousands separators (``50,000``, ``50 000``); the values are separated by a tab, a
semicolon, a comma or spaces that are not thousands separators (a comma or space after a
whole number and followed by exactly three digits and then the end or a non-digit groups
thousands; after a number with a decimal point it never does, so ``0.4,125`` is a rate
and a leverage). The maximum leverage may end in "x" or "×". Blank lines are skipped; the
first floor must be 0 and the floors must rise. An empty table means the engine's example
table for the kind (:func:`example_brackets_text`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from contractcalc import InputError
from contractcalc.exchanges import parse_tiers
from contractcalc.inputs import parse_number

from . import assumptions as a
from . import presets
from .spec import text

#: The messages for a bad typed line, with the same ``{params}`` in both languages.
TEXT: Mapping[str, Mapping[str, str]] = {
    "en": {
        "br_fields": (
            'line {line}: write a floor and a rate, such as "50,000, 0.5", and if you '
            'like the tier\'s maximum leverage after them ("50,000, 0.5, 100").'
        ),
        "br_leverage": 'line {line}: the maximum leverage "{text}" must be a number above 0.',
        "br_floor": 'line {line}: the floor "{text}" must be a number of zero or more.',
        "br_rate": (
            'line {line}: the rate "{text}" must be a percentage of at least 0 and below 100.'
        ),
        "br_first": "line {line}: the first floor must be 0.",
        "br_order": "line {line}: each floor must be above the one before.",
    },
    "zh": {
        "br_fields": (
            "第 {line} 行：请填写名义价值下限和维持保证金率，例如“50,000, 0.5”；"
            "可在其后填写该档最大杠杆（“50,000, 0.5, 100”）。"
        ),
        "br_leverage": "第 {line} 行：最大杠杆“{text}”必须是大于 0 的数字。",
        "br_floor": "第 {line} 行：名义价值下限“{text}”必须是大于或等于 0 的数字。",
        "br_rate": "第 {line} 行：维持保证金率“{text}”必须是不小于 0 且小于 100 的百分数。",
        "br_first": "第 {line} 行：第一档的名义价值下限必须为 0。",
        "br_order": "第 {line} 行：每一档的下限都必须高于上一档。",
    },
}

#: A comma or space between digits that groups thousands: followed by exactly three digits.
_GROUPING = re.compile(r"(?<=\d)[, \u00a0\u202f](?=\d{3}(?:\D|$))")
#: The number a grouping separator follows, back to its start.
_NUMBER_BEFORE = re.compile(r"[\d.,\u00a0\u202f ]*$")
#: A maximum leverage's "x" or "×" after its number.
_TIMES = re.compile(r"(?<=\d)[x×X]$")
_BRACKET_SEPARATOR = re.compile(r"[\s,;]+")
#: Chinese full-width punctuation, read as its ASCII twin.
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


def parse_brackets(raw: str, kind: str, lang: str = "en") -> list[tuple[float, float]]:
    """Read a typed tier table's ``(floor, rate)`` pairs (see the module docstring).

    An empty table is the engine's example table for the kind. Each line's maximum
    leverage, where typed, is read (and checked) by :func:`read_tiers`.

    Raises
    ------
    InputError
        (field ``brackets``, code ``brackets``) naming the first bad line in ``detail``.

    Examples
    --------
    >>> parse_brackets("0, 0.4\\n50,000, 0.5\\n250 000; 1%", "linear")
    [(0.0, 0.004), (50000.0, 0.005), (250000.0, 0.01)]
    >>> parse_brackets("0, 0.4\\n50,000", "linear")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    contractcalc.errors.InputError: brackets: The bracket table is invalid: line 2: write \
a floor and a rate, such as "50,000, 0.5", and if you like ...
    """
    return _typed_tiers(raw, kind, lang)[0]


def _ungrouped(line: str) -> str:
    """A line without its thousands separators: those after a whole number only."""

    def join(match: re.Match[str]) -> str:
        number = _NUMBER_BEFORE.search(line[: match.start()])
        return match.group() if number and "." in number.group() else ""

    return _GROUPING.sub(join, line)


def _typed_tiers(
    raw: str, kind: str, lang: str
) -> tuple[list[tuple[float, float]], tuple[float | None, ...]]:
    """The one reader of a typed tier table: its (floor, rate) pairs and each line's
    maximum leverage (None where not typed); the engine's example for an empty table."""
    table: list[tuple[float, float]] = []
    leverages: list[float | None] = []
    for number, line in enumerate((raw or "").splitlines(), start=1):
        cleaned = re.sub(r"\s+%", "%", line.translate(FULL_WIDTH_PUNCTUATION).strip())
        if not cleaned:
            continue

        parts = [part for part in _BRACKET_SEPARATOR.split(_ungrouped(cleaned)) if part]
        if len(parts) not in (2, 3):
            raise _bad_line(lang, number, "br_fields")
        floor_text, rate_text = parts[:2]
        leverages.append(_typed_leverage(parts[2], lang, number) if len(parts) == 3 else None)
        try:
            floor = parse_number(floor_text, "brackets")
        except InputError:
            raise _bad_line(lang, number, "br_floor", text=floor_text) from None
        try:
            rate = parse_number(rate_text, "brackets", percent=True)
        except InputError:
            raise _bad_line(lang, number, "br_rate", text=rate_text) from None
        if floor < 0:
            raise _bad_line(lang, number, "br_floor", text=floor_text)
        if not 0 <= rate < 1:
            raise _bad_line(lang, number, "br_rate", text=rate_text)
        if not table and floor != 0:
            raise _bad_line(lang, number, "br_first")
        if table and floor <= table[-1][0]:
            raise _bad_line(lang, number, "br_order")
        table.append((floor, rate))
    if not table:
        example = a.engine(kind).EXAMPLE_BRACKETS
        return list(example), (None,) * len(example)
    return table, tuple(leverages)


def _typed_leverage(raw: str, lang: str, line: int) -> float:
    """A line's maximum leverage: a number above 0, with or without its "x"."""
    try:
        value = parse_number(_TIMES.sub("", raw), "brackets")
    except InputError:
        raise _bad_line(lang, line, "br_leverage", text=raw) from None
    if not value > 0:
        raise _bad_line(lang, line, "br_leverage", text=raw)
    return value


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


def read_tiers(
    raw: str, kind: str, basis: str, lang: str = "en", inclusive_caps: bool = False
) -> TierBox:
    """The tier table in the brackets box, what picks a tier, each tier's maximum leverage,
    and whether caps are inclusive.

    A typed table is read line by line (see the module docstring) with the chosen
    ``basis`` and ``inclusive_caps``; pasted JSON from an exchange's API by
    :func:`contractcalc.exchanges.parse_tiers`, which also says its basis (OKX's tiers go
    by size) and whether each cap belongs to its tier (Bybit's "X or below"). Its errors
    land on the box.

    >>> read_tiers('[{"symbol": "BTCUSDT", "brackets": [{"notionalFloor": 0, '
    ...            '"maintMarginRatio": 0.004}]}]', "linear", "notional")
    TierBox(brackets=[(0.0, 0.004)], basis='notional', max_leverage=(None,), inclusive_caps=False)
    >>> read_tiers("0, 0.4, 125x\\n50,000, 0.5", "linear", "notional").max_leverage
    (125.0, None)
    """
    if not is_pasted_json(raw):
        table, leverages = _typed_tiers(raw, kind, lang)
        return TierBox(table, basis, leverages, inclusive_caps)
    try:
        parsed = parse_tiers(raw, kind)
    except InputError as error:
        raise InputError("brackets", error.code, **error.params) from error
    return TierBox(list(parsed.brackets), parsed.basis, parsed.max_leverage, parsed.inclusive_caps)


def _bad_line(lang: str, line: int, key: str, **params: str) -> InputError:
    """The brackets error for one typed line, its detail in the card's language."""
    detail = text(TEXT, key, lang, line=line, **params)
    return InputError("brackets", "brackets", detail=detail)


def is_example(table: Sequence[tuple[float, float]], kind: str) -> bool:
    example = a.engine(kind).EXAMPLE_BRACKETS
    return len(table) == len(example) and all(
        math.isclose(floor, f, rel_tol=1e-12) and math.isclose(rate, r, rel_tol=1e-12)
        for (floor, rate), (f, r) in zip(table, example, strict=True)
    )
