"""The only code that touches the page: read fields, run calculators, write results and errors.

Conventions of the markup (index.html):

- every calculator is a ``<section data-calc=ID>`` whose fields are named after the
  raw keys :func:`app.calculators.run` reads; outputs are ``[data-out=NAME]`` and a
  field's message goes in ``[data-error-for=NAME]``;
- page-wide fields (contract kind, coin, language) live in ``[data-global]``, the
  rule cards' shared assumptions in ``[data-shared]``;
- ``[data-show="name=value"]`` shows an element only while that field has that value;
- ``[data-i18n=KEY]`` texts and ``[data-i18n-label=KEY]`` labels are translated.

The state of every field lives in the URL fragment and in localStorage
(:mod:`app.state`), so a link reopens the same calculation.
"""

from __future__ import annotations

import asyncio
from typing import Any

from contractcalc import InputError
from pyodide.ffi import JsException, JsNull, create_once_callable, create_proxy
from pyscript import document, window

from . import presets, state
from .assumptions import GLOBAL_FIELDS, units
from .calculators import CALCULATORS, run
from .catalogue import phrase
from .i18n import message
from .risk import example_brackets_text, is_pasted_json, read_tiers

STATE_KEY = "contractcalc.state"
LANG_KEY = "contractcalc.lang"
FIELDS = "input[name], select[name], textarea[name]"
#: The toolbar's fields the cards read (contract kind, exchange, coin).
CARD_GLOBALS = tuple(field.name for field in GLOBAL_FIELDS)
#: Every toolbar field: those, and the page's language.
TOOLBAR = (*CARD_GLOBALS, "lang")
MAX_ROWS = 50
#: The cards with repeating rows (the average card's fills, the account's positions).
ROW_CARDS = tuple(card_id for card_id, calculator in CALCULATORS.items() if calculator.rows)


# ----------------------------------------------------------------- reading the page


def _found(element: Any) -> Any | None:
    """A DOM lookup's result, with JavaScript's null (a JsNull here) as None."""
    return None if element is None or isinstance(element, JsNull) else element


def _find(root: Any, selector: str) -> Any | None:
    return _found(root.querySelector(selector))


def _closest(element: Any, selector: str) -> Any | None:
    return _found(element.closest(selector))


def _fields(root: Any) -> list[Any]:
    return list(root.querySelectorAll(FIELDS))


def _global(name: str) -> Any:
    return _find(document, f'[data-global] [name="{name}"]')


def _lang() -> str:
    return "zh" if _global("lang").value == "zh" else "en"


def _raw_values(card: Any) -> dict[str, str]:
    raw = {name: _global(name).value for name in CARD_GLOBALS}
    group = _closest(card, ".group")
    shared = _find(group, "[data-shared]") if group is not None else None
    if shared is not None:
        raw.update({element.name: element.value for element in _fields(shared)})
    raw.update({element.name: element.value for element in _fields(card)})
    return raw


def _cards() -> list[Any]:
    return list(document.querySelectorAll("[data-calc]"))


# ----------------------------------------------------------------- writing results


def _show(card: Any) -> None:
    lang = _lang()
    raw = _raw_values(card)
    outcome = run(card.dataset.calc, raw, lang)
    had_errors = bool(outcome.errors)
    for slot in card.querySelectorAll("[data-error-for]"):
        error = outcome.errors.pop(slot.dataset.errorFor, None)
        slot.textContent = message(error, lang) if error is not None else ""
        target = _find(card, f'[name="{slot.dataset.errorFor}"]')
        if target is not None:
            if error is None:
                target.removeAttribute("aria-invalid")
            else:
                target.setAttribute("aria-invalid", "true")
    # Errors on page-wide fields (the coin) or on no visible field go to the status line.
    for name, error in outcome.errors.items():
        slot = _find(document, f'[data-global] [data-error-for="{name}"]')
        if slot is not None:
            slot.textContent = message(error, lang)
            _global(name).setAttribute("aria-invalid", "true")
    for element in card.querySelectorAll("[data-out]"):
        text = outcome.outputs.get(element.dataset.out, "")
        if element.dataset.out == "chart":
            element.innerHTML = text  # SVG built by app.chart from numbers and our own labels
        elif element.tagName == "OUTPUT":
            element.textContent = text or "—"
            element.hidden = not text and not had_errors  # not applicable here
            _mark(element, "data-empty", not text)
            sign = "neg" if text.startswith("-") else "pos" if text.startswith("+") else ""
            if sign:
                element.setAttribute("data-sign", sign)
            else:
                element.removeAttribute("data-sign")
        else:
            element.textContent = text
        if element.tagName != "OUTPUT":
            element.hidden = not text
    has_error = bool(_find(card, '[aria-invalid="true"]'))
    card.classList.toggle("has-error", has_error)
    _apply_visibility(card, raw)


