"""The shape of a calculator on the page: its fields, its compute function, its outcome.

A card's raw field texts are parsed here (numbers via :func:`contractcalc.inputs.parse_number`),
so every calculator module only maps parsed values to contractcalc calls and formatted text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from contractcalc import InputError
from contractcalc.inputs import parse_number

FieldKind = Literal["number", "percent", "choice", "text"]
Values = Mapping[str, Any]
#: compute(values, lang) -> {output name: text}; lang is "en" or "zh".
Compute = Callable[[Values, str], dict[str, str]]

_ROW_KEY = re.compile(r"^(?P<column>[a-z_]+)_(?P<index>\d{1,3})$")


@dataclass(frozen=True)
class Field:
    """One input: its name (the raw key), how it is read, and whether it may be left empty.

    ``number`` and ``percent`` fields become floats (percent 20 -> 0.2); an empty optional
    one becomes None. ``choice`` fields must be one of ``choices``; ``text`` fields are
    passed through stripped.
    """

    name: str
    kind: FieldKind = "number"
    choices: tuple[str, ...] = ()
    optional: bool = False


@dataclass(frozen=True)
class Calculator:
    """A card: fields, optional repeating rows (e.g. fills), and the compute function.

    ``rows`` names the columns of a repeating group: raw keys ``price_0``, ``size_0``,
    ``price_1``... are parsed as numbers into ``values["rows"]``, a list of dicts in
    index order. A row whose every cell is empty is skipped.
    """

    fields: tuple[Field, ...]
    compute: Compute
    rows: tuple[str, ...] = ()


@dataclass
class Outcome:
    """What a card shows: formatted outputs, or errors keyed by field (or row cell) name."""

    outputs: dict[str, str] = field(default_factory=dict)
    errors: dict[str, InputError] = field(default_factory=dict)


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
    columns: tuple[str, ...], raw: Mapping[str, str]
) -> tuple[list[dict[str, float]], dict[str, InputError]]:
    """Collect repeating-row cells (``price_0``, ``size_0``...) into rows, in index order."""
    cells: dict[int, dict[str, str]] = {}
    for key, text in raw.items():
        match = _ROW_KEY.match(key)
        if match and match["column"] in columns:
            cells.setdefault(int(match["index"]), {})[match["column"]] = text
    rows: list[dict[str, float]] = []
    errors: dict[str, InputError] = {}
    for index in sorted(cells):
        row = cells[index]
        if not any((row.get(column) or "").strip() for column in columns):
            continue
        parsed: dict[str, float] = {}
        for column in columns:
            name = f"{column}_{index}"
            try:
                parsed[column] = parse_number(row.get(column, ""), name)
            except InputError as error:
                errors[name] = error
        if len(parsed) == len(columns):
            rows.append(parsed)
    return rows, errors


def text(table: Mapping[str, Mapping[str, str]], key: str, lang: str, **params: Any) -> str:
    """A phrase from a module's ``{"en": {...}, "zh": {...}}`` table, English if untranslated."""
    template = table.get(lang, {}).get(key) or table["en"][key]
    return template.format(**params)
