"""The cross-engine inputs cover every registered card, each with fields the page shows it."""

from __future__ import annotations

import pytest
from app.calculators import CALCULATORS, run
from app.layout import GROUPS

from scripts.build import card_defaults
from tests.cross.inputs import INPUTS

PLACED = [(group, card) for group in GROUPS for card in group.cards]


def test_every_registered_card_has_inputs() -> None:
    assert sorted(INPUTS) == sorted(CALCULATORS)
    assert all(INPUTS.values())


@pytest.mark.parametrize(("group", "card"), PLACED, ids=[card for _, card in PLACED])
def test_each_case_sets_fields_the_card_shows_and_changes_what_it_computes(group, card) -> None:
    defaults = card_defaults(card, group)
    before = run(card, defaults)
    for case in INPUTS[card]:
        assert set(case) <= set(defaults), case
        assert any(defaults[name] != text for name, text in case.items()), case
        after = run(card, {**defaults, **case})
        changed = after.outputs != before.outputs or after.errors != before.errors
        assert changed, case