def _mark(element: Any, attribute: str, on: bool) -> None:
    if on:
        element.setAttribute(attribute, "")
    else:
        element.removeAttribute(attribute)


def _apply_visibility(card: Any, raw: dict[str, str]) -> None:
    for element in card.querySelectorAll("[data-show]"):
        name, _, wanted = element.dataset.show.partition("=")
        element.hidden = raw.get(name) != wanted


def _clear_global_errors() -> None:
    for name in TOOLBAR:
        slot = _find(document, f'[data-global] [data-error-for="{name}"]')
        if slot is not None:
            slot.textContent = ""
        _global(name).removeAttribute("aria-invalid")


def _show_all() -> None:
    _clear_global_errors()
    lang = _lang()
    unit_text = units(_global("kind").value, _coin(), lang)
    for element in document.querySelectorAll("[data-unit]"):
        element.textContent = unit_text.get(element.dataset.unit, "")
    document.body.dataset.kind = _global("kind").value
    brackets = _find(document, '[data-calc="liquidation"] [name="brackets"]')
    if brackets is not None:
        brackets.placeholder = example_brackets_text(_global("kind").value)
    _show_exchange_note()
    for card in _cards():
        _show(card)


def _show_exchange_note() -> None:
    """Say which figures the chosen exchange set, when it published them, and where."""
    slot = _find(document, '[data-out-global="exchange"]')
    sentence, sources = presets.note(
        _global("exchange").value, _global("kind").value, _coin(), _lang()
    )
    word, links = presets.source_links(sources, _lang())
    slot.textContent = f"{sentence} {word}" if links else sentence
    for name, url in links:
        link = document.createElement("a")
        link.href = url
        link.rel = "noreferrer"
        link.textContent = name
        slot.append(link)
    slot.hidden = not sentence


def _coin() -> str:
    return str(_global("coin").value).strip().upper()


def _apply_exchange() -> None:
    """Fill every field the chosen exchange has a figure for, for the chosen contract."""
    texts = presets.field_texts(_global("exchange").value, _global("kind").value, _coin())
    for element in document.querySelectorAll("[data-calc] [name], [data-shared] [name]"):
        if element.name in texts:
            _set_value(element, texts[element.name])


def _read_pasted_tiers(box: Any) -> None:
    """Turn an exchange API's tier JSON pasted into the tier box into the typed table.

    What cannot be read stays in the box, and the card shows why.
    """
    if not is_pasted_json(box.value):
        return
    card = _closest(box, "[data-calc]")
    try:
        table, basis = read_tiers(box.value, _global("kind").value, "notional")
    except InputError:
        return
    box.value = presets.tiers_text(table)
    basis_field = _find(card, '[name="tier_basis"]')
    if basis_field is not None:
        _set_value(basis_field, basis)


def _notify(key: str) -> None:
    _find(document, '[data-out-global="notice"]').textContent = phrase(key, _lang())


# ----------------------------------------------------------------- language


def _apply_language(lang: str) -> None:
    document.documentElement.lang = "zh-CN" if lang == "zh" else "en"
    for element in document.querySelectorAll("[data-i18n]"):
        element.textContent = phrase(element.dataset.i18n, lang)
    for element in document.querySelectorAll("[data-i18n-label]"):
        element.setAttribute("aria-label", phrase(element.dataset.i18nLabel, lang))
    copy_word = phrase("x.copy", lang)
    for button in document.querySelectorAll("button[data-copy]"):
        name = _find(_closest(button, ".out"), "dt").textContent
        button.setAttribute("aria-label", f"{copy_word}: {name}")
        button.title = copy_word


# ----------------------------------------------------------------- state: URL and storage


def _storage_get(key: str) -> str | None:
    try:
        value = window.localStorage.getItem(key)
    except JsException:  # storage disabled (private mode, file:// in some browsers)
        return None
    return None if _found(value) is None else str(value)


def _storage_set(key: str, value: str | None) -> None:
    try:
        if value is None:
            window.localStorage.removeItem(key)
        else:
            window.localStorage.setItem(key, value)
    except JsException:
        pass


def _is_default(element: Any) -> bool:
    if element.tagName == "SELECT":
        default = next(
            (o.value for o in element.options if o.defaultSelected), element.options[0].value
        )
        return element.value == default
    return element.value == element.defaultValue


