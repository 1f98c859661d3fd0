"""What each calculator on the page reads, which contractcalc function it calls, and what it shows.

Pure Python with no browser imports: it takes the raw text of a card's fields and
returns formatted results and per-field errors, so it is tested on CPython. The DOM
code (:mod:`app.dom`) only moves text between the page and :func:`run`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from contractcalc import InputError, rules
from contractcalc.inputs import parse_number

from . import format as fmt

Values = Mapping[str, float]


@dataclass(frozen=True)
class Field:
    """One input of a calculator: its argument name and whether it is typed as a percent."""

    name: str
    percent: bool = False


@dataclass(frozen=True)
class Calculator:
    """A card: its fields and the function from parsed values to formatted outputs."""

    fields: tuple[Field, ...]
    compute: Callable[[Values], dict[str, str]]


@dataclass
class Outcome:
    """What a card shows after a change: formatted outputs, or errors keyed by field name."""

    outputs: dict[str, str] = field(default_factory=dict)
    errors: dict[str, InputError] = field(default_factory=dict)


def _target_change(v: Values) -> dict[str, str]:
    change = rules.target_change(v["open_price"], v["target_price"])
    return {"result": fmt.signed(fmt.percent(change), change)}


def _liquidation_move(v: Values) -> dict[str, str]:
    return {"result": fmt.percent(rules.liquidation_move(v["leverage"]))}


def _leverage_for_stop(v: Values) -> dict[str, str]:
    return {"result": fmt.leverage(rules.leverage_for_stop(v["stop_fraction"]))}


def _leverage_for_stop_price(v: Values) -> dict[str, str]:
    return {"result": fmt.leverage(rules.leverage_for_stop_price(v["open_price"], v["stop_price"]))}


def _coin_long_profit(v: Values) -> dict[str, str]:
    profit = rules.coin_long_profit(v["principal"], v["leverage"], v["rise"])
    return {"result": fmt.signed(fmt.number(profit), profit)}


def _coin_short_profit(v: Values) -> dict[str, str]:
    profit = rules.coin_short_profit(v["principal"], v["leverage"], v["fall"])
    return {"result": fmt.signed(fmt.number(profit), profit)}


def _usdt_profit(v: Values) -> dict[str, str]:
    profit = rules.usdt_profit(v["principal"], v["leverage"], v["change"])
    return {"result": fmt.signed(fmt.money(profit, "USDT"), profit)}


CALCULATORS: dict[str, Calculator] = {
    "target_change": Calculator((Field("open_price"), Field("target_price")), _target_change),
    "liquidation_move": Calculator((Field("leverage"),), _liquidation_move),
    "leverage_for_stop": Calculator((Field("stop_fraction", percent=True),), _leverage_for_stop),
    "leverage_for_stop_price": Calculator(
        (Field("open_price"), Field("stop_price")), _leverage_for_stop_price
    ),
    "coin_long_profit": Calculator(
        (Field("principal"), Field("leverage"), Field("rise", percent=True)), _coin_long_profit
    ),
    "coin_short_profit": Calculator(
        (Field("principal"), Field("leverage"), Field("fall", percent=True)), _coin_short_profit
    ),
    "usdt_profit": Calculator(
        (Field("principal"), Field("leverage"), Field("change", percent=True)), _usdt_profit
    ),
}


def run(calculator_id: str, raw: Mapping[str, str]) -> Outcome:
    """Parse a card's raw field texts, compute, and format.

    Every field is parsed so that each bad one gets its own message; the formula
    runs only when all parse.

    Examples
    --------
    >>> run("liquidation_move", {"leverage": "20"}).outputs
    {'result': '5.00%'}
    >>> run("liquidation_move", {"leverage": "0"}).errors["leverage"].message
    'Must be greater than zero.'
    """
    calculator = CALCULATORS[calculator_id]
    outcome = Outcome()
    values: dict[str, float] = {}
    for spec in calculator.fields:
        try:
            values[spec.name] = parse_number(
                raw.get(spec.name, ""), spec.name, percent=spec.percent
            )
        except InputError as error:
            outcome.errors[spec.name] = error
    if outcome.errors:
        return outcome
    try:
        outcome.outputs = calculator.compute(values)
    except InputError as error:
        outcome.errors[error.field] = error
    return outcome
