"""What the page's Python does for the page, as data: field texts in, what to show out.

Python runs in a web worker (static/worker.mjs); the page's main thread only reads its
fields and renders what comes back (static/page.js), so it never waits for Python. Both
directions are plain JSON, so everything here runs, and is tested, on CPython.

The page's fields travel as one flat mapping, keyed as the page's saved state (the URL
fragment) keys them: a toolbar field by its name (``kind``, ``exchange``, ``coin``), a
section's shared field as ``<section>.<name>`` (``rules.fee``), a card's field as
``<card>.<name>`` (``pnl.entry``), and a repeating row's cell as ``<card>.<column>_<n>``
(``average.price_3``). The page's language travels beside them.

The page keeps its own state (the URL fragment, localStorage): it restores a saved state
into its fields before Python is ready. An answer (:func:`update`) says:

- ``fields``: texts to put into fields (an exchange's figures, a pasted tier table read
  into the typed form);
- ``cards``: for each card computed, its outputs (texts, or markup where the element
  says ``data-markup``) and its errors (the message, by field or row-cell name);
- ``page``: when the toolbar or the language changed, the page-wide texts: the unit
  labels (``units``), the chosen exchange's note (``exchange``: sentence, the word that
  introduces its sources, and the sources as (name, URL) pairs) and the messages of the
  toolbar's fields (``errors``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from contractcalc import tier_data

from . import presets, work
from .assumptions import GLOBAL_FIELDS, units
from .calculators import CALCULATORS, run
from .i18n import message
from .layout import GROUPS

#: The toolbar fields the cards read (contract kind, exchange, coin).
CARD_GLOBALS = tuple(spec.name for spec in GLOBAL_FIELDS)
#: Every card by its section.
_GROUP_OF_CARD = {card_id: group for group in GROUPS for card_id in group.cards}
_GROUP_IDS = {group.id for group in GROUPS}
#: The most rows a card keeps (the page's [data-rows] says so to static/page.js).
MAX_ROWS = 50

Answer = dict[str, Any]


def _scope(key: str) -> tuple[str, str]:
    """A field key's scope (a card, a section, or "" for the toolbar) and its field name."""
    scope, _, name = key.rpartition(".")
    return scope, name


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


def card_view(
    card_id: str, values: Mapping[str, str], lang: str, explained: bool = True
) -> dict[str, Any]:
    """What a card shows for these fields: its outputs and its errors' messages.

    Unless ``explained``, its worked formula is left empty (:func:`app.work.drawing`).

    >>> view = card_view("liquidation_move", {"rules.leverage": "0"}, "en")
    >>> view["errors"]
    {'leverage': 'Must be greater than zero.'}
    """
    with work.drawing(explained):
        outcome = run(card_id, card_raw(card_id, values), lang)
    return {
        "outputs": outcome.outputs,
        "signs": outcome.signs,
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


def _cards_reading(key: str) -> list[str]:
    """The cards a change of this field affects: its card, its section's, or every card."""
    scope, _ = _scope(key)
    if scope == "" or key == "*":
        return list(CALCULATORS)
    if scope in _GROUP_IDS:
        return list(next(group for group in GROUPS if group.id == scope).cards)
    return [scope] if scope in CALCULATORS else []


def _exchange_texts(values: Mapping[str, str]) -> dict[str, str]:
    """The texts the chosen exchange sets in every card's and section's fields."""
    texts = presets.field_texts(
        values.get("exchange", ""), values.get("kind", ""), values.get("coin", "").upper()
    )
    return {
        key: texts[name]
        for key in values
        for scope, name in [_scope(key)]
        if scope and name in texts and values[key] != texts[name]
    }


def _normalised(key: str, values: Mapping[str, str]) -> dict[str, str]:
    """The texts a field's own reader puts back (a pasted exchange table, typed out)."""
    card_id, name = _scope(key)
    calculator = CALCULATORS.get(card_id)
    spec = next((f for f in calculator.fields if f.name == name), None) if calculator else None
    if spec is None or spec.normalise is None:
        return {}
    updates = spec.normalise(values[key], values.get("kind", ""))
    return {f"{card_id}.{field_name}": text for field_name, text in updates.items()}


def update(
    values: Mapping[str, str],
    lang: str,
    changed: Iterable[str] = (),
    cards: Iterable[str] = (),
    page: bool = False,
    explained: Iterable[str] | None = None,
) -> Answer:
    """Fields changed: apply what they imply, and compute every card that reads them.

    ``changed`` names the changed fields' keys (``"lang"`` for the language, ``"*"`` for
    everything, as after Reset): a toolbar field fills the chosen exchange's figures for
    the chosen contract into every field it has one for; a field with its own reader
    (:attr:`app.spec.Field.normalise`) has it read. ``cards`` are computed too (the cards
    a person changed while Python loaded), and ``page`` asks for the page-wide texts,
    which a change of the toolbar or the language also brings. Only the ``explained``
    cards (those whose "How this is computed" is open; every card if None) draw their
    worked formula: nobody sees the others', and drawing is most of a card's time.

    >>> answer = update({"rules.leverage": "25"}, "en", changed=["rules.leverage"])
    >>> answer["cards"]["liquidation_move"]["outputs"]["result"]
    '4.00%'
    >>> sorted(answer)
    ['cards', 'fields']
    """
    values = dict(values)
    fields: dict[str, str] = {}
    computed = list(cards)
    for key in changed:
        if key in CARD_GLOBALS:
            fields.update(_exchange_texts(values))
        elif key in values:
            fields.update(_normalised(key, values))
        values.update(fields)
        page = page or key in {*CARD_GLOBALS, "lang", "*"}
        computed.extend(CALCULATORS if key == "lang" else _cards_reading(key))
    shown = None if explained is None else set(explained)
    views = {
        card_id: card_view(card_id, values, lang, shown is None or card_id in shown)
        for card_id in dict.fromkeys(computed)
    }
    answer: Answer = {"fields": fields, "cards": views}
    if page:
        answer["page"] = page_view(values, lang, views)
    return answer


#: How :func:`handle`'s answer starts when it asks for a data file instead.
NEED = '{"need":'


def handle(payload: str) -> str:
    """The worker's one entry point: :func:`update`'s arguments as JSON, its answer as JSON.

    If the answer needs a stored tier file that is not loaded yet (it travels apart from
    the page's Python, :mod:`contractcalc.tier_data`), the answer is instead
    ``{"need":["<exchange>-<kind>"]}`` (it starts with :data:`NEED`): the worker fetches
    that file, hands it to :func:`supply` and calls again with the same payload.

    >>> answer = json.loads(handle(json.dumps({"values": {"rules.leverage": "0"}, "lang": "zh",
    ...     "changed": ["rules.leverage"]})))
    >>> answer["cards"]["liquidation_move"]["errors"]
    {'leverage': '必须大于零。'}
    """
    try:
        answer: Answer = update(**json.loads(payload))
    except tier_data.TablesNotLoaded as missing:
        answer = {"need": [missing.name]}
    return json.dumps(answer, ensure_ascii=False, separators=(",", ":"))


def supply(name: str, text: str | None) -> None:
    """A tier data file :func:`handle` asked for: its text, or None if it could not be had."""
    tier_data.supply(name, text)