def _collect_state() -> dict[str, str]:
    collected: dict[str, str] = {}
    for name in CARD_GLOBALS:
        if not _is_default(_global(name)):
            collected[name] = _global(name).value
    for scope in document.querySelectorAll("[data-calc], [data-shared]"):
        prefix = scope.getAttribute("data-calc") or scope.getAttribute("data-shared")
        for element in _fields(scope):
            if not _is_default(element) or _closest(element, "[data-row]") is not None:
                collected[f"{prefix}.{element.name}"] = element.value
    for card_id in ROW_CARDS:
        if _rows_are_examples(card_id):  # the built page has them: nothing to save
            rows = _row_keys(card_id, collected)
            collected = {key: value for key, value in collected.items() if key not in rows}
    return collected


#: Browsers refuse history.replaceState past a rate (WebKit: 100 calls in 10 s, Firefox:
#: 200), which a held-down key reaches. Typing saves at once while it has saves in hand:
#: up to SAVE_BURST in a row, refilled at SAVE_RATE a second (at most 80 in any 10 s);
#: past that, the latest state is saved as soon as one is back.
SAVE_BURST = 30
SAVE_RATE = 5.0
_saves_in_hand = float(SAVE_BURST)
_counted_at = 0.0
_trailing_save: Any = None


def _save_state() -> None:
    encoded = state.encode(_collect_state())
    window.history.replaceState(None, "", f"#{encoded}" if encoded else window.location.pathname)
    _storage_set(STATE_KEY, encoded or None)


def _save_soon() -> None:
    """Save now if the rate allows, else once it does (reading the fields as they are then)."""
    global _saves_in_hand, _counted_at, _trailing_save
    if _trailing_save is not None:
        return
    now = float(window.performance.now())
    _saves_in_hand = min(SAVE_BURST, _saves_in_hand + (now - _counted_at) / 1000 * SAVE_RATE)
    _counted_at = now
    if _saves_in_hand >= 1:
        _saves_in_hand -= 1
        _save_state()
        return

    def save_due() -> None:
        global _trailing_save
        _trailing_save = None
        _save_soon()

    _trailing_save = create_once_callable(save_due)
    window.setTimeout(_trailing_save, (1 - _saves_in_hand) / SAVE_RATE * 1000)


def _restore_state(saved: dict[str, str]) -> None:
    """Put saved values into the fields that still hold their built-in value.

    A field someone already edited (typed into before Python was ready) keeps its text.
    """
    for name in CARD_GLOBALS:
        if name in saved and _is_default(_global(name)):
            _set_value(_global(name), saved[name])
    for card_id in ROW_CARDS:
        if _row_keys(card_id, saved) and _rows_are_examples(card_id):
            _set_rows(card_id, saved)
    for scope in document.querySelectorAll("[data-calc], [data-shared]"):
        prefix = scope.getAttribute("data-calc") or scope.getAttribute("data-shared")
        for element in _fields(scope):
            key = f"{prefix}.{element.name}"
            if key in saved and _is_default(element):
                _set_value(element, saved[key])


def _set_value(element: Any, value: str) -> None:
    if element.tagName == "SELECT":
        if any(option.value == value for option in element.options):
            element.value = value
    else:
        element.value = value


# ----------------------------------------------------------------- repeating rows


def _card(card_id: str) -> Any:
    return _find(document, f'[data-calc="{card_id}"]')


def _rows_container(card_id: str) -> Any:
    return _find(_card(card_id), "[data-rows]")


def _rows(card_id: str) -> list[Any]:
    return list(_rows_container(card_id).querySelectorAll("[data-row]"))


def _row_keys(card_id: str, saved: dict[str, str]) -> list[str]:
    """The saved keys of a card's row cells (``average.price_3``), not of its other fields."""
    columns = CALCULATORS[card_id].columns
    return [
        key
        for key in saved
        if key.startswith(f"{card_id}.")
        and key[-1].isdigit()
        and key.removeprefix(f"{card_id}.").rsplit("_", 1)[0] in columns
    ]


def _rows_are_examples(card_id: str) -> bool:
    """The card still shows its example rows, as built, untouched."""
    rows = _rows(card_id)
    examples = [str(index) for index in range(len(CALCULATORS[card_id].row_defaults))]
    return [row.dataset.row for row in rows] == examples and all(
        _is_default(element) for row in rows for element in _fields(row)
    )


