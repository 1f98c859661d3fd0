"""Every calculator in Chromium, Firefox and WebKit computes what CPython computes.

The expected texts come from ``app.calculators.run`` on CPython, the same code the page
runs in Pyodide, fed the field values read from the page in that engine: no number is
typed twice. Each engine loads the page once for this module (WebKitGTK needs about 50 s
to start Pyodide on a busy 2-core machine); the tests change fields and put them back.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from app.calculators import CALCULATORS, run
from app.i18n import message

from tests.cross.engines import Engine
from tests.cross.inputs import INPUTS

#: Per card: the named fields outside every card (page-wide ones such as the contract kind,
#: and shared assumptions), the card's own fields, its outputs and its field messages.
SNAPSHOT = """() => {
  const value = (e) => e.value;
  const outside = {};
  for (const e of document.querySelectorAll('input[name], select[name], textarea[name]')) {
    if (!e.closest('[data-calc]')) (outside[e.name] = outside[e.name] || []).push(value(e));
  }
  const cards = {};
  for (const card of document.querySelectorAll('section[data-calc]')) {
    const fields = {}, outputs = {}, errors = {}, invalid = [];
    for (const e of card.querySelectorAll('input[name], select[name], textarea[name]')) {
      fields[e.name] = value(e);
      if (e.getAttribute('aria-invalid') === 'true') invalid.push(e.name);
    }
    for (const o of card.querySelectorAll('[data-out]')) {
      outputs[o.dataset.out] = {tag: o.tagName, text: o.textContent,
                                markup: o.hasAttribute('data-markup'),
                                closed: !!o.closest('details:not([open])'),
                                drawn: o.children.length > 0};
    }
    for (const s of card.querySelectorAll('[data-error-for]')) {
      if (s.textContent) errors[s.dataset.errorFor] = s.textContent;
    }
    cards[card.dataset.calc] = {fields, outputs, errors, invalid};
  }
  const lang = document.querySelector('select[name=lang]').value;
  return {outside, cards, lang};
}"""

#: Set a card's field (or, if the card has none of that name, the page-wide or shared field
#: outside every card) and dispatch the events a person's edit fires.
FILL = """([card, name, text]) => {
  const named = `[name="${name}"]`;
  const element = (card && document.querySelector(`section[data-calc="${card}"] ${named}`))
    || [...document.querySelectorAll(named)].find((e) => !e.closest('[data-calc]'));
  element.value = text;
  element.dispatchEvent(new Event('input', {bubbles: true}));
  element.dispatchEvent(new Event('change', {bubbles: true}));
}"""

#: A value no numeric field accepts.
GARBAGE = "1,2,3abc"


def field_selector(card: str, name: str) -> str:
    return f'section[data-calc="{card}"] [name="{name}"]'


def expected_for(snapshot: dict[str, Any], card: str) -> tuple[dict[str, str], dict[str, str]]:
    """What CPython shows for this card given the page's fields: (outputs, messages)."""
    lang = "zh" if snapshot["lang"] == "zh" else "en"
    raw: dict[str, str] = {}
    for name, values in snapshot["outside"].items():
        if name in {spec.name for spec in CALCULATORS[card].fields}:
            assert len(values) == 1, f"{name} is outside every card more than once"
            raw[name] = values[0]
    raw.update(snapshot["cards"][card]["fields"])
    outcome = run(card, raw, lang)
    messages = {name: message(error, lang) for name, error in outcome.errors.items()}
    return outcome.outputs, messages


def mismatches(snapshot: dict[str, Any], cards: list[str] | None = None) -> list[str]:
    """Where the page in this engine differs from CPython: outputs, messages, invalid marks."""
    found = []
    for card in cards or list(snapshot["cards"]):
        shown = snapshot["cards"][card]
        outputs, messages = expected_for(snapshot, card)
        for name, out in shown["outputs"].items():
            want = outputs.get(name, "")
            if out["markup"] and out["closed"]:  # drawn only once its disclosure opens
                continue
            if out["markup"]:  # SVG and MathML serialize differently per engine: their presence
                if out["drawn"] != bool(want):
                    found.append(f"{card}.{name}: drawn {out['drawn']}, expected {bool(want)}")
                continue
            if out["tag"] == "OUTPUT":
                want = want or "—"
            if out["text"] != want:
                found.append(f"{card}.{name}: {out['text']!r} != CPython {want!r}")
        on_fields = {name: text for name, text in messages.items() if name in shown["fields"]}
        shown_errors = {k: v for k, v in shown["errors"].items() if k in shown["fields"]}
        if shown_errors != on_fields:
            found.append(f"{card} messages: {shown_errors} != CPython {on_fields}")
        if set(shown["invalid"]) != set(on_fields):
            found.append(f"{card} aria-invalid: {sorted(shown['invalid'])} != {sorted(on_fields)}")
    return found


@pytest.fixture(scope="module")
def loaded(engine: Engine, base_url: str) -> Engine:
    """The served page, ready: Python has started in this engine."""
    engine.open(base_url + "/")
    engine.wait_ready()
    return engine


@pytest.fixture
def page(loaded: Engine, guarded: Engine) -> Engine:
    """The loaded page in its default state; checked for problems after the test."""
    return loaded


def snapshot(engine: Engine) -> dict[str, Any]:
    """What the page shows once Python has answered every change (Python is in a worker)."""
    engine.wait_for("() => !document.documentElement.hasAttribute('data-py-busy')")
    return engine.evaluate(SNAPSHOT)  # type: ignore[no-any-return]


