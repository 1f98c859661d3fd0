"""How the page arranges its cards: sections in order, the cards in each, the navigation.

Pure data read by the build (``scripts/build.py`` renders ``index.html`` from it and from
each card's declaration in :data:`app.calculators.CALCULATORS`). This module only orders the
cards :mod:`app.cards` finds; a registered card missing here fails
``tests/unit/site/test_page_build.py``, it does not vanish from the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cards import guide
from .spec import Field


@dataclass(frozen=True)
class Group:
    """A section of the page: its heading's catalogue key, its cards, and the fields they share.

    ``shared`` fields are shown once above the cards and read by every card that names
    them; ``nav_cards`` lists each card in the navigation instead of the section.
    """

    id: str
    title: str
    cards: tuple[str, ...]
    note: str = ""
    shared: tuple[Field, ...] = ()
    nav_cards: bool = False


GROUPS: tuple[Group, ...] = (
    Group(
        "rules",
        "h.rules",
        tuple(guide.CALCULATORS),
        note="n.rules",
        shared=guide.SHARED,
    ),
    Group(
        "calculators",
        "h.calculators",
        ("pnl", "target", "liquidation", "risk", "average", "max_open", "account", "compare"),
        nav_cards=True,
    ),
)


def placed_cards() -> tuple[str, ...]:
    """Every card id the page shows, in page order.

    >>> placed_cards()[0]
    'target_change'
    """
    return tuple(card for group in GROUPS for card in group.cards)


def navigation() -> tuple[tuple[str, str], ...]:
    """The navigation's (anchor, catalogue key) pairs: a section, or each of its cards.

    >>> navigation()[:2]
    (('rules', 'nav.rules'), ('pnl', 'nav.pnl'))
    """
    links: list[tuple[str, str]] = []
    for group in GROUPS:
        anchors = group.cards if group.nav_cards else (group.id,)
        links.extend((anchor, f"nav.{anchor}") for anchor in anchors)
    return tuple(links)