def _number_row(row: Any, card_id: str, index: int) -> None:
    """Name a row's cells, error slots and results after its index (``entry_3``)."""
    row.dataset.row = str(index)
    for element in _fields(row):
        column = element.name.rsplit("_", 1)[0]
        element.name = f"{column}_{index}"
        describer = f"e-{card_id}-{column}-{index}".replace("_", "-")
        element.setAttribute("aria-describedby", describer)
        slot = _find(_closest(element, ".field"), "[data-error-for]")
        slot.id = describer
        slot.dataset.errorFor = element.name
    for output in row.querySelectorAll("[data-out]"):
        output.dataset.out = f"{output.dataset.out.rsplit('_', 1)[0]}_{index}"


def _clear_row(row: Any, values: dict[str, str]) -> None:
    """Put ``values`` (by column) in a row's cells: an empty text, or a choice's default."""
    for element in _fields(row):
        column = element.name.rsplit("_", 1)[0]
        if element.tagName == "SELECT":
            for option in element.options:
                option.selected = option.defaultSelected
            if column in values:
                _set_value(element, values[column])
        else:
            element.value = values.get(column, "")
        element.removeAttribute("aria-invalid")
    for slot in row.querySelectorAll("[data-error-for]"):
        slot.textContent = ""
    for output in row.querySelectorAll("[data-out]"):
        output.textContent = "—"
        output.hidden = True


def _add_row(card_id: str, values: dict[str, str] | None = None) -> Any:
    """A new row at the end of the card's rows (empty unless ``values`` says), at most MAX_ROWS."""
    rows = _rows(card_id)
    if len(rows) >= MAX_ROWS:
        return rows[-1]
    index = max(int(row.dataset.row) for row in rows) + 1
    row = rows[0].cloneNode(True)
    _number_row(row, card_id, index)
    for element in _fields(row):
        if element.tagName != "SELECT":
            element.defaultValue = ""  # only the example rows have a built-in value
        element.removeAttribute("data-inverse-value")
    _clear_row(row, values or {})
    _rows_container(card_id).appendChild(row)
    return row


def _set_rows(card_id: str, saved: dict[str, str]) -> None:
    """Make the card's rows those ``saved`` holds (``average.price_3``...), in index order."""
    cells: dict[int, dict[str, str]] = {}
    for key in _row_keys(card_id, saved):
        column, _, index = key.removeprefix(f"{card_id}.").rpartition("_")
        cells.setdefault(int(index), {})[column] = saved[key]
    rows = _rows(card_id)
    for row in rows[1:]:
        row.remove()
    first = rows[0]
    _number_row(first, card_id, 0)
    ordered = [cells[index] for index in sorted(cells)][:MAX_ROWS] or [{}]
    _clear_row(first, ordered[0])
    for values in ordered[1:]:
        _add_row(card_id, values)


#: Each row card's example rows as the page was built, kept by :func:`start` for Reset.
_EXAMPLES: dict[str, list[Any]] = {}


def _restore_examples(card_id: str) -> None:
    """Put back the card's example rows as built (their values follow the contract kind)."""
    container = _rows_container(card_id)
    for row in _rows(card_id):
        row.remove()
    for example in _EXAMPLES[card_id]:
        row = example.cloneNode(True)
        for element in _fields(row):
            if element.tagName == "SELECT":
                for option in element.options:
                    option.selected = option.defaultSelected
            else:
                element.value = element.defaultValue
        container.appendChild(row)


def _remove_row(button: Any) -> None:
    """Remove a row; the last one is emptied instead (an empty list: no fills, no positions)."""
    card = _closest(button, "[data-calc]")
    card_id = card.dataset.calc
    row = _closest(button, "[data-row]")
    if len(_rows(card_id)) > 1:
        row.remove()
    else:
        _clear_row(row, {})
        _notify("x.row_kept")
    _find(_rows_container(card_id), "input").focus()
    _show(card)
    _save_state()


# ----------------------------------------------------------------- contract kind


def _switch_defaults(kind: str) -> None:
    """Swap example values sized for the other contract kind (10,000 USDT is not 10,000 BTC).

    A field with ``data-inverse-value`` holds its linear example as its default; a value
    the person changed is left alone.
    """
    for element in document.querySelectorAll("[data-inverse-value]"):
        linear, inverse = element.defaultValue, element.getAttribute("data-inverse-value")
        old, new = (linear, inverse) if kind == "inverse" else (inverse, linear)
        if element.value == old:
            element.value = new


# ----------------------------------------------------------------- events


def _on_input(event: Any) -> None:
    target = event.target
    if _closest(target, "[data-global]") is not None:
        if target.name == "kind":
            _switch_defaults(target.value)
        if target.name in CARD_GLOBALS:
            _apply_exchange()  # a new contract has its own tiers
        if target.name == "lang":
            _storage_set(LANG_KEY, target.value)
            _apply_language(_lang())
        _show_all()
    elif _closest(target, "[data-shared]") is not None:
        for card in _closest(target, ".group").querySelectorAll("[data-calc]"):
            _show(card)
    else:
        card = _closest(target, "[data-calc]")
        if card is None:
            return
        if target.name == "brackets":
            _read_pasted_tiers(target)
        _show(card)
    _save_soon()