def fill(engine: Engine, card: str | None, name: str, text: str) -> None:
    engine.evaluate(FILL, [card, name, text])


def select_global(engine: Engine, name: str, value: str) -> None:
    fill(engine, None, name, value)


def field_values(state: dict[str, Any], card: str) -> dict[str, str]:
    """The card's fields, and the single fields outside every card (kind, shared ones)."""
    outside = {name: values[0] for name, values in state["outside"].items() if len(values) == 1}
    return {**outside, **state["cards"][card]["fields"]}


def test_page_is_ready_and_shows_what_cpython_computes(page: Engine) -> None:
    """html[data-py-ready] is set and every card's defaults are CPython's."""
    state = snapshot(page)
    assert len(state["cards"]) == len(CALCULATORS), sorted(state["cards"])
    assert not mismatches(state)


@pytest.mark.parametrize("kind", ["inverse", "linear"])
def test_every_calculator_computes_in_this_engine(page: Engine, kind: str) -> None:
    """Switching the contract kind recomputes every card here, in Pyodide; all match CPython."""
    select_global(page, "kind", "inverse" if kind == "linear" else "linear")
    select_global(page, "kind", kind)  # the page's handler runs during the dispatch
    assert not mismatches(snapshot(page))


@pytest.mark.parametrize("card", sorted(INPUTS))
def test_inputs_compute_as_on_cpython(page: Engine, card: str) -> None:
    """Each set of inputs gives CPython's outputs for the card; the fields are put back."""
    before = field_values(snapshot(page), card)
    problems = []
    for case in INPUTS[card]:
        for name, text in case.items():
            assert name in before, f"{card} has no field {name}"
            fill(page, card, name, text)
        problems += [f"{case}: {m}" for m in mismatches(snapshot(page), [card])]
        for name in case:
            fill(page, card, name, before[name])
    assert not problems, "\n".join(problems)
    assert not mismatches(snapshot(page), [card])


def test_chinese_outputs_and_messages_match(page: Engine) -> None:
    """In Chinese every card's outputs and a field message are CPython's Chinese texts."""
    select_global(page, "lang", "zh")
    try:
        page.wait_for("() => document.documentElement.lang === 'zh-CN'", timeout=60)
        fill(page, "liquidation_move", "leverage", "0")
        state = snapshot(page)
        assert state["cards"]["liquidation_move"]["errors"].get("leverage")
        assert not mismatches(state)
    finally:
        fill(page, "liquidation_move", "leverage", "20")
        select_global(page, "lang", "en")
        page.wait_for("() => document.documentElement.lang === 'en'", timeout=60)


@pytest.mark.parametrize("card", sorted(INPUTS))
def test_bad_input_shows_its_message_at_that_field(page: Engine, card: str) -> None:
    """Garbage in each numeric field of a card: CPython's message at that field, nowhere else."""
    fields = snapshot(page)["cards"][card]["fields"]  # its own: shared ones show elsewhere
    calculator = CALCULATORS[card]
    numeric = [
        name
        for spec in (*calculator.fields, *calculator.rows)
        if spec.kind in {"number", "percent"}
        for name in fields
        if name == spec.name
        or (spec in calculator.rows and re.fullmatch(rf"{spec.name}_\d+", name))
    ]
    assert numeric
    problems = []
    for name in numeric:
        fill(page, card, name, GARBAGE)
        state = snapshot(page)
        shown = state["cards"][card]
        if name not in shown["invalid"] or not shown["errors"].get(name):
            problems.append(f"{card}.{name}: no message shown for {GARBAGE!r}")
        problems += mismatches(state, [card])
        fill(page, card, name, fields[name])
    problems += mismatches(snapshot(page), [card])
    assert not problems, "\n".join(problems)


def test_typing_with_the_keyboard_recomputes(page: Engine) -> None:
    """Trusted key presses (not a scripted event) reach Python and recompute the card."""
    selector = field_selector("liquidation_move", "leverage")
    page.type_text(selector, "25")
    page.wait_for("(s) => document.querySelector(s).value === '25'", selector, timeout=60)
    state = snapshot(page)
    assert state["cards"]["liquidation_move"]["fields"]["leverage"] == "25"
    assert not mismatches(state, ["liquidation_move"])
    fill(page, "liquidation_move", "leverage", "20")


#: Edits in one burst, as a held-down key's autorepeat sends them (30 a second for 5 s).
BURST = """(n) => {
  const element = document.querySelector('section[data-calc="liquidation_move"] [name="leverage"]');
  for (let i = 0; i < n; i++) {
    element.value = String(10 + (i % 10));
    element.dispatchEvent(new Event('input', {bubbles: true}));
  }
  element.value = '20';
  element.dispatchEvent(new Event('input', {bubbles: true}));
}"""


def test_fast_edits_never_log_an_error(loaded: Engine) -> None:
    """150 edits in a burst (a held key) log no error: the page's saves are rate-limited
    (static/page.js: SAVE_BURST, SAVE_RATE) under every engine's history.replaceState limit."""
    loaded.problems()
    loaded.evaluate(BURST, 150)
    problems = loaded.problems()
    assert not problems, "\n".join(problems[:2]) + f"\n({len(problems)} problems)"
    assert not mismatches(snapshot(loaded), ["liquidation_move"])
