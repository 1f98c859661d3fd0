"""What the page's Python does for the page, as data: field texts in, what to show out.

Python runs in a web worker (static/worker.mjs); the page's main thread only reads its
fields and renders what comes back (static/page.js), so it never waits for Python. Both
directions are plain JSON, so everything here runs, and is tested, on CPython.

The page's fields travel as one flat mapping, keyed as the saved state keys them
(:mod:`app.state`): a toolbar field by its name (``kind``, ``exchange``, ``coin``), a
section's shared field as ``<section>.<name>`` (``rules.fee``), a card's field as
``<card>.<name>`` (``pnl.entry``), and a repeating row's cell as ``<card>.<column>_<n>``
(``average.price_3``). The page's language travels beside them.

A :class:`Session` holds what the page was built with (its fields' default texts), so
that it can tell what a person changed: which cards to compute when Python starts, and
what the saved state (the URL fragment, localStorage) must hold.

Answers (:meth:`Session.start`, :meth:`Session.update`) say:

- ``fields``: texts to put into fields (a saved state restored, an exchange's figures,
  a pasted tier table read into the typed form);
- ``rows``: for a card whose rows a saved state replaces, each row's cells by column;
- ``cards``: for each card computed, its outputs (texts, or markup where the element
  says ``data-markup``) and its errors (the message, by field or row-cell name);
- ``page``: when the toolbar or the language changed, the page-wide texts: the unit
  labels (``units``), the chosen exchange's note (``exchange``: sentence, the word that
  introduces its sources, and the sources as (name, URL) pairs) and the messages of the
  toolbar's fields (``errors``);
- ``state``: the saved state's text for the fields as they now are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import presets, state
from .assumptions import GLOBAL_FIELDS, units
from .calculators import CALCULATORS, run
from .i18n import message
from .layout import GROUPS

#: The toolbar fields the cards read (contract kind, exchange, coin).
CARD_GLOBALS = tuple(spec.name for spec in GLOBAL_FIELDS)
#: Every card by its section.
_GROUP_OF_CARD = {card_id: group for group in GROUPS for card_id in group.cards}
_GROUP_IDS = {group.id for group in GROUPS}
#: The cards with repeating rows, and the most rows a card keeps.
ROW_CARDS = tuple(card_id for card_id, calculator in CALCULATORS.items() if calculator.rows)
MAX_ROWS = 50

Answer = dict[str, Any]


def _scope(key: str) -> tuple[str, str]:
    """A field key's scope (a card, a section, or "" for the toolbar) and its field name."""
    scope, _, name = key.rpartition(".")
    return scope, name


def _row_column(card_id: str, name: str) -> str | None:
    """The column of a row cell's name (``price_3`` -> ``price``), None for other fields."""
    column, _, index = name.rpartition("_")
    if index.isdigit() and column in CALCULATORS[card_id].columns:
        return column
    return None


def card_raw(card_id: str, values: Mapping[str, str]) -> dict[str, str]:
    """One card's raw field texts as :func:`app.calculators.run` reads them.

    >>> card_raw("pnl", {"kind": "linear", "pnl.entry": "100", "rules.fee": "1"})["entry"]
    '100'
    """
    raw = {name: values.get(name, "") for name in CARD_GLOBALS}
    group = _GROUP_OF_CARD[card_id]
    for key, value in values.items():
        scope, name = _scope(key)
        if scope == card_id or (scope == group.id and scope != ""):
            raw[name] = value
    return raw


def card_view(card_id: str, values: Mapping[str, str], lang: str) -> dict[str, Any]:
    """What a card shows for these fields: its outputs and its errors' messages.

    >>> view = card_view("liquidation_move", {"rules.leverage": "0"}, "en")
    >>> view["errors"]
    {'leverage': 'Must be greater than zero.'}
    """
    outcome = run(card_id, card_raw(card_id, values), lang)
    return {
        "outputs": outcome.outputs,
        "errors": {name: message(error, lang) for name, error in outcome.errors.items()},
    }