_pending: set[asyncio.Future[None]] = set()


async def _write_clipboard(text: str, done_key: str) -> None:
    try:
        await window.navigator.clipboard.writeText(text)
    except Exception:  # permission refused or no clipboard: say so, never log
        _notify("x.copy_failed")
    else:
        _notify(done_key)


def _copy(text: str, done_key: str = "x.copied") -> None:
    task = asyncio.ensure_future(_write_clipboard(text, done_key))
    _pending.add(task)
    task.add_done_callback(_pending.discard)


def _reset() -> None:
    _storage_set(STATE_KEY, None)
    for element in document.querySelectorAll(FIELDS):
        if element.name == "lang":
            continue
        if element.tagName == "SELECT":
            for option in element.options:
                option.selected = option.defaultSelected
        else:
            element.value = element.defaultValue
    for card_id in ROW_CARDS:
        _restore_examples(card_id)
    _show_all()
    _save_state()
    _notify("x.reset_done")


def _on_click(event: Any) -> None:
    button = _closest(event.target, "button")
    if button is None:
        return
    if button.hasAttribute("data-copy"):
        output = _find(_closest(button, ".out"), "output")
        _copy(output.textContent)
    elif button.hasAttribute("data-add-row"):
        card = _closest(button, "[data-calc]")
        _find(_add_row(card.dataset.calc), "input").focus()
    elif button.hasAttribute("data-remove-row"):
        _remove_row(button)
    elif button.getAttribute("data-action") == "share":
        _save_state()
        _copy(str(window.location.href), "x.link_copied")
    elif button.getAttribute("data-action") == "reset":
        _reset()


def _edited_before_ready() -> list[Any]:
    """The cards whose fields differ from what the page was built with, as typed so far.

    Before Python is ready a person may already have typed (static/type-ahead.js marks
    those cards pending); a change in the toolbar or the shared assumptions counts for
    every card that reads it.
    """
    if not all(_is_default(_global(name)) for name in CARD_GLOBALS):
        return _cards()
    edited = []
    for card in _cards():
        group = _closest(card, ".group")
        shared = _find(group, "[data-shared]") if group is not None else None
        scopes = [card] if shared is None else [card, shared]
        if card.hasAttribute("data-pending") or not all(
            _is_default(element) for scope in scopes for element in _fields(scope)
        ):
            edited.append(card)
    return edited


def start() -> None:
    """Restore the saved state, compute what differs from the built page, listen, mark ready.

    What a person typed while Python loaded wins over the saved state, field by field,
    and every card it touches is recomputed, so no card shows a result that contradicts
    its inputs.
    """
    for card_id in ROW_CARDS:
        _EXAMPLES[card_id] = [row.cloneNode(True) for row in _rows(card_id)]
    chosen_lang = _global("lang").value if not _is_default(_global("lang")) else None
    typed_kind = None if _is_default(_global("kind")) else _global("kind").value
    typed_exchange = not _is_default(_global("exchange"))
    saved = state.decode(str(window.location.hash)) or state.decode(_storage_get(STATE_KEY) or "")
    _restore_state(saved)
    if typed_kind is not None:
        _switch_defaults(typed_kind)
    if typed_exchange:
        _apply_exchange()
    browser_lang = str(_found(window.navigator.language) or "")
    lang = (
        chosen_lang
        or _storage_get(LANG_KEY)
        or ("zh" if browser_lang.lower().startswith("zh") else "en")
    )
    _global("lang").value = "zh" if lang == "zh" else "en"
    if chosen_lang is not None:
        _storage_set(LANG_KEY, _lang())
    # The built page already shows every text in English and every result for the default
    # inputs (the build ran this same code): translate and recompute only what differs.
    if _lang() != "en":
        _apply_language(_lang())
    edited = _edited_before_ready()
    if saved or _lang() != "en" or len(edited) == len(_cards()):
        _show_all()
    else:
        for card in edited:
            _show(card)
    for card in document.querySelectorAll("[data-pending]"):
        card.removeAttribute("data-pending")
        _find(card, "[data-pending-note]").hidden = True
    if edited:
        _save_state()
    document.addEventListener("input", create_proxy(_on_input))
    document.addEventListener("click", create_proxy(_on_click))
    document.documentElement.setAttribute("data-py-ready", "true")
