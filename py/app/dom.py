"""The only code that touches the page: read a card's fields, run it, write results and errors.

Every card is a ``<section data-calc="ID">`` whose inputs are named after the arguments
of :data:`app.calculators.CALCULATORS[ID]`; each output is an ``<output name=...>``
and each field's message goes in ``<small data-error-for=NAME>``.
"""

from __future__ import annotations

from typing import Any

from pyodide.ffi import create_proxy
from pyscript import document

from .calculators import CALCULATORS, run


def _raw_values(card: Any) -> dict[str, str]:
    return {element.name: element.value for element in card.querySelectorAll("input[name]")}


def _show(card: Any, calculator_id: str) -> None:
    outcome = run(calculator_id, _raw_values(card))
    for element in card.querySelectorAll("input[name]"):
        error = outcome.errors.get(element.name)
        message = card.querySelector(f'[data-error-for="{element.name}"]')
        if error is None:
            element.removeAttribute("aria-invalid")
            message.textContent = ""
        else:
            element.setAttribute("aria-invalid", "true")
            message.textContent = error.message
    for output in card.querySelectorAll("output[name]"):
        output.textContent = outcome.outputs.get(output.name, "—")
    card.classList.toggle("has-error", bool(outcome.errors))


def _on_input(event: Any) -> None:
    card = event.target.closest("[data-calc]")
    if card is not None:
        _show(card, card.dataset.calc)


def start() -> None:
    """Compute every card once, listen for edits, and mark the page ready for people and tests."""
    for card in document.querySelectorAll("[data-calc]"):
        if card.dataset.calc in CALCULATORS:
            _show(card, card.dataset.calc)
    document.addEventListener("input", create_proxy(_on_input))
    document.documentElement.setAttribute("data-py-ready", "true")