def page_view(values: Mapping[str, str], lang: str, views: Mapping[str, Any]) -> dict[str, Any]:
    """The page-wide texts: unit labels, the exchange's note, the toolbar's field errors."""
    kind, coin = values.get("kind", ""), values.get("coin", "").strip().upper()
    sentence, sources = presets.note(values.get("exchange", ""), kind, coin, lang)
    word, links = presets.source_links(sources, lang)
    errors: dict[str, str] = {}
    for view in views.values():
        errors.update({n: m for n, m in view["errors"].items() if n in CARD_GLOBALS})
    return {
        "units": units(kind, coin, lang),
        "exchange": {"sentence": sentence, "word": word, "links": [list(link) for link in links]},
        "errors": errors,
    }


@dataclass
class Session:
    """The page's Python side: the built page's defaults, and the answers to its requests."""

    defaults: dict[str, str] = field(default_factory=dict)

    # ------------------------------------------------------------- what changed

    def _rows_are_examples(self, card_id: str, values: Mapping[str, str]) -> bool:
        """The card still holds its example rows as built, untouched."""

        def rows(source: Mapping[str, str]) -> dict[str, str]:
            return {
                key: value
                for key, value in source.items()
                if _scope(key)[0] == card_id and _row_column(card_id, _scope(key)[1])
            }

        return rows(values) == rows(self.defaults)

    def saved_state(self, values: Mapping[str, str]) -> dict[str, str]:
        """What the saved state holds: every field changed from its built text.

        A card's rows are saved whole once anything in them changed (a row added,
        removed or edited), and not at all while they are the examples as built.
        """
        saved = {}
        for key, value in values.items():
            scope, name = _scope(key)
            in_rows = scope in ROW_CARDS and _row_column(scope, name) is not None
            if value != self.defaults.get(key) or in_rows:
                saved[key] = value
        for card_id in ROW_CARDS:
            if self._rows_are_examples(card_id, values):
                saved = {
                    key: value
                    for key, value in saved.items()
                    if not (_scope(key)[0] == card_id and _row_column(card_id, _scope(key)[1]))
                }
        return saved

    def _cards_changed(self, values: Mapping[str, str]) -> list[str]:
        """The cards whose fields (their own, or their section's) differ from the built page."""
        if any(values.get(name) != self.defaults.get(name) for name in CARD_GLOBALS):
            return list(CALCULATORS)
        changed_scopes = {
            _scope(key)[0] for key, value in values.items() if value != self.defaults.get(key)
        }
        return [
            card_id
            for card_id in CALCULATORS
            if card_id in changed_scopes or _GROUP_OF_CARD[card_id].id in changed_scopes
        ]

    @staticmethod
    def _cards_reading(key: str) -> list[str]:
        """The cards a change of this field affects."""
        scope, _ = _scope(key)
        if scope == "" or key == "*":
            return list(CALCULATORS)
        if scope in _GROUP_IDS:
            return list(next(group for group in GROUPS if group.id == scope).cards)
        return [scope] if scope in CALCULATORS else []

    # ------------------------------------------------------------- changing fields

    @staticmethod
    def _exchange_texts(values: Mapping[str, str]) -> dict[str, str]:
        """The texts the chosen exchange sets in every card's and section's fields."""
        texts = presets.field_texts(
            values.get("exchange", ""), values.get("kind", ""), values.get("coin", "").upper()
        )
        return {
            key: texts[_scope(key)[1]]
            for key in values
            if _scope(key)[0] and _scope(key)[1] in texts and values[key] != texts[_scope(key)[1]]
        }

    @staticmethod
    def _normalised(key: str, values: Mapping[str, str]) -> dict[str, str]:
        """The texts a field's own reader puts back (a pasted exchange table, typed out)."""
        card_id, name = _scope(key)
        calculator = CALCULATORS.get(card_id)
        spec = next((f for f in calculator.fields if f.name == name), None) if calculator else None
        if spec is None or spec.normalise is None:
            return {}
        updates = spec.normalise(values[key], values.get("kind", ""))
        return {f"{card_id}.{field_name}": text for field_name, text in updates.items()}

    # ------------------------------------------------------------- answers

    def _answer(
        self,
        values: dict[str, str],
        lang: str,
        cards: Iterable[str],
        fields: dict[str, str],
        whole_page: bool,
    ) -> Answer:
        views = {card_id: card_view(card_id, values, lang) for card_id in dict.fromkeys(cards)}
        answer: Answer = {
            "fields": fields,
            "cards": views,
            "state": state.encode(self.saved_state(values)),
        }
        if whole_page:
            answer["page"] = page_view(values, lang, views)
        return answer

    def start(
        self, values: Mapping[str, str], defaults: Mapping[str, str], lang: str, saved: str
    ) -> Answer:
        """Python is ready: restore the saved state, and compute what differs from the build.

        ``values`` are the fields as they are now (a person may have typed while Python
        loaded), ``defaults`` as the page was built, ``saved`` the saved state's text (the
        URL fragment, else localStorage's). A field already edited keeps its text; the
        saved state fills the others; an exchange chosen before Python was ready fills its
        figures. Every card whose inputs differ from the built page, or every card when
        the language is not the built page's English, is computed.
        """
        self.defaults = dict(defaults)
        values = dict(values)
        restored = state.decode(saved)
        fields = {
            key: text
            for key, text in restored.items()
            if key in values and values[key] == self.defaults.get(key)
        }
        rows: dict[str, list[dict[str, str]]] = {}
        for card_id in ROW_CARDS:
            cells: dict[int, dict[str, str]] = {}
            for key, text in restored.items():
                scope, name = _scope(key)
                column = _row_column(card_id, name) if scope == card_id else None
                if column is not None:
                    cells.setdefault(int(name.rpartition("_")[2]), {})[column] = text
            if cells and self._rows_are_examples(card_id, values):
                rows[card_id] = [cells[index] for index in sorted(cells)][:MAX_ROWS]
                values = {
                    key: text
                    for key, text in values.items()
                    if not (_scope(key)[0] == card_id and _row_column(card_id, _scope(key)[1]))
                }
                for index, row in enumerate(rows[card_id]):
                    for column in CALCULATORS[card_id].columns:
                        values[f"{card_id}.{column}_{index}"] = row.get(column, "")
        values.update(fields)
        if values.get("exchange") != self.defaults.get("exchange") and "exchange" not in fields:
            exchange_texts = self._exchange_texts(values)
            values.update(exchange_texts)
            fields.update(exchange_texts)
        cards = list(CALCULATORS) if lang != "en" else self._cards_changed(values)
        answer = self._answer(values, lang, cards, fields, whole_page=True)
        answer["rows"] = rows
        return answer

    def update(self, values: Mapping[str, str], lang: str, changed: Iterable[str]) -> Answer:
        """Fields changed: apply what they imply, and compute every card that reads them.

        ``changed`` names the changed fields' keys; ``"lang"`` for the language, ``"*"``
        for everything (the page was reset). A toolbar field fills the chosen exchange's
        figures for the chosen contract into every field it has one for.
        """
        values = dict(values)
        fields: dict[str, str] = {}
        cards: list[str] = []
        whole_page = False
        for key in changed:
            if key in CARD_GLOBALS:
                fields.update(self._exchange_texts(values))
            elif key in values:
                fields.update(self._normalised(key, values))
            values.update(fields)
            whole_page = whole_page or key in {*CARD_GLOBALS, "lang", "*"}
            cards.extend(CALCULATORS if key == "lang" else self._cards_reading(key))
        return self._answer(values, lang, cards, fields, whole_page)


_SESSION = Session()


def handle(call: str, payload: str) -> str:
    """The worker's one entry point: a call's name and its JSON arguments, a JSON answer.

    >>> answer = json.loads(handle("update", json.dumps(
    ...     {"values": {"rules.leverage": "25"}, "lang": "en", "changed": ["rules.leverage"]})))
    >>> answer["cards"]["liquidation_move"]["outputs"]["result"]
    '4.00%'
    """
    arguments = json.loads(payload)
    if call == "start":
        answer = _SESSION.start(
            arguments["values"], arguments["defaults"], arguments["lang"], arguments["saved"]
        )
    elif call == "update":
        answer = _SESSION.update(arguments["values"], arguments["lang"], arguments["changed"])
    else:
        raise ValueError(f"no such call: {call}")
    return json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
