"""The cross-engine inputs of every card, derived from its declaration: no card is named here.

For each card :mod:`app.cards` registers, each case is applied alone on top of the page's
defaults, compared with CPython, then put back (``test_engines.py``):

- each choice the card reads (its own, its section's shared ones, its rows' first row), set
  to its first option other than the declared default, with the condition that shows the
  field (``Field.show``) set too, so the choice counts;
- every number the card reads, changed at once: a whole number plus one, any other times
  1.1, written with thousands separators (so ratios such as stop to entry keep their side).

The page-wide fields (contract kind, exchange, coin) are left to the tests that switch them.
"""

from __future__ import annotations

from app.assumptions import GLOBAL_FIELDS
from app.calculators import CALCULATORS
from app.layout import GROUPS
from app.spec import Field

_PAGE_WIDE = {spec.name for spec in GLOBAL_FIELDS}


def _changed(default: str) -> str:
    """Another value for a number field: ``30000`` -> ``30,001``, ``0.4`` -> ``0.44``.

    >>> _changed("30000"), _changed("0.4"), _changed("12345.5")
    ('30,001', '0.44', '13,580.1')
    """
    value = float(default.replace(",", ""))
    other = value + 1 if value.is_integer() else value * 1.1
    return f"{other:,.0f}" if other.is_integer() else f"{other:,.6g}"


def _read_fields(card_id: str) -> list[Field]:
    """The fields a card reads, outside the page-wide ones, and its first row's cells."""
    calculator = CALCULATORS[card_id]
    fields = [spec for spec in calculator.fields if spec.name not in _PAGE_WIDE]
    first_row = calculator.row_defaults[0] if calculator.row_defaults else ()
    for column, default in zip(calculator.rows, first_row, strict=False):
        fields.append(Field(f"{column.name}_0", column.kind, column.choices, default=default))
    return fields


def _shared_defaults(card_id: str) -> dict[str, str]:
    """The defaults of the fields a card's section shares (declared on the section)."""
    group = next(group for group in GROUPS if card_id in group.cards)
    return {spec.name: spec.default for spec in group.shared}


def cases(card_id: str) -> list[dict[str, str]]:
    """The sets of inputs for one card, from its declaration (see the module's docstring)."""
    shared = _shared_defaults(card_id)
    found: list[dict[str, str]] = []
    numbers: dict[str, str] = {}
    for spec in _read_fields(card_id):
        default = shared.get(spec.name, spec.default)
        if spec.kind == "choice":
            other = next((option for option in spec.options if option != default), None)
            if other is not None:
                shown = dict([spec.show.split("=", 1)]) if spec.show else {}
                found.append({**shown, spec.name: other})
        elif spec.kind in {"number", "percent"} and default.strip():
            numbers[spec.name] = _changed(default)
    return [*found, numbers] if numbers else found


#: Per card, every registered one: the sets of inputs the engines compute as CPython does.
INPUTS: dict[str, list[dict[str, str]]] = {card_id: cases(card_id) for card_id in CALCULATORS}
