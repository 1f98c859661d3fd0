"""The shape of a calculator on the page: its fields, its compute function, its outcome.

A card's raw field texts are parsed here (numbers via :func:`contractcalc.inputs.parse_number`),
so every calculator module only maps parsed values to contractcalc calls and formatted text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from contractcalc import KINDS, InputError
from contractcalc.inputs import parse_number

FieldKind = Literal["number", "percent", "choice", "text"]
Values = Mapping[str, Any]
#: compute(values, lang) -> {output name: text}; lang is "en" or "zh".
Compute = Callable[[Values, str], dict[str, str]]

_ROW_KEY = re.compile(r"^(?P<column>[a-z_]+)_(?P<index>\d{1,3})$")


@dataclass(frozen=True)
class Field:
    """One input: how it is read, and how the page shows it.

    Reading: ``name`` is the raw key; ``number`` and ``percent`` fields become floats
    (percent 20 -> 0.2) and an empty optional one becomes None; ``choice`` fields must be
    one of ``choices``; ``text`` fields are passed through stripped.

    Showing: ``label`` is the catalogue key of its label (``f.<name>`` by default);
    ``default`` is its example value, and ``inverse_default`` the example for coin-margined
    contracts where it differs; ``unit`` names the unit shown after the label (``money``,
    ``price``, ``size``, ``face``: see :func:`app.page_text.units`); ``show`` is a
    ``"field=value"`` condition for showing it at all; ``lines`` > 0 makes it a text box of
    that many lines; ``wide`` gives it a whole row; ``keyboard`` is the on-screen keyboard a
    phone offers for it, ``max_length`` caps its length. A choice's options are labelled by
    the catalogue's ``o.<choice>``, except those ``option_names`` names (proper names, the
    same in every language) and those ``option_labels`` gives another catalogue key (an
    option whose ``o.<choice>`` labels another field's option of the same value).
    ``normalise(text, kind)``, when given, is the field's own
    reader run as it changes: the texts it returns (by field name, on the same card) replace
    what was typed, e.g. an exchange's pasted tier table written out in the typed form.
    """

    name: str
    kind: FieldKind = "number"
    choices: tuple[str, ...] = ()
    optional: bool = False
    label: str = ""
    default: str = ""
    inverse_default: str | None = None
    unit: str | None = None
    show: str | None = None
    lines: int = 0
    wide: bool = False
    keyboard: Literal["decimal", "text"] = "decimal"
    max_length: int | None = None
    option_names: Mapping[str, str] = field(default_factory=dict)
    option_labels: Mapping[str, str] = field(default_factory=dict)
    normalise: Callable[[str, str], dict[str, str]] | None = None

    @property
    def label_key(self) -> str:
        """The catalogue key of the field's label."""
        return self.label or f"f.{self.name}"

    def option_key(self, option: str) -> str:
        """The catalogue key of an option's label: ``o.<option>`` unless renamed.

        >>> Field("x", "choice", ("a", "b"), option_labels={"b": "o.x_b"}).option_key("b")
        'o.x_b'
        """
        return self.option_labels.get(option, f"o.{option}")

    @property
    def options(self) -> tuple[str, ...]:
        """The choices a person can pick (an empty choice means "left empty", not an option)."""
        return tuple(choice for choice in self.choices if choice)


SlotKind = Literal["why", "note", "warning", "source", "rewards", "chart", "work"]


Sign = Literal["pos", "neg"]


@dataclass(frozen=True)
class Output:
    """One result row: the output's name, its label's catalogue key, and how prominent it is.

    ``signed`` marks a result whose leading ``+`` or ``-`` means a gain or a loss: the
    page colours it by that sign (:func:`signs`); any other result is never coloured.
    """

    name: str
    label: str
    big: bool = False
    copy: bool = True
    signed: bool = False


@dataclass(frozen=True)
class Slot:
    """A free-form output outside the result rows: a sentence, a warning, a chart.

    ``after`` puts it below the result rows instead of above them. A ``work`` slot (the
    card's formulas worked with its numbers, markup from :mod:`app.work`) goes inside
    the card's "How this is computed", before the general formulas.
    """

    name: str
    kind: SlotKind
    after: bool = False


@dataclass(frozen=True)
class Calculator:
    """A card, declared once: what it reads, what it shows, and the compute function.

    ``rows`` declares the columns of a repeating group, each a :class:`Field` parsed by
    its own kind: raw keys ``price_0``, ``size_0``, ``price_1``... are parsed into
    ``values["rows"]``, a list of dicts in index order, each also holding its row's
    index under ``"row"`` (so an error can name the row's cell, ``entry_3``). A row
    whose every typed cell is empty (a choice always holds a value) is skipped.
    ``row_defaults`` holds the example rows, one value per column, and
    ``inverse_row_defaults`` their coin-margined values where those differ.
    ``row_outputs`` are results shown in each row, named ``<name>_<index>``;
    ``add_row`` and ``remove_row`` are the catalogue keys of the rows' buttons;
    ``below_rows`` names the fields shown under the rows instead of above them.

    ``title`` and ``formula`` are catalogue keys (the formula is the guide's, for rule
    cards); ``explains`` names the contractcalc functions whose Notes the card's "How this
    is computed" shows, as ``"module.function"``, with ``"#n"`` to pick the n-th formula of
    several; ``wide`` spans the card across the grid.
    """

    fields: tuple[Field, ...]
    compute: Compute
    rows: tuple[Field, ...] = ()
    title: str = ""
    formula: str = ""
    outputs: tuple[Output, ...] = ()
    slots: tuple[Slot, ...] = ()
    explains: tuple[str, ...] = ()
    row_defaults: tuple[tuple[str, ...], ...] = ()
    inverse_row_defaults: tuple[tuple[str, ...], ...] = ()
    row_outputs: tuple[Output, ...] = ()
    add_row: str = "a.add_fill"
    remove_row: str = "a.remove_fill"
    below_rows: tuple[str, ...] = ()
    wide: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """The names of the repeating rows' columns."""
        return tuple(column.name for column in self.rows)

    def example_rows(self) -> tuple[tuple[tuple[str, str | None], ...], ...]:
        """Each example row's cells as (linear value, coin-margined value or None)."""
        inverse = self.inverse_row_defaults or self.row_defaults
        return tuple(
            tuple(
                (value, None if other == value else other)
                for value, other in zip(row, other_row, strict=True)
            )
            for row, other_row in zip(self.row_defaults, inverse, strict=True)
        )


@dataclass
class Outcome:
    """What a card shows: formatted outputs, or errors keyed by field (or row cell) name.

    ``signs`` colours the outputs declared ``signed`` whose text starts with a sign.
    """

    outputs: dict[str, str] = field(default_factory=dict)
    errors: dict[str, InputError] = field(default_factory=dict)
    signs: dict[str, Sign] = field(default_factory=dict)


def signs(calculator: Calculator, outputs: Mapping[str, str]) -> dict[str, Sign]:
    """The gain or loss colour of each output the card declares ``signed``, by its text's sign.

    A row output's results (``<name>_<index>``) follow its declaration.

    >>> card = Calculator(fields=(), compute=lambda v, lang: {},
    ...     outputs=(Output("pnl", "r.pnl", signed=True), Output("price", "r.price")),
    ...     row_outputs=(Output("move", "r.move", signed=True),))
    >>> signs(card, {"pnl": "-5.00", "price": "-1", "move_0": "+2%", "move_1": "0%"})
    {'pnl': 'neg', 'move_0': 'pos'}
    """
    declared = {o.name for o in calculator.outputs if o.signed}
    in_rows = {o.name for o in calculator.row_outputs if o.signed}
    found: dict[str, Sign] = {}
    for name, text in outputs.items():
        match = _ROW_KEY.match(name)
        if name in declared or (match is not None and match["column"] in in_rows):
            if text.startswith("+"):
                found[name] = "pos"
            elif text.startswith("-"):
                found[name] = "neg"
    return found


def parse_field(spec: Field, raw: str | None) -> Any:
    """Read one field's raw text as its spec says; raise InputError naming the field."""
    text = (raw or "").strip()
    if spec.kind == "choice":
        if text not in spec.choices:
            raise InputError(spec.name, "choice")
        return text
    if spec.kind == "text":
        return text
    if spec.optional and not text:
        return None
    return parse_number(text, spec.name, percent=spec.kind == "percent")


def parse_rows(
    columns: tuple[Field, ...], raw: Mapping[str, str]
) -> tuple[list[dict[str, Any]], dict[str, InputError]]:
    """Collect repeating-row cells (``price_0``, ``size_0``...) into rows, in index order.

    Each cell is parsed by its column's :class:`Field` (errors name the cell,
    ``size_2``); each row also holds its index under ``"row"``.

    >>> spec = (Field("side", "choice", ("long", "short")), Field("size"))
    >>> parse_rows(spec, {"side_0": "long", "size_0": "1", "side_4": "short", "size_4": " "})
    ([{'side': 'long', 'size': 1.0, 'row': 0}], {})
    """
    names = {column.name for column in columns}
    cells: dict[int, dict[str, str]] = {}
    for key, text in raw.items():
        match = _ROW_KEY.match(key)
        if match and match["column"] in names:
            cells.setdefault(int(match["index"]), {})[match["column"]] = text
    rows: list[dict[str, Any]] = []
    errors: dict[str, InputError] = {}
    typed = [column.name for column in columns if column.kind != "choice"]
    for index in sorted(cells):
        row = cells[index]
        if not any((row.get(column) or "").strip() for column in typed):
            continue
        parsed: dict[str, Any] = {}
        for column in columns:
            name = f"{column.name}_{index}"
            try:
                parsed[column.name] = parse_field(replace(column, name=name), row.get(column.name))
            except InputError as error:
                errors[name] = error
        if len(parsed) == len(columns):
            parsed["row"] = index
            rows.append(parsed)
    return rows, errors


def both_kinds(*functions: str) -> tuple[str, ...]:
    """Names for :attr:`Calculator.explains`: each function of linear, then of inverse.

    >>> both_kinds("pnl")
    ('linear.pnl', 'inverse.pnl')
    """
    return tuple(f"{kind}.{name}" for name in functions for kind in KINDS)
