"""Every calculator on the page, by the id its card carries, and :func:`run`, the one entry point.

Pure Python with no browser imports: raw field texts in, formatted results and
per-field errors out, so it is tested on CPython. The page (static/page.js) only
moves text between its fields and :func:`run`, through :mod:`app.session` in a worker.
"""

from __future__ import annotations

from collections.abc import Mapping

from contractcalc import InputError

from .cards import registry
from .spec import Calculator, Outcome, parse_field, parse_rows, signs

#: Every card module's declarations, found by :mod:`app.cards`; :mod:`app.layout` orders them.
CALCULATORS: dict[str, Calculator] = registry()


def run(calculator_id: str, raw: Mapping[str, str], lang: str = "en") -> Outcome:
    """Parse a card's raw field texts, compute, and format.

    Every field is parsed so that each bad one gets its own message; the calculation
    runs only when all parse. An InputError from contractcalc lands on the field it names.

    Examples
    --------
    >>> run("liquidation_move", {"leverage": "20"}).outputs["result"]
    '5.00%'
    >>> run("liquidation_move", {"leverage": "0"}).errors["leverage"].message
    'Must be greater than zero.'
    """
    calculator = CALCULATORS[calculator_id]
    outcome = Outcome()
    values: dict[str, object] = {}
    for spec in calculator.fields:
        try:
            values[spec.name] = parse_field(spec, raw.get(spec.name))
        except InputError as error:
            outcome.errors[spec.name] = error
    if calculator.rows:
        values["rows"], row_errors = parse_rows(calculator.rows, raw)
        outcome.errors.update(row_errors)
    if outcome.errors:
        return outcome
    try:
        outcome.outputs = calculator.compute(values, lang)
        outcome.signs = signs(calculator, outcome.outputs)
    except InputError as error:
        outcome.errors[error.field] = error
    return outcome
